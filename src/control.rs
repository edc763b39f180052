//! Stage 3: from who holds each place to geometry: the area each side holds, the claimed and
//! contested parts, what changed that day, and the frontline. Geometry here is in projected
//! kilometres (see [`crate::projection`]), so that cells are fair in distance; areas in km2 are
//! geodesic ([`crate::area`]), sums of the ground's pieces measured once.
//!
//! Method: the theatre is split into Voronoi cells around the places inside it (each cell is
//! the part of the theatre nearer to its place than to any other), and the cells are cut by the
//! dataset's sourced areas ([`crate::ground`]). Area events set their ground as a whole; a cell
//! follows its place only within the area that was last set around the place. The frontline is
//! every edge between ground of different fighting sides, plus the stretches of the first
//! day's line of contact that border ground not held by the side beyond that line. Cell edges
//! are a schematic of control, not surveyed positions; area edges are as good as their sources.

use geo::{
    BooleanOps, Contains, Coord, CoordsIter, Distance, Euclidean, Length, Line, LineString, LinesIter, MultiLineString,
    MultiPolygon, Point, Polygon, unary_union,
};

use chrono::NaiveDate;

use crate::dataset::{Dataset, Status};
use crate::ground::Ground;
use crate::projection::TransverseMercator;
use crate::timeline::Holding;

/// The theatre split into cells, computed once per dataset.
#[derive(Debug, Clone)]
pub struct Cells {
    /// The theatre, km.
    pub theatre: MultiPolygon<f64>,
    /// Geodesic area of the theatre's lon/lat outline, km2 ([`crate::area`]).
    pub theatre_area_km2: f64,
    /// Place index and km position of every place that owns a cell.
    pub sites: Vec<(usize, Coord<f64>)>,
    /// The cell of each site (same order as `sites`), clipped to the theatre.
    pub cells: Vec<MultiPolygon<f64>>,
    /// Edges between two cells: (site a, site b, the shared edge inside the theatre).
    pub edges: Vec<(usize, usize, MultiLineString<f64>)>,
    /// The first day's line of contact, cut into pieces of at most [`LOC_PIECE_KM`], only
    /// where it is the theatre's edge.
    loc_pieces: Vec<Line<f64>>,
    /// The same pieces joined, for drawing.
    pub line_of_contact: MultiLineString<f64>,
    /// The Delaunay triangulation of the sites, for nearest-site queries.
    triangulation: Option<spade::DelaunayTriangulation<Site>>,
}

/// A site in the triangulation: its position (km) and its index in [`Cells::sites`].
#[derive(Debug, Clone, Copy)]
struct Site {
    at: spade::Point2<f64>,
    index: usize,
}

impl spade::HasPosition for Site {
    type Scalar = f64;
    fn position(&self) -> spade::Point2<f64> {
        self.at
    }
}

/// The Delaunay triangulation of `sites`; `None` if spade refuses a coordinate (never for
/// projected km of a checked dataset, but then every site is a candidate neighbour).
fn triangulate(sites: &[(usize, Coord<f64>)]) -> Option<spade::DelaunayTriangulation<Site>> {
    let vertices: Vec<Site> =
        sites.iter().enumerate().map(|(index, (_, c))| Site { at: spade::Point2::new(c.x, c.y), index }).collect();
    let triangulation: spade::DelaunayTriangulation<Site> = spade::Triangulation::bulk_load(vertices).ok()?;
    // Every site must be a vertex of its own (sites are distinct, so spade merged none).
    (spade::Triangulation::num_vertices(&triangulation) == sites.len()).then_some(triangulation)
}

/// Length of the pieces the line of contact is cut into to decide, piece by piece, whether it
/// is still a front; 0.5 km is below what a map of the region can show.
const LOC_PIECE_KM: f64 = 0.5;

/// How far outside the theatre a piece of the line of contact may lie and still be its edge
/// (the theatre was cut along the same line, so its edge and the line agree to metres).
const LOC_EDGE_KM: f64 = 0.2;

/// The area of one side on one day.
#[derive(Debug, Clone)]
pub struct SideArea {
    pub side: usize,
    /// Ground held with status confirmed.
    pub confirmed: MultiPolygon<f64>,
    /// Ground claimed by this side, or contested, not yet confirmed (`claimed` and
    /// `contested` side by side).
    pub uncertain: MultiPolygon<f64>,
    pub claimed: MultiPolygon<f64>,
    pub contested: MultiPolygon<f64>,
    /// Geodesic km2 of `confirmed`, `claimed` and `contested`, in that order.
    pub km2_by_status: [f64; 3],
    /// Confirmed plus uncertain, km2.
    pub area_km2: f64,
    pub uncertain_km2: f64,
}

