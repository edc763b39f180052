//! `frontline stats`: the area each side holds in the theatre on each day, in km2, with the
//! change from the day before; as CSV, JSON, or an SVG line chart for a report.
//!
//! Areas are geodesic, on the WGS84 ellipsoid, measured and rounded as [`crate::area`] says, the
//! same figures as the maps, the report and `validate`: each piece of the ground is measured
//! once when the dataset loads, and a side's area on a day is the sum of its pieces (they do
//! not overlap, so this is the geodesic area of their union). The theatre's own area is
//! measured from its lon/lat outline, independently; the sides add up to it (checked in the
//! tests).

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::Atlas;
use crate::area::figure;
use crate::fonts;
use crate::render::png::software;
use crate::scene::{Anchor, Colour, Item, Rect, Scene, Shape, Stroke, Text};

/// A side as the statistics list it.
#[derive(Debug, Clone, PartialEq)]
pub struct SideInfo {
    pub id: String,
    pub name: String,
    pub colour: Colour,
    pub peacekeeping: bool,
}

/// The areas of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayAreas {
    pub day: NaiveDate,
    /// km2 held by each side (in the order of [`Stats::sides`]).
    pub km2: Vec<f64>,
    /// Change from the day before, km2 (the day before the dataset's first day is the state
    /// of places.geojson, before any event).
    pub change_km2: Vec<f64>,
}

/// Areas per side and day.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub title: String,
    pub sides: Vec<SideInfo>,
    /// Geodesic area of the theatre, km2.
    pub theatre_km2: f64,
    pub days: Vec<DayAreas>,
    /// Method and attribution, for the source note.
    pub method: String,
    pub attribution: Vec<String>,
}

/// The statistics of `days`.
pub fn compute(atlas: &Atlas, days: &[NaiveDate]) -> Stats {
    let meta = &atlas.dataset.meta;
    let held = |day: NaiveDate| -> Vec<f64> {
        let holdings = atlas.ground.holdings(&atlas.dataset, day).today;
        let mut km2 = vec![0.0; meta.sides.len()];
        for (holding, atom) in holdings.iter().zip(&atlas.ground.atoms) {
            km2[holding.side] += atom.km2;
        }
        km2
    };
    let mut previous = days.first().and_then(|d| d.pred_opt()).map(held);
    let mut rows = Vec::with_capacity(days.len());
    for &day in days {
        let km2 = held(day);
        let change_km2 = match &previous {
            Some(before) => km2.iter().zip(before).map(|(a, b)| a - b).collect(),
            None => vec![0.0; km2.len()],
        };
        previous = Some(km2.clone());
        rows.push(DayAreas { day, km2, change_km2 });
    }
    Stats {
        title: meta.title.clone(),
        sides: meta
            .sides
            .iter()
            .map(|side| SideInfo {
                id: side.id.clone(),
                name: side.name.clone(),
                colour: Colour::from_hex(&side.colour).unwrap_or(Colour(128, 128, 128)),
                peacekeeping: side.peacekeeping,
            })
            .collect(),
        theatre_km2: atlas.cells.theatre_area_km2,
        days: rows,
        method: meta.method.clone(),
        attribution: meta.attribution.clone(),
    }
}

/// `date,side,area_km2,change_km2,theatre_km2`, one row per day and side.
pub fn to_csv(stats: &Stats) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["date", "side", "area_km2", "change_km2", "theatre_km2"]);
    for row in &stats.days {
        for (side, info) in stats.sides.iter().enumerate() {
            let _ = writer.write_record([
                row.day.to_string(),
                info.id.clone(),
                format!("{:.1}", figure(row.km2[side])),
                format!("{:.1}", figure(row.change_km2[side])),
                format!("{:.1}", figure(stats.theatre_km2)),
            ]);
        }
    }
    String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned()
}

