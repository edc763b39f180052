//! The HTML report: one page, `DIR/index.html`, that shows the map of every day with a date
//! slider, play/pause, arrow keys, the day's events with links to their sources, and a chart of
//! the area each side holds. It reuses stages 1-5 and writes like stage 6 (days in parallel,
//! progress bar, atomic write).
//!
//! The page is self-contained: it needs no network and no other file, so it works opened from
//! disk (`file://`, where browsers refuse `fetch`) as well as served over HTTP. Everything is
//! inline:
//! - each day's map is the SVG of [`render_svg`], in a `<script type="image/svg+xml">` element
//!   that the page's script copies into the document when the day is shown (an inline SVG, not
//!   an `<img>`: an SVG image is a sealed document that cannot use the page's fonts);
//! - the font of the maps, DejaVu Sans Condensed regular and bold (see [`crate::fonts`]), as
//!   two `@font-face` rules with base64 `data:` URLs, once for the whole page, so a map in the
//!   browser is drawn with the same letters as our PNG (1.8 MB of CSS; embedding the faces in
//!   each SVG instead would add those 1.8 MB to every day, about 120 MB for the war);
//! - the data (days, events with their sources, areas) as one JSON blob, and the chart of areas
//!   as an SVG drawn here.
//!
//! Areas in the page are the sums of the Voronoi cells each side holds, in transverse Mercator
//! km2: the numbers of the maps' own panel (a schematic; geodesic areas differ by < 0.1 %).

use std::path::PathBuf;

use base64::Engine;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::Atlas;
use crate::dataset::Status;
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::render::render_svg;
use crate::render::svg::escape;
use crate::scene::SceneOptions;
use crate::scene::{group_thousands, long_date};

const TEMPLATE: &str = include_str!("report/page.html");
const STYLE: &str = include_str!("report/page.css");
const SCRIPT: &str = include_str!("report/page.js");

/// What to put in a report.
#[derive(Debug, Clone)]
pub struct ReportJob {
    /// The days of the slider, in order (at least one).
    pub days: Vec<NaiveDate>,
    pub out_dir: PathBuf,
    pub scene: SceneOptions,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    pub path: PathBuf,
    pub bytes: usize,
    pub days: usize,
}

/// The data blob of the page (`<script type="application/json" id="frontline-data">`).
#[derive(Debug, Serialize)]
struct PageData {
    title: String,
    subtitle: Option<String>,
    sides: Vec<SideData>,
    days: Vec<DayData>,
    chart: ChartData,
}

#[derive(Debug, Serialize)]
struct SideData {
    id: String,
    name: String,
    colour: String,
}

#[derive(Debug, Serialize)]
struct DayData {
    date: String,
    /// "8 November 2020".
    label: String,
    /// Day of the war, 1-based.
    number: i64,
    /// km2 held by each side (same order as `sides`), confirmed plus claimed or contested.
    areas: Vec<f64>,
    /// km2 of that which is only claimed or contested.
    uncertain: Vec<f64>,
    /// km2 each side gained (negative: lost) since the day before; `None` on the dataset's
    /// first day.
    change: Option<Vec<f64>>,
    events: Vec<EventData>,
}

#[derive(Debug, Serialize)]
struct EventData {
    kind: &'static str,
    status: &'static str,
    place: Option<String>,
    side: Option<String>,
    title: String,
    note: String,
    sources: Vec<SourceData>,
}

#[derive(Debug, Serialize)]
struct SourceData {
    publisher: String,
    date: String,
    /// As in events.csv: `http(s)://...` or `seed:ID`.
    url: String,
    /// The URL when it is a web address, the only kind the page makes a link of.
    href: Option<String>,
}

/// Where the chart's points are, in the chart's own units, for the page to move its marker.
#[derive(Debug, Serialize)]
struct ChartData {
    x: Vec<f64>,
    /// One row per side, one value per day.
    y: Vec<Vec<f64>>,
}