/// The statuses in the order of [`SideArea::km2_by_status`].
pub const STATUSES: [Status; 3] = [Status::Confirmed, Status::Claimed, Status::Contested];

/// The control geometry of one day.
#[derive(Debug, Clone)]
pub struct Control {
    pub areas: Vec<SideArea>,
    /// Ground that changed side this day.
    pub changed: MultiPolygon<f64>,
    pub frontline: MultiLineString<f64>,
    /// Area held by each side (by index) the day before, km2.
    pub km2_before: Vec<f64>,
    /// (event, km2): the ground each of the day's events brought to another side.
    pub changed_by_event: Vec<(usize, f64)>,
}

impl Cells {
    pub fn build(dataset: &Dataset, projection: &TransverseMercator) -> Cells {
        let theatre = projection.project(&dataset.theatre);
        let theatre_area_km2 = crate::area::geodesic_km2(&dataset.theatre);

        // Places inside the theatre own a cell; two places at one point share the first's.
        let mut sites: Vec<(usize, Coord<f64>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, place) in dataset.places.iter().enumerate() {
            let Some(point) = place.point else { continue };
            let at = projection.forward(point.x(), point.y());
            if at.x.is_finite()
                && at.y.is_finite()
                && theatre.contains(&Point::from(at))
                && seen.insert((at.x.to_bits(), at.y.to_bits()))
            {
                sites.push((index, at));
            }
        }

        let (cells, edges) = voronoi_cells(&theatre, &sites);
        let triangulation = triangulate(&sites);

        // Only the pieces on the theatre's edge count: the authored line may run on past the
        // international borders at its ends.
        let loc_pieces: Vec<Line<f64>> = dataset
            .lines_of_contact()
            .flat_map(|loc| projection.project(&loc.line).lines_iter().collect::<Vec<_>>())
            .flat_map(|segment| {
                let length = Euclidean.length(&segment);
                let count = (length / LOC_PIECE_KM).ceil().max(1.0) as usize;
                (0..count).map(move |k| {
                    let at = |t: f64| segment.start + (segment.end - segment.start) * t;
                    Line::new(at(k as f64 / count as f64), at((k + 1) as f64 / count as f64))
                })
            })
            .filter(|piece| {
                let middle = Point::from((piece.start + piece.end) / 2.0);
                theatre.contains(&middle) || Euclidean.distance(&middle, &theatre) < LOC_EDGE_KM
            })
            .collect();

        let line_of_contact = chain(loc_pieces.clone());
        Cells { theatre, theatre_area_km2, sites, cells, edges, loc_pieces, line_of_contact, triangulation }
    }

    /// The pieces of the first day's line of contact on the theatre's edge.
    pub fn loc_pieces(&self) -> &[Line<f64>] {
        &self.loc_pieces
    }

    /// The site nearest to a point (its cell contains the point).
    pub fn nearest_site(&self, at: Coord<f64>) -> Option<usize> {
        if let Some(triangulation) = &self.triangulation
            && at.x.is_finite()
            && at.y.is_finite()
        {
            return triangulation.nearest_neighbor(spade::Point2::new(at.x, at.y)).map(|v| v.data().index);
        }
        let distance = |c: &Coord<f64>| (c.x - at.x).powi(2) + (c.y - at.y).powi(2);
        (0..self.sites.len()).min_by(|&a, &b| distance(&self.sites[a].1).total_cmp(&distance(&self.sites[b].1)))
    }
}

