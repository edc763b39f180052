//! Helpers shared by the integration tests that run the binary.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Run the built binary with `args` in `dir`.
pub fn frontline(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline")).args(args).current_dir(dir).output().expect("run frontline")
}

/// The small test dataset (tests/fixtures/mini).
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Run the binary in `dir`; assert exit `code` and a message naming each of `needles`; return the message.
#[track_caller]
pub fn assert_fails(args: &[&str], dir: &Path, code: i32, needles: &[&str]) -> String {
    let output = frontline(args, dir);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "frontline {args:?}: {message}");
    for needle in needles {
        assert!(message.contains(needle), "frontline {args:?}: the message does not name {needle:?}: {message}");
    }
    message
}

/// [`assert_fails`], and assert nothing was written: `dir` holds the same names after the run as before.
#[track_caller]
pub fn assert_fails_writing_nothing(args: &[&str], dir: &Path, code: i32, needles: &[&str]) -> String {
    let before = files_in(dir);
    let message = assert_fails(args, dir, code, needles);
    assert_eq!(files_in(dir), before, "frontline {args:?} wrote in {}", dir.display());
    message
}

/// The names of the files in `dir`, sorted (empty when it does not exist).
/// Rewrite a file of a copied dataset through `change` (the tests' way of breaking one thing).
pub fn edit_file(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    std::fs::write(path, change(text)).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Run `validate` on `data` in `dir`, expect success and return what it printed.
#[track_caller]
pub fn validate_ok(data: &Path, dir: &Path) -> String {
    let output = frontline(&["validate", "--data", data.to_str().unwrap()], dir);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// A writable copy of the small test dataset under `to`/data.
pub fn copy_mini_dataset(to: &Path) -> PathBuf {
    let data = to.join("data");
    std::fs::create_dir_all(data.join("layers")).unwrap();
    for name in [
        "dataset.toml",
        "places.geojson",
        "theatre.geojson",
        "frontline.geojson",
        "events.csv",
        "layers/countries.geojson",
    ] {
        std::fs::copy(fixture().join(name), data.join(name)).unwrap();
    }
    data
}

/// Replace a dataset's events.csv with the header and `rows`.
pub fn write_events(data: &Path, rows: &[&str]) {
    let mut text = String::from("date,kind,place,lon,lat,side,status,title,sources,note,area\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    std::fs::write(data.join("events.csv"), text).unwrap();
}

/// A copy of a folder and everything under it.
pub fn copy_dir(from: &Path, to: &Path) {
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

/// Is this a CI run (`CI` set to anything but empty, `0` or `false`)?
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Whether a test that needs `tool` can go on: `found`, or, without it, a failure in CI (.ci/run
/// installs every tool the tests need, so a skip there would hide a test that never ran) and
/// elsewhere a message and `false`.
pub fn tool_present(found: bool, tool: &str, install: &str) -> bool {
    if !found {
        assert!(!in_ci(), "{tool} is missing in CI: .ci/run must install it ({install})");
        eprintln!("skipped: {tool} not found ({install})");
    }
    found
}
