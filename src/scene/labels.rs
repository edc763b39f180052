//! Label placement: greedy, by priority, around each place's marker, never overlapping another
//! label, a marker or an obstacle (legend, panel, scale bar), and never leaving the map.

use super::{Anchor, Rect};
use crate::fonts;

/// A label that wants a place on the map.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The marker's centre, px.
    pub x: f32,
    pub y: f32,
    /// Radius of the marker the label sits beside.
    pub radius: f32,
    pub text: String,
    pub size: f32,
    pub bold: bool,
    /// Lower is placed first.
    pub priority: u32,
    /// Must appear: may cover the markers of minor places (which are then hidden).
    pub required: bool,
}

/// A label that found room.
#[derive(Debug, Clone)]
pub struct Placed {
    pub candidate: usize,
    /// Baseline position and anchor of the text.
    pub x: f32,
    pub y: f32,
    pub anchor: Anchor,
    pub rect: Rect,
    /// Set apart from its marker (a required label with no room beside it): draw a leader
    /// line from the marker to the label, so that the name cannot be read as another spot's.
    pub leader: bool,
}

/// Ascent and descent of the font as fractions of the size (DejaVu: 0.93 and 0.24).
const ASCENT: f32 = 0.93;
const DESCENT: f32 = 0.24;

/// Candidates of this priority or worse are minor (villages): a required label may cover their
/// markers, which are then hidden (see [`Layout::hidden`]).
pub const MINOR: u32 = 33;

/// The result of placement.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub placed: Vec<Placed>,
    /// Candidates whose marker a required label covers: do not draw them.
    pub hidden: Vec<usize>,
}

/// A line segment in px, ((x0, y0), (x1, y1)).
pub type Segment = ((f32, f32), (f32, f32));