/// The Voronoi cells of `sites` clipped to `theatre`, and the edges between neighbouring cells
/// inside the theatre (each edge once, as (site a, site b, edge) with a < b).
#[allow(clippy::type_complexity)]
pub fn voronoi_cells(
    theatre: &MultiPolygon<f64>,
    sites: &[(usize, Coord<f64>)],
) -> (Vec<MultiPolygon<f64>>, Vec<(usize, usize, MultiLineString<f64>)>) {
    let bounds = geo::BoundingRect::bounding_rect(theatre)
        .map(|rect| (rect.min(), rect.max()))
        .unwrap_or((Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 1.0 }));
    let margin = 10.0;
    let frame = vec![
        (Coord { x: bounds.0.x - margin, y: bounds.0.y - margin }, None),
        (Coord { x: bounds.1.x + margin, y: bounds.0.y - margin }, None),
        (Coord { x: bounds.1.x + margin, y: bounds.1.y + margin }, None),
        (Coord { x: bounds.0.x - margin, y: bounds.1.y + margin }, None),
    ];

    // A Voronoi cell is cut only by the bisectors with its Delaunay neighbours: n log n in all,
    // where clipping by every other site was quadratic.
    let triangulation = triangulate(sites);
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); sites.len()];
    if let Some(triangulation) = &triangulation {
        for edge in spade::Triangulation::undirected_edges(triangulation) {
            let [a, b] = edge.vertices();
            let (a, b) = (a.data().index, b.data().index);
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }

    let mut cells = Vec::with_capacity(sites.len());
    let mut edges = Vec::new();
    for (i, &(_, site)) in sites.iter().enumerate() {
        let convex = match &triangulation {
            Some(_) => clip_cell(site, sites, neighbours[i].clone(), frame.clone()),
            None => voronoi_cell(site, i, sites, frame.clone()),
        };
        let ring: Vec<Coord<f64>> = convex.iter().map(|(c, _)| *c).collect();
        let polygon = Polygon::new(LineString::from(ring), vec![]);
        cells.push(polygon.intersection(theatre));
        // Each vertex starts the edge to the next one; keep edges shared with a later site.
        for k in 0..convex.len() {
            let (start, neighbour) = convex[k];
            let end = convex[(k + 1) % convex.len()].0;
            if let Some(j) = neighbour
                && j > i
            {
                let inside = theatre.clip(&MultiLineString(vec![LineString::from(vec![start, end])]), false);
                if inside.0.iter().any(|line| Euclidean.length(line) > 1e-9) {
                    edges.push((i, j, inside));
                }
            }
        }
    }

    (cells, edges)
}

/// The Voronoi cell of `site` as a convex polygon, clipped from `frame` by the bisector with
/// every other site. Each vertex carries the site whose bisector made the edge that starts at
/// it (`None` for the frame).
fn voronoi_cell(
    site: Coord<f64>,
    own: usize,
    sites: &[(usize, Coord<f64>)],
    polygon: Vec<(Coord<f64>, Option<usize>)>,
) -> Vec<(Coord<f64>, Option<usize>)> {
    clip_cell(site, sites, (0..sites.len()).filter(|&j| j != own).collect(), polygon)
}

/// Clip `polygon` by the bisectors between `site` and each of the `candidates` (indices into
/// `sites`), nearest first.
fn clip_cell(
    site: Coord<f64>,
    sites: &[(usize, Coord<f64>)],
    mut order: Vec<usize>,
    mut polygon: Vec<(Coord<f64>, Option<usize>)>,
) -> Vec<(Coord<f64>, Option<usize>)> {
    let squared = |c: Coord<f64>| (c.x - site.x).powi(2) + (c.y - site.y).powi(2);
    order.sort_by(|&a, &b| squared(sites[a].1).total_cmp(&squared(sites[b].1)));
    for j in order {
        let other = sites[j].1;
        // A site farther than twice the farthest vertex cannot cut the cell any more.
        let reach = polygon.iter().map(|(c, _)| squared(*c)).fold(0.0, f64::max);
        if squared(other) > 4.0 * reach {
            break;
        }
        let normal = other - site;
        let middle = (site + other) / 2.0;
        let side = |c: Coord<f64>| (c.x - middle.x) * normal.x + (c.y - middle.y) * normal.y;
        let mut clipped = Vec::with_capacity(polygon.len() + 1);
        for k in 0..polygon.len() {
            let (a, tag) = polygon[k];
            let (b, _) = polygon[(k + 1) % polygon.len()];
            let (sa, sb) = (side(a), side(b));
            if sa <= 0.0 {
                clipped.push((a, tag));
            }
            if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
                let crossing = a + (b - a) * (sa / (sa - sb));
                // Leaving the half-plane: the new edge runs along the bisector with `j`.
                clipped.push((crossing, if sa < 0.0 { Some(j) } else { tag }));
            }
        }
        polygon = clipped;
        if polygon.len() < 3 {
            break;
        }
    }
    polygon
}

