//! Ground outside the theatre: each country in the home tint of the side whose `home` names it,
//! and the ground of `held` layers in its side's tint, undated on every day and dated between
//! its dates (tests/fixtures/sides). The colours are read from the PNG the binary writes, at
//! points placed on the page by the same base the binary composes.

mod common;

use std::path::Path;

use common::{assert_fails, copy_dir, edit_file, frontline, stderr, stdout, validate_ok};
use frontline::Atlas;
use frontline::dataset::{DataSource, Dataset};
use frontline::scene::{Colour, SceneOptions};

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sides")
}

/// The PNG of one day of the fixture at the default size and theme, written by the binary.
fn render_day(dir: &Path, day: &str) -> tiny_skia::Pixmap {
    let out = dir.join(day);
    let data = fixture();
    let args = ["render", "--data", data.to_str().unwrap(), "--date", day, "--format", "png", "--out"];
    let output = frontline(&[&args[..], &[out.to_str().unwrap(), "--quiet"]].concat(), dir);
    assert!(output.status.success(), "{}", stderr(&output));
    tiny_skia::Pixmap::load_png(out.join(format!("frontline-{day}.png"))).unwrap()
}

/// The colour at a lon/lat point of the page.
fn colour_at(pixmap: &tiny_skia::Pixmap, base: &frontline::scene::Base, lon: f64, lat: f64) -> Colour {
    let (x, y) = base.lonlat_px(lon, lat);
    let pixel = pixmap.pixel(x.round() as u32, y.round() as u32).expect("the point is on the page");
    Colour(pixel.red(), pixel.green(), pixel.blue())
}

fn assert_near(found: Colour, expected: Colour, what: &str) {
    let close = |a: u8, b: u8| a.abs_diff(b) <= 3;
    assert!(
        close(found.0, expected.0) && close(found.1, expected.1) && close(found.2, expected.2),
        "{what}: found {found}, expected {expected}"
    );
}

#[test]
fn two_sides_hold_ground_beyond_the_line_in_their_home_tints() {
    let atlas = Atlas::new(Dataset::load(&DataSource::Dir(fixture())).expect("the fixture loads"));
    let options = SceneOptions::default();
    let base = atlas.base(&options);
    let theme = &options.theme;
    let sides = &atlas.dataset.meta.sides;
    let (blue, red) = (theme.home_colour(sides, 0), theme.home_colour(sides, 1));
    let dir = tempfile::tempdir().unwrap();
    // 2022-09-07: the dated piece (2022-09-06..08) is held by Red; 2022-09-10: it is Blueland again.
    for (day, east) in [("2022-09-07", red), ("2022-09-10", blue), ("2022-09-05", blue)] {
        let png = render_day(dir.path(), day);
        assert_near(colour_at(&png, &base, 45.35, 40.0), blue, &format!("{day}: Blueland, Blue's home"));
        assert_near(colour_at(&png, &base, 45.0, 40.5), red, &format!("{day}: Redland, Red's home"));
        assert_near(colour_at(&png, &base, 45.7, 41.25), theme.land, &format!("{day}: Greyland, nobody's home"));
        assert_near(colour_at(&png, &base, 46.0, 39.85), red, &format!("{day}: Blueland held by Red, undated"));
        assert_near(colour_at(&png, &base, 46.2, 40.55), east, &format!("{day}: Blueland held by Red until 09-08"));
        // The theatre is drawn as before: Alpha's cell is Red's, in Red's full colour.
        assert_near(colour_at(&png, &base, 45.6, 40.8), theme.side_colour(sides, 1), day);
    }
}

#[test]
fn ground_outside_the_theatre_leaves_the_theatres_figures_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    let with = frontline(&["stats", "--data", data.to_str().unwrap(), "--format", "csv"], dir.path());
    assert!(with.status.success(), "{}", stderr(&with));
    // The same dataset without its held layer.
    let copy = dir.path().join("data");
    copy_dir(&data, &copy);
    let toml = std::fs::read_to_string(copy.join("dataset.toml")).unwrap();
    let without = toml.replace("[[layers]]\nfile = \"layers/held.geojson\"\nrole = \"held\"\n", "");
    assert_ne!(toml, without);
    std::fs::write(copy.join("dataset.toml"), without).unwrap();
    let plain = frontline(&["stats", "--data", copy.to_str().unwrap(), "--format", "csv"], dir.path());
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert_eq!(stdout(&with), stdout(&plain));
    assert!(stdout(&with).lines().count() > 6, "{}", stdout(&with));
}

