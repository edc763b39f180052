//! The report's chart of the area each side holds per day, as inline SVG: horizontal grid lines
//! in km², a line per side, date labels that never overlap, and the marker the page moves to
//! the day shown. Its legend is HTML beside it ([`legend_html`]), with every side of the
//! dataset, also those that hold no ground.

use std::fmt::Write;

use chrono::NaiveDate;

use super::strings::month;
use super::{DayData, SideData};
use crate::i18n::Words;
use crate::render::svg::escape;

/// The chart's frame, in its viewBox units: width, height, and the plot's margins.
pub const CHART_W: f64 = 372.0;
pub const CHART_H: f64 = 190.0;
pub const CHART_LEFT: f64 = 46.0;
const CHART_RIGHT: f64 = 18.0;
pub const CHART_TOP: f64 = 10.0;
pub const CHART_BOTTOM: f64 = 26.0;
/// Font size of the axis labels, in viewBox units (the page shows the chart at about 1.1 px a
/// unit on a laptop, 0.95 on a phone).
const AXIS_SIZE: f32 = 11.0;
/// Least room between two date labels, units.
const LABEL_GAP: f32 = 6.0;

/// Where the chart's points are, in the chart's own units, for the page to move its marker.
#[derive(Debug, serde::Serialize)]
pub struct ChartData {
    pub x: Vec<f64>,
    /// One row per side, one value per day.
    pub y: Vec<Vec<f64>>,
}

/// The top of the chart's scale and its step: a step of 1, 2 or 5 times a power of ten giving
/// 3 to 7 grid lines, the top the largest area rounded up to a step.
pub fn chart_scale(days: &[DayData]) -> (f64, f64) {
    let max = days.iter().flat_map(|d| d.areas.iter().copied()).fold(0.0, f64::max).max(1.0);
    let power = 10f64.powf((max / 5.0).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| max / s <= 6.0).unwrap_or(10.0 * power);
    ((max / step).ceil() * step, step)
}

pub fn chart_data(days: &[DayData], sides: usize) -> ChartData {
    let (top, _) = chart_scale(days);
    let plot_w = CHART_W - CHART_LEFT - CHART_RIGHT;
    let plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    let n = days.len();
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let x = (0..n)
        .map(|i| if n == 1 { CHART_LEFT + plot_w / 2.0 } else { CHART_LEFT + plot_w * i as f64 / (n - 1) as f64 })
        .map(round)
        .collect();
    let y = (0..sides).map(|s| days.iter().map(|d| round(CHART_TOP + plot_h * (1.0 - d.areas[s] / top))).collect());
    ChartData { x, y: y.collect() }
}

/// A date label on the axis: the day's index, its text and where its box starts and ends.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisLabel {
    pub index: usize,
    pub text: String,
    pub left: f32,
    pub right: f32,
}

/// The date labels that fit without overlapping: month starts first (they say the most), then
/// the first and the last day; every day when there are few. Sorted by day.
pub fn axis_labels(dates: &[NaiveDate], x: &[f64], words: &Words) -> Vec<AxisLabel> {
    let n = dates.len();
    let mut wanted: Vec<(usize, String)> = Vec::new();
    for (i, day) in dates.iter().enumerate() {
        use chrono::Datelike;
        if n > 12 && day.day() == 1 && i > 0 {
            wanted.push((i, month(words, *day)));
        }
    }
    let mut ends = vec![0, n.saturating_sub(1)];
    if n <= 12 {
        ends = (0..n).collect();
    }
    wanted.extend(ends.into_iter().map(|i| (i, words.short_date(dates[i]))));
    let mut placed: Vec<AxisLabel> = Vec::new();
    for (index, text) in wanted {
        let width = crate::fonts::text_width(&text, AXIS_SIZE, false);
        let centre = x[index] as f32;
        // The first and last labels keep inside the chart.
        let left = if n > 1 && index == 0 {
            centre
        } else if n > 1 && index == n - 1 {
            centre - width
        } else {
            centre - width / 2.0
        };
        let label = AxisLabel { index, text, left, right: left + width };
        let clear = placed.iter().all(|p| label.left >= p.right + LABEL_GAP || label.right + LABEL_GAP <= p.left);
        if clear && !placed.iter().any(|p| p.index == index) {
            placed.push(label);
        }
    }
    placed.sort_by_key(|label| label.index);
    placed
}

