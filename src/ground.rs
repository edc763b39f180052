//! Stage 3, with [`crate::control`]: who holds each piece of ground on a day, from place events
//! and area events together.
//!
//! The theatre's Voronoi cells are cut by every area of the dataset into **atoms**: pieces of
//! one cell that lie in the same set of areas. On a day, events are applied in date order (one
//! day's events in the order of events.csv):
//! - an **area event** gives every atom of its area to the event's side;
//! - a **place event** gives the atoms of its place's cell to the event's side, but only those
//!   atoms that the same area event last set as the place itself. So once an area has been set,
//!   its edge is a hard edge: a cell no longer reaches across it, and geometry wins over the
//!   interpolation of cells.
//!
//! Everything is in projected kilometres, like the cells.

use geo::{
    Area, BooleanOps, BoundingRect, Buffer, Contains, Coord, Distance, Euclidean, Intersects, Line, LineString,
    MultiPolygon, Point, Polygon, Rect, unary_union,
};

use crate::control::Cells;
use crate::dataset::{AreaShape, Dataset, Status};
use crate::projection::TransverseMercator;
use crate::timeline::{DayState, Holding, moved};

/// Pieces of ground smaller than this (km2, a square metre) are the dust of boolean operations
/// on shared edges, not ground: dropped. Anything larger is kept, so that no hole opens.
const MIN_ATOM_KM2: f64 = 1e-6;

/// Polygons of a cut smaller than this (km2, a square of 30 m) are slivers between two edges
/// that run together (an area's edge on a cell's edge or the theatre's), split apart by the
/// rounding of boolean operations: they stay with the piece beside them. Left as their own
/// polygons they made one atom of thousands of parts, and every test on it slow.
const SLIVER_KM2: f64 = 1e-3;

/// The grid every vertex of an atom lies on, km (10 cm): far below the map, far above the
/// rounding of boolean operations, so that edges two pieces share stay equal through the cuts.
const GRID_KM: f64 = 1e-4;

/// How far across an atom's edge to look for its neighbour, km: far below the map's resolution,
/// far above the boolean operations' rounding.
const PROBE_KM: f64 = 0.005;

/// A piece of one cell lying in one set of areas.
#[derive(Debug, Clone)]
pub struct Atom {
    /// Index into the cells' sites.
    pub site: usize,
    /// Indices of the areas that contain this atom, ascending.
    pub areas: Vec<usize>,
    pub shape: MultiPolygon<f64>,
    /// Geodesic area ([`crate::area`]): the one measure every figure of the tool adds up.
    pub km2: f64,
}

/// The theatre cut into atoms, computed once per dataset.
#[derive(Debug, Clone)]
pub struct Ground {
    /// Each area of the dataset resolved to km and clipped to the theatre.
    pub areas: Vec<MultiPolygon<f64>>,
    /// For each area, the places whose point lies in it.
    pub places_in_area: Vec<Vec<usize>>,
    pub atoms: Vec<Atom>,
    atoms_of_site: Vec<Vec<usize>>,
    atoms_of_area: Vec<Vec<usize>>,
    /// The cell (site) of each place, when it owns one.
    site_of_place: Vec<Option<usize>>,
    /// The place of each site.
    place_of_site: Vec<usize>,
    /// Stretches of edge between two atoms (a < b): a front when their holders differ.
    borders: Vec<(usize, usize, Line<f64>)>,
    /// Pieces of the first day's line of contact on the theatre's edge, with the atom behind.
    loc: Vec<(usize, Line<f64>)>,
    /// The rest of the theatre's edge where some side's ground lies beyond it.
    edge: Vec<crate::edge::EdgePiece>,
}

/// Who holds each atom on a day and on the day before.
#[derive(Debug, Clone)]
pub struct AtomHoldings {
    pub today: Vec<Holding>,
    pub before: Vec<Holding>,
}

