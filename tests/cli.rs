//! Integration tests: run the binary as a user would, in a fresh temporary folder each time,
//! and check exit codes, messages and the files written (or not written).

mod common;

use std::path::Path;

use common::{
    assert_fails, assert_fails_writing_nothing, copy_mini_dataset, edit_file, files_in, fixture, frontline, stderr,
    stdout, validate_ok,
};

fn png_size(path: &Path) -> (u32, u32) {
    let pixmap = tiny_skia::Pixmap::load_png(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (pixmap.width(), pixmap.height())
}

fn svg_parses(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    usvg::Tree::from_str(&text, &usvg::Options::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn render_every_day_of_the_war_writes_an_svg_and_a_png_per_day() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["render", "--quiet"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("output");
    let names = files_in(&out);
    let svgs: Vec<&String> = names.iter().filter(|n| n.ends_with(".svg")).collect();
    let pngs: Vec<&String> = names.iter().filter(|n| n.ends_with(".png")).collect();
    assert_eq!(svgs.len(), 66, "2020-09-27..2020-12-01 is 66 days");
    assert_eq!(pngs.len(), 66);
    assert_eq!(svgs[0], "frontline-2020-09-27.svg");
    assert_eq!(pngs[65], "frontline-2020-12-01.png");
    assert!(names.contains(&"manifest.json".to_string()));
    for name in svgs {
        svg_parses(&out.join(name));
    }
    for name in pngs {
        assert_eq!(png_size(&out.join(name)), (1600, 1100), "{name}");
    }
}

#[test]
fn render_one_day_at_a_chosen_size() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(
        &["render", "--date", "2020-11-08", "--out", "maps", "--width", "1000", "--height", "700"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("maps");
    assert_eq!(files_in(&out), vec!["frontline-2020-11-08.png", "frontline-2020-11-08.svg", "manifest.json"]);
    assert_eq!(png_size(&out.join("frontline-2020-11-08.png")), (1000, 700));
    let svg = std::fs::read_to_string(out.join("frontline-2020-11-08.svg")).unwrap();
    for label in ["Stepanakert", "Shusha", "Lachin", "Hadrut", "Ganja", "8 November 2020", "Day 43 of the war", "km"] {
        assert!(svg.contains(&format!(">{label}<")) || svg.contains(label), "the map of 8 November lacks {label}");
    }
}

#[test]
fn render_a_range_in_one_format() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        frontline(&["render", "--from", "2020-10-01", "--to", "2020-10-20", "--format", "png", "-q"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let names = files_in(&dir.path().join("output"));
    assert_eq!(names.iter().filter(|n| n.ends_with(".png")).count(), 20);
    assert_eq!(names.iter().filter(|n| n.ends_with(".svg")).count(), 0);
}

#[test]
fn a_date_outside_the_span_is_a_usage_error_that_names_the_span() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails_writing_nothing(&["render", "--date", "2020-12-25"], dir.path(), 2, &["2020-09-27..2020-12-01"]);
}

#[test]
fn a_malformed_date_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails(&["render", "--date", "8 Nov"], dir.path(), 2, &["--date"]);
}

#[test]
fn validate_the_embedded_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["validate"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("events without a source: 0"), "{text}");
    assert!(text.contains("places with coordinates but no source: 0"), "{text}");
}

#[test]
fn validate_names_the_file_line_and_expectation() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("events.csv"), |events| {
        events.replace("2020-01-03,control,delta", "2020-01-03,control,dleta")
    });
    let needle = "events.csv:4: column \"place\": unknown place \"dleta\" (did you mean \"delta\"?)";
    assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &[needle]);
}

#[test]
fn every_problem_is_listed_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let events = std::fs::read_to_string(data.join("events.csv")).unwrap();
    let broken = events
        .replace("2020-01-02,strike", "2020-13-02,strike")
        .replace("Other Wire, 2020-01-03, https://example.org/c", "")
        .replace(",contested,", ",rumoured,");
    std::fs::write(data.join("events.csv"), broken).unwrap();
    let needles = [
        "3 problems",
        "events.csv:3: column \"date\"",
        "events.csv:4: column \"sources\": every event needs at least one source",
        "events.csv:5: column \"status\": \"rumoured\"",
    ];
    assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &needles);
}

