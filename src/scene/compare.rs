//! The layer of a comparison with another date (`render --compare D1`): the ground each side
//! gained since then ([`crate::advance::gains`]), hatched and outlined in that side's colour,
//! over the day's areas and under the front.

use super::base::Base;
use super::fit::km_polygons;
use super::{Item, Paint, Pattern, Shape, Stroke};
use crate::advance::Gains;
use crate::dataset::Dataset;

/// The items and the hatch patterns of the comparison; each pattern's index in the scene is
/// `first_pattern` plus its position. Returns (items, patterns, (side, pattern) per side).
pub(crate) fn compare(
    dataset: &Dataset,
    base: &Base,
    gains: &Gains,
    first_pattern: usize,
) -> (Vec<Item>, Vec<Pattern>, Vec<(usize, usize)>) {
    let (theme, fit, meta) = (&base.theme, &base.fit, &dataset.meta);
    let (mut items, mut patterns, mut rows) = (Vec::new(), Vec::new(), Vec::new());
    for (side, ground, _) in &gains.by_side {
        let colour = theme.side_colour(&meta.sides, *side);
        // Crossing the claimed ground's 45-degree hatching, so the two never read as one.
        patterns.push(Pattern {
            id: format!("gained-{}", meta.sides[*side].id),
            background: None,
            colour,
            spacing: theme.px(6.0),
            width: theme.px(2.0),
            angle: -45.0,
        });
        let pattern = first_pattern + patterns.len() - 1;
        rows.push((*side, pattern));
        items.push(Item::Shape(Shape {
            rings: km_polygons(fit, ground),
            closed: true,
            fill: Some(Paint::Pattern(pattern)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(colour, theme.px(2.5))),
        }));
    }
    (items, patterns, rows)
}

/// "Since 1 October 2020: Azerbaijan +1,234 km²; Armenian forces +12 km²".
pub(crate) fn summary(dataset: &Dataset, words: &crate::i18n::Words, gains: &Gains) -> String {
    let parts: Vec<String> = gains
        .by_side
        .iter()
        .map(|(side, _, km2)| {
            let (name, km2) = (words.side(&dataset.meta.sides[*side]), words.number(crate::area::whole(*km2)));
            words.fill("compare.figure", &[("side", name), ("km2", &km2)])
        })
        .collect();
    let figures = if parts.is_empty() { words.get("compare.nothing").to_string() } else { parts.join("; ") };
    words.fill("compare.summary", &[("date", &words.long_date(gains.since)), ("figures", &figures)])
}
