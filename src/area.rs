//! The one way an area in km² is measured and rounded, for every output that shows one: the
//! map's panel and compact strip, the comparison, the report, `stats`, `validate` and `export`.
//!
//! Measured: geodesic, on the WGS84 ellipsoid (geo's [`GeodesicArea`], Karney's algorithm), so
//! a figure does not depend on the map's projection. The ground's pieces are measured once when
//! a dataset loads ([`crate::ground::Ground`]); a side's area on a day is the sum of its pieces.
//!
//! Rounded: to a tenth of a km² ([`figure`], what `stats`, the report's data and `export`
//! give), and a whole km² for reading ([`whole`]) is that figure rounded again, half away from
//! zero, so that "3005.5" in a table is "3,006" on the map beside it, never "3,005".

use geo::{GeodesicArea, LineString, MultiPolygon, Polygon};

use crate::projection::TransverseMercator;

/// Geodesic area of lon/lat polygons, km², whatever the winding of their rings (a clockwise
/// exterior would otherwise be read as the rest of the globe): each ring's area is taken on its
/// own, holes subtracted. Rings are far smaller than half the globe.
pub fn geodesic_km2(polygons: &MultiPolygon<f64>) -> f64 {
    let ring = |r: &LineString<f64>| Polygon::new(r.clone(), vec![]).geodesic_area_signed().abs();
    let m2: f64 = polygons.0.iter().map(|p| ring(p.exterior()) - p.interiors().iter().map(ring).sum::<f64>()).sum();
    m2 / 1e6
}

/// Geodesic area of polygons in the map's projected kilometres, km².
pub fn projected_km2(polygons: &MultiPolygon<f64>, projection: &TransverseMercator) -> f64 {
    geodesic_km2(&projection.unproject(polygons))
}

/// An area as every output gives it: km² to one decimal (100 m x 100 m, enough for a schematic
/// of control), never "-0.0".
pub fn figure(km2: f64) -> f64 {
    let rounded = (km2 * 10.0).round() / 10.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// An area in whole km², for text: [`figure`] rounded half away from zero, never "-0".
pub fn whole(km2: f64) -> f64 {
    let rounded = figure(km2).round();
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_km2_round_the_tenths_that_tables_show() {
        // 3005.46 is "3005.5" in a table: the text must say 3006, as a reader rounds it.
        assert_eq!(figure(3005.46), 3005.5);
        assert_eq!(whole(3005.46), 3006.0);
        assert_eq!(whole(3005.44), 3005.0);
        assert_eq!(whole(-2.45), -3.0);
        assert_eq!(whole(-0.04).to_string(), "0");
        assert_eq!(figure(-0.04).to_string(), "0");
    }

    #[test]
    fn a_square_degree_at_the_equator_is_about_12_309_km2() {
        let square = Polygon::new(LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]), vec![]);
        let km2 = geodesic_km2(&MultiPolygon(vec![square.clone()]));
        assert!((km2 - 12_308.8).abs() < 1.0, "{km2}");
        // A clockwise ring measures the same.
        let reversed =
            Polygon::new(LineString::from(square.exterior().0.iter().rev().copied().collect::<Vec<_>>()), vec![]);
        assert!((geodesic_km2(&MultiPolygon(vec![reversed])) - km2).abs() < 1e-6);
    }
}