#[test]
fn broken_geojson_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("places.geojson"), |places| places.replacen("\"kind\":\"town\",", "\"kind\":\"town\"", 1));
    let needle = "places.geojson:3: expected a GeoJSON FeatureCollection";
    // A bad dataset writes nothing.
    let args = ["render", "--data", data.to_str().unwrap(), "--out", "maps"];
    assert_fails_writing_nothing(&args, dir.path(), 2, &[needle]);
}

#[test]
fn a_missing_dataset_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails(&["validate", "--data", "no-such-folder"], dir.path(), 2, &["no-such-folder: not a directory"]);
}

#[test]
fn a_place_with_coordinates_but_no_source_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("places.geojson"), |places| {
        places.replacen(",\"source\":\"page:https://example.org/synthetic\"", "", 1)
    });
    let needle = "feature 0 (\"alpha\"): property \"source\"";
    assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &[needle]);
}

#[test]
fn events_lists_a_day_with_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["events", "--date", "2020-11-08"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("shusha"), "{text}");
    assert!(text.contains("source: The Jerusalem Post, 2020-11-08, seed:000_1bc4100bc5cd6849"), "{text}");

    let output = frontline(&["events", "--from", "2020-10-01", "--to", "2020-10-03", "--format", "json"], dir.path());
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| !r["sources"].as_array().unwrap().is_empty()));

    let output = frontline(&["events", "--date", "2020-10-17", "--format", "csv"], dir.path());
    assert!(stdout(&output).starts_with("date,kind,place,lon,lat,side,status,title,sources,note,area,area_name"));
}

#[test]
fn export_writes_rfc7946_geojson_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["export", "--date", "2020-11-09", "--out", "day.geojson"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("day.geojson")).unwrap();
    let collection: geojson::FeatureCollection = text.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    let kinds: Vec<String> = collection
        .features
        .iter()
        .filter_map(|f| f.property("kind").and_then(|k| k.as_str()).map(String::from))
        .collect();
    assert!(kinds.contains(&"area".to_string()));
    assert!(kinds.contains(&"frontline".to_string()));
    for feature in collection.features.iter().filter(|f| f.property("kind").and_then(|k| k.as_str()) == Some("area")) {
        assert!(feature.property("side").and_then(|s| s.as_str()).is_some());
        assert!(feature.property("status").and_then(|s| s.as_str()).is_some());
    }
}

#[test]
fn export_of_a_day_out_of_span_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails_writing_nothing(&["export", "--date", "2021-01-01", "--out", "x.geojson"], dir.path(), 2, &[]);
}

#[test]
fn help_has_examples() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["--help"], dir.path());
    assert!(output.status.success());
    assert!(stdout(&output).contains("frontline render --date 2020-11-08"));
}

#[test]
fn validate_reports_contradicting_events_and_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    // Delta is confirmed blue on 3 Jan; a new claim on 4 Jan contradicts nothing lost since.
    edit_file(&data.join("events.csv"), |events| {
        events
            + "2020-01-04,control,delta,,,blue,claimed,Blue claims Delta again,\"Test Wire, 2020-01-04, https://example.org/f\",\n"
    });
    let text = validate_ok(&data, dir.path());
    assert!(text.contains("events that contradict each other: 1"), "{text}");
    assert!(text.contains("events.csv:7: delta claimed by blue although already held and confirmed"), "{text}");
    assert!(text.contains("places that change hands without coordinates: 1\n  foxtrot"), "{text}");
    assert!(text.contains("days with no event: 1\n  2020-01-01"), "{text}");
    assert!(text.contains("cells with more than 150 km2 that no area sets: 4"), "{text}");
    assert!(text.contains("areas: 0"), "{text}");
}