/// The chart as inline SVG.
pub fn chart_svg(days: &[DayData], sides: &[SideData], chart: &ChartData, words: &Words) -> String {
    let (top, step) = chart_scale(days);
    let plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    let (left, right, bottom) = (CHART_LEFT, CHART_W - CHART_RIGHT, CHART_H - CHART_BOTTOM);
    let mut out = format!(
        r#"<svg id="chart" viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{}">"#,
        escape(words.get("report.chart_title"))
    );
    let mut value = 0.0;
    while value <= top + step / 2.0 {
        let y = CHART_TOP + plot_h * (1.0 - value / top);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{left}" x2="{right}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 4.0,
            words.number(value)
        );
        value += step;
    }
    let dates: Vec<NaiveDate> = days.iter().map(|d| d.day).collect();
    for label in axis_labels(&dates, &chart.x, words) {
        let x = chart.x[label.index];
        let _ = write!(
            out,
            r#"<line class="tick" x1="{x}" x2="{x}" y1="{bottom}" y2="{}"/><text class="axis date" x="{:.1}" y="{}">{}</text>"#,
            bottom + 4.0,
            label.left,
            bottom + 17.0,
            escape(&label.text)
        );
    }
    for (side, info) in sides.iter().enumerate() {
        let points: Vec<String> = chart.x.iter().zip(&chart.y[side]).map(|(x, y)| format!("{x},{y}")).collect();
        let _ = write!(
            out,
            r#"<polyline class="series" data-side="{side}" points="{}" stroke="{}"/>"#,
            points.join(" "),
            escape(&info.colour)
        );
    }
    let _ = write!(out, r#"<line id="chart-marker" x1="{left}" x2="{left}" y1="{CHART_TOP}" y2="{bottom}"/>"#);
    for (side, info) in sides.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="chart-dot" data-side="{side}" r="4" cx="{left}" cy="{bottom}" fill="{}"/>"#,
            escape(&info.colour)
        );
    }
    out.push_str("</svg>");
    out
}

/// The chart's legend: every side of the dataset, with its colour.
pub fn legend_html(sides: &[SideData]) -> String {
    let mut out = String::from(r#"<ul class="chart-legend">"#);
    for side in sides {
        let _ = write!(
            out,
            r#"<li><span class="swatch" style="background:{}"></span>{}</li>"#,
            escape(&side.colour),
            escape(&side.name)
        );
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(from: &str, count: usize) -> Vec<NaiveDate> {
        let first: NaiveDate = from.parse().unwrap();
        (0..count).map(|i| first + chrono::Days::new(i as u64)).collect()
    }

    fn xs(n: usize) -> Vec<f64> {
        (0..n).map(|i| CHART_LEFT + (CHART_W - CHART_LEFT - CHART_RIGHT) * i as f64 / (n - 1).max(1) as f64).collect()
    }

    /// Regression: "27 Sep" and "Oct" (4 days apart on a 66-day axis) overlapped.
    #[test]
    fn date_labels_of_the_war_do_not_overlap() {
        let words = Words::default();
        for n in [2, 5, 12, 13, 30, 66, 200] {
            let dates = days("2020-09-27", n);
            let labels = axis_labels(&dates, &xs(n), &words);
            assert!(!labels.is_empty());
            for pair in labels.windows(2) {
                assert!(pair[0].right + LABEL_GAP <= pair[1].left, "{n} days: {pair:?}");
            }
            assert!(labels.iter().all(|l| l.left >= 0.0 && l.right as f64 <= CHART_W), "{n}: {labels:?}");
        }
        let war: Vec<String> =
            axis_labels(&days("2020-09-27", 66), &xs(66), &words).into_iter().map(|l| l.text).collect();
        assert!(war.contains(&"Oct".to_string()) && war.contains(&"Nov".to_string()), "{war:?}");
    }
}
