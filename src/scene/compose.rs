//! Composition: the day's control geometry and context layers projected onto the page, with the
//! furniture of a finished map (panel with title, date, area figures, legend and the day's
//! events; scale bar; north arrow; credits).

use chrono::NaiveDate;
use geo::{Coord, Geometry, LineString, MultiPolygon};

use super::labels::{Candidate, MINOR, place_labels};
use super::theme::Theme;
use super::{Anchor, Colour, Item, Paint, Pattern, Rect, Scene, Shape, Stroke, Text};
use crate::control::{Cells, Control};
use crate::dataset::Place;
use crate::dataset::{Dataset, EventKind, LayerRole, PlaceKind, Status, View};
use crate::fonts;
use crate::projection::TransverseMercator;
use crate::timeline::DayState;

/// What the caller may choose about a scene.
#[derive(Debug, Clone)]
pub struct SceneOptions {
    pub width: u32,
    pub height: u32,
    /// Language of place names (`en`, `az`, `hy`, `ru`), English where a name is missing.
    pub lang: String,
    /// The lon/lat box to show; the dataset's view when `None`.
    pub view: Option<View>,
    /// Colours and weights (sizes are scaled to the page).
    pub theme: Theme,
    /// Label towns with both sides' names where they differ ("Stepanakert / Khankendi").
    pub dual_names: bool,
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
        }
    }
}

/// From projected km to page px.
#[derive(Debug, Clone, Copy)]
struct Fit {
    projection: TransverseMercator,
    /// px per km.
    scale: f64,
    centre_km: Coord<f64>,
    centre_px: (f64, f64),
}

impl Fit {
    fn new(projection: TransverseMercator, view: &View, frame: Rect) -> Fit {
        // Project the view's outline, not only its corners: its edges are curves on the page.
        let mut min = Coord { x: f64::MAX, y: f64::MAX };
        let mut max = Coord { x: f64::MIN, y: f64::MIN };
        for k in 0..=20 {
            let t = k as f64 / 20.0;
            let lon = view.west + (view.east - view.west) * t;
            let lat = view.south + (view.north - view.south) * t;
            for (x, y) in [(lon, view.south), (lon, view.north), (view.west, lat), (view.east, lat)] {
                let c = projection.forward(x, y);
                min = Coord { x: min.x.min(c.x), y: min.y.min(c.y) };
                max = Coord { x: max.x.max(c.x), y: max.y.max(c.y) };
            }
        }
        let scale = (frame.w as f64 / (max.x - min.x)).min(frame.h as f64 / (max.y - min.y));
        Fit {
            projection,
            scale,
            centre_km: (min + max) / 2.0,
            centre_px: ((frame.x + frame.w / 2.0) as f64, (frame.y + frame.h / 2.0) as f64),
        }
    }

    fn km(&self, c: Coord<f64>) -> (f32, f32) {
        (
            (self.centre_px.0 + (c.x - self.centre_km.x) * self.scale) as f32,
            (self.centre_px.1 - (c.y - self.centre_km.y) * self.scale) as f32,
        )
    }

    /// Page px back to projected km.
    fn px_to_km(&self, x: f32, y: f32) -> (f64, f64) {
        (
            self.centre_km.x + (x as f64 - self.centre_px.0) / self.scale,
            self.centre_km.y - (y as f64 - self.centre_px.1) / self.scale,
        )
    }

    fn lonlat(&self, lon: f64, lat: f64) -> (f32, f32) {
        self.km(self.projection.forward(lon, lat))
    }
}

/// A ring of points to px, dropping points closer than 0.35 px to the last kept one.
fn ring_px(coords: impl Iterator<Item = (f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    for p in coords {
        if let Some(last) = out.last()
            && (p.0 - last.0).abs() < 0.35
            && (p.1 - last.1).abs() < 0.35
        {
            continue;
        }
        out.push(p);
    }
    out
}

fn km_polygons(fit: &Fit, polygons: &MultiPolygon<f64>) -> Vec<Vec<(f32, f32)>> {
    let mut rings = Vec::new();
    for polygon in polygons {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let px = ring_px(ring.coords().map(|c| fit.km(*c)));
            if px.len() >= 3 {
                rings.push(px);
            }
        }
    }
    rings
}

fn km_line(fit: &Fit, line: &LineString<f64>) -> Vec<(f32, f32)> {
    ring_px(line.coords().map(|c| fit.km(*c)))
}

