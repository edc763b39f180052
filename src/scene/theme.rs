//! Colours and line weights of a map. One theme for now (light); more in a later issue.

use super::Colour;

/// Everything a scene needs to know about style, resolved to colours and px at a reference
/// width of 1600 px (scaled with the page, see [`Theme::scaled`]).
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub page: Colour,
    pub land: Colour,
    pub panel: Colour,
    pub panel_rule: Colour,
    pub text: Colour,
    pub text_muted: Colour,
    pub halo: Colour,
    /// How much of white to mix into a side's colour for its home country.
    pub home_tint: f32,
    /// How much of white to mix into a side's colour for claimed or contested ground.
    pub uncertain_tint: f32,
    pub changed: Colour,
    pub frontline: Colour,
    pub frontline_width: f32,
    pub line_of_contact: Colour,
    pub border: Colour,
    pub border_width: f32,
    pub strike: Colour,
    /// Multiplier for every size (text, widths), from the page size.
    pub scale: f32,
}

impl Theme {
    pub fn light() -> Theme {
        Theme {
            name: "light".into(),
            page: Colour(0xff, 0xff, 0xff),
            land: Colour(0xee, 0xec, 0xe6),
            panel: Colour(0xfb, 0xfa, 0xf7),
            panel_rule: Colour(0xcf, 0xcb, 0xc2),
            text: Colour(0x1e, 0x1e, 0x1e),
            text_muted: Colour(0x5a, 0x5a, 0x5a),
            halo: Colour(0xff, 0xff, 0xff),
            home_tint: 0.80,
            uncertain_tint: 0.55,
            changed: Colour(0xff, 0xc8, 0x00),
            frontline: Colour(0xb3, 0x00, 0x1b),
            frontline_width: 3.0,
            line_of_contact: Colour(0x2b, 0x2b, 0x2b),
            border: Colour(0x6e, 0x6a, 0x66),
            border_width: 1.3,
            strike: Colour(0x8b, 0x00, 0x00),
            scale: 1.0,
        }
    }

    /// Sizes for a page `width` px wide: text and lines stay legible from 800 to 4000 px.
    pub fn scaled(mut self, width: f32, height: f32) -> Theme {
        self.scale = (width.min(height * 1.45) / 1600.0).clamp(0.7, 3.0);
        self
    }

    /// px of a size given at the reference width.
    pub fn px(&self, size: f32) -> f32 {
        size * self.scale
    }
}
