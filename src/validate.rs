//! `frontline validate`: after a dataset has loaded without problems, coverage figures that tell
//! how far the data can be trusted (places without coordinates, days without events, large
//! cells).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Atlas;
use crate::area;
use crate::dataset::{EventKind, Status};
use crate::english::{count, figure};

/// An area as every output shows it in whole km2 ([`area::whole`]): "6448", never "-0".
fn km2(value: f64) -> String {
    format!("{:.0}", area::whole(value))
}

/// `part` as a share of `total` with `decimals`, never "-0%" (an empty sum of f64 is -0.0).
fn percent(part: f64, total: f64, decimals: usize) -> String {
    let share = if total > 0.0 { 100.0 * part / total } else { 0.0 };
    let shown = format!("{share:.decimals$}%");
    if shown.trim_start_matches(['-', '0', '.']) == "%" { format!("{:.decimals$}%", 0.0) } else { shown }
}

/// How a place changed hands, for the report on large cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Taken in the fighting (a control event).
    Fighting,
    /// Only handed over (a handover event).
    Handover,
    None,
}

/// The areas of the dataset, the events that set them, and how much of the theatre they set.
fn report_areas(atlas: &Atlas, out: &mut String) {
    let dataset = &atlas.dataset;
    let ground = &atlas.ground;
    let area_km2 = ground.area_km2();
    let _ = writeln!(out, "areas: {}", dataset.areas.len());
    for (index, area) in dataset.areas.iter().enumerate() {
        let set_by: Vec<String> = dataset
            .events
            .iter()
            .filter(|e| e.area == Some(index) && e.sets_control())
            .map(|e| {
                let side = e.side.map_or("?", |s| dataset.meta.sides[s].id.as_str());
                let status = if e.keep_status { "keep" } else { e.status.as_str() };
                format!("events.csv:{} {} {side} {status}", e.line, e.day)
            })
            .collect();
        if set_by.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  {}: {} km2, {}; set by {}",
            area.id,
            km2(area_km2[index]),
            count(ground.places_in_area[index].len(), "place", "places"),
            set_by.join(", ")
        );
    }
    report_area_contradictions(atlas, out);
    report_shares(atlas, out);
    let last = dataset.meta.last_day;
    let set = ground.set_by_areas(dataset, last);
    let from_areas: f64 = ground.atoms.iter().zip(&set).filter(|(_, s)| **s).map(|(a, _)| a.km2).sum();
    let total: f64 = ground.atoms.iter().map(|a| a.km2).sum();
    let _ = writeln!(
        out,
        "ground on {last}: {} km2 ({}) set by area events, {} km2 by cells alone",
        km2(from_areas),
        percent(from_areas, total, 0),
        km2(total - from_areas)
    );
}

/// Places an area event gives to another side than their own last event did before it: the
/// area overrules a claim (or the area is drawn wrong there). Each is worth a look.
fn report_area_contradictions(atlas: &Atlas, out: &mut String) {
    let dataset = &atlas.dataset;
    let mut found = Vec::new();
    for (index, event) in dataset.events.iter().enumerate() {
        let (Some(area), Some(side)) = (event.area, event.side) else { continue };
        if !event.sets_control() {
            continue;
        }
        for &place in &atlas.ground.places_in_area[area] {
            let last = dataset.events[..index]
                .iter()
                .rev()
                .find(|e| e.place == Some(place) && e.sets_control() && e.side.is_some());
            if let Some(last) = last
                && last.side != Some(side)
            {
                found.push(format!(
                    "events.csv:{}: area {} gives {} to {}, after events.csv:{} gave it to {} ({})",
                    event.line,
                    dataset.areas[area].id,
                    dataset.places[place].id,
                    dataset.meta.sides[side].id,
                    last.line,
                    last.side.map_or("?", |s| dataset.meta.sides[s].id.as_str()),
                    last.status.as_str()
                ));
            }
        }
    }
    let _ = writeln!(out, "places an area gives to another side than their last event: {}", found.len());
    for line in &found {
        let _ = writeln!(out, "  {line}");
    }
}