fn lonlat_geometry(fit: &Fit, geometry: &Geometry<f64>) -> (Vec<Vec<(f32, f32)>>, bool) {
    let ring = |line: &LineString<f64>| ring_px(line.coords().map(|c| fit.lonlat(c.x, c.y)));
    match geometry {
        Geometry::Polygon(p) => (std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect(), true),
        Geometry::MultiPolygon(mp) => {
            (mp.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())).map(ring).collect(), true)
        }
        Geometry::LineString(l) => (vec![ring(l)], false),
        Geometry::MultiLineString(ml) => (ml.iter().map(ring).collect(), false),
        _ => (Vec::new(), false),
    }
}

/// District boundaries: a thin line, the muted text colour lightened a little, so
/// that it reads as context under the front and the borders.
fn district_stroke(theme: &Theme, width: f32) -> Stroke {
    Stroke::solid(theme.text_muted.mix(theme.page, 0.15), width)
}

fn text(x: f32, y: f32, content: impl Into<String>, size: f32, bold: bool, fill: Colour) -> Text {
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

/// Build the scene of one day.
pub fn compose(
    dataset: &Dataset,
    projection: &TransverseMercator,
    cells: &Cells,
    state: &DayState,
    previous: Option<&DayState>,
    control: &Control,
    options: &SceneOptions,
) -> Scene {
    let theme = options.theme.clone().scaled(options.width as f32, options.height as f32);
    let px = |size: f32| theme.px(size);
    let (width, height) = (options.width as f32, options.height as f32);
    let meta = &dataset.meta;
    let side_colour = |side: usize| theme.side_colour(&meta.sides[side].id, &meta.sides[side].colour);
    let tint = theme.tint_base;

    // Page layout: map on the left, panel on the right, credits along the bottom.
    let panel_w = (width * 0.27).max(px(330.0)).min(width * 0.45).round();
    let pad = px(18.0);
    let credit_size = px(11.5);
    let credits = credits_text(dataset, state);
    let credit_lines = fonts::wrap(&credits, credit_size, false, width - 2.0 * pad);
    let footer_h = credit_lines.len() as f32 * credit_size * 1.35 + pad * 0.9;
    let map = Rect::new(0.0, 0.0, width - panel_w, height - footer_h);
    let panel = Rect::new(map.right(), 0.0, panel_w, map.h);

    let view = options.view.unwrap_or(meta.view);
    let fit = Fit::new(*projection, &view, map);

    let mut patterns = Vec::new();
    let mut map_items = Vec::new();

    // Countries: the sides' home countries tinted, others neutral.
    let countries_layers: Vec<_> = dataset.layers.iter().filter(|l| l.role == LayerRole::Countries).collect();
    for layer in &countries_layers {
        for feature in &layer.features {
            let home_side = meta.sides.iter().position(|side| side.home.is_some() && side.home == feature.name);
            let fill = match home_side {
                Some(side) => side_colour(side).mix(tint, theme.home_tint),
                None => theme.land,
            };
            let (rings, _) = lonlat_geometry(&fit, &feature.geometry);
            map_items.push(Item::Shape(Shape {
                rings,
                closed: true,
                fill: Some(Paint::Solid(fill)),
                fill_opacity: 1.0,
                stroke: None,
            }));
        }
    }

    // The theatre: each side's ground, claimed and contested ground hatched.
    let mut uncertain_sides = Vec::new();
    for area in &control.areas {
        let colour = side_colour(area.side);
        map_items.push(Item::Shape(Shape {
            rings: km_polygons(&fit, &area.confirmed),
            closed: true,
            fill: Some(Paint::Solid(colour)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(colour, 0.6)),
        }));
        if !area.uncertain.0.is_empty() {
            patterns.push(Pattern {
                id: format!("uncertain-{}", meta.sides[area.side].id),
                background: Some(colour.mix(tint, theme.uncertain_tint)),
                colour,
                spacing: px(7.0),
                width: px(2.2),
                angle: 45.0,
            });
            uncertain_sides.push((area.side, patterns.len() - 1));
            map_items.push(Item::Shape(Shape {
                rings: km_polygons(&fit, &area.uncertain),
                closed: true,
                fill: Some(Paint::Pattern(patterns.len() - 1)),
                fill_opacity: 1.0,
                stroke: None,
            }));
        }
    }

    let changed_today = !control.changed.0.is_empty();

    // Context lines: rivers, roads, then borders.
    for layer in &dataset.layers {
        let stroke = match layer.role {
            LayerRole::Borders => {
                Stroke::dashed(theme.border, px(theme.border_width), &[px(7.0), px(2.5), px(1.5), px(2.5)])
            }
            LayerRole::Rivers => Stroke::solid(theme.water, px(1.2)),
            LayerRole::Roads => Stroke::solid(theme.road, px(1.5)),
            LayerRole::Lakes => Stroke::solid(theme.water, px(0.8)),
            LayerRole::Districts => district_stroke(&theme, px(0.8)),
            LayerRole::Countries => continue,
        };
        for feature in &layer.features {
            let (rings, closed) = lonlat_geometry(&fit, &feature.geometry);
            let fill = (layer.role == LayerRole::Lakes).then_some(Paint::Solid(theme.water));
            map_items.push(Item::Shape(Shape { rings, closed, fill, fill_opacity: 1.0, stroke: Some(stroke.clone()) }));
        }
    }

    // Reference lines: the former oblast's outline, the line of contact of the first day (only
    // where it bounds the theatre: the authored line runs on past the borders at its ends).
    for line in &dataset.reference_lines {
        let (stroke, rings) = if line.kind == "line_of_contact" {
            let rings = cells.line_of_contact.0.iter().map(|l| km_line(&fit, l)).collect();
            (Stroke::dashed(theme.line_of_contact, px(1.6), &[px(6.0), px(4.0)]), rings)
        } else {
            let points = ring_px(line.line.coords().map(|c| fit.lonlat(c.x, c.y)));
            (Stroke::dashed(theme.text_muted, px(1.1), &[px(1.5), px(3.0)]), vec![points])
        };
        map_items.push(Item::Shape(Shape {
            rings,
            closed: false,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(stroke),
        }));
    }

    // Ground that changed hands today: a broad bright band under the frontline, so that the
    // front stays visible in its middle where the two coincide.
    if changed_today {
        map_items.push(Item::Shape(Shape {
            rings: km_polygons(&fit, &control.changed),
            closed: true,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::dashed(
                theme.changed,
                px(6.5),
                &theme.changed_dash.iter().map(|d| px(*d)).collect::<Vec<_>>(),
            )),
        }));
    }

    // The frontline, with a light casing so it stands out on both sides' colours.
    let front: Vec<Vec<(f32, f32)>> = control.frontline.0.iter().map(|l| km_line(&fit, l)).collect();
    let front_segments: Vec<((f32, f32), (f32, f32))> =
        front.iter().flat_map(|line| line.windows(2).map(|w| (w[0], w[1]))).collect();
    let mut casing = Stroke::solid(theme.frontline_casing, px(theme.frontline_width + 3.0));
    casing.opacity = 0.85;
    map_items.push(Item::Shape(Shape {
        rings: front.clone(),
        closed: false,
        fill: None,
        fill_opacity: 0.0,
        stroke: Some(casing),
    }));
    map_items.push(Item::Shape(Shape {
        rings: front,
        closed: false,
        fill: None,
        fill_opacity: 0.0,
        stroke: Some(Stroke::solid(theme.frontline, px(theme.frontline_width))),
    }));

    // Strikes of the day.
    let mut obstacles = Vec::new();
    let mut strikes = 0;
    // A struck place keeps its label beside the burst: the burst becomes its marker's size.
    let mut struck_places = Vec::new();
    for &index in &state.events {
        let event = &dataset.events[index];
        if event.kind != EventKind::Strike {
            continue;
        }
        let point = event.place.and_then(|p| dataset.places[p].point).or(event.point);
        let Some(point) = point else { continue };
        let (x, y) = fit.lonlat(point.x(), point.y());
        strikes += 1;
        map_items.push(Item::Shape(Shape {
            rings: vec![burst(x, y, px(9.0), px(4.0))],
            closed: true,
            fill: Some(Paint::Solid(theme.strike)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.halo, px(1.2))),
        }));
        match event.place {
            Some(place) if dataset.places[place].point.is_some() => struck_places.push(place),
            _ => obstacles.push(Rect::new(x - px(9.0), y - px(9.0), px(18.0), px(18.0))),
        }
    }

    // Places: markers, then labels placed by priority.
    let mut candidates = Vec::new();
    let mut markers = Vec::new();
    let changed_places: std::collections::HashSet<usize> = state.changed.iter().copied().collect();
    let struck_places: std::collections::HashSet<usize> = struck_places.into_iter().collect();
    for (index, place) in dataset.places.iter().enumerate() {
        let Some(point) = place.point else { continue };
        let (x, y) = fit.lonlat(point.x(), point.y());
        if !map.contains_rect(&Rect::new(x, y, 0.0, 0.0)) {
            continue;
        }
        let changed = changed_places.contains(&index);
        let always = meta.always_label.iter().position(|id| *id == place.id);
        // Priorities: the dataset's always-labelled places in their order, then by kind;
        // villages (from MINOR on) only where room is left.
        let (radius, size, bold, priority) = match place.kind {
            PlaceKind::Capital => (px(4.8), px(17.0), true, 30),
            PlaceKind::City => (px(4.2), px(15.0), true, 31),
            PlaceKind::Town => (px(3.3), px(13.5), false, 32),
            _ if changed => (px(2.4), px(11.5), false, MINOR),
            _ => (px(1.7), px(11.0), false, MINOR + 2),
        };
        let priority = always.map_or(priority, |rank| rank as u32);
        let label_radius = if struck_places.contains(&index) { radius.max(px(9.0)) } else { radius };
        let marker_fill = if place.kind <= PlaceKind::Town { theme.marker } else { theme.marker.mix(theme.land, 0.25) };
        if place.kind == PlaceKind::Capital {
            markers.push(Item::Rect {
                rect: Rect::new(x - radius, y - radius, 2.0 * radius, 2.0 * radius),
                fill: Some(marker_fill),
                fill_opacity: 1.0,
                stroke: Some(Stroke::solid(theme.halo, px(1.3))),
            });
        } else {
            markers.push(Item::Circle {
                cx: x,
                cy: y,
                r: radius,
                fill: marker_fill,
                stroke: Some(Stroke::solid(theme.halo, px(1.0))),
            });
        }
        candidates.push(Candidate {
            x,
            y,
            radius: label_radius,
            text: label_text(place, &options.lang, options.dual_names),
            size,
            bold,
            priority,
            required: always.is_some(),
        });
    }

    // Furniture on the map: scale bar (bottom left), north arrow (top left).
    let mut furniture = Vec::new();
    let scale_box = scale_bar(&fit, &theme, map, &mut furniture);
    obstacles.push(scale_box);
    let north_box = north_arrow(&theme, map, &mut furniture);
    obstacles.push(north_box);
    let locator_box = locator(dataset, &fit, &theme, map, &mut furniture);
    obstacles.push(locator_box);

    // Labels keep off the frontline where they can.
    let layout = place_labels(
        &candidates,
        &obstacles,
        &front_segments,
        Rect::new(map.x + 2.0, map.y + 2.0, map.w - 4.0, map.h - 4.0),
    );
    let hidden: std::collections::HashSet<usize> = layout.hidden.iter().copied().collect();
    for (index, marker) in markers.into_iter().enumerate() {
        if !hidden.contains(&index) {
            map_items.push(marker);
        }
    }
    let mut label_boxes: Vec<Rect> = Vec::new();
    for label in &layout.placed {
        let candidate = &candidates[label.candidate];
        label_boxes.push(label.rect);
        map_items.push(Item::Text(Text {
            x: label.x,
            y: label.y,
            text: candidate.text.clone(),
            size: candidate.size,
            bold: candidate.bold,
            anchor: label.anchor,
            fill: theme.text,
            halo: Some((theme.halo, px(3.0))),
            link: None,
        }));
    }
    map_items.extend(furniture);

    let mut items = vec![Item::Clipped { clip: map, items: map_items }];
    items.push(Item::Rect {
        rect: map,
        fill: None,
        fill_opacity: 0.0,
        stroke: Some(Stroke::solid(theme.panel_rule, 1.0)),
    });

    // The panel.
    items.push(Item::Rect {
        rect: panel,
        fill: Some(theme.panel),
        fill_opacity: 1.0,
        stroke: Some(Stroke::solid(theme.panel_rule, 1.0)),
    });
    let mut panel_items = Vec::new();
    let inner = panel_w - 2.0 * pad;
    let x0 = panel.x + pad;
    let mut y = pad;
    let line = |panel_items: &mut Vec<Item>, y: &mut f32, content: &str, size: f32, bold: bool, colour: Colour| {
        for part in fonts::wrap(content, size, bold, inner) {
            *y += size * 1.22;
            panel_items.push(Item::Text(text(x0, *y, part, size, bold, colour)));
        }
    };
    line(&mut panel_items, &mut y, &meta.title, px(21.0), true, theme.text);
    if let Some(subtitle) = &meta.subtitle {
        line(&mut panel_items, &mut y, subtitle, px(12.5), false, theme.text_muted);
    }
    y += px(10.0);
    line(&mut panel_items, &mut y, &long_date(state.day), px(30.0), true, theme.text);
    line(
        &mut panel_items,
        &mut y,
        &format!("Day {} of the war", meta.day_number(state.day)),
        px(15.0),
        false,
        theme.text_muted,
    );
    y += px(12.0);

    // Area held in the theatre, with the change from the day before.
    let areas = cells.cell_areas();
    let held = |state: &DayState, side: usize| -> f64 {
        cells.sites.iter().zip(&areas).filter(|((place, _), _)| state.side_of(*place) == side).map(|(_, a)| a).sum()
    };
    // A side is listed when it is a party or holds ground that day (peacekeepers from 1 Dec).
    let shown: Vec<usize> =
        (0..meta.sides.len()).filter(|&side| !meta.sides[side].peacekeeping || held(state, side) > 0.0).collect();
    for &side in &shown {
        let today = held(state, side);
        let delta = previous.map(|p| today - held(p, side)).unwrap_or(0.0);
        let change = if delta.abs() >= 0.5 {
            format!(" ({}{} today)", if delta > 0.0 { "+" } else { "" }, thousands(delta))
        } else {
            String::new()
        };
        let content = format!("{}: {} km²{change}", meta.sides[side].name, thousands(today));
        line(&mut panel_items, &mut y, &content, px(13.0), false, theme.text);
    }
    y += px(14.0);

    // Legend: only what the map shows.
    line(&mut panel_items, &mut y, "Legend", px(14.5), true, theme.text);
    y += px(6.0);
    let swatch = (px(30.0), px(16.0));
    let legend_row = |panel_items: &mut Vec<Item>, y: &mut f32, draw: Vec<Item>, label: &str| {
        let size = px(12.5);
        let lines = fonts::wrap(label, size, false, inner - swatch.0 - px(10.0));
        let row_h = (lines.len() as f32 * size * 1.25).max(swatch.1) + px(7.0);
        panel_items.extend(draw.into_iter().map(|item| offset(item, x0, *y)));
        for (k, part) in lines.iter().enumerate() {
            panel_items.push(Item::Text(text(
                x0 + swatch.0 + px(10.0),
                *y + size * 1.0 + k as f32 * size * 1.25,
                part.clone(),
                size,
                false,
                theme.text,
            )));
        }
        *y += row_h;
    };
    let swatch_rect = Rect::new(0.0, 0.0, swatch.0, swatch.1);
    for &side in &shown {
        let draw =
            vec![Item::Rect { rect: swatch_rect, fill: Some(side_colour(side)), fill_opacity: 1.0, stroke: None }];
        legend_row(&mut panel_items, &mut y, draw, &format!("Held by {}", meta.sides[side].name));
    }
    for &(side, pattern) in &uncertain_sides {
        let draw = vec![Item::Shape(Shape {
            rings: vec![vec![(0.0, 0.0), (swatch.0, 0.0), (swatch.0, swatch.1), (0.0, swatch.1)]],
            closed: true,
            fill: Some(Paint::Pattern(pattern)),
            fill_opacity: 1.0,
            stroke: None,
        })];
        legend_row(
            &mut panel_items,
            &mut y,
            draw,
            &format!("Claimed by {}, not confirmed (or contested)", meta.sides[side].name),
        );
    }
    for side in 0..meta.sides.len() {
        if let Some(home) = &meta.sides[side].home {
            let draw = vec![Item::Rect {
                rect: swatch_rect,
                fill: Some(side_colour(side).mix(tint, theme.home_tint)),
                fill_opacity: 1.0,
                stroke: None,
            }];
            legend_row(&mut panel_items, &mut y, draw, home);
        }
    }
    if changed_today {
        let draw = vec![Item::Rect {
            rect: swatch_rect.grow(-px(1.6)),
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::dashed(
                theme.changed,
                px(3.2),
                &theme.changed_dash.iter().map(|d| px(*d)).collect::<Vec<_>>(),
            )),
        }];
        legend_row(&mut panel_items, &mut y, draw, "Changed hands this day");
    }
    let mid = swatch.1 / 2.0;
    let mut casing = Stroke::solid(theme.frontline_casing, px(theme.frontline_width + 3.0));
    casing.opacity = 0.85;
    let rule = |stroke: Stroke| {
        Item::Shape(Shape {
            rings: vec![vec![(0.0, mid), (swatch.0, mid)]],
            closed: false,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(stroke),
        })
    };
    legend_row(
        &mut panel_items,
        &mut y,
        vec![rule(casing), rule(Stroke::solid(theme.frontline, px(theme.frontline_width)))],
        "Frontline (schematic, from the places held)",
    );
    if dataset.line_of_contact().is_some() {
        legend_row(
            &mut panel_items,
            &mut y,
            vec![rule(Stroke::dashed(theme.line_of_contact, px(1.6), &[px(6.0), px(4.0)]))],
            &format!("Line of contact on {}", long_date(meta.first_day)),
        );
    }
    if dataset.reference_lines.iter().any(|l| l.kind == "oblast_outline") {
        legend_row(
            &mut panel_items,
            &mut y,
            vec![rule(Stroke::dashed(theme.text_muted, px(1.1), &[px(1.5), px(3.0)]))],
            "Former Nagorno-Karabakh Autonomous Oblast",
        );
    }
    let has = |role: LayerRole| dataset.layers.iter().any(|l| l.role == role && !l.features.is_empty());
    if has(LayerRole::Roads) {
        legend_row(&mut panel_items, &mut y, vec![rule(Stroke::solid(theme.road, px(1.5)))], "Main road (schematic)");
    }
    if has(LayerRole::Rivers) || has(LayerRole::Lakes) {
        let draw = vec![
            rule(Stroke::solid(theme.water, px(1.2))),
            Item::Rect {
                rect: Rect::new(swatch.0 * 0.6, swatch.1 * 0.2, swatch.0 * 0.4, swatch.1 * 0.6),
                fill: Some(theme.water),
                fill_opacity: 1.0,
                stroke: None,
            },
        ];
        legend_row(&mut panel_items, &mut y, draw, "River, lake");
    }
    if has(LayerRole::Districts) {
        legend_row(&mut panel_items, &mut y, vec![rule(district_stroke(&theme, px(0.8)))], "District boundary");
    }
    if dataset.layers.iter().any(|l| l.role == LayerRole::Borders) {
        legend_row(
            &mut panel_items,
            &mut y,
            vec![rule(Stroke::dashed(theme.border, px(theme.border_width), &[px(7.0), px(2.5), px(1.5), px(2.5)]))],
            "International border",
        );
    }
    if strikes > 0 {
        let draw = vec![Item::Shape(Shape {
            rings: vec![burst(swatch.0 / 2.0, mid, px(9.0), px(4.0))],
            closed: true,
            fill: Some(Paint::Solid(theme.strike)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.halo, px(1.2))),
        })];
        legend_row(&mut panel_items, &mut y, draw, "Strike reported this day");
    }
    let town = vec![Item::Circle {
        cx: swatch.0 / 2.0,
        cy: mid,
        r: px(3.3),
        fill: theme.marker,
        stroke: Some(Stroke::solid(theme.halo, px(1.0))),
    }];
    legend_row(&mut panel_items, &mut y, town, "Town; small dots are villages");
    y += px(10.0);

    // The day's events, as many as fit.
    line(&mut panel_items, &mut y, "Events of the day", px(14.5), true, theme.text);
    y += px(4.0);
    let bottom = panel.bottom() - pad;
    let event_size = px(12.0);
    let source_size = px(10.5);
    let mut shown = 0;
    let mut ordered: Vec<usize> = state.events.clone();
    ordered.sort_by_key(|&i| {
        (dataset.events[i].kind, dataset.events[i].status != Status::Confirmed, dataset.events[i].line)
    });
    for &index in &ordered {
        let event = &dataset.events[index];
        let title_lines = fonts::wrap(&format!("• {}", event.title), event_size, false, inner);
        let publishers: Vec<&str> = event.sources.iter().map(|s| s.publisher.as_str()).collect();
        let source_lines = fonts::wrap(
            &format!("{} — {}", event.status.as_str(), publishers.join("; ")),
            source_size,
            false,
            inner - px(10.0),
        );
        let need =
            title_lines.len() as f32 * event_size * 1.25 + source_lines.len() as f32 * source_size * 1.25 + px(5.0);
        if y + need > bottom - event_size * 1.4 {
            break;
        }
        for part in title_lines {
            y += event_size * 1.25;
            panel_items.push(Item::Text(text(x0, y, part, event_size, false, theme.text)));
        }
        for part in source_lines {
            y += source_size * 1.25;
            let mut t = text(x0 + px(10.0), y, part, source_size, false, theme.text_muted);
            t.link = event.sources.first().map(|s| s.url.clone());
            panel_items.push(Item::Text(t));
        }
        y += px(5.0);
        shown += 1;
    }
    if state.events.is_empty() {
        line(&mut panel_items, &mut y, "No event recorded for this day.", event_size, false, theme.text_muted);
    } else if shown < state.events.len() {
        let rest = state.events.len() - shown;
        line(
            &mut panel_items,
            &mut y,
            &format!("+ {rest} more (frontline events --date {})", state.day),
            event_size,
            false,
            theme.text_muted,
        );
    }
    items.push(Item::Clipped { clip: panel, items: panel_items });

    // Credits along the bottom.
    let mut y = map.bottom() + pad * 0.35;
    for part in credit_lines {
        y += credit_size * 1.35;
        items.push(Item::Text(text(pad, y, part, credit_size, false, theme.text_muted)));
    }

    label_boxes.push(scale_box);
    label_boxes.push(north_box);
    label_boxes.push(locator_box);
    let mut sources: Vec<String> = Vec::new();
    let mut seen_sources = std::collections::HashSet::new();
    for source in state.events.iter().flat_map(|&i| dataset.events[i].sources.iter().map(|s| s.to_string())) {
        if seen_sources.insert(source.clone()) {
            sources.push(source);
        }
    }
    Scene {
        width,
        height,
        title: format!("{} — {}", meta.title, long_date(state.day)),
        description: format!(
            "Map of {} on {} (day {}): areas held by each side, frontline, events of the day. Sources: {}. {}",
            meta.title,
            state.day,
            meta.day_number(state.day),
            if sources.is_empty() { "none for this day".to_string() } else { sources.join("; ") },
            meta.attribution.join(" ")
        ),
        background: theme.page,
        patterns,
        items,
        label_boxes,
    }
}

