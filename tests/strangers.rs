//! What two testers found building datasets of other wars (Kharkiv 2022, Georgia 2008) as
//! strangers to the project would: each test is named after what broke, on a copy of the mini
//! dataset (or the embedded one) with the tester's mistake made again.

mod common;

use common::{assert_fails, assert_fails_writing_nothing, copy_mini_dataset, edit_file, frontline, stderr, stdout};

const HEADER: &str = "date,kind,place,lon,lat,side,status,title,sources,note";

#[test]
fn crlf_line_ends_with_or_without_bom_give_the_files_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let events = std::fs::read_to_string(data.join("events.csv")).unwrap();
    let rows = events.lines().count();
    let bad = "2020-01-03,control,delte,,,blue,claimed,Typo,\"W, 2020-01-03, https://example.org/x\",";
    for (bom, end) in [("", "\n"), ("", "\r\n"), ("\u{feff}", "\r\n")] {
        let text = format!("{bom}{}{end}{bad}{end}", events.lines().collect::<Vec<_>>().join(end));
        std::fs::write(data.join("events.csv"), text).unwrap();
        let expected = format!("events.csv:{}: column \"place\": unknown place \"delte\"", rows + 1);
        assert_fails(&["validate", "--data", "data"], dir.path(), 2, &[&expected]);
    }
}

#[test]
fn validate_names_the_line_of_an_area_event_in_a_crlf_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata").as_path(), &data);
    let events = std::fs::read_to_string(data.join("events.csv")).unwrap();
    let line = events.lines().position(|l| l.contains(",lachin-corridor")).expect("an event sets the corridor") + 1;
    edit_file(&data.join("events.csv"), |text| text.replace('\n', "\r\n"));
    let report = stdout(&frontline(&["validate", "--data", "data"], dir.path()));
    assert!(report.contains(&format!("set by events.csv:{line} ")), "line {line}: {report}");
}

#[test]
fn events_show_the_area_and_the_coordinates_and_their_csv_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let table = stdout(&frontline(&["events", "--date", "2020-11-10"], dir.path()));
    assert!(table.contains(" area "), "an area event names its area: {table}");
    let csv = stdout(&frontline(&["events", "--format", "csv"], dir.path()));
    assert!(csv.starts_with("date,kind,place,lon,lat,side,status,title,sources,note,area,area_name\n"));
    assert!(csv.contains(",45.72,40.18,"), "a point event has its lon/lat");
    let json = stdout(&frontline(&["events", "--format", "json", "--date", "2020-09-29"], dir.path()));
    assert!(json.contains("\"lon\": 45.72") && json.contains("\"area\": \"\""), "{json}");
    // Read back as a dataset's events.csv, it lists the same events.
    let data = dir.path().join("data");
    common::copy_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata").as_path(), &data);
    std::fs::write(data.join("events.csv"), &csv).unwrap();
    let again = frontline(&["events", "--format", "csv", "--data", "data"], dir.path());
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stdout(&again), csv);
}

#[test]
fn an_animations_format_follows_out_and_a_contradiction_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let args = ["animate", "--data", "data", "-q", "--width", "320", "--from", "2020-01-01", "--to", "2020-01-02"];
    let output = frontline(&[&args[..], &["--out", "x.apng"]].concat(), dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(dir.path().join("x.apng")).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.windows(4).any(|w| w == b"acTL"), "an APNG");
    assert_fails_writing_nothing(
        &[&args[..], &["--format", "gif", "--out", "y.apng"]].concat(),
        dir.path(),
        2,
        &["--format gif", "--out y.apng", "APNG"],
    );
    let _ = data;
}

#[test]
fn validate_counts_in_good_english_without_negative_zero_or_unknown_districts() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    std::fs::write(data.join("events.csv"), format!("{HEADER}\n")).unwrap();
    let report = stdout(&frontline(&["validate", "--data", "data"], dir.path()));
    assert!(report.contains("\nevents: 0\n"), "{report}");
    assert!(report.contains(": 0 km2 (0%) set by area events"), "never -0: {report}");
    assert!(!report.contains("(?)"), "{report}");
    let output = frontline(&["render", "--data", "data", "--date", "2020-01-02", "--format", "svg"], dir.path());
    assert!(stderr(&output).contains("wrote 1 file for 1 day to"), "{}", stderr(&output));
    assert_fails(&["render", "--out", "-", "--format", "svg"], dir.path(), 2, &["asked for 66 days in 1 format)"]);
}

#[test]
fn an_empty_events_file_asks_for_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    std::fs::write(data.join("events.csv"), "").unwrap();
    assert_fails(
        &["validate", "--data", "data"],
        dir.path(),
        2,
        &["events.csv:1: file is empty: expected a header line date,kind,place"],
    );
}

#[test]
fn a_missing_layer_file_says_it_is_listed_in_dataset_toml() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    std::fs::remove_file(data.join("layers/countries.geojson")).unwrap();
    assert_fails(
        &["validate", "--data", "data"],
        dir.path(),
        2,
        &[
            "countries.geojson: file not found: it is listed in dataset.toml's [[layers]]",
            "remove its [[layers]] entry",
        ],
    );
}

#[test]
fn an_unknown_side_lists_the_sides() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("events.csv"), |text| text.replacen(",blue,claimed,", ",bleu,claimed,", 1));
    assert_fails(
        &["validate", "--data", "data"],
        dir.path(),
        2,
        &["events.csv:2: column \"side\": unknown side \"bleu\" (expected one of blue, red)"],
    );
}

#[test]
fn focus_takes_a_name_and_relief_on_without_a_grid_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let args = ["render", "--data", "data", "--date", "2020-01-02", "--format", "svg", "--out", "out"];
    let output = frontline(&[&args[..], &["--focus", "ALPHA:20", "--relief", "on"]].concat(), dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("--relief on: the dataset has no relief.json, so no relief is drawn"));
    assert_fails(&[&args[..], &["--focus", "alpah"]].concat(), dir.path(), 2, &["(did you mean \"alpha\"?)"]);
    let _ = data;
}

#[test]
fn the_compact_hint_names_the_dataset_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let day = "2020-01-02";
    let more: String = (0..4)
        .map(|n| format!("{day},strike,echo,,,blue,confirmed,Strike {n},\"W, {day}, https://example.org/{n}\",\n"))
        .collect();
    edit_file(&data.join("events.csv"), |text| text + &more);
    let args = ["render", "--data", "data", "--date", day, "--format", "svg", "--width", "800", "--out", "-"];
    let svg = stdout(&frontline(&args, dir.path()));
    assert!(svg.contains("frontline events --date 2020-01-02 --data data"), "{svg}");
}

#[test]
fn words_prints_a_file_that_validates_as_a_datasets_translation() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    std::fs::create_dir_all(data.join("i18n")).unwrap();
    let out = "data/i18n/ka.toml";
    let output = frontline(&["words", "ka", "--data", "data", "--out", out], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join(out)).unwrap();
    assert!(text.contains("legend = \"Legend\"  # TODO translate"), "{text}");
    assert!(text.contains("# \"Blue claims Delta\" = \"Blue claims Delta\""), "{text}");
    let report = common::validate_ok(&data, dir.path());
    assert!(report.contains("warnings: 0"), "every key is there: {report}");
    // A file with gaps points at the command.
    std::fs::write(dir.path().join(out), "[panel]\nlegend = \"ლეგენდა\"\n").unwrap();
    let report = common::validate_ok(&data, dir.path());
    assert!(report.contains("`frontline words ka`"), "{report}");
    assert!(!report.contains("src/i18n/en.toml"), "{report}");
}
