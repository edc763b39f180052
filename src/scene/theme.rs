//! Colours and line weights of a map: the built-in themes (light, dark, print, cvd) and a
//! user's own from a TOML file that overrides any of them.
//!
//! Sizes are px at the reference page width of 1600 and scale with the page
//! ([`Theme::scaled`]), so text and lines stay legible from 800 px to print sizes.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Colour;
use crate::dataset::Side;

/// Everything a scene needs to know about style.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub page: Colour,
    /// Countries that are not a side's home.
    pub land: Colour,
    pub water: Colour,
    pub road: Colour,
    pub panel: Colour,
    pub panel_rule: Colour,
    pub text: Colour,
    pub text_muted: Colour,
    pub halo: Colour,
    pub marker: Colour,
    /// The colour a side's colour is mixed with for tints (white on light pages).
    pub tint_base: Colour,
    /// How much of `tint_base` goes into a side's colour for its home country.
    pub home_tint: f32,
    /// How much of `tint_base` goes into a side's colour behind the hatching of claimed ground.
    pub uncertain_tint: f32,
    pub changed: Colour,
    pub changed_dash: Vec<f32>,
    pub frontline: Colour,
    pub frontline_casing: Colour,
    pub frontline_width: f32,
    pub line_of_contact: Colour,
    pub border: Colour,
    pub border_width: f32,
    pub strike: Colour,
    /// Strength of the hillshading over the map (0 leaves it out): the opacity of black on the
    /// steepest slopes facing away from the light; slopes facing it get half as much white.
    pub relief_opacity: f32,
    /// Colours of sides by id, overriding the dataset's (and the greys).
    pub sides: BTreeMap<String, Colour>,
    /// Sides in steps of grey by their order in the dataset ([`print_grey`]), whatever their
    /// ids and number, in place of the dataset's colours: the print theme.
    pub grey_sides: bool,
    /// Colours of sides by their order in the dataset, whatever their ids, in place of the
    /// dataset's (empty: none): the cvd theme's Okabe-Ito colours.
    pub side_palette: Vec<Colour>,
    /// Multiplier for every size, from the page size.
    pub scale: f32,
}

/// A stronger hillshading would hide the hatching of claimed ground (see the contrast test).
pub const MAX_RELIEF_OPACITY: f32 = 0.5;

/// The names of the built-in themes.
pub const BUILT_IN: [&str; 4] = ["light", "dark", "print", "cvd"];

impl Theme {
    /// The default: a light page, the dataset's side colours.
    pub fn light() -> Theme {
        Theme {
            name: "light".into(),
            page: Colour(0xff, 0xff, 0xff),
            land: Colour(0xee, 0xec, 0xe6),
            water: Colour(0x9f, 0xc5, 0xe8),
            road: Colour(0x7a, 0x5c, 0x3a),
            panel: Colour(0xfb, 0xfa, 0xf7),
            panel_rule: Colour(0xcf, 0xcb, 0xc2),
            text: Colour(0x1e, 0x1e, 0x1e),
            text_muted: Colour(0x5a, 0x5a, 0x5a),
            halo: Colour(0xff, 0xff, 0xff),
            marker: Colour(0x1e, 0x1e, 0x1e),
            tint_base: Colour(0xff, 0xff, 0xff),
            home_tint: 0.80,
            uncertain_tint: 0.55,
            changed: Colour(0xff, 0xc8, 0x00),
            changed_dash: Vec::new(),
            frontline: Colour(0xb3, 0x00, 0x1b),
            frontline_casing: Colour(0xff, 0xff, 0xff),
            frontline_width: 3.0,
            line_of_contact: Colour(0x2b, 0x2b, 0x2b),
            border: Colour(0x6e, 0x6a, 0x66),
            border_width: 1.3,
            strike: Colour(0x8b, 0x00, 0x00),
            relief_opacity: 0.25,
            sides: BTreeMap::new(),
            grey_sides: false,
            side_palette: Vec::new(),
            scale: 1.0,
        }
    }