#[test]
fn stats_csv_areas_add_up_to_the_theatre_each_day() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["stats", "--from", "2020-11-08", "--to", "2020-11-10"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(reader.headers().unwrap(), vec!["date", "side", "area_km2", "change_km2", "theatre_km2"]);
    let mut by_day: std::collections::BTreeMap<String, (f64, f64)> = Default::default();
    for record in reader.records() {
        let record = record.unwrap();
        let entry = by_day.entry(record[0].to_string()).or_default();
        entry.0 += record[2].parse::<f64>().unwrap();
        entry.1 = record[4].parse::<f64>().unwrap();
    }
    assert_eq!(by_day.keys().collect::<Vec<_>>(), vec!["2020-11-08", "2020-11-09", "2020-11-10"]);
    for (day, (sum, theatre)) in by_day {
        assert!(theatre > 10_000.0 && theatre < 13_000.0, "{day}: the theatre is {theatre} km2");
        assert!((sum / theatre - 1.0).abs() < 0.005, "{day}: {sum} vs {theatre}");
    }
}

#[test]
fn stats_as_json_and_as_an_svg_chart_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["stats", "--format", "json"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["days"].as_array().unwrap().len(), 66);
    assert_eq!(json["days"][43]["date"], "2020-11-09");
    assert!(json["days"][43]["change_km2"]["az"].as_f64().unwrap() > 500.0, "Shusha and Lachin road: a big day");

    let output = frontline(&["stats", "--format", "svg", "--out", "areas.svg"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    svg_parses(&dir.path().join("areas.svg"));
    let svg = std::fs::read_to_string(dir.path().join("areas.svg")).unwrap();
    for text in ["<title>", "Held by Azerbaijan", "Held by Armenian forces", "km²", "Source: frontline", "27 Sep"] {
        assert!(svg.contains(text), "the chart lacks {text}");
    }
}

#[test]
fn export_a_range_has_every_date_and_stays_rfc7946() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        frontline(&["export", "--from", "2020-11-08", "--to", "2020-11-10", "--out", "range.geojson"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("range.geojson")).unwrap();
    let collection: geojson::FeatureCollection = text.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    let date = |f: &geojson::Feature| f.property("date").and_then(|d| d.as_str()).map(String::from);
    assert!(collection.features.iter().all(|f| date(f).is_some()), "every feature has a date");
    for day in ["2020-11-08", "2020-11-09", "2020-11-10"] {
        let kinds: Vec<&str> = collection
            .features
            .iter()
            .filter(|f| date(f).as_deref() == Some(day))
            .filter_map(|f| f.property("kind").and_then(|k| k.as_str()))
            .collect();
        assert!(kinds.contains(&"area") && kinds.contains(&"frontline"), "{day}: {kinds:?}");
    }
    for feature in &collection.features {
        let Some(geometry) = &feature.geometry else { continue };
        let geometry: geo::Geometry<f64> = geometry.clone().try_into().unwrap();
        if let geo::Geometry::MultiPolygon(polygons) = &geometry {
            for polygon in polygons {
                assert!(geo::Winding::is_ccw(polygon.exterior()), "RFC 7946: exterior rings counter-clockwise");
            }
        }
        let rect = geo::BoundingRect::bounding_rect(&geometry).unwrap();
        assert!(rect.min().x > 40.0 && rect.max().x < 52.0 && rect.min().y > 36.0 && rect.max().y < 44.0, "lon/lat");
    }
}

#[test]
fn export_date_conflicts_with_a_range() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails(&["export", "--date", "2020-11-09", "--from", "2020-11-01"], dir.path(), 2, &[]);
    // A date or a range is required.
    assert_fails(&["export"], dir.path(), 2, &[]);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let output = frontline(
            &["render", "--date", "2020-11-08", "--width", "800", "--height", "550", "--out", out, "-q"],
            dir.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    for name in ["frontline-2020-11-08.svg", "frontline-2020-11-08.png", "manifest.json"] {
        let a = std::fs::read(dir.path().join("a").join(name)).unwrap();
        let b = std::fs::read(dir.path().join("b").join(name)).unwrap();
        assert!(a == b, "{name} differs between two runs");
    }
}

#[test]
fn a_png_carries_title_description_software_and_the_maps_date() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(
        &["render", "--date", "2020-11-08", "--format", "png", "--width", "800", "--height", "550"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let file = std::fs::File::open(dir.path().join("output/frontline-2020-11-08.png")).unwrap();
    let reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().unwrap();
    let info = reader.info();
    let mut text: Vec<(String, String)> =
        info.uncompressed_latin1_text.iter().map(|t| (t.keyword.clone(), t.text.clone())).collect();
    text.extend(info.utf8_text.iter().map(|t| (t.keyword.clone(), t.get_text().unwrap())));
    let get = |key: &str| text.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    assert!(get("Title").contains("8 November 2020"), "{text:?}");
    assert!(get("Description").contains("2020-11-08") && get("Description").contains("Sources:"), "{text:?}");
    assert!(get("Description").contains("The Jerusalem Post"), "the day's sources are named");
    assert_eq!(get("Software"), format!("frontline {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(get("Creation Time"), "Sun, 08 Nov 2020 00:00:00 +0000", "the map's date, not the time of the run");
    let svg = std::fs::read_to_string(dir.path().join("output/frontline-2020-11-08.png").with_extension("svg"));
    assert!(svg.is_err(), "png only");
}

#[test]
fn render_compare_draws_the_ground_gained_since_another_date_with_its_km2() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["render", "--date", "2020-11-09", "--compare", "2020-10-01", "--format", "svg", "--out", "maps", "-q"];
    let output = frontline(&args, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(dir.path().join("maps/frontline-2020-11-09.svg")).unwrap();
    assert!(svg.contains("Gained since 1 October 2020: Azerbaijan +"), "the panel gives the km2 gained");
    assert!(svg.contains("rotate(-45)"), "the gained ground is hatched across the claims' hatching");
    assert!(svg.contains("Gained by Azerbaijan since 1 October 2020"), "the legend names it");
    svg_parses(&dir.path().join("maps/frontline-2020-11-09.svg"));
    // The same day without --compare has none of it.
    let plain = frontline(&["render", "--date", "2020-11-09", "--format", "svg", "--out", "plain", "-q"], dir.path());
    assert!(plain.status.success());
    let svg = std::fs::read_to_string(dir.path().join("plain/frontline-2020-11-09.svg")).unwrap();
    assert!(!svg.contains("Gained since") && !svg.contains("rotate(-45)"));
}

#[test]
fn render_compare_outside_the_span_is_a_usage_error_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["render", "--date", "2020-11-09", "--compare", "2019-01-01", "--out", "maps"];
    assert_fails_writing_nothing(&args, dir.path(), 2, &["--compare 2019-01-01 is outside the dataset's span"]);
}

#[test]
fn render_arrows_only_where_ground_changed_side() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    let data = data.to_str().unwrap();
    let args = ["render", "--data", data, "--arrows", "--format", "svg", "--out", "maps", "-q"];
    let output = frontline(&args, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let read = |day: &str| std::fs::read_to_string(dir.path().join(format!("maps/frontline-{day}.svg"))).unwrap();
    let legend = "Advance (derived from the changes of control)";
    // The first day changes nothing; on 2 January Delta's cell changes side.
    assert!(!read("2020-01-01").contains(legend), "no change, no arrow");
    assert!(read("2020-01-02").contains(legend), "a change of side gives an arrow");
    assert!(!read("2020-01-03").contains(legend), "a confirmation moves no ground");
}

/// Every ring of every polygon of a GeoJSON file turned the other way (as GDAL and GEOS
/// write exteriors: clockwise).
fn reverse_rings(path: &Path) {
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for feature in value["features"].as_array_mut().unwrap() {
        let geometry = &mut feature["geometry"];
        let polygons: Vec<&mut serde_json::Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![&mut geometry["coordinates"]],
            Some("MultiPolygon") => geometry["coordinates"].as_array_mut().unwrap().iter_mut().collect(),
            _ => continue,
        };
        for polygon in polygons {
            for ring in polygon.as_array_mut().unwrap() {
                ring.as_array_mut().unwrap().reverse();
            }
        }
    }
    std::fs::write(path, serde_json::to_string(&value).unwrap()).unwrap();
}

#[test]
fn a_clockwise_theatre_and_countries_give_the_same_stats_and_maps() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let run = |args: &[&str]| {
        let output = frontline(args, dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        output
    };
    let data_arg = data.to_str().unwrap();
    let before = stdout(&run(&["stats", "--format", "csv", "--data", data_arg]));
    run(&["render", "--date", "2020-01-04", "--format", "svg", "--out", "before", "--data", data_arg, "-q"]);
    reverse_rings(&data.join("theatre.geojson"));
    reverse_rings(&data.join("layers/countries.geojson"));
    let after = stdout(&run(&["stats", "--format", "csv", "--data", data_arg]));
    run(&["render", "--date", "2020-01-04", "--format", "svg", "--out", "after", "--data", data_arg, "-q"]);
    assert_eq!(before, after, "stats do not depend on the winding of the rings");
    let theatre_km2: f64 = after.lines().nth(1).unwrap().split(',').nth(4).unwrap().parse().unwrap();
    assert!(
        (2000.0..5000.0).contains(&theatre_km2),
        "a 0.6 x 0.6 degree square, not the rest of the globe: {theatre_km2}"
    );
    let svg = |folder: &str| std::fs::read(dir.path().join(folder).join("frontline-2020-01-04.svg")).unwrap();
    assert_eq!(svg("before"), svg("after"), "the map does not depend on the winding of the rings");
}

#[test]
fn a_line_of_contact_in_pieces_is_used_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    // Blueland's edge is no front here, so only the line of contact draws one on the east.
    edit_file(&data.join("dataset.toml"), |toml| {
        toml.replacen("home = \"Blueland\"\n", "home = \"Blueland\"\nhome_front = false\n", 1)
    });
    let front = |dir: &Path, data: &Path| {
        let args = ["export", "--date", "2020-01-01", "--layer", "front", "--data", data.to_str().unwrap()];
        let output = frontline(&args, dir);
        assert!(output.status.success(), "{}", stderr(&output));
        // The latitudes the front reaches, in one piece: the whole line of contact inside the
        // theatre (40.2..40.8) is a front on the first day.
        let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let pieces = value["features"][0]["geometry"]["coordinates"].as_array().unwrap().clone();
        assert_eq!(pieces.len(), 1, "{pieces:?}");
        let lat = |i: usize| pieces[0][i][1].as_f64().unwrap();
        let n = pieces[0].as_array().unwrap().len();
        let (south, north) = (lat(0).min(lat(n - 1)), lat(0).max(lat(n - 1)));
        assert!(south < 40.21 && north > 40.79, "{south}..{north}");
        (south * 1e3).round() as i64 * 1_000_000 + (north * 1e3).round() as i64
    };
    let whole = front(dir.path(), &data);
    let properties = r#""properties":{"id":"loc","kind":"line_of_contact","name":"Line of contact"}"#;
    let multi = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature",{properties},"geometry":{{"type":"MultiLineString","coordinates":[[[45.8,40.1],[45.8,40.5]],[[45.8,40.5],[45.8,40.9]]]}}}}]}}"#
    );
    std::fs::write(data.join("frontline.geojson"), multi).unwrap();
    assert_eq!(front(dir.path(), &data), whole, "a MultiLineString");
    let two = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature",{properties},"geometry":{{"type":"LineString","coordinates":[[45.8,40.1],[45.8,40.5]]}}}},{{"type":"Feature",{},"geometry":{{"type":"LineString","coordinates":[[45.8,40.5],[45.8,40.9]]}}}}]}}"#,
        properties.replace("\"loc\"", "\"loc-2\"")
    );
    std::fs::write(data.join("frontline.geojson"), two).unwrap();
    assert_eq!(front(dir.path(), &data), whole, "two features");
}

