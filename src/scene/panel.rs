//! The panel on the right of a map: title, date, area held by each side, the legend (only what
//! the map shows that day) and the day's events with their sources.

use super::base::Base;
use super::compose::{district_stroke, text};
use super::day::Day;
use super::fit::burst;
use super::swatch;
use super::{Colour, Item, Paint, Rect, Shape, Stroke};
use crate::control::Control;
use crate::dataset::{Dataset, LayerRole, Status};
use crate::fonts;
use crate::timeline::DayState;

/// Writes lines of text down the panel.
struct Column<'a> {
    base: &'a Base,
    items: Vec<Item>,
    x0: f32,
    inner: f32,
    y: f32,
}

impl Column<'_> {
    fn px(&self, size: f32) -> f32 {
        self.base.theme.px(size)
    }

    fn line(&mut self, content: &str, size: f32, bold: bool, colour: Colour) {
        for part in fonts::wrap(content, size, bold, self.inner) {
            self.advance(size * 1.22);
            self.items.push(Item::Text(text(self.x0, self.y, part, size, bold, colour)));
        }
    }

    /// Move down by `by` to the next baseline, on a whole pixel: a text at the same place in its
    /// pixel looks the same wherever it is, so the raster backend draws it once per run.
    fn advance(&mut self, by: f32) {
        self.y = (self.y + by).round();
    }

    /// A legend row: a swatch drawn at the origin, moved into place, and its label.
    fn legend_row(&mut self, draw: Vec<Item>, label: &str) {
        let (swatch, size) = ((self.px(30.0), self.px(16.0)), self.px(12.5));
        let lines = fonts::wrap(label, size, false, self.inner - swatch.0 - self.px(10.0));
        let row_h = (lines.len() as f32 * size * 1.25).max(swatch.1) + self.px(7.0);
        let (x0, y) = (self.x0, self.y.round());
        self.items.extend(draw.into_iter().map(|item| swatch::offset(item, x0, y)));
        for (k, part) in lines.into_iter().enumerate() {
            let x = x0 + swatch.0 + self.px(10.0);
            self.items.push(Item::Text(text(
                x,
                (y + size + k as f32 * size * 1.25).round(),
                part,
                size,
                false,
                self.base.theme.text,
            )));
        }
        self.y += row_h;
    }
}

/// Compose the panel's items (drawn clipped to the panel).
pub(crate) fn compose_panel(
    dataset: &Dataset,
    control: &Control,
    base: &Base,
    (state, previous): (&DayState, Option<&DayState>),
    (day, gains): (&Day, Option<&crate::advance::Gains>),
) -> Vec<Item> {
    let (theme, layout, meta) = (&base.theme, &base.layout, &dataset.meta);
    let inner = layout.panel.w - 2.0 * layout.pad;
    let mut column = Column { base, items: Vec::new(), x0: layout.panel.x + layout.pad, inner, y: layout.pad };
    let (px, words) = (|size: f32| theme.px(size), &base.words);
    column.line(words.dataset("title", &meta.title), px(21.0), true, theme.text);
    if let Some(subtitle) = &meta.subtitle {
        column.line(words.dataset("subtitle", subtitle), px(12.5), false, theme.text_muted);
    }
    column.y += px(10.0);
    column.line(&words.long_date(state.day), px(30.0), true, theme.text);
    let day_number = meta.day_number(state.day).to_string();
    column.line(&words.fill("title.day_of_war", &[("n", &day_number)]), px(15.0), false, theme.text_muted);
    column.y += px(12.0);
    let shown = area_figures(dataset, control, previous.is_some(), &mut column);
    if let Some(gains) = gains {
        column.y += px(4.0);
        column.line(&super::compare::summary(dataset, words, gains), px(13.0), true, theme.text);
    }
    column.y += px(14.0);
    column.line(words.get("panel.legend"), px(14.5), true, theme.text);
    column.y += px(6.0);
    legend_areas(dataset, &shown, day, &mut column);
    legend_extras(dataset, day, gains, &mut column);
    legend_lines(dataset, day, &mut column);
    column.y += px(10.0);
    events(dataset, state, &mut column);
    column.items
}

