//! The day's layer of a map: each side's ground (hatched where claimed or contested), the
//! ground that changed hands, the frontline, the day's strikes, and the places with their
//! labels placed around the furniture.

use super::base::Base;
use super::compose::label_text;
use super::fit::{burst, km_line, km_polygons};
use super::labels::{Candidate, MINOR, place_labels};
use super::{Item, Paint, Pattern, Rect, Shape, Stroke, Text};
use crate::control::Control;
use crate::dataset::{Dataset, EventKind, PlaceKind};
use crate::timeline::DayState;

/// What the day's layer holds, and what the panel's legend needs to know of it.
pub(crate) struct Day {
    /// Each side's ground: under the base's context lines.
    pub areas: Vec<Item>,
    /// Changes, front, strikes, markers and labels: over the context lines.
    pub top: Vec<Item>,
    pub patterns: Vec<Pattern>,
    /// (side, pattern) of each side with claimed or contested ground.
    pub uncertain_sides: Vec<(usize, usize)>,
    pub strikes: usize,
    pub changed_today: bool,
    pub label_boxes: Vec<Rect>,
    /// (side, pattern) of each side that gained ground since the compared date.
    pub gained_sides: Vec<(usize, usize)>,
    /// Are arrows of advance drawn?
    pub arrows: bool,
    /// Where the places' markers and labels begin in `top`: arrows go under them, so that no
    /// arrow hides a name.
    pub places_at: usize,
    /// Sides holding ground outside the theatre on this day (`held` layers), in side order.
    pub held_outside: Vec<usize>,
}

/// Compose the day's layer.
pub(crate) fn compose_day(
    dataset: &Dataset,
    base: &Base,
    state: &DayState,
    control: &Control,
    lang: &str,
    dual: bool,
) -> Day {
    let mut day = areas(dataset, base, control);
    let held = held_outside(dataset, base, state.day);
    day.areas.splice(0..0, held);
    day.held_outside = sides_held_outside(dataset, state.day);
    day.changed_today = !control.changed.0.is_empty();
    let front = front(base, control, &mut day.top);
    let mut obstacles = base.furniture_boxes.clone();
    let struck = strikes(dataset, base, state, &mut day, &mut obstacles);
    let (markers, candidates) = places(dataset, base, state, &struck, lang, dual);
    let map = base.layout.map;
    let layout =
        place_labels(&candidates, &obstacles, &front, Rect::new(map.x + 2.0, map.y + 2.0, map.w - 4.0, map.h - 4.0));
    let hidden: std::collections::HashSet<usize> = layout.hidden.iter().copied().collect();
    day.places_at = day.top.len();
    for (index, marker) in markers.into_iter().enumerate() {
        if !hidden.contains(&index) {
            day.top.push(marker);
        }
    }
    let theme = &base.theme;
    for label in &layout.placed {
        let candidate = &candidates[label.candidate];
        day.label_boxes.push(label.rect);
        if label.leader {
            day.top.extend(leader_line(candidate, &label.rect, theme));
        }
        day.top.push(Item::Text(Text {
            x: label.x,
            y: label.y,
            text: candidate.text.clone(),
            size: candidate.size,
            bold: candidate.bold,
            anchor: label.anchor,
            fill: theme.text,
            halo: Some((theme.halo, theme.px(3.0))),
            link: None,
        }));
    }
    day.label_boxes.extend(base.furniture_boxes.iter().copied());
    day
}

/// A thin line, cased in the halo colour, from a place's marker to its label set apart.
fn leader_line(candidate: &Candidate, rect: &Rect, theme: &super::Theme) -> Vec<Item> {
    let (cx, cy) = (candidate.x, candidate.y);
    // From just off the marker to just short of the label's box, at its nearest point.
    let (tx, ty) = (cx.clamp(rect.x, rect.right()), cy.clamp(rect.y, rect.bottom()));
    let (dx, dy) = (tx - cx, ty - cy);
    let length = (dx * dx + dy * dy).sqrt();
    let (start, end) = (candidate.radius + theme.px(1.0), length - theme.px(1.5));
    if end <= start {
        return Vec::new();
    }
    let at = |t: f32| (cx + dx / length * t, cy + dy / length * t);
    let line = |colour, width| {
        Item::Shape(Shape {
            rings: vec![vec![at(start), at(end)]],
            closed: false,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::solid(colour, width)),
        })
    };
    vec![line(theme.halo, theme.px(2.6)), line(theme.text, theme.px(0.9))]
}

