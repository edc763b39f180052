//! The furniture of the map: scale bar, north arrow, locator inset (the same every day of a
//! view, composed with the base) and the credits line along the bottom.

use geo::Coord;

use super::compose::text;
use super::fit::{Fit, geometry_rings};
use super::theme::Theme;
use super::{Anchor, Item, Paint, Rect, Shape, Stroke};
use crate::dataset::Dataset;
use crate::fonts;
use crate::i18n::Words;

/// A scale bar of a round length in the map's bottom-left corner; returns its box.
pub(crate) fn scale_bar(fit: &Fit, (theme, words): (&Theme, &Words), map: Rect, items: &mut Vec<Item>) -> Rect {
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
    let mut end = text(
        x + length,
        y - theme.px(4.0),
        words.fill("map.scale", &[("km", &format!("{km:.0}"))]),
        size,
        false,
        theme.text,
    );
    end.anchor = Anchor::Middle;
    items.push(Item::Text(end));
    background
}

/// A north arrow in the map's top-left corner; returns its box.
pub(crate) fn north_arrow((theme, words): (&Theme, &Words), map: Rect, items: &mut Vec<Item>) -> Rect {
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
    // A letter wider than "N" ("Пн", "Հս") widens the box the labels keep off.
    let letter = fonts::text_width(words.get("map.north"), size, true).max(w * 2.0);
    let mut n = text(x, top - theme.px(5.0), words.get("map.north"), size, true, theme.text);
    n.anchor = Anchor::Middle;
    n.halo = Some((theme.halo, theme.px(3.0)));
    items.push(Item::Text(n));
    Rect::new(x - letter / 2.0, top - size * 1.3, letter, h + size * 1.3 + theme.px(2.0))
}

/// The projected extent (km) of the countries layer, when it has one.
fn countries_extent(dataset: &Dataset, fit: &Fit) -> Option<(Coord<f64>, Coord<f64>)> {
    let mut min = Coord { x: f64::MAX, y: f64::MAX };
    let mut max = Coord { x: f64::MIN, y: f64::MIN };
    for feature in dataset.countries() {
        for c in geo::CoordsIter::coords_iter(&feature.geometry) {
            let p = fit.projection.forward(c.x, c.y);
            min = Coord { x: min.x.min(p.x), y: min.y.min(p.y) };
            max = Coord { x: max.x.max(p.x), y: max.y.max(p.y) };
        }
    }
    (min.x < max.x && min.y < max.y).then_some((min, max))
}

/// A locator inset in the map's bottom-right corner: the region's countries with the map's
/// extent outlined. Returns its box.
pub(crate) fn locator(
    dataset: &Dataset,
    fit: &Fit,
    (theme, words): (&Theme, &Words),
    map: Rect,
    items: &mut Vec<Item>,
) -> Rect {
    let Some((min, max)) = countries_extent(dataset, fit) else {
        return Rect::new(map.right(), map.bottom(), 0.0, 0.0);
    };
    let w = (map.w * 0.2).max(theme.px(150.0));
    let h = w * ((max.y - min.y) / (max.x - min.x)) as f32;
    let frame = Rect::new(map.right() - w - theme.px(12.0), map.bottom() - h - theme.px(12.0), w, h);
    let scale = (w as f64) / (max.x - min.x);
    let km_px = |x: f64, y: f64| (frame.x + ((x - min.x) * scale) as f32, frame.y + ((max.y - y) * scale) as f32);
    let to_px = |lon: f64, lat: f64| {
        let p = fit.projection.forward(lon, lat);
        km_px(p.x, p.y)
    };
    let mut inner =
        vec![Item::Rect { rect: frame, fill: Some(theme.water.mix(theme.page, 0.3)), fill_opacity: 1.0, stroke: None }];
    for feature in dataset.countries() {
        let sides = &dataset.meta.sides;
        let home = sides.iter().position(|side| side.home.is_some() && side.home == feature.name);
        let fill = match home {
            Some(side) => theme.side_colour(sides, side).mix(theme.tint_base, theme.home_tint - 0.15),
            None => theme.land,
        };
        let (rings, closed) = geometry_rings(&feature.geometry, to_px);
        if !closed {
            continue;
        }
        inner.push(Item::Shape(Shape {
            rings,
            closed: true,
            fill: Some(Paint::Solid(fill)),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.border, theme.px(0.6))),
        }));
    }
    // Undated ground held outside the theatre, as on the map (the inset is the same every day).
    for held in dataset.held.iter().filter(|held| held.undated()) {
        let Some(side) = held.side else { continue };
        let fill = theme.side_colour(&dataset.meta.sides, side).mix(theme.tint_base, theme.home_tint - 0.15);
        let (rings, _) = geometry_rings(&geo::Geometry::MultiPolygon(held.shape.clone()), to_px);
        inner.push(Item::Shape(Shape {
            rings,
            closed: true,
            fill: Some(Paint::Solid(fill)),
            fill_opacity: 1.0,
            stroke: None,
        }));
    }
    locator_names(dataset, (theme, words), frame, &to_px, &mut inner);
    // The map's extent.
    let (x0, y0) = fit.px_to_km(map.x, map.y);
    let (x1, y1) = fit.px_to_km(map.right(), map.bottom());
    let extent = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].iter().map(|&(x, y)| km_px(x, y)).collect();
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

