//! The HTML report: one page, `DIR/index.html`, made for reading on a screen. The map is drawn
//! for the page, not the poster: the map layers only, as inline SVG at two sizes (laptop and
//! phone, [`maps`]), with the title, date, areas, events, sources and legend as HTML text beside
//! it (laptop) or below it (phone); a chart of the area each side holds ([`chart`]), step
//! controls, a date in the address (`index.html#2020-11-08`), and a comparison of two dates
//! (the ground that changed hands between them, outlined, with its km² per side). It reuses
//! stages 1-5 and writes like stage 6 (days in parallel, progress bar, atomic write).
//!
//! The page is self-contained: it needs no network and no other file, so it works opened from
//! disk (`file://`, where browsers refuse `fetch`) as well as served over HTTP. Everything is
//! inline:
//! - the maps' base (the same every day) once per size, and per day only its areas and top
//!   layer, in `<script type="image/svg+xml">` elements that the page's script assembles into
//!   an inline `<svg>` (inline, not `<img>`, so that the maps use the page's fonts);
//! - the font of the maps, DejaVu Sans Condensed regular and bold (see [`crate::fonts`]), as
//!   two `@font-face` rules with base64 `data:` URLs, once for the whole page;
//! - the data (days, who holds each atom of the theatre, events with their sources, areas) as
//!   one JSON blob, and every word of the page as one table ([`strings`]).
//!
//! Areas in the page are the sums of the atoms each side holds, in transverse Mercator km²: the
//! numbers of the maps' own panel (a schematic; geodesic areas differ by < 0.1 %).

mod chart;
mod colours;
mod legend;
mod maps;
mod strings;

use std::path::PathBuf;

use base64::Engine;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::Atlas;
use crate::dataset::Status;
use crate::error::{Error, Result};
use crate::i18n::Words;
use crate::output::write_atomic;
use crate::render::svg::escape;
use crate::scene::SceneOptions;

use chart::{ChartData, chart_data, chart_svg};
use maps::PageMap;

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
    /// km² of each atom of the theatre ([`crate::ground::Ground::atoms`]), for comparisons.
    atoms_km2: Vec<f64>,
    /// The sizes of map, widest first: name and viewBox.
    maps: Vec<MapInfo>,
}

#[derive(Debug, Serialize)]
struct MapInfo {
    name: &'static str,
    view_box: String,
}

#[derive(Debug, Serialize)]
struct SideData {
    id: String,
    name: String,
    colour: String,
}

