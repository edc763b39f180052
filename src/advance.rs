//! Stage 3, optional: arrows of advance and the ground that changed side between two dates,
//! derived from the changes of control (who holds each atom of ground, [`crate::ground`]).
//!
//! An advance is drawn only where the data records ground changing side: for each side and
//! each connected piece of ground it took (pieces under [`MIN_PIECE_KM2`] are left out), an
//! arrow from the middle of the line it advanced from (the piece's edge along the ground that
//! side held before) toward the centroid of the piece. Where the side held no ground next to
//! the piece inside the theatre (its first advances out of its own country), the arrow starts
//! from the middle of the piece's edge along the side's home country. Everything here is in projected kilometres, like [`crate::control`].

use chrono::NaiveDate;
use geo::{Area, BoundingRect, Centroid, Coord, Distance, Euclidean, MultiPolygon, Polygon, unary_union};

use crate::Atlas;
use crate::timeline::Holding;

/// Pieces smaller than this (km2) give no arrow: about a village's fields, below what an arrow
/// at map scale can show, and the size of slivers left by the cells' edges.
pub const MIN_PIECE_KM2: f64 = 3.0;

/// Ground within this distance (km) of a piece counts as its neighbour: atoms share edges, but
/// the boolean operations that cut them may leave them a hair apart.
const TOUCH_KM: f64 = 0.05;

/// One arrow: a side took `km2` of ground, moving from `from` toward `to` (projected km).
#[derive(Debug, Clone, PartialEq)]
pub struct Advance {
    pub side: usize,
    pub from: Coord<f64>,
    pub to: Coord<f64>,
    pub km2: f64,
}

/// The ground a side gained between two dates: (side, ground, km2), sides in order, only
/// sides that gained any.
#[derive(Debug, Clone, PartialEq)]
pub struct Gains {
    pub since: NaiveDate,
    pub by_side: Vec<(usize, MultiPolygon<f64>, f64)>,
}

/// Over how many days arrows show what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrowSpan {
    Day,
    Week,
}

/// The advances of each side from the holders `before` to the holders `after` of the atoms
/// `shapes` (the three slices run in parallel); `homes` is each side's home country (empty
/// when it has none).
pub fn advances(
    shapes: &[&MultiPolygon<f64>],
    (before, after): (&[usize], &[usize]),
    homes: &[MultiPolygon<f64>],
    min_km2: f64,
) -> Vec<Advance> {
    let sides = before.iter().chain(after).copied().max().map_or(0, |m| m + 1);
    let mut out = Vec::new();
    for side in 0..sides {
        let taken =
            unary_union((0..shapes.len()).filter(|&i| after[i] == side && before[i] != side).map(|i| shapes[i]));
        for piece in taken.0.iter().filter(|p| p.unsigned_area() >= min_km2) {
            let held: Vec<usize> =
                (0..shapes.len()).filter(|&i| before[i] == side && touches(shapes[i], piece)).collect();
            let from = shared_edge_middle(piece, shapes, &held)
                .or_else(|| weighted_centroid(shapes, &held))
                .or_else(|| homes.get(side).and_then(|h| edge_along(piece, h)));
            if let (Some(from), Some(to)) = (from, piece.centroid()) {
                out.push(Advance { side, from, to: to.0, km2: piece.unsigned_area() });
            }
        }
    }
    out
}

/// The middle of the stretch of a piece's outline along some atoms (each edge weighted by its
/// length): where the side's advance into the piece set out from. A centroid of the ground held
/// before pointed a broad advance the wrong way: Ukraine's eastward drive of September 2022
/// from the Kharkiv line, drawn from the middle of its ground to the middle of the gain, pointed
/// north.
fn shared_edge_middle(piece: &Polygon<f64>, shapes: &[&MultiPolygon<f64>], atoms: &[usize]) -> Option<Coord<f64>> {
    middle_of_edges_where(piece, |middle| {
        atoms.iter().any(|&i| shapes[i].0.iter().any(|p| Euclidean.distance(p, middle) <= TOUCH_KM))
    })
}

/// Does a piece of ground touch (or nearly touch) an atom?
fn touches(atom: &MultiPolygon<f64>, piece: &Polygon<f64>) -> bool {
    let (Some(a), Some(b)) = (atom.bounding_rect(), piece.bounding_rect()) else { return false };
    let apart = a.min().x > b.max().x + TOUCH_KM
        || b.min().x > a.max().x + TOUCH_KM
        || a.min().y > b.max().y + TOUCH_KM
        || b.min().y > a.max().y + TOUCH_KM;
    !apart && atom.0.iter().any(|polygon| Euclidean.distance(polygon, piece) <= TOUCH_KM)
}

