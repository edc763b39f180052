//! The map projection: transverse Mercator on the WGS84 ellipsoid (Snyder, USGS Professional
//! Paper 1395, formulas 8-9 to 8-25), in kilometres, x east and y north.
//!
//! Conformal, and with scale 1 on the central meridian its scale error stays under 0.02% within
//! 1.5 degrees of longitude of it at the latitudes of the Caucasus, so a scale bar drawn from
//! projected kilometres measures true ground distance.

use geo::{Coord, MapCoords};

use crate::dataset::ProjectionSpec;

const A: f64 = 6378.137; // semi-major axis, km
const F: f64 = 1.0 / 298.257_223_563;

/// A transverse Mercator projection; a value, like geo's metric spaces.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TransverseMercator {
    lon0: f64,
    lat0: f64,
    e2: f64,
    ep2: f64,
    m0: f64,
}

impl TransverseMercator {
    pub fn new(central_meridian: f64, latitude_of_origin: f64) -> Self {
        let e2 = 2.0 * F - F * F;
        let mut projection = TransverseMercator {
            lon0: central_meridian.to_radians(),
            lat0: latitude_of_origin,
            e2,
            ep2: e2 / (1.0 - e2),
            m0: 0.0,
        };
        projection.m0 = projection.meridian_arc(latitude_of_origin.to_radians());
        projection
    }

    pub fn from_spec(spec: &ProjectionSpec) -> Self {
        match *spec {
            ProjectionSpec::TransverseMercator { central_meridian, latitude_of_origin } => {
                TransverseMercator::new(central_meridian, latitude_of_origin)
            }
        }
    }

    pub fn central_meridian(&self) -> f64 {
        self.lon0.to_degrees()
    }

