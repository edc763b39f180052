//! Bad input of every class (malformed files, wrong file types, bad values, degenerate
//! geometry, hostile text, command-line misuse, output faults): each case asserts the exit
//! code, that the message names the file and the line or feature (or the flag), that nothing
//! panicked, that no file or temporary is left behind, and that a user's file is untouched.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, fixture};

/// What a case does to one file of the mini dataset.
enum Edit {
    /// Replace the whole file.
    Text(String),
    Bytes(Vec<u8>),
    /// Replace the first occurrence of a string (which must be there).
    Replace(&'static str, String),
    /// Append to the end.
    Append(String),
    Remove,
    Folder,
    Fifo,
    /// A symbolic link to this path.
    Link(&'static str),
    /// A sparse file of this many bytes.
    Sized(u64),
}

use Edit::*;

struct Setup {
    _dir: tempfile::TempDir,
    root: PathBuf,
    data: PathBuf,
    out: PathBuf,
}

const USER_FILE: &str = "keep.txt";
const USER_TEXT: &str = "a user's file";

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// A copy of the mini dataset with `edits`, an output folder holding a user's file.
fn setup(edits: Vec<(&str, Edit)>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let data = root.join("data");
    copy_dir(&fixture(), &data);
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(USER_FILE), USER_TEXT).unwrap();
    for (name, edit) in edits {
        let path = data.join(name);
        let original = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        match edit {
            Text(text) => std::fs::write(&path, text).unwrap(),
            Bytes(bytes) => std::fs::write(&path, bytes).unwrap(),
            Replace(from, to) => {
                assert!(original.contains(from), "{name} has no {from:?}");
                std::fs::write(&path, original.replacen(from, &to, 1)).unwrap()
            }
            Append(text) => std::fs::write(&path, original + &text).unwrap(),
            Remove => {}
            Folder => std::fs::create_dir_all(&path).unwrap(),
            Fifo => mkfifo(&path),
            Link(target) => std::os::unix::fs::symlink(target, &path).unwrap(),
            Sized(len) => std::fs::File::create(&path).unwrap().set_len(len).unwrap(),
        }
    }
    Setup { _dir: dir, root, data, out }
}

/// Every file under `dir`, relative, with its kind, for before/after comparisons.
fn tree(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(dir).unwrap().display().to_string();
            if meta.is_dir() {
                stack.push(path);
            }
            found.push(format!("{rel} {:?}", meta.file_type()));
        }
    }
    found.sort();
    found
}

/// Run the binary with a time limit (a hang fails the case instead of the whole suite).
fn run(args: &[String], cwd: &Path) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run frontline");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let err_thread = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("frontline {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned();
    (status.code(), stdout, stderr)
}

/// A case: `args` (with `{data}`, `{out}` and `{root}` replaced), the exit code, and what the
/// message must name.
fn case(name: &str, setup: &Setup, args: &[&str], code: i32, needles: &[&str]) -> String {
    let before_data = tree(&setup.data);
    let before_out = tree(&setup.out);
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("{data}", &setup.data.display().to_string())
                .replace("{out}", &setup.out.display().to_string())
                .replace("{root}", &setup.root.display().to_string())
        })
        .collect();
    let (status, _stdout, stderr) = run(&args, &setup.root);
    let mut failures = Vec::new();
    if status != Some(code) {
        failures.push(format!("exit {status:?}, expected {code}"));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        failures.push("panicked".to_string());
    }
    if code != 0 && !stderr.starts_with("frontline: ") {
        failures.push("message does not start with \"frontline: \"".to_string());
    }
    for needle in needles {
        if !stderr.contains(needle) {
            failures.push(format!("message does not name {needle:?}"));
        }
    }
    if tree(&setup.data) != before_data {
        failures.push(format!("the dataset folder changed: {:?}", tree(&setup.data)));
    }
    let after_out = tree(&setup.out);
    if code != 0 && after_out != before_out {
        failures.push(format!("files left in the output folder: {after_out:?}"));
    }
    if after_out.iter().any(|f| f.contains(".tmp")) {
        failures.push(format!("a temporary is left: {after_out:?}"));
    }
    if std::fs::read_to_string(setup.out.join(USER_FILE)).ok().as_deref() != Some(USER_TEXT) {
        failures.push("the user's file changed".to_string());
    }
    let root_files: Vec<String> = tree(&setup.root).into_iter().filter(|f| f.contains(".tmp")).collect();
    if !root_files.is_empty() {
        failures.push(format!("temporaries left: {root_files:?}"));
    }
    if failures.is_empty() {
        String::new()
    } else {
        format!("{name}: {}\n    stderr: {}\n", failures.join("; "), stderr.trim_end())
    }
}

/// `validate` on the mini dataset with `edits`: exit 2 naming every needle.
fn bad(name: &str, edits: Vec<(&str, Edit)>, needles: &[&str]) -> String {
    let setup = setup(edits);
    case(name, &setup, &["validate", "--data", "{data}"], 2, needles)
}

fn report(failures: Vec<String>, count: &mut usize) {
    *count += failures.len();
    let failed: Vec<String> = failures.into_iter().filter(|f| !f.is_empty()).collect();
    assert!(failed.is_empty(), "{} cases failed:\n{}", failed.len(), failed.concat());
}

fn s(text: &str) -> String {
    text.to_string()
}

const CONTROL_EVENT: &str =
    "2020-01-03,control,bravo,,,blue,claimed,Blue claims Bravo,\"Test Wire, 2020-01-03, https://example.org/x\",\n";

fn event(row: &str) -> Edit {
    Append(format!("{row}\n"))
}

