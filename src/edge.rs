//! The theatre's edge away from the line of contact, and who holds the ground beyond it: a front
//! runs along it where a side holds the theatre's ground on one side and an opposed side holds
//! the ground across it (its home country, or a `held` layer's ground on that day). The Russian
//! advance on Gori in 2008, say, meets Georgia's own country, not a line of contact.
//!
//! Computed once per dataset in projected km, like the atoms; each day only picks the pieces
//! whose two holders are opposed.

use std::collections::HashMap;

use geo::{BoundingRect, Contains, Coord, Euclidean, Length, Line, MultiPolygon, Point};

use crate::control::Cells;
use crate::dataset::Dataset;
use crate::projection::TransverseMercator;

/// Longest piece the edge is cut into, km: short enough to follow a day's holder changes.
const PIECE_KM: f64 = 0.5;

/// How far across the edge to look for the ground on each side of it, km.
const PROBE_KM: f64 = 0.01;

/// How far beyond the edge `held` ground still counts as across it, km: a layer drawn by hand
/// seldom meets the theatre exactly, and the gap between them is not a side's home.
const HELD_GAP_KM: [f64; 3] = [0.01, 0.3, 1.0];

/// A piece of edge with both ends closer than this to a stretch of the line of contact that
/// runs alongside it is the line's (its front is drawn from the side beyond the line), km: a
/// line drawn by hand strays from the theatre's edge, and two fronts a kilometre apart read as
/// a sliver of ground between them.
const NEAR_LOC_KM: f64 = 2.0;

/// Alongside: the sine of the angle between the piece and the line's stretch below this (30°).
const ALONGSIDE_SINE: f64 = 0.5;

/// One piece of the theatre's edge.
#[derive(Debug, Clone)]
pub struct EdgePiece {
    pub line: Line<f64>,
    /// The atom just inside.
    pub atom: usize,
    /// The side whose home country is just outside (and whose `home_front` is on).
    pub home: Option<usize>,
    /// The `held` grounds (indices into `Dataset::held`) just outside, in file order.
    pub held: Vec<usize>,
}

impl EdgePiece {
    /// The side holding the ground just outside on `day`: a dated `held` ground held that
    /// day, else an undated one (the later in file order wins, as drawn), else the home side.
    pub fn outside(&self, dataset: &Dataset, day: chrono::NaiveDate) -> Option<usize> {
        let held = |dated: bool| {
            self.held.iter().rev().map(|&h| &dataset.held[h]).find(|h| h.undated() != dated && h.on(day))?.side
        };
        held(true).or_else(|| held(false)).or(self.home)
    }
}

/// The pieces of the theatre's edge that have an atom inside and some side's ground outside,
/// leaving out those on the line of contact. `beside` gives the atom on one side of a line
/// whose other side has none, and the unit vector pointing away from it.
pub fn edge_pieces(
    dataset: &Dataset,
    projection: &TransverseMercator,
    cells: &Cells,
    beside: impl Fn(&Line<f64>) -> Option<(usize, Coord<f64>)>,
) -> Vec<EdgePiece> {
    let outside = Outside::new(dataset);
    let near_loc = NearLine::new(cells.loc_pieces());
    let mut pieces = Vec::new();
    for polygon in &cells.theatre.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for segment in ring.lines() {
                for line in cut(segment) {
                    // On the line of contact when both ends are; a piece that only touches
                    // it (at a corner of the theatre) carries the front on round the corner.
                    let on_loc = near_loc.alongside(&line, line.start) && near_loc.alongside(&line, line.end);
                    if on_loc {
                        continue;
                    }
                    let Some((inside, outward)) = beside(&line) else { continue };
                    let middle = (line.start + line.end) / 2.0;
                    let beyond = |km: f64| {
                        let at = middle + outward * km;
                        projection.inverse(at.x, at.y)
                    };
                    let home = outside.home_at(beyond(PROBE_KM));
                    let held = outside.held_near(HELD_GAP_KM.map(beyond));
                    if home.is_some() || !held.is_empty() {
                        pieces.push(EdgePiece { line, atom: inside, home, held });
                    }
                }
            }
        }
    }
    pieces
}

/// A segment cut into pieces of at most [`PIECE_KM`].
fn cut(segment: Line<f64>) -> impl Iterator<Item = Line<f64>> {
    let count = (Euclidean.length(&segment) / PIECE_KM).ceil().max(1.0) as usize;
    let at = move |t: f64| segment.start + (segment.end - segment.start) * t;
    (0..count).map(move |k| Line::new(at(k as f64 / count as f64), at((k + 1) as f64 / count as f64)))
}