impl Ground {
    pub fn build(dataset: &Dataset, projection: &TransverseMercator, cells: &Cells) -> Ground {
        let areas = resolve_areas(dataset, projection, cells);
        let places_in_area = areas
            .iter()
            .map(|area| {
                let bounds = area.bounding_rect();
                (0..dataset.places.len())
                    .filter(|&p| {
                        let Some(point) = dataset.places[p].point else { return false };
                        let at = Point::from(projection.forward(point.x(), point.y()));
                        // A place on the theatre's edge (a vertex of the line of contact) is
                        // outside the ground an area can set.
                        bounds.is_some_and(|b| b.intersects(&at)) && area.intersects(&at) && cells.theatre.contains(&at)
                    })
                    .collect()
            })
            .collect();
        let on_grid_areas: Vec<MultiPolygon<f64>> = areas.iter().map(|a| on_grid(a.clone())).collect();
        let atoms = cut_cells(cells, &on_grid_areas);
        let mut atoms_of_site = vec![Vec::new(); cells.sites.len()];
        let mut atoms_of_area = vec![Vec::new(); areas.len()];
        for (index, atom) in atoms.iter().enumerate() {
            atoms_of_site[atom.site].push(index);
            for &area in &atom.areas {
                atoms_of_area[area].push(index);
            }
        }
        let mut site_of_place = vec![None; dataset.places.len()];
        for (site, (place, _)) in cells.sites.iter().enumerate() {
            site_of_place[*place] = Some(site);
        }
        let index = AtomIndex::new(&atoms);
        let borders = borders(&atoms, &index);
        let loc = cells
            .loc_pieces()
            .iter()
            .filter_map(|piece| {
                let middle = (piece.start + piece.end) / 2.0;
                // The atom just across the piece, inside the theatre; else (the line runs a
                // little off the theatre's edge) the nearest atom of the nearest cell.
                if let Some((atom, _)) = atom_beside(&index, piece) {
                    return Some((atom, *piece));
                }
                let site = cells.nearest_site(middle)?;
                let nearest = atoms_of_site[site].iter().copied().min_by(|&a, &b| {
                    let distance = |i: usize| Euclidean.distance(&atoms[i].shape, &Point::from(middle));
                    distance(a).total_cmp(&distance(b))
                })?;
                Some((nearest, *piece))
            })
            .collect();
        let edge = crate::edge::edge_pieces(dataset, projection, cells, |line| atom_beside(&index, line));
        let place_of_site = cells.sites.iter().map(|(place, _)| *place).collect();
        // Measured geodesically only now: the cut and its index above size themselves by the
        // planar km2, and must stay as they were.
        let atoms = measure_geodesic(atoms, projection);
        Ground {
            areas,
            places_in_area,
            atoms,
            atoms_of_site,
            atoms_of_area,
            site_of_place,
            place_of_site,
            borders,
            loc,
            edge,
        }
    }

    /// Geodesic area of each cell (site), km2: the sum of its atoms.
    pub fn cell_km2(&self) -> Vec<f64> {
        self.atoms_of_site.iter().map(|atoms| atoms.iter().map(|&a| self.atoms[a].km2).sum()).collect()
    }

    /// Geodesic area of each of the dataset's areas within the theatre, km2: the sum of its atoms.
    pub fn area_km2(&self) -> Vec<f64> {
        self.atoms_of_area.iter().map(|atoms| atoms.iter().map(|&a| self.atoms[a].km2).sum()).collect()
    }

    /// Who holds each atom at the end of `day` and of the day before.
    pub fn holdings(&self, dataset: &Dataset, day: chrono::NaiveDate) -> AtomHoldings {
        let initial: Vec<Holding> = self
            .atoms
            .iter()
            .map(|atom| {
                let place = &dataset.places[self.place_of_site[atom.site]];
                Holding { side: place.side, status: Status::Confirmed, since: None, event: None }
            })
            .collect();
        let mut sweep = Sweep {
            ground: self,
            holdings: initial,
            atom_owner: vec![None; self.atoms.len()],
            place_owner: vec![None; dataset.places.len()],
        };
        let mut before = None;
        for (index, event) in dataset.events.iter().enumerate() {
            if event.day > day {
                break;
            }
            if event.day == day && before.is_none() {
                before = Some(sweep.holdings.clone());
            }
            sweep.apply(index, event);
        }
        let today = sweep.holdings;
        AtomHoldings { before: before.unwrap_or_else(|| today.clone()), today }
    }