/// The credits line: the day's sources, the method, data attribution.
fn credits_text(dataset: &Dataset, state: &DayState) -> String {
    let mut publishers: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &index in &state.events {
        for source in &dataset.events[index].sources {
            if seen.insert(source.publisher.as_str()) {
                publishers.push(&source.publisher);
            }
        }
    }
    let mut parts = Vec::new();
    if !publishers.is_empty() {
        parts.push(format!("Sources of this day's events: {}.", publishers.join(", ")));
    }
    parts.push(format!("Method: {}.", dataset.meta.method.trim_end_matches('.')));
    parts.extend(dataset.meta.attribution.iter().cloned());
    parts.join(" ")
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

/// A locator inset in the map's bottom-right corner: the region's countries with the map's
/// extent outlined. Returns its box.
fn locator(dataset: &Dataset, fit: &Fit, theme: &Theme, map: Rect, items: &mut Vec<Item>) -> Rect {
    let projection = fit.projection;
    // The extent of the countries layer, projected.
    let mut min = Coord { x: f64::MAX, y: f64::MAX };
    let mut max = Coord { x: f64::MIN, y: f64::MIN };
    for feature in dataset.countries() {
        for c in geo::CoordsIter::coords_iter(&feature.geometry) {
            let p = projection.forward(c.x, c.y);
            min = Coord { x: min.x.min(p.x), y: min.y.min(p.y) };
            max = Coord { x: max.x.max(p.x), y: max.y.max(p.y) };
        }
    }
    if min.x >= max.x || min.y >= max.y {
        return Rect::new(map.right(), map.bottom(), 0.0, 0.0);
    }
    let w = (map.w * 0.2).max(theme.px(150.0));
    let h = w * ((max.y - min.y) / (max.x - min.x)) as f32;
    let frame = Rect::new(map.right() - w - theme.px(12.0), map.bottom() - h - theme.px(12.0), w, h);
    let scale = (w as f64) / (max.x - min.x);
    let to_px = |lon: f64, lat: f64| {
        let p = projection.forward(lon, lat);
        (frame.x + ((p.x - min.x) * scale) as f32, frame.y + ((max.y - p.y) * scale) as f32)
    };
    let mut inner = Vec::new();
    inner.push(Item::Rect {
        rect: frame,
        fill: Some(theme.water.mix(theme.page, 0.3)),
        fill_opacity: 1.0,
        stroke: None,
    });
    for feature in dataset.countries() {
        let home = dataset.meta.sides.iter().find(|side| side.home.is_some() && side.home == feature.name);
        let fill = match home {
            Some(side) => theme.side_colour(&side.id, &side.colour).mix(theme.tint_base, theme.home_tint - 0.15),
            None => theme.land,
        };
        let ring = |line: &LineString<f64>| ring_px(line.coords().map(|c| to_px(c.x, c.y)));
        let rings: Vec<Vec<(f32, f32)>> = match &feature.geometry {
            Geometry::Polygon(p) => std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect(),
            Geometry::MultiPolygon(mp) => {
                mp.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())).map(ring).collect()
            }
            _ => continue,
        };
        inner.push(Item::Shape(Shape {
            rings,
            closed: true,
            fill: Some(Paint::Solid(fill)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.border, theme.px(0.6))),
        }));
    }
    for feature in dataset.countries() {
        let (Some(name), Some(point)) = (&feature.name, geo::InteriorPoint::interior_point(&feature.geometry)) else {
            continue;
        };
        let (x, y) = to_px(point.x(), point.y());
        let size = theme.px(9.5);
        let width = fonts::text_width(name, size, false);
        if x - width / 2.0 > frame.x + 2.0
            && x + width / 2.0 < frame.right() - 2.0
            && y - size > frame.y
            && y < frame.bottom() - 2.0
        {
            let mut label = text(x, y, name.to_uppercase(), size, false, theme.text_muted);
            label.anchor = Anchor::Middle;
            inner.push(Item::Text(label));
        }
    }
    // The map's extent.
    let (x0, y0) = fit.px_to_km(map.x, map.y);
    let (x1, y1) = fit.px_to_km(map.right(), map.bottom());
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
    let extent: Vec<(f32, f32)> = corners
        .iter()
        .map(|&(x, y)| (frame.x + ((x - min.x) * scale) as f32, frame.y + ((max.y - y) * scale) as f32))
        .collect();
    inner.push(Item::Shape(Shape {
        rings: vec![extent],
        closed: true,
        fill: None,
        fill_opacity: 0.0,
        stroke: Some(Stroke::solid(theme.frontline, theme.px(1.8))),
    }));
    items.push(Item::Clipped { clip: frame, items: inner });
    items.push(Item::Rect {
        rect: frame,
        fill: None,
        fill_opacity: 0.0,
        stroke: Some(Stroke::solid(theme.text_muted, theme.px(1.0))),
    });
    frame.grow(theme.px(4.0))
}

