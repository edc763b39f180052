//! Reading GeoJSON files of a dataset into geo types, with problems that name the feature.

use geo::{Geometry, MultiLineString, MultiPolygon};
use geojson::{Feature, FeatureCollection};
use serde_json::Value;

use super::{LayerFeature, ReferenceLine};
use crate::error::{Location, Problem};

/// The same polygons with every exterior ring counter-clockwise and every interior ring
/// clockwise (RFC 7946 and OGC), whatever winding the file used: GDAL and GEOS write exteriors
/// clockwise, and geodesic areas read a clockwise exterior as the rest of the globe. The
/// direction comes from each ring's signed area, which holds for rings that touch themselves.
pub fn wound_ccw(polygons: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::{Area, LineString, Polygon};
    let oriented = |ring: &LineString<f64>, ccw: bool| {
        let signed = Polygon::new(ring.clone(), vec![]).signed_area();
        let mut ring = ring.clone();
        if (signed > 0.0) != ccw && signed != 0.0 {
            ring.0.reverse();
        }
        ring
    };
    MultiPolygon(
        polygons
            .0
            .iter()
            .map(|p| {
                Polygon::new(oriented(p.exterior(), true), p.interiors().iter().map(|r| oriented(r, false)).collect())
            })
            .collect(),
    )
}

/// Parse a FeatureCollection; a syntax error names the line. Every feature and position is
/// checked ([`crate::input::check_geojson`]) before geojson converts it, which would panic on
/// a short position.
pub fn parse_collection(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<FeatureCollection> {
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(err) => {
            problems.push(Problem::new(
                Location::Line(file.to_string(), err.line() as u64),
                format!("expected a GeoJSON FeatureCollection: {err}"),
            ));
            return None;
        }
    };
    let before = problems.len();
    crate::input::check_geojson(file, &value, crate::limits::MAX_PLACES, problems);
    if problems.len() > before {
        return None;
    }
    match serde_json::from_value::<FeatureCollection>(value) {
        Ok(collection) => Some(collection),
        Err(err) => {
            problems.push(Problem::new(
                Location::File(file.to_string()),
                format!("expected a GeoJSON FeatureCollection: {err}"),
            ));
            None
        }
    }
}

/// The feature's `id` property (or GeoJSON id), for messages.
pub fn feature_label(feature: &Feature) -> Option<String> {
    match feature.property("id") {
        Some(Value::String(id)) => Some(id.clone()),
        _ => match &feature.id {
            Some(geojson::feature::Id::String(id)) => Some(id.clone()),
            Some(geojson::feature::Id::Number(n)) => Some(n.to_string()),
            None => None,
        },
    }
}

/// The geometry of a feature as a geo type, `None` for a null geometry.
pub fn geometry_of(
    feature: &Feature,
    location: impl Fn() -> Location,
    problems: &mut Vec<Problem>,
) -> Option<Geometry<f64>> {
    let geometry = feature.geometry.as_ref()?;
    match Geometry::<f64>::try_from(&geometry.value) {
        Ok(geometry) => {
            let bad = geo::CoordsIter::coords_iter(&geometry)
                .any(|c| !c.x.is_finite() || !c.y.is_finite() || c.x.abs() > 180.0 || c.y.abs() > 90.0);
            if bad {
                problems
                    .push(Problem::new(location(), "coordinates out of range (expected lon -180..180, lat -90..90)"));
                return None;
            }
            Some(geometry)
        }
        Err(err) => {
            problems.push(Problem::new(location(), format!("unreadable geometry: {err}")));
            None
        }
    }
}

pub fn string_property(feature: &Feature, key: &str) -> Option<String> {
    match feature.property(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => None,
    }
}

/// The polygons of a Polygon or MultiPolygon geometry; `None` for any other geometry.
pub fn as_polygons(geometry: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match geometry {
        Geometry::Polygon(polygon) => Some(MultiPolygon(vec![polygon.clone()])),
        Geometry::MultiPolygon(multi) => Some(multi.clone()),
        _ => None,
    }
}