/// Render every day's map and write `index.html` into the job's folder.
pub fn write_report(atlas: &Atlas, job: &ReportJob) -> Result<ReportSummary> {
    if job.days.is_empty() {
        return Err(Error::Usage("a report needs at least one day".into()));
    }
    for &day in &job.days {
        atlas.check_day(day)?;
    }
    std::fs::create_dir_all(&job.out_dir).map_err(|err| Error::io(&job.out_dir, err))?;
    let bar = crate::output::progress_bar(job.progress, job.days.len(), "report", "days");
    let maps: Vec<String> = job
        .days
        .par_iter()
        .map(|&day| {
            let svg = render_svg(&atlas.scene(day, &job.scene));
            bar.inc(1);
            svg
        })
        .collect();
    bar.finish_and_clear();

    let data = page_data(atlas, job);
    let html = page(atlas, &data, &job.days, &maps)?;
    let path = job.out_dir.join("index.html");
    write_atomic(&path, html.as_bytes())?;
    Ok(ReportSummary { path, bytes: html.len(), days: job.days.len() })
}

/// Area held by each side on a day, km2: (all, claimed or contested only).
fn areas(atlas: &Atlas, holdings: &[crate::timeline::Holding]) -> (Vec<f64>, Vec<f64>) {
    let sides = atlas.dataset.meta.sides.len();
    let (mut all, mut uncertain) = (vec![0.0; sides], vec![0.0; sides]);
    for (atom, holding) in atlas.ground.atoms.iter().zip(holdings) {
        all[holding.side] += atom.km2;
        if holding.status != Status::Confirmed {
            uncertain[holding.side] += atom.km2;
        }
    }
    (all, uncertain)
}

fn page_data(atlas: &Atlas, job: &ReportJob) -> PageData {
    let dataset = &atlas.dataset;
    let meta = &dataset.meta;
    let lang = job.scene.lang.as_str();
    let round = |v: Vec<f64>| v.into_iter().map(|a| (a * 10.0).round() / 10.0).collect::<Vec<_>>();
    let days: Vec<DayData> = job
        .days
        .par_iter()
        .map(|&day| {
            let state = atlas.state(day);
            let held = atlas.ground.holdings(dataset, day);
            let (all, uncertain) = areas(atlas, &held.today);
            let change = day.pred_opt().filter(|d| meta.contains_day(*d)).map(|_| {
                let (before, _) = areas(atlas, &held.before);
                all.iter().zip(before).map(|(now, then)| now - then).collect()
            });
            let events = state
                .events
                .iter()
                .map(|&index| {
                    let event = &dataset.events[index];
                    EventData {
                        kind: event.kind.as_str(),
                        status: event.status.as_str(),
                        place: event.place.map(|p| dataset.places[p].name(lang).to_string()),
                        side: event.side.map(|s| meta.sides[s].name.clone()),
                        title: event.title.clone(),
                        note: event.note.clone(),
                        sources: event
                            .sources
                            .iter()
                            .map(|source| SourceData {
                                publisher: source.publisher.clone(),
                                date: source.date.to_string(),
                                url: source.url.clone(),
                                href: is_web_address(&source.url).then(|| source.url.clone()),
                            })
                            .collect(),
                    }
                })
                .collect();
            DayData {
                date: day.to_string(),
                label: long_date(day),
                number: meta.day_number(day),
                areas: round(all),
                uncertain: round(uncertain),
                change: change.map(round),
                events,
            }
        })
        .collect();
    let chart = chart_data(&days, meta.sides.len());
    PageData {
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        sides: meta
            .sides
            .iter()
            .map(|side| SideData { id: side.id.clone(), name: side.name.clone(), colour: side.colour.clone() })
            .collect(),
        days,
        chart,
    }
}

fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.contains(char::is_whitespace)
}