    /// For each atom: does an area event dated up to `until` set it? Ground that none sets is
    /// drawn from the cells alone.
    pub fn set_by_areas(&self, dataset: &Dataset, until: chrono::NaiveDate) -> Vec<bool> {
        let mut set = vec![false; self.atoms.len()];
        for event in dataset.events.iter().filter(|e| e.day <= until && e.sets_control()) {
            if let Some(area) = event.area {
                for &atom in &self.atoms_of_area[area] {
                    set[atom] = true;
                }
            }
        }
        set
    }

    /// The front on `day`: the stretches of edge where the atoms of two opposed sides meet
    /// ([`crate::dataset::Meta::opposed`]), the line of contact where the ground behind it is
    /// held by a side opposed to the side beyond it, and the rest of the theatre's edge where
    /// the ground across it is held by a side opposed to the ground's holder.
    pub fn front(&self, dataset: &Dataset, holdings: &[Holding], day: chrono::NaiveDate) -> Vec<Line<f64>> {
        let meta = &dataset.meta;
        let mut pieces: Vec<Line<f64>> = self
            .borders
            .iter()
            .filter(|(a, b, _)| meta.opposed(holdings[*a].side, holdings[*b].side))
            .map(|(_, _, line)| *line)
            .collect();
        let beyond = meta.beyond_line;
        pieces.extend(
            self.loc.iter().filter(|(atom, _)| meta.opposed(holdings[*atom].side, beyond)).map(|(_, piece)| *piece),
        );
        pieces.extend(
            self.edge
                .iter()
                .filter(|piece| piece.outside(dataset, day).is_some_and(|o| meta.opposed(holdings[piece.atom].side, o)))
                .map(|piece| piece.line),
        );
        pieces
    }
}

/// Applies events in order, remembering which area event last set each atom and each place.
struct Sweep<'a> {
    ground: &'a Ground,
    holdings: Vec<Holding>,
    atom_owner: Vec<Option<usize>>,
    place_owner: Vec<Option<usize>>,
}

impl Sweep<'_> {
    fn apply(&mut self, index: usize, event: &crate::dataset::Event) {
        if !event.sets_control() {
            return;
        }
        let Some(side) = event.side else { return };
        if let Some(area) = event.area {
            for &atom in &self.ground.atoms_of_area[area] {
                self.holdings[atom] = moved(self.holdings[atom], side, event, index);
                self.atom_owner[atom] = Some(index);
            }
            for &place in &self.ground.places_in_area[area] {
                self.place_owner[place] = Some(index);
            }
        } else if let Some(place) = event.place
            && let Some(site) = self.ground.site_of_place[place]
        {
            let owner = self.place_owner[place];
            for &atom in &self.ground.atoms_of_site[site] {
                if self.atom_owner[atom] == owner {
                    self.holdings[atom] = moved(self.holdings[atom], side, event, index);
                }
            }
        }
    }
}

/// Each area of the dataset in km, clipped to the theatre, in file order (a rule names only
/// areas above it, so they are resolved already).
fn resolve_areas(dataset: &Dataset, projection: &TransverseMercator, cells: &Cells) -> Vec<MultiPolygon<f64>> {
    let theatre = &cells.theatre;
    let mut resolved: Vec<MultiPolygon<f64>> = Vec::with_capacity(dataset.areas.len());
    for area in &dataset.areas {
        let shape = match &area.shape {
            AreaShape::Polygon(polygons) => projection.project(polygons).intersection(theatre),
            AreaShape::Theatre => theatre.clone(),
            AreaShape::Union(of) => unary_union(of.iter().map(|&i| &resolved[i])),
            AreaShape::Intersection(of) => {
                of[1..].iter().fold(resolved[of[0]].clone(), |acc, &i| acc.intersection(&resolved[i]))
            }
            AreaShape::Difference(of) => {
                of[1..].iter().fold(resolved[of[0]].clone(), |acc, &i| acc.difference(&resolved[i]))
            }
            AreaShape::Buffer { line, width_km } => {
                projection.project(line).buffer(width_km / 2.0).intersection(theatre)
            }
            AreaShape::Around { points, radius_km } => {
                let discs: Vec<MultiPolygon<f64>> =
                    points.iter().map(|p| Point::from(projection.forward(p.x(), p.y())).buffer(*radius_km)).collect();
                unary_union(discs.iter()).intersection(theatre)
            }
            AreaShape::Held { side, day } => {
                let state = DayState::on(dataset, *day);
                let held: Vec<MultiPolygon<f64>> = cells
                    .cells
                    .iter()
                    .zip(&cells.sites)
                    .filter(|(_, (p, _))| state.side_of(*p) == *side)
                    .map(|(c, _)| oriented(c.clone()))
                    .collect();
                unary_union(held.iter())
            }
        };
        resolved.push(oriented(shape));
    }
    resolved
}