/// theatre.geojson: one or more Polygon/MultiPolygon features, merged.
pub fn parse_theatre(file: &str, text: &str, problems: &mut Vec<Problem>) -> MultiPolygon<f64> {
    let mut polygons = Vec::new();
    let Some(collection) = parse_collection(file, text, problems) else {
        return MultiPolygon(polygons);
    };
    for (index, feature) in collection.features.iter().enumerate() {
        let location = || Location::Feature(file.to_string(), index, feature_label(feature));
        match geometry_of(feature, location, problems).as_ref().and_then(as_polygons) {
            Some(multi) => polygons.extend(multi.0),
            None => problems.push(Problem::new(location(), "expected a Polygon or MultiPolygon geometry")),
        }
    }
    if polygons.is_empty() && !collection.features.is_empty() {
        return MultiPolygon(polygons);
    }
    let polygons = wound_ccw(&MultiPolygon(polygons)).0;
    if collection.features.is_empty() {
        problems.push(Problem::new(Location::File(file.to_string()), "expected at least one polygon feature"));
    }
    MultiPolygon(polygons)
}

/// frontline.geojson: LineString or MultiLineString features with `id` and `kind` (a polygon
/// stands for its rings).
pub fn parse_reference_lines(file: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<ReferenceLine> {
    let mut lines = Vec::new();
    let Some(collection) = parse_collection(file, text, problems) else {
        return lines;
    };
    for (index, feature) in collection.features.iter().enumerate() {
        let location = || Location::Feature(file.to_string(), index, feature_label(feature));
        let (Some(id), Some(kind)) = (string_property(feature, "id"), string_property(feature, "kind")) else {
            problems.push(Problem::new(location(), "expected string properties \"id\" and \"kind\""));
            continue;
        };
        if kind != "line_of_contact" && kind != "oblast_outline" {
            problems
                .push(Problem::new(location(), format!("kind \"{kind}\": expected line_of_contact or oblast_outline")));
            continue;
        }
        let name = string_property(feature, "name").unwrap_or_else(|| id.clone());
        let Some(line) = geometry_of(feature, location, problems).and_then(|g| as_pieces(&g)) else {
            problems.push(Problem::new(location(), "expected a LineString or MultiLineString geometry"));
            continue;
        };
        lines.push(ReferenceLine { id, kind, name, line });
    }
    lines
}

/// The pieces of a line feature: a LineString, a MultiLineString, or the rings of a polygon;
/// `None` for points or an empty geometry.
fn as_pieces(geometry: &Geometry<f64>) -> Option<MultiLineString<f64>> {
    let pieces = match geometry {
        Geometry::LineString(line) => vec![line.clone()],
        Geometry::MultiLineString(lines) => lines.0.clone(),
        Geometry::Polygon(polygon) => {
            std::iter::once(polygon.exterior().clone()).chain(polygon.interiors().iter().cloned()).collect()
        }
        Geometry::MultiPolygon(multi) => multi.0.iter().map(|p| p.exterior().clone()).collect(),
        _ => return None,
    };
    let pieces: Vec<_> = pieces.into_iter().filter(|piece| piece.0.len() >= 2).collect();
    (!pieces.is_empty()).then_some(MultiLineString(pieces))
}

/// Polygons of a layer with their rings wound as [`wound_ccw`] does; other geometries as they are.
fn wound_layer_geometry(geometry: Geometry<f64>) -> Geometry<f64> {
    match geometry {
        Geometry::Polygon(polygon) => Geometry::Polygon(wound_ccw(&MultiPolygon(vec![polygon])).0.remove(0)),
        Geometry::MultiPolygon(multi) => Geometry::MultiPolygon(wound_ccw(&multi)),
        other => other,
    }
}

/// A context layer: any geometries, with an optional `name`; polygon rings wound as RFC 7946
/// has them, whatever the file's winding (a clockwise country would otherwise fill its holes).
pub fn parse_layer(file: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<LayerFeature> {
    let Some(collection) = parse_collection(file, text, problems) else {
        return Vec::new();
    };
    let mut features = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let location = || Location::Feature(file.to_string(), index, feature_label(feature));
        if let Some(geometry) = geometry_of(feature, location, problems) {
            features.push(LayerFeature {
                name: string_property(feature, "name"),
                geometry: wound_layer_geometry(geometry),
            });
        }
    }
    features
}
