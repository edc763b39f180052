//! `areas.geojson`: named, sourced areas that events can set as a whole, and the lines their
//! rules may use (see geodata/README.md, "Areas").
//!
//! A feature is one of:
//! - an **area with geometry**: a Polygon or MultiPolygon, properties `id`, `name`, `source`;
//! - an **area by rule**: a null geometry and a `rule` object, derived from other areas, from a
//!   line, from the theatre or from who held the ground on a date;
//! - a **line**: a LineString or MultiLineString with `id` and `source`, for `buffer` rules.
//!
//! A rule may name only areas and lines defined above it in the file, so rules never form a
//! cycle and are resolved in file order (by [`crate::ground`], in projected kilometres).

use chrono::NaiveDate;
use geo::{Geometry, MultiLineString, MultiPolygon};
use serde_json::Value;

use super::geojson_io::{as_polygons, feature_label, geometry_of, parse_collection, string_property};
use super::{Layer, Meta, Place, ReferenceLine};
use crate::error::{Location, Problem};

/// A named area of the dataset.
#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub name: String,
    /// Where the geometry comes from: pages, a registry package, or the rule's own sources.
    pub source: String,
    pub note: String,
    pub shape: AreaShape,
}

/// How an area's ground is found. Indices are into the dataset's areas, all defined earlier.
#[derive(Debug, Clone)]
pub enum AreaShape {
    /// A sourced polygon (lon/lat degrees), clipped to the theatre.
    Polygon(MultiPolygon<f64>),
    /// The whole theatre.
    Theatre,
    /// Every ground of any of the areas.
    Union(Vec<usize>),
    /// Ground common to all the areas.
    Intersection(Vec<usize>),
    /// The first area minus all the others.
    Difference(Vec<usize>),
    /// A band `width_km` wide centred on a line (a corridor along a road), clipped to the theatre.
    Buffer { line: MultiLineString<f64>, width_km: f64 },
    /// The cells of the places a side held at the end of a day, by place events alone.
    Held { side: usize, day: NaiveDate },
    /// Discs of `radius_km` around places (lon/lat points): the villages a source puts in an area.
    Around { points: Vec<geo::Point<f64>>, radius_km: f64 },
}

/// A line rules can name: a feature of areas.geojson, a reference line, or a named feature of a
/// context layer (a road).
#[derive(Debug, Clone)]
struct NamedLine {
    id: String,
    line: MultiLineString<f64>,
}

/// Widest buffer a rule may ask for: a corridor is a few km; 200 km would be a typing error.
const MAX_BUFFER_KM: f64 = 200.0;

/// Parse areas.geojson. `lines` of the reference lines and layers are available to rules.
pub fn parse(
    file: &str,
    text: &str,
    meta: &Meta,
    places: &[Place],
    reference_lines: &[ReferenceLine],
    layers: &[Layer],
    problems: &mut Vec<Problem>,
) -> Vec<Area> {
    let Some(collection) = parse_collection(file, text, problems) else {
        return Vec::new();
    };
    if collection.features.len() > crate::limits::MAX_AREAS {
        let message = format!(
            "{} areas, more than the limit of {} (see Limits in the README)",
            collection.features.len(),
            crate::limits::MAX_AREAS
        );
        problems.push(Problem::new(Location::File(file.to_string()), message));
        return Vec::new();
    }
    let mut lines: Vec<NamedLine> =
        reference_lines.iter().map(|line| NamedLine { id: line.id.clone(), line: line.line.clone() }).collect();
    for feature in layers.iter().flat_map(|layer| layer.features.iter()) {
        if let Some(line) = as_lines(&feature.geometry)
            && let Some(name) = &feature.name
        {
            lines.push(NamedLine { id: name.clone(), line });
        }
    }

    let mut areas: Vec<Area> = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let location = || Location::Feature(file.to_string(), index, feature_label(feature));
        let Some(id) = string_property(feature, "id") else {
            problems.push(Problem::new(location(), "expected a string property \"id\""));
            continue;
        };
        let Some(source) = string_property(feature, "source") else {
            problems.push(Problem::new(
                location(),
                "expected a string property \"source\" (where the geometry comes from)",
            ));
            continue;
        };
        if areas.iter().any(|area| area.id == id) || lines.iter().any(|line| line.id == id) {
            problems.push(Problem::new(location(), format!("id \"{id}\" is used twice")));
            continue;
        }
        let shape = match (geometry_of(feature, location, problems), feature.property("rule")) {
            (Some(geometry), None) => match (as_polygons(&geometry), as_lines(&geometry)) {
                (Some(polygons), _) => AreaShape::Polygon(polygons),
                (None, Some(line)) => {
                    lines.push(NamedLine { id, line });
                    continue;
                }
                (None, None) => {
                    problems.push(Problem::new(
                        location(),
                        "expected a Polygon or MultiPolygon (an area) or a LineString or MultiLineString (a line)",
                    ));
                    continue;
                }
            },
            (None, Some(rule)) if feature.geometry.is_none() => match parse_rule(rule, meta, places, &areas, &lines) {
                Ok(shape) => shape,
                Err(message) => {
                    problems.push(Problem::new(location(), format!("rule: {message}")));
                    continue;
                }
            },
            (None, None) if feature.geometry.is_none() => {
                problems.push(Problem::new(location(), "expected a geometry or a \"rule\""));
                continue;
            }
            (None, _) => continue, // an unreadable geometry, already reported
            (Some(_), Some(_)) => {
                problems.push(Problem::new(location(), "an area has either a geometry or a \"rule\", not both"));
                continue;
            }
        };
        let name = string_property(feature, "name").unwrap_or_else(|| id.clone());
        let note = string_property(feature, "note").unwrap_or_default();
        areas.push(Area { id, name, source, note, shape });
    }
    areas
}

