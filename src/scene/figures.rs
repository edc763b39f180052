//! Each side's area in the theatre and its change of the day, as the poster's panel and the
//! compact strip both list them.

use crate::area::whole;
use crate::control::Control;
use crate::dataset::Dataset;
use crate::i18n::Words;

/// The sides listed, each with its line, "Azerbaijan: 3,410 km² (+120 today)": the parties,
/// and a peacekeeping side only while it holds ground (from 1 December). The change shows
/// from half a km² and only when there is a day before. Figures are rounded as
/// [`crate::area`] says, like `stats` and the report.
pub(crate) fn area_figures(
    dataset: &Dataset,
    control: &Control,
    has_previous: bool,
    words: &Words,
) -> Vec<(usize, String)> {
    let sides = &dataset.meta.sides;
    let line = |side: usize| {
        let today = whole(control.area_of(side));
        let delta = if has_previous { whole(control.area_of(side) - control.km2_before[side]) } else { 0.0 };
        let (name, km2) = (words.side(&sides[side]), words.number(today));
        if delta != 0.0 {
            let change = words.signed(delta);
            words.fill("panel.area_change", &[("side", name), ("km2", &km2), ("change", &change)])
        } else {
            words.fill("panel.area", &[("side", name), ("km2", &km2)])
        }
    };
    (0..sides.len())
        .filter(|&side| !sides[side].peacekeeping || control.area_of(side) > 0.0)
        .map(|side| (side, line(side)))
        .collect()
}