#[test]
fn validate_warns_of_swapped_coordinates_unknown_homes_and_events_that_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("places.geojson"), |places| places.replace("[45.35,40.35]", "[40.35,45.35]"));
    edit_file(&data.join("dataset.toml"), |toml| {
        toml.replace("home = \"Redland\"", "home = \"Red Land\"")
            .replace("title = ", "large_cell_km2 = 10000\ntitle = ")
    });
    edit_file(&data.join("events.csv"), |events| {
        events
            + "2020-01-05,control,delta,,,blue,confirmed,Delta confirmed again,\"Test Wire, 2020-01-05, https://example.org/g\",\n"
    });
    let text = validate_ok(&data, dir.path());
    assert!(text.contains("warnings: 3"), "{text}");
    assert!(
        text.contains("place \"charlie\" at [40.35, 45.35] is far outside the view and the theatre (fix: lon and lat look swapped: GeoJSON positions are [lon, lat], write [45.35, 40.35])"),
        "{text}"
    );
    assert!(text.contains("side \"red\": home \"Red Land\" is not a \"name\" of the countries layer"), "{text}");
    assert!(text.contains("(fix: use one of Blueland, Redland)"), "{text}");
    assert!(
        text.contains("events.csv:7: control event confirms delta for blue, who already holds it confirmed"),
        "{text}"
    );
    assert!(text.contains("cells with more than 10000 km2 that no area sets: 0"), "{text}");
}