/// Cut every cell by every area it meets.
fn cut_cells(cells: &Cells, areas: &[MultiPolygon<f64>]) -> Vec<Atom> {
    use rayon::prelude::*;
    let area_bounds: Vec<Option<Rect<f64>>> = areas.iter().map(|a| a.bounding_rect()).collect();
    // Cells are cut independently: in parallel, collected in cell order so atoms are numbered
    // the same on every run.
    let per_cell: Vec<Vec<Atom>> =
        cells.cells.par_iter().enumerate().map(|(site, cell)| cut_cell(site, cell, areas, &area_bounds)).collect();
    per_cell.into_iter().flatten().collect()
}

/// One cell cut by every area whose bounds meet it, in the order of the areas.
fn cut_cell(
    site: usize,
    cell: &MultiPolygon<f64>,
    areas: &[MultiPolygon<f64>],
    bounds: &[Option<Rect<f64>>],
) -> Vec<Atom> {
    let mut pieces: Vec<(MultiPolygon<f64>, Vec<usize>)> = vec![(on_grid(cell.clone()), Vec::new())];
    for (k, area) in areas.iter().enumerate() {
        let Some(bounds) = bounds[k] else { continue };
        let mut next = Vec::with_capacity(pieces.len() + 1);
        for (shape, member) in pieces {
            if !shape.bounding_rect().is_some_and(|b| b.intersects(&bounds)) {
                next.push((shape, member));
                continue;
            }
            let Some((inside, outside)) = split(&shape, area) else {
                next.push((shape, member));
                continue;
            };
            let mut with = member.clone();
            with.push(k);
            next.push((inside, with));
            if let Some(outside) = outside {
                next.push((outside, member));
            }
        }
        pieces = next;
    }
    pieces
        .into_iter()
        .map(|(shape, areas)| Atom { site, areas, km2: shape.unsigned_area(), shape })
        .filter(|atom| atom.km2 >= MIN_ATOM_KM2)
        .collect()
}

/// The atoms with their geodesic area in place of the planar one, measured in parallel: once
/// a dataset, a few ms for the default's atoms.
fn measure_geodesic(mut atoms: Vec<Atom>, projection: &TransverseMercator) -> Vec<Atom> {
    use rayon::prelude::*;
    atoms.par_iter_mut().for_each(|atom| atom.km2 = crate::area::projected_km2(&atom.shape, projection));
    atoms
}

/// A shape split by an area into the part inside and the part outside (None when nothing is
/// inside; the outside None when nothing is left). Slivers on either side go to the other, so
/// that the two parts still cover the shape exactly.
fn split(
    shape: &MultiPolygon<f64>,
    area: &MultiPolygon<f64>,
) -> Option<(MultiPolygon<f64>, Option<MultiPolygon<f64>>)> {
    let inside = on_grid(shape.intersection(area));
    if inside.0.is_empty() {
        return None;
    }
    let outside = on_grid(shape.difference(&inside));
    if outside.0.is_empty() {
        return Some((shape.clone(), None));
    }
    Some((on_grid(shape.difference(&outside)), Some(outside)))
}

/// Every vertex on a grid of GRID_KM, so that the vertices two atoms share are equal, and
/// unions of atoms meet edge to edge instead of leaving dust between near-equal edges.
fn snap(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::MapCoords;
    let grid = |v: f64| (v / GRID_KM).round() * GRID_KM;
    shape.map_coords(|c| Coord { x: grid(c.x), y: grid(c.y) })
}

/// A shape with its vertices on the grid and without dust.
fn on_grid(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    without_slivers(oriented(without_spikes(snap(&shape))))
}

