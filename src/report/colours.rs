//! The page's own colours from the map's theme (`--theme`), as CSS variables that page.css
//! uses everywhere: a dark theme gives a dark page, the print theme a white page with black
//! text and grey rules, so that the page and its maps look like one thing.

use crate::scene::{Colour, Theme};

/// Links, the pressed buttons and the slider on a light page, and on a dark one.
const ACCENT_LIGHT: Colour = Colour(0x0b, 0x5c, 0xad);
const ACCENT_DARK: Colour = Colour(0x6c, 0xb6, 0xff);
/// Gains and losses in the table of areas (the sign carries the meaning too).
const UP_LIGHT: Colour = Colour(0x1a, 0x7f, 0x37);
const DOWN_LIGHT: Colour = Colour(0xcf, 0x22, 0x2e);
const UP_DARK: Colour = Colour(0x3f, 0xb9, 0x50);
const DOWN_DARK: Colour = Colour(0xff, 0x7b, 0x72);

/// Is the theme's page dark (light text on it)?
pub fn is_dark(theme: &Theme) -> bool {
    theme.page.luminance() < 0.2
}

/// A theme drawn in greys only (print): the page keeps to greys as well.
fn is_grey(theme: &Theme) -> bool {
    let grey = |c: Colour| c.0 == c.1 && c.1 == c.2;
    [theme.text, theme.panel_rule, theme.water, theme.land].into_iter().all(grey)
}

/// The `:root` rule of the page's colours.
pub fn theme_css(theme: &Theme) -> String {
    let dark = is_dark(theme);
    let (accent, up, down) = if is_grey(theme) {
        (theme.text, theme.text, theme.text)
    } else if dark {
        (ACCENT_DARK, UP_DARK, DOWN_DARK)
    } else {
        (ACCENT_LIGHT, UP_LIGHT, DOWN_LIGHT)
    };
    format!(
        ":root {{ color-scheme: {scheme}; --ink: {ink}; --muted: {muted}; --line: {line}; --paper: {paper}; \
         --panel: {panel}; --accent: {accent}; --on-accent: {paper}; --up: {up}; --down: {down}; }}\n",
        scheme = if dark { "dark" } else { "light" },
        ink = theme.text,
        muted = theme.text_muted,
        line = theme.panel_rule,
        paper = theme.page,
        panel = theme.panel,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var<'a>(css: &'a str, name: &str) -> &'a str {
        let start = css.find(&format!("--{name}: ")).unwrap() + name.len() + 4;
        &css[start..start + 7]
    }

    #[test]
    fn the_page_follows_the_theme() {
        let light = theme_css(&Theme::light());
        assert_eq!((var(&light, "paper"), var(&light, "ink")), ("#ffffff", "#1e1e1e"));
        let dark = theme_css(&Theme::dark());
        assert!(dark.contains("color-scheme: dark"));
        assert_eq!((var(&dark, "paper"), var(&dark, "ink")), ("#16181c", "#eeeeee"));
        let print = theme_css(&Theme::print());
        assert_eq!(
            (var(&print, "paper"), var(&print, "ink"), var(&print, "accent")),
            ("#ffffff", "#000000", "#000000")
        );
    }

    /// Text on the page stays readable in every built-in theme (WCAG AA, 4.5:1).
    #[test]
    fn text_contrasts_with_the_page() {
        for name in crate::scene::theme::BUILT_IN {
            let theme = Theme::named(name).unwrap();
            for (fore, back) in [(theme.text, theme.page), (theme.text_muted, theme.panel), (theme.text, theme.panel)] {
                let (a, b) = (fore.luminance() + 0.05, back.luminance() + 0.05);
                assert!(a.max(b) / a.min(b) >= 4.5, "{name}: {fore} on {back}");
            }
        }
    }
}