/// Area held in the theatre, with the change from the day before; returns the sides listed.
fn area_figures(dataset: &Dataset, control: &Control, has_previous: bool, column: &mut Column) -> Vec<usize> {
    let figures = super::figures::area_figures(dataset, control, has_previous, &column.base.words);
    for figure in &figures {
        column.line(&figure.line(&column.base.words), column.px(13.0), false, column.base.theme.text);
    }
    figures.into_iter().map(|figure| figure.side).collect()
}

fn swatch_rect(column: &Column) -> Rect {
    Rect::new(0.0, 0.0, column.px(30.0), column.px(16.0))
}

/// Legend rows of the areas: held, claimed, home countries, changed.
fn legend_areas(dataset: &Dataset, shown: &[usize], day: &Day, column: &mut Column) {
    let (theme, meta, words) = (&column.base.theme, &dataset.meta, &column.base.words);
    let side_colour = |side: usize| theme.side_colour(&meta.sides, side);
    let rect = swatch_rect(column);
    for &side in shown {
        let label = words.fill("legend.held", &[("side", words.side(&meta.sides[side]))]);
        column.legend_row(vec![swatch::filled(rect, side_colour(side))], &label);
    }
    for &(side, pattern) in &day.uncertain_sides {
        let label = words.fill("legend.claimed", &[("side", words.side(&meta.sides[side]))]);
        column.legend_row(vec![swatch::block(rect.w, rect.h, Paint::Pattern(pattern))], &label);
    }
    for (index, side) in meta.sides.iter().enumerate() {
        if let Some(home) = &side.home {
            column.legend_row(vec![swatch::filled(rect, theme.home_colour(&meta.sides, index))], words.country(home));
        }
    }
    for &side in &day.held_outside {
        let label = words.fill("legend.held_outside", &[("side", words.side(&meta.sides[side]))]);
        column.legend_row(vec![swatch::filled(rect, theme.home_colour(&meta.sides, side))], &label);
    }
    if day.changed_today {
        let dash: Vec<f32> = theme.changed_dash.iter().map(|d| theme.px(*d)).collect();
        let draw = vec![Item::Rect {
            rect: rect.grow(-theme.px(1.6)),
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::dashed(theme.changed, theme.px(3.2), &dash)),
        }];
        column.legend_row(draw, words.get("legend.changed"));
    }
}

/// Legend rows of the optional layers: ground gained since the compared date, arrows.
fn legend_extras(dataset: &Dataset, day: &Day, gains: Option<&crate::advance::Gains>, column: &mut Column) {
    let rect = swatch_rect(column);
    let base: &Base = column.base;
    let words = &base.words;
    if let Some(gains) = gains {
        for &(side, pattern) in &day.gained_sides {
            let (name, since) = (words.side(&dataset.meta.sides[side]), words.long_date(gains.since));
            let label = words.fill("legend.gained", &[("side", name), ("date", &since)]);
            column.legend_row(vec![swatch::block(rect.w, rect.h, Paint::Pattern(pattern))], &label);
        }
    }
    if day.arrows {
        let arrow = swatch::arrow(rect.w, rect.h, rect.h * 0.3, base.theme.text_muted);
        column.legend_row(vec![arrow], words.get("legend.advance"));
    }
}

