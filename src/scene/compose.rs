//! Composition: a day's map from the shared base (composed once per run, [`super::base`]) and
//! the day's layers ([`super::day`], [`super::panel`], [`super::furniture`]'s credits).

use std::sync::Arc;

use chrono::NaiveDate;

use super::base::Base;
use super::theme::Theme;
use super::{Anchor, Colour, Scene, Stroke, Text};
use crate::control::Control;
use crate::dataset::Place;
use crate::dataset::{Dataset, PlaceKind};
use crate::timeline::DayState;

/// What the caller may choose about a scene.
#[derive(Debug, Clone)]
pub struct SceneOptions {
    pub width: u32,
    pub height: u32,
    /// Language of the map (BCP 47): place names (English where a name is missing) and the
    /// tool's words, dates and numbers ([`crate::i18n`], resolved once in the base).
    pub lang: String,
    /// The lon/lat box to show; the dataset's view when `None`.
    pub view: Option<crate::dataset::View>,
    /// Colours and weights (sizes are scaled to the page).
    pub theme: Theme,
    /// Label towns with both sides' names where they differ ("Stepanakert / Khankendi").
    pub dual_names: bool,
    /// Arrows of advance of the day or the week ([`crate::advance`]).
    pub arrows: Option<crate::advance::ArrowSpan>,
    /// Show the ground that changed side since this date.
    pub compare: Option<NaiveDate>,
    /// A bar of the day's place in the dataset's span.
    pub progress_bar: bool,
    /// Hillshading from the dataset's relief grid, where it has one ([`super::relief`]).
    pub relief: bool,
}

impl Default for SceneOptions {
    fn default() -> Self {
        SceneOptions {
            width: 1600,
            height: 1100,
            lang: "en".into(),
            view: None,
            theme: Theme::light(),
            dual_names: true,
            arrows: None,
            compare: None,
            progress_bar: false,
            relief: false,
        }
    }
}

impl SceneOptions {
    /// Do two options give the same base (page, view, theme)?
    pub fn same_base(&self, other: &SceneOptions) -> bool {
        let view = |v: &Option<crate::dataset::View>| v.map(|v| (v.west, v.south, v.east, v.north));
        (self.width, self.height) == (other.width, other.height)
            && view(&self.view) == view(&other.view)
            && self.theme == other.theme
            && self.lang == other.lang
    }
}

/// District boundaries: a thin line, the muted text colour lightened a little, so
/// that it reads as context under the front and the borders.
pub(crate) fn district_stroke(theme: &Theme, width: f32) -> Stroke {
    Stroke::solid(theme.text_muted.mix(theme.page, 0.15), width)
}

pub(crate) fn text(x: f32, y: f32, content: impl Into<String>, size: f32, bold: bool, fill: Colour) -> Text {
    Text { x, y, text: content.into(), size, bold, anchor: Anchor::Start, fill, halo: None, link: None }
}

/// "8 November 2020".
pub fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// 12345.6 -> "12,346".
pub fn thousands(value: f64) -> String {
    group_thousands(value, ',')
}

/// A whole number with its thousands grouped by `separator`: (-1604.0, ',') -> "-1,604".
pub fn group_thousands(value: f64, separator: char) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    if value < -0.5 { format!("-{out}") } else { out }
}

/// The days' parts that the scene's layers need beyond the base.
pub struct DayInput<'a> {
    pub state: &'a DayState,
    pub previous: Option<&'a DayState>,
    pub control: &'a Control,
    /// Arrows of advance to draw (empty without `--arrows`).
    pub advances: &'a [crate::advance::Advance],
    /// The ground gained since the compared date.
    pub gains: Option<&'a crate::advance::Gains>,
}

/// Build the scene of one day on a base composed for the same options.
pub fn compose(dataset: &Dataset, base: &Arc<Base>, input: DayInput, options: &SceneOptions) -> Scene {
    let DayInput { state, previous, control, advances, gains } = input;
    let meta = &dataset.meta;
    let mut day = super::day::compose_day(dataset, base, state, control, &options.lang, options.dual_names);
    extras(dataset, base, (advances, gains), &mut day);
    let bar = if options.progress_bar { super::progress::bar(dataset, base, state.day) } else { Vec::new() };
    if !base.layout.compact {
        day.top.extend(bar.iter().cloned());
    }
    let mut panel = if base.layout.compact {
        super::compact::compose_strip(dataset, base, (state, previous.is_some()), control, (&day, gains))
    } else {
        super::panel::compose_panel(dataset, control, base, (state, previous), (&day, gains))
    };
    if base.layout.compact {
        panel.extend(bar);
    }
    let credits = super::furniture::credits(dataset, (state.day, &state.events), base);
    let mut sources: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for source in state.events.iter().flat_map(|&i| dataset.events[i].sources.iter().map(|s| s.to_string())) {
        if seen.insert(source.clone()) {
            sources.push(source);
        }
    }
    let words = &base.words;
    let title = words.dataset("title", &meta.title);
    let sources = if sources.is_empty() { words.get("title.no_sources").to_string() } else { sources.join("; ") };
    let description = words.fill(
        "title.description",
        &[
            ("title", title),
            ("date", &state.day.to_string()),
            ("n", &meta.day_number(state.day).to_string()),
            ("sources", &sources),
            ("attribution", &base.attribution.join(" ")),
        ],
    );
    Scene {
        width: base.layout.width,
        height: base.layout.height,
        title: words.fill("title.document", &[("title", title), ("date", &words.long_date(state.day))]),
        description,
        background: base.theme.page,
        patterns: day.patterns,
        base: base.clone(),
        areas: day.areas,
        day: day.top,
        panel,
        credits,
        label_boxes: day.label_boxes,
    }
}