#[test]
fn validate_warns_of_swapped_coordinates_that_stay_in_the_view() {
    // A wide view, as a theatre near the diagonal (Georgia: 42 N, 44 E) has: charlie swapped
    // to [40.35, 45.35] is no longer far, but only its swap lies in the theatre.
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("places.geojson"), |places| places.replace("[45.35,40.35]", "[40.35,45.35]"));
    edit_file(&data.join("dataset.toml"), |toml| {
        toml.replace(
            "view = { west = 44.9, south = 39.9, east = 46.1, north = 41.1 }",
            "view = { west = 39.0, south = 39.0, east = 47.0, north = 47.0 }",
        )
    });
    edit_file(&data.join("events.csv"), |events| {
        events + "2020-01-05,strike,,40.5,45.5,,confirmed,Strike,\"Test Wire, 2020-01-05, https://example.org/g\",\n"
    });
    let text = validate_ok(&data, dir.path());
    assert!(
        text.contains("place \"charlie\" at [40.35, 45.35] is outside the theatre, but [45.35, 40.35] is inside it (fix: lon and lat look swapped"),
        "{text}"
    );
    assert!(
        text.contains("events.csv:7: lon 40.5, lat 45.5 is outside the theatre, but lon 45.5, lat 40.5 is inside it"),
        "{text}"
    );
}

