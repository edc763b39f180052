//! Rebuild when the embedded dataset changes (include_dir cannot tell cargo by itself).
fn main() {
    println!("cargo:rerun-if-changed=geodata");
    for entry in ["geodata/layers", "geodata/src"] {
        println!("cargo:rerun-if-changed={entry}");
    }
    if let Ok(entries) = std::fs::read_dir("geodata") {
        for entry in entries.flatten() {
            println!("cargo:rerun-if-changed={}", entry.path().display());
        }
    }
    if let Ok(entries) = std::fs::read_dir("geodata/layers") {
        for entry in entries.flatten() {
            println!("cargo:rerun-if-changed={}", entry.path().display());
        }
    }
}