/// Move an item drawn at the origin to (dx, dy).
fn offset(item: Item, dx: f32, dy: f32) -> Item {
    let shift = |rings: Vec<Vec<(f32, f32)>>| {
        rings.into_iter().map(|r| r.into_iter().map(|(x, y)| (x + dx, y + dy)).collect()).collect()
    };
    match item {
        Item::Shape(mut shape) => {
            shape.rings = shift(shape.rings);
            Item::Shape(shape)
        }
        Item::Rect { rect, fill, fill_opacity, stroke } => {
            Item::Rect { rect: Rect::new(rect.x + dx, rect.y + dy, rect.w, rect.h), fill, fill_opacity, stroke }
        }
        Item::Circle { cx, cy, r, fill, stroke } => Item::Circle { cx: cx + dx, cy: cy + dy, r, fill, stroke },
        Item::Text(mut t) => {
            t.x += dx;
            t.y += dy;
            Item::Text(t)
        }
        other => other,
    }
}

/// An eight-pointed burst, the strike symbol.
fn burst(x: f32, y: f32, outer: f32, inner: f32) -> Vec<(f32, f32)> {
    (0..16)
        .map(|k| {
            let angle = k as f32 * std::f32::consts::PI / 8.0;
            let r = if k % 2 == 0 { outer } else { inner };
            (x + r * angle.sin(), y - r * angle.cos())
        })
        .collect()
}

