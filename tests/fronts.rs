//! Where the front runs on the theatre's edge, on the synthetic dataset of tests/fixtures/mini:
//! the square theatre 45.2..45.8 E, 40.2..40.8 N, held by red, inside Blueland (blue's home)
//! east of 45.2, with Redland (red's home) west of it and the line of contact on its east edge.

mod common;

use std::path::Path;

use frontline::Atlas;
use frontline::dataset::{DataSource, Dataset};

/// Red's whole theatre taken by a third side, "grey", on 2 January.
const GREY_TAKES_ALL: &str = "2020-01-02,control,,,,grey,confirmed,Grey holds the theatre,\
    \"Test Wire, 2020-01-02, https://example.org/a\",synthetic,all";

const ALL: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"all","name":"Everything","source":"synthetic","rule":{"op":"theatre"}},"geometry":null}
]}"#;

/// The mini dataset with a third side (its own lines after red's), the area "all" and events.
fn dataset(dir: &Path, grey: &str, events: &[&str]) -> Atlas {
    let data = common::copy_mini_dataset(dir);
    common::edit_file(&data.join("dataset.toml"), |text| {
        let red = "[[sides]]\nid = \"red\"\nname = \"Red side\"\ncolour = \"#e08a3c\"\nhome = \"Redland\"\n";
        assert!(text.contains(red), "the mini dataset's red side changed");
        text.replacen(
            red,
            &format!("{red}\n[[sides]]\nid = \"grey\"\nname = \"Grey side\"\ncolour = \"#777777\"\n{grey}\n"),
            1,
        )
    });
    std::fs::write(data.join("areas.geojson"), ALL).unwrap();
    common::write_events(&data, events);
    Atlas::new(Dataset::load(&DataSource::Dir(data)).unwrap())
}

/// The front's vertices on a day, lon/lat.
fn front(atlas: &Atlas, day: &str) -> Vec<(f64, f64)> {
    let control = atlas.control(&atlas.state(day.parse().unwrap()));
    control
        .frontline
        .0
        .iter()
        .flat_map(|line| line.0.iter())
        .map(|c| {
            let at = atlas.projection.inverse(c.x, c.y);
            (at.x, at.y)
        })
        .collect()
}

fn near(a: f64, b: f64) -> bool {
    // The edges are straight in the projection, so a little curved in lon/lat.
    (a - b).abs() < 5e-3
}

/// Vertices on the west edge (against Redland), on the north edge (against Blueland), and on
/// the east edge (the line of contact).
fn edges(front: &[(f64, f64)]) -> (bool, bool, bool) {
    let west = front.iter().any(|&(x, y)| near(x, 45.2) && y > 40.3 && y < 40.7);
    let north = front.iter().any(|&(x, y)| near(y, 40.8) && x > 45.3 && x < 45.7);
    let east = front.iter().any(|&(x, y)| near(x, 45.8) && y > 40.3 && y < 40.7);
    (west, north, east)
}

#[test]
fn the_edge_is_a_front_where_an_opposed_side_holds_the_ground_across_it() {
    let dir = tempfile::tempdir().unwrap();
    let atlas = dataset(dir.path(), "", &[GREY_TAKES_ALL]);
    // Day 1: red holds the theatre; Redland (red) is no front, Blueland and the line are.
    assert_eq!(edges(&front(&atlas, "2020-01-01")), (false, true, true));
    // Day 2: grey holds it, opposed to both homes: every edge is a front.
    assert_eq!(edges(&front(&atlas, "2020-01-02")), (true, true, true));
}

#[test]
fn allies_have_no_front_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let atlas = dataset(dir.path(), "allies = [\"blue\"]", &[GREY_TAKES_ALL]);
    // Grey fights beside blue: the edges against Blueland and the line are no front; Redland's is.
    assert_eq!(edges(&front(&atlas, "2020-01-02")), (true, false, false));
}

#[test]
fn a_home_that_is_no_front_keeps_its_border_a_border() {
    let dir = tempfile::tempdir().unwrap();
    let atlas = dataset(dir.path(), "", &[GREY_TAKES_ALL]);
    assert!(edges(&front(&atlas, "2020-01-02")).0);
    let dir = tempfile::tempdir().unwrap();
    let data = common::copy_mini_dataset(dir.path());
    common::edit_file(&data.join("dataset.toml"), |text| {
        text.replacen("home = \"Redland\"\n", "home = \"Redland\"\nhome_front = false\n", 1)
    });
    let atlas = Atlas::new(Dataset::load(&DataSource::Dir(data)).unwrap());
    // Red holds all (no events): Blueland's edges are fronts, Redland's never is.
    assert_eq!(edges(&front(&atlas, "2020-01-01")), (false, true, true));
}

#[test]
fn held_ground_a_little_apart_from_the_theatre_still_counts_as_across_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::copy_mini_dataset(dir.path());
    // Red holds a strip of Blueland north of the theatre, drawn 200 m short of its edge.
    let held = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"north","name":"North strip","side":"red","source":"synthetic"},
 "geometry":{"type":"Polygon","coordinates":[[[45.1,40.802],[45.9,40.802],[45.9,41.0],[45.1,41.0],[45.1,40.802]]]}}
]}"#;
    std::fs::write(data.join("layers/held.geojson"), held).unwrap();
    common::edit_file(&data.join("dataset.toml"), |text| {
        format!("{text}\n[[layers]]\nfile = \"layers/held.geojson\"\nrole = \"held\"\n")
    });
    let atlas = Atlas::new(Dataset::load(&DataSource::Dir(data)).unwrap());
    // Red on both sides of the north edge: no front there (the gap is not Blueland's).
    assert_eq!(edges(&front(&atlas, "2020-01-01")), (false, false, true));
}
