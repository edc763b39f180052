//! Scene to SVG text. Numbers are written with two decimals at most, so the same scene always
//! gives the same bytes and diffs show only real changes.

use std::fmt::Write;

use crate::fonts;
use crate::scene::{Anchor, Item, Paint, Pattern, Scene, Shade, Stroke, Text};

/// Write a number with at most two decimals, without trailing zeros. In integer hundredths
/// (an f32 times 100 is exact in f64), rounded half to even as `format!("{:.2}")` rounds: the
/// same text, several times faster than formatting a float (a day's SVG has ~50,000 numbers).
fn num(value: f32) -> String {
    let hundredths = (f64::from(value) * 100.0).round_ties_even();
    if !hundredths.is_finite() || hundredths.abs() >= 1e15 {
        return num_slow(value);
    }
    let n = hundredths as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (whole, part) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
    match part {
        0 if n == 0 => "0".into(),
        0 => format!("{sign}{whole}"),
        p if p % 10 == 0 => format!("{sign}{whole}.{}", p / 10),
        p => format!("{sign}{whole}.{p:02}"),
    }
}

/// [`num`] by formatting the float: for values out of the integer range.
fn num_slow(value: f32) -> String {
    let mut text = format!("{:.2}", value);
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    if text == "-0" { "0".into() } else { text }
}

/// Escape text for XML and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A shape's SVG path data (`M.. L.. Z`).
pub fn path_data(rings: &[Vec<(f32, f32)>], closed: bool) -> String {
    let mut d = String::new();
    for ring in rings {
        for (k, (x, y)) in ring.iter().enumerate() {
            let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { "L" }, num(*x), num(*y));
        }
        if closed && !ring.is_empty() {
            d.push('Z');
        }
    }
    d
}

