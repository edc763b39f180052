//! The conventions of a Rust command-line tool, run through the binary: `--date`, `--from` and
//! `--to` the same on every command that takes days; `-` for standard output where one file is
//! written (and binary data refused on a terminal); shell completions and man pages.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{fixture, frontline, stderr, stdout};

/// The commands that take days, each with what it needs to run in a fresh folder.
const DAY_COMMANDS: [&[&str]; 6] = [
    &["render", "-q", "--format", "svg", "--out", "maps"],
    &["events"],
    &["export"],
    &["animate", "-q", "--width", "320", "--out", "a.gif"],
    &["stats"],
    &["report", "-q", "--out", "report"],
];

/// Run `command` (from [`DAY_COMMANDS`]) on the small dataset with `extra` arguments.
fn run_days(dir: &Path, command: &[&str], extra: &[&str]) -> Output {
    let data = fixture().display().to_string();
    let mut args: Vec<&str> = command.to_vec();
    args.extend_from_slice(&["--data", &data]);
    args.extend_from_slice(extra);
    frontline(&args, dir)
}

#[test]
fn every_command_refuses_days_outside_the_span_with_the_same_words() {
    let span = "the dataset's span 2020-01-01..2020-01-05";
    let cases: [(&[&str], String); 5] = [
        (&["--date", "2019-12-31"], format!("frontline: --date 2019-12-31 is outside {span}\n")),
        (&["--from", "2020-01-06"], format!("frontline: --from 2020-01-06 is outside {span}\n")),
        (&["--to", "2021-01-01"], format!("frontline: --to 2021-01-01 is outside {span}\n")),
        (
            &["--from", "2020-01-04", "--to", "2020-01-02"],
            "frontline: --to 2020-01-02 is before --from 2020-01-04\n".into(),
        ),
        (&["--date", "2020-02-30"], "\"2020-02-30\" is not a date YYYY-MM-DD (four-digit year)".into()),
    ];
    for command in DAY_COMMANDS {
        for (flags, expected) in &cases {
            let dir = tempfile::tempdir().unwrap();
            let output = run_days(dir.path(), command, flags);
            let name = format!("{} {}", command[0], flags.join(" "));
            assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
            assert!(stderr(&output).contains(expected.as_str()), "{name}: {}", stderr(&output));
            assert!(!stderr(&output).contains("panicked"), "{name}");
            assert!(common::files_in(dir.path()).is_empty(), "{name} wrote {:?}", common::files_in(dir.path()));
        }
    }
}

#[test]
fn date_is_one_day_and_a_range_runs_to_the_end_of_the_span() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, days) in
        [(&["--date", "2020-01-03"][..], 1), (&["--from", "2020-01-04"], 2), (&["--to", "2020-01-02"], 2)]
    {
        let events = run_days(dir.path(), &["events", "--format", "json"], extra);
        let first_last = match extra[0] {
            "--date" => ("2020-01-03", "2020-01-03"),
            "--from" => ("2020-01-04", "2020-01-05"),
            _ => ("2020-01-01", "2020-01-02"),
        };
        let rows: serde_json::Value = serde_json::from_str(&stdout(&events)).unwrap();
        assert!(
            rows.as_array()
                .unwrap()
                .iter()
                .all(|e| (first_last.0..=first_last.1).contains(&e["date"].as_str().unwrap()))
        );

        let stats = run_days(dir.path(), &["stats", "--format", "json"], extra);
        assert!(stats.status.success(), "{}", stderr(&stats));
        let text = stdout(&stats);
        let dates: std::collections::BTreeSet<&str> =
            text.match_indices("\"date\": \"").map(|(i, _)| &text[i + 9..i + 19]).collect();
        assert_eq!(dates.len(), days, "stats {extra:?}: {dates:?}");
        assert_eq!(dates.first(), Some(&first_last.0));

        let maps = dir.path().join(format!("maps{}", extra[0]));
        let render = run_days(dir.path(), &["render", "-q", "--format", "svg", "--out", maps.to_str().unwrap()], extra);
        assert!(render.status.success(), "{}", stderr(&render));
        let svgs = common::files_in(&maps).iter().filter(|n| n.ends_with(".svg")).count();
        assert_eq!(svgs, days, "render {extra:?}");
    }
    let one = run_days(dir.path(), &["animate", "--width", "320", "--out", "one.gif"], &["--date", "2020-01-03"]);
    assert!(stderr(&one).contains("(1 frame,"), "{}", stderr(&one));
    let export = run_days(dir.path(), &["export"], &["--all"]);
    let geojson: serde_json::Value = serde_json::from_str(&stdout(&export)).unwrap();
    let dates: std::collections::BTreeSet<&str> =
        geojson["features"].as_array().unwrap().iter().filter_map(|f| f["properties"]["date"].as_str()).collect();
    assert_eq!(dates.len(), 5, "export --all: every day");
    let none = run_days(dir.path(), &["export"], &[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("--date <DATE>|--from <DATE>|--to <DATE>|--all"), "{}", stderr(&none));
}

