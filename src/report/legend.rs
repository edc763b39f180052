//! The map's legend as HTML: a small SVG swatch drawn with the theme's colours and a label from
//! the page's table of words. It lists every symbol the maps may show (the page's maps change
//! with the day; the legend does not).

use std::fmt::Write;

use crate::dataset::{Dataset, LayerRole};
use crate::i18n::Words;
use crate::render::svg::escape;
use crate::scene::Theme;

/// A 28 x 16 swatch around `body`.
fn swatch(body: &str) -> String {
    format!(r#"<svg class="sw" viewBox="0 0 28 16" aria-hidden="true">{body}</svg>"#)
}

fn line(colour: impl std::fmt::Display, width: f32, dash: &str) -> String {
    let dash = if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
    format!(r#"<line x1="1" y1="8" x2="27" y2="8" stroke="{colour}" stroke-width="{width}"{dash}/>"#)
}

/// A hatch of `colour` (on `background`, if any) rising at `angle` degrees, in a swatch.
fn hatch(id: &str, colour: impl std::fmt::Display, background: Option<String>, angle: i32) -> String {
    let back = background.map(|b| format!(r#"<rect width="28" height="16" fill="{b}"/>"#)).unwrap_or_default();
    format!(
        r#"<defs><pattern id="{id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate({angle})"><line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="4"/></pattern></defs>{back}<rect width="28" height="16" fill="url(#{id})"/>"#
    )
}

fn row(out: &mut String, swatch_body: &str, label: &str) {
    let _ = write!(out, "<li>{}<span>{}</span></li>", swatch(swatch_body), escape(label));
}

/// The light tints outside the theatre, as on the poster: each side's home country, and the
/// ground a `held` layer gives a side on some day.
fn home_and_held_rows(dataset: &Dataset, theme: &Theme, words: &Words, out: &mut String) {
    let sides = &dataset.meta.sides;
    let tint = |index: usize| format!(r#"<rect width="28" height="16" fill="{}"/>"#, theme.home_colour(sides, index));
    for (index, side) in sides.iter().enumerate() {
        if let Some(home) = &side.home {
            row(out, &tint(index), words.country(home));
        }
    }
    let mut holders: Vec<usize> = dataset.held.iter().filter_map(|held| held.side).collect();
    holders.sort_unstable();
    holders.dedup();
    for index in holders {
        row(out, &tint(index), &words.fill("legend.held_outside", &[("side", words.side(&sides[index]))]));
    }
}

/// The legend's `<ul>`.
pub fn legend_html(dataset: &Dataset, (theme, arrows): (&Theme, bool), words: &Words) -> String {
    let meta = &dataset.meta;
    let mut out = String::from(r#"<ul class="legend">"#);
    for (index, side) in meta.sides.iter().enumerate() {
        let colour = theme.side_colour(&meta.sides, index);
        let name = [("side", words.side(side))];
        row(&mut out, &format!(r#"<rect width="28" height="16" fill="{colour}"/>"#), &words.fill("legend.held", &name));
        let back = Some(colour.mix(theme.tint_base, theme.uncertain_tint).to_string());
        row(&mut out, &hatch(&format!("lg-claimed-{index}"), colour, back, 45), &words.fill("legend.claimed", &name));
    }
    home_and_held_rows(dataset, theme, words, &mut out);
    let dash: Vec<String> = theme.changed_dash.iter().map(|d| format!("{}", d * 0.6)).collect();
    let changed = format!(
        r#"<rect x="2" y="2" width="24" height="12" fill="none" stroke="{}" stroke-width="3" stroke-dasharray="{}"/>"#,
        theme.changed,
        dash.join(" ")
    );
    row(&mut out, &changed, words.get("legend.changed"));
    for (index, side) in meta.sides.iter().enumerate() {
        let colour = theme.side_colour(&meta.sides, index);
        let body = format!(r#"<rect width="28" height="16" fill="{colour}"/>"#)
            + &hatch(&format!("lg-gained-{index}"), theme.halo, None, -45)
            + &format!(
                r#"<rect x="1" y="1" width="26" height="14" fill="none" stroke="{}" stroke-width="2"/>"#,
                theme.text
            );
        row(&mut out, &body, &words.fill("report.legend_gained", &[("side", words.side(side))]));
    }
    let front = line(theme.frontline_casing, theme.frontline_width + 3.0, "")
        + &line(theme.frontline, theme.frontline_width, "");
    row(&mut out, &front, words.get("legend.frontline"));
    if dataset.lines_of_contact().next().is_some() {
        let date = words.long_date(meta.first_day);
        row(
            &mut out,
            &line(theme.line_of_contact, 1.6, "6 4"),
            &words.fill("legend.line_of_contact", &[("date", &date)]),
        );
    }
    if dataset.reference_lines.iter().any(|l| l.kind == "oblast_outline") {
        row(&mut out, &line(theme.text_muted, 1.1, "1.5 3"), words.get("legend.oblast_outline"));
    }
    legend_layers(dataset, theme, words, &mut out);
    if arrows {
        // The maps' arrows are in each side's colour; the swatch is neutral, as on the poster.
        let head = format!(r#"<path d="M1 6.5H18V3L27 8L18 13V9.5H1Z" fill="{}"/>"#, theme.text_muted);
        row(&mut out, &head, words.get("legend.advance"));
    }
    let burst = format!(r#"<circle cx="14" cy="8" r="6" fill="{}" stroke="{}"/>"#, theme.strike, theme.halo);
    row(&mut out, &burst, words.get("legend.strike"));
    let town = format!(r#"<circle cx="14" cy="8" r="3.5" fill="{}" stroke="{}"/>"#, theme.marker, theme.halo);
    row(&mut out, &town, words.get("legend.town"));
    out.push_str("</ul>");
    out
}

/// Rows of the context layers the dataset has.
fn legend_layers(dataset: &Dataset, theme: &Theme, words: &Words, out: &mut String) {
    let has = |role: LayerRole| dataset.layers.iter().any(|l| l.role == role && !l.features.is_empty());
    if has(LayerRole::Roads) {
        row(out, &line(theme.road, 1.5, ""), words.get("legend.road"));
    }
    if has(LayerRole::Rivers) || has(LayerRole::Lakes) {
        let lake = format!(r#"<rect x="17" y="3" width="10" height="10" fill="{}"/>"#, theme.water);
        row(out, &(line(theme.water, 1.2, "") + &lake), words.get("legend.water"));
    }
    if has(LayerRole::Districts) {
        row(out, &line(theme.text_muted.mix(theme.page, 0.15), 0.8, ""), words.get("legend.district"));
    }
    if has(LayerRole::Borders) {
        row(out, &line(theme.border, theme.border_width, "7 2.5 1.5 2.5"), words.get("legend.border"));
    }
}