#[test]
fn malformed_files() {
    let mut n = 0;
    report(
        vec![
            bad(
                "toml syntax",
                vec![("dataset.toml", Replace("title = \"Test war\"", s("title = ")))],
                &["dataset.toml:2"],
            ),
            bad("toml unknown key", vec![("dataset.toml", Append(s("\ncolour = 1\n")))], &["dataset.toml:", "colour"]),
            bad(
                "toml not utf-8",
                vec![("dataset.toml", Bytes(b"# x\ntitle = \"\xff\"\n".to_vec()))],
                &["dataset.toml:2", "UTF-8"],
            ),
            bad(
                "places truncated",
                vec![("places.geojson", Text(s("{\"type\":\"FeatureCollection\",\n\"features\":[")))],
                &["places.geojson:2"],
            ),
            bad(
                "places not utf-8",
                vec![("places.geojson", Bytes(b"{\n\n\xc3(}".to_vec()))],
                &["places.geojson:3", "UTF-8"],
            ),
            bad("places empty", vec![("places.geojson", Text(s("")))], &["places.geojson:1"]),
            bad("places an array", vec![("places.geojson", Text(s("[]")))], &["places.geojson", "FeatureCollection"]),
            bad(
                "places a feature",
                vec![("places.geojson", Text(s(r#"{"type":"Feature","geometry":null,"properties":{}}"#)))],
                &["places.geojson", "FeatureCollection"],
            ),
            bad(
                "features not an array",
                vec![("places.geojson", Text(s(r#"{"type":"FeatureCollection","features":{}}"#)))],
                &["places.geojson", "features"],
            ),
            bad(
                "feature not an object",
                vec![("places.geojson", Text(s(r#"{"type":"FeatureCollection","features":[3]}"#)))],
                &["places.geojson: feature 0"],
            ),
            bad(
                "feature properties a list",
                vec![(
                    "places.geojson",
                    Text(s(
                        r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":[1]}]}"#,
                    )),
                )],
                &["places.geojson: feature 0", "properties"],
            ),
            bad("theatre syntax", vec![("theatre.geojson", Text(s("{\"type\":,}")))], &["theatre.geojson:1"]),
            bad(
                "frontline syntax",
                vec![("frontline.geojson", Text(s("{\n\n\"type\" \"x\"}")))],
                &["frontline.geojson:3"],
            ),
            bad("layer syntax", vec![("layers/countries.geojson", Text(s("{]")))], &["countries.geojson:1"]),
            bad("events wrong field count", vec![("events.csv", event("2020-01-03,strike"))], &["events.csv:"]),
            bad(
                "events not utf-8",
                vec![("events.csv", Append(s("2020-01-03,strike,\u{0}")))],
                &["events.csv:", "U+0000"],
            ),
            bad(
                "events bytes not utf-8",
                vec![(
                    "events.csv",
                    Bytes(b"date,kind,place,lon,lat,side,status,title,sources,note\n2020\xff".to_vec()),
                )],
                &["events.csv:2", "UTF-8"],
            ),
            bad(
                "events empty",
                vec![("events.csv", Text(s("")))],
                &["events.csv:1", "file is empty: expected a header line date,kind,"],
            ),
            bad(
                "events header missing a column",
                vec![("events.csv", Text(s("date,kind\n")))],
                &["events.csv:1", "missing column"],
            ),
            bad("events missing", vec![("events.csv", Remove)], &["events.csv", "file not found"]),
            bad("places missing", vec![("places.geojson", Remove)], &["places.geojson", "file not found"]),
            bad("dataset.toml missing", vec![("dataset.toml", Remove)], &["dataset.toml", "file not found"]),
            bad("layer missing", vec![("layers/countries.geojson", Remove)], &["countries.geojson", "file not found"]),
            bad("number too large", vec![("frontline.geojson", Text(s("{\"a\":\n1e400}")))], &["frontline.geojson:2"]),
        ],
        &mut n,
    );
}

#[test]
fn wrong_file_types_and_sizes() {
    let mut n = 0;
    report(
        vec![
            bad("events a folder", vec![("events.csv", Folder)], &["events.csv", "folder"]),
            bad("events a fifo", vec![("events.csv", Fifo)], &["events.csv", "named pipe"]),
            bad("places a fifo", vec![("places.geojson", Fifo)], &["places.geojson", "named pipe"]),
            bad("dataset.toml a fifo", vec![("dataset.toml", Fifo)], &["dataset.toml", "named pipe"]),
            bad("dataset.toml a folder", vec![("dataset.toml", Folder)], &["dataset.toml", "folder"]),
            bad(
                "layer is /dev/zero",
                vec![("layers/countries.geojson", Link("/dev/zero"))],
                &["countries.geojson", "device"],
            ),
            bad("events is /dev/null", vec![("events.csv", Link("/dev/null"))], &["events.csv", "device"]),
            bad("events too large", vec![("events.csv", Sized(300 << 20))], &["events.csv", "limit"]),
            bad("places too large", vec![("places.geojson", Sized(65 << 20))], &["places.geojson", "limit"]),
            bad("dataset.toml too large", vec![("dataset.toml", Sized(2 << 20))], &["dataset.toml", "limit"]),
            bad(
                "theatre with too many positions",
                vec![(
                    "theatre.geojson",
                    Text(format!(
                        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[{}[45.2,40.2]]]}}}}]}}"#,
                        (0..25_000).map(|i| format!("[{},40.2],", 45.2 + i as f64 * 0.00002)).collect::<String>()
                    )),
                )],
                &["theatre.geojson", "limit of 20000"],
            ),
            bad(
                "too many layers",
                vec![(
                    "dataset.toml",
                    Append("\n[[layers]]\nfile = \"layers/countries.geojson\"\nrole = \"countries\"\n".repeat(70)),
                )],
                &["dataset.toml", "limit of 64"],
            ),
            bad(
                "layer outside the folder",
                vec![("dataset.toml", Replace("layers/countries.geojson", s("../x.geojson")))],
                &["dataset.toml", "../x.geojson"],
            ),
            bad(
                "layer absolute path",
                vec![("dataset.toml", Replace("layers/countries.geojson", s("/etc/passwd")))],
                &["dataset.toml", "/etc/passwd"],
            ),
        ],
        &mut n,
    );
}

#[test]
fn bad_values() {
    let mut n = 0;
    let place = |props: &str, geometry: &str| {
        Text(format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{geometry},"properties":{{{props}}}}}]}}"#
        ))
    };
    let point = r#"{"type":"Point","coordinates":[45.5,40.5]}"#;
    let good = r#""id":"alpha","name":{"en":"Alpha"},"kind":"town","side":"red","source":"geonames:1""#;
    report(
        vec![
            bad(
                "two-digit year",
                vec![("dataset.toml", Replace("\"2020-01-01\"", s("\"20-01-01\"")))],
                &["dataset.toml:3", "four-digit year"],
            ),
            bad(
                "last before first",
                vec![("dataset.toml", Replace("2020-01-05", s("2019-01-05")))],
                &["dataset.toml", "before first_day"],
            ),
            bad(
                "span too long",
                vec![("dataset.toml", Replace("2020-01-05", s("2099-01-05")))],
                &["dataset.toml", "limit of 3660 days"],
            ),
            bad(
                "view too narrow",
                vec![("dataset.toml", Replace("east = 46.1", s("east = 44.9000001")))],
                &["dataset.toml", "view"],
            ),
            bad(
                "view inverted",
                vec![("dataset.toml", Replace("east = 46.1", s("east = 44.0")))],
                &["dataset.toml", "view"],
            ),
            bad(
                "bad colour",
                vec![("dataset.toml", Replace("#3c7fb8", s("blue")))],
                &["dataset.toml", "side \"blue\""],
            ),
            bad(
                "side twice",
                vec![("dataset.toml", Replace("id = \"red\"", s("id = \"blue\"")))],
                &["dataset.toml", "defined twice"],
            ),
            bad(
                "unknown beyond_line",
                vec![("dataset.toml", Replace("beyond_line = \"blue\"", s("beyond_line = \"x\"")))],
                &["dataset.toml", "beyond_line"],
            ),
            bad(
                "projection out of range",
                vec![("dataset.toml", Replace("central_meridian = 45.5", s("central_meridian = 500")))],
                &["dataset.toml", "projection"],
            ),
            bad(
                "unknown layer role",
                vec![("dataset.toml", Replace("role = \"countries\"", s("role = \"seas\"")))],
                &["dataset.toml", "unknown role"],
            ),
            bad(
                "always_label unknown",
                vec![("dataset.toml", Replace("[\"alpha\"]", s("[\"zulu\"]")))],
                &["dataset.toml", "zulu"],
            ),
            bad(
                "place id not a slug",
                vec![("places.geojson", place(&good.replace("\"alpha\"", "\"Alpha\""), point))],
                &["places.geojson: feature 0", "slug"],
            ),
            bad(
                "place id twice",
                vec![("places.geojson", Replace("\"id\":\"bravo\"", s("\"id\":\"alpha\"")))],
                &["places.geojson: feature 1", "used by another place"],
            ),
            bad(
                "place without a name in any language",
                vec![("places.geojson", place(&good.replace("{\"en\":\"Alpha\"}", "{\"en_alt\":\"Alpha\"}"), point))],
                &["places.geojson: feature 0", "\"name\"", "language code"],
            ),
            bad(
                "place kind",
                vec![("places.geojson", place(&good.replace("town", "castle"), point))],
                &["places.geojson: feature 0", "castle"],
            ),
            bad(
                "place side",
                vec![("places.geojson", place(&good.replace("\"red\"", "\"green\""), point))],
                &["places.geojson: feature 0", "green"],
            ),
            bad(
                "population negative",
                vec![("places.geojson", place(&format!("{good},\"population\":-3"), point))],
                &["places.geojson"],
            ),
            bad(
                "place a line",
                vec![("places.geojson", place(good, r#"{"type":"LineString","coordinates":[[45,40],[46,41]]}"#))],
                &["places.geojson: feature 0", "Point"],
            ),
            bad(
                "place out of range",
                vec![("places.geojson", place(good, r#"{"type":"Point","coordinates":[200,40]}"#))],
                &["places.geojson: feature 0", "out of range"],
            ),
            bad(
                "place without source",
                vec![("places.geojson", place(&good.replace(",\"source\":\"geonames:1\"", ""), point))],
                &["places.geojson: feature 0", "source"],
            ),
            bad(
                "event two-digit year",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replacen("2020-01-03", "20-01-03", 1)))],
                &["events.csv:", "column \"date\""],
            ),
            bad(
                "event out of span",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replacen("2020-01-03", "2021-01-03", 1)))],
                &["events.csv:", "outside"],
            ),
            bad(
                "event 30 February",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replacen("2020-01-03", "2020-02-30", 1)))],
                &["events.csv:", "not a date"],
            ),
            bad(
                "event kind",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace(",control,", ",battle,")))],
                &["events.csv:", "battle"],
            ),
            bad(
                "event unknown place",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("bravo", "brav")))],
                &["events.csv:", "did you mean \"bravo\""],
            ),
            bad(
                "event lon lat",
                vec![("events.csv", event("2020-01-03,strike,,abc,40,,confirmed,T,\"W, 2020-01-03, https://x.org\","))],
                &["events.csv:", "\"lon\""],
            ),
            bad(
                "event side",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace(",blue,", ",green,")))],
                &["events.csv:", "green"],
            ),
            bad(
                "event status",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("claimed", "rumoured")))],
                &["events.csv:", "rumoured"],
            ),
            bad(
                "control without place",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("bravo", "")))],
                &["events.csv:", "needs a place"],
            ),
            bad(
                "control without side",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace(",blue,", ",,")))],
                &["events.csv:", "needs the side"],
            ),
            bad(
                "event without title",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Blue claims Bravo", "")))],
                &["events.csv:", "title"],
            ),
            bad(
                "event without sources",
                vec![("events.csv", event("2020-01-03,strike,bravo,,,,confirmed,T,,"))],
                &["events.csv:", "at least one source"],
            ),
            bad(
                "source two-digit year",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Wire, 2020-01-03", "Wire, 20-01-03")))],
                &["events.csv:", "not a date"],
            ),
            bad(
                "source without url",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace(", https://example.org/x", "")))],
                &["events.csv:", "URL"],
            ),
            bad(
                "frontline without kind",
                vec![(
                    "frontline.geojson",
                    Text(s(
                        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"l"},"geometry":{"type":"LineString","coordinates":[[45,40],[46,41]]}}]}"#,
                    )),
                )],
                &["frontline.geojson: feature 0", "kind"],
            ),
            bad(
                "frontline bad kind",
                vec![(
                    "frontline.geojson",
                    Text(s(
                        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"l","kind":"river"},"geometry":{"type":"LineString","coordinates":[[45,40],[46,41]]}}]}"#,
                    )),
                )],
                &["frontline.geojson: feature 0", "river"],
            ),
            bad(
                "theatre a point",
                vec![(
                    "theatre.geojson",
                    Text(s(
                        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[45,40]}}]}"#,
                    )),
                )],
                &["theatre.geojson: feature 0", "Polygon"],
            ),
            bad(
                "theatre empty",
                vec![("theatre.geojson", Text(s(r#"{"type":"FeatureCollection","features":[]}"#)))],
                &["theatre.geojson", "at least one polygon"],
            ),
        ],
        &mut n,
    );
}

fn geometry_file(geometry: &str) -> Edit {
    Text(format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"g","kind":"line_of_contact"}},"geometry":{geometry}}}]}}"#
    ))
}