impl Control {
    /// The control of a day: the ground of each side by status, from [`Ground`]'s atoms.
    pub fn on(dataset: &Dataset, ground: &Ground, day: NaiveDate) -> Control {
        let held = ground.holdings(dataset, day);
        let sides = dataset.meta.sides.len();
        let union_of = |keep: &dyn Fn(&Holding) -> bool| {
            unary_union(ground.atoms.iter().zip(&held.today).filter(|(_, h)| keep(h)).map(|(atom, _)| &atom.shape))
        };
        let mut areas = Vec::new();
        let mut km2_before = vec![0.0; sides];
        for (atom, holding) in ground.atoms.iter().zip(&held.before) {
            km2_before[holding.side] += atom.km2;
        }
        for side in 0..sides {
            let held_as = |status: Status| move |h: &Holding| h.side == side && h.status == status;
            let [confirmed, claimed, contested] = STATUSES.map(|status| union_of(&held_as(status)));
            // Sums of the atoms' geodesic km2, as `stats` adds them, never the planar union's.
            let km2_by_status = STATUSES.map(|status| {
                let held = held.today.iter().zip(&ground.atoms).filter(|(h, _)| held_as(status)(h));
                held.map(|(_, atom)| atom.km2).sum::<f64>()
            });
            let uncertain_km2 = km2_by_status[1] + km2_by_status[2];
            let area_km2 = km2_by_status[0] + uncertain_km2;
            let uncertain = MultiPolygon(claimed.0.iter().chain(&contested.0).cloned().collect());
            areas.push(SideArea {
                side,
                confirmed,
                uncertain,
                claimed,
                contested,
                km2_by_status,
                area_km2,
                uncertain_km2,
            });
        }
        let changed = unary_union(
            ground
                .atoms
                .iter()
                .zip(held.today.iter().zip(&held.before))
                .filter(|(_, (today, before))| today.side != before.side)
                .map(|(atom, _)| &atom.shape),
        );
        let frontline = chain(ground.front(dataset, &held.today, day));
        let mut changed_by_event: Vec<(usize, f64)> = Vec::new();
        for (atom, (today, before)) in ground.atoms.iter().zip(held.today.iter().zip(&held.before)) {
            if let (Some(event), true) = (today.event, today.side != before.side) {
                match changed_by_event.iter_mut().find(|(e, _)| *e == event) {
                    Some((_, km2)) => *km2 += atom.km2,
                    None => changed_by_event.push((event, atom.km2)),
                }
            }
        }
        Control { areas, changed, frontline, km2_before, changed_by_event }
    }

    /// Area held by a side, km2.
    pub fn area_of(&self, side: usize) -> f64 {
        self.areas.iter().find(|area| area.side == side).map_or(0.0, |area| area.area_km2)
    }
}

/// Join segments that share end points into polylines (end points equal within 1 mm).
pub fn chain(segments: Vec<Line<f64>>) -> MultiLineString<f64> {
    use std::collections::HashMap;
    let key = |c: Coord<f64>| ((c.x * 1e6).round() as i64, (c.y * 1e6).round() as i64);
    let mut by_end: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (index, segment) in segments.iter().enumerate() {
        by_end.entry(key(segment.start)).or_default().push(index);
        by_end.entry(key(segment.end)).or_default().push(index);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for first in 0..segments.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let mut coords = std::collections::VecDeque::from(vec![segments[first].start, segments[first].end]);
        // Grow at the back, then at the front.
        for at_back in [true, false] {
            loop {
                let end = if at_back { *coords.back().unwrap() } else { *coords.front().unwrap() };
                let next = by_end.get(&key(end)).and_then(|list| list.iter().copied().find(|&i| !used[i]));
                let Some(next) = next else { break };
                used[next] = true;
                let segment = segments[next];
                let other = if key(segment.start) == key(end) { segment.end } else { segment.start };
                if at_back {
                    coords.push_back(other);
                } else {
                    coords.push_front(other);
                }
            }
        }
        lines.push(LineString::from(Vec::from(coords)));
    }
    MultiLineString(lines)
}

/// Total length of a multi line string, km.
pub fn length_km(lines: &MultiLineString<f64>) -> f64 {
    lines.0.iter().map(|line| Euclidean.length(line)).sum()
}