fn stroke_attributes(out: &mut String, stroke: &Option<Stroke>) {
    match stroke {
        None => out.push_str(r#" stroke="none""#),
        Some(stroke) => {
            // Dashes keep square ends so that their rhythm stays as drawn.
            let cap = if stroke.dash.is_empty() { "round" } else { "butt" };
            let _ = write!(
                out,
                r#" stroke="{}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="{cap}""#,
                stroke.colour,
                num(stroke.width)
            );
            if !stroke.dash.is_empty() {
                let dash: Vec<String> = stroke.dash.iter().map(|d| num(*d)).collect();
                let _ = write!(out, r#" stroke-dasharray="{}""#, dash.join(" "));
            }
            if stroke.opacity < 1.0 {
                let _ = write!(out, r#" stroke-opacity="{}""#, num(stroke.opacity));
            }
        }
    }
}

fn pattern(out: &mut String, index: usize, pattern: &Pattern) {
    let s = num(pattern.spacing);
    let _ = write!(
        out,
        r#"<pattern id="p{index}" patternUnits="userSpaceOnUse" width="{s}" height="{s}" patternTransform="rotate({})">"#,
        num(pattern.angle)
    );
    if let Some(background) = pattern.background {
        let _ = write!(out, r#"<rect width="{s}" height="{s}" fill="{background}"/>"#);
    }
    let _ = write!(
        out,
        r#"<line x1="0" y1="0" x2="0" y2="{s}" stroke="{}" stroke-width="{}"/></pattern>"#,
        pattern.colour,
        num(pattern.width * 2.0)
    );
}

fn text(out: &mut String, text: &Text) {
    let anchor = match text.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let weight = if text.bold { "bold" } else { "normal" };
    if let Some(link) = &text.link
        && link.starts_with("http")
    {
        let _ = write!(out, r#"<a href="{}">"#, escape(link));
    }
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" font-weight="{weight}" text-anchor="{anchor}" fill="{}""#,
        num(text.x),
        num(text.y),
        num(text.size),
        text.fill
    );
    if let Some((colour, width)) = text.halo {
        let _ = write!(
            out,
            r#" stroke="{colour}" stroke-width="{}" stroke-linejoin="round" paint-order="stroke""#,
            num(width)
        );
    }
    let _ = write!(out, ">{}</text>", escape(&text.text));
    if text.link.as_deref().is_some_and(|l| l.starts_with("http")) {
        out.push_str("</a>");
    }
}

fn item(out: &mut String, node: &Item, clips: &mut usize) {
    match node {
        Item::Shape(shape) => {
            if shape.rings.iter().all(|r| r.len() < 2) {
                return;
            }
            let _ = write!(out, r#"<path d="{}""#, path_data(&shape.rings, shape.closed));
            match &shape.fill {
                None => out.push_str(r#" fill="none""#),
                Some(Paint::Solid(colour)) => {
                    let _ = write!(out, r#" fill="{colour}" fill-rule="evenodd""#);
                }
                Some(Paint::Pattern(index)) => {
                    let _ = write!(out, r#" fill="url(#p{index})" fill-rule="evenodd""#);
                }
            }
            if shape.fill.is_some() && shape.fill_opacity < 1.0 {
                let _ = write!(out, r#" fill-opacity="{}""#, num(shape.fill_opacity));
            }
            stroke_attributes(out, &shape.stroke);
            out.push_str("/>\n");
        }
        Item::Text(t) => {
            text(out, t);
            out.push('\n');
        }
        Item::Circle { cx, cy, r, fill, stroke } => {
            let _ = write!(out, r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}""#, num(*cx), num(*cy), num(*r));
            stroke_attributes(out, stroke);
            out.push_str("/>\n");
        }
        Item::Rect { rect, fill, fill_opacity, stroke } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                num(rect.x),
                num(rect.y),
                num(rect.w),
                num(rect.h)
            );
            match fill {
                Some(colour) => {
                    let _ = write!(out, r#" fill="{colour}""#);
                    if *fill_opacity < 1.0 {
                        let _ = write!(out, r#" fill-opacity="{}""#, num(*fill_opacity));
                    }
                }
                None => out.push_str(r#" fill="none""#),
            }
            stroke_attributes(out, stroke);
            out.push_str("/>\n");
        }
        Item::Image { rect, image } => {
            // Smooth scaling (resvg's default, optimizeQuality) as the raster backend draws it.
            let _ = writeln!(
                out,
                r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="data:image/png;base64,{}"/>"#,
                num(rect.x),
                num(rect.y),
                num(rect.w),
                num(rect.h),
                image.encoded.get_or_init(|| png_base64(image))
            );
        }
        Item::Clipped { clip, items } => {
            *clips += 1;
            let id = *clips;
            let _ = writeln!(
                out,
                r#"<clipPath id="c{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#c{id})">"#,
                num(clip.x),
                num(clip.y),
                num(clip.w),
                num(clip.h)
            );
            for child in items {
                item(out, child, clips);
            }
            out.push_str("</g>\n");
        }
    }
}

/// A raster as a PNG in base64, for a data URL.
fn png_base64(image: &Shade) -> String {
    use base64::Engine;
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_compression(png::Compression::High);
    // Writing to memory cannot fail, and the size matches the pixels by construction.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&image.rgba);
    }
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The SVG document of a scene.
pub fn render_svg(scene: &Scene) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let (w, h) = (num(scene.width), num(scene.height));
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'{}', 'DejaVu Sans Condensed', sans-serif" font-stretch="{}">"#,
        fonts::FAMILY,
        fonts::STRETCH
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&scene.title));
    let _ = writeln!(out, "<desc>{}</desc>", escape(&scene.description));
    out.push_str("<defs>");
    for (index, p) in scene.patterns.iter().enumerate() {
        pattern(&mut out, index, p);
    }
    out.push_str("</defs>\n");
    let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="{}"/>"#, scene.background);
    let mut clips = 0;
    for child in &scene.items() {
        item(&mut out, child, &mut clips);
    }
    out.push_str("</svg>\n");
    out
}

/// Items and the hatch patterns they use as a piece of SVG without the `<svg>` element, for a
/// page that assembles a map from layers (the HTML report). Clip ids count from `first_clip`,
/// so that two fragments of one document do not share one.
pub fn render_fragment(items: &[Item], patterns: &[Pattern], first_clip: usize) -> String {
    let mut out = String::with_capacity(64 * 1024);
    if !patterns.is_empty() {
        out.push_str("<defs>");
        for (index, p) in patterns.iter().enumerate() {
            pattern(&mut out, index, p);
        }
        out.push_str("</defs>\n");
    }
    let mut clips = first_clip;
    for child in items {
        item(&mut out, child, &mut clips);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.234567), "1.23");
        assert_eq!(num(-0.001), "0");
    }

    proptest::proptest! {
        #[test]
        fn numbers_are_written_as_float_formatting_writes_them(value in -1e7f32..1e7f32) {
            proptest::prop_assert_eq!(num(value), num_slow(value));
        }

        #[test]
        fn small_numbers_too(value in -2.0f32..2.0f32) {
            proptest::prop_assert_eq!(num(value), num_slow(value));
        }
    }

    #[test]
    fn ties_round_to_even_as_formatting_does() {
        for value in [0.125f32, 0.375, -0.125, 2.5, 0.005, 1.005, 1e-9, -1e-9, f32::NAN, f32::INFINITY] {
            assert_eq!(num(value), num_slow(value), "{value}");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("A & <B>"), "A &amp; &lt;B&gt;");
    }
}
