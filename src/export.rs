//! A day's derived map as RFC 7946 GeoJSON: one area feature per side and status (lon/lat,
//! exterior rings counter-clockwise), the frontline, and the day's events.
//!
//! A range of days is one FeatureCollection with every day's features, each with its `date`.
//!
//! A side's confirmed area includes its home country outside the theatre (from the countries
//! layer), so that a place such as Ganja lies inside the area of the side that holds it.

use chrono::NaiveDate;
use geo::{BooleanOps, MultiPolygon, Orient, orient::Direction, unary_union};
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use crate::Atlas;
use crate::dataset::Status;

fn round_coords(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(round_coords),
        Value::Number(n) => {
            if let Some(f) = n.as_f64() {
                *value = json!((f * 1e6).round() / 1e6);
            }
        }
        Value::Object(map) => map.values_mut().for_each(round_coords),
        _ => {}
    }
}

fn geometry_value(geometry: &geo::Geometry<f64>) -> Value {
    let mut value = serde_json::to_value(geojson::Geometry::from(geometry)).unwrap_or(Value::Null);
    if let Some(coordinates) = value.get_mut("coordinates") {
        round_coords(coordinates);
    }
    value
}

fn feature(geometry: Value, properties: Map<String, Value>) -> Value {
    json!({ "type": "Feature", "geometry": geometry, "properties": properties })
}

/// The GeoJSON FeatureCollection of one day.
pub fn day_geojson(atlas: &Atlas, day: NaiveDate) -> Value {
    let dataset = &atlas.dataset;
    let state = atlas.state(day);
    let control = atlas.control(&state);
    let mut features = Vec::new();

    for (side_index, side) in dataset.meta.sides.iter().enumerate() {
        let home = side.home.as_ref().and_then(|home| {
            let parts: Vec<&MultiPolygon<f64>> = Vec::new();
            let mut polygons = parts;
            let owned: Vec<MultiPolygon<f64>> = dataset
                .countries()
                .filter(|c| c.name.as_ref() == Some(home))
                .filter_map(|c| match &c.geometry {
                    geo::Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
                    geo::Geometry::MultiPolygon(mp) => Some(mp.clone()),
                    _ => None,
                })
                .collect();
            polygons.extend(owned.iter());
            (!owned.is_empty()).then(|| unary_union(owned.iter()).difference(&dataset.theatre))
        });
        for status in [Status::Confirmed, Status::Claimed, Status::Contested] {
            let cells: Vec<&MultiPolygon<f64>> = atlas
                .cells
                .cells
                .iter()
                .zip(&atlas.cells.sites)
                .filter(|(_, (place, _))| {
                    let holding = state.holdings[*place];
                    holding.side == side_index && holding.status == status
                })
                .map(|(cell, _)| cell)
                .collect();
            let km2: f64 = cells.iter().map(|c| geo::Area::unsigned_area(*c)).sum();
            let mut area = atlas.projection.unproject(&unary_union(cells));
            if status == Status::Confirmed
                && let Some(home) = &home
            {
                area = area.union(home);
            }
            if area.0.is_empty() {
                continue;
            }
            let area = area.orient(Direction::Default);
            let mut properties = Map::new();
            properties.insert("kind".into(), json!("area"));
            properties.insert("side".into(), json!(side.id));
            properties.insert("side_name".into(), json!(side.name));
            properties.insert("status".into(), json!(status.as_str()));
            properties.insert("date".into(), json!(day.to_string()));
            properties.insert("theatre_km2".into(), json!((km2 * 10.0).round() / 10.0));
            features.push(feature(geometry_value(&geo::Geometry::MultiPolygon(area)), properties));
        }
    }

    let front = atlas.projection.unproject(&control.frontline);
    let mut properties = Map::new();
    properties.insert("kind".into(), json!("frontline"));
    properties.insert("date".into(), json!(day.to_string()));
    properties.insert("method".into(), json!(dataset.meta.method));
    features.push(feature(geometry_value(&geo::Geometry::MultiLineString(front)), properties));

    for &index in &state.events {
        let event = &dataset.events[index];
        let point = event.place.and_then(|p| dataset.places[p].point).or(event.point);
        let mut properties = Map::new();
        properties.insert("kind".into(), json!("event"));
        properties.insert("event_kind".into(), json!(event.kind.as_str()));
        properties.insert("date".into(), json!(event.day.to_string()));
        properties.insert("title".into(), json!(event.title));
        properties.insert("status".into(), json!(event.status.as_str()));
        if let Some(place) = event.place {
            properties.insert("place".into(), json!(dataset.places[place].id));
        }
        if let Some(side) = event.side {
            properties.insert("side".into(), json!(dataset.meta.sides[side].id));
        }
        let sources: Vec<String> = event.sources.iter().map(|s| s.to_string()).collect();
        properties.insert("sources".into(), json!(sources));
        let geometry = point.map_or(Value::Null, |p| geometry_value(&geo::Geometry::Point(p)));
        features.push(feature(geometry, properties));
    }

    json!({
        "type": "FeatureCollection",
        "name": format!("{} {}", dataset.meta.title, day),
        "features": features,
    })
}

/// One FeatureCollection with the features of every day of `days` (each with its `date`
/// property), days in order.
pub fn range_geojson(atlas: &Atlas, days: &[NaiveDate]) -> Value {
    let per_day: Vec<Value> = days.par_iter().map(|&day| day_geojson(atlas, day)).collect();
    let mut features = Vec::new();
    for mut collection in per_day {
        if let Some(Value::Array(day_features)) = collection.get_mut("features").map(Value::take) {
            features.extend(day_features);
        }
    }
    let name = match (days.first(), days.last()) {
        (Some(first), Some(last)) => format!("{} {first}..{last}", atlas.dataset.meta.title),
        _ => atlas.dataset.meta.title.clone(),
    };
    json!({ "type": "FeatureCollection", "name": name, "features": features })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{DataSource, Dataset};

    fn fixture() -> Atlas {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        Atlas::new(Dataset::load(&DataSource::Dir(dir)).unwrap())
    }

    #[test]
    fn a_range_has_every_days_features_with_their_dates() {
        let atlas = fixture();
        let days: Vec<NaiveDate> = atlas.dataset.meta.days().collect();
        let range = range_geojson(&atlas, &days);
        let features = range["features"].as_array().unwrap();
        let total: usize = days.iter().map(|d| day_geojson(&atlas, *d)["features"].as_array().unwrap().len()).sum();
        assert_eq!(features.len(), total);
        for day in &days {
            let frontlines = features
                .iter()
                .filter(|f| f["properties"]["kind"] == "frontline" && f["properties"]["date"] == day.to_string())
                .count();
            assert_eq!(frontlines, 1, "{day}");
        }
        assert!(features.iter().all(|f| f["properties"]["date"].is_string()));
    }
}
