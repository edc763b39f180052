//! The HTML report tested as a user meets it: written by the binary, then opened in headless
//! Chromium (tests/browser/report.test.mjs, node's test runner with playwright-core) from disk
//! and over HTTP. Needs /usr/bin/chromium and `npm ci` in tests/browser (.ci/run does both);
//! outside CI the browser part is skipped with a message when either is missing; in CI (`CI`
//! set) a missing one fails the test.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn the_report_works_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let status = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["report", "--from", "2020-11-01", "--to", "2020-11-10", "-q", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    // The same war in Armenian and Russian, and in the dark theme: three days each.
    let other = |name: &str, flags: &[&str]| {
        let dir = dir.path().join(name);
        let status = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(["report", "--from", "2020-11-07", "--to", "2020-11-09", "-q"])
            .args(flags)
            .arg("--out")
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "report {flags:?}");
        dir
    };
    let (hy, ru, dark) =
        (other("hy", &["--lang", "hy"]), other("ru", &["--lang", "ru"]), other("dark", &["--theme", "dark"]));
    assert!(std::fs::read_to_string(ru.join("index.html")).unwrap().contains("<html lang=\"ru\">"));
    assert!(html.contains("<input type=\"range\""), "a date slider");
    assert!(!html.contains("src=\"http"), "nothing loaded from the network");

    // What each day must list: the number of events and every http(s) source link.
    let dataset = frontline::dataset::Dataset::embedded().unwrap();
    let mut expected = serde_json::Map::new();
    let days: Vec<String> = (1..=10).map(|d| format!("2020-11-{d:02}")).collect();
    for day in &days {
        let events: Vec<_> = dataset.events.iter().filter(|e| e.day.to_string() == *day).collect();
        let links: Vec<String> = events
            .iter()
            .flat_map(|e| e.sources.iter())
            .filter(|s| s.url.starts_with("http"))
            .map(|s| s.url.clone())
            .collect();
        expected.insert(day.clone(), serde_json::json!({ "count": events.len(), "links": links }));
    }
    let mut expected = serde_json::json!({ "days": expected, "compare": compare_expected(&dataset) });
    expected["sides"] = dataset.meta.sides.iter().map(|s| s.name.clone()).collect();
    expected["english_words"] = english_words().into();
    expected["langs"] = ["hy", "ru"]
        .iter()
        .map(|lang| {
            let words = dataset.words(lang);
            let day = |d: &str| words.long_date(d.parse().unwrap());
            (lang.to_string(), serde_json::json!({ "date": day("2020-11-08"), "first": day("2020-11-07") }))
        })
        .collect::<serde_json::Map<_, _>>()
        .into();
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, expected.to_string()).unwrap();

    let browser = root.join("tests/browser");
    let chromium = Path::new("/usr/bin/chromium").exists();
    let playwright = browser.join("node_modules/playwright-core").exists();
    if !common::tool_present(chromium, "chromium", "apt-get install chromium")
        || !common::tool_present(playwright, "playwright-core", "npm ci in tests/browser, with node and npm")
    {
        return;
    }
    // One day as SVG and PNG, for the fidelity check.
    let status = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["render", "--date", "2020-11-08", "-q", "--out"])
        .arg(dir.path().join("maps"))
        .status()
        .unwrap();
    assert!(status.success());
    let shots = root.join("target/browser");
    std::fs::create_dir_all(&shots).unwrap();
    let output = Command::new("node")
        .args(["--test", "report.test.mjs"])
        .current_dir(&browser)
        .env("REPORT_DIR", &out)
        .env("REPORT_HY", &hy)
        .env("REPORT_RU", &ru)
        .env("REPORT_DARK", &dark)
        .env("EXPECTED_JSON", &expected_path)
        .env("SCREENSHOT_DIR", &shots)
        .env("SVG_FILE", dir.path().join("maps/frontline-2020-11-08.svg"))
        .env("PNG_FILE", dir.path().join("maps/frontline-2020-11-08.png"))
        .output()
        .expect("run node");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "browser test failed:\n{text}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(text.contains("# pass 7"), "{text}");
    eprintln!("report: {} bytes for {} days", html.len(), days.len());
    for line in text.lines().filter(|l| l.contains("# measured") || l.contains("fidelity")) {
        eprintln!("{line}");
    }
}

/// What comparing 1 November with 10 November must show: the km² each side gained, from the
/// library's own comparison (`render --compare`).
fn compare_expected(dataset: &frontline::dataset::Dataset) -> serde_json::Value {
    let atlas = frontline::Atlas::new(dataset.clone());
    let day = |d: &str| d.parse().unwrap();
    let gains = frontline::advance::gains(&atlas, day("2020-11-01"), day("2020-11-10"));
    let by_side: Vec<serde_json::Value> = gains
        .by_side
        .iter()
        .map(|(side, _, km2)| serde_json::json!({ "side": dataset.meta.sides[*side].name, "km2": km2.round() }))
        .collect();
    serde_json::json!({ "from": "2020-11-01", "to": "2020-11-10", "gains": by_side })
}

/// The words of the English table of the tool (not the dataset's), three letters and more: none
/// may show in a page of another language. Key names printed on keyboards (Home, End, Shift)
/// and names (JavaScript, frontline) are the same in every language.
fn english_words() -> Vec<String> {
    const SAME_IN_EVERY_LANGUAGE: [&str; 5] = ["Home", "End", "Shift", "JavaScript", "frontline"];
    let mut words = std::collections::BTreeSet::new();
    for (key, text) in frontline::i18n::english() {
        if key.starts_with(frontline::i18n::DATASET_PREFIX) {
            continue;
        }
        let text = text.split('{').map(|part| part.split_once('}').map_or(part, |(_, rest)| rest)).collect::<String>();
        for word in text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 3) {
            if !SAME_IN_EVERY_LANGUAGE.contains(&word) {
                words.insert(word.to_string());
            }
        }
    }
    words.into_iter().collect()
}