#[test]
fn degenerate_geometry() {
    let mut n = 0;
    let files = ["frontline.geojson", "theatre.geojson", "layers/countries.geojson", "places.geojson"];
    let shapes = [
        ("short position in a line", r#"{"type":"LineString","coordinates":[[45.8],[46,40]]}"#),
        ("empty position", r#"{"type":"LineString","coordinates":[[],[46,40]]}"#),
        ("empty ring position", r#"{"type":"Polygon","coordinates":[[[]]]}"#),
        ("four numbers", r#"{"type":"Point","coordinates":[45,40,1,2]}"#),
        ("string number", r#"{"type":"Point","coordinates":["45",40]}"#),
        ("wrong nesting", r#"{"type":"MultiPolygon","coordinates":[[[45,40]]]}"#),
        ("unknown type", r#"{"type":"Circle","coordinates":[45,40]}"#),
        ("no coordinates", r#"{"type":"Polygon"}"#),
        ("null coordinates", r#"{"type":"LineString","coordinates":null}"#),
        (
            "collection with a short position",
            r#"{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[45,40],[1]]}]}"#,
        ),
    ];
    let mut failures = Vec::new();
    for (shape, geometry) in shapes {
        for file in files {
            // Each shape in two of the four files (rotating), to keep the suite fast.
            if (shape.len() + file.len()) % 2 == 0 {
                continue;
            }
            failures.push(bad(
                &format!("{shape} in {file}"),
                vec![(file, geometry_file(geometry))],
                &[&file.replace("layers/", ""), "feature 0"],
            ));
        }
    }
    // Degenerate but well-formed: must not panic, any of exit 0 or 2.
    for (name, edits) in [
        (
            "all places at one point",
            vec![(
                "places.geojson",
                Text(
                    std::fs::read_to_string(fixture().join("places.geojson"))
                        .unwrap()
                        .split("\"coordinates\":[")
                        .enumerate()
                        .map(|(i, part)| {
                            if i == 0 {
                                part.to_string()
                            } else {
                                format!("45.5,40.5{}", &part[part.find(']').unwrap()..])
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\"coordinates\":["),
                ),
            )],
        ),
        (
            "zero-area theatre",
            vec![(
                "theatre.geojson",
                Text(s(
                    r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[45.5,40.5],[45.5,40.5],[45.5,40.5],[45.5,40.5]]]}}]}"#,
                )),
            )],
        ),
        (
            "bow-tie theatre",
            vec![(
                "theatre.geojson",
                Text(s(
                    r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[45.2,40.2],[45.8,40.8],[45.8,40.2],[45.2,40.8],[45.2,40.2]]]}}]}"#,
                )),
            )],
        ),
        (
            "one-point line of contact",
            vec![("frontline.geojson", geometry_file(r#"{"type":"LineString","coordinates":[[45.5,40.5]]}"#))],
        ),
    ] {
        let setup = setup(edits);
        let result =
            case(name, &setup, &["render", "--data", "{data}", "--date", "2020-01-03", "--out", "{out}", "-q"], 0, &[]);
        let again = if result.is_empty() {
            result
        } else {
            case(
                name,
                &setup,
                &["render", "--data", "{data}", "--date", "2020-01-03", "--out", "{out}", "-q"],
                2,
                &["frontline: "],
            )
        };
        failures.push(again);
    }
    report(failures, &mut n);
}

#[test]
fn hostile_text() {
    let mut n = 0;
    let long = "x".repeat(100_000);
    report(
        vec![
            bad(
                "raw control character in a title",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Blue claims", "Blue\u{1} claims")))],
                &["events.csv:", "U+0001"],
            ),
            bad(
                "escaped control character in a place name",
                vec![("places.geojson", Replace("\"Bravo\"", s("\"Bra\\u0001vo\"")))],
                &["places.geojson: feature 1", "U+0001"],
            ),
            bad(
                "escaped bell in the toml title",
                vec![("dataset.toml", Replace("Test war", s("Test\\u0007war")))],
                &["dataset.toml:2", "U+0007"],
            ),
            bad(
                "U+FFFF in an event",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Blue claims", "Blue \u{ffff}")))],
                &["events.csv:", "U+FFFF"],
            ),
            bad(
                "U+FFFE in a place name",
                vec![("places.geojson", Replace("\"Bravo\"", s("\"Bra\u{fffe}\"")))],
                &["places.geojson:", "U+FFFE"],
            ),
            bad(
                "lone carriage return",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Blue claims", "Blue\rclaims")))],
                &["events.csv:", "U+000D"],
            ),
            bad(
                "newline in a quoted title",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Blue claims Bravo", "\"Blue\nclaims\"")))],
                &["events.csv:", "column \"title\""],
            ),
            bad(
                "100 KB title",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Blue claims Bravo", &long)))],
                &["events.csv:", "limit of 1000"],
            ),
            bad(
                "2000-character place name",
                vec![("places.geojson", Replace("\"Bravo\"", format!("\"{}\"", &long[..2000])))],
                &["places.geojson: feature 1", "limit of 1000"],
            ),
            bad(
                "5000-character dataset title",
                vec![("dataset.toml", Replace("Test war", long[..5000].to_string()))],
                &["dataset.toml", "limit of 1000"],
            ),
            bad(
                "control character in attribution",
                vec![("dataset.toml", Replace("Synthetic test data.", s("Synthetic\\u001btest")))],
                &["dataset.toml", "U+001B"],
            ),
            bad(
                "NUL in the side name",
                vec![("dataset.toml", Replace("Blue side", s("Blue\\u0000side")))],
                &["dataset.toml", "U+0000"],
            ),
            bad(
                "raw NUL in places",
                vec![("places.geojson", Replace("\"Bravo\"", s("\"Bra\u{0}vo\"")))],
                &["places.geojson:", "U+0000"],
            ),
            bad(
                "DEL in a source",
                vec![("events.csv", event(&CONTROL_EVENT.trim_end().replace("Test Wire", "Test\u{7f}Wire")))],
                &["events.csv:", "U+007F"],
            ),
            bad(
                "control character in a place id",
                vec![("places.geojson", Replace("\"id\":\"bravo\"", s("\"id\":\"bra\\u0002vo\"")))],
                &["places.geojson: feature 1", "U+0002"],
            ),
        ],
        &mut n,
    );
    // Markup in a title is text, not markup: accepted, and the SVG stays well-formed.
    let setup = setup(vec![("dataset.toml", Replace("Test war", s("<script>alert(1)</script> & ]]>")))]);
    let result = case(
        "markup in the title",
        &setup,
        &["render", "--data", "{data}", "--date", "2020-01-03", "--format", "svg", "--out", "{out}", "-q"],
        0,
        &[],
    );
    assert!(result.is_empty(), "{result}");
    let svg = std::fs::read_to_string(setup.out.join("frontline-2020-01-03.svg")).unwrap();
    assert!(!svg.contains("<script>") && usvg::Tree::from_str(&svg, &usvg::Options::default()).is_ok());
    // A byte-order mark at the start of events.csv is fine (spreadsheets write one).
    let setup = self::setup(vec![(
        "events.csv",
        Text(format!("\u{feff}{}", std::fs::read_to_string(fixture().join("events.csv")).unwrap())),
    )]);
    let result = case("byte-order mark", &setup, &["validate", "--data", "{data}"], 0, &[]);
    assert!(result.is_empty(), "{result}");
}

