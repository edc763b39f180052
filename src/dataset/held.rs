//! A layer of role `held`: ground **outside the theatre** that a side holds, such as occupied
//! ground of another country next to the theatre (see geodata/README.md, "layers/").
//!
//! Each feature is a Polygon or MultiPolygon with `id`, `side`, `source`, an optional `name`
//! and optional `from` and `to` dates (inclusive): undated ground is held on every day. It is
//! context, like the countries: drawn in its side's home tint over the countries, never cut into
//! the theatre's ground, never counted in the areas or `stats`.
//!
//! A `side` that names no side of dataset.toml is not an error: the ground is kept, not drawn,
//! and `validate` warns ([`crate::validate`]), as it does for ground that overlaps the theatre.

use chrono::NaiveDate;
use geo::MultiPolygon;

use super::Meta;
use super::geojson_io::{as_polygons, feature_label, geometry_of, parse_collection, string_property, wound_ccw};
use crate::error::{Location, Problem};

/// Ground outside the theatre held by one side, on every day or from one date to another.
#[derive(Debug, Clone)]
pub struct HeldGround {
    pub id: String,
    pub name: String,
    /// The side as written in the file.
    pub side_id: String,
    /// The side's index, `None` when `side_id` names no side (then it is not drawn).
    pub side: Option<usize>,
    /// First day held (inclusive); `None`: since before the dataset's span.
    pub from: Option<NaiveDate>,
    /// Last day held (inclusive); `None`: until after the dataset's span.
    pub to: Option<NaiveDate>,
    /// Lon/lat degrees, exteriors counter-clockwise whatever the file's winding.
    pub shape: MultiPolygon<f64>,
    pub source: String,
    /// The layer's file, for messages.
    pub file: String,
}

impl HeldGround {
    /// Held on every day of any span: drawn once in the map's base.
    pub fn undated(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Held on `day`?
    pub fn on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= day) && self.to.is_none_or(|to| day <= to)
    }
}

/// Parse one layer of role `held`.
pub fn parse(file: &str, text: &str, meta: &Meta, problems: &mut Vec<Problem>) -> Vec<HeldGround> {
    let Some(collection) = parse_collection(file, text, problems) else {
        return Vec::new();
    };
    let mut held = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let location = || Location::Feature(file.to_string(), index, feature_label(feature));
        let mut missing = |key: &str, what: &str| {
            problems.push(Problem::new(location(), format!("expected a string property \"{key}\" ({what})")));
        };
        let (Some(id), Some(side_id), Some(source)) =
            (string_property(feature, "id"), string_property(feature, "side"), string_property(feature, "source"))
        else {
            for (key, what) in [
                ("id", "a name for messages"),
                ("side", "the id of the side that holds this ground"),
                ("source", "where the geometry comes from"),
            ] {
                if string_property(feature, key).is_none() {
                    missing(key, what);
                }
            }
            continue;
        };
        let Some(geometry) = geometry_of(feature, location, problems) else { continue };
        let Some(shape) = as_polygons(&geometry) else {
            problems.push(Problem::new(location(), "expected a Polygon or MultiPolygon (ground held by a side)"));
            continue;
        };
        let Ok((from, to)) = dates(feature, &location, problems) else { continue };
        let name = string_property(feature, "name").unwrap_or_else(|| id.clone());
        let side = meta.sides.iter().position(|side| side.id == side_id);
        let shape = wound_ccw(&shape);
        held.push(HeldGround { id, name, side_id, side, from, to, shape, source, file: file.to_string() });
    }
    held
}

/// The optional `from` and `to` dates of a feature; a problem when one is not a date or `to`
/// comes before `from`.
fn dates(
    feature: &geojson::Feature,
    location: &impl Fn() -> Location,
    problems: &mut Vec<Problem>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ()> {
    let mut date = |key: &str| -> Result<Option<NaiveDate>, ()> {
        let Some(value) = feature.property(key) else { return Ok(None) };
        match value.as_str().and_then(crate::input::parse_date) {
            Some(day) => Ok(Some(day)),
            None if value.is_null() => Ok(None),
            None => {
                problems.push(Problem::new(location(), format!("\"{key}\": {value}: expected a date YYYY-MM-DD")));
                Err(())
            }
        }
    };
    let (from, to) = (date("from"), date("to"));
    let (from, to) = (from?, to?);
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        problems.push(Problem::new(location(), format!("\"to\" {to} is before \"from\" {from}")));
        return Err(());
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(features: &str) -> (Vec<HeldGround>, Vec<Problem>) {
        let mut problems = Vec::new();
        let text = format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#);
        let held = parse("layers/held.geojson", &text, &crate::dataset::test_meta(), &mut problems);
        (held, problems)
    }

    const CLOCKWISE: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"#;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_dated_area_is_held_between_its_dates_inclusive() {
        let (held, problems) = parse_text(&format!(
            r#"{{"type":"Feature","geometry":{CLOCKWISE},"properties":{{"id":"x","side":"am","source":"s","from":"2020-10-02","to":"2020-10-04"}}}}"#
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let x = &held[0];
        assert_eq!((x.side, x.undated()), (Some(1), false));
        assert_eq!(
            ["2020-10-01", "2020-10-02", "2020-10-04", "2020-10-05"].map(|d| x.on(day(d))),
            [false, true, true, false]
        );
        assert!(geo::Area::signed_area(&x.shape) > 0.0, "exteriors are turned counter-clockwise");
    }

    #[test]
    fn an_unknown_side_loads_without_a_side_and_an_undated_area_is_always_held() {
        let (held, problems) = parse_text(&format!(
            r#"{{"type":"Feature","geometry":{CLOCKWISE},"properties":{{"id":"x","side":"nobody","source":"s"}}}}"#
        ));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((held[0].side, held[0].undated(), held[0].on(day("1999-01-01"))), (None, true, true));
    }

    #[test]
    fn bad_features_name_what_was_expected() {
        for (properties, geometry, expected) in [
            (r#"{"id":"x","source":"s"}"#, CLOCKWISE, "\"side\""),
            (r#"{"id":"x","side":"am"}"#, CLOCKWISE, "\"source\""),
            (r#"{"id":"x","side":"am","source":"s","from":"2020-13-01"}"#, CLOCKWISE, "\"from\""),
            (r#"{"id":"x","side":"am","source":"s","from":"2020-10-05","to":"2020-10-01"}"#, CLOCKWISE, "before"),
            (r#"{"id":"x","side":"am","source":"s"}"#, r#"{"type":"Point","coordinates":[0,0]}"#, "Polygon"),
        ] {
            let (held, problems) =
                parse_text(&format!(r#"{{"type":"Feature","geometry":{geometry},"properties":{properties}}}"#));
            assert!(held.is_empty(), "{properties}");
            assert_eq!(problems.len(), 1, "{properties}: {problems:?}");
            assert!(problems[0].to_string().contains(expected), "{}", problems[0]);
            assert!(problems[0].to_string().starts_with("layers/held.geojson"), "{}", problems[0]);
        }
    }
}