/// Legend rows of the lines and symbols.
fn legend_lines(dataset: &Dataset, day: &Day, column: &mut Column) {
    let base: &Base = column.base;
    let (theme, words) = (base.theme.clone(), &base.words);
    let px = |size: f32| theme.px(size);
    let rect = swatch_rect(column);
    let mid = rect.h / 2.0;
    let rule = |stroke: Stroke| swatch::rule(rect.w, rect.h, stroke);
    let mut casing = Stroke::solid(theme.frontline_casing, px(theme.frontline_width + 3.0));
    casing.opacity = 0.85;
    let front = Stroke::solid(theme.frontline, px(theme.frontline_width));
    column.legend_row(vec![rule(casing), rule(front)], words.get("legend.frontline"));
    if dataset.lines_of_contact().next().is_some() {
        let draw = vec![rule(Stroke::dashed(theme.line_of_contact, px(1.6), &[px(6.0), px(4.0)]))];
        let date = words.long_date(dataset.meta.first_day);
        column.legend_row(draw, &words.fill("legend.line_of_contact", &[("date", &date)]));
    }
    if dataset.reference_lines.iter().any(|l| l.kind == "oblast_outline") {
        let draw = vec![rule(Stroke::dashed(theme.text_muted, px(1.1), &[px(1.5), px(3.0)]))];
        column.legend_row(draw, words.get("legend.oblast_outline"));
    }
    let has = |role: LayerRole| dataset.layers.iter().any(|l| l.role == role && !l.features.is_empty());
    if has(LayerRole::Roads) {
        column.legend_row(vec![rule(Stroke::solid(theme.road, px(1.5)))], words.get("legend.road"));
    }
    if has(LayerRole::Rivers) || has(LayerRole::Lakes) {
        let lake = Rect::new(rect.w * 0.6, rect.h * 0.2, rect.w * 0.4, rect.h * 0.6);
        let draw = vec![rule(Stroke::solid(theme.water, px(1.2))), swatch::filled(lake, theme.water)];
        column.legend_row(draw, words.get("legend.water"));
    }
    if has(LayerRole::Districts) {
        column.legend_row(vec![rule(district_stroke(&theme, px(0.8)))], words.get("legend.district"));
    }
    if dataset.layers.iter().any(|l| l.role == LayerRole::Borders) {
        let dash = [px(7.0), px(2.5), px(1.5), px(2.5)];
        column.legend_row(
            vec![rule(Stroke::dashed(theme.border, px(theme.border_width), &dash))],
            words.get("legend.border"),
        );
    }
    if day.strikes > 0 {
        let draw = vec![Item::Shape(Shape {
            rings: vec![burst(rect.w / 2.0, mid, px(9.0), px(4.0))],
            closed: true,
            fill: Some(Paint::Solid(theme.strike)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.halo, px(1.2))),
        })];
        column.legend_row(draw, words.get("legend.strike"));
    }
    let town = Item::Circle {
        cx: rect.w / 2.0,
        cy: mid,
        r: px(3.3),
        fill: theme.marker,
        stroke: Some(Stroke::solid(theme.halo, px(1.0))),
    };
    column.legend_row(vec![town], words.get("legend.town"));
}

/// The day's events, as many as fit.
fn events(dataset: &Dataset, state: &DayState, column: &mut Column) {
    let base: &Base = column.base;
    let (theme, words) = (base.theme.clone(), &base.words);
    let px = |size: f32| theme.px(size);
    column.line(words.get("panel.events"), px(14.5), true, theme.text);
    column.y += px(4.0);
    let bottom = column.base.layout.panel.bottom() - column.base.layout.pad;
    let (event_size, source_size) = (px(12.0), px(10.5));
    let mut shown = 0;
    let mut ordered: Vec<usize> = state.events.clone();
    ordered.sort_by_key(|&i| {
        (dataset.events[i].kind, dataset.events[i].status != Status::Confirmed, dataset.events[i].line)
    });
    for &index in &ordered {
        let event = &dataset.events[index];
        let title_lines =
            fonts::wrap(&format!("• {}", words.event_title(&event.title)), event_size, false, column.inner);
        let publishers: Vec<&str> = event.sources.iter().map(|s| s.publisher.as_str()).collect();
        let status = words.fill(
            "panel.event_sources",
            &[("status", words.status(event.status)), ("sources", &publishers.join("; "))],
        );
        let source_lines = fonts::wrap(&status, source_size, false, column.inner - px(10.0));
        let need =
            title_lines.len() as f32 * event_size * 1.25 + source_lines.len() as f32 * source_size * 1.25 + px(5.0);
        if column.y + need > bottom - event_size * 1.4 {
            break;
        }
        for part in title_lines {
            column.advance(event_size * 1.25);
            column.items.push(Item::Text(text(column.x0, column.y, part, event_size, false, theme.text)));
        }
        for part in source_lines {
            column.advance(source_size * 1.25);
            let mut t = text(column.x0 + px(10.0), column.y, part, source_size, false, theme.text_muted);
            t.link = event.sources.first().map(|s| s.url.clone());
            column.items.push(Item::Text(t));
        }
        column.y += px(5.0);
        shown += 1;
    }
    if state.events.is_empty() {
        column.line(words.get("panel.no_events"), event_size, false, theme.text_muted);
    } else if shown < state.events.len() {
        let rest = state.events.len() - shown;
        let date = dataset.events_arguments(state.day);
        let more = words.fill("panel.more_events", &[("n", &rest.to_string()), ("date", &date)]);
        column.line(&more, event_size, false, theme.text_muted);
    }
}
