//! `frontline validate`: after a dataset has loaded without problems, coverage figures that tell
//! how far the data can be trusted (places without coordinates, days without events, large
//! cells).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Atlas;
use crate::dataset::EventKind;

/// Cells larger than this (km2) are too coarse to follow a front that moved through them.
pub const CELL_BOUND_KM2: f64 = 150.0;

/// The text report.
pub fn report(atlas: &Atlas) -> String {
    let dataset = &atlas.dataset;
    let meta = &dataset.meta;
    let mut out = String::new();
    let _ =
        writeln!(out, "dataset: {} ({}..{}, {} days)", meta.title, meta.first_day, meta.last_day, meta.days().count());
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
    let _ = writeln!(out, "events: {} ({})", dataset.events.len(), kinds.join(", "));
    let unsourced = dataset.events.iter().filter(|e| e.sources.is_empty()).count();
    let _ = writeln!(out, "events without a source: {unsourced}");
    let unsourced_places = dataset.places.iter().filter(|p| p.point.is_some() && p.source.is_none()).count();
    let _ = writeln!(out, "places with coordinates but no source: {unsourced_places}");

    let changing: Vec<&str> = dataset
        .places
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.point.is_none() && dataset.events.iter().any(|e| e.kind.changes_control() && e.place == Some(*i))
        })
        .map(|(_, p)| p.id.as_str())
        .collect();
    let _ = writeln!(out, "places that change hands without coordinates: {}", changing.len());
    if !changing.is_empty() {
        let _ = writeln!(out, "  {}", changing.join(", "));
    }

    let quiet_days: Vec<String> =
        meta.days().filter(|d| !dataset.events.iter().any(|e| e.day == *d)).map(|d| d.to_string()).collect();
    let _ = writeln!(out, "days with no event: {}", quiet_days.len());
    if !quiet_days.is_empty() {
        let _ = writeln!(out, "  {}", quiet_days.join(", "));
    }

    let areas = atlas.cells.cell_areas();
    let _ = writeln!(
        out,
        "theatre: {:.0} km2 in {} cells (largest {:.0} km2)",
        atlas.cells.theatre_area_km2,
        areas.len(),
        areas.iter().copied().fold(0.0, f64::max)
    );
    let mut large: Vec<(f64, &str)> = atlas
        .cells
        .sites
        .iter()
        .zip(&areas)
        .filter(|(_, a)| **a > CELL_BOUND_KM2)
        .map(|((p, _), a)| (*a, dataset.places[*p].id.as_str()))
        .collect();
    large.sort_by(|a, b| b.0.total_cmp(&a.0));
    let _ = writeln!(out, "cells above {CELL_BOUND_KM2:.0} km2: {}", large.len());
    for (area, id) in large.iter().take(40) {
        let _ = writeln!(out, "  {id}: {area:.0} km2");
    }
    let controls = dataset.events.iter().filter(|e| e.kind == EventKind::Control).count();
    let _ = writeln!(out, "control events: {controls}");
    out
}