/// The optional layers: the ground gained since another date (under the changes and the front)
/// and the arrows of advance (over the front, under the places' markers and labels).
fn extras(
    dataset: &Dataset,
    base: &Base,
    (advances, gains): (&[crate::advance::Advance], Option<&crate::advance::Gains>),
    day: &mut super::day::Day,
) {
    if let Some(gains) = gains {
        let (items, patterns, rows) = super::compare::compare(dataset, base, gains, day.patterns.len());
        day.patterns.extend(patterns);
        day.gained_sides = rows;
        day.places_at += items.len();
        day.top.splice(0..0, items);
    }
    day.arrows = !advances.is_empty();
    let at = day.places_at;
    day.top.splice(at..at, super::arrows::arrows(dataset, base, advances));
}

/// The label of a place: its name in `lang`, and for towns in English the other side's name
/// where it differs ("Stepanakert / Khankendi").
pub fn label_text(place: &Place, lang: &str, dual: bool) -> String {
    let name = place.name(lang);
    match place.names.get("en_alt") {
        Some(alt) if dual && lang == "en" && place.kind <= PlaceKind::Town => format!("{name} / {alt}"),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::View;
    use crate::projection::TransverseMercator;
    use crate::scene::Rect;
    use crate::scene::fit::Fit;
    use geo::{Distance, Geodesic, Point};

    /// The scale bar converts px to km with `fit.scale`: check that this measures true ground
    /// distance (geodesic, WGS84) within 2% between places across the default view and a focus
    /// view.
    #[test]
    fn the_scale_bar_measures_true_ground_distance_within_two_percent() {
        let dataset = Dataset::embedded().unwrap();
        let projection = TransverseMercator::from_spec(&dataset.meta.projection);
        let point = |id: &str| dataset.places[dataset.place_index(id).unwrap()].point.unwrap();
        let views = [dataset.meta.view, View::around(46.75, 39.76, 30.0)];
        let pairs = [
            ("ganja", "zangilan"),
            ("kalbajar", "horadiz"),
            ("lachin", "barda"),
            ("stepanakert", "shusha"),
            ("goris", "tartar"),
        ];
        for view in views {
            let fit = Fit::new(projection, &view, Rect::new(0.0, 0.0, 1168.0, 1040.0));
            for (a, b) in pairs {
                let (pa, pb) = (point(a), point(b));
                let (xa, ya) = fit.lonlat(pa.x(), pa.y());
                let (xb, yb) = fit.lonlat(pb.x(), pb.y());
                let px = ((xa - xb).powi(2) + (ya - yb).powi(2)).sqrt() as f64;
                let measured_km = px / fit.scale;
                let true_km = Geodesic.distance(Point::new(pa.x(), pa.y()), Point::new(pb.x(), pb.y())) / 1000.0;
                let error = (measured_km / true_km - 1.0).abs();
                assert!(error < 0.02, "{a}-{b}: scale bar says {measured_km:.2} km, geodesic {true_km:.2} km");
            }
        }
    }

    #[test]
    fn dual_names_only_for_towns_in_english() {
        let dataset = Dataset::embedded().unwrap();
        let place = |id: &str| &dataset.places[dataset.place_index(id).unwrap()];
        assert_eq!(label_text(place("stepanakert"), "en", true), "Stepanakert / Khankendi");
        assert_eq!(label_text(place("stepanakert"), "en", false), "Stepanakert");
        assert_eq!(label_text(place("stepanakert"), "az", true), "Xankəndi");
        assert_eq!(label_text(place("shusha"), "hy", true), "Շուշի");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(12345.6), "12,346");
        assert_eq!(thousands(-1604.0), "-1,604");
        assert_eq!(thousands(12.0), "12");
    }
}