/// The grounds beyond the theatre, lon/lat: home countries (of sides whose `home_front` is on)
/// and `held` layers.
struct Outside<'a> {
    homes: Vec<(usize, &'a geo::Geometry<f64>, geo::Rect<f64>)>,
    held: Vec<(usize, &'a MultiPolygon<f64>, geo::Rect<f64>)>,
}

impl<'a> Outside<'a> {
    fn new(dataset: &'a Dataset) -> Self {
        let mut homes = Vec::new();
        for (side, spec) in dataset.meta.sides.iter().enumerate().filter(|(_, s)| s.home_front) {
            for country in dataset.countries().filter(|c| c.name.is_some() && c.name == spec.home) {
                if let Some(bounds) = country.geometry.bounding_rect() {
                    homes.push((side, &country.geometry, bounds));
                }
            }
        }
        let held = dataset
            .held
            .iter()
            .enumerate()
            .filter(|(_, h)| h.side.is_some())
            .filter_map(|(index, h)| Some((index, &h.shape, h.shape.bounding_rect()?)))
            .collect();
        Outside { homes, held }
    }

    /// The side whose home country is at a lon/lat point.
    fn home_at(&self, at: Coord<f64>) -> Option<usize> {
        let point = Point::from(at);
        self.homes.iter().find(|(_, shape, b)| b.contains(&point) && shape.contains(&point)).map(|(side, ..)| *side)
    }

    /// The held grounds that contain any of the lon/lat points, in file order.
    fn held_near(&self, points: [Coord<f64>; 3]) -> Vec<usize> {
        let covers = |shape: &MultiPolygon<f64>, b: &geo::Rect<f64>| {
            points.iter().map(|&at| Point::from(at)).any(|p| b.contains(&p) && shape.contains(&p))
        };
        self.held.iter().filter(|(_, shape, b)| covers(shape, b)).map(|(i, ..)| *i).collect()
    }
}

/// Segments bucketed on a grid, to ask "is a point within d of any?" without a scan of all.
struct NearLine<'a> {
    lines: &'a [Line<f64>],
    buckets: HashMap<(i64, i64), Vec<usize>>,
}

impl<'a> NearLine<'a> {
    /// Bucket size, km: the line's pieces are at most 0.5 km, and look-ups reach 0.3 km.
    const BUCKET_KM: f64 = 1.0;

    fn new(lines: &'a [Line<f64>]) -> Self {
        let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (index, line) in lines.iter().enumerate() {
            let (a, b) = (Self::key(line.start), Self::key(line.end));
            for x in a.0.min(b.0)..=a.0.max(b.0) {
                for y in a.1.min(b.1)..=a.1.max(b.1) {
                    buckets.entry((x, y)).or_default().push(index);
                }
            }
        }
        NearLine { lines, buckets }
    }

    fn key(at: Coord<f64>) -> (i64, i64) {
        ((at.x / Self::BUCKET_KM).floor() as i64, (at.y / Self::BUCKET_KM).floor() as i64)
    }

    /// Is `at` within `km` of a line that `accept`s?
    fn within_where(&self, at: Coord<f64>, km: f64, accept: impl Fn(&Line<f64>) -> bool) -> bool {
        let (x, y) = Self::key(at);
        let reach = (km / Self::BUCKET_KM).ceil() as i64;
        let point = Point::from(at);
        (x - reach..=x + reach).flat_map(|x| (y - reach..=y + reach).map(move |y| (x, y))).any(|key| {
            self.buckets.get(&key).is_some_and(|found| {
                found
                    .iter()
                    .map(|&i| &self.lines[i])
                    .any(|line| geo::Distance::distance(&Euclidean, line, &point) < km && accept(line))
            })
        })
    }

    /// Is `at` within `km` of a line?
    #[cfg(test)]
    fn within(&self, at: Coord<f64>, km: f64) -> bool {
        self.within_where(at, km, |_| true)
    }

    /// Is `at` within [`NEAR_LOC_KM`] of a line running alongside `piece`?
    fn alongside(&self, piece: &Line<f64>, at: Coord<f64>) -> bool {
        let (a, length_a) = (piece.delta(), Euclidean.length(piece));
        self.within_where(at, NEAR_LOC_KM, |line| {
            let (b, length_b) = (line.delta(), Euclidean.length(line));
            let cross = a.x * b.y - a.y * b.x;
            length_a * length_b > 0.0 && (cross / (length_a * length_b)).abs() < ALONGSIDE_SINE
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_near_a_line_only_within_the_distance() {
        let lines = [Line::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 0.5, y: 0.0 })];
        let near = NearLine::new(&lines);
        assert!(near.within(Coord { x: 0.25, y: 0.2 }, 0.3));
        assert!(!near.within(Coord { x: 0.25, y: 0.4 }, 0.3));
        assert!(near.within(Coord { x: -0.1, y: -0.1 }, 0.3), "across a bucket's edge");
    }

    #[test]
    fn a_segment_is_cut_into_pieces_of_at_most_half_a_km() {
        let pieces: Vec<Line<f64>> = cut(Line::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1.2, y: 0.0 })).collect();
        assert_eq!(pieces.len(), 3);
        assert!(pieces.iter().all(|p| Euclidean.length(p) <= PIECE_KM + 1e-12));
        assert_eq!(pieces[2].end, Coord { x: 1.2, y: 0.0 });
    }
}