/// How far the point of a spike may stray from a straight way back, km (half a metre: the
/// grid's rounding is at most 7 cm).
const SPIKE_KM: f64 = 5e-4;

/// Rings without spikes: an edge that runs out and straight back along itself has no area,
/// but it is an edge: a front drawn along it crosses a side's own ground. Snapping the thin
/// slivers a cut leaves along a shared edge to the grid folds them into such spikes.
fn without_spikes(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let polygons = shape.0.into_iter().filter_map(|polygon| {
        let (exterior, holes) = polygon.into_inner();
        let exterior = unspiked(&exterior)?;
        Some(Polygon::new(exterior, holes.iter().filter_map(unspiked).collect()))
    });
    MultiPolygon(polygons.collect())
}

/// A closed ring without repeated vertices and spikes; `None` when less than a triangle is left.
fn unspiked(ring: &LineString<f64>) -> Option<LineString<f64>> {
    let mut kept: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for &vertex in &ring.0 {
        while kept.len() >= 2 && turns_back(kept[kept.len() - 2], kept[kept.len() - 1], vertex) {
            kept.pop();
        }
        if kept.last() != Some(&vertex) {
            kept.push(vertex);
        }
    }
    // The ring is a cycle: look again where its end meets its start.
    let mut kept = std::collections::VecDeque::from(kept);
    loop {
        let n = kept.len();
        let closing = n > 1 && kept[0] == kept[n - 1];
        if closing || (n >= 3 && turns_back(kept[n - 2], kept[n - 1], kept[0])) {
            kept.pop_back();
        } else if n >= 3 && turns_back(kept[n - 1], kept[0], kept[1]) {
            kept.pop_front();
        } else {
            break;
        }
    }
    if kept.len() < 3 {
        return None;
    }
    let mut closed: Vec<Coord<f64>> = kept.into();
    closed.push(closed[0]);
    Some(LineString(closed))
}

/// Does the path a -> b -> c turn straight back at b (within [`SPIKE_KM`])?
fn turns_back(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    let (u, v) = (b - a, c - b);
    let dot = u.x * v.x + u.y * v.y;
    let cross = u.x * v.y - u.y * v.x;
    let longer = (u.x * u.x + u.y * u.y).max(v.x * v.x + v.y * v.y).sqrt();
    // cross / longer: how far the shorter edge's far end lies from the longer edge's line.
    dot < 0.0 && cross.abs() <= SPIKE_KM * longer
}

/// Exteriors counter-clockwise and holes clockwise by their signed areas. Unions take the
/// fill rule from the direction of the first ring, and a hole turned the wrong way is filled.
fn oriented(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let turned = |ring: &LineString<f64>, ccw: bool| {
        let twice_area: f64 = ring.lines().map(|l| l.start.x * l.end.y - l.end.x * l.start.y).sum();
        let mut ring = ring.clone();
        if (twice_area > 0.0) != ccw {
            ring.0.reverse();
        }
        ring
    };
    let polygons = shape.0.iter().map(|polygon| {
        let holes = polygon.interiors().iter().map(|hole| turned(hole, false)).collect();
        Polygon::new(turned(polygon.exterior(), true), holes)
    });
    MultiPolygon(polygons.collect())
}

fn without_slivers(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon(shape.0.into_iter().filter(|polygon| polygon.unsigned_area() >= SLIVER_KM2).collect())
}

/// A uniform grid of atom bounding boxes, to find the atom under a point without testing all.
struct AtomIndex<'a> {
    atoms: &'a [Atom],
    origin: Coord<f64>,
    size: f64,
    columns: usize,
    rows: usize,
    buckets: Vec<Vec<usize>>,
}

impl<'a> AtomIndex<'a> {
    /// Buckets of at most 5 km, smaller where atoms are dense: about two atoms a bucket, so a
    /// look-up tests a few atoms whatever their number (100,000 places in a small theatre).
    const BUCKET_KM: f64 = 5.0;

