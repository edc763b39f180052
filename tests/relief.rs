//! Relief and arrows as every output takes them: the hillshading is drawn and credited only
//! when asked for (`--relief on`), on render, animate and report alike, and the report draws
//! and explains arrows of advance when asked for them.

mod common;

use std::path::Path;

use common::{assert_fails, frontline};

const RELIEF_CREDIT: &str = "Relief: ETOPO5";

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

#[test]
fn render_draws_and_credits_relief_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, drawn) in [("off", false), ("on", true)] {
        let out = dir.path().join(flag);
        let output = frontline(
            &[
                "render",
                "--date",
                "2020-10-20",
                "--format",
                "svg",
                "--relief",
                flag,
                "-q",
                "--out",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(output.status.success(), "{}", common::stderr(&output));
        let svg = read(&out.join("frontline-2020-10-20.svg"));
        // The grid is one raster image on the map; the credits and the metadata name it.
        assert_eq!(svg.contains("<image"), drawn, "--relief {flag}: hillshading image");
        assert_eq!(svg.contains(RELIEF_CREDIT), drawn, "--relief {flag}: credit");
    }
}

#[test]
fn animate_takes_relief_and_credits_it_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, drawn) in [("off", false), ("on", true)] {
        let out = dir.path().join(format!("{flag}.apng"));
        let args = ["animate", "--from", "2020-10-19", "--to", "2020-10-20", "--format", "apng", "--relief", flag];
        let output = frontline(&[&args[..], &["-q", "--out", out.to_str().unwrap()]].concat(), dir.path());
        assert!(output.status.success(), "{}", common::stderr(&output));
        // The description (a tEXt chunk) carries the attribution of what the frames draw.
        assert_eq!(read(&out).contains(RELIEF_CREDIT), drawn, "--relief {flag}");
    }
}

#[test]
fn report_takes_relief_and_arrows_and_explains_them() {
    let dir = tempfile::tempdir().unwrap();
    let page = |name: &str, flags: &[&str]| {
        let out = dir.path().join(name);
        let args = ["report", "--from", "2020-10-19", "--to", "2020-10-21", "-q", "--out", out.to_str().unwrap()];
        let output = frontline(&[&args[..], flags].concat(), dir.path());
        assert!(output.status.success(), "{}", common::stderr(&output));
        read(&out.join("index.html"))
    };
    let plain = page("plain", &[]);
    let full = page("full", &["--relief", "on", "--arrows"]);
    // The relief is in the shared base of both map sizes, drawn once each.
    assert_eq!(plain.matches("<image").count(), 0);
    assert_eq!(full.matches("<image").count(), 2);
    assert!(!plain.contains(RELIEF_CREDIT) && full.contains(RELIEF_CREDIT));
    let advance = "<span>Advance (derived from the changes of control)</span>";
    assert!(!plain.contains(advance) && full.contains(advance), "the legend explains the arrows");
    // 20 October has changes of control in the data, so its overlay holds arrows: the arrows'
    // halo-stroked, side-coloured shapes make the day's overlay larger than without them.
    let overlay = |html: &str| {
        let start = html.find(r#"id="wide-day-2020-10-20""#).expect("the day's overlay");
        html[start..].find("</script>").unwrap()
    };
    assert!(overlay(&full) > overlay(&plain), "no arrows in the overlay of 20 October");
}

#[test]
fn the_report_has_no_progress_bar_flag() {
    // The page has its own timeline (slider and chart): the flag would do nothing.
    let dir = tempfile::tempdir().unwrap();
    assert_fails(&["report", "--progress-bar", "-q", "--out", "r"], dir.path(), 2, &["--progress-bar"]);
}
