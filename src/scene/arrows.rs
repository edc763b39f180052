//! The layer of arrows of advance ([`crate::advance`]): one arrow per piece of ground a side
//! took, in the side's colour outlined in the text's colour over a halo, its width growing with the piece's area. The arrows
//! are drawn with the day's layer, so they are clipped to the map.

use super::base::Base;
use super::{Item, Paint, Shape, Stroke};
use crate::advance::Advance;
use crate::dataset::Dataset;

/// Arrows no shorter and no longer than these (px at the reference width): a short one would be
/// all head, a long one would cross the map.
const MIN_LENGTH: f32 = 36.0;
const MAX_LENGTH: f32 = 130.0;

/// The shaft's width (px at the reference width) for a piece of `km2`: grows with the side of
/// the piece, from 4 px (a few km2) to 14 px (1,000 km2 and more).
fn shaft_width(km2: f64) -> f32 {
    (km2.sqrt() as f32 * 0.45).clamp(4.0, 14.0)
}

/// The arrows' items.
pub(crate) fn arrows(dataset: &Dataset, base: &Base, advances: &[Advance]) -> Vec<Item> {
    let (theme, fit, meta) = (&base.theme, &base.fit, &dataset.meta);
    let mut items = Vec::new();
    for advance in advances {
        let (from, to) = (fit.km(advance.from), fit.km(advance.to));
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let distance = (dx * dx + dy * dy).sqrt();
        if distance < 1e-3 {
            continue;
        }
        let length = distance.clamp(theme.px(MIN_LENGTH), theme.px(MAX_LENGTH));
        let direction = (dx / distance, dy / distance);
        let tail = (to.0 - direction.0 * length, to.1 - direction.1 * length);
        let colour = theme.side_colour(&meta.sides, advance.side);
        let ring = outline(tail, to, theme.px(shaft_width(advance.km2)));
        // An arrow points into ground its side now holds, so its fill is the colour around it:
        // a halo casing, then an outline in the text's colour, set it apart in every theme.
        let shape = |fill: Option<Paint>, stroke: Stroke| {
            Item::Shape(Shape {
                rings: vec![ring.clone()],
                closed: true,
                fill,
                fill_opacity: 1.0,
                stroke: Some(stroke),
            })
        };
        items.push(shape(None, Stroke::solid(theme.halo, theme.px(4.0))));
        items.push(shape(Some(Paint::Solid(colour)), Stroke::solid(theme.text, theme.px(1.2))));
    }
    items
}

/// The outline of an arrow from `tail` to `tip` with a shaft `width` wide: a head 2.4 times as
/// wide and 2 times as long as the shaft is wide.
pub(crate) fn outline(tail: (f32, f32), tip: (f32, f32), width: f32) -> Vec<(f32, f32)> {
    let (dx, dy) = (tip.0 - tail.0, tip.1 - tail.1);
    let length = (dx * dx + dy * dy).sqrt().max(1e-3);
    let (ux, uy) = (dx / length, dy / length);
    let (nx, ny) = (-uy, ux);
    let head = (width * 2.0).min(length * 0.6);
    let neck = (tip.0 - ux * head, tip.1 - uy * head);
    let at = |base: (f32, f32), across: f32| (base.0 + nx * across, base.1 + ny * across);
    vec![
        at(tail, width / 2.0),
        at(neck, width / 2.0),
        at(neck, width * 1.2),
        tip,
        at(neck, -width * 1.2),
        at(neck, -width / 2.0),
        at(tail, -width / 2.0),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arrow_ends_at_its_tip_and_is_symmetric() {
        let ring = outline((0.0, 0.0), (100.0, 0.0), 10.0);
        assert_eq!(ring[3], (100.0, 0.0));
        for k in 0..3 {
            assert!((ring[k].0 - ring[6 - k].0).abs() < 1e-4 && (ring[k].1 + ring[6 - k].1).abs() < 1e-4);
        }
        assert!(ring.iter().all(|p| p.0 <= 100.0));
    }

    #[test]
    fn larger_pieces_give_wider_arrows_within_bounds() {
        assert!(shaft_width(500.0) > shaft_width(20.0));
        assert_eq!(shaft_width(1.0), 4.0);
        assert_eq!(shaft_width(1e6), 14.0);
    }

    #[test]
    fn arrows_lie_over_the_front_and_under_every_marker_and_label() {
        use crate::scene::{Item, SceneOptions};
        let atlas = crate::Atlas::new(crate::dataset::Dataset::embedded().unwrap());
        let day = chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap();
        let plain = atlas.scene(day, &SceneOptions::default());
        let options = SceneOptions { arrows: Some(crate::advance::ArrowSpan::Day), ..SceneOptions::default() };
        let with = atlas.scene(day, &options);
        let added = with.day.len() - plain.day.len();
        assert!(added > 0, "20 October has changes, so arrows");
        // The arrows are one block inserted into the plain day: before it no label, after it
        // the plain day's markers and labels, unchanged and in order.
        let at = plain.day.iter().zip(&with.day).position(|(a, b)| a != b).unwrap_or(plain.day.len());
        assert_eq!(&with.day[at + added..], &plain.day[at..]);
        assert!(!plain.day[..at].iter().any(|item| matches!(item, Item::Text(_))));
        assert!(plain.day[at..].iter().any(|item| matches!(item, Item::Text(_))));
    }
}
