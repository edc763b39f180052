//! A day's derived map as RFC 7946 GeoJSON: one area feature per side and status (lon/lat,
//! exterior rings counter-clockwise, valid as OGC simple features), the frontline, and the
//! day's events. [`Layers`] picks one geometry type for GIS tools that need one per layer.
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
use crate::control::STATUSES;
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

/// Which features an export holds: all, or one geometry type each, so that tools such as
/// `ogr2ogr -f FlatGeobuf` (one geometry type per layer) convert it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layers {
    #[default]
    All,
    /// Polygons: the ground of each side by status.
    Areas,
    /// Lines: the frontline.
    Front,
    /// Points: the day's events that have a place or a point.
    Events,
}

impl Layers {
    fn has(self, layer: Layers) -> bool {
        self == Layers::All || self == layer
    }
}

/// A valid lon/lat multipolygon for export: the ground unprojected and joined with `extra`
/// (a side's home country), rounded to the 1e-6 degree grid the file is written with, then
/// repaired (geo's `MakeValid`) until it passes geo's validity check, which follows the OGC rules
/// GDAL applies; exterior rings counter-clockwise (RFC 7946).
pub fn export_polygons(atlas: &Atlas, km: &MultiPolygon<f64>, extra: Option<&MultiPolygon<f64>>) -> MultiPolygon<f64> {
    use geo::{MakeValid, MapCoords, Validation};
    let round = |c: geo::Coord<f64>| geo::Coord { x: (c.x * 1e6).round() / 1e6, y: (c.y * 1e6).round() / 1e6 };
    let mut area = atlas.projection.unproject(km);
    if let Some(extra) = extra {
        area = area.union(extra);
    }
    let mut area = area.map_coords(round);
    // Rounding can make rings touch or cross; a repair can add vertices off the grid. Three
    // rounds settle every case seen; a last invalid result is still better than none.
    // geo's check passes some rings GEOS rejects (a ring touching another along an edge), so
    // the repair runs at least once.
    for round_index in 0..4 {
        area = drop_slivers(area);
        if round_index > 0 && area.is_valid() {
            break;
        }
        area = area.make_valid().unwrap_or(area).map_coords(round);
    }
    drop_slivers(area).orient(Direction::Default)
}

/// Polygons and holes under 1e-9 square degrees (about 10 m2) are the dust of rounding and
/// repair: a GIS validity check trips on them, and no map shows them.
fn drop_slivers(area: MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::{Area, LineString, Polygon};
    const SLIVER_DEG2: f64 = 1e-9;
    let big = |ring: &LineString<f64>| Polygon::new(ring.clone(), vec![]).unsigned_area() >= SLIVER_DEG2;
    MultiPolygon(
        area.0
            .into_iter()
            .filter(|polygon| big(polygon.exterior()))
            .map(|polygon| {
                let (exterior, interiors) = polygon.into_inner();
                Polygon::new(exterior, interiors.into_iter().filter(|ring| big(ring)).collect())
            })
            .collect(),
    )
}

/// The GeoJSON FeatureCollection of one day.
pub fn day_geojson(atlas: &Atlas, day: NaiveDate) -> Value {
    day_layers_geojson(atlas, day, Layers::All)
}

/// A side's ground outside the theatre on `day`, lon/lat: its home country and the ground the
/// `held` layers give it, minus the ground they give the other sides and minus the theatre;
/// `None` when it has none.
fn outside_ground(dataset: &crate::dataset::Dataset, side: usize, day: NaiveDate) -> Option<MultiPolygon<f64>> {
    let home = dataset.meta.sides[side].home.as_ref();
    let mut own: Vec<MultiPolygon<f64>> = dataset
        .countries()
        .filter(|c| home.is_some() && c.name.as_ref() == home)
        .filter_map(|c| crate::dataset::as_polygons(&c.geometry))
        .collect();
    let mut others = Vec::new();
    for (held, holder) in dataset.held_on(day) {
        if holder == side { own.push(held.shape.clone()) } else { others.push(held.shape.clone()) }
    }
    if own.is_empty() {
        return None;
    }
    let own = unary_union(own.iter()).difference(&dataset.theatre);
    Some(if others.is_empty() { own } else { own.difference(&unary_union(others.iter())) })
}

/// The GeoJSON FeatureCollection of one day, with the chosen layers.
pub fn day_layers_geojson(atlas: &Atlas, day: NaiveDate, layers: Layers) -> Value {
    let dataset = &atlas.dataset;
    let state = atlas.state(day);
    let control = atlas.control(&state);
    let mut features = Vec::new();

    for (side_index, side) in dataset.meta.sides.iter().enumerate() {
        if !layers.has(Layers::Areas) {
            break;
        }
        let home = outside_ground(dataset, side_index, day);
        let Some(ground) = control.areas.iter().find(|area| area.side == side_index) else { continue };
        let shapes = [&ground.confirmed, &ground.claimed, &ground.contested];
        for ((status, km), km2) in STATUSES.into_iter().zip(shapes).zip(ground.km2_by_status) {
            let extra = if status == Status::Confirmed { home.as_ref() } else { None };
            let area = export_polygons(atlas, km, extra);
            if area.0.is_empty() {
                continue;
            }
            let mut properties = Map::new();
            properties.insert("kind".into(), json!("area"));
            properties.insert("side".into(), json!(side.id));
            properties.insert("side_name".into(), json!(side.name));
            properties.insert("status".into(), json!(status.as_str()));
            properties.insert("date".into(), json!(day.to_string()));
            properties.insert("theatre_km2".into(), json!(crate::area::figure(km2)));
            features.push(feature(geometry_value(&geo::Geometry::MultiPolygon(area)), properties));
        }
    }

    if layers.has(Layers::Front) {
        let front = atlas.projection.unproject(&control.frontline);
        let mut properties = Map::new();
        properties.insert("kind".into(), json!("frontline"));
        properties.insert("date".into(), json!(day.to_string()));
        properties.insert("method".into(), json!(dataset.meta.method));
        features.push(feature(geometry_value(&geo::Geometry::MultiLineString(front)), properties));
    }

    for &index in &state.events {
        let event = &dataset.events[index];
        let point = event.place.and_then(|p| dataset.places[p].point).or(event.point);
        let wanted = match layers {
            Layers::All => true,
            Layers::Events => point.is_some(),
            _ => false,
        };
        if !wanted {
            continue;
        }
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
        if let Some(area) = event.area {
            properties.insert("area".into(), json!(dataset.areas[area].id));
        }
        // One string, as in events.csv: GIS formats such as FlatGeobuf have no list fields.
        let sources = event.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" | ");
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
    range_layers_geojson(atlas, days, Layers::All)
}

/// [`range_geojson`] with the chosen layers.
pub fn range_layers_geojson(atlas: &Atlas, days: &[NaiveDate], layers: Layers) -> Value {
    let per_day: Vec<Value> = days.par_iter().map(|&day| day_layers_geojson(atlas, day, layers)).collect();
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