#[test]
fn validate_warns_of_an_unknown_side_ground_in_the_theatre_and_a_home_that_is_no_country() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixture(), &data);
    edit_file(&data.join("dataset.toml"), |toml| toml.replace("home = \"Blueland\"", "home = \"Blue Land\""));
    edit_file(&data.join("layers/held.geojson"), |held| {
        held.replace("\"side\":\"red\",\"source\"", "\"side\":\"green\",\"source\"").replace(
            "[[[46.0,40.3],[46.4,40.3],[46.4,40.8],[46.0,40.8],[46.0,40.3]]]",
            "[[[45.8,40.3],[46.4,40.3],[46.4,40.8],[45.8,40.8],[45.8,40.3]]]", // 0.1 degree into the theatre
        )
    });
    let text = validate_ok(&data, dir.path());
    assert!(text.contains("warnings: 3"), "{text}");
    assert!(
        text.contains("feature \"red-held-south\": side \"green\" is not a side of dataset.toml, so this ground is not drawn (fix: use one of blue, red)"),
        "{text}"
    );
    let overlap = text.lines().find(|line| line.contains("feature \"red-held-east\"")).expect("the overlap is listed");
    // 0.1 degree by 0.5 degree at 40.5 N: about 8.5 km by 55 km.
    let km2: f64 = overlap.split(": ").nth(2).and_then(|t| t.split(' ').next()).and_then(|t| t.parse().ok()).unwrap();
    assert!((400.0..550.0).contains(&km2), "{overlap}");
    assert!(overlap.contains("km2 of it lie in the theatre"), "{overlap}");
    assert!(text.contains("(fix: cut the theatre out of it"), "{text}");
    assert!(text.contains("side \"blue\": home \"Blue Land\" is not a \"name\" of the countries layer"), "{text}");
    assert!(text.contains("(fix: use one of Blueland, Greyland, Redland)"), "{text}");
}

#[test]
fn a_held_feature_without_a_side_is_an_error_naming_the_file_and_feature() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixture(), &data);
    edit_file(&data.join("layers/held.geojson"), |held| held.replace("\"side\":\"red\",", ""));
    // A bad dataset exits 2.
    let needles = ["held.geojson", "expected a string property \"side\""];
    assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &needles);
}

/// The side whose exported area (`frontline export`) holds a lon/lat point on `day`.
fn exported_holder(dir: &Path, day: &str, lon: f64, lat: f64) -> Option<String> {
    use geo::Contains;
    let data = fixture();
    let output = frontline(&["export", "--data", data.to_str().unwrap(), "--date", day, "--out", "-"], dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let collection: geojson::FeatureCollection = stdout(&output).parse().unwrap();
    let point = geo::Point::new(lon, lat);
    let mut holders =
        collection.features.iter().filter(|f| f.property("kind").and_then(|k| k.as_str()) == Some("area")).filter(
            |feature| {
                let geometry: geo::Geometry<f64> = feature.geometry.clone().unwrap().try_into().unwrap();
                geometry.contains(&point)
            },
        );
    let holder = holders.next().map(|f| f.property("side").unwrap().as_str().unwrap().to_string());
    assert!(holders.next().is_none(), "{day}: two sides' exported areas hold ({lon}, {lat})");
    holder
}

#[test]
fn export_gives_ground_outside_the_theatre_to_the_side_that_holds_it_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let red = Some("red".to_string());
    let blue = Some("blue".to_string());
    assert_eq!(exported_holder(dir.path(), "2022-09-07", 46.2, 40.55), red, "held by Red 09-06..08");
    assert_eq!(exported_holder(dir.path(), "2022-09-10", 46.2, 40.55), blue, "Blueland again");
    assert_eq!(exported_holder(dir.path(), "2022-09-10", 46.0, 39.85), red, "held by Red, undated");
    assert_eq!(exported_holder(dir.path(), "2022-09-10", 45.35, 40.0), blue, "Blueland");
    assert_eq!(exported_holder(dir.path(), "2022-09-10", 45.7, 41.25), None, "Greyland is nobody's");
}

#[test]
fn the_reports_legend_has_the_home_tints_and_the_ground_held_outside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let data = fixture();
    let args = ["report", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"];
    let run = frontline(&args, dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let legend = &html[html.find("class=\"legend\"").expect("a legend")..];
    let legend = &legend[..legend.find("</ul>").unwrap()];
    for label in ["<span>Blueland</span>", "<span>Redland</span>", "<span>Held by Red side outside the theatre</span>"]
    {
        assert!(legend.contains(label), "{label} missing from the report's legend: {legend}");
    }
}