    /// Distance along the meridian from the equator to latitude `phi` (radians), km.
    fn meridian_arc(&self, phi: f64) -> f64 {
        let e2 = self.e2;
        let (e4, e6) = (e2 * e2, e2 * e2 * e2);
        A * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * phi
            - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * phi).sin()
            + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * phi).sin()
            - (35.0 * e6 / 3072.0) * (6.0 * phi).sin())
    }

    /// Lon/lat degrees to projected km.
    pub fn forward(&self, lon: f64, lat: f64) -> Coord<f64> {
        let phi = lat.to_radians();
        let (sin, cos) = phi.sin_cos();
        let n = A / (1.0 - self.e2 * sin * sin).sqrt();
        let t = phi.tan().powi(2);
        let c = self.ep2 * cos * cos;
        let a = (lon.to_radians() - self.lon0) * cos;
        let m = self.meridian_arc(phi);
        let x = n
            * (a + (1.0 - t + c) * a.powi(3) / 6.0
                + (5.0 - 18.0 * t + t * t + 72.0 * c - 58.0 * self.ep2) * a.powi(5) / 120.0);
        let y = m - self.m0
            + n * phi.tan()
                * (a * a / 2.0
                    + (5.0 - t + 9.0 * c + 4.0 * c * c) * a.powi(4) / 24.0
                    + (61.0 - 58.0 * t + t * t + 600.0 * c - 330.0 * self.ep2) * a.powi(6) / 720.0);
        Coord { x, y }
    }

    /// Projected km to lon/lat degrees.
    pub fn inverse(&self, x: f64, y: f64) -> Coord<f64> {
        let e2 = self.e2;
        let m = self.m0 + y;
        let mu = m / (A * (1.0 - e2 / 4.0 - 3.0 * e2 * e2 / 64.0 - 5.0 * e2.powi(3) / 256.0));
        let e1 = (1.0 - (1.0 - e2).sqrt()) / (1.0 + (1.0 - e2).sqrt());
        let phi1 = mu
            + (3.0 * e1 / 2.0 - 27.0 * e1.powi(3) / 32.0) * (2.0 * mu).sin()
            + (21.0 * e1 * e1 / 16.0 - 55.0 * e1.powi(4) / 32.0) * (4.0 * mu).sin()
            + (151.0 * e1.powi(3) / 96.0) * (6.0 * mu).sin()
            + (1097.0 * e1.powi(4) / 512.0) * (8.0 * mu).sin();
        let (sin1, cos1) = phi1.sin_cos();
        let c1 = self.ep2 * cos1 * cos1;
        let t1 = phi1.tan().powi(2);
        let n1 = A / (1.0 - e2 * sin1 * sin1).sqrt();
        let r1 = A * (1.0 - e2) / (1.0 - e2 * sin1 * sin1).powf(1.5);
        let d = x / n1;
        let phi = phi1
            - (n1 * phi1.tan() / r1)
                * (d * d / 2.0 - (5.0 + 3.0 * t1 + 10.0 * c1 - 4.0 * c1 * c1 - 9.0 * self.ep2) * d.powi(4) / 24.0
                    + (61.0 + 90.0 * t1 + 298.0 * c1 + 45.0 * t1 * t1 - 252.0 * self.ep2 - 3.0 * c1 * c1) * d.powi(6)
                        / 720.0);
        let lambda = self.lon0
            + (d - (1.0 + 2.0 * t1 + c1) * d.powi(3) / 6.0
                + (5.0 - 2.0 * c1 + 28.0 * t1 - 3.0 * c1 * c1 + 8.0 * self.ep2 + 24.0 * t1 * t1) * d.powi(5) / 120.0)
                / cos1;
        Coord { x: lambda.to_degrees(), y: phi.to_degrees() }
    }

    /// Project any geo geometry from lon/lat to km.
    pub fn project<G: MapCoords<f64, f64, Output = G>>(&self, geometry: &G) -> G {
        geometry.map_coords(|c| self.forward(c.x, c.y))
    }

    /// Unproject any geo geometry from km to lon/lat.
    pub fn unproject<G: MapCoords<f64, f64, Output = G>>(&self, geometry: &G) -> G {
        geometry.map_coords(|c| self.inverse(c.x, c.y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn round_trips_within_a_millimetre() {
        let tm = TransverseMercator::new(46.5, 0.0);
        for (lon, lat) in [(45.3, 38.8), (46.75, 39.76), (47.7, 40.9), (46.5, 40.0)] {
            let p = tm.forward(lon, lat);
            let back = tm.inverse(p.x, p.y);
            assert!((back.x - lon).abs() < 1e-8 && (back.y - lat).abs() < 1e-8, "{lon},{lat} -> {back:?}");
        }
    }

    #[test]
    fn matches_utm_zone_38_for_a_known_point() {
        // On the central meridian y is the meridian arc: 4,429,529.03 m from the equator to 40N
        // on WGS84 (GRS80), so UTM 38N (k0 = 0.9996) gives northing 4,427,757.2 m for 40N 45E.
        let tm = TransverseMercator::new(45.0, 0.0);
        let p = tm.forward(45.0, 40.0);
        assert!(p.x.abs() < 1e-9);
        assert!((p.y - 4429.529).abs() < 0.001, "{}", p.y);
        assert!((p.y * 0.9996 - 4427.757).abs() < 0.001);
    }

    #[test]
    fn projected_distances_match_geodesic_ones_in_the_region() {
        let tm = TransverseMercator::new(46.5, 0.0);
        // Ganja to Zangilan, Horadiz to Kalbajar: across the whole default view.
        for ((a_lon, a_lat), (b_lon, b_lat)) in [((46.36, 40.68), (46.65, 39.08)), ((47.33, 39.45), (46.04, 40.1))] {
            let geodesic = Geodesic.distance(Point::new(a_lon, a_lat), Point::new(b_lon, b_lat)) / 1000.0;
            let a = tm.forward(a_lon, a_lat);
            let b = tm.forward(b_lon, b_lat);
            let planar = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
            assert!((planar / geodesic - 1.0).abs() < 0.002, "{planar} vs {geodesic}");
        }
    }
}
