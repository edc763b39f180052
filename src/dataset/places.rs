//! `places.geojson`: the places of the dataset, Point features (or null geometry when the
//! coordinates are not yet known).

use std::collections::BTreeMap;

use geo::{Geometry, Point};
use serde_json::Value;

use super::Meta;
use super::geojson_io::{feature_label, geometry_of, parse_collection, string_property};
use crate::error::{Location, Problem};

/// What a place is; decides its symbol and label priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    Capital,
    City,
    Town,
    Village,
    Height,
    Bridge,
    Pass,
}

impl PlaceKind {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "village" => PlaceKind::Village,
            "height" => PlaceKind::Height,
            "bridge" => PlaceKind::Bridge,
            "pass" => PlaceKind::Pass,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::Village => "village",
            PlaceKind::Height => "height",
            PlaceKind::Bridge => "bridge",
            PlaceKind::Pass => "pass",
        }
    }
}

/// A named place.
#[derive(Debug, Clone)]
pub struct Place {
    /// Stable slug, e.g. `shusha`.
    pub id: String,
    /// Names by language code (`en` always present).
    pub names: BTreeMap<String, String>,
    pub kind: PlaceKind,
    pub district: Option<String>,
    pub population: Option<u64>,
    /// Index into the dataset's sides: who held it on the first day.
    pub side: usize,
    /// Lon/lat, `None` when no sourced coordinates are known yet.
    pub point: Option<Point<f64>>,
    /// Where the coordinates come from (`geonames:ID` or `page:URL`).
    pub source: Option<String>,
}

impl Place {
    /// The name in `lang` (a BCP 47 code, or a chain such as `os,ru`: see
    /// [`crate::i18n::chain`]), falling back to English, then to the first language the place
    /// has a name in (by code), then to its id.
    pub fn name(&self, lang: &str) -> &str {
        crate::i18n::chain(lang)
            .into_iter()
            .find_map(|code| self.names.get(code))
            .or_else(|| self.names.get("en"))
            .or_else(|| self.names.iter().find(|(code, _)| is_language(code)).map(|(_, name)| name))
            .map(String::as_str)
            .unwrap_or(&self.id)
    }
}