/// Dated ground outside the theatre held on `day` (`held` layers), in its side's home tint,
/// under the theatre's areas. Undated ground is in the base.
fn held_outside(dataset: &Dataset, base: &Base, day: chrono::NaiveDate) -> Vec<Item> {
    let meta = &dataset.meta;
    dataset
        .held_on(day)
        .filter(|(held, _)| !held.undated())
        .map(|(held, side)| {
            let rings = super::fit::lonlat_geometry(&base.fit, &geo::Geometry::MultiPolygon(held.shape.clone())).0;
            super::base::tinted(rings, base.theme.home_colour(&meta.sides, side))
        })
        .collect()
}

/// The sides that hold ground outside the theatre on `day`, for the legend.
fn sides_held_outside(dataset: &Dataset, day: chrono::NaiveDate) -> Vec<usize> {
    let held: std::collections::BTreeSet<usize> = dataset.held_on(day).map(|(_, side)| side).collect();
    held.into_iter().collect()
}

/// The theatre: each side's ground, claimed and contested ground hatched.
fn areas(dataset: &Dataset, base: &Base, control: &Control) -> Day {
    let (theme, fit, meta) = (&base.theme, &base.fit, &dataset.meta);
    let mut day = Day {
        areas: Vec::new(),
        top: Vec::new(),
        patterns: Vec::new(),
        uncertain_sides: Vec::new(),
        strikes: 0,
        changed_today: false,
        label_boxes: Vec::new(),
        gained_sides: Vec::new(),
        arrows: false,
        places_at: 0,
        held_outside: Vec::new(),
    };
    for area in &control.areas {
        let colour = theme.side_colour(&meta.sides, area.side);
        day.areas.push(Item::Shape(Shape {
            rings: km_polygons(fit, &area.confirmed),
            closed: true,
            fill: Some(Paint::Solid(colour)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(colour, 0.6)),
        }));
        if !area.uncertain.0.is_empty() {
            day.patterns.push(Pattern {
                id: format!("uncertain-{}", meta.sides[area.side].id),
                background: Some(colour.mix(theme.tint_base, theme.uncertain_tint)),
                colour,
                spacing: theme.px(7.0),
                width: theme.px(2.2),
                angle: 45.0,
            });
            day.uncertain_sides.push((area.side, day.patterns.len() - 1));
            day.areas.push(Item::Shape(Shape {
                rings: km_polygons(fit, &area.uncertain),
                closed: true,
                fill: Some(Paint::Pattern(day.patterns.len() - 1)),
                fill_opacity: 1.0,
                stroke: None,
            }));
        }
    }
    day
}

/// The frontline with a light casing, so it stands out on both sides' colours, and between
/// the two the ground that changed hands today (a bright band): where the changed ground meets
/// the front, the band shows on both sides of the line instead of under its casing (the Lyman
/// pocket's band was hidden so). Returns the front's segments, which labels avoid.
fn front(base: &Base, control: &Control, items: &mut Vec<Item>) -> Vec<((f32, f32), (f32, f32))> {
    let (theme, fit) = (&base.theme, &base.fit);
    let px = |size: f32| theme.px(size);
    let front: Vec<Vec<(f32, f32)>> = control.frontline.0.iter().map(|l| km_line(fit, l)).collect();
    let segments = front.iter().flat_map(|line| line.windows(2).map(|w| (w[0], w[1]))).collect();
    let mut casing = Stroke::solid(theme.frontline_casing, px(theme.frontline_width + 3.0));
    casing.opacity = 0.85;
    let line = |rings, stroke| {
        Item::Shape(Shape { rings, closed: false, fill: None, fill_opacity: 0.0, stroke: Some(stroke) })
    };
    items.push(line(front.clone(), casing));
    if !control.changed.0.is_empty() {
        let dash: Vec<f32> = theme.changed_dash.iter().map(|d| px(*d)).collect();
        items.push(Item::Shape(Shape {
            rings: km_polygons(fit, &control.changed),
            closed: true,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::dashed(theme.changed, px(6.5), &dash)),
        }));
    }
    items.push(line(front, Stroke::solid(theme.frontline, px(theme.frontline_width))));
    segments
}