/// The middle of the stretch of a piece's outline along a home country (each edge weighted by
/// its length, as in [`shared_edge_middle`]).
fn edge_along(piece: &Polygon<f64>, home: &MultiPolygon<f64>) -> Option<Coord<f64>> {
    middle_of_edges_where(piece, |middle| Euclidean.distance(middle, home) <= TOUCH_KM)
}

/// The length-weighted middle of the edges of a piece's outline whose middles pass `along`.
fn middle_of_edges_where(piece: &Polygon<f64>, along: impl Fn(&geo::Point<f64>) -> bool) -> Option<Coord<f64>> {
    let (mut sum, mut length) = (Coord { x: 0.0, y: 0.0 }, 0.0);
    for segment in piece.exterior().lines() {
        let middle = geo::Point::from((segment.start + segment.end) / 2.0);
        if along(&middle) {
            let l = Euclidean.distance(&geo::Point::from(segment.start), &geo::Point::from(segment.end));
            sum = Coord { x: sum.x + middle.x() * l, y: sum.y + middle.y() * l };
            length += l;
        }
    }
    (length > 0.0).then(|| Coord { x: sum.x / length, y: sum.y / length })
}

/// Each side's home country in projected km (empty where a side has none).
fn homes(atlas: &Atlas) -> Vec<MultiPolygon<f64>> {
    use geo::MapCoords;
    let dataset = &atlas.dataset;
    dataset
        .meta
        .sides
        .iter()
        .map(|side| {
            let polygons = dataset
                .countries()
                .filter(|feature| side.home.is_some() && feature.name == side.home)
                .flat_map(|feature| match &feature.geometry {
                    geo::Geometry::Polygon(p) => vec![p.clone()],
                    geo::Geometry::MultiPolygon(m) => m.0.clone(),
                    _ => Vec::new(),
                })
                .map(|polygon| polygon.map_coords(|c| atlas.projection.forward(c.x, c.y)));
            MultiPolygon(polygons.collect())
        })
        .collect()
}

/// The area-weighted centroid of some atoms.
fn weighted_centroid(shapes: &[&MultiPolygon<f64>], atoms: &[usize]) -> Option<Coord<f64>> {
    let (mut sum, mut weight) = (Coord { x: 0.0, y: 0.0 }, 0.0);
    for &i in atoms {
        let (Some(c), area) = (shapes[i].centroid(), shapes[i].unsigned_area()) else { continue };
        sum = Coord { x: sum.x + c.x() * area, y: sum.y + c.y() * area };
        weight += area;
    }
    (weight > 0.0).then(|| Coord { x: sum.x / weight, y: sum.y / weight })
}

/// Who holds each atom at the end of `day`.
fn holders_on(atlas: &Atlas, day: NaiveDate) -> Vec<usize> {
    sides_of(&atlas.ground.holdings(&atlas.dataset, day).today)
}

fn sides_of(holdings: &[Holding]) -> Vec<usize> {
    holdings.iter().map(|h| h.side).collect()
}

/// The advances shown on `day`: that day's changes, or the last 7 days' (from the end of the
/// day a week before, or the first day's start).
pub fn advances_on(atlas: &Atlas, day: NaiveDate, span: ArrowSpan) -> Vec<Advance> {
    let held = atlas.ground.holdings(&atlas.dataset, day);
    let before = match span {
        ArrowSpan::Day => sides_of(&held.before),
        ArrowSpan::Week => {
            let start = day - chrono::Days::new(7);
            if start >= atlas.dataset.meta.first_day {
                holders_on(atlas, start)
            } else {
                sides_of(&atlas.ground.holdings(&atlas.dataset, atlas.dataset.meta.first_day).before)
            }
        }
    };
    let shapes: Vec<&MultiPolygon<f64>> = atlas.ground.atoms.iter().map(|a| &a.shape).collect();
    advances(&shapes, (&before, &sides_of(&held.today)), &homes(atlas), MIN_PIECE_KM2)
}