    fn new(atoms: &'a [Atom]) -> Self {
        let bounds: Vec<Rect<f64>> = atoms.iter().filter_map(|a| a.shape.bounding_rect()).collect();
        let min = bounds
            .iter()
            .fold(Coord { x: f64::MAX, y: f64::MAX }, |m, b| Coord { x: m.x.min(b.min().x), y: m.y.min(b.min().y) });
        let max = bounds
            .iter()
            .fold(Coord { x: f64::MIN, y: f64::MIN }, |m, b| Coord { x: m.x.max(b.max().x), y: m.y.max(b.max().y) });
        let area: f64 = atoms.iter().map(|a| a.km2).sum();
        let size = (2.0 * area / atoms.len().max(1) as f64).sqrt().clamp(0.01, Self::BUCKET_KM);
        let (columns, rows) = if bounds.is_empty() {
            (1, 1)
        } else {
            (((max.x - min.x) / size).ceil() as usize + 1, ((max.y - min.y) / size).ceil() as usize + 1)
        };
        let mut index =
            AtomIndex { atoms, origin: min, size, columns, rows, buckets: vec![Vec::new(); columns * rows] };
        for (i, atom) in atoms.iter().enumerate() {
            let Some(b) = atom.shape.bounding_rect() else { continue };
            let (c0, r0) = index.bucket(b.min());
            let (c1, r1) = index.bucket(b.max());
            for r in r0..=r1 {
                for c in c0..=c1 {
                    index.buckets[r * columns + c].push(i);
                }
            }
        }
        index
    }

    fn bucket(&self, at: Coord<f64>) -> (usize, usize) {
        let c = ((at.x - self.origin.x) / self.size).floor().clamp(0.0, (self.columns - 1) as f64) as usize;
        let r = ((at.y - self.origin.y) / self.size).floor().clamp(0.0, (self.rows - 1) as f64) as usize;
        (c, r)
    }

    /// The atom containing a point, if any.
    fn locate(&self, at: Coord<f64>) -> Option<usize> {
        let (c, r) = self.bucket(at);
        let point = Point::from(at);
        self.buckets[r * self.columns + c].iter().copied().find(|&i| self.atoms[i].shape.contains(&point))
    }
}

/// The atom on one side of a line whose other side is outside every atom, if it is so, with
/// the unit vector pointing away from it (out of the theatre).
fn atom_beside(index: &AtomIndex, line: &Line<f64>) -> Option<(usize, Coord<f64>)> {
    let delta = line.end - line.start;
    let length = (delta.x * delta.x + delta.y * delta.y).sqrt();
    if length < 1e-9 {
        return None;
    }
    let middle = (line.start + line.end) / 2.0;
    let unit = Coord { x: -delta.y / length, y: delta.x / length };
    match (index.locate(middle + unit * PROBE_KM), index.locate(middle - unit * PROBE_KM)) {
        (Some(atom), None) => Some((atom, -unit)),
        (None, Some(atom)) => Some((atom, unit)),
        _ => None,
    }
}