    /// A dark page for screens and slides.
    pub fn dark() -> Theme {
        Theme {
            name: "dark".into(),
            page: Colour(0x16, 0x18, 0x1c),
            land: Colour(0x2b, 0x2e, 0x34),
            water: Colour(0x2c, 0x4a, 0x66),
            road: Colour(0xc9, 0xa8, 0x7c),
            panel: Colour(0x1d, 0x20, 0x25),
            panel_rule: Colour(0x44, 0x48, 0x50),
            text: Colour(0xee, 0xee, 0xee),
            text_muted: Colour(0xb0, 0xb0, 0xb0),
            halo: Colour(0x16, 0x18, 0x1c),
            marker: Colour(0xf2, 0xf2, 0xf2),
            tint_base: Colour(0x16, 0x18, 0x1c),
            home_tint: 0.72,
            uncertain_tint: 0.5,
            changed: Colour(0xff, 0xd8, 0x3a),
            changed_dash: Vec::new(),
            frontline: Colour(0xff, 0x4d, 0x5e),
            frontline_casing: Colour(0x16, 0x18, 0x1c),
            frontline_width: 3.0,
            line_of_contact: Colour(0xe0, 0xe0, 0xe0),
            border: Colour(0x9a, 0x96, 0x90),
            border_width: 1.3,
            strike: Colour(0xff, 0x6b, 0x6b),
            relief_opacity: 0.3,
            sides: BTreeMap::from([
                ("az".to_string(), Colour(0x3f, 0x8e, 0xd0)),
                ("am".to_string(), Colour(0xe0, 0x8a, 0x3c)),
            ]),
            grey_sides: false,
            side_palette: Vec::new(),
            scale: 1.0,
        }
    }

    /// Legible in greyscale: every side a step of grey of its own, changes dashed, front black.
    pub fn print() -> Theme {
        Theme {
            name: "print".into(),
            land: Colour(0xf4, 0xf4, 0xf4),
            water: Colour(0xc8, 0xc8, 0xc8),
            road: Colour(0x55, 0x55, 0x55),
            panel: Colour(0xff, 0xff, 0xff),
            panel_rule: Colour(0x99, 0x99, 0x99),
            text: Colour(0x00, 0x00, 0x00),
            text_muted: Colour(0x40, 0x40, 0x40),
            marker: Colour(0x00, 0x00, 0x00),
            home_tint: 0.85,
            uncertain_tint: 0.6,
            changed: Colour(0x00, 0x00, 0x00),
            changed_dash: vec![5.0, 3.0],
            frontline: Colour(0x00, 0x00, 0x00),
            frontline_width: 3.4,
            line_of_contact: Colour(0x00, 0x00, 0x00),
            border: Colour(0x55, 0x55, 0x55),
            strike: Colour(0x00, 0x00, 0x00),
            // Subtle in print: the sides differ only in grey (see the contrast test in relief.rs).
            relief_opacity: 0.08,
            grey_sides: true,
            side_palette: Vec::new(),
            ..Theme::light()
        }
    }

    /// Safe for the common colour-vision deficiencies (Okabe-Ito palette): sides in its
    /// colours by their order in the dataset (blue and orange for the first two), a black
    /// frontline and highlight.
    pub fn cvd() -> Theme {
        Theme {
            name: "cvd".into(),
            changed: Colour(0x00, 0x00, 0x00),
            changed_dash: vec![6.0, 3.0],
            frontline: Colour(0x00, 0x00, 0x00),
            strike: Colour(0x00, 0x00, 0x00),
            side_palette: OKABE_ITO.to_vec(),
            ..Theme::light()
        }
    }

    /// A built-in theme by name.
    pub fn named(name: &str) -> Option<Theme> {
        Some(match name {
            "light" => Theme::light(),
            "dark" => Theme::dark(),
            "print" => Theme::print(),
            "cvd" => Theme::cvd(),
            _ => return None,
        })
    }