fn as_lines(geometry: &Geometry<f64>) -> Option<MultiLineString<f64>> {
    match geometry {
        Geometry::LineString(line) => Some(MultiLineString(vec![line.clone()])),
        Geometry::MultiLineString(lines) => Some(lines.clone()),
        _ => None,
    }
}

/// One rule object, e.g. `{"op": "difference", "of": ["district-aghdam", "nkao"]}`.
fn parse_rule(
    rule: &Value,
    meta: &Meta,
    places: &[Place],
    areas: &[Area],
    lines: &[NamedLine],
) -> Result<AreaShape, String> {
    let op = rule.get("op").and_then(Value::as_str).ok_or("expected an object with a string \"op\"")?;
    let area_list = || -> Result<Vec<usize>, String> {
        let ids = rule.get("of").and_then(Value::as_array).ok_or(format!("op \"{op}\" needs \"of\": [area ids]"))?;
        if ids.is_empty() {
            return Err(format!("op \"{op}\": \"of\" is empty"));
        }
        ids.iter()
            .map(|id| {
                let id = id.as_str().ok_or("\"of\" holds area ids (strings)")?;
                areas
                    .iter()
                    .position(|area| area.id == id)
                    .ok_or(format!("unknown area \"{id}\" (a rule names only areas defined above it)"))
            })
            .collect()
    };
    Ok(match op {
        "theatre" => AreaShape::Theatre,
        "union" => AreaShape::Union(area_list()?),
        "intersection" => AreaShape::Intersection(area_list()?),
        "difference" => AreaShape::Difference(area_list()?),
        "buffer" => {
            let id = rule.get("line").and_then(Value::as_str).ok_or("op \"buffer\" needs \"line\": a line id")?;
            let line = lines.iter().find(|line| line.id == id).ok_or(format!(
                "unknown line \"{id}\" (expected a line of areas.geojson defined above, a reference line id or a layer feature's name)"
            ))?;
            let width_km = rule.get("width_km").and_then(Value::as_f64).ok_or("op \"buffer\" needs \"width_km\"")?;
            if !(width_km > 0.0 && width_km <= MAX_BUFFER_KM) {
                return Err(format!("width_km {width_km}: expected a number in (0, {MAX_BUFFER_KM}]"));
            }
            AreaShape::Buffer { line: line.line.clone(), width_km }
        }
        "held" => {
            let side = rule.get("side").and_then(Value::as_str).ok_or("op \"held\" needs \"side\"")?;
            let side = meta.sides.iter().position(|s| s.id == side).ok_or(format!("unknown side \"{side}\""))?;
            let day = rule.get("date").and_then(Value::as_str).ok_or("op \"held\" needs \"date\": YYYY-MM-DD")?;
            let day = crate::input::parse_date(day).ok_or(format!("date \"{day}\": expected YYYY-MM-DD"))?;
            if !meta.contains_day(day) {
                return Err(format!("date {day} is outside the dataset's span {}..{}", meta.first_day, meta.last_day));
            }
            AreaShape::Held { side, day }
        }
        "around" => {
            let ids =
                rule.get("places").and_then(Value::as_array).ok_or("op \"around\" needs \"places\": [place ids]")?;
            let points = ids
                .iter()
                .map(|id| {
                    let id = id.as_str().ok_or("\"places\" holds place ids (strings)")?;
                    let place = places.iter().find(|p| p.id == id).ok_or(format!("unknown place \"{id}\""))?;
                    place.point.ok_or(format!("place \"{id}\" has no coordinates"))
                })
                .collect::<Result<Vec<_>, String>>()?;
            let radius_km = rule.get("radius_km").and_then(Value::as_f64).ok_or("op \"around\" needs \"radius_km\"")?;
            if !(radius_km > 0.0 && radius_km <= MAX_BUFFER_KM) {
                return Err(format!("radius_km {radius_km}: expected a number in (0, {MAX_BUFFER_KM}]"));
            }
            AreaShape::Around { points, radius_km }
        }
        other => {
            return Err(format!(
                "unknown op \"{other}\" (expected theatre, union, intersection, difference, buffer, around or held)"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Vec<Area>, Vec<Problem>) {
        let mut problems = Vec::new();
        let meta = crate::dataset::test_meta();
        let road = ReferenceLine {
            id: "loc".into(),
            kind: "line_of_contact".into(),
            name: "loc".into(),
            line: MultiLineString(vec![geo::LineString::from(vec![(0.0, 0.0), (1.0, 1.0)])]),
        };
        let areas = parse("areas.geojson", text, &meta, &[], &[road], &[], &mut problems);
        (areas, problems)
    }

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;

    #[test]
    fn areas_by_geometry_and_by_rule() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","geometry":{SQUARE},"properties":{{"id":"a","source":"page:https://x"}}}},
            {{"type":"Feature","geometry":null,"properties":{{"id":"b","source":"derived","rule":{{"op":"difference","of":["a"]}}}}}},
            {{"type":"Feature","geometry":null,"properties":{{"id":"c","source":"derived","rule":{{"op":"buffer","line":"loc","width_km":5}}}}}}
            ]}}"#
        );
        let (areas, problems) = parse_text(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(areas.len(), 3);
        assert!(matches!(areas[1].shape, AreaShape::Difference(ref of) if of == &vec![0]));
        assert!(matches!(areas[2].shape, AreaShape::Buffer { width_km, .. } if width_km == 5.0));
    }

    #[test]
    fn a_rule_names_only_areas_above_it() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":null,"properties":{"id":"b","source":"derived","rule":{"op":"union","of":["a"]}}}
            ]}"#;
        let (_, problems) = parse_text(text);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().contains("feature 0 (\"b\"): rule: unknown area \"a\""), "{}", problems[0]);
    }

    #[test]
    fn bad_rules_name_the_feature_and_what_was_expected() {
        for (rule, expected) in [
            (r#"{"op":"buffer","line":"nope","width_km":5}"#, "unknown line \"nope\""),
            (r#"{"op":"buffer","line":"loc","width_km":-1}"#, "width_km -1"),
            (r#"{"op":"held","side":"xx","date":"2020-10-01"}"#, "unknown side \"xx\""),
            (r#"{"op":"held","side":"az","date":"1999-10-01"}"#, "outside the dataset's span"),
            (r#"{"op":"spin"}"#, "unknown op \"spin\""),
            (r#"3"#, "expected an object"),
        ] {
            let text = format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":null,"properties":{{"id":"r","source":"s","rule":{rule}}}}}]}}"#
            );
            let (_, problems) = parse_text(&text);
            assert_eq!(problems.len(), 1, "{rule}");
            assert!(problems[0].message.contains(expected), "{rule}: {}", problems[0]);
        }
    }

    #[test]
    fn every_area_needs_an_id_and_a_source() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{SQUARE},"properties":{{"id":"a"}}}}]}}"#
        );
        let (areas, problems) = parse_text(&text);
        assert!(areas.is_empty());
        assert!(problems[0].message.contains("\"source\""));
    }
}