#[derive(Debug, Serialize)]
struct DayData {
    #[serde(skip)]
    day: NaiveDate,
    date: String,
    /// "8 November 2020".
    label: String,
    /// Day of the war, 1-based.
    number: i64,
    /// km² held by each side (same order as `sides`), confirmed plus claimed or contested.
    areas: Vec<f64>,
    /// km² of that which is only claimed or contested.
    uncertain: Vec<f64>,
    /// km² each side gained (negative: lost) since the day before; `None` on the dataset's
    /// first day.
    change: Option<Vec<f64>>,
    /// The side holding each atom, one character per atom (`0`-`9`, `a`-`z`: the side's index).
    held: String,
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

/// Render every day's maps and write `index.html` into the job's folder.
pub fn write_report(atlas: &Atlas, job: &ReportJob) -> Result<ReportSummary> {
    if job.days.is_empty() {
        return Err(Error::Usage("a report needs at least one day".into()));
    }
    if atlas.dataset.meta.sides.len() > 36 {
        return Err(Error::Usage("a report shows at most 36 sides".into()));
    }
    for &day in &job.days {
        atlas.check_day(day)?;
    }
    std::fs::create_dir_all(&job.out_dir).map_err(|err| Error::io(&job.out_dir, err))?;
    let bar = crate::output::progress_bar(job.progress, maps::SIZES.len(), "report", "map sizes");
    let maps: Vec<PageMap> = maps::SIZES
        .iter()
        .map(|&size| {
            let map = maps::page_map(atlas, &job.days, &job.scene, size);
            bar.inc(1);
            map
        })
        .collect();
    bar.finish_and_clear();

    let words = atlas.dataset.words(&job.scene.lang);
    let data = page_data(atlas, job, &words, &maps);
    let html = page(atlas, job, (&data, &words), &maps)?;
    let path = job.out_dir.join("index.html");
    write_atomic(&path, html.as_bytes())?;
    Ok(ReportSummary { path, bytes: html.len(), days: job.days.len() })
}

/// Area held by each side on a day, km²: (all, claimed or contested only).
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

/// Areas as `stats` gives them ([`crate::area::figure`]); the page rounds them again to whole
/// km² half away from zero, as [`crate::area::whole`] does for the maps.
fn round(values: Vec<f64>) -> Vec<f64> {
    values.into_iter().map(crate::area::figure).collect()
}

fn page_data(atlas: &Atlas, job: &ReportJob, words: &Words, maps: &[PageMap]) -> PageData {
    let meta = &atlas.dataset.meta;
    let days: Vec<DayData> = job.days.par_iter().map(|&day| day_data(atlas, words, day)).collect();
    let chart = chart_data(&days, meta.sides.len());
    PageData {
        title: words.dataset("title", &meta.title).to_string(),
        subtitle: meta.subtitle.as_deref().map(|s| words.dataset("subtitle", s).to_string()),
        sides: meta
            .sides
            .iter()
            .enumerate()
            .map(|(index, side)| SideData {
                id: side.id.clone(),
                name: words.side(side).to_string(),
                // The map's colour (the theme's), so that the table and chart match the map.
                colour: job.scene.theme.side_colour(&meta.sides, index).to_string(),
            })
            .collect(),
        days,
        chart,
        atoms_km2: atlas.ground.atoms.iter().map(|a| (a.km2 * 1000.0).round() / 1000.0).collect(),
        maps: maps.iter().map(|m| MapInfo { name: m.size.name, view_box: m.view_box.clone() }).collect(),
    }
}

fn day_data(atlas: &Atlas, words: &Words, day: NaiveDate) -> DayData {
    let (dataset, meta) = (&atlas.dataset, &atlas.dataset.meta);
    let held = atlas.ground.holdings(dataset, day);
    let (all, uncertain) = areas(atlas, &held.today);
    let change = day.pred_opt().filter(|d| meta.contains_day(*d)).map(|_| {
        let (before, _) = areas(atlas, &held.before);
        all.iter().zip(before).map(|(now, then)| now - then).collect()
    });
    let side_chars = held.today.iter().map(|h| char::from_digit(h.side as u32, 36).unwrap_or('?')).collect();
    let events = atlas.state(day).events.iter().map(|&index| event_data(atlas, words, index)).collect();
    DayData {
        day,
        date: day.to_string(),
        label: words.long_date(day),
        number: meta.day_number(day),
        areas: round(all),
        uncertain: round(uncertain),
        change: change.map(round),
        held: side_chars,
        events,
    }
}

fn event_data(atlas: &Atlas, words: &Words, index: usize) -> EventData {
    let dataset = &atlas.dataset;
    let event = &dataset.events[index];
    EventData {
        kind: event.kind.as_str(),
        status: event.status.as_str(),
        place: event.place.map(|p| dataset.places[p].name(&words.lang).to_string()),
        side: event.side.map(|s| words.side(&dataset.meta.sides[s]).to_string()),
        title: words.event_title(&event.title).to_string(),
        note: event.note.clone(),
        sources: event
            .sources
            .iter()
            .map(|source| SourceData {
                publisher: source.publisher.clone(),
                date: words.long_date(source.date),
                url: source.url.clone(),
                href: is_web_address(&source.url).then(|| source.url.clone()),
            })
            .collect(),
    }
}

fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.contains(char::is_whitespace)
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

/// The page's fixed text that comes from the dataset: (range of days, credits).
fn range_and_credits(atlas: &Atlas, days: &[NaiveDate], (words, relief): (&Words, bool)) -> (String, String) {
    let meta = &atlas.dataset.meta;
    let first = days.first().map(|d| words.long_date(*d)).unwrap_or_default();
    let last = days.last().map(|d| words.long_date(*d)).unwrap_or_default();
    let range = if days.len() == 1 { first } else { words.fill("report.range", &[("first", &first), ("last", &last)]) };
    let method = words.dataset("method", &meta.method);
    let mut credits = escape(&words.fill("credits.method", &[("method", method)]));
    // Attribution lines are the data's publishers and licences, as dataset.toml words them.
    for line in &atlas.dataset.attribution(words, relief) {
        credits.push_str(" <span class=\"attribution\">");
        credits.push_str(&escape(line));
        credits.push_str("</span>");
    }
    (range, credits)
}

/// The line under the title: "Subtitle. 27 September 2020 to 1 December 2020."
fn subtitle_line(subtitle: Option<&str>, range: &str, words: &Words) -> String {
    match subtitle {
        Some(subtitle) => words.fill("report.subtitle", &[("subtitle", subtitle), ("range", range)]),
        None => words.fill("report.range_only", &[("range", range)]),
    }
}

fn page(atlas: &Atlas, job: &ReportJob, (data, words): (&PageData, &Words), maps: &[PageMap]) -> Result<String> {
    let mut map_elements = String::new();
    for map in maps {
        if maps::closes_script(map) {
            let what = format!("report maps ({})", map.size.name);
            return Err(Error::Render { what, message: "contains \"</script\"".into() });
        }
        map_elements.push_str(&maps::script_elements(map, &job.days));
    }
    let (range, credits) = range_and_credits(atlas, &job.days, (words, job.scene.relief));
    let generator = format!("frontline {}", env!("CARGO_PKG_VERSION"));
    let example = job.days.last().map(|d| d.to_string()).unwrap_or_default();
    let replacements = [
        ("{{LANG}}", escape(crate::i18n::first(&words.lang))),
        ("{{TITLE}}", escape(&data.title)),
        ("{{PAGE_TITLE}}", escape(&words.fill("report.page_title", &[("title", &data.title)]))),
        ("{{SUBTITLE}}", escape(&subtitle_line(data.subtitle.as_deref(), &range, words))),
        ("{{LAST_INDEX}}", (job.days.len() - 1).to_string()),
        ("{{GENERATOR}}", escape(&generator)),
        ("{{MADE_WITH}}", escape(&words.fill("report.made_with", &[("generator", &generator)]))),
        ("{{KEYS_HELP}}", escape(&words.fill("report.keys_help", &[("example", &example)]))),
        ("{{CREDITS}}", credits),
        ("{{CHART}}", chart_svg(&data.days, &data.sides, &data.chart, words)),
        ("{{CHART_LEGEND}}", chart::legend_html(&data.sides)),
        ("{{LEGEND}}", legend::legend_html(&atlas.dataset, (&job.scene.theme, job.scene.arrows.is_some()), words)),
        ("{{FONTS}}", font_faces()),
        ("{{THEME}}", colours::theme_css(&job.scene.theme)),
        ("{{STYLE}}", STYLE.to_string()),
        ("{{DATA}}", script_json(data)),
        ("{{STRINGS}}", strings::script_json(words)),
        ("{{SCRIPT}}", SCRIPT.to_string()),
        ("{{MAPS}}", map_elements),
    ];
    Ok(fill_template(TEMPLATE, &replacements, words))
}

/// One pass over the template, so that no replacement is searched for inside another one:
/// `{{NAME}}` from `replacements`, `{{s:KEY}}` from the table of words (escaped).
fn fill_template(template: &str, replacements: &[(&str, String)], words: &Words) -> String {
    let mut html = String::with_capacity(template.len() + replacements.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        html.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some((key, value)) = replacements.iter().find(|(key, _)| tail.starts_with(key)) {
            html.push_str(value);
            rest = &tail[key.len()..];
        } else if let (Some(key), Some(end)) = (tail.strip_prefix("{{s:"), tail.find("}}")) {
            html.push_str(&escape(words.get(&key[..end - 4])));
            rest = &tail[end + 2..];
        } else {
            html.push_str("{{");
            rest = &tail[2..];
        }
    }
    html.push_str(rest);
    html
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

    fn data_of(atlas: &Atlas, job: &ReportJob) -> PageData {
        page_data(atlas, job, &Words::default(), &[])
    }

    #[test]
    fn areas_of_the_sides_sum_to_the_theatre() {
        let atlas = atlas();
        let data = data_of(&atlas, &job(&["2020-09-27", "2020-11-09", "2020-12-01"]));
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
        let data = data_of(&atlas, &job(&["2020-11-08"]));
        let sources: Vec<&SourceData> = data.days[0].events.iter().flat_map(|e| &e.sources).collect();
        assert!(!sources.is_empty());
        for source in sources {
            assert_eq!(source.href.is_some(), source.url.starts_with("http"), "{}", source.url);
        }
    }

    #[test]
    fn json_cannot_end_its_script_element() {
        let atlas = atlas();
        let mut data = data_of(&atlas, &job(&["2020-11-08"]));
        data.title = "</script><script>alert(1)</script>".into();
        let json = script_json(&data);
        assert!(!json.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["title"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn chart_scale_is_round_and_covers_the_data() {
        let atlas = atlas();
        let data = data_of(&atlas, &job(&["2020-09-27", "2020-12-01"]));
        let (top, step) = chart::chart_scale(&data.days);
        let max = data.days.iter().flat_map(|d| d.areas.iter().copied()).fold(0.0, f64::max);
        assert!(top >= max && top - step < max, "{top} {step} {max}");
        assert!((3.0..=7.0).contains(&(top / step)), "{top} {step}");
        let plot = chart::CHART_TOP..=chart::CHART_H - chart::CHART_BOTTOM;
        assert!(data.chart.y.iter().flatten().all(|y| plot.contains(y)));
    }

    #[test]
    fn the_page_has_every_day_and_no_placeholder_left() {
        let atlas = atlas();
        let job = job(&["2020-11-07", "2020-11-08"]);
        let words = Words::default();
        let maps: Vec<PageMap> =
            maps::SIZES.iter().map(|&s| maps::page_map(&atlas, &job.days, &job.scene, s)).collect();
        let data = page_data(&atlas, &job, &words, &maps);
        let html = page(&atlas, &job, (&data, &words), &maps).unwrap();
        assert!(!html.contains("{{"), "a placeholder is left");
        for id in ["wide-day-2020-11-07", "narrow-day-2020-11-08", "wide-ground", "narrow-atoms"] {
            assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        assert!(html.contains(r#"max="1""#));
        assert!(html.contains("@font-face{font-family:'DejaVu Sans';font-stretch:semi-condensed;font-weight:700"));
        assert!(html.contains(r#"id="frontline-strings""#));
        assert!(!html.contains("http-equiv=\"refresh\""));
    }

    /// The page's atoms give the same km² as the library's comparison (`render --compare`).
    #[test]
    fn held_atoms_give_the_gains_of_a_comparison() {
        let atlas = atlas();
        let data = data_of(&atlas, &job(&["2020-10-01", "2020-11-09"]));
        let gains = crate::advance::gains(&atlas, day("2020-10-01"), day("2020-11-09"));
        let (before, after) = (data.days[0].held.as_bytes(), data.days[1].held.as_bytes());
        assert_eq!(after.len(), atlas.ground.atoms.len());
        for (side, _, km2) in &gains.by_side {
            let mark = char::from_digit(*side as u32, 36).unwrap() as u8;
            let page: f64 =
                (0..after.len()).filter(|&i| after[i] == mark && before[i] != mark).map(|i| data.atoms_km2[i]).sum();
            assert!((page - km2).abs() < 0.5, "side {side}: page {page}, library {km2}");
        }
        assert!(!gains.by_side.is_empty());
    }

    #[test]
    fn words_of_the_template_come_from_the_table() {
        let words = Words::default();
        let html = fill_template("<b>{{s:panel.events}}</b>{{X}}{{", &[("{{X}}", "x".into())], &words);
        assert_eq!(html, "<b>Events of the day</b>x{{");
    }
}