    /// A theme from a TOML file's text: `base = "dark"` (default light), then any colour or
    /// width to override, and `[sides]` colours by side id.
    pub fn from_toml(text: &str) -> Result<Theme, String> {
        let file: ThemeFile = toml::from_str(text).map_err(|err| err.message().to_string())?;
        let mut theme = match &file.base {
            None => Theme::light(),
            Some(base) => Theme::named(base)
                .ok_or_else(|| format!("base = \"{base}\": expected one of {}", BUILT_IN.join(", ")))?,
        };
        if let Some(name) = file.name {
            theme.name = name;
        }
        let colour = |key: &str, value: &Option<String>, slot: &mut Colour| -> Result<(), String> {
            if let Some(text) = value {
                *slot = Colour::from_hex(text).ok_or_else(|| format!("{key} = \"{text}\": expected #rrggbb"))?;
            }
            Ok(())
        };
        colour("page", &file.page, &mut theme.page)?;
        colour("land", &file.land, &mut theme.land)?;
        colour("water", &file.water, &mut theme.water)?;
        colour("panel", &file.panel, &mut theme.panel)?;
        colour("text", &file.text, &mut theme.text)?;
        colour("halo", &file.halo, &mut theme.halo)?;
        colour("changed", &file.changed, &mut theme.changed)?;
        colour("frontline", &file.frontline, &mut theme.frontline)?;
        colour("line_of_contact", &file.line_of_contact, &mut theme.line_of_contact)?;
        colour("border", &file.border, &mut theme.border)?;
        colour("strike", &file.strike, &mut theme.strike)?;
        if let Some(opacity) = file.relief_opacity {
            if !(0.0..=MAX_RELIEF_OPACITY).contains(&opacity) {
                return Err(format!(
                    "relief_opacity = {opacity}: expected 0..{MAX_RELIEF_OPACITY} (0 leaves relief out)"
                ));
            }
            theme.relief_opacity = opacity;
        }
        if let Some(width) = file.frontline_width {
            if !(0.5..=12.0).contains(&width) {
                return Err(format!("frontline_width = {width}: expected 0.5..12"));
            }
            theme.frontline_width = width;
        }
        for (side, text) in &file.sides {
            let parsed =
                Colour::from_hex(text).ok_or_else(|| format!("sides.{side} = \"{text}\": expected #rrggbb"))?;
            theme.sides.insert(side.clone(), parsed);
        }
        Ok(theme)
    }

    /// Sizes for a page `width` x `height` px.
    pub fn scaled(mut self, width: f32, height: f32) -> Theme {
        self.scale = (width.min(height * 1.45) / 1600.0).clamp(0.7, 4.0);
        self
    }

    /// px of a size given at the reference width.
    pub fn px(&self, size: f32) -> f32 {
        size * self.scale
    }

    /// The colour of side `index` of the dataset's `sides`: the theme's for its id, else its
    /// step of grey in a greyscale theme, else the dataset's.
    pub fn side_colour(&self, sides: &[Side], index: usize) -> Colour {
        let side = &sides[index];
        if let Some(colour) = self.sides.get(&side.id) {
            return *colour;
        }
        if self.grey_sides {
            return print_grey(index, sides.len());
        }
        if !self.side_palette.is_empty() {
            return self.side_palette[index % self.side_palette.len()];
        }
        Colour::from_hex(&side.colour).unwrap_or(Colour(0x80, 0x80, 0x80))
    }

    /// The light tint of a side's ground outside the theatre: its home country and the ground
    /// a `held` layer gives it.
    pub fn home_colour(&self, sides: &[Side], index: usize) -> Colour {
        self.side_colour(sides, index).mix(self.tint_base, self.home_tint)
    }
}

/// The Okabe-Ito colours told apart under the common colour-vision deficiencies, in the cvd
/// theme's order: blue, orange, reddish purple, bluish green, vermillion, sky blue (yellow and
/// black are left out: the highlight and the front).
const OKABE_ITO: [Colour; 6] = [
    Colour(0x00, 0x72, 0xb2),
    Colour(0xe6, 0x9f, 0x00),
    Colour(0xcc, 0x79, 0xa7),
    Colour(0x00, 0x9e, 0x73),
    Colour(0xd5, 0x5e, 0x00),
    Colour(0x56, 0xb4, 0xe9),
];