/// The ground each side gained from the end of `since` to the end of `day`.
pub fn gains(atlas: &Atlas, since: NaiveDate, day: NaiveDate) -> Gains {
    let (before, after) = (holders_on(atlas, since), holders_on(atlas, day));
    let atoms = &atlas.ground.atoms;
    let by_side = (0..atlas.dataset.meta.sides.len())
        .filter_map(|side| {
            let gained: Vec<usize> = (0..atoms.len()).filter(|&i| after[i] == side && before[i] != side).collect();
            let km2: f64 = gained.iter().map(|&i| atoms[i].km2).sum();
            (!gained.is_empty()).then(|| (side, unary_union(gained.iter().map(|&i| &atoms[i].shape)), km2))
        })
        .collect();
    Gains { since, by_side }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Rect, coord};

    /// A square of `size` km at (x, y).
    fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![Rect::new(coord! { x: x, y: y }, coord! { x: x + size, y: y + size }).to_polygon()])
    }

    /// Three squares of 10 km in a row, west to east.
    fn row() -> Vec<MultiPolygon<f64>> {
        vec![square(0.0, 0.0, 10.0), square(10.0, 0.0, 10.0), square(20.0, 0.0, 10.0)]
    }

    #[test]
    fn no_change_gives_no_arrow() {
        let atoms = row();
        let shapes: Vec<&MultiPolygon<f64>> = atoms.iter().collect();
        assert!(advances(&shapes, (&[0, 1, 1], &[0, 1, 1]), &[], MIN_PIECE_KM2).is_empty());
    }

    #[test]
    fn ground_taken_gives_one_arrow_pointing_from_the_side_toward_it() {
        let atoms = row();
        let shapes: Vec<&MultiPolygon<f64>> = atoms.iter().collect();
        // Side 0 holds the west square and takes the middle one from side 1: an arrow eastward.
        let arrows = advances(&shapes, (&[0, 1, 1], &[0, 0, 1]), &[], MIN_PIECE_KM2);
        assert_eq!(arrows.len(), 1, "{arrows:?}");
        let arrow = &arrows[0];
        assert_eq!(arrow.side, 0);
        assert!((arrow.km2 - 100.0).abs() < 1e-6);
        // From the middle of the edge it advanced from (x = 10) to the middle of what it took.
        assert!((arrow.from.x - 10.0).abs() < 1e-6 && (arrow.to.x - 15.0).abs() < 1e-6, "{arrow:?}");
        assert!((arrow.from.y - arrow.to.y).abs() < 1e-6);
    }

    #[test]
    fn pieces_below_the_threshold_give_no_arrow() {
        let atoms = [square(0.0, 0.0, 10.0), square(10.0, 0.0, 1.0)];
        let shapes: Vec<&MultiPolygon<f64>> = atoms.iter().collect();
        assert!(advances(&shapes, (&[0, 1], &[0, 0]), &[], MIN_PIECE_KM2).is_empty());
    }

    #[test]
    fn ground_taken_with_no_neighbour_held_before_gives_no_arrow() {
        let atoms = [square(0.0, 0.0, 10.0), square(50.0, 0.0, 10.0)];
        let shapes: Vec<&MultiPolygon<f64>> = atoms.iter().collect();
        assert!(advances(&shapes, (&[0, 1], &[0, 0]), &[], MIN_PIECE_KM2).is_empty());
    }

    #[test]
    fn a_first_advance_out_of_the_home_country_starts_at_its_edge() {
        // Side 0 holds nothing in the theatre; its country lies west of x = 0.
        let atoms = row();
        let shapes: Vec<&MultiPolygon<f64>> = atoms.iter().collect();
        let homes = vec![square(-40.0, -10.0, 40.0), MultiPolygon(Vec::new())];
        let arrows = advances(&shapes, (&[1, 1, 1], &[0, 1, 1]), &homes, MIN_PIECE_KM2);
        assert_eq!(arrows.len(), 1, "{arrows:?}");
        assert!(arrows[0].from.x.abs() < 1e-6 && (arrows[0].to.x - 5.0).abs() < 1e-6, "{arrows:?}");
    }

    #[test]
    fn gains_since_a_date_are_the_ground_that_changed_side() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let atlas = Atlas::new(crate::dataset::Dataset::load(&crate::dataset::DataSource::Dir(dir)).unwrap());
        let first = atlas.dataset.meta.first_day;
        assert!(gains(&atlas, first, first).by_side.is_empty());
        let last = atlas.dataset.meta.last_day;
        let control = Control::on(&atlas.dataset, &atlas.ground, last);
        let start = Control::on(&atlas.dataset, &atlas.ground, first);
        let gained = gains(&atlas, first, last);
        for side in 0..atlas.dataset.meta.sides.len() {
            let net = control.area_of(side) - start.area_of(side);
            let got = gained.by_side.iter().find(|g| g.0 == side).map_or(0.0, |g| g.2);
            assert!(got + 1e-6 >= net, "side {side}: gained {got} km2, net change {net} km2");
        }
        assert!(!gained.by_side.is_empty(), "the fixture's ground changes side");
    }
    use crate::control::Control;
}