/// Strikes of the day; returns the struck places (which keep their label beside the burst).
fn strikes(dataset: &Dataset, base: &Base, state: &DayState, day: &mut Day, obstacles: &mut Vec<Rect>) -> Vec<usize> {
    let (theme, fit) = (&base.theme, &base.fit);
    let px = |size: f32| theme.px(size);
    let mut struck = Vec::new();
    for &index in &state.events {
        let event = &dataset.events[index];
        if event.kind != EventKind::Strike {
            continue;
        }
        let point = event.place.and_then(|p| dataset.places[p].point).or(event.point);
        let Some(point) = point else { continue };
        let (x, y) = fit.lonlat(point.x(), point.y());
        day.strikes += 1;
        day.top.push(Item::Shape(Shape {
            rings: vec![burst(x, y, px(9.0), px(4.0))],
            closed: true,
            fill: Some(Paint::Solid(theme.strike)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.halo, px(1.2))),
        }));
        match event.place {
            Some(place) if dataset.places[place].point.is_some() => struck.push(place),
            _ => obstacles.push(Rect::new(x - px(9.0), y - px(9.0), px(18.0), px(18.0))),
        }
    }
    struck
}

/// The label priority of a town in the day's events: after the dataset's
/// always-labelled places, before every other place.
const NEWS: u32 = 29;

/// Places on the map: their markers, and their labels as candidates by priority.
fn places(
    dataset: &Dataset,
    base: &Base,
    state: &DayState,
    struck: &[usize],
    lang: &str,
    dual: bool,
) -> (Vec<Item>, Vec<Candidate>) {
    let (theme, fit, map) = (&base.theme, &base.fit, base.layout.map);
    let px = |size: f32| theme.px(size);
    let (mut markers, mut candidates) = (Vec::new(), Vec::new());
    // Sets, not lists: a look-up per place must not scan the day's changes (100,000 places).
    let changed_places: std::collections::HashSet<usize> = state.changed.iter().copied().collect();
    let in_the_news: std::collections::HashSet<usize> =
        state.events.iter().filter_map(|&e| dataset.events[e].place).collect();
    let struck: std::collections::HashSet<usize> = struck.iter().copied().collect();
    for (index, place) in dataset.places.iter().enumerate() {
        let Some(point) = place.point else { continue };
        let (x, y) = fit.lonlat(point.x(), point.y());
        if !map.contains_rect(&Rect::new(x, y, 0.0, 0.0)) {
            continue;
        }
        let changed = changed_places.contains(&index);
        let always = dataset.meta.always_label.iter().position(|id| *id == place.id);
        // Priorities: the dataset's always-labelled places in their order, then by kind;
        // villages (from MINOR on) only where room is left.
        let (radius, size, bold, priority) = match place.kind {
            PlaceKind::Capital => (px(4.8), px(17.0), true, 30),
            PlaceKind::City => (px(4.2), px(15.0), true, 31),
            PlaceKind::Town => (px(3.3), px(13.5), false, 32),
            _ if changed => (px(2.4), px(11.5), false, MINOR),
            _ => (px(1.7), px(11.0), false, MINOR + 2),
        };
        // A town that an event of the day names (taken, claimed, struck) is the day's news:
        // labelled before other towns, and like the always-labelled places it may cover
        // villages' labels to find room.
        let news = (changed || in_the_news.contains(&index)) && place.kind <= PlaceKind::Town;
        let priority = match always {
            Some(rank) => rank as u32,
            None if news => NEWS,
            None => priority,
        };
        let label_radius = if struck.contains(&index) { radius.max(px(9.0)) } else { radius };
        let fill = if place.kind <= PlaceKind::Town { theme.marker } else { theme.marker.mix(theme.land, 0.25) };
        markers.push(if place.kind == PlaceKind::Capital {
            Item::Rect {
                rect: Rect::new(x - radius, y - radius, 2.0 * radius, 2.0 * radius),
                fill: Some(fill),
                fill_opacity: 1.0,
                stroke: Some(Stroke::solid(theme.halo, px(1.3))),
            }
        } else {
            Item::Circle { cx: x, cy: y, r: radius, fill, stroke: Some(Stroke::solid(theme.halo, px(1.0))) }
        });
        candidates.push(Candidate {
            x,
            y,
            radius: label_radius,
            text: label_text(place, lang, dual),
            size,
            bold,
            priority,
            required: always.is_some() || news,
        });
    }
    (markers, candidates)
}