/// A scale bar of a round length in the map's bottom-left corner; returns its box.
fn scale_bar(fit: &Fit, theme: &Theme, map: Rect, items: &mut Vec<Item>) -> Rect {
    let px_per_km = fit.scale as f32;
    let target = map.w * 0.18;
    let km = [1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0]
        .into_iter()
        .rfind(|km| km * px_per_km <= target)
        .unwrap_or(1.0);
    let length = km * px_per_km;
    let size = theme.px(12.0);
    let bar_h = theme.px(6.0);
    let x = map.x + theme.px(20.0);
    let y = map.bottom() - theme.px(26.0);
    let background = Rect::new(
        x - theme.px(8.0),
        y - size * 1.6,
        length + theme.px(16.0) + size * 2.5,
        size * 1.6 + bar_h + theme.px(10.0),
    );
    items.push(Item::Rect { rect: background, fill: Some(theme.page), fill_opacity: 0.8, stroke: None });
    for k in 0..4 {
        let fill = if k % 2 == 0 { theme.text } else { theme.page };
        items.push(Item::Rect {
            rect: Rect::new(x + length * k as f32 / 4.0, y, length / 4.0, bar_h),
            fill: Some(fill),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.text, theme.px(0.8))),
        });
    }
    let mut zero = text(x, y - theme.px(4.0), "0", size, false, theme.text);
    zero.anchor = Anchor::Middle;
    items.push(Item::Text(zero));
    let mut end = text(x + length, y - theme.px(4.0), format!("{km:.0} km"), size, false, theme.text);
    end.anchor = Anchor::Middle;
    items.push(Item::Text(end));
    background
}

/// A north arrow in the map's top-left corner; returns its box.
fn north_arrow(theme: &Theme, map: Rect, items: &mut Vec<Item>) -> Rect {
    let h = theme.px(34.0);
    let w = theme.px(16.0);
    let x = map.x + theme.px(28.0);
    let top = map.y + theme.px(34.0);
    items.push(Item::Shape(Shape {
        rings: vec![vec![(x, top), (x + w / 2.0, top + h), (x, top + h * 0.72), (x - w / 2.0, top + h)]],
        closed: true,
        fill: Some(Paint::Solid(theme.text)),
        fill_opacity: 1.0,
        stroke: Some(Stroke::solid(theme.halo, theme.px(1.0))),
    }));
    let size = theme.px(14.0);
    let mut n = text(x, top - theme.px(5.0), "N", size, true, theme.text);
    n.anchor = Anchor::Middle;
    n.halo = Some((theme.halo, theme.px(3.0)));
    items.push(Item::Text(n));
    Rect::new(x - w, top - size * 1.3, 2.0 * w, h + size * 1.3 + theme.px(2.0))
}

#[cfg(test)]
mod tests {
    use super::*;
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