/// Country names in the inset, where they fit inside it.
fn locator_names(
    dataset: &Dataset,
    (theme, words): (&Theme, &Words),
    frame: Rect,
    to_px: &dyn Fn(f64, f64) -> (f32, f32),
    inner: &mut Vec<Item>,
) {
    for feature in dataset.countries() {
        let (Some(name), Some(point)) = (&feature.name, geo::InteriorPoint::interior_point(&feature.geometry)) else {
            continue;
        };
        let name = fonts::uppercase_if_covered(words.country(name));
        let (x, y) = to_px(point.x(), point.y());
        let size = theme.px(9.5);
        // Measured in capitals, as drawn: they are wider.
        let width = fonts::text_width(&name, size, false);
        if x - width / 2.0 > frame.x + 2.0
            && x + width / 2.0 < frame.right() - 2.0
            && y - size > frame.y
            && y < frame.bottom() - 2.0
        {
            let mut label = text(x, y, name, size, false, theme.text_muted);
            label.anchor = Anchor::Middle;
            inner.push(Item::Text(label));
        }
    }
}

/// The credits line of a day with these events: their sources, the method, data attribution.
pub(crate) fn credits_text(dataset: &Dataset, words: &Words, events: &[usize], attribution: &[String]) -> String {
    let mut publishers: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &index in events {
        for source in &dataset.events[index].sources {
            if seen.insert(source.publisher.as_str()) {
                publishers.push(&source.publisher);
            }
        }
    }
    let mut parts = Vec::new();
    if !publishers.is_empty() {
        parts.push(words.fill("credits.sources", &[("publishers", &publishers.join(", "))]));
    }
    let method = words.dataset("method", &dataset.meta.method);
    parts.push(words.fill("credits.method", &[("method", method.trim_end_matches(['.', '։']))]));
    parts.extend(attribution.iter().cloned());
    parts.join(" ")
}

/// The most lines the credits wrap to on any day of the dataset: the footer reserves them all,
/// so that the map's frame is the same every day (a frame that followed each day's credits
/// zoomed the map by 1.5% on the days with more sources, a jump in the animations).
pub(crate) fn credit_lines_reserved(
    dataset: &Dataset,
    (words, attribution): (&Words, &[String]),
    size: f32,
    width: f32,
) -> usize {
    let mut by_day: std::collections::BTreeMap<chrono::NaiveDate, Vec<usize>> = Default::default();
    for (index, event) in dataset.events.iter().enumerate() {
        by_day.entry(event.day).or_default().push(index);
    }
    let lines = |events: &[usize]| {
        fonts::wrap_at_most(&credits_text(dataset, words, events, attribution), size, false, width, MAX_CREDIT_LINES)
            .len()
    };
    by_day.values().map(|events| lines(events)).chain(std::iter::once(lines(&[]))).max().unwrap_or(1)
}

/// The footer never takes more lines than this: a day with more sources than fit ends its
/// credits in "…" (`frontline events` lists them all).
pub(crate) const MAX_CREDIT_LINES: usize = 6;

/// The credits of a day along the bottom, in the reserved lines (the last line ends in "…"
/// should a day ever need more).
pub(crate) fn credits(
    dataset: &Dataset,
    (day, events): (chrono::NaiveDate, &[usize]),
    base: &super::base::Base,
) -> Vec<Item> {
    let (theme, layout, words) = (&base.theme, &base.layout, &base.words);
    let size = layout.credit_size;
    let content = if layout.compact {
        compact_credits(words, &dataset.events_arguments(day), &base.attribution)
    } else {
        credits_text(dataset, words, events, &base.attribution)
    };
    let width = layout.width - 2.0 * layout.pad;
    let mut lines = fonts::wrap(&content, size, false, width);
    if lines.len() > layout.credit_lines {
        lines.truncate(layout.credit_lines);
        if let Some(last) = lines.last_mut() {
            // Drop words until the mark fits too: a full line plus " …" would leave the page.
            while fonts::text_width(&format!("{last} …"), size, false) > width {
                match last.rfind(' ') {
                    Some(cut) => last.truncate(cut),
                    None => break,
                }
            }
            last.push_str(" …");
        }
    }
    let mut y = layout.panel.bottom().max(layout.map.bottom()) + layout.pad * 0.35;
    let mut items = Vec::new();
    for part in lines {
        y += size * 1.35;
        items.push(Item::Text(text(layout.pad, y, part, size, false, theme.text_muted)));
    }
    items
}

/// The one line of credits of a compact page: where the day's sources are, and the data's
/// attribution in short (the full lines are on the poster and in the file's metadata).
fn compact_credits(words: &Words, events_arguments: &str, attribution: &[String]) -> String {
    let short: Vec<String> = attribution.iter().map(|line| first_sentence(line)).collect();
    words.fill("compact.credits", &[("date", events_arguments), ("attribution", &short.join("; "))])
}

/// A credit line's first sentence, without its full stop (the lines are joined by "; "), and
/// ending in "…" when more followed. A sentence ends at a full stop before a space or at the
/// end of the line: the dots of "CC BY 4.0" and "1:10m" are not ends ("GeoNames CC BY 4"
/// named the wrong licence).
fn first_sentence(line: &str) -> String {
    let line = line.trim();
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends_sentence = matches!(c, '.' | '։') && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends_sentence {
            let rest = line[at + c.len_utf8()..].trim();
            return if rest.is_empty() { line[..at].to_string() } else { format!("{}…", &line[..at]) };
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compact_credit_is_cut_only_where_a_sentence_ends() {
        assert_eq!(
            first_sentence("GeoNames CC BY 4.0; approximate lines after ISW."),
            "GeoNames CC BY 4.0; approximate lines after ISW"
        );
        assert_eq!(first_sentence("Natural Earth 1:10m (public domain)"), "Natural Earth 1:10m (public domain)");
        assert_eq!(first_sentence("Places: GeoNames (CC BY 4.0). Roads authored."), "Places: GeoNames (CC BY 4.0)…");
        assert_eq!(first_sentence("Տվյալներ՝ GeoNames։ Ճանապարհներ"), "Տվյալներ՝ GeoNames…");
    }
}