/// The print theme's greys of the default dataset's three sides, in its order (Azerbaijan,
/// Armenian forces, the peacekeepers): kept for every dataset of up to three sides, so that
/// its print maps stay as they were. Lightness (CIE L*) 46, 79 and 64: 15 or more apart.
const PRINT_GREYS: [Colour; 3] = [Colour(0x6e, 0x6e, 0x6e), Colour(0xc4, 0xc4, 0xc4), Colour(0x9a, 0x9a, 0x9a)];

/// Lightness (CIE L*) of the darkest and the lightest grey from four sides on: 28 keeps black
/// labels (on their white halo) and the black front legible on it; 89 stays apart from the
/// land (0xf4, 96). Six sides are then 12 apart, more than the 10 that reads as clearly
/// different side by side (the relief test's threshold).
const PRINT_LIGHTNESS: (f32, f32) = (28.0, 89.0);

/// The print theme's grey of side `index` of `count`: up to three sides [`PRINT_GREYS`]; from
/// four on, evenly spaced steps of lightness, the first two sides (usually the two parties)
/// the darkest and the lightest and the next ones alternately from either end, so that sides
/// next to each other in the list are far apart in grey.
pub fn print_grey(index: usize, count: usize) -> Colour {
    if count <= PRINT_GREYS.len() {
        return PRINT_GREYS[index % PRINT_GREYS.len()];
    }
    let step = if index.is_multiple_of(2) { index / 2 } else { count - 1 - index / 2 };
    let (dark, light) = PRINT_LIGHTNESS;
    grey_of_lightness(dark + (light - dark) * step as f32 / (count - 1) as f32)
}

