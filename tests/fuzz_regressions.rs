//! Replays every input the fuzzers (fuzz/) once crashed on, as the fuzz targets run them: each
//! file under tests/fuzz_regressions/TARGET/ must load (or be refused) without a panic.

use std::path::{Path, PathBuf};

mod common;

use common::copy_dir;
use frontline::Atlas;
use frontline::dataset::{DataSource, Dataset};

/// The files of the mini dataset, in the order the `dataset` target's first byte picks them.
const FILES: [&str; 7] = [
    "dataset.toml",
    "places.geojson",
    "theatre.geojson",
    "frontline.geojson",
    "layers/countries.geojson",
    "events.csv",
    "areas.geojson",
];

fn cases(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|e| e.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files
}

fn load_with(file: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mini");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"), &data);
    std::fs::write(data.join(file), bytes).unwrap();
    if let Ok(dataset) = Dataset::load(&DataSource::Dir(data)) {
        let _ = Atlas::new(dataset);
    }
}

#[test]
fn dataset_crashes_stay_fixed() {
    for case in cases("dataset") {
        let bytes = std::fs::read(&case).unwrap();
        let Some((&selector, rest)) = bytes.split_first() else { continue };
        load_with(FILES[selector as usize % FILES.len()], rest);
    }
}

#[test]
fn events_csv_crashes_stay_fixed() {
    for case in cases("events_csv") {
        load_with("events.csv", &std::fs::read(&case).unwrap());
    }
}

#[test]
fn theme_toml_crashes_stay_fixed() {
    for case in cases("theme_toml") {
        if let Ok(text) = String::from_utf8(std::fs::read(&case).unwrap()) {
            let _ = frontline::scene::Theme::from_toml(&text);
        }
    }
}