/// A key of `name` that is a language code, not a variant such as `en_alt` (the other side's
/// English name, drawn after the first).
pub fn is_language(code: &str) -> bool {
    !code.contains('_')
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

pub fn parse(file: &str, text: &str, meta: &Meta, problems: &mut Vec<Problem>) -> Vec<Place> {
    let Some(collection) = parse_collection(file, text, problems) else {
        return Vec::new();
    };
    let mut places: Vec<Place> = Vec::new();
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let location = || Location::Feature(file.to_string(), index, feature_label(feature));
        let before = problems.len();
        let id = string_property(feature, "id").unwrap_or_default();
        if !is_slug(&id) {
            problems.push(Problem::new(location(), "property \"id\": expected a slug of a-z, 0-9 and '-'"));
        } else if !ids.insert(id.clone()) {
            problems.push(Problem::new(location(), format!("id \"{id}\" is used by another place")));
        }
        let mut names = BTreeMap::new();
        match feature.property("name") {
            Some(Value::Object(map)) => {
                for (lang, value) in map {
                    if let Value::String(name) = value
                        && !name.trim().is_empty()
                    {
                        names.insert(lang.clone(), name.trim().to_string());
                    }
                }
            }
            Some(Value::String(name)) => {
                names.insert("en".to_string(), name.clone());
            }
            _ => {}
        }
        if !names.keys().any(|code| is_language(code)) {
            problems.push(Problem::new(
                location(),
                "property \"name\": expected an object of names by language code (BCP 47), e.g. {\"en\": \"Kharkiv\", \"uk\": \"Харків\"}",
            ));
        }
        let kind_text = string_property(feature, "kind").unwrap_or_default();
        let kind = PlaceKind::parse(&kind_text);
        if kind.is_none() {
            problems.push(Problem::new(
                location(),
                format!("property \"kind\": \"{kind_text}\" is not one of capital, city, town, village, height, bridge, pass"),
            ));
        }
        let side_text = string_property(feature, "side").unwrap_or_default();
        let side = meta.sides.iter().position(|side| side.id == side_text);
        if side.is_none() {
            let known: Vec<&str> = meta.sides.iter().map(|s| s.id.as_str()).collect();
            problems.push(Problem::new(
                location(),
                format!("property \"side\": \"{side_text}\" is not a side of dataset.toml ({})", known.join(", ")),
            ));
        }
        let population = match feature.property("population") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(_) => {
                problems.push(Problem::new(location(), "property \"population\": expected a whole number"));
                None
            }
        };
        let point = match geometry_of(feature, location, problems) {
            None => None,
            Some(Geometry::Point(point)) => Some(point),
            Some(_) => {
                problems.push(Problem::new(location(), "expected a Point geometry (or null)"));
                None
            }
        };
        let source = string_property(feature, "source");
        if point.is_some() {
            match &source {
                Some(text) if text.starts_with("geonames:") || text.starts_with("page:") => {}
                _ => problems.push(Problem::new(
                    location(),
                    "property \"source\": a place with coordinates needs their source (geonames:ID or page:URL)",
                )),
            }
        }
        if problems.len() == before {
            places.push(Place {
                id,
                names,
                kind: kind.unwrap_or(PlaceKind::Village),
                district: string_property(feature, "district"),
                population,
                side: side.unwrap_or(0),
                point,
                source,
            });
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        crate::dataset::test_meta()
    }

    fn feature(props: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{geometry},"properties":{props}}}]}}"#
        )
    }

    #[test]
    fn names_fall_back_to_english_then_to_the_first_language() {
        let mut problems = Vec::new();
        let text = feature(r#"{"id":"x","name":{"uk":"Харків","de":"Charkiw"},"kind":"city","side":"az"}"#, "null");
        let places = parse("places.geojson", &text, &meta(), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(places[0].name("uk"), "Харків");
        assert_eq!(places[0].name("fr"), "Charkiw", "no en: the first code, de");
        let text = feature(r#"{"id":"y","name":{"uk":"Ізюм","en":"Izium"},"kind":"city","side":"az"}"#, "null");
        let places = parse("places.geojson", &text, &meta(), &mut problems);
        assert_eq!(places[0].name("ka"), "Izium");
        assert_eq!(places[0].name("ka,uk"), "Ізюм", "a chain: the first language that has a name");
        assert_eq!(places[0].name("uk-UA"), "Ізюм", "a regional code finds its language");
    }

    #[test]
    fn reads_a_place() {
        let text = feature(
            r#"{"id":"shusha","name":{"en":"Shusha","az":"Şuşa"},"kind":"town","side":"am","source":"geonames:147622"}"#,
            r#"{"type":"Point","coordinates":[46.75,39.76]}"#,
        );
        let mut problems = Vec::new();
        let places = parse("places.geojson", &text, &meta(), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(places[0].name("az"), "Şuşa");
        assert_eq!(places[0].name("hy"), "Shusha");
        assert_eq!(places[0].side, 1);
    }

    #[test]
    fn a_place_with_coordinates_needs_a_source() {
        let text = feature(
            r#"{"id":"shusha","name":{"en":"Shusha"},"kind":"town","side":"am"}"#,
            r#"{"type":"Point","coordinates":[46.75,39.76]}"#,
        );
        let mut problems = Vec::new();
        parse("places.geojson", &text, &meta(), &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("places.geojson: feature 0 (\"shusha\"): property \"source\""));
    }

    #[test]
    fn a_place_without_coordinates_is_kept() {
        let text = feature(r#"{"id":"x","name":{"en":"X"},"kind":"village","side":"az"}"#, "null");
        let mut problems = Vec::new();
        let places = parse("places.geojson", &text, &meta(), &mut problems);
        assert!(problems.is_empty());
        assert!(places[0].point.is_none());
    }

    #[test]
    fn an_unknown_side_is_named() {
        let text = feature(r#"{"id":"x","name":{"en":"X"},"kind":"village","side":"ru"}"#, "null");
        let mut problems = Vec::new();
        parse("places.geojson", &text, &meta(), &mut problems);
        assert!(problems[0].message.contains("\"ru\" is not a side"), "{problems:?}");
    }
}
