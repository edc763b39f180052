//! Area events on the synthetic dataset of tests/fixtures/mini: an area sets all the ground it
//! covers, and once set, its edge is a hard edge for the cells of later place events.
//!
//! The mini theatre is the square 45.2..45.8 E, 40.2..40.8 N with four red places, one per
//! quadrant (alpha NW, bravo NE, charlie SW, delta SE), so each cell is a quadrant.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use frontline::Atlas;
use frontline::dataset::{DataSource, Dataset, Status};
use geo::{Contains, Point};

/// The strip 45.2..45.6 E: all of the western cells and a third of the eastern ones.
const STRIP: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"strip","name":"Western strip","source":"synthetic"},
 "geometry":{"type":"Polygon","coordinates":[[[45.1,40.1],[45.6,40.1],[45.6,40.9],[45.1,40.9],[45.1,40.1]]]}}
]}"#;

/// The strip, then a rule naming an area that does not exist.
const BROKEN: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"strip","source":"synthetic"},
 "geometry":{"type":"Polygon","coordinates":[[[45.1,40.1],[45.6,40.1],[45.6,40.9],[45.1,40.9],[45.1,40.1]]]}},
{"type":"Feature","properties":{"id":"north","source":"synthetic","rule":{"op":"intersection","of":["strip","top"]}},"geometry":null}
]}"#;

fn dataset_with(dir: &Path, areas: &str, events: &[&str]) -> PathBuf {
    let data = common::copy_mini_dataset(dir);
    std::fs::write(data.join("areas.geojson"), areas).unwrap();
    common::write_events(&data, events);
    data
}

fn atlas(data: &Path) -> Atlas {
    Atlas::new(Dataset::load(&DataSource::Dir(data.to_path_buf())).unwrap())
}

/// Who holds the ground at a lon/lat point on a day, and with what status.
fn holder(atlas: &Atlas, day: &str, lon: f64, lat: f64) -> (String, Status) {
    let day: NaiveDate = day.parse().unwrap();
    let control = atlas.control(&atlas.state(day));
    let at = Point::from(atlas.projection.forward(lon, lat));
    for area in &control.areas {
        let side = atlas.dataset.meta.sides[area.side].id.clone();
        for (status, ground) in [
            (Status::Confirmed, &area.confirmed),
            (Status::Claimed, &area.claimed),
            (Status::Contested, &area.contested),
        ] {
            if ground.contains(&at) {
                return (side, status);
            }
        }
    }
    panic!("nobody holds {lon},{lat} on {day}")
}

const SOURCE: &str = "\"Test Wire, 2020-01-02, https://example.org/a\"";

#[test]
fn an_area_event_sets_all_the_ground_it_covers_and_its_places() {
    let dir = tempfile::tempdir().unwrap();
    let data = dataset_with(
        dir.path(),
        STRIP,
        &[&format!("2020-01-02,control,,,,blue,confirmed,Blue holds the strip,{SOURCE},synthetic,strip")],
    );
    let atlas = atlas(&data);
    assert_eq!(holder(&atlas, "2020-01-01", 45.3, 40.7).0, "red");
    assert_eq!(holder(&atlas, "2020-01-02", 45.3, 40.7), ("blue".into(), Status::Confirmed));
    // Inside the eastern cells but within the strip: blue. Outside the strip: still red.
    assert_eq!(holder(&atlas, "2020-01-02", 45.55, 40.7).0, "blue");
    assert_eq!(holder(&atlas, "2020-01-02", 45.7, 40.7).0, "red");
    // The places inside the area move with it; bravo (45.65) does not.
    let state = atlas.state("2020-01-02".parse().unwrap());
    let side = |id: &str| atlas.dataset.meta.sides[state.side_of(atlas.dataset.place_index(id).unwrap())].id.clone();
    assert_eq!((side("alpha"), side("charlie"), side("bravo")), ("blue".into(), "blue".into(), "red".into()));
    // The front runs along the strip's edge.
    let control = atlas.control(&state);
    let front_x: Vec<f64> = control
        .frontline
        .0
        .iter()
        .flat_map(|line| line.0.iter())
        .map(|c| atlas.projection.inverse(c.x, c.y).x)
        .collect();
    // The east edge, 45.8, is the mini dataset's line of contact: red still holds behind it.
    // The theatre's other edges are fronts where the ground across is the other side's home:
    // Redland west of 45.2 (blue holds the strip now), Blueland north and south of red's part.
    // None runs through the strip.
    let on = |x: f64, at: f64| (x - at).abs() < 1e-5;
    assert!(front_x.iter().any(|x| on(*x, 45.6)), "{front_x:?}");
    assert!(front_x.iter().any(|x| on(*x, 45.2)), "{front_x:?}");
    assert!(front_x.iter().all(|x| on(*x, 45.2) || *x >= 45.6 - 1e-5), "{front_x:?}");
}

