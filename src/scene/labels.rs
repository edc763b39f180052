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
}

/// Ascent and descent of the font as fractions of the size (DejaVu: 0.93 and 0.24).
const ASCENT: f32 = 0.93;
const DESCENT: f32 = 0.24;

/// Place as many labels as fit. `obstacles` are boxes no label may touch; the markers of all
/// candidates are obstacles too. Returns the placed labels, in candidate order of placement.
pub fn place_labels(candidates: &[Candidate], obstacles: &[Rect], bounds: Rect) -> Vec<Placed> {
    let mut taken: Vec<Rect> = obstacles.to_vec();
    for candidate in candidates {
        let r = candidate.radius + 0.5;
        taken.push(Rect::new(candidate.x - r, candidate.y - r, 2.0 * r, 2.0 * r));
    }
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| candidates[i].priority);
    let mut placed = Vec::new();
    for index in order {
        let candidate = &candidates[index];
        let width = fonts::text_width(&candidate.text, candidate.size, candidate.bold);
        let height = candidate.size * (ASCENT + DESCENT);
        let gap = candidate.radius + candidate.size * 0.25;
        // Right, left, above right, below right, above left, below left, above, below:
        // the order cartographers prefer (Imhof).
        let (cx, cy) = (candidate.x, candidate.y);
        let middle = cy + candidate.size * (ASCENT - DESCENT) / 2.0 - candidate.size * 0.05;
        let options = [
            (cx + gap, middle, Anchor::Start),
            (cx - gap, middle, Anchor::End),
            (cx + gap * 0.7, cy - gap * 0.7, Anchor::Start),
            (cx + gap * 0.7, cy + gap * 0.7 + candidate.size * ASCENT, Anchor::Start),
            (cx - gap * 0.7, cy - gap * 0.7, Anchor::End),
            (cx - gap * 0.7, cy + gap * 0.7 + candidate.size * ASCENT, Anchor::End),
            (cx, cy - gap - candidate.size * DESCENT, Anchor::Middle),
            (cx, cy + gap + candidate.size * ASCENT, Anchor::Middle),
        ];
        for (x, y, anchor) in options {
            let left = match anchor {
                Anchor::Start => x,
                Anchor::Middle => x - width / 2.0,
                Anchor::End => x - width,
            };
            let rect = Rect::new(left, y - candidate.size * ASCENT, width, height);
            let own_marker = Rect::new(
                cx - candidate.radius,
                cy - candidate.radius,
                2.0 * candidate.radius,
                2.0 * candidate.radius,
            );
            let clear = bounds.contains_rect(&rect)
                && !taken
                    .iter()
                    .any(|other| *other != own_marker.grow(0.5) && other.intersects(&rect));
            if clear {
                taken.push(rect.grow(1.0));
                placed.push(Placed {
                    candidate: index,
                    x,
                    y,
                    anchor,
                    rect,
                });
                break;
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(x: f32, y: f32, text: &str, priority: u32) -> Candidate {
        Candidate {
            x,
            y,
            radius: 3.0,
            text: text.into(),
            size: 14.0,
            bold: false,
            priority,
        }
    }

    #[test]
    fn crowded_labels_never_overlap() {
        let candidates: Vec<Candidate> = (0..60)
            .map(|i| {
                candidate(
                    100.0 + (i % 6) as f32 * 12.0,
                    100.0 + (i / 6) as f32 * 9.0,
                    "Village",
                    i,
                )
            })
            .collect();
        let placed = place_labels(&candidates, &[], Rect::new(0.0, 0.0, 400.0, 400.0));
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
        let placed = place_labels(&candidates, &[], Rect::new(0.0, 0.0, 400.0, 400.0));
        assert_eq!(placed[0].candidate, 1);
        assert_eq!(placed[0].anchor, Anchor::Start);
    }

    #[test]
    fn labels_avoid_obstacles_and_stay_inside() {
        let candidates = vec![candidate(390.0, 100.0, "Edge", 0)];
        let obstacle = Rect::new(0.0, 0.0, 10.0, 10.0);
        let placed = place_labels(&candidates, &[obstacle], Rect::new(0.0, 0.0, 400.0, 400.0));
        assert_eq!(placed[0].anchor, Anchor::End, "no room on the right");
    }
}