#[test]
fn command_line_misuse() {
    let mut n = 0;
    let setup = setup(vec![]);
    let theme = |name: &str, edit: Edit| {
        let path = setup.root.join(name);
        match edit {
            Text(text) => std::fs::write(&path, text).unwrap(),
            Bytes(bytes) => std::fs::write(&path, bytes).unwrap(),
            Fifo => mkfifo(&path),
            Folder => std::fs::create_dir_all(&path).unwrap(),
            _ => unreachable!(),
        }
    };
    theme("bad.toml", Text(s("frontline = \"red\"\n")));
    theme("fifo.toml", Fifo);
    theme("folder.toml", Folder);
    theme("latin1.toml", Bytes(b"name = \"caf\xe9\"\n".to_vec()));
    theme("bell.toml", Text(s("name = \"a\\u0007b\"\n")));
    let render = |extra: &[&'static str]| {
        let mut args = vec!["render", "--data", "{data}", "--date", "2020-01-03", "--out", "{out}", "-q"];
        args.extend_from_slice(extra);
        args
    };
    let failures = vec![
        case(
            "two-digit --date",
            &setup,
            &["events", "--data", "{data}", "--date", "20-01-03"],
            2,
            &["--date", "four-digit year"],
        ),
        case("two-digit --from", &setup, &["stats", "--data", "{data}", "--from", "20-01-03"], 2, &["--from"]),
        case(
            "--date out of span",
            &setup,
            &["events", "--data", "{data}", "--date", "2021-01-03"],
            2,
            &["--date 2021-01-03", "span"],
        ),
        case(
            "--to before --from",
            &setup,
            &["stats", "--data", "{data}", "--from", "2020-01-04", "--to", "2020-01-02"],
            2,
            &["--to"],
        ),
        case("--bbox too narrow", &setup, &render(&["--bbox", "45,40,45.000001,40.000001"]), 2, &["--bbox"]),
        case("--bbox three numbers", &setup, &render(&["--bbox", "45,40,46"]), 2, &["--bbox", "W,S,E,N"]),
        case("--bbox nan", &setup, &render(&["--bbox", "nan,40,46,41"]), 2, &["--bbox"]),
        case("--bbox inf", &setup, &render(&["--bbox", "-inf,40,46,41"]), 2, &["--bbox"]),
        case(
            "huge page",
            &setup,
            &render(&["--width", "8000", "--height", "8000", "--scale", "2"]),
            2,
            &["--scale", "limit"],
        ),
        case("--scale 0", &setup, &render(&["--scale", "0"]), 2, &["--scale"]),
        case("--scale nan", &setup, &render(&["--scale", "NaN"]), 2, &["--scale"]),
        case("--focus unknown", &setup, &render(&["--focus", "zulu"]), 2, &["--focus", "zulu"]),
        case("--focus 0 km", &setup, &render(&["--focus", "alpha:0"]), 2, &["--focus"]),
        case("--theme missing", &setup, &render(&["--theme", "nothere.toml"]), 2, &["--theme nothere.toml"]),
        case("--theme bad colour", &setup, &render(&["--theme", "bad.toml"]), 2, &["bad.toml", "frontline"]),
        case("--theme a fifo", &setup, &render(&["--theme", "fifo.toml"]), 2, &["fifo.toml", "named pipe"]),
        case("--theme a folder", &setup, &render(&["--theme", "folder.toml"]), 2, &["folder.toml", "folder"]),
        case("--theme latin-1", &setup, &render(&["--theme", "latin1.toml"]), 2, &["latin1.toml:1", "UTF-8"]),
        case("--theme control character", &setup, &render(&["--theme", "bell.toml"]), 2, &["bell.toml", "U+0007"]),
        case("--data missing", &setup, &["validate", "--data", "{root}/nothere"], 2, &["--data", "nothere"]),
        case("--data a file", &setup, &["validate", "--data", "{out}/keep.txt"], 2, &["--data", "keep.txt"]),
        case("unknown subcommand", &setup, &["draw"], 2, &["draw"]),
        case("export without a date", &setup, &["export", "--data", "{data}"], 2, &["--date"]),
        case("--width too small", &setup, &render(&["--width", "10"]), 2, &["--width"]),
        case("--format unknown", &setup, &render(&["--format", "jpg"]), 2, &["jpg"]),
        case("--lang unknown", &setup, &render(&["--lang", "xx"]), 2, &["xx"]),
    ];
    report(failures, &mut n);
}

