//! The one typeface of every map, embedded in the binary: DejaVu Sans Condensed (regular and
//! bold, from the `dejavu` crate). It covers Latin with Azerbaijani letters (ə, ğ, ş), Cyrillic
//! and Armenian, so every name of the dataset renders the same on any machine. The scene
//! measures text with it; the PNG renderer draws with it; the SVG names it first in
//! `font-family`.

use std::sync::{Arc, OnceLock};

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// Family name as fontdb and the SVG see it.
pub const FAMILY: &str = "DejaVu Sans";
/// The CSS stretch of the embedded faces.
pub const STRETCH: &str = "semi-condensed";

fn regular() -> &'static [u8] {
    dejavu::sans_condensed::regular()
}

fn bold() -> &'static [u8] {
    dejavu::sans_condensed::bold()
}

/// The bytes of the regular or bold face.
pub fn face_data(is_bold: bool) -> &'static [u8] {
    if is_bold { bold() } else { regular() }
}

/// The font database for usvg, built once: the embedded faces only, no system fonts.
pub fn database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(regular().to_vec());
            db.load_font_data(bold().to_vec());
            db.set_sans_serif_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Width of `text` in px at `size` px, from the font's advance widths (no kerning: labels are
/// measured a little wide, never too narrow).
pub fn text_width(text: &str, size: f32, is_bold: bool) -> f32 {
    with_advances(size, is_bold, |advance| text.chars().map(advance).sum())
}

/// Run `f` with the advance width (px at `size`) of a character.
fn with_advances<T>(size: f32, is_bold: bool, f: impl FnOnce(&dyn Fn(char) -> f32) -> T) -> T {
    let data = if is_bold { bold() } else { regular() };
    let Ok(font) = FontRef::new(data) else {
        return f(&|_| size * 0.55);
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    f(&|c| charmap.map(c).and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(size * 0.55))
}

/// Does `text` run right to left: is its first strongly directed letter of a right-to-left
/// script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms)? The rule of a
/// paragraph's direction in the Unicode bidirectional algorithm, for a label's single line.
pub fn right_to_left(text: &str) -> bool {
    let rtl = |c: char| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF);
    text.chars().find(|c| c.is_alphabetic()).is_some_and(rtl)
}

/// Does the embedded font have a glyph for every character of `text`?
pub fn covers(text: &str) -> bool {
    let Ok(font) = FontRef::new(regular()) else {
        return false;
    };
    let charmap = font.charmap();
    text.chars().all(|c| c.is_whitespace() || charmap.map(c).is_some())
}

/// `text` in capitals when the embedded font has every capital, else as written. Georgian has
/// no case, but `to_uppercase` turns its Mkhedruli letters into Mtavruli (Unicode 11), which
/// DejaVu lacks: the map would show boxes where a name was.
pub fn uppercase_if_covered(text: &str) -> String {
    let upper = text.to_uppercase();
    if covers(&upper) { upper } else { text.to_string() }
}

/// Break `text` into lines no wider than `width` px.
pub fn wrap(text: &str, size: f32, is_bold: bool, width: f32) -> Vec<String> {
    wrap_at_most(text, size, is_bold, width, usize::MAX)
}

