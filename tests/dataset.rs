//! Tests of the embedded dataset through the library: the course of the war falls on the days
//! the sources give, the areas add up, and no row loses its source or a key place its
//! coordinates.

use std::sync::OnceLock;

use chrono::NaiveDate;
use frontline::Atlas;
use frontline::dataset::{Dataset, EventKind};
use geo::{Area, Contains, Point};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::new(Dataset::embedded().expect("the embedded dataset loads")))
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The side id holding a place on a day, from the exported areas (lon/lat polygons), as a
/// user of `frontline export` would find it.
fn side_in_export(place: &str, date: &str) -> String {
    let atlas = atlas();
    let index = atlas.dataset.place_index(place).unwrap_or_else(|| panic!("no place {place}"));
    let point: Point<f64> = atlas.dataset.places[index].point.unwrap_or_else(|| panic!("{place} has no coordinates"));
    let collection = frontline::export::day_geojson(atlas, day(date));
    let mut found = Vec::new();
    for feature in collection["features"].as_array().unwrap() {
        if feature["properties"]["kind"] != "area" {
            continue;
        }
        let geometry: geojson::Geometry = serde_json::from_value(feature["geometry"].clone()).unwrap();
        let polygons: geo::MultiPolygon<f64> = (&geometry.value).try_into().unwrap();
        if polygons.contains(&point) {
            found.push(feature["properties"]["side"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(found.len(), 1, "{place} on {date} is in {} areas: {found:?}", found.len());
    found.pop().unwrap()
}

fn side_on(place: &str, date: &str) -> &'static str {
    let atlas = atlas();
    let index = atlas.dataset.place_index(place).unwrap_or_else(|| panic!("no place {place}"));
    let state = atlas.state(day(date));
    &atlas.dataset.meta.sides[state.side_of(index)].id
}

#[test]
fn shusha_changes_hands_on_the_8th_and_9th_of_november() {
    assert_eq!(side_in_export("shusha", "2020-11-07"), "am");
    assert_eq!(side_in_export("shusha", "2020-11-09"), "az");
}

#[test]
fn stepanakert_and_ganja_never_change_hands() {
    let days: Vec<NaiveDate> = atlas().dataset.meta.days().collect();
    for d in &days {
        assert_eq!(side_on("stepanakert", &d.to_string()), "am", "{d}");
        assert_eq!(side_on("ganja", &d.to_string()), "az", "{d}");
    }
    for d in ["2020-09-27", "2020-10-17", "2020-11-09", "2020-12-01"] {
        assert_eq!(side_in_export("stepanakert", d), "am", "{d}");
        assert_eq!(side_in_export("ganja", d), "az", "{d}");
    }
}

/// The course of the war: (place, last day held by Armenian forces, first day shown as taken
/// or handed over), from the dates in events.csv and their sources (geodata/src/EVENTS.md).
const COURSE: &[(&str, &str, &str)] = &[
    ("sugovushan", "2020-10-02", "2020-10-03"),
    ("jabrayil", "2020-10-03", "2020-10-04"),
    ("hadrut", "2020-10-08", "2020-10-09"),
    ("fuzuli", "2020-10-16", "2020-10-17"),
    ("zangilan", "2020-10-19", "2020-10-20"),
    ("gubadly", "2020-10-24", "2020-10-25"),
    ("shusha", "2020-11-07", "2020-11-08"),
    ("aghdam", "2020-11-19", "2020-11-20"),
    ("kalbajar", "2020-11-24", "2020-11-25"),
];

#[test]
fn the_course_of_the_war_falls_on_the_days_of_the_sources() {
    for (place, last_held, taken) in COURSE {
        assert_eq!(side_on(place, last_held), "am", "{place} on {last_held}");
        assert_eq!(side_on(place, taken), "az", "{place} on {taken}");
        assert_eq!(side_on(place, "2020-12-01"), "az", "{place} at the end");
    }
}

#[test]
fn the_lachin_district_is_handed_over_on_the_first_of_december() {
    let atlas = atlas();
    let handovers: Vec<_> =
        atlas.dataset.events.iter().filter(|e| e.kind == EventKind::Handover && e.day == day("2020-12-01")).collect();
    assert!(!handovers.is_empty(), "handover rows on 1 December");
    for event in handovers {
        if let Some(area) = event.area {
            assert_eq!(atlas.dataset.areas[area].id, "handover-lachin");
            continue;
        }
        let place = event.place.expect("a handover names its place or its area");
        assert_eq!(atlas.dataset.places[place].district.as_deref(), Some("Lachin"));
        assert_eq!(atlas.state(day("2020-11-30")).side_of(place), atlas.dataset.side_index("am").unwrap());
    }
}

#[test]
fn cells_partition_the_theatre() {
    let cells = &atlas().cells;
    let sum: f64 = cells.cells.iter().map(|cell| cell.unsigned_area()).sum();
    let theatre = cells.theatre.unsigned_area();
    assert!((sum / theatre - 1.0).abs() < 1e-6, "cells {sum} km2, theatre {theatre} km2");
}

#[test]
fn the_sides_areas_add_up_to_the_theatre_every_day() {
    let atlas = atlas();
    for d in atlas.dataset.meta.days() {
        let control = atlas.control(&atlas.state(d));
        let total: f64 = control.areas.iter().map(|a| a.area_km2).sum();
        let theatre = atlas.cells.theatre_area_km2;
        assert!((total / theatre - 1.0).abs() < 0.001, "{d}: {total} of {theatre} km2");
    }
}

#[test]
fn the_front_exists_every_day_and_is_plausibly_long() {
    let atlas = atlas();
    for d in atlas.dataset.meta.days() {
        let control = atlas.control(&atlas.state(d));
        let km = frontline::control::length_km(&control.frontline);
        assert!((100.0..1500.0).contains(&km), "{d}: frontline {km} km");
    }
}

#[test]
fn every_event_has_a_source_and_every_located_place_names_its_source() {
    let dataset = &atlas().dataset;
    for event in &dataset.events {
        assert!(!event.sources.is_empty(), "events.csv:{} has no source", event.line);
    }
    for place in &dataset.places {
        if place.point.is_some() {
            let source = place.source.as_deref().unwrap_or("");
            assert!(
                source.starts_with("geonames:") || source.starts_with("page:"),
                "{} has no coordinate source",
                place.id
            );
        }
    }
}

#[test]
fn the_places_of_the_war_have_coordinates() {
    let required = [
        "stepanakert",
        "shusha",
        "lachin",
        "hadrut",
        "ganja",
        "jabrayil",
        "fuzuli",
        "zangilan",
        "gubadly",
        "kalbajar",
        "aghdam",
        "martakert",
        "martuni",
        "sugovushan",
        "horadiz",
        "talish",
        "tartar",
        "barda",
    ];
    for id in required {
        let index = atlas().dataset.place_index(id).unwrap_or_else(|| panic!("place {id} is missing"));
        assert!(atlas().dataset.places[index].point.is_some(), "{id} lost its coordinates");
    }
}

#[test]
fn the_source_articles_are_cited() {
    let dataset = &atlas().dataset;
    for seed in [
        "000_1bc4100bc5cd6849",
        "001_71c1fc213837dcdf",
        "002_c9ea9fa8a8121ae1",
        "003_0581973d4d0ecc55",
        "004_8d7734d9d40f96f1",
    ] {
        let cited = dataset.events.iter().any(|e| e.sources.iter().any(|s| s.url == format!("seed:{seed}")));
        assert!(cited, "seed article {seed} is not cited by any event");
    }
}

#[test]
fn the_lachin_corridor_passes_to_the_peacekeepers_on_the_first_of_december() {
    for place in ["lachin", "aghavno", "sus"] {
        assert_eq!(side_on(place, "2020-11-30"), "am", "{place}");
        assert_eq!(side_on(place, "2020-12-01"), "ru", "{place}");
    }
    assert_eq!(side_in_export("lachin", "2020-12-01"), "ru");
}

#[test]
fn no_located_place_loses_its_coordinates() {
    let listed = include_str!("fixtures/located_places.txt");
    let dataset = &atlas().dataset;
    let mut lost = Vec::new();
    for id in listed.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match dataset.place_index(id) {
            Some(index) if dataset.places[index].point.is_some() => {}
            Some(_) => lost.push(format!("{id} (no coordinates)")),
            None => lost.push(format!("{id} (no such place)")),
        }
    }
    assert!(lost.is_empty(), "places that lost their coordinates: {}", lost.join(", "));
}

#[test]
fn the_district_boundaries_are_drawn_and_named_in_the_legend() {
    use frontline::dataset::LayerRole;
    let dataset = &atlas().dataset;
    let districts = dataset.layers.iter().find(|l| l.role == LayerRole::Districts).expect("a districts layer");
    assert!(districts.features.len() > 50, "only {} district lines", districts.features.len());
    let svg = frontline::render::svg::render_svg(
        &atlas().scene(day("2020-11-25"), &frontline::scene::SceneOptions::default()),
    );
    assert!(svg.contains("District boundary"), "the legend names the district boundaries");
}

/// Who holds the ground at a place's point on a day (the map, not the place's own events).
fn ground_at(place: &str, date: &str) -> String {
    let atlas = atlas();
    let index = atlas.dataset.place_index(place).unwrap_or_else(|| panic!("no place {place}"));
    let point = atlas.dataset.places[index].point.unwrap_or_else(|| panic!("{place} has no coordinates"));
    let at = Point::from(atlas.projection.forward(point.x(), point.y()));
    let control = atlas.control(&atlas.state(day(date)));
    let holders: Vec<&str> = control
        .areas
        .iter()
        .filter(|area| area.confirmed.contains(&at) || area.uncertain.contains(&at))
        .map(|area| atlas.dataset.meta.sides[area.side].id.as_str())
        .collect();
    assert_eq!(holders.len(), 1, "{place} on {date}: {holders:?}");
    holders[0].to_string()
}

/// Dated facts of the post-war line, each from a source named in geodata/src/ceasefire_2020.csv
/// or handovers.csv: (place, day, side holding its ground).
const POST_WAR_FACTS: [(&str, &str, &str); 16] = [
    ("martuni", "2020-12-01", "am"),      // never changed hands (RT; not on Armenia's list)
    ("chartar", "2020-12-01", "am"),      // not on Armenia's list of places lost
    ("karmir-shuka", "2020-12-01", "am"), // convoys to Shusha passed through it (WarGonzo)
    ("khachmach", "2020-12-01", "am"),    // not on Armenia's list
    ("shushakend", "2020-11-10", "am"),   // stayed Armenian (Mirror-Spectator)
    ("mukhtar", "2020-11-10", "am"),      // stayed Armenian (news.am)
    ("shusha", "2020-12-01", "az"),
    ("sargsashen", "2020-11-10", "az"),  // on Armenia's list
    ("shekher", "2020-11-10", "az"),     // on Armenia's list
    ("vazgenashen", "2020-11-19", "am"), // handed over with Aghdam on 20 Nov (armenews)
    ("vazgenashen", "2020-11-20", "az"),
    ("aknaberd", "2020-12-01", "am"),  // stayed after the Kalbajar handover (Armedia)
    ("charektar", "2020-12-01", "am"), // former oblast, stayed (Armedia)
    ("kalbajar", "2020-11-25", "az"),
    ("lachin", "2020-12-01", "ru"), // in the corridor (Caucasian Knot)
    ("sus", "2020-12-01", "ru"),
];

#[test]
fn the_ground_of_the_post_war_line_falls_where_the_sources_put_it() {
    for (place, date, side) in POST_WAR_FACTS {
        assert_eq!(ground_at(place, date), side, "{place} on {date}");
    }
}

#[test]
fn the_ceasefire_confirms_azerbaijans_ground() {
    let atlas = atlas();
    let az = atlas.dataset.side_index("az").unwrap();
    let share = |date: &str| {
        let control = atlas.control(&atlas.state(day(date)));
        let area = control.areas.iter().find(|a| a.side == az).unwrap();
        area.km2_by_status[0] / area.area_km2
    };
    // The ground as a whole is confirmed. Within 5 km of the line a place Azerbaijan claimed
    // stays claimed until a source names it (Divanalilar, Safiyan, Turklar: about 100 km2).
    assert!(share("2020-11-15") >= 0.95, "confirmed share on 15 Nov: {:.3}", share("2020-11-15"));
    assert!(share("2020-12-01") >= 0.95, "confirmed share on 1 Dec: {:.3}", share("2020-12-01"));
    // Before the ceasefire, claims stay claims: most of the south is hatched on 9 Nov.
    assert!(share("2020-11-09") < 0.5, "confirmed share on 9 Nov: {:.3}", share("2020-11-09"));
}