#[test]
fn validate_warns_of_a_dataset_without_countries() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("dataset.toml"), |toml| {
        toml.replace("[[layers]]\nfile = \"layers/countries.geojson\"\nrole = \"countries\"", "")
    });
    let text = validate_ok(&data, dir.path());
    assert!(text.contains("warnings: 1\n  dataset.toml: no [[layers]] with role = \"countries\""), "{text}");
}

#[test]
fn validate_lists_every_missing_key_of_dataset_toml_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    let toml = std::fs::read_to_string(data.join("dataset.toml")).unwrap();
    let toml: String = toml
        .lines()
        .filter(|line| !line.starts_with("title") && !line.starts_with("view") && !line.starts_with("projection"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(data.join("dataset.toml"), toml.replace("colour = \"#3c7fb8\"\n", "")).unwrap();
    let text = assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &[]);
    assert!(text.starts_with("frontline: the dataset has 4 problems:"), "{text}");
    for key in ["title", "view", "projection", "sides[0].colour"] {
        assert!(text.contains(&format!("dataset.toml: missing key {key}: expected")), "{key}: {text}");
    }
}

#[test]
fn init_writes_a_template_that_validates_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["init", "my-war"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let output = frontline(&["validate", "--data", "my-war"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("warnings: 0"), "{text}");
    assert!(text.contains("events that contradict each other: 0"), "{text}");
    let args = ["render", "--data", "my-war", "--date", "2024-03-03", "--out", "maps", "-q"];
    let output = frontline(&args, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        files_in(&dir.path().join("maps")),
        ["frontline-2024-03-03.png", "frontline-2024-03-03.svg", "manifest.json"]
    );
    svg_parses(&dir.path().join("maps/frontline-2024-03-03.svg"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/notes.txt"), "keep me").unwrap();
    let message = assert_fails(&["init", "mine"], dir.path(), 2, &[]);
    assert!(message.starts_with("frontline: init mine: the folder is not empty"), "{message}");
    assert_eq!(files_in(&dir.path().join("mine")), ["notes.txt"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(), "keep me");
}

#[test]
fn csv_gets_a_byte_order_mark_only_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    let data = data.to_str().unwrap();
    for command in ["stats", "events"] {
        let plain = frontline(&[command, "--format", "csv", "--data", data], dir.path());
        assert!(plain.status.success(), "{}", stderr(&plain));
        assert!(plain.stdout.starts_with(b"date,"), "{command}: UTF-8 without a BOM by default");
        let marked = frontline(&[command, "--format", "csv", "--bom", "--data", data], dir.path());
        assert!(marked.status.success(), "{}", stderr(&marked));
        assert_eq!(marked.stdout[..3], [0xef, 0xbb, 0xbf], "{command}");
        assert_eq!(marked.stdout[3..], plain.stdout[..], "{command}: the same CSV after the mark");
        let json = assert_fails(&[command, "--format", "json", "--bom", "--data", data], dir.path(), 2, &[]);
        assert!(json.starts_with("frontline: --bom: expected --format csv"), "{json}");
    }
}

#[test]
fn render_dpi_writes_the_physical_size_of_the_png() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    let args = ["render", "--date", "2020-01-02", "--format", "png", "--dpi", "300", "--out", "maps", "-q"];
    let output = frontline(&[&args[..], &["--data", data.to_str().unwrap()]].concat(), dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let file = std::fs::File::open(dir.path().join("maps/frontline-2020-01-02.png")).unwrap();
    let reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().unwrap();
    let dims = reader.info().pixel_dims.expect("a pHYs chunk");
    // 300 dots per inch = 11,811 per metre (1 inch = 0.0254 m).
    assert_eq!((dims.xppu, dims.yppu, dims.unit), (11811, 11811, png::Unit::Meter));
    assert_fails(&["render", "--dpi", "0"], dir.path(), 2, &[]);
}

#[test]
fn lang_takes_any_code_of_the_dataset_with_a_fallback_per_place() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_mini_dataset(dir.path());
    edit_file(&data.join("places.geojson"), |places| {
        places.replace(r#""name":{"en":"Bravo"}"#, r#""name":{"en":"Bravo","uk":"Браво"}"#)
    });
    let data_arg = data.to_str().unwrap();
    let args = [
        "render",
        "--date",
        "2020-01-04",
        "--format",
        "svg",
        "--lang",
        "uk",
        "--out",
        "maps",
        "-q",
        "--data",
        data_arg,
    ];
    let output = frontline(&args, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(dir.path().join("maps/frontline-2020-01-04.svg")).unwrap();
    assert!(svg.contains("Браво"), "the Ukrainian name where there is one");
    assert!(svg.contains("Alpha"), "English where there is none");
    let message = assert_fails(&["render", "--lang", "ka", "--data", data_arg], dir.path(), 2, &[]);
    assert!(
        message.starts_with(
            "frontline: --lang ka: no place of the dataset has a name in \"ka\" and its words are not translated \
             (expected one of az, en, hy, ru, uk, or a chain such as os,ru)"
        ),
        "{message}"
    );
    let message = assert_fails(&["render", "--lang", "not a code", "--data", data_arg], dir.path(), 2, &[]);
    assert!(message.starts_with("frontline: "), "{message}");
}

/// The km² of each side that the maps print for `day` (poster panel or compact strip), by side
/// name: "Azerbaijan: 4,050 km² (+911 today)" is 4050.
fn printed_km2(svg: &str, name: &str) -> Option<f64> {
    let start = svg.find(&format!(">{name}: "))? + name.len() + 3;
    let figure: String = svg[start..].chars().take_while(|c| *c != ' ').filter(|c| c.is_ascii_digit()).collect();
    figure.parse().ok()
}

/// The km² validate prints on a line starting with `start` before `unit` ("theatre: 14378 km2").
fn validate_km2(report: &str, start: &str, before: &str) -> f64 {
    let line =
        report.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("{start}: {report}"));
    let head = &line[..line.find(before).unwrap_or_else(|| panic!("{before}: {line}"))];
    let number = head.rsplit(['(', ' ']).find(|s| !s.is_empty()).unwrap();
    number.parse().unwrap_or_else(|e| panic!("{number:?} in {line}: {e}"))
}

/// The panel, the compact strip, the report's data, stats and validate give one km² for each
/// side and day, `days` of the dataset `data` (the embedded one when `None`).
fn assert_one_figure(dir: &Path, data: Option<&Path>, days: &[&str]) {
    let with_data = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        if let Some(data) = data {
            all.extend(["--data", data.to_str().unwrap()]);
        }
        let output = frontline(&all, dir);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output)
    };
    let stats: serde_json::Value = serde_json::from_str(&with_data(&["stats", "--format", "json"])).unwrap();
    with_data(&["report", "--out", "report", "-q"]);
    let page = std::fs::read_to_string(dir.join("report/index.html")).unwrap();
    let blob = page.split(r#"id="frontline-data">"#).nth(1).unwrap().split("</script>").next().unwrap();
    let report: serde_json::Value = serde_json::from_str(blob).unwrap();
    let validate = with_data(&["validate"]);
    // One rounding: the tenths of stats, then whole km² half away from zero (f64::round).
    let whole = |figure: &serde_json::Value| figure.as_f64().unwrap().round();
    assert_eq!(validate_km2(&validate, "theatre:", " km2"), whole(&stats["theatre_km2"]), "{validate}");
    let stats_day = |date: &str| stats["days"].as_array().unwrap().iter().find(|d| d["date"] == date).unwrap().clone();
    let report_day =
        |date: &str| report["days"].as_array().unwrap().iter().find(|d| d["date"] == date).unwrap().clone();
    let last = stats["days"].as_array().unwrap().last().unwrap()["date"].as_str().unwrap().to_string();
    for (s, side) in stats["sides"].as_array().unwrap().iter().enumerate() {
        let (id, name) = (side["id"].as_str().unwrap(), side["name"].as_str().unwrap());
        let on_the_last_day = validate_km2(&validate, &format!("{name}:"), " km2) on the last day");
        assert_eq!(on_the_last_day, whole(&stats_day(&last)["area_km2"][id]), "{id}: {validate}");
        for day in days {
            let figure = &stats_day(day)["area_km2"][id];
            assert_eq!(report_day(day)["areas"][s], *figure, "{id} on {day}: the report's data");
            for width in ["1600", "800"] {
                let svg = with_data(&["render", "--date", day, "--format", "svg", "--width", width, "--out", "-"]);
                let printed = printed_km2(&svg, name);
                // A peacekeeping side without ground is left out of the panel.
                assert_eq!(printed.unwrap_or(0.0), whole(figure), "{id} on {day}, {width} px wide");
            }
        }
    }
}

/// Regression: the panel measured areas on the map's projection, the report rounded the tenths
/// of stats again (3005.46 was 3005.5 then 3,006 on the page but 3,005 on the map) and
/// validate measured the projected theatre: one dataset, three figures of each area.
#[test]
fn panel_strip_report_stats_and_validate_give_one_km2_figure() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_figure(dir.path(), None, &["2020-09-27", "2020-11-09", "2020-12-01"]);
    let mini = copy_mini_dataset(dir.path());
    // A ceasefire, so that validate gives each side's ground on the last day.
    edit_file(&mini.join("events.csv"), |text| {
        text.trim_end().to_string()
            + "\n2020-01-04,ceasefire,,,,,confirmed,A truce,\"Test Wire, 2020-01-04, https://example.org/t\",synthetic\n"
    });
    assert_one_figure(dir.path(), Some(&mini), &["2020-01-01", "2020-01-03", "2020-01-05"]);
}

/// Regression: validate's account of how the theatre ended named one side by its id ("held by
/// az") and lumped the others together, which said little with three sides. Each side now has
/// a line of its own, by name, and the shares on the last day add up to the whole.
#[test]
fn validate_gives_each_sides_ground_at_the_ceasefire_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(&["validate"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    let lines: Vec<&str> = report
        .lines()
        .skip_while(|l| *l != "theatre at the ceasefire of 2020-11-10 and on the last day, 2020-12-01:")
        .skip(1)
        .take(3)
        .map(str::trim)
        .collect();
    assert_eq!(
        lines[0],
        "Azerbaijan: 38.0% (4413 km2) at the ceasefire, +38.3% (+4453 km2) after it, 76.3% (8865 km2) on the last day",
        "{report}"
    );
    assert!(lines[1].starts_with("Armenian forces: 62.0% "), "{report}");
    assert!(lines[2].starts_with("Russian peacekeepers: 0.0% (0 km2) at the ceasefire, +0.5%"), "{report}");
    let last_day_share = |line: &str| -> f64 {
        let tail = line.rsplit(", ").next().unwrap();
        tail.split('%').next().unwrap().parse().unwrap()
    };
    let total: f64 = lines.iter().map(|l| last_day_share(l)).sum();
    assert!((total - 100.0).abs() <= 0.15, "{total}: {report}");
}