/// The chart's frame, in its viewBox units: width, height, and the plot's margins.
const CHART_W: f64 = 372.0;
const CHART_H: f64 = 200.0;
const CHART_LEFT: f64 = 46.0;
const CHART_RIGHT: f64 = 18.0;
const CHART_TOP: f64 = 12.0;
const CHART_BOTTOM: f64 = 30.0;

/// The top of the chart's scale: the largest area rounded up to a multiple of `step`.
fn chart_scale(days: &[DayData]) -> (f64, f64) {
    let max = days.iter().flat_map(|d| d.areas.iter().copied()).fold(0.0, f64::max).max(1.0);
    // A step of 1, 2 or 5 times a power of ten, giving 3 to 7 grid lines.
    let raw = max / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| max / s <= 6.0).unwrap_or(10.0 * power);
    ((max / step).ceil() * step, step)
}

fn chart_data(days: &[DayData], sides: usize) -> ChartData {
    let (top, _) = chart_scale(days);
    let plot_w = CHART_W - CHART_LEFT - CHART_RIGHT;
    let plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    let n = days.len();
    let x: Vec<f64> = (0..n)
        .map(|i| if n == 1 { CHART_LEFT + plot_w / 2.0 } else { CHART_LEFT + plot_w * i as f64 / (n - 1) as f64 })
        .map(|v| (v * 10.0).round() / 10.0)
        .collect();
    let y = (0..sides)
        .map(|side| {
            days.iter().map(|d| ((CHART_TOP + plot_h * (1.0 - d.areas[side] / top)) * 10.0).round() / 10.0).collect()
        })
        .collect();
    ChartData { x, y }
}

/// 12345.6 -> "12 346" (a thin space groups thousands in any language).
fn km2(value: f64) -> String {
    group_thousands(value, '\u{2009}')
}

/// The chart of areas as inline SVG: a line per side that holds ground on some day of the
/// report, horizontal grid lines in km2, day ticks, and the marker the page moves to the day.
fn chart_svg(data: &PageData) -> String {
    use std::fmt::Write;
    let (top, step) = chart_scale(&data.days);
    let plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    let (left, right, bottom) = (CHART_LEFT, CHART_W - CHART_RIGHT, CHART_H - CHART_BOTTOM);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg id="chart" viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-labelledby="chart-title"><title id="chart-title">Area held by each side per day, km2</title>"#
    );
    let mut value = 0.0;
    while value <= top + step / 2.0 {
        let y = CHART_TOP + plot_h * (1.0 - value / top);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{left}" x2="{right}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 4.0,
            km2(value)
        );
        value += step;
    }
    let n = data.days.len();
    for (i, day) in data.days.iter().enumerate() {
        let x = data.chart.x[i];
        let month_start = day.date.ends_with("-01");
        if n <= 12 || i == 0 || month_start {
            let _ = write!(out, r#"<line class="tick" x1="{x}" x2="{x}" y1="{bottom}" y2="{}"/>"#, bottom + 4.0);
            let text = if n <= 12 || i == 0 || !month_start { short_date(&day.date) } else { month(&day.date) };
            // The first and last labels keep inside the chart.
            let anchor = if n > 1 && i == 0 {
                "start"
            } else if n > 1 && i == n - 1 {
                "end"
            } else {
                "middle"
            };
            let _ =
                write!(out, r#"<text class="axis" x="{x}" y="{}" text-anchor="{anchor}">{text}</text>"#, bottom + 17.0);
        }
    }
    for (side, info) in data.sides.iter().enumerate() {
        if data.days.iter().all(|d| d.areas[side] == 0.0) {
            continue;
        }
        let points: Vec<String> =
            data.chart.x.iter().zip(&data.chart.y[side]).map(|(x, y)| format!("{x},{y}")).collect();
        let _ = write!(
            out,
            r#"<polyline class="series" data-side="{}" points="{}" stroke="{}"/>"#,
            escape(&info.id),
            points.join(" "),
            escape(&info.colour)
        );
    }
    let _ = write!(out, r#"<line id="chart-marker" x1="{left}" x2="{left}" y1="{CHART_TOP}" y2="{bottom}"/>"#);
    for (side, info) in data.sides.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="chart-dot" data-side="{side}" r="4" cx="{left}" cy="{bottom}" fill="{}"/>"#,
            escape(&info.colour)
        );
    }
    out.push_str("</svg>");
    out
}