/// How the theatre ended, side by side (by name, any number of sides): the share each held on
/// the day of the dataset's last ceasefire event, what it gained or lost after it (handovers),
/// and what it held on the last day.
fn report_shares(atlas: &Atlas, out: &mut String) {
    let dataset = &atlas.dataset;
    let Some(ceasefire) = dataset.events.iter().rev().find(|e| e.kind == EventKind::Ceasefire).map(|e| e.day) else {
        return;
    };
    let last = dataset.meta.last_day;
    let total: f64 = atlas.ground.atoms.iter().map(|a| a.km2).sum();
    if total <= 0.0 {
        return;
    }
    let (at_ceasefire, at_end) = (held_by_side(atlas, ceasefire), held_by_side(atlas, last));
    let share = |value: f64| percent(value, total, 1);
    let _ = writeln!(out, "theatre at the ceasefire of {ceasefire} and on the last day, {last}:");
    for (side, info) in dataset.meta.sides.iter().enumerate() {
        let (then, now) = (at_ceasefire[side], at_end[side]);
        let change = now - then;
        let sign = if area::whole(change) > 0.0 { "+" } else { "" };
        let _ = writeln!(
            out,
            "  {}: {} ({} km2) at the ceasefire, {sign}{} ({sign}{} km2) after it, {} ({} km2) on the last day",
            info.name,
            share(then),
            km2(then),
            share(change),
            km2(change),
            share(now),
            km2(now)
        );
    }
}

/// km2 held by each side at the end of `day`.
fn held_by_side(atlas: &Atlas, day: chrono::NaiveDate) -> Vec<f64> {
    let mut km2 = vec![0.0; atlas.dataset.meta.sides.len()];
    for (atom, holding) in atlas.ground.atoms.iter().zip(atlas.ground.holdings(&atlas.dataset, day).today) {
        km2[holding.side] += atom.km2;
    }
    km2
}