/// Does a segment touch a rectangle? (Liang-Barsky clipping.)
pub fn segment_hits_rect(((x0, y0), (x1, y1)): Segment, rect: &Rect) -> bool {
    let (dx, dy) = (x1 - x0, y1 - y0);
    let mut t0: f32 = 0.0;
    let mut t1: f32 = 1.0;
    for (p, q) in [(-dx, x0 - rect.x), (dx, rect.right() - x0), (-dy, y0 - rect.y), (dy, rect.bottom() - y0)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

fn marker_box(candidate: &Candidate) -> Rect {
    let r = candidate.radius + 0.5;
    Rect::new(candidate.x - r, candidate.y - r, 2.0 * r, 2.0 * r)
}

/// Place as many labels as fit. `obstacles` are boxes no label may touch; the markers of all
/// candidates are obstacles too, except that a required label may cover minor markers when it
/// finds no other room.
pub fn place_labels(candidates: &[Candidate], obstacles: &[Rect], lines: &[Segment], bounds: Rect) -> Layout {
    let mut layout = Layout::default();
    let markers = MarkerGrid::new(candidates);
    let mut hidden = vec![false; candidates.len()];
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| candidates[i].priority);
    for &index in &order {
        // A required label that finds no free room may cover minor markers; it is tried so
        // before any less important label takes the room.
        // First choice: clear of every line to avoid (the frontline); towns may cross it when
        // there is no other room, villages may not.
        let around = (&markers, hidden.as_slice());
        let mut placed = try_place(candidates, index, obstacles, lines, bounds, &layout, around, (true, 1.0));
        if placed.is_none() && candidates[index].priority < MINOR {
            placed = try_place(candidates, index, obstacles, &[], bounds, &layout, around, (true, 1.0));
        }
        if placed.is_none() && candidates[index].required {
            // Beside its marker over villages' dots; else further off, in any of 16 directions
            // and with a leader line (on a crowded small map, Shusha under Stepanakert's name).
            for reach in LEADER_REACH {
                placed = placed
                    .or_else(|| try_place(candidates, index, obstacles, &[], bounds, &layout, around, (false, reach)));
            }
            if let Some(label) = &placed {
                for (other, candidate) in candidates.iter().enumerate() {
                    if candidate.priority >= MINOR && marker_box(candidate).intersects(&label.rect) {
                        layout.hidden.push(other);
                        hidden[other] = true;
                    }
                }
            }
        }
        layout.placed.extend(placed);
    }
    layout
}

/// The candidates' marker boxes in buckets of [`MarkerGrid::CELL`] px, so that a label
/// looks only at the markers near it (linear in the places, where a scan of all was quadratic).
struct MarkerGrid {
    x0: f32,
    y0: f32,
    cols: usize,
    rows: usize,
    buckets: Vec<Vec<usize>>,
}

impl MarkerGrid {
    const CELL: f32 = 32.0;

    fn new(candidates: &[Candidate]) -> MarkerGrid {
        let boxes: Vec<Rect> =
            candidates.iter().map(marker_box).filter(|b| b.x.is_finite() && b.y.is_finite()).collect();
        let x0 = boxes.iter().map(|b| b.x).fold(f32::INFINITY, f32::min);
        let y0 = boxes.iter().map(|b| b.y).fold(f32::INFINITY, f32::min);
        let x1 = boxes.iter().map(|b| b.right()).fold(f32::NEG_INFINITY, f32::max);
        let y1 = boxes.iter().map(|b| b.bottom()).fold(f32::NEG_INFINITY, f32::max);
        let (x0, y0) = if x0.is_finite() && y0.is_finite() { (x0, y0) } else { (0.0, 0.0) };
        let span = |a: f32, b: f32| (((b - a) / Self::CELL).ceil().clamp(1.0, 4096.0)) as usize;
        let (cols, rows) = if x1.is_finite() && y1.is_finite() { (span(x0, x1), span(y0, y1)) } else { (1, 1) };
        let mut grid = MarkerGrid { x0, y0, cols, rows, buckets: vec![Vec::new(); cols * rows] };
        for (index, candidate) in candidates.iter().enumerate() {
            let (c0, c1, r0, r1) = grid.range(&marker_box(candidate));
            for row in r0..=r1 {
                for col in c0..=c1 {
                    grid.buckets[row * cols + col].push(index);
                }
            }
        }
        grid
    }

    /// The columns and rows a box covers, clamped to the grid.
    fn range(&self, rect: &Rect) -> (usize, usize, usize, usize) {
        let at = |v: f32, origin: f32, len: usize| {
            let cell = ((v - origin) / Self::CELL).floor();
            if cell.is_nan() { 0 } else { cell.clamp(0.0, (len - 1) as f32) as usize }
        };
        (
            at(rect.x, self.x0, self.cols),
            at(rect.right(), self.x0, self.cols),
            at(rect.y, self.y0, self.rows),
            at(rect.bottom(), self.y0, self.rows),
        )
    }

    /// Candidates whose marker may touch `rect` (some more than once).
    fn near(&self, rect: &Rect) -> impl Iterator<Item = usize> + '_ {
        let (c0, c1, r0, r1) = self.range(rect);
        (r0..=r1)
            .flat_map(move |row| (c0..=c1).flat_map(move |col| self.buckets[row * self.cols + col].iter().copied()))
    }
}

/// Right, left, above right, below right, above left, below left, above, below: the order
/// cartographers prefer (Imhof). Baseline positions and anchors.
fn beside(candidate: &Candidate, gap: f32) -> Vec<(f32, f32, Anchor)> {
    let (cx, cy, size) = (candidate.x, candidate.y, candidate.size);
    let middle = cy + size * (ASCENT - DESCENT) / 2.0 - size * 0.05;
    vec![
        (cx + gap, middle, Anchor::Start),
        (cx - gap, middle, Anchor::End),
        (cx + gap * 0.7, cy - gap * 0.7, Anchor::Start),
        (cx + gap * 0.7, cy + gap * 0.7 + size * ASCENT, Anchor::Start),
        (cx - gap * 0.7, cy - gap * 0.7, Anchor::End),
        (cx - gap * 0.7, cy + gap * 0.7 + size * ASCENT, Anchor::End),
        (cx, cy - gap - size * DESCENT, Anchor::Middle),
        (cx, cy + gap + size * ASCENT, Anchor::Middle),
    ]
}

