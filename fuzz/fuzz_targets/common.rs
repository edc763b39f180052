//! Shared by the fuzz targets: a copy of tests/fixtures/mini in a temporary folder, one file of
//! which the fuzzer replaces before each load.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The files of the mini dataset, in the order a selector byte picks them.
pub const FILES: [&str; 7] = [
    "dataset.toml",
    "places.geojson",
    "theatre.geojson",
    "frontline.geojson",
    "layers/countries.geojson",
    "events.csv",
    "areas.geojson",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A private copy of the fixture (one per process), restored before each run.
pub fn dataset_dir() -> &'static (tempfile::TempDir, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini");
        let data = dir.path().join("mini");
        copy_dir(&fixture, &data);
        (dir, data)
    })
}

/// Load the fixture with `file` replaced by `bytes`; every outcome but a panic is fine.
pub fn load_with(file: &str, bytes: &[u8]) {
    let (_, data) = dataset_dir();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini");
    for name in FILES {
        // The fixture has no areas.geojson: an optional file, present only when fuzzed.
        if fixture.join(name).exists() {
            std::fs::copy(fixture.join(name), data.join(name)).unwrap();
        } else {
            let _ = std::fs::remove_file(data.join(name));
        }
    }
    std::fs::write(data.join(file), bytes).unwrap();
    if let Ok(dataset) = frontline::dataset::Dataset::load(&frontline::dataset::DataSource::Dir(data.clone())) {
        // The cells are the next step every command takes; they must not panic either.
        let _ = frontline::Atlas::new(dataset);
    }
}
