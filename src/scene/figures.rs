//! Each side's area in the theatre and its change of the day, as the poster's panel and the
//! compact strip both list them.

use crate::area::whole;
use crate::control::Control;
use crate::dataset::Dataset;
use crate::i18n::Words;

/// One side's figures: its name, km² and change, written into a line by the language's text.
#[derive(Debug, Clone)]
pub(crate) struct AreaFigure {
    pub side: usize,
    /// The side's name in the language.
    pub name: String,
    pub km2: String,
    /// "+120", or none when it changed by less than half a km² or there is no day before.
    pub change: Option<String>,
}

impl AreaFigure {
    /// "Azerbaijan: 3,410 km² (+120 today)".
    pub fn line(&self, words: &Words) -> String {
        self.line_named(words, &self.name)
    }

    /// The line with the side called `name` (a shortened name, where the line must fit).
    pub fn line_named(&self, words: &Words, name: &str) -> String {
        match &self.change {
            Some(change) => words.fill("panel.area_change", &[("side", name), ("km2", &self.km2), ("change", change)]),
            None => words.fill("panel.area", &[("side", name), ("km2", &self.km2)]),
        }
    }
}

/// The sides listed: the parties, and a peacekeeping side only while it holds ground (from 1
/// December). The change shows from half a km² and only when there is a day before. Figures
/// are rounded as [`crate::area`] says, like `stats` and the report.
pub(crate) fn area_figures(dataset: &Dataset, control: &Control, has_previous: bool, words: &Words) -> Vec<AreaFigure> {
    let sides = &dataset.meta.sides;
    let figure = |side: usize| {
        let today = whole(control.area_of(side));
        let delta = if has_previous { whole(control.area_of(side) - control.km2_before[side]) } else { 0.0 };
        AreaFigure {
            side,
            name: words.side(&sides[side]).to_string(),
            km2: words.number(today),
            change: (delta != 0.0).then(|| words.signed(delta)),
        }
    };
    (0..sides.len()).filter(|&side| !sides[side].peacekeeping || control.area_of(side) > 0.0).map(figure).collect()
}