/// The text report.
pub fn report(atlas: &Atlas) -> String {
    let dataset = &atlas.dataset;
    let meta = &dataset.meta;
    let mut out = String::new();
    let days = count(meta.days().count(), "day", "days");
    let _ = writeln!(out, "dataset: {} ({}..{}, {days})", meta.title, meta.first_day, meta.last_day);
    let located = dataset.places.iter().filter(|p| p.point.is_some()).count();
    let _ = writeln!(
        out,
        "places: {} ({} with coordinates, {} without)",
        dataset.places.len(),
        located,
        dataset.places.len() - located
    );
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for event in &dataset.events {
        *by_kind.entry(event.kind.as_str()).or_default() += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    // Counts by kind only when there are events: "events: 0", not "events: 0 ()".
    let kinds = if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) };
    let _ = writeln!(out, "events: {}{kinds}", dataset.events.len());
    let unsourced = dataset.events.iter().filter(|e| e.sources.is_empty()).count();
    let _ = writeln!(out, "events without a source: {unsourced}");
    let unsourced_places = dataset.places.iter().filter(|p| p.point.is_some() && p.source.is_none()).count();
    let _ = writeln!(out, "places with coordinates but no source: {unsourced_places}");

    let changes_hands: std::collections::HashSet<usize> =
        dataset.events.iter().filter(|e| e.kind.changes_control()).filter_map(|e| e.place).collect();
    let changing: Vec<&str> = dataset
        .places
        .iter()
        .enumerate()
        .filter(|(i, p)| p.point.is_none() && changes_hands.contains(i))
        .map(|(_, p)| p.id.as_str())
        .collect();
    let _ = writeln!(out, "places that change hands without coordinates: {}", changing.len());
    if !changing.is_empty() {
        let _ = writeln!(out, "  {}", changing.join(", "));
    }

    let event_days: std::collections::HashSet<_> = dataset.events.iter().map(|e| e.day).collect();
    let quiet_days: Vec<String> = meta.days().filter(|d| !event_days.contains(d)).map(|d| d.to_string()).collect();
    let _ = writeln!(out, "days with no event: {}", quiet_days.len());
    if !quiet_days.is_empty() {
        let _ = writeln!(out, "  {}", quiet_days.join(", "));
    }

    report_areas(atlas, &mut out);

    // A cell's size matters only where no area sets its ground: there its edges are drawn.
    let by_cells = atlas.ground.set_by_areas(dataset, meta.last_day);
    let mut areas = vec![0.0; atlas.cells.sites.len()];
    for (atom, set) in atlas.ground.atoms.iter().zip(&by_cells) {
        if !set {
            areas[atom.site] += atom.km2;
        }
    }
    let cell_areas = atlas.ground.cell_km2();
    let _ = writeln!(
        out,
        "theatre: {} km2 in {} (largest {} km2)",
        km2(atlas.cells.theatre_area_km2),
        count(cell_areas.len(), "cell", "cells"),
        km2(cell_areas.iter().copied().fold(0.0, f64::max))
    );
    // A cell matters most where its place changed hands in the fighting: there its edges draw
    // a front that moved. A place handed over with its district flips with its neighbours, so
    // its cell's size does not shape a front.
    let changed_by = |place: usize, kind: EventKind| {
        dataset
            .events
            .iter()
            .any(|e| e.kind == kind && e.place == Some(place) && e.side != Some(dataset.places[place].side))
    };
    let how_it_changed = |place: usize| {
        if changed_by(place, EventKind::Control) {
            Change::Fighting
        } else if changed_by(place, EventKind::Handover) {
            Change::Handover
        } else {
            Change::None
        }
    };
    let mut large: Vec<(f64, &str, Change)> = atlas
        .cells
        .sites
        .iter()
        .zip(&areas)
        .filter(|(_, a)| **a > meta.large_cell_km2)
        .map(|((p, _), a)| (*a, dataset.places[*p].id.as_str(), how_it_changed(*p)))
        .collect();
    large.sort_by(|a, b| b.0.total_cmp(&a.0));
    let fighting = large.iter().filter(|(_, _, how)| *how == Change::Fighting).count();
    let handover = large.iter().filter(|(_, _, how)| *how == Change::Handover).count();
    let _ = writeln!(
        out,
        "cells with more than {} km2 that no area sets: {} ({}, {})",
        figure(meta.large_cell_km2, 0),
        large.len(),
        count(fighting, "around a place taken in the fighting", "around places taken in the fighting"),
        count(handover, "around a place handed over", "around places handed over")
    );
    for (area, id, how) in large.iter().take(40) {
        let note = match how {
            Change::Fighting => " (changed hands in the fighting)",
            Change::Handover => " (handed over)",
            Change::None => "",
        };
        let _ = writeln!(out, "  {id}: {} km2{note}", km2(*area));
    }
    let controls = dataset.events.iter().filter(|e| e.kind == EventKind::Control).count();
    let _ = writeln!(out, "control events: {controls}");

    let contradictions = contradictions(atlas);
    let _ = writeln!(out, "events that contradict each other: {}", contradictions.len());
    for line in &contradictions {
        let _ = writeln!(out, "  {line}");
    }
    let pockets = pockets(atlas);
    let _ = writeln!(out, "places held alone among the other side's ground on the last day: {}", pockets.len());
    for line in &pockets {
        let _ = writeln!(out, "  {line}");
    }
    let warnings = warnings(atlas);
    let _ = writeln!(out, "warnings: {}", warnings.len());
    for line in &warnings {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// Mistakes that load without an error but give a wrong map, each with how to fix it.
pub fn warnings(atlas: &Atlas) -> Vec<String> {
    let dataset = &atlas.dataset;
    let mut found = far_places(dataset);
    found.extend(missing_countries(dataset));
    found.extend(held_outside_mistakes(atlas));
    found.extend(events_that_change_nothing(atlas));
    found.extend(crate::dataset::translations::gaps(&dataset.translations));
    let titles: Vec<&str> = dataset.events.iter().map(|event| event.title.as_str()).collect();
    let mut credits: Vec<&str> = dataset.meta.attribution.iter().map(String::as_str).collect();
    credits.extend(dataset.relief.as_ref().map(|relief| relief.source.as_str()));
    found.extend(crate::dataset::translations::text_gaps(&dataset.translations, &titles, &credits));
    found.extend(crate::dataset::translations::dataset_gaps(&dataset.translations, &own_words(dataset)));
    found.extend(glyphs_missing(dataset));
    found
}

/// A lon/lat box grown by its own size on every side: "far outside" is beyond it.
fn grown(west: f64, south: f64, east: f64, north: f64) -> [f64; 4] {
    let (dx, dy) = (east - west, north - south);
    [west - dx, south - dy, east + dx, north + dy]
}

fn inside(bounds: &[f64; 4], lon: f64, lat: f64) -> bool {
    (bounds[0]..=bounds[2]).contains(&lon) && (bounds[1]..=bounds[3]).contains(&lat)
}

/// Names and translations with letters the embedded font lacks (Chinese, say): the PNG and PDF
/// draw them as empty boxes. One warning per language, with an example.
fn glyphs_missing(dataset: &crate::dataset::Dataset) -> Vec<String> {
    let mut by_language: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    let mut note = |code: &str, text: &str| {
        if !crate::fonts::covers(text) {
            let entry = by_language.entry(code.to_string()).or_insert((0, text.to_string()));
            entry.0 += 1;
        }
    };
    for place in &dataset.places {
        for (code, name) in &place.names {
            note(code, name);
        }
    }
    for (code, table) in &dataset.translations {
        for text in table.values() {
            note(code, text);
        }
    }
    by_language
        .into_iter()
        .map(|(code, (count, example))| {
            format!(
                "{} in \"{code}\" {} letters the embedded font (DejaVu Sans) lacks, e.g. \"{example}\": the PNG, PDF and animations draw them as empty boxes, the SVG in a font of the viewer's (fix: render SVG, or give those places a name in another language and use a --lang chain)",
                crate::english::count(count, "name or text", "names or texts"),
                if count == 1 { "uses" } else { "use" }
            )
        })
        .collect()
}

/// The keys of the dataset's own words a translation should have (under `[dataset]`): its
/// title, subtitle and method, each side and each country drawn.
fn own_words(dataset: &crate::dataset::Dataset) -> Vec<String> {
    let mut keys = vec!["title".to_string(), "method".to_string()];
    keys.extend(dataset.meta.subtitle.as_ref().map(|_| "subtitle".to_string()));
    keys.extend(dataset.meta.sides.iter().map(|side| format!("sides.{}", side.id)));
    let mut countries: Vec<&str> = dataset.countries().filter_map(|c| c.name.as_deref()).collect();
    countries.sort_unstable();
    countries.dedup();
    keys.extend(countries.iter().map(|name| format!("countries.{name}")));
    keys
}

/// Places far outside both the view and the theatre (their cells and events do nothing), with
/// a hint when swapping lon and lat would put them inside.
fn far_places(dataset: &crate::dataset::Dataset) -> Vec<String> {
    use geo::BoundingRect;
    let view = dataset.meta.view;
    let mut near = vec![grown(view.west, view.south, view.east, view.north)];
    if let Some(rect) = dataset.theatre.bounding_rect() {
        near.push(grown(rect.min().x, rect.min().y, rect.max().x, rect.max().y));
    }
    let close = |lon: f64, lat: f64| near.iter().any(|bounds| inside(bounds, lon, lat));
    let mut found = Vec::new();
    for place in &dataset.places {
        let Some(point) = place.point else { continue };
        let (lon, lat) = (point.x(), point.y());
        if close(lon, lat) {
            continue;
        }
        let hint = if close(lat, lon) {
            "lon and lat look swapped: GeoJSON positions are [lon, lat], write [{lat}, {lon}]"
        } else {
            "check the coordinates ([lon, lat] in degrees) or widen the view in dataset.toml"
        };
        found.push(format!(
            "places.geojson: place \"{}\" at [{lon}, {lat}] is far outside the view and the theatre (fix: {})",
            place.id,
            hint.replace("{lat}", &lat.to_string()).replace("{lon}", &lon.to_string())
        ));
    }
    found.extend(swapped_into_theatre(dataset, &close));
    found
}

/// Places and point events outside the theatre, but near enough not to be "far", that would
/// lie inside it with lon and lat swapped: in a theatre near the diagonal (Georgia, 42 N 44 E)
/// a swapped point still falls in the view.
fn swapped_into_theatre(dataset: &crate::dataset::Dataset, near: &dyn Fn(f64, f64) -> bool) -> Vec<String> {
    use geo::Contains;
    let in_theatre = |lon: f64, lat: f64| dataset.theatre.contains(&geo::Point::new(lon, lat));
    let swapped = |lon: f64, lat: f64| near(lon, lat) && !in_theatre(lon, lat) && in_theatre(lat, lon);
    let mut found = Vec::new();
    for place in &dataset.places {
        let Some((lon, lat)) = place.point.map(|p| (p.x(), p.y())) else { continue };
        if swapped(lon, lat) {
            found.push(format!(
                "places.geojson: place \"{}\" at [{lon}, {lat}] is outside the theatre, but [{lat}, {lon}] is inside it (fix: lon and lat look swapped: GeoJSON positions are [lon, lat])",
                place.id
            ));
        }
    }
    for event in &dataset.events {
        let Some((lon, lat)) = event.point.map(|p| (p.x(), p.y())) else { continue };
        if swapped(lon, lat) {
            found.push(format!(
                "events.csv:{}: lon {lon}, lat {lat} is outside the theatre, but lon {lat}, lat {lon} is inside it (fix: lon and lat look swapped)",
                event.line
            ));
        }
    }
    found
}

/// Sides whose `home` is not a country of the countries layer, and a dataset without one.
fn missing_countries(dataset: &crate::dataset::Dataset) -> Vec<String> {
    if dataset.countries().next().is_none() {
        return vec![
            "dataset.toml: no [[layers]] with role = \"countries\": the map has no land around the theatre (fix: add a countries layer, polygons with a \"name\")"
                .to_string(),
        ];
    }
    let names: std::collections::HashSet<&str> = dataset.countries().filter_map(|c| c.name.as_deref()).collect();
    let mut known: Vec<&str> = names.iter().copied().collect();
    known.sort_unstable();
    dataset
        .meta
        .sides
        .iter()
        .filter_map(|side| side.home.as_deref().filter(|home| !names.contains(home)).map(|home| (side, home)))
        .map(|(side, home)| {
            format!(
                "dataset.toml: side \"{}\": home \"{home}\" is not a \"name\" of the countries layer, so its ground is not coloured (fix: use one of {})",
                side.id,
                known.join(", ")
            )
        })
        .collect()
}

/// Ground of the `held` layers (outside the theatre) overlapping less than this (km2, a square
/// of 100 m) is the rounding of a shared edge, not an overlap.
const HELD_OVERLAP_KM2: f64 = 0.01;

/// Ground of the `held` layers whose side is unknown (not drawn), or that lies in the theatre
/// (where the theatre's own ground is drawn over it and counted instead).
fn held_outside_mistakes(atlas: &Atlas) -> Vec<String> {
    use geo::BooleanOps;
    let sides: Vec<&str> = atlas.dataset.meta.sides.iter().map(|side| side.id.as_str()).collect();
    let mut found = Vec::new();
    for held in &atlas.dataset.held {
        let at = format!("{}: feature \"{}\"", held.file, held.id);
        if held.side.is_none() {
            found.push(format!(
                "{at}: side \"{}\" is not a side of dataset.toml, so this ground is not drawn (fix: use one of {})",
                held.side_id,
                sides.join(", ")
            ));
        }
        let inside = atlas.projection.project(&held.shape).intersection(&atlas.cells.theatre);
        let overlap = area::projected_km2(&inside, &atlas.projection);
        if overlap > HELD_OVERLAP_KM2 {
            found.push(format!(
                "{at}: {:.1} km2 of it lie in the theatre, where the theatre's own ground is drawn over it and counted instead (fix: cut the theatre out of it, e.g. QGIS Vector > Geoprocessing Tools > Difference; ground that changes hands belongs in the theatre, set by events)",
                area::figure(overlap)
            ));
        }
    }
    found
}

/// Place events that give a place to the side that already holds it confirmed, with a
/// confirmation. [`contradictions`] already lists claims and contested events by the holder,
/// and a confirmation of a claim changes the status, so neither is listed here. A place event
/// on the day an area event set the place names a place of the area (the dataset's handover
/// rows): not listed either.
fn events_that_change_nothing(atlas: &Atlas) -> Vec<String> {
    let dataset = &atlas.dataset;
    // Side, status, and the day an area event last set it.
    let mut held: Vec<(usize, Status, Option<chrono::NaiveDate>)> =
        dataset.places.iter().map(|p| (p.side, Status::Confirmed, None)).collect();
    let mut found = Vec::new();
    for event in dataset.events.iter().filter(|e| e.kind.changes_control()) {
        if let (Some(area), Some(side)) = (event.area, event.side) {
            for &place in &atlas.ground.places_in_area[area] {
                let (was, status, _) = held[place];
                let status = if event.keep_status && was == side { status } else { event.status };
                held[place] = (side, status, Some(event.day));
            }
            continue;
        }
        let (Some(place), Some(side)) = (event.place, event.side) else { continue };
        let (was, status, set_by_area) = held[place];
        let named_in_area = set_by_area == Some(event.day);
        if (was, status) == (side, Status::Confirmed) && event.status == Status::Confirmed && !named_in_area {
            found.push(format!(
                "events.csv:{}: {} event confirms {} for {}, who already holds it confirmed: it changes nothing on the map (fix: check the side, the date or the place, or make it kind other)",
                event.line,
                event.kind.as_str(),
                dataset.places[place].id,
                dataset.meta.sides[side].id
            ));
        }
        held[place] = (side, event.status, set_by_area.filter(|_| named_in_area));
    }
    found
}

/// Control events that cannot all be right: a claim by the side that already holds the place
/// with its hold confirmed (which is also every confirmation dated before a claim it would
/// confirm), and a place taken twice by the same side with the same status and no loss in
/// between (often a repeated announcement, listed so that someone checks it).
pub fn contradictions(atlas: &Atlas) -> Vec<String> {
    let dataset = &atlas.dataset;
    let mut found = Vec::new();
    // The control events of each place, in date order: one pass over the events.
    let mut by_place: Vec<Vec<&crate::dataset::Event>> = vec![Vec::new(); dataset.places.len()];
    for event in dataset.events.iter().filter(|e| e.kind.changes_control()) {
        if let Some(place) = event.place {
            by_place[place].push(event);
        }
    }
    for (index, place) in dataset.places.iter().enumerate() {
        let events = &by_place[index];
        let mut side = place.side;
        let mut confirmed = true;
        // The side of the run of events just before this one, and the statuses seen in that
        // run: a repeat is a status already seen in the run (one pass, however long the run).
        let mut run_side: Option<usize> = None;
        let mut seen = [false; 3];
        for event in events.iter() {
            let Some(to) = event.side else {
                run_side = None;
                continue;
            };
            let status_index = event.status as usize;
            let repeated = event.status != Status::Confirmed && run_side == Some(to) && seen[status_index];
            if run_side != Some(to) {
                run_side = Some(to);
                seen = [false; 3];
            }
            seen[status_index] = true;
            if repeated && !(to == side && confirmed) {
                found.push(format!(
                    "events.csv:{}: {} {} again by {} with no loss in between (a repeated announcement?)",
                    event.line,
                    place.id,
                    event.status.as_str(),
                    dataset.meta.sides[to].id
                ));
            }
            if to == side && confirmed && event.status != Status::Confirmed {
                found.push(format!(
                    "events.csv:{}: {} {} by {} although already held and confirmed (since the first day or a confirmation)",
                    event.line,
                    place.id,
                    event.status.as_str(),
                    dataset.meta.sides[to].id
                ));
            }
            if to != side {
                side = to;
                confirmed = event.status == Status::Confirmed;
            } else if event.status == Status::Confirmed {
                confirmed = true;
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Places whose cell, on the last day, is held by a side that holds none of the cells around it:
/// usually a place whose capture is missing from events.csv.
pub fn pockets(atlas: &Atlas) -> Vec<String> {
    let dataset = &atlas.dataset;
    let state = atlas.state(dataset.meta.last_day);
    let cells = &atlas.cells;
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); cells.sites.len()];
    for (a, b, _) in &cells.edges {
        neighbours[*a].push(*b);
        neighbours[*b].push(*a);
    }
    let mut found = Vec::new();
    for (site, around) in neighbours.iter().enumerate() {
        let side = state.side_of(cells.sites[site].0);
        if around.len() >= 2 && around.iter().all(|&other| state.side_of(cells.sites[other].0) != side) {
            let place = &dataset.places[cells.sites[site].0];
            // A place without a district is named by its id alone.
            let district = place.district.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            found.push(format!("{}{district}: held by {} on {}", place.id, dataset.meta.sides[side].id, state.day));
        }
    }
    found
}