/// Every stretch of atom edge with an atom on each side, once (from the atom with the lower
/// index).
fn borders(atoms: &[Atom], index: &AtomIndex) -> Vec<(usize, usize, Line<f64>)> {
    let mut borders = Vec::new();
    for (i, atom) in atoms.iter().enumerate() {
        for polygon in &atom.shape.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for segment in ring.lines() {
                    let delta = segment.end - segment.start;
                    let length = (delta.x * delta.x + delta.y * delta.y).sqrt();
                    if length < 1e-9 {
                        continue;
                    }
                    let middle = (segment.start + segment.end) / 2.0;
                    let normal = Coord { x: -delta.y / length, y: delta.x / length } * PROBE_KM;
                    let (left, right) = (index.locate(middle + normal), index.locate(middle - normal));
                    let neighbour = match (left, right) {
                        (Some(l), r) if l != i && r.is_none_or(|r| r == i) => Some(l),
                        (l, Some(r)) if r != i && l.is_none_or(|l| l == i) => Some(r),
                        _ => None,
                    };
                    if let Some(j) = neighbour
                        && i < j
                    {
                        borders.push((i, j, segment));
                    }
                }
            }
        }
    }
    borders
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Length, Winding};

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![Polygon::new(
            LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
            vec![],
        )])
    }

    #[test]
    fn borders_are_found_once_between_touching_atoms() {
        let atoms = vec![
            Atom { site: 0, areas: vec![], shape: square(0.0, 0.0, 1.0, 1.0), km2: 1.0 },
            Atom { site: 1, areas: vec![], shape: square(1.0, 0.0, 2.0, 1.0), km2: 1.0 },
            Atom { site: 1, areas: vec![0], shape: square(0.0, 1.0, 2.0, 2.0), km2: 2.0 },
        ];
        let index = AtomIndex::new(&atoms);
        let found = borders(&atoms, &index);
        let length = |a: usize, b: usize| -> f64 {
            found.iter().filter(|(x, y, _)| (*x, *y) == (a, b)).map(|(_, _, l)| Euclidean.length(l)).sum()
        };
        assert!((length(0, 1) - 1.0).abs() < 1e-9);
        assert!((length(0, 2) - 1.0).abs() < 1e-9);
        assert!((length(1, 2) - 1.0).abs() < 1e-9);
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn a_split_leaves_no_slivers_where_edges_nearly_meet() {
        // The area's top and bottom edges run a nanometre inside the shape's: two slivers.
        let shape = square(0.0, 0.0, 10.0, 10.0);
        let area = square(-1.0, 1e-9, 5.0, 10.0 - 1e-9);
        let (inside, outside) = split(&shape, &area).unwrap();
        let outside = outside.unwrap();
        assert_eq!((inside.0.len(), outside.0.len()), (1, 1), "{inside:?} {outside:?}");
        assert!((inside.unsigned_area() - 50.0).abs() < 1e-6);
        assert!((inside.unsigned_area() + outside.unsigned_area() - 100.0).abs() < 1e-6);
    }

    #[test]
    fn a_split_by_an_area_that_covers_the_shape_is_the_shape() {
        let shape = square(0.0, 0.0, 10.0, 10.0);
        let (inside, outside) = split(&shape, &square(-1e-9, 0.0, 10.0 + 1e-9, 10.0)).unwrap();
        assert!(outside.is_none());
        assert!((inside.unsigned_area() - 100.0).abs() < 1e-9);
        assert!(split(&shape, &square(20.0, 0.0, 30.0, 10.0)).is_none());
    }

    #[test]
    fn spikes_are_cut_from_rings_and_the_area_is_unchanged() {
        let c = |x: f64, y: f64| Coord { x, y };
        // A unit square with a spike out of its top edge and one out of its first corner.
        let ring = LineString(vec![
            c(0.0, 0.0),
            c(-3.0, -3.0),
            c(0.0, 0.0),
            c(1.0, 0.0),
            c(1.0, 1.0),
            c(0.5, 1.0),
            c(0.5, 9.0),
            c(0.5, 1.0),
            c(0.0, 1.0),
            c(0.0, 0.0),
        ]);
        let cleaned = unspiked(&ring).unwrap();
        assert_eq!(cleaned.0.len(), 6, "{cleaned:?}");
        assert!(cleaned.lines().all(|l| !(l.start.y > 1.0 || l.end.y > 1.0 || l.start.x < 0.0)));
        let square = Polygon::new(cleaned, vec![]);
        assert!((square.unsigned_area() - 1.0).abs() < 1e-12);
        assert!(unspiked(&LineString(vec![c(0.0, 0.0), c(2.0, 0.0), c(0.0, 0.0)])).is_none());
    }

    #[test]
    fn holes_turn_clockwise_and_exteriors_counter_clockwise() {
        let outer = LineString::from(vec![(0.0, 0.0), (0.0, 4.0), (4.0, 4.0), (4.0, 0.0), (0.0, 0.0)]);
        let hole = LineString::from(vec![(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 1.0)]);
        let fixed = oriented(MultiPolygon(vec![Polygon::new(outer, vec![hole])]));
        assert_eq!(fixed.0[0].exterior().winding_order(), Some(geo::winding_order::WindingOrder::CounterClockwise));
        assert_eq!(fixed.0[0].interiors()[0].winding_order(), Some(geo::winding_order::WindingOrder::Clockwise));
        assert!((unary_union(std::iter::once(&fixed)).unsigned_area() - 15.0).abs() < 1e-9);
    }
}