/// The statistics as a JSON document.
pub fn to_json(stats: &Stats) -> Value {
    let days: Vec<Value> = stats
        .days
        .iter()
        .map(|row| {
            let by_side = |values: &[f64]| -> serde_json::Map<String, Value> {
                stats.sides.iter().zip(values).map(|(s, v)| (s.id.clone(), json!(figure(*v)))).collect()
            };
            json!({ "date": row.day.to_string(), "area_km2": by_side(&row.km2), "change_km2": by_side(&row.change_km2) })
        })
        .collect();
    json!({
        "title": stats.title,
        "unit": "km2",
        "area": "geodesic, WGS84 ellipsoid",
        "theatre_km2": figure(stats.theatre_km2),
        "sides": stats.sides.iter().map(|s| json!({ "id": s.id, "name": s.name, "colour": s.colour.to_string() })).collect::<Vec<_>>(),
        "days": days,
        "method": stats.method,
        "generator": software(),
    })
}

/// A round step for about `count` ticks over `span`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(span: f64, count: f64) -> f64 {
    let raw = (span / count).max(1e-9);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * power).find(|step| *step >= raw).unwrap_or(10.0 * power)
}

fn text(x: f32, y: f32, content: impl Into<String>, size: f32, bold: bool, fill: Colour, anchor: Anchor) -> Item {
    Item::Text(Text { x, y, text: content.into(), size, bold, anchor, fill, halo: None, link: None })
}

fn line(points: Vec<(f32, f32)>, stroke: Stroke) -> Item {
    Item::Shape(Shape { rings: vec![points], closed: false, fill: None, fill_opacity: 0.0, stroke: Some(stroke) })
}

/// Sides the chart shows: the parties, and a peacekeeping force once it holds ground.
fn charted(stats: &Stats) -> Vec<usize> {
    (0..stats.sides.len())
        .filter(|&s| !stats.sides[s].peacekeeping || stats.days.iter().any(|row| row.km2[s] > 0.0))
        .collect()
}

/// The line chart: days on x, km2 on y, one line per side in its colour, the theatre's total
/// dashed; title, legend, axes with labels and a source note. Drawn as a [`Scene`], so it
/// goes through the same SVG writer (and embedded font family) as the maps.
pub fn chart(stats: &Stats, width: u32, height: u32) -> Scene {
    chart_in(stats, width, height, &crate::i18n::Words::default())
}