/// Number of coordinates, for size checks.
pub fn coord_count(polygons: &MultiPolygon<f64>) -> usize {
    polygons.coords_count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    #[test]
    fn chain_joins_segments_in_any_order() {
        let c = |x: f64, y: f64| Coord { x, y };
        let lines = chain(vec![
            Line::new(c(1.0, 0.0), c(2.0, 0.0)),
            Line::new(c(5.0, 5.0), c(6.0, 5.0)),
            Line::new(c(0.0, 0.0), c(1.0, 0.0)),
            Line::new(c(3.0, 0.0), c(2.0, 0.0)),
        ]);
        assert_eq!(lines.0.len(), 2);
        let long = lines.0.iter().find(|l| l.0.len() == 4).expect("a chain of three segments");
        assert!((Euclidean.length(long) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn voronoi_cells_of_a_grid_are_squares() {
        let c = |x: f64, y: f64| Coord { x, y };
        let sites: Vec<(usize, Coord<f64>)> =
            (0..9).map(|i| (i, c((i % 3) as f64 * 2.0, (i / 3) as f64 * 2.0))).collect();
        let frame = vec![(c(-1.0, -1.0), None), (c(5.0, -1.0), None), (c(5.0, 5.0), None), (c(-1.0, 5.0), None)];
        let centre = voronoi_cell(sites[4].1, 4, &sites, frame);
        let ring: Vec<Coord<f64>> = centre.iter().map(|(c, _)| *c).collect();
        let area = Polygon::new(LineString::from(ring), vec![]).unsigned_area();
        assert!((area - 4.0).abs() < 1e-9, "{area}");
        // Every edge of the centre cell is a bisector with a neighbour, none is the frame.
        assert!(centre.iter().all(|(_, tag)| tag.is_some()));
    }

    mod properties {
        use super::super::*;
        use geo::Area;
        use proptest::prelude::*;

        /// An L-shaped theatre (not convex, like the real one), km.
        fn theatre() -> MultiPolygon<f64> {
            let ring =
                vec![(0.0, 0.0), (100.0, 0.0), (100.0, 40.0), (40.0, 40.0), (40.0, 100.0), (0.0, 100.0), (0.0, 0.0)];
            MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])])
        }

        fn sites_inside() -> impl Strategy<Value = Vec<(usize, Coord<f64>)>> {
            prop::collection::vec((0.5f64..99.5, 0.5f64..99.5), 2..60).prop_map(|points| {
                let theatre = theatre();
                let mut sites: Vec<(usize, Coord<f64>)> = Vec::new();
                for (x, y) in points {
                    let c = Coord { x, y };
                    if theatre.contains(&Point::from(c))
                        && !sites.iter().any(|(_, o)| (o.x - x).abs() + (o.y - y).abs() < 1e-6)
                    {
                        sites.push((sites.len(), c));
                    }
                }
                sites
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Cells cover the theatre without overlap: their areas add up to its area.
            #[test]
            fn cells_partition_the_theatre(sites in sites_inside()) {
                prop_assume!(!sites.is_empty());
                let theatre = theatre();
                let (cells, _) = voronoi_cells(&theatre, &sites);
                let total: f64 = cells.iter().map(|c| c.unsigned_area()).sum();
                prop_assert!((total - theatre.unsigned_area()).abs() < 1e-6 * theatre.unsigned_area(), "{}", total);
            }

            /// Every site lies in its own cell.
            #[test]
            fn each_site_is_in_its_cell(sites in sites_inside()) {
                let (cells, _) = voronoi_cells(&theatre(), &sites);
                for ((_, site), cell) in sites.iter().zip(&cells) {
                    prop_assert!(cell.contains(&Point::from(*site)) || geo::Intersects::intersects(cell, &Point::from(*site)));
                }
            }

            /// An edge between two cells lies on their bisector: equally far from both sites.
            #[test]
            fn edges_are_equidistant_from_their_two_sites(sites in sites_inside()) {
                let (_, edges) = voronoi_cells(&theatre(), &sites);
                for (a, b, edge) in &edges {
                    for c in edge.0.iter().flat_map(|l| l.coords()) {
                        let da = ((c.x - sites[*a].1.x).powi(2) + (c.y - sites[*a].1.y).powi(2)).sqrt();
                        let db = ((c.x - sites[*b].1.x).powi(2) + (c.y - sites[*b].1.y).powi(2)).sqrt();
                        prop_assert!((da - db).abs() < 1e-6, "{da} vs {db}");
                    }
                }
            }
        }
    }
}