/// Sixteen directions at `gap` from the marker, for a label set apart with a leader line: the
/// label's near edge faces the marker.
fn around(candidate: &Candidate, gap: f32) -> Vec<(f32, f32, Anchor)> {
    let (cx, cy, size) = (candidate.x, candidate.y, candidate.size);
    let middle = size * (ASCENT - DESCENT) / 2.0 - size * 0.05;
    (0..16)
        .map(|k| {
            let angle = k as f32 * std::f32::consts::PI / 8.0;
            let (dx, dy) = (angle.cos() * gap, angle.sin() * gap);
            let anchor = match angle.cos() {
                c if c > 0.38 => Anchor::Start,
                c if c < -0.38 => Anchor::End,
                _ => Anchor::Middle,
            };
            let y = match anchor {
                Anchor::Middle if dy < 0.0 => cy + dy - size * DESCENT,
                Anchor::Middle => cy + dy + size * ASCENT,
                _ => cy + dy + middle,
            };
            (cx + dx, y, anchor)
        })
        .collect()
}

/// How far a required label may stand from its marker, in multiples of the usual gap: 1 is
/// beside it; further ones get a leader line, never longer than [`LEADER_MAX`].
const LEADER_REACH: [f32; 4] = [1.0, 2.2, 3.4, 4.6];

/// The longest gap between a marker and its label set apart, in multiples of the label's size:
/// a longer leader crosses the map and reads as a label of somewhere else (better none).
const LEADER_MAX: f32 = 2.5;