/// "2020-11-08" -> "8 Nov".
fn short_date(date: &str) -> String {
    date.parse::<NaiveDate>().map(|d| d.format("%-d %b").to_string()).unwrap_or_else(|_| date.to_string())
}

/// "2020-11-01" -> "Nov".
fn month(date: &str) -> String {
    date.parse::<NaiveDate>().map(|d| d.format("%b").to_string()).unwrap_or_else(|_| date.to_string())
}

/// JSON that is safe inside a `<script>` element: `<` only ever occurs inside JSON strings,
/// where `\u003c` means the same, so no `</script>` can end the element early.
fn script_json(data: &PageData) -> String {
    serde_json::to_string(data).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
}

/// The `@font-face` rules of the embedded faces, under the family name the SVG asks for.
fn font_faces() -> String {
    let face = |weight: u16, bytes: &[u8]| {
        format!(
            "@font-face{{font-family:'{}';font-stretch:{};font-weight:{weight};font-style:normal;\
             src:url(data:font/ttf;base64,{}) format('truetype')}}\n",
            crate::fonts::FAMILY,
            crate::fonts::STRETCH,
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    };
    face(400, dejavu::sans_condensed::regular()) + &face(700, dejavu::sans_condensed::bold())
}

fn page(atlas: &Atlas, data: &PageData, days: &[NaiveDate], maps: &[String]) -> Result<String> {
    let meta = &atlas.dataset.meta;
    let mut map_elements = String::with_capacity(maps.iter().map(|m| m.len() + 64).sum());
    for (day, svg) in days.iter().zip(maps) {
        // render_svg escapes every `<` of text, so only its own tags can start with `</`.
        if svg.to_ascii_lowercase().contains("</script") {
            return Err(Error::Render {
                what: format!("report map of {day}"),
                message: "contains \"</script\"".into(),
            });
        }
        map_elements.push_str(&format!("<script type=\"image/svg+xml\" id=\"map-{day}\">\n{svg}</script>\n"));
    }
    let first = data.days.first().map(|d| d.label.clone()).unwrap_or_default();
    let last = data.days.last().map(|d| d.label.clone()).unwrap_or_default();
    let range = if days.len() == 1 { first } else { format!("{first} to {last}") };
    let mut credits = format!("Method: {}.", escape(&meta.method));
    for line in &meta.attribution {
        credits.push(' ');
        credits.push_str(&escape(line));
    }
    let replacements = [
        ("{{TITLE}}", escape(&meta.title)),
        ("{{SUBTITLE}}", escape(meta.subtitle.as_deref().unwrap_or(""))),
        ("{{RANGE}}", escape(&range)),
        ("{{LAST_INDEX}}", (days.len() - 1).to_string()),
        ("{{GENERATOR}}", format!("frontline {}", env!("CARGO_PKG_VERSION"))),
        ("{{CREDITS}}", credits),
        ("{{CHART}}", chart_svg(data)),
        ("{{FONTS}}", font_faces()),
        ("{{STYLE}}", STYLE.to_string()),
        ("{{DATA}}", script_json(data)),
        ("{{SCRIPT}}", SCRIPT.to_string()),
        ("{{MAPS}}", map_elements),
    ];
    // One pass over the template, so that no replacement is searched for inside another one.
    let mut html = String::with_capacity(TEMPLATE.len() + replacements.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = TEMPLATE;
    while let Some(start) = rest.find("{{") {
        html.push_str(&rest[..start]);
        let tail = &rest[start..];
        match replacements.iter().find(|(key, _)| tail.starts_with(key)) {
            Some((key, value)) => {
                html.push_str(value);
                rest = &tail[key.len()..];
            }
            None => {
                html.push_str("{{");
                rest = &tail[2..];
            }
        }
    }
    html.push_str(rest);
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{DataSource, Dataset};

    fn atlas() -> Atlas {
        Atlas::new(Dataset::load(&DataSource::Embedded).unwrap())
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn job(days: &[&str]) -> ReportJob {
        ReportJob {
            days: days.iter().map(|d| day(d)).collect(),
            out_dir: PathBuf::new(),
            scene: SceneOptions::default(),
            progress: false,
        }
    }

    #[test]
    fn areas_of_the_sides_sum_to_the_theatre() {
        let atlas = atlas();
        let data = page_data(&atlas, &job(&["2020-09-27", "2020-11-09", "2020-12-01"]));
        for d in &data.days {
            let sum: f64 = d.areas.iter().sum();
            assert!((sum - atlas.cells.theatre_area_km2).abs() < 1.0, "{}: {sum}", d.date);
        }
        // Azerbaijan gains ground over the war.
        assert!(data.days[2].areas[0] > data.days[1].areas[0] && data.days[1].areas[0] > data.days[0].areas[0]);
        assert_eq!(data.days[0].change, None, "no day before the first");
        assert!(data.days[1].change.is_some());
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_address("https://www.reuters.com/article/x"));
        assert!(is_web_address("HTTP://example.org"));
        assert!(!is_web_address("seed:01-shusha"));
        assert!(!is_web_address("javascript:alert(1)"));
        let atlas = atlas();
        let data = page_data(&atlas, &job(&["2020-11-08"]));
        let sources: Vec<&SourceData> = data.days[0].events.iter().flat_map(|e| &e.sources).collect();
        assert!(!sources.is_empty());
        for source in sources {
            assert_eq!(source.href.is_some(), source.url.starts_with("http"), "{}", source.url);
        }
    }

    #[test]
    fn json_cannot_end_its_script_element() {
        let atlas = atlas();
        let mut data = page_data(&atlas, &job(&["2020-11-08"]));
        data.title = "</script><script>alert(1)</script>".into();
        let json = script_json(&data);
        assert!(!json.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["title"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn chart_scale_is_round_and_covers_the_data() {
        let atlas = atlas();
        let data = page_data(&atlas, &job(&["2020-09-27", "2020-12-01"]));
        let (top, step) = chart_scale(&data.days);
        let max = data.days.iter().flat_map(|d| d.areas.iter().copied()).fold(0.0, f64::max);
        assert!(top >= max && top - step < max, "{top} {step} {max}");
        assert!((3.0..=7.0).contains(&(top / step)), "{top} {step}");
        assert!(data.chart.y.iter().flatten().all(|y| (CHART_TOP..=CHART_H - CHART_BOTTOM).contains(y)));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(km2(0.0), "0");
        assert_eq!(km2(999.4), "999");
        assert_eq!(km2(12345.6), "12\u{2009}346");
    }

    #[test]
    fn the_page_has_every_day_and_no_placeholder_left() {
        let atlas = atlas();
        let job = job(&["2020-11-07", "2020-11-08"]);
        let data = page_data(&atlas, &job);
        let maps: Vec<String> = job.days.iter().map(|&d| render_svg(&atlas.scene(d, &job.scene))).collect();
        let html = page(&atlas, &data, &job.days, &maps).unwrap();
        assert!(!html.contains("{{"), "a placeholder is left");
        assert!(html.contains(r#"id="map-2020-11-07""#) && html.contains(r#"id="map-2020-11-08""#));
        assert!(html.contains(r#"max="1""#));
        assert!(html.contains("@font-face{font-family:'DejaVu Sans';font-stretch:semi-condensed;font-weight:700"));
        assert!(!html.contains("http-equiv=\"refresh\""));
    }
}
