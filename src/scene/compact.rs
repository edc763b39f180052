//! The strip of a compact page (below [`super::COMPACT_BELOW`] px wide), under the map: on the
//! left the date, the day of the war and each side's km2; on the right the day's two or three
//! main events (towns changing hands first, then the largest changes of ground); along the
//! bottom a one-line legend. Text is 12 px or larger at the output size.

use super::base::Base;
use super::compose::text;
use super::day::Day;
use super::figures::AreaFigure;
use super::swatch;
use super::{Colour, Item, Paint, Rect, Stroke};
use crate::control::Control;
use crate::dataset::{Dataset, EventKind, PlaceKind, Status};
use crate::fonts;
use crate::timeline::DayState;

/// At most this many events: more would not be read in the time a frame shows.
const MAX_EVENTS: usize = 3;

/// Compose the strip's items (drawn clipped to the layout's panel).
pub(crate) fn compose_strip(
    dataset: &Dataset,
    base: &Base,
    (state, has_previous): (&DayState, bool),
    control: &Control,
    (day, gains): (&Day, Option<&crate::advance::Gains>),
) -> Vec<Item> {
    let (theme, strip) = (&base.theme, base.layout.panel);
    let px = |size: f32| theme.px(size);
    let x0 = strip.x + base.layout.pad;
    let top = strip.y + px(6.0);
    let mut items = vec![Item::Rect {
        rect: strip,
        fill: Some(theme.panel),
        fill_opacity: 1.0,
        stroke: Some(Stroke::solid(theme.panel_rule, 1.0)),
    }];
    let (words, date) = (&base.words, base.words.long_date(state.day));
    items.push(Item::Text(text(x0, top + px(22.0), date.clone(), px(22.0), true, theme.text)));
    let left_w = (strip.w * 0.36).max(fonts::text_width(&date, px(22.0), true) + px(12.0));
    let day_number = words.fill("title.day_of_war", &[("n", &dataset.meta.day_number(state.day).to_string())]);
    let day_number = one_line(&day_number, px(11.0), false, left_w - px(8.0));
    items.push(Item::Text(text(x0, top + px(38.0), day_number, px(11.0), false, theme.text_muted)));
    let mut y = top + px(38.0);
    let figures = super::figures::area_figures(dataset, control, has_previous, words);
    for figure in &figures {
        y += px(15.0);
        let line = fitted_figure(figure, words, px(11.0), left_w - px(8.0));
        items.push(Item::Text(text(x0, y, line, px(11.0), false, theme.text)));
    }
    let right = Rect::new(x0 + left_w, top, strip.right() - base.layout.pad - x0 - left_w, strip.h);
    events(dataset, state, control, gains, right, base, &mut items);
    let shown: Vec<usize> = figures.iter().map(|figure| figure.side).collect();
    legend(dataset, (day, &shown), base, strip.bottom() - px(8.0), &mut items);
    items
}