/// [`chart`] in the words of a language (see [`crate::dataset::Dataset::words`]).
pub fn chart_in(stats: &Stats, width: u32, height: u32, words: &crate::i18n::Words) -> Scene {
    let (width, height) = (width as f32, height as f32);
    let ink = Colour(0x1e, 0x1e, 0x1e);
    let muted = Colour(0x5a, 0x5a, 0x5a);
    let grid = Colour(0xe3, 0xe0, 0xda);
    let mut items = Vec::new();
    let pad = 24.0;
    let (first, last) = match (stats.days.first(), stats.days.last()) {
        (Some(a), Some(b)) => (a.day, b.day),
        _ => (NaiveDate::MIN, NaiveDate::MIN),
    };

    // Title, subtitle, legend.
    let dataset_title = words.dataset("title", &stats.title);
    let title = words.fill("chart.title", &[("title", dataset_title)]);
    items.push(text(pad, pad + 20.0, &title, 22.0, true, ink, Anchor::Start));
    let subtitle = words.fill(
        "chart.subtitle",
        &[
            ("from", &words.long_date(first)),
            ("to", &words.long_date(last)),
            ("km2", &words.number(crate::area::whole(stats.theatre_km2))),
        ],
    );
    items.push(text(pad, pad + 44.0, &subtitle, 13.5, false, muted, Anchor::Start));
    let sides = charted(stats);
    let mut x = pad;
    let legend_y = pad + 72.0;
    for &side in &sides {
        let info = &stats.sides[side];
        items.push(line(vec![(x, legend_y - 4.5), (x + 26.0, legend_y - 4.5)], Stroke::solid(info.colour, 3.0)));
        let label = words.fill("chart.held", &[("side", words.dataset(&format!("sides.{}", info.id), &info.name))]);
        items.push(text(x + 32.0, legend_y, &label, 13.0, false, ink, Anchor::Start));
        x += 32.0 + fonts::text_width(&label, 13.0, false) + 24.0;
    }
    items.push(line(vec![(x, legend_y - 4.5), (x + 26.0, legend_y - 4.5)], Stroke::dashed(muted, 1.5, &[5.0, 3.0])));
    items.push(text(x + 32.0, legend_y, words.get("chart.theatre"), 13.0, false, ink, Anchor::Start));

    // Source note along the bottom.
    let method = words.dataset("method", &stats.method);
    let note = words.fill(
        "chart.note",
        &[
            ("software", &software()),
            ("title", dataset_title),
            ("method", method.trim_end_matches(['.', '։'])),
            ("attribution", &stats.attribution.join(" ")),
        ],
    );
    let note_lines = fonts::wrap(&note, 10.5, false, width - 2.0 * pad);
    let note_top = height - pad - note_lines.len() as f32 * 13.5 + 10.5;
    for (k, part) in note_lines.iter().enumerate() {
        items.push(text(pad, note_top + k as f32 * 13.5, part, 10.5, false, muted, Anchor::Start));
    }

    // The plot area, with room for tick labels.
    let plot = Rect::new(pad + 62.0, legend_y + 34.0, 0.0, 0.0);
    let plot = Rect::new(plot.x, plot.y, width - pad - 16.0 - plot.x, note_top - 62.0 - plot.y);
    let top = stats.days.iter().flat_map(|row| row.km2.iter().copied()).fold(stats.theatre_km2, f64::max).max(1.0);
    let step = nice_step(top, 5.0);
    let y_max = (top / step).ceil() * step;
    let y_of = |km2: f64| plot.bottom() - (km2 / y_max) as f32 * plot.h;
    let span = (last - first).num_days().max(1) as f32;
    let x_of = |day: NaiveDate| plot.x + (day - first).num_days() as f32 / span * plot.w;

    let mut value = 0.0;
    while value <= y_max + step * 0.01 {
        let y = y_of(value);
        items.push(line(vec![(plot.x, y), (plot.right(), y)], Stroke::solid(grid, 1.0)));
        items.push(text(plot.x - 8.0, y + 4.0, words.number(value), 12.0, false, muted, Anchor::End));
        value += step;
    }
    items.push(text(plot.x - 8.0, plot.y - 12.0, words.get("chart.unit"), 12.0, true, muted, Anchor::End));
    let day_step = match stats.days.len() {
        0..=12 => 1,
        13..=24 => 2,
        25..=90 => 7,
        _ => 30,
    };
    for (k, row) in stats.days.iter().enumerate().step_by(day_step) {
        let x = x_of(row.day);
        items.push(line(vec![(x, plot.bottom()), (x, plot.bottom() + 5.0)], Stroke::solid(muted, 1.0)));
        let label =
            if k == 0 || row.day.format("%m").to_string() != stats.days[k - day_step].day.format("%m").to_string() {
                words.short_date(row.day)
            } else {
                row.day.format("%-d").to_string()
            };
        items.push(text(x, plot.bottom() + 20.0, label, 12.0, false, muted, Anchor::Middle));
    }
    items.push(text(
        plot.x + plot.w / 2.0,
        plot.bottom() + 42.0,
        words.get("chart.axis"),
        12.5,
        true,
        muted,
        Anchor::Middle,
    ));
    items.push(line(
        vec![(plot.x, plot.y), (plot.x, plot.bottom()), (plot.right(), plot.bottom())],
        Stroke::solid(muted, 1.2),
    ));

    // The theatre's total, then one line per side.
    let total = y_of(stats.theatre_km2);
    items.push(line(vec![(plot.x, total), (plot.right(), total)], Stroke::dashed(muted, 1.5, &[5.0, 3.0])));
    for &side in &sides {
        let points: Vec<(f32, f32)> = stats.days.iter().map(|row| (x_of(row.day), y_of(row.km2[side]))).collect();
        if points.len() == 1 {
            let (x, y) = points[0];
            items.push(Item::Circle { cx: x, cy: y, r: 3.5, fill: stats.sides[side].colour, stroke: None });
        } else {
            items.push(line(points, Stroke::solid(stats.sides[side].colour, 2.6)));
        }
    }

    Scene::plain(width, height, title.clone(), format!("{subtitle}. {note}"), Colour(255, 255, 255), items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Control;
    use crate::dataset::Dataset;
    use proptest::prelude::*;

    fn war() -> &'static Atlas {
        static ATLAS: std::sync::OnceLock<Atlas> = std::sync::OnceLock::new();
        ATLAS.get_or_init(|| Atlas::new(Dataset::embedded().unwrap()))
    }

    fn all_days(atlas: &Atlas) -> Vec<NaiveDate> {
        atlas.dataset.meta.days().collect()
    }

    #[test]
    fn sides_add_up_to_the_theatre_every_day() {
        let atlas = war();
        let stats = compute(atlas, &all_days(atlas));
        assert_eq!(stats.days.len(), 66);
        for row in &stats.days {
            let sum: f64 = row.km2.iter().sum();
            assert!((sum / stats.theatre_km2 - 1.0).abs() < 0.005, "{}: {sum} vs {}", row.day, stats.theatre_km2);
        }
    }

    #[test]
    fn geodesic_area_of_a_sides_union_matches_the_sum_of_its_cells() {
        let atlas = war();
        let day: NaiveDate = "2020-11-08".parse().unwrap();
        let stats = compute(atlas, &[day]);
        let control = Control::on(&atlas.dataset, &atlas.ground, day);
        for area in &control.areas {
            let union = geo::BooleanOps::union(&area.confirmed, &area.uncertain);
            let geodesic = crate::area::projected_km2(&union, &atlas.projection);
            let sum = stats.days[0].km2[area.side];
            assert!((geodesic - sum).abs() <= 1e-3 * sum.max(1.0), "side {}: {geodesic} vs {sum}", area.side);
        }
    }

    #[test]
    fn change_is_the_difference_from_the_day_before() {
        let atlas = war();
        let stats = compute(atlas, &all_days(atlas));
        for pair in stats.days.windows(2) {
            for side in 0..stats.sides.len() {
                let expected = pair[1].km2[side] - pair[0].km2[side];
                assert!((pair[1].change_km2[side] - expected).abs() < 1e-6);
            }
        }
        // The war moved ground to the side that started with none of the theatre.
        let az = atlas.dataset.side_index("az").unwrap();
        assert!(stats.days.last().unwrap().km2[az] > 0.3 * stats.theatre_km2);
    }

    #[test]
    fn csv_json_and_chart() {
        let atlas = war();
        let days: Vec<NaiveDate> = all_days(atlas).into_iter().take(3).collect();
        let stats = compute(atlas, &days);
        let csv = to_csv(&stats);
        assert!(csv.starts_with("date,side,area_km2,change_km2,theatre_km2\n2020-09-27,"), "{csv}");
        assert_eq!(csv.lines().count(), 1 + 3 * stats.sides.len());
        let json = to_json(&stats);
        assert_eq!(json["days"].as_array().unwrap().len(), 3);
        let svg = crate::render::render_svg(&chart(&stats, 1000, 600));
        assert!(svg.contains("ground held by each side") && svg.contains("km²") && svg.contains("Source: frontline"));
        let words = crate::i18n::Words::new("ru", None);
        let svg = crate::render::render_svg(&chart_in(&stats, 1000, 600, &words));
        assert!(svg.contains("территория под контролем сторон") && svg.contains("Дата (местное время)"), "{svg}");
        assert!(!svg.contains("ground held") && !svg.contains("Source:"));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(11000.0, 5.0), 2500.0);
        assert_eq!(nice_step(9.0, 5.0), 2.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Whatever the holdings (any side for any piece of ground), the sides add up to the theatre.
        #[test]
        fn any_holdings_add_up_to_the_theatre(sides in prop::collection::vec(0usize..3, 1..400)) {
            let atlas = war();
            let mut held = [0.0f64; 3];
            for (k, atom) in atlas.ground.atoms.iter().enumerate() {
                held[sides[k % sides.len()]] += atom.km2;
            }
            let theatre = crate::area::geodesic_km2(&atlas.dataset.theatre);
            prop_assert!((held.iter().sum::<f64>() / theatre - 1.0).abs() < 0.005);
        }
    }
}