#[test]
fn render_writes_one_map_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let svg = run_days(dir.path(), &["render", "--format", "svg", "--out", "-"], &["--date", "2020-01-03"]);
    assert!(svg.status.success(), "{}", stderr(&svg));
    assert!(stdout(&svg).starts_with("<svg") || stdout(&svg).starts_with("<?xml"), "{}", &stdout(&svg)[..80]);
    let file = run_days(dir.path(), &["render", "-q", "--format", "svg", "--out", "maps"], &["--date", "2020-01-03"]);
    assert!(file.status.success());
    assert_eq!(std::fs::read(dir.path().join("maps/frontline-2020-01-03.svg")).unwrap(), svg.stdout, "the same map");

    let pdf = run_days(dir.path(), &["render", "--format", "pdf", "--out", "-"], &["--date", "2020-01-03"]);
    assert!(pdf.status.success() && pdf.stdout.starts_with(b"%PDF-"), "{}", stderr(&pdf));
    let png = run_days(dir.path(), &["render", "--format", "png", "--out", "-"], &["--date", "2020-01-03"]);
    assert!(png.status.success() && png.stdout.starts_with(b"\x89PNG"), "{}", stderr(&png));
    assert_eq!(common::files_in(dir.path()), vec!["maps"], "no file named -");
}

#[test]
fn standard_output_takes_one_day_in_one_format() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, asked) in [
        (&["--format", "svg"][..], "asked for 5 days in 1 format"),
        (&["--date", "2020-01-03"], "asked for 1 day in 2 formats"),
        (&["--from", "2020-01-02", "--format", "svg,pdf"], "asked for 4 days in 2 formats"),
    ] {
        let output = run_days(dir.path(), &["render", "--out", "-"], extra);
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "frontline: --out -: standard output takes one map, expected one --date and one --format ({asked})\n"
            )
        );
        assert!(output.stdout.is_empty());
    }
    assert!(common::files_in(dir.path()).is_empty());
}

#[test]
fn animate_writes_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let gif = run_days(dir.path(), &["animate", "--width", "320", "--out", "-"], &[]);
    assert!(gif.status.success(), "{}", stderr(&gif));
    assert!(gif.stdout.starts_with(b"GIF89a"));
    assert!(!stderr(&gif).contains("wrote -"), "{}", stderr(&gif));
    assert!(common::files_in(dir.path()).is_empty(), "{:?}", common::files_in(dir.path()));
}

/// Run `frontline ARGS` with standard output on a pseudo-terminal (util-linux `script`).
fn on_a_terminal(args: &str, dir: &Path) -> Option<Output> {
    let found = Command::new("script").arg("--version").output().is_ok();
    if !common::tool_present(found, "script", "apt-get install bsdutils") {
        return None;
    }
    let line = format!("{} {args}", env!("CARGO_BIN_EXE_frontline"));
    let output = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(output)
}

#[test]
fn binary_data_is_not_written_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture().display().to_string();
    for (args, what) in [
        (format!("render --data {data} --date 2020-01-03 --format png --out -"), "PNG"),
        (format!("render --data {data} --date 2020-01-03 --format pdf --out -"), "PDF"),
        (format!("animate --data {data} --width 320 --out -"), "GIF"),
    ] {
        let Some(output) = on_a_terminal(&args, dir.path()) else { return };
        // script merges the program's stderr into what it prints.
        let text = stdout(&output);
        assert_eq!(output.status.code(), Some(2), "{args}: {text}");
        assert!(
            text.contains(&format!("standard output is a terminal; expected a redirect or a pipe for {what} data")),
            "{args}: {text}"
        );
    }
    let Some(svg) = on_a_terminal(&format!("render --data {data} --date 2020-01-03 --format svg --out -"), dir.path())
    else {
        return;
    };
    assert_eq!(svg.status.code(), Some(0), "SVG is text: {}", stdout(&svg));
    assert!(stdout(&svg).contains("<svg"));
}

#[test]
fn completions_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = frontline(&["completions", shell], dir.path());
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        assert!(script.contains("render") && script.contains("date"), "{shell}: {script}");
    }
    let bash = frontline(&["completions", "bash"], dir.path());
    let path = dir.path().join("frontline.bash");
    std::fs::write(&path, &bash.stdout).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(check.status.success(), "bash -n: {}", stderr(&check));
    // Sourced into a shell, it registers the completion of `frontline`.
    let registered = Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p frontline", path.display()))
        .output()
        .unwrap();
    assert!(stdout(&registered).contains("frontline"), "{}", stderr(&registered));
    let bad = frontline(&["completions", "tcsh"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).starts_with("frontline: invalid value 'tcsh'"), "{}", stderr(&bad));
}

/// groff's warnings on a man page (none for a valid page); None without groff.
fn groff_warnings(page: &Path) -> Option<String> {
    let output = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(page).output();
    if !common::tool_present(output.is_ok(), "groff", "apt-get install groff-base") {
        return None;
    }
    Some(stderr(&output.ok()?))
}

#[test]
fn man_pages_on_standard_output_and_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let page = frontline(&["man"], dir.path());
    assert!(page.status.success(), "{}", stderr(&page));
    assert!(stdout(&page).contains(".TH frontline 1"), "{}", stdout(&page));
    let output = frontline(&["man", "--out", "man1"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let names = common::files_in(&dir.path().join("man1"));
    for expected in ["frontline.1", "frontline-render.1", "frontline-completions.1", "frontline-man.1"] {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }
    assert_eq!(std::fs::read(dir.path().join("man1/frontline.1")).unwrap(), page.stdout);
    let render = std::fs::read_to_string(dir.path().join("man1/frontline-render.1")).unwrap();
    assert!(render.contains(".TH frontline-render 1") && render.contains("pdf"), "{render}");
    for name in &names {
        if let Some(warnings) = groff_warnings(&dir.path().join("man1").join(name)) {
            assert!(warnings.is_empty(), "{name}: {warnings}");
        }
    }
}
