//! From the earth to the page: a projection fitted to the map's frame, and geometry (projected
//! km, or lon/lat) turned into rings of page px.

use geo::{Coord, Geometry, LineString, MultiPolygon};

use super::Rect;
use crate::dataset::View;
use crate::projection::TransverseMercator;

/// From projected km to page px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    pub projection: TransverseMercator,
    /// px per km.
    pub scale: f64,
    pub centre_km: Coord<f64>,
    pub centre_px: (f64, f64),
}

impl Fit {
    pub fn new(projection: TransverseMercator, view: &View, frame: Rect) -> Fit {
        // Project the view's outline, not only its corners: its edges are curves on the page.
        let mut min = Coord { x: f64::MAX, y: f64::MAX };
        let mut max = Coord { x: f64::MIN, y: f64::MIN };
        for k in 0..=20 {
            let t = k as f64 / 20.0;
            let lon = view.west + (view.east - view.west) * t;
            let lat = view.south + (view.north - view.south) * t;
            for (x, y) in [(lon, view.south), (lon, view.north), (view.west, lat), (view.east, lat)] {
                let c = projection.forward(x, y);
                min = Coord { x: min.x.min(c.x), y: min.y.min(c.y) };
                max = Coord { x: max.x.max(c.x), y: max.y.max(c.y) };
            }
        }
        let scale = (frame.w as f64 / (max.x - min.x)).min(frame.h as f64 / (max.y - min.y));
        Fit {
            projection,
            scale,
            centre_km: (min + max) / 2.0,
            centre_px: ((frame.x + frame.w / 2.0) as f64, (frame.y + frame.h / 2.0) as f64),
        }
    }

    pub fn km(&self, c: Coord<f64>) -> (f32, f32) {
        (
            (self.centre_px.0 + (c.x - self.centre_km.x) * self.scale) as f32,
            (self.centre_px.1 - (c.y - self.centre_km.y) * self.scale) as f32,
        )
    }

    /// Page px back to projected km.
    pub fn px_to_km(&self, x: f32, y: f32) -> (f64, f64) {
        (
            self.centre_km.x + (x as f64 - self.centre_px.0) / self.scale,
            self.centre_km.y - (y as f64 - self.centre_px.1) / self.scale,
        )
    }

    pub fn lonlat(&self, lon: f64, lat: f64) -> (f32, f32) {
        self.km(self.projection.forward(lon, lat))
    }
}

/// A ring of points to px, dropping points closer than 0.35 px to the last kept one.
pub(crate) fn ring_px(coords: impl Iterator<Item = (f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    for p in coords {
        if let Some(last) = out.last()
            && (p.0 - last.0).abs() < 0.35
            && (p.1 - last.1).abs() < 0.35
        {
            continue;
        }
        out.push(p);
    }
    out
}

pub(crate) fn km_polygons(fit: &Fit, polygons: &MultiPolygon<f64>) -> Vec<Vec<(f32, f32)>> {
    let mut rings = Vec::new();
    for polygon in polygons {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let px = ring_px(ring.coords().map(|c| fit.km(*c)));
            if px.len() >= 3 {
                rings.push(px);
            }
        }
    }
    rings
}

pub(crate) fn km_line(fit: &Fit, line: &LineString<f64>) -> Vec<(f32, f32)> {
    ring_px(line.coords().map(|c| fit.km(*c)))
}

/// Rings of a lon/lat geometry through `to_px`, and whether they are closed (polygons).
pub(crate) fn geometry_rings(
    geometry: &Geometry<f64>,
    to_px: impl Fn(f64, f64) -> (f32, f32),
) -> (Vec<Vec<(f32, f32)>>, bool) {
    let ring = |line: &LineString<f64>| ring_px(line.coords().map(|c| to_px(c.x, c.y)));
    match geometry {
        Geometry::Polygon(p) => (std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect(), true),
        Geometry::MultiPolygon(mp) => {
            (mp.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())).map(ring).collect(), true)
        }
        Geometry::LineString(l) => (vec![ring(l)], false),
        Geometry::MultiLineString(ml) => (ml.iter().map(ring).collect(), false),
        _ => (Vec::new(), false),
    }
}

pub(crate) fn lonlat_geometry(fit: &Fit, geometry: &Geometry<f64>) -> (Vec<Vec<(f32, f32)>>, bool) {
    geometry_rings(geometry, |lon, lat| fit.lonlat(lon, lat))
}

/// An eight-pointed burst, the strike symbol.
pub(crate) fn burst(x: f32, y: f32, outer: f32, inner: f32) -> Vec<(f32, f32)> {
    (0..16)
        .map(|k| {
            let angle = k as f32 * std::f32::consts::PI / 8.0;
            let r = if k % 2 == 0 { outer } else { inner };
            (x + r * angle.sin(), y - r * angle.cos())
        })
        .collect()
}