#[test]
fn output_faults() {
    let mut failures = Vec::new();
    let export = |out: &str| {
        vec![
            "export".to_string(),
            "--data".into(),
            "{data}".into(),
            "--date".into(),
            "2020-01-03".into(),
            "--out".into(),
            out.to_string(),
        ]
    };
    let as_refs = |args: &[String]| -> Vec<String> { args.to_vec() };
    let run_case = |name: &str, setup: &Setup, args: Vec<String>, code: i32, needles: &[&str]| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        case(name, setup, &refs, code, needles)
    };

    // A symbolic link: the file it points to is replaced, the link stays.
    let setup = setup(vec![]);
    std::fs::write(setup.root.join("target.geojson"), "old").unwrap();
    std::os::unix::fs::symlink(setup.root.join("target.geojson"), setup.out.join("link.geojson")).unwrap();
    failures.push(run_case("--out a symlink", &setup, as_refs(&export("{out}/link.geojson")), 0, &[]));
    assert!(std::fs::symlink_metadata(setup.out.join("link.geojson")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(setup.root.join("target.geojson")).unwrap().contains("FeatureCollection"));

    // A dangling symbolic link is refused.
    let setup2 = self::setup(vec![]);
    std::os::unix::fs::symlink(setup2.root.join("nothere"), setup2.out.join("dangling")).unwrap();
    failures.push(run_case(
        "--out a dangling symlink",
        &setup2,
        as_refs(&export("{out}/dangling")),
        2,
        &["dangling", "symbolic link"],
    ));

    // A device is written through, never replaced.
    let setup3 = self::setup(vec![]);
    failures.push(run_case("--out /dev/null", &setup3, as_refs(&export("/dev/null")), 0, &[]));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());

    // A named pipe with no reader: refused at once, the pipe kept.
    let setup4 = self::setup(vec![]);
    mkfifo(&setup4.out.join("pipe"));
    failures.push(run_case(
        "--out a fifo without reader",
        &setup4,
        as_refs(&export("{out}/pipe")),
        2,
        &["pipe", "no reader"],
    ));
    assert!(std::fs::metadata(setup4.out.join("pipe")).unwrap().file_type().is_fifo());

    // `-` is standard output where one file is written.
    let setup5 = self::setup(vec![]);
    for (name, args) in [
        ("export --out -", export("-")),
        ("stats --out -", vec!["stats".into(), "--data".into(), "{data}".into(), "--out".into(), "-".into()]),
        (
            "stats svg --out -",
            vec![
                "stats".into(),
                "--data".into(),
                "{data}".into(),
                "--format".into(),
                "svg".into(),
                "--out".into(),
                "-".into(),
            ],
        ),
    ] {
        let refs: Vec<String> = args.iter().map(|a| a.replace("{data}", &setup5.data.display().to_string())).collect();
        let (status, stdout, stderr) = run(&refs, &setup5.root);
        if status != Some(0) || stdout.is_empty() {
            failures.push(format!("{name}: exit {status:?}, {} bytes on stdout; {stderr}\n", stdout.len()));
        }
        assert!(!setup5.root.join("-").exists(), "{name} wrote a file named -");
    }
    failures.push(run_case(
        "render --out -",
        &setup5,
        vec!["render".into(), "--data".into(), "{data}".into(), "--out".into(), "-".into()],
        2,
        &["--out -"],
    ));
    failures.push(run_case(
        "report --out -",
        &setup5,
        vec!["report".into(), "--data".into(), "{data}".into(), "--out".into(), "-".into(), "-q".into()],
        2,
        &["--out -"],
    ));
    failures.push(run_case(
        "render --out a file",
        &setup5,
        vec!["render".into(), "--data".into(), "{data}".into(), "--out".into(), "{out}/keep.txt".into(), "-q".into()],
        2,
        &["keep.txt", "not a folder"],
    ));
    failures.push(run_case(
        "report --out a file",
        &setup5,
        vec!["report".into(), "--data".into(), "{data}".into(), "--out".into(), "{out}/keep.txt".into(), "-q".into()],
        2,
        &["keep.txt", "not a folder"],
    ));
    failures.push(run_case("export --out a folder", &setup5, as_refs(&export("{out}")), 2, &["out", "folder"]));
    failures.push(run_case(
        "export into a missing folder",
        &setup5,
        as_refs(&export("{out}/no/such/file.geojson")),
        1,
        &["no/such/file.geojson"],
    ));
    failures.push(run_case(
        "stats --out a fifo folder path",
        &setup5,
        vec!["stats".into(), "--data".into(), "{data}".into(), "--out".into(), "{out}/keep.txt/x".into()],
        1,
        &["keep.txt/x"],
    ));

    // Temporaries: a dead run's are removed, a live run's and the user's files are kept.
    let setup6 = self::setup(vec![]);
    let dead = ".frontline-2020-01-02.png.frontline-4194305-3.tmp";
    let live = format!(".frontline-2020-01-02.png.frontline-{}-3.tmp", std::process::id());
    let lookalike = ".frontline-2020-01-02.png.tmp-1";
    for name in [dead, live.as_str(), lookalike] {
        std::fs::write(setup6.out.join(name), "x").unwrap();
    }
    let (status, _, stderr) = run(
        &[
            "render",
            "--data",
            &setup6.data.display().to_string(),
            "--date",
            "2020-01-03",
            "--format",
            "svg",
            "--out",
            &setup6.out.display().to_string(),
            "-q",
        ]
        .map(String::from),
        &setup6.root,
    );
    assert_eq!(status, Some(0), "{stderr}");
    let names: Vec<String> = tree(&setup6.out);
    assert!(!names.iter().any(|n| n.starts_with(dead)), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with(&live)) && names.iter().any(|n| n.starts_with(lookalike)), "{names:?}");
    assert_eq!(std::fs::read_to_string(setup6.out.join(USER_FILE)).unwrap(), USER_TEXT);

    // A closed standard output is no failure and no panic.
    for args in [vec!["validate"], vec!["events"], vec!["stats"], vec!["export", "--date", "2020-11-09"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !matches!(output.status.code(), Some(0 | 1)) || stderr.contains("panicked") {
            failures.push(format!("{args:?} | closed pipe: exit {:?}, {stderr}\n", output.status.code()));
        }
    }

    // Interrupted: SIGTERM leaves no temporary behind.
    let setup7 = self::setup(vec![]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["render", "--out", &setup7.out.display().to_string(), "-q", "--format", "png"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    assert!(status.code() == Some(143) || status.success(), "{status:?}");
    let left: Vec<String> = tree(&setup7.out).into_iter().filter(|n| n.contains(".tmp")).collect();
    assert!(left.is_empty(), "temporaries left after SIGTERM: {left:?}");

    let failed: Vec<String> = failures.into_iter().filter(|f| !f.is_empty()).collect();
    assert!(failed.is_empty(), "{} cases failed:\n{}", failed.len(), failed.concat());
}

/// An areas.geojson of these features (a square inside the mini theatre is `SQUARE`).
fn areas_file(features: &[&str]) -> Edit {
    Text(format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(",")))
}

const SQUARE: &str =
    r#"{"type":"Polygon","coordinates":[[[45.2,40.2],[45.5,40.2],[45.5,40.5],[45.2,40.5],[45.2,40.2]]]}"#;

fn area(id: &str, geometry: &str, rule: &str) -> String {
    let rule = if rule.is_empty() { String::new() } else { format!(r#","rule":{rule}"#) };
    format!(
        r#"{{"type":"Feature","geometry":{geometry},"properties":{{"id":"{id}","name":"{id}","source":"Test Wire, 2020-01-01, https://example.org/s"{rule}}}}}"#
    )
}

/// An events.csv with the optional area column and one more row.
fn area_event(row: &str) -> Edit {
    let original = std::fs::read_to_string(fixture().join("events.csv")).unwrap();
    let mut lines = original.lines();
    let header = format!("{},area\n", lines.next().unwrap());
    let rest: String = lines.map(|line| format!("{line},\n")).collect();
    Text(format!("{header}{rest}{row}\n"))
}

/// A case of bad areas: its name, the edits of the fixture and what the message must name.
type AreaCase = (&'static str, Vec<(&'static str, Edit)>, Vec<&'static str>);

#[test]
fn bad_areas() {
    let mut n = 0;
    let square = area("square", SQUARE, "");
    let cases: Vec<AreaCase> = vec![
        ("areas not JSON", vec![("areas.geojson", Text("{".into()))], vec!["areas.geojson", "line 1"]),
        ("areas a folder", vec![("areas.geojson", Folder)], vec!["areas.geojson"]),
        ("areas a named pipe", vec![("areas.geojson", Fifo)], vec!["areas.geojson"]),
        (
            "area without an id",
            vec![(
                "areas.geojson",
                Text(format!(
                    r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{SQUARE},"properties":{{}}}}]}}"#
                )),
            )],
            vec!["areas.geojson", "feature 0", "\"id\""],
        ),
        (
            "two areas with one id",
            vec![("areas.geojson", areas_file(&[&square, &square]))],
            vec!["areas.geojson", "feature 1", "square"],
        ),
        (
            "a short position in an area",
            vec![(
                "areas.geojson",
                areas_file(&[&area(
                    "a",
                    r#"{"type":"Polygon","coordinates":[[[45.2],[45.5,40.2],[45.2,40.5],[45.2,40.2]]]}"#,
                    "",
                )]),
            )],
            vec!["areas.geojson", "feature 0"],
        ),
        (
            "an area that is a point",
            vec![("areas.geojson", areas_file(&[&area("a", r#"{"type":"Point","coordinates":[45.2,40.2]}"#, "")]))],
            vec!["areas.geojson", "feature 0"],
        ),
        (
            "an unknown rule",
            vec![("areas.geojson", areas_file(&[&area("a", "null", r#"{"op":"grow"}"#)]))],
            vec!["areas.geojson", "feature 0", "grow"],
        ),
        (
            "a rule naming an area below it",
            vec![("areas.geojson", areas_file(&[&area("a", "null", r#"{"op":"union","of":["square"]}"#), &square]))],
            vec!["areas.geojson", "feature 0", "square"],
        ),
        (
            "a rule naming itself",
            vec![("areas.geojson", areas_file(&[&area("a", "null", r#"{"op":"union","of":["a"]}"#)]))],
            vec!["areas.geojson", "feature 0"],
        ),
        (
            "a buffer of negative width",
            vec![("areas.geojson", areas_file(&[&area("a", "null", r#"{"op":"buffer","line":"loc","width_km":-1}"#)]))],
            vec!["areas.geojson", "feature 0", "width_km"],
        ),
        (
            "a buffer of an unknown line",
            vec![("areas.geojson", areas_file(&[&area("a", "null", r#"{"op":"buffer","line":"nope","width_km":5}"#)]))],
            vec!["areas.geojson", "feature 0", "nope"],
        ),
        (
            "discs around an unknown place",
            vec![(
                "areas.geojson",
                areas_file(&[&area("a", "null", r#"{"op":"around","places":["zulu"],"radius_km":2}"#)]),
            )],
            vec!["areas.geojson", "feature 0", "zulu"],
        ),
        (
            "discs of an absurd radius",
            vec![(
                "areas.geojson",
                areas_file(&[&area("a", "null", r#"{"op":"around","places":["alpha"],"radius_km":1e308}"#)]),
            )],
            vec!["areas.geojson", "feature 0", "radius_km"],
        ),
        (
            "held with a two-digit year",
            vec![(
                "areas.geojson",
                areas_file(&[&area("a", "null", r#"{"op":"held","side":"blue","date":"20-01-02"}"#)]),
            )],
            vec!["areas.geojson", "feature 0", "20-01-02"],
        ),
        (
            "held by an unknown side",
            vec![(
                "areas.geojson",
                areas_file(&[&area("a", "null", r#"{"op":"held","side":"green","date":"2020-01-02"}"#)]),
            )],
            vec!["areas.geojson", "feature 0", "green"],
        ),
        (
            "an event naming an unknown area",
            vec![
                ("areas.geojson", areas_file(&[&square])),
                (
                    "events.csv",
                    area_event(
                        "2020-01-03,control,,,,blue,confirmed,Blue holds,\"Test Wire, 2020-01-03, https://example.org/c\",synthetic,circle",
                    ),
                ),
            ],
            vec!["events.csv", "circle"],
        ),
        (
            "keep on a place event",
            vec![
                ("areas.geojson", areas_file(&[&square])),
                (
                    "events.csv",
                    area_event(
                        "2020-01-03,control,alpha,,,blue,keep,Blue holds,\"Test Wire, 2020-01-03, https://example.org/c\",synthetic,",
                    ),
                ),
            ],
            vec!["events.csv", "keep"],
        ),
        (
            "a strike naming an area",
            vec![
                ("areas.geojson", areas_file(&[&square])),
                (
                    "events.csv",
                    area_event(
                        "2020-01-03,strike,,,,blue,confirmed,Shelling,\"Test Wire, 2020-01-03, https://example.org/c\",synthetic,square",
                    ),
                ),
            ],
            vec!["events.csv", "strike"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, edits, needles) in cases {
        failures.push(bad(name, edits, &needles));
    }
    // More areas than the limit: refused, naming the limit.
    let many: Vec<String> = (0..1001).map(|i| area(&format!("a{i}"), SQUARE, "")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    failures.push(bad(
        "more areas than the limit",
        vec![("areas.geojson", areas_file(&many))],
        &["areas.geojson", "limit of 1000"],
    ));
    report(failures, &mut n);
    assert!(n >= 20);
}