/// The sRGB grey of a CIE lightness L* (0..100).
fn grey_of_lightness(lightness: f32) -> Colour {
    let luminance = ((lightness + 16.0) / 116.0).powi(3);
    let encoded = if luminance <= 0.003_130_8 { 12.92 * luminance } else { 1.055 * luminance.powf(1.0 / 2.4) - 0.055 };
    let value = (encoded * 255.0).round().clamp(0.0, 255.0) as u8;
    Colour(value, value, value)
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    base: Option<String>,
    name: Option<String>,
    page: Option<String>,
    land: Option<String>,
    water: Option<String>,
    panel: Option<String>,
    text: Option<String>,
    halo: Option<String>,
    changed: Option<String>,
    frontline: Option<String>,
    frontline_width: Option<f32>,
    relief_opacity: Option<f32>,
    line_of_contact: Option<String>,
    border: Option<String>,
    strike: Option<String>,
    #[serde(default)]
    sides: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two colours.
    fn contrast(a: Colour, b: Colour) -> f32 {
        let (la, lb) = (a.luminance(), b.luminance());
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn text_is_legible_on_the_page_in_every_theme() {
        for name in BUILT_IN {
            let theme = Theme::named(name).unwrap();
            assert!(contrast(theme.text, theme.page) >= 7.0, "{name}");
            assert!(contrast(theme.text, theme.halo) >= 7.0, "{name}: text on its halo");
            assert!(contrast(theme.text_muted, theme.panel) >= 4.5, "{name}: muted text on the panel");
        }
    }

    /// CIE lightness L* of a colour, from its relative luminance.
    fn lightness(colour: Colour) -> f32 {
        let y = colour.luminance();
        if y > 0.008_856 { 116.0 * y.cbrt() - 16.0 } else { 903.3 * y }
    }

    fn sides(ids: &[&str], colour: &str) -> Vec<Side> {
        let text: String = ids
            .iter()
            .map(|id| format!("[[sides]]\nid = \"{id}\"\nname = \"{id}\"\ncolour = \"{colour}\"\n"))
            .collect();
        #[derive(Deserialize)]
        struct File {
            sides: Vec<Side>,
        }
        toml::from_str::<File>(&text).unwrap().sides
    }

    /// Regression: the print theme greyed sides by id (the default dataset's az, am, ru), so
    /// another war's sides kept their colours, red and green nearly one grey when printed.
    /// Every pair of sides now differs in luminance by 10 L* or more, for 2 to 6 sides.
    #[test]
    fn print_sides_differ_in_lightness_whatever_their_number_and_ids() {
        let theme = Theme::print();
        let ids = ["ge", "os", "ru", "ab", "xx", "yy"];
        for count in 2..=6 {
            let sides = sides(&ids[..count], "#c8102e");
            let greys: Vec<Colour> = (0..count).map(|i| theme.side_colour(&sides, i)).collect();
            for (i, a) in greys.iter().enumerate() {
                assert!(a.0 == a.1 && a.1 == a.2, "{count} sides: side {i} is not grey: {a}");
                for (j, b) in greys.iter().enumerate().skip(i + 1) {
                    let apart = (lightness(*a) - lightness(*b)).abs();
                    assert!(apart >= 10.0, "{count} sides: {i} {a} and {j} {b} are {apart:.1} L* apart");
                    let (ya, yb) = (a.luminance(), b.luminance());
                    let ratio = (ya.max(yb) + 0.05) / (ya.min(yb) + 0.05);
                    assert!(ratio >= 1.35, "{count} sides: {i} {a} and {j} {b}: luminance ratio {ratio:.2}");
                }
            }
        }
    }

    #[test]
    fn the_default_datasets_print_greys_are_kept() {
        let sides = sides(&["az", "am", "ru"], "#000000");
        let greys: Vec<Colour> = (0..3).map(|i| Theme::print().side_colour(&sides, i)).collect();
        assert_eq!(greys, [Colour(0x6e, 0x6e, 0x6e), Colour(0xc4, 0xc4, 0xc4), Colour(0x9a, 0x9a, 0x9a)]);
    }

    /// Regression: the cvd theme coloured sides by id, so another war's red and green sides
    /// kept the very pair colour-blind readers confuse.
    #[test]
    fn cvd_sides_take_the_palette_by_their_order_whatever_their_ids() {
        let theme = Theme::cvd();
        let sides = sides(&["ge", "os", "ru", "ab"], "#c8102e");
        let colours: Vec<Colour> = (0..4).map(|i| theme.side_colour(&sides, i)).collect();
        assert_eq!(colours, OKABE_ITO[..4]);
        let default = sides_of(&["az", "am", "ru"]);
        let first: Vec<Colour> = (0..3).map(|i| theme.side_colour(&default, i)).collect();
        assert_eq!(first, [Colour(0x00, 0x72, 0xb2), Colour(0xe6, 0x9f, 0x00), Colour(0xcc, 0x79, 0xa7)]);
    }

    fn sides_of(ids: &[&str]) -> Vec<Side> {
        sides(ids, "#000000")
    }

    #[test]
    fn a_theme_file_overrides_a_base() {
        let theme = Theme::from_toml("base = \"dark\"\nfrontline = \"#00ff00\"\n[sides]\naz = \"#123456\"\n").unwrap();
        assert_eq!(theme.page, Theme::dark().page);
        assert_eq!(theme.frontline, Colour(0, 255, 0));
        let sides = sides(&["az", "xx"], "#ffffff");
        assert_eq!(theme.side_colour(&sides, 0), Colour(0x12, 0x34, 0x56));
        assert_eq!(theme.side_colour(&sides, 1), Colour(255, 255, 255));
        // A print theme file's own colour for a side wins over its grey.
        let print = Theme::from_toml("base = \"print\"\n[sides]\nxx = \"#123456\"\n").unwrap();
        assert_eq!(print.side_colour(&sides, 1), Colour(0x12, 0x34, 0x56));
        assert_eq!(print.side_colour(&sides, 0), Colour(0x6e, 0x6e, 0x6e));
    }

    #[test]
    fn a_bad_theme_file_says_what_is_wrong() {
        assert!(Theme::from_toml("frontline = \"red\"").unwrap_err().contains("frontline = \"red\""));
        assert!(Theme::from_toml("base = \"neon\"").unwrap_err().contains("expected one of"));
        assert!(Theme::from_toml("glow = 1").is_err());
    }
}