/// Where a line may break: white space, but not the no-break spaces that group digits
/// ("12 345") or hold an abbreviation to its number ("2020 г.").
fn breaks_line(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// [`wrap`], stopping after `most` lines. Widths add up character by character in the order
/// [`text_width`] sums them, so each line is measured once, not once per word.
pub fn wrap_at_most(text: &str, size: f32, is_bold: bool, width: f32, most: usize) -> Vec<String> {
    with_advances(size, is_bold, |advance| {
        let mut lines = Vec::new();
        let (mut line, mut line_width) = (String::new(), 0.0f32);
        for word in text.split(breaks_line).filter(|word| !word.is_empty()) {
            if lines.len() >= most {
                return lines;
            }
            if line.is_empty() {
                line.push_str(word);
                line_width = word.chars().map(advance).sum();
                continue;
            }
            let longer = word.chars().fold(line_width + advance(' '), |w, c| w + advance(c));
            if longer > width {
                lines.push(std::mem::replace(&mut line, word.to_string()));
                line_width = word.chars().map(advance).sum();
            } else {
                line.push(' ');
                line.push_str(word);
                line_width = longer;
            }
        }
        if !line.is_empty() && lines.len() < most {
            lines.push(line);
        }
        lines
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the locator inset wrote "საქართველო" in Mtavruli capitals, which the
    /// embedded font lacks, so the PNG and PDF showed boxes.
    #[test]
    fn georgian_stays_as_written_and_other_scripts_get_capitals() {
        let georgia = "საქართველო";
        assert!(covers(georgia), "DejaVu has Mkhedruli");
        assert!(!covers(&georgia.to_uppercase()), "and lacks Mtavruli, or this test has no point");
        assert_eq!(uppercase_if_covered(georgia), georgia);
        assert_eq!(uppercase_if_covered("Azerbaijan"), "AZERBAIJAN");
        assert_eq!(uppercase_if_covered("Հայաստան"), "ՀԱՅԱՍՏԱՆ");
        assert_eq!(uppercase_if_covered("Россия"), "РОССИЯ");
    }

    /// Wrapping as it was first written: measure every candidate line from scratch.
    fn wrap_naive(text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if !line.is_empty() && text_width(&candidate, size, false) > width {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    proptest::proptest! {
        #[test]
        fn wrapping_by_running_widths_breaks_where_measuring_each_line_does(
            words in proptest::collection::vec("[a-zA-Zəşğ]{1,12}", 0..60),
            width in 20.0f32..400.0,
        ) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(wrap(&text, 11.5, false, width), wrap_naive(&text, 11.5, width));
        }
    }

    #[test]
    fn wrapping_stops_at_the_most_lines_asked_for() {
        let text = "word ".repeat(10_000);
        assert_eq!(wrap_at_most(&text, 12.0, false, 100.0, 4).len(), 4);
        assert!(wrap(&text, 12.0, false, 100.0).len() > 1000);
    }

    #[test]
    fn covers_every_script_of_the_dataset() {
        assert!(covers("Şuşa Xankəndi Ağdərə"), "Azerbaijani Latin");
        assert!(right_to_left("شهر نو") && right_to_left("1 עיר") && !right_to_left("Şuşa") && !right_to_left("12"));
        assert!(covers("Шуша Степанакерт"), "Cyrillic");
        assert!(covers("Շուշի Ստեփանակերտ"), "Armenian");
    }

    #[test]
    fn width_grows_with_text_and_size() {
        let short = text_width("Shusha", 12.0, false);
        assert!(short > 20.0 && short < 60.0, "{short}");
        assert!(text_width("Shusha", 24.0, false) > 1.9 * short);
        assert!(text_width("Shusha", 12.0, true) > short);
    }

    #[test]
    fn no_break_spaces_hold_digits_and_abbreviations_together() {
        let lines = wrap("площадь 12\u{a0}345 км² на 8 ноября 2020\u{202f}г.", 12.0, false, 10.0);
        assert!(lines.contains(&"12\u{a0}345".to_string()), "{lines:?}");
        assert!(lines.contains(&"2020\u{202f}г.".to_string()), "{lines:?}");
        let font = FontRef::new(regular()).unwrap();
        for space in ['\u{a0}', '\u{202f}'] {
            assert!(font.charmap().map(space).is_some(), "the font has U+{:04X}", space as u32);
        }
    }

    #[test]
    fn wrap_keeps_lines_within_width() {
        let lines = wrap("Azerbaijan claims the capture of Jabrayil and several villages", 14.0, false, 150.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|line| text_width(line, 14.0, false) <= 150.0));
    }
}