#[test]
fn a_later_place_event_does_not_cross_an_area_edge() {
    let dir = tempfile::tempdir().unwrap();
    let data = dataset_with(
        dir.path(),
        STRIP,
        &[
            &format!("2020-01-02,control,,,,blue,confirmed,Blue holds the strip,{SOURCE},synthetic,strip"),
            &format!("2020-01-03,control,bravo,,,blue,claimed,Blue claims Bravo,{SOURCE},synthetic,"),
            &format!("2020-01-04,control,alpha,,,red,contested,Red claims Alpha back,{SOURCE},synthetic,"),
        ],
    );
    let atlas = atlas(&data);
    // Bravo's cell outside the strip follows its place; inside the strip the area's state stays.
    assert_eq!(holder(&atlas, "2020-01-03", 45.7, 40.7), ("blue".into(), Status::Claimed));
    assert_eq!(holder(&atlas, "2020-01-03", 45.55, 40.7), ("blue".into(), Status::Confirmed));
    // Alpha lies in the strip: its event repaints only its cell's part of the strip.
    assert_eq!(holder(&atlas, "2020-01-04", 45.3, 40.7), ("red".into(), Status::Contested));
    assert_eq!(holder(&atlas, "2020-01-04", 45.3, 40.3), ("blue".into(), Status::Confirmed), "charlie untouched");
    assert_eq!(
        holder(&atlas, "2020-01-04", 45.55, 40.7),
        ("blue".into(), Status::Confirmed),
        "bravo's part of the strip"
    );
}

#[test]
fn keep_changes_the_side_and_keeps_the_status_of_ground_already_held() {
    let dir = tempfile::tempdir().unwrap();
    let data = dataset_with(
        dir.path(),
        STRIP,
        &[
            &format!("2020-01-02,control,charlie,,,blue,claimed,Blue claims Charlie,{SOURCE},synthetic,"),
            &format!("2020-01-03,ceasefire,,,,blue,keep,Blue stands in the strip,{SOURCE},synthetic,strip"),
        ],
    );
    let atlas = atlas(&data);
    // A claim stays a claim until a source names the place; ground that comes to blue only
    // through the area is confirmed by the area's sources.
    assert_eq!(holder(&atlas, "2020-01-03", 45.3, 40.3), ("blue".into(), Status::Claimed), "already blue");
    assert_eq!(holder(&atlas, "2020-01-03", 45.3, 40.7), ("blue".into(), Status::Confirmed), "newly blue");
}

#[test]
fn sides_still_add_up_to_the_theatre_with_areas() {
    let dir = tempfile::tempdir().unwrap();
    let data = dataset_with(
        dir.path(),
        STRIP,
        &[&format!("2020-01-02,control,,,,blue,confirmed,Blue holds the strip,{SOURCE},synthetic,strip")],
    );
    let atlas = atlas(&data);
    for day in atlas.dataset.meta.days() {
        let control = atlas.control(&atlas.state(day));
        let total: f64 = control.areas.iter().map(|a| a.area_km2).sum();
        // The pieces are measured geodesically with their edges straight on the map, the
        // theatre along geodesics between its lon/lat vertices: 1e-5 apart at this size.
        let theatre = atlas.cells.theatre_area_km2;
        assert!((total / theatre - 1.0).abs() < 1e-4, "{day}: {total} vs {theatre}");
        // And no ground is lost or counted twice: the pieces add up exactly.
        let pieces: f64 = atlas.ground.atoms.iter().map(|a| a.km2).sum();
        assert!((total / pieces - 1.0).abs() < 1e-9, "{day}: {total} vs {pieces}");
    }
}

#[test]
fn bad_area_rows_name_the_line_and_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let data = dataset_with(
        dir.path(),
        BROKEN,
        &[
            &format!("2020-01-02,control,,,,blue,confirmed,Blue holds it,{SOURCE},synthetic,nowhere"),
            &format!("2020-01-02,control,alpha,,,blue,confirmed,Both,{SOURCE},synthetic,strip"),
            &format!("2020-01-02,strike,,,,blue,confirmed,A strike,{SOURCE},synthetic,strip"),
            &format!("2020-01-02,control,alpha,,,blue,keep,Keep,{SOURCE},synthetic,"),
        ],
    );
    let needles = [
        "areas.geojson: feature 1 (\"north\"): rule: unknown area \"top\"",
        "events.csv:2: column \"area\": unknown area \"nowhere\"",
        "events.csv:3: an event names a place or an area, not both",
        "events.csv:4: a strike event cannot set an area",
        "events.csv:5: column \"status\": \"keep\" is for area events only",
    ];
    common::assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &needles);
}