/// The day's events in order of what they changed: control of a town or larger place first,
/// then by the ground that changed side through them (largest first), then the rest in the
/// order of the file.
pub(crate) fn main_events(dataset: &Dataset, state: &DayState, control: &Control) -> Vec<usize> {
    let km2 = |index: usize| control.changed_by_event.iter().find(|(e, _)| *e == index).map_or(0.0, |(_, k)| *k);
    let town = |index: usize| {
        let event = &dataset.events[index];
        matches!(event.kind, EventKind::Control | EventKind::Handover)
            && event.place.is_some_and(|p| dataset.places[p].kind <= PlaceKind::Town)
    };
    let mut ordered = state.events.clone();
    ordered.sort_by(|&a, &b| {
        (!town(a), -km2(a), dataset.events[a].line)
            .partial_cmp(&(!town(b), -km2(b), dataset.events[b].line))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    ordered
}

/// The main events, one line each, with their status when not confirmed.
fn events(
    dataset: &Dataset,
    state: &DayState,
    control: &Control,
    gains: Option<&crate::advance::Gains>,
    column: Rect,
    base: &Base,
    items: &mut Vec<Item>,
) {
    let (theme, words) = (&base.theme, &base.words);
    let (size, step) = (theme.px(11.5), theme.px(16.0));
    let mut y = column.y + theme.px(8.0);
    let ordered = main_events(dataset, state, control);
    let mut lines: Vec<(String, Colour)> = ordered
        .iter()
        .take(MAX_EVENTS)
        .map(|&index| {
            let event = &dataset.events[index];
            let line = if event.status == Status::Confirmed {
                words.event_title(&event.title).to_string()
            } else {
                let title = words.event_title(&event.title);
                words.fill("compact.unconfirmed", &[("title", title), ("status", words.status(event.status))])
            };
            (format!("• {line}"), theme.text)
        })
        .collect();
    if state.events.is_empty() {
        lines.push((words.get("panel.no_events").to_string(), theme.text_muted));
    } else if ordered.len() > MAX_EVENTS {
        let (rest, date) = ((ordered.len() - MAX_EVENTS).to_string(), dataset.events_arguments(state.day));
        lines.push((words.fill("compact.more_events", &[("n", &rest), ("date", &date)]), theme.text_muted));
    }
    if let Some(gains) = gains {
        lines.push((super::compare::summary(dataset, words, gains), theme.text));
    }
    for (line, colour) in lines {
        y += step;
        items.push(Item::Text(text(column.x, y, one_line(&line, size, false, column.w), size, false, colour)));
    }
}

/// The legend on one line: what the map shows that day, as many entries as fit.
fn legend(dataset: &Dataset, (day, shown): (&Day, &[usize]), base: &Base, baseline: f32, items: &mut Vec<Item>) {
    let (theme, meta, words) = (&base.theme, &dataset.meta, &base.words);
    let px = |size: f32| theme.px(size);
    let (size, sw, sh) = (px(11.0), px(18.0), px(10.0));
    let block = |fill: Paint| vec![swatch::block(sw, sh, fill)];
    let rule = |stroke: Stroke| vec![swatch::rule(sw, sh, stroke)];
    let mut entries: Vec<(Vec<Item>, String)> = Vec::new();
    for &side in shown {
        let info = &meta.sides[side];
        entries.push((block(Paint::Solid(theme.side_colour(&meta.sides, side))), words.side(info).to_string()));
    }
    if let Some(&(_, pattern)) = day.uncertain_sides.first() {
        entries.push((block(Paint::Pattern(pattern)), words.get("compact.claimed").into()));
    }
    for &(side, pattern) in &day.gained_sides {
        let label = words.fill("compact.gained", &[("side", words.side(&meta.sides[side]))]);
        entries.push((block(Paint::Pattern(pattern)), label));
    }
    if day.arrows {
        let arrow = swatch::arrow(sw, sh, sh * 0.35, theme.text_muted);
        entries.push((vec![arrow], words.get("compact.advance").into()));
    }
    entries.push((rule(Stroke::solid(theme.frontline, px(theme.frontline_width))), words.get("compact.front").into()));
    if day.changed_today {
        entries.push((rule(Stroke::solid(theme.changed, px(4.0))), words.get("compact.changed").into()));
    }
    let mut x = base.layout.panel.x + base.layout.pad;
    let limit = base.layout.panel.right() - base.layout.pad;
    for (draw, label) in entries {
        let width = sw + px(5.0) + fonts::text_width(&label, size, false);
        if x + width > limit {
            break;
        }
        items.extend(draw.into_iter().map(|item| swatch::offset(item, x, baseline - sh)));
        items.push(Item::Text(text(x + sw + px(5.0), baseline, label, size, false, theme.text)));
        x += width + px(14.0);
    }
}

/// A side's figures on one line of `width`: whole when they fit, else with the side's name
/// shortened to end in "…", so that the km² and the change always show (a long name such as
/// "South Ossetian and Abkhaz forces" cut the line in the middle of its number).
fn fitted_figure(figure: &AreaFigure, words: &crate::i18n::Words, size: f32, width: f32) -> String {
    let fits = |line: &str| fonts::text_width(line, size, false) <= width;
    let line = figure.line(words);
    if fits(&line) {
        return line;
    }
    let mut name: Vec<char> = figure.name.chars().collect();
    while name.pop().is_some() {
        let short = format!("{}…", name.iter().collect::<String>().trim_end());
        let line = figure.line_named(words, &short);
        if fits(&line) {
            return line;
        }
    }
    // Not even one letter of the name fits: the figures still show, the name as "…".
    figure.line_named(words, "…")
}

/// `content` cut to one line of `width`, ending in "…" when cut.
fn one_line(content: &str, size: f32, bold: bool, width: f32) -> String {
    if fonts::text_width(content, size, bold) <= width {
        return content.to_string();
    }
    let mut chars: Vec<char> = content.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if fonts::text_width(&cut, size, bold) <= width {
            return cut;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_side_name_is_shortened_and_its_figures_kept() {
        let words = crate::i18n::Words::default();
        let figure = AreaFigure {
            side: 0,
            name: "South Ossetian and Abkhaz forces".into(),
            km2: "5,987".into(),
            change: Some("+1,120".into()),
        };
        let (size, width) = (12.0, 200.0);
        let line = fitted_figure(&figure, &words, size, width);
        assert!(line.starts_with("South") && line.contains("…: 5,987 km² (+1,120 today)"), "{line}");
        assert!(fonts::text_width(&line, size, false) <= width, "{line}");
        assert_eq!(fitted_figure(&figure, &words, size, 1000.0), figure.line(&words));
    }
}