#[allow(clippy::too_many_arguments)]
fn try_place(
    candidates: &[Candidate],
    index: usize,
    obstacles: &[Rect],
    lines: &[Segment],
    bounds: Rect,
    layout: &Layout,
    (markers, hidden): (&MarkerGrid, &[bool]),
    (strict, reach): (bool, f32),
) -> Option<Placed> {
    {
        let candidate = &candidates[index];
        let width = fonts::text_width(&candidate.text, candidate.size, candidate.bold);
        let height = candidate.size * (ASCENT + DESCENT);
        let gap = (candidate.radius + candidate.size * 0.25) * reach;
        if reach > 1.0 && gap > candidate.size * LEADER_MAX {
            return None;
        }
        let options = if reach > 1.0 { around(candidate, gap) } else { beside(candidate, gap) };
        for (x, y, anchor) in options {
            let left = match anchor {
                Anchor::Start => x,
                Anchor::Middle => x - width / 2.0,
                Anchor::End => x - width,
            };
            let rect = Rect::new(left, y - candidate.size * ASCENT, width, height);
            let blocked_by_marker = markers.near(&rect).any(|other| {
                let c = &candidates[other];
                other != index && !hidden[other] && (strict || c.priority < MINOR) && marker_box(c).intersects(&rect)
            });
            let clear = bounds.contains_rect(&rect)
                && !blocked_by_marker
                && !obstacles.iter().any(|o| o.intersects(&rect))
                && !lines.iter().any(|line| segment_hits_rect(*line, &rect))
                && !layout.placed.iter().any(|p| p.rect.grow(1.0).intersects(&rect));
            if clear {
                return Some(Placed { candidate: index, x, y, anchor, rect, leader: reach > 1.0 });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(x: f32, y: f32, text: &str, priority: u32) -> Candidate {
        Candidate { x, y, radius: 3.0, text: text.into(), size: 14.0, bold: false, priority, required: priority == 0 }
    }

    #[test]
    fn crowded_labels_never_overlap() {
        let candidates: Vec<Candidate> = (0..60)
            .map(|i| candidate(100.0 + (i % 6) as f32 * 12.0, 100.0 + (i / 6) as f32 * 9.0, "Village", i))
            .collect();
        let placed = place_labels(&candidates, &[], &[], Rect::new(0.0, 0.0, 400.0, 400.0)).placed;
        assert!(!placed.is_empty());
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn priority_wins_the_best_spot() {
        let candidates = vec![candidate(100.0, 100.0, "Low", 9), candidate(100.0, 100.0, "High", 0)];
        let placed = place_labels(&candidates, &[], &[], Rect::new(0.0, 0.0, 400.0, 400.0)).placed;
        assert_eq!(placed[0].candidate, 1);
        assert_eq!(placed[0].anchor, Anchor::Start);
    }

    #[test]
    fn a_required_label_may_cover_village_dots_which_are_then_hidden() {
        let mut candidates = vec![candidate(100.0, 100.0, "Hadrut", 0)];
        // Village dots all around the town.
        for dx in [-30.0, -15.0, 0.0, 15.0, 30.0, 45.0, 60.0] {
            for dy in [-14.0, -7.0, 7.0, 14.0] {
                candidates.push(candidate(100.0 + dx, 100.0 + dy, "v", MINOR + 2));
            }
        }
        let layout = place_labels(&candidates, &[], &[], Rect::new(0.0, 0.0, 400.0, 400.0));
        let town = layout.placed.iter().find(|p| p.candidate == 0).expect("the required label is placed");
        assert!(!layout.hidden.is_empty());
        for (index, c) in candidates.iter().enumerate().skip(1) {
            if !layout.hidden.contains(&index) {
                assert!(!marker_box(c).intersects(&town.rect), "a visible dot under the label");
            }
        }
    }

    #[test]
    fn a_required_label_boxed_in_beside_its_marker_stands_apart_with_a_leader() {
        // Town markers close around the place on every side: no room within the usual gap.
        let mut candidates = vec![candidate(200.0, 200.0, "Shusha", 0)];
        for (dx, dy) in
            [(-12.0, 0.0), (12.0, 0.0), (0.0, -12.0), (0.0, 12.0), (-9.0, -9.0), (9.0, 9.0), (-9.0, 9.0), (9.0, -9.0)]
        {
            candidates.push(candidate(200.0 + dx, 200.0 + dy, "", 5));
        }
        let layout = place_labels(&candidates, &[], &[], Rect::new(0.0, 0.0, 400.0, 400.0));
        let label = layout.placed.iter().find(|p| p.candidate == 0).expect("the required label is placed");
        assert!(label.leader, "{label:?}");
        // Apart from every marker, its own included.
        assert!(candidates.iter().all(|c| !marker_box(c).intersects(&label.rect)), "{label:?}");
        // A label with room stays beside its marker, without a leader.
        let alone = place_labels(&candidates[..1], &[], &[], Rect::new(0.0, 0.0, 400.0, 400.0));
        assert!(!alone.placed[0].leader);
    }

    #[test]
    fn segments_and_rectangles() {
        let rect = Rect::new(10.0, 10.0, 10.0, 10.0);
        assert!(segment_hits_rect(((0.0, 15.0), (30.0, 15.0)), &rect), "through");
        assert!(segment_hits_rect(((12.0, 12.0), (13.0, 13.0)), &rect), "inside");
        assert!(!segment_hits_rect(((0.0, 0.0), (30.0, 5.0)), &rect), "above");
        assert!(!segment_hits_rect(((0.0, 0.0), (9.0, 30.0)), &rect), "left");
    }

    #[test]
    fn village_labels_keep_off_the_frontline() {
        let candidates = vec![candidate(100.0, 100.0, "Village", MINOR)];
        // A frontline box around the dot: every position crosses it.
        let lines = [((80.0, 80.0), (120.0, 120.0)), ((80.0, 120.0), (120.0, 80.0))];
        let layout = place_labels(&candidates, &[], &lines, Rect::new(0.0, 0.0, 400.0, 400.0));
        for placed in &layout.placed {
            assert!(!lines.iter().any(|l| segment_hits_rect(*l, &placed.rect)));
        }
    }

    #[test]
    fn labels_avoid_obstacles_and_stay_inside() {
        let candidates = vec![candidate(390.0, 100.0, "Edge", 0)];
        let obstacle = Rect::new(0.0, 0.0, 10.0, 10.0);
        let placed = place_labels(&candidates, &[obstacle], &[], Rect::new(0.0, 0.0, 400.0, 400.0)).placed;
        assert_eq!(placed[0].anchor, Anchor::End, "no room on the right");
    }
}
