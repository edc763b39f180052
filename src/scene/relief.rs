//! The hillshading of the map: the dataset's elevation grid lit from the north-west, as a
//! raster of black (shadowed slopes) and white (lit slopes) of low opacity, laid over the day's
//! areas and under every line and label. Part of the base: computed once per run.

use std::sync::Arc;

use super::fit::Fit;
use super::theme::Theme;
use super::{Item, Rect, Shade};
use crate::dataset::Relief;

/// Page px per raster cell at the reference width: the 5-minute grid is 9 km (about 60 px) a
/// cell, and the backends scale the raster up smoothly, so finer cells would add bytes only.
const CELL_PX: f32 = 4.0;

/// Where the light comes from: the cartographers' north-west, 45 degrees up.
const AZIMUTH_DEG: f64 = 315.0;
const ALTITUDE_DEG: f64 = 45.0;

/// Heights times this: a 9 km grid smooths the slopes of these mountains to a few degrees.
const EXAGGERATION: f64 = 3.5;

/// The change of lighting from flat ground that gives full opacity.
const FULL_SHADE: f64 = 0.3;

/// The hillshading of `map`, or `None` without a grid or with `relief_opacity` 0.
pub(crate) fn relief_layer(relief: Option<&Relief>, fit: &Fit, map: Rect, theme: &Theme) -> Option<Item> {
    let relief = relief.filter(|_| theme.relief_opacity > 0.0)?;
    let cell = theme.px(CELL_PX);
    let (cols, rows) = ((map.w / cell).ceil() as usize, (map.h / cell).ceil() as usize);
    if cols < 3 || rows < 3 {
        return None;
    }
    let heights = sample(relief, fit, map, cell, (cols, rows));
    let metres = cell as f64 / fit.scale * 1000.0;
    let mut rgba = vec![0u8; cols * rows * 4];
    for row in 0..rows {
        for col in 0..cols {
            if let Some(shade) = lighting(&heights, (cols, rows), (col, row), metres) {
                rgba[(row * cols + col) * 4..][..4].copy_from_slice(&pixel(shade, theme.relief_opacity));
            }
        }
    }
    let rect = Rect::new(map.x, map.y, cols as f32 * cell, rows as f32 * cell);
    let shade = Shade { width: cols as u32, height: rows as u32, rgba, encoded: Default::default() };
    Some(Item::Image { rect, image: Arc::new(shade) })
}

/// Elevations (m) at the centres of the raster's cells; `None` outside the grid.
fn sample(relief: &Relief, fit: &Fit, map: Rect, cell: f32, (cols, rows): (usize, usize)) -> Vec<Option<f32>> {
    let mut heights = Vec::with_capacity(cols * rows);
    for row in 0..rows {
        for col in 0..cols {
            let x = map.x + (col as f32 + 0.5) * cell;
            let y = map.y + (row as f32 + 0.5) * cell;
            let (east, north) = fit.px_to_km(x, y);
            let lonlat = fit.projection.inverse(east, north);
            heights.push(relief.elevation(lonlat.x, lonlat.y));
        }
    }
    heights
}

/// The lighting of a cell minus that of flat ground (-1.7..0.3), from its neighbours' heights
/// `metres` apart; rows run southward.
fn lighting(
    heights: &[Option<f32>],
    (cols, rows): (usize, usize),
    (col, row): (usize, usize),
    metres: f64,
) -> Option<f64> {
    let at = |c: usize, r: usize| heights[r.min(rows - 1) * cols + c.min(cols - 1)];
    let (west, east) = (at(col.saturating_sub(1), row)?, at(col + 1, row)?);
    let (north, south) = (at(col, row.saturating_sub(1))?, at(col, row + 1)?);
    let span_x = (col.min(cols - 2) + 1 - col.saturating_sub(1)) as f64 * metres;
    let span_y = (row.min(rows - 2) + 1 - row.saturating_sub(1)) as f64 * metres;
    let dz_east = (east - west) as f64 * EXAGGERATION / span_x;
    let dz_north = (north - south) as f64 * EXAGGERATION / span_y;
    let normal = [-dz_east, -dz_north, 1.0];
    let length = normal.iter().map(|n| n * n).sum::<f64>().sqrt();
    let (azimuth, altitude) = (AZIMUTH_DEG.to_radians(), ALTITUDE_DEG.to_radians());
    let light = [altitude.cos() * azimuth.sin(), altitude.cos() * azimuth.cos(), altitude.sin()];
    let lit = normal.iter().zip(light).map(|(n, l)| n * l).sum::<f64>() / length;
    Some(lit - altitude.sin())
}

/// A cell's straight-alpha RGBA: black for shadow, white at half strength for light.
fn pixel(shade: f64, opacity: f32) -> [u8; 4] {
    let strength = (shade / FULL_SHADE).clamp(-1.0, 1.0) as f32;
    let (grey, alpha) = if strength < 0.0 { (0, -strength * opacity) } else { (255, strength * opacity * 0.5) };
    [grey, grey, grey, (alpha * 255.0).round() as u8]
}

/// The darkest and the lightest a colour can be made by the hillshading of `theme`: for the
/// contrast test, and for anyone choosing colours for a theme.
pub fn shaded_extremes(colour: super::Colour, theme: &Theme) -> (super::Colour, super::Colour) {
    let black = super::Colour(0, 0, 0);
    let white = super::Colour(255, 255, 255);
    let alpha = |a: f32| (a * 255.0).round() / 255.0;
    (colour.mix(black, alpha(theme.relief_opacity)), colour.mix(white, alpha(theme.relief_opacity * 0.5)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_ground_is_left_clear_and_slopes_facing_away_are_dark() {
        let flat = vec![Some(100.0); 9];
        assert!(lighting(&flat, (3, 3), (1, 1), 1000.0).unwrap().abs() < 1e-9);
        assert_eq!(pixel(0.0, 0.3)[3], 0);
        // Rising to the north-west: lit; to the south-east: in shadow.
        let rising_nw = vec![
            Some(200.0),
            Some(150.0),
            Some(100.0),
            Some(150.0),
            Some(100.0),
            Some(50.0),
            Some(100.0),
            Some(50.0),
            Some(0.0),
        ];
        assert!(
            lighting(&rising_nw, (3, 3), (1, 1), 100.0).unwrap() < 0.0,
            "a slope rising towards the light faces away"
        );
        let rising_se: Vec<_> = rising_nw.iter().rev().copied().collect();
        assert!(lighting(&rising_se, (3, 3), (1, 1), 100.0).unwrap() > 0.0);
        assert_eq!(pixel(-1.0, 0.3), [0, 0, 0, 77]);
        assert_eq!(pixel(1.0, 0.3), [255, 255, 255, 38]);
    }

    #[test]
    fn no_grid_or_no_opacity_means_no_layer() {
        let fit = Fit::new(
            crate::projection::TransverseMercator::new(46.5, 0.0),
            &crate::dataset::View { west: 45.0, south: 39.0, east: 48.0, north: 41.0 },
            Rect::new(0.0, 0.0, 400.0, 300.0),
        );
        let map = Rect::new(0.0, 0.0, 400.0, 300.0);
        assert!(relief_layer(None, &fit, map, &Theme::light()).is_none());
        let grid = Relief {
            west: 44.0,
            north: 42.0,
            step: 1.0,
            cols: 6,
            rows: 5,
            elevation_m: (0..30).map(|i| (i % 6) as f32 * 300.0).collect(),
            source: "test".into(),
        };
        let off = Theme { relief_opacity: 0.0, ..Theme::light() };
        assert!(relief_layer(Some(&grid), &fit, map, &off).is_none());
        let Some(Item::Image { image, .. }) = relief_layer(Some(&grid), &fit, map, &Theme::light()) else {
            panic!("a layer")
        };
        // Rising to the east: the slopes face west, towards the light (white with some opacity).
        let middle = ((image.height / 2 * image.width + image.width / 2) * 4) as usize;
        assert_eq!(&image.rgba[middle..middle + 3], &[255, 255, 255]);
        assert!(image.rgba[middle + 3] > 0);
    }

    /// CIE L*a*b* of an sRGB colour (D65).
    fn lab(c: super::super::Colour) -> [f32; 3] {
        let linear = |v: u8| {
            let v = v as f32 / 255.0;
            if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        let (r, g, b) = (linear(c.0), linear(c.1), linear(c.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f32| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    /// CIE76 colour difference: about 2.3 is just noticeable, 10 clearly different.
    fn delta_e(a: super::super::Colour, b: super::super::Colour) -> f32 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    /// The colours that must stay apart, in pairs: two sides' ground, and the hatch lines of
    /// claimed ground against the tint between them.
    /// The last item tells whether the two can lie under different shades: two sides' ground
    /// can (a ridge between them); hatch lines 7 px apart and their tint cannot (the shading
    /// changes over tens of px).
    fn pairs(
        theme: &Theme,
        meta: &crate::dataset::Meta,
    ) -> Vec<(String, super::super::Colour, super::super::Colour, bool)> {
        let colours: Vec<_> =
            meta.sides.iter().enumerate().map(|(i, s)| (s.id.clone(), theme.side_colour(&meta.sides, i))).collect();
        let mut pairs = Vec::new();
        for (i, (a, ca)) in colours.iter().enumerate() {
            pairs.push((format!("hatching of {a}"), *ca, ca.mix(theme.tint_base, theme.uncertain_tint), false));
            for (b, cb) in &colours[i + 1..] {
                pairs.push((format!("{a} and {b}"), *ca, *cb, true));
            }
        }
        pairs
    }

    /// Side colours and hatching stay clear under the hillshading in every built-in theme: each
    /// pair keeps a CIE76 difference of at least MIN_DELTA_E when both are under the darkest
    /// shade and both under the lightest, and of MIN_DELTA_E_CROSSED (two sides) one under each.
    #[test]
    fn side_colours_and_hatching_stay_distinct_under_the_shading() {
        // 10 is clearly different side by side; two sides under opposite extremes at once (a
        // sharp ridge on their boundary, which the front or a border line also marks) 8.
        const MIN_DELTA_E: f32 = 10.0;
        const MIN_DELTA_E_CROSSED: f32 = 8.0;
        let dataset = crate::dataset::Dataset::embedded().expect("the embedded dataset loads");
        for name in crate::scene::theme::BUILT_IN {
            let theme = Theme::named(name).unwrap();
            assert!(theme.relief_opacity > 0.0 && theme.relief_opacity <= crate::scene::theme::MAX_RELIEF_OPACITY);
            for (what, a, b, apart) in pairs(&theme, &dataset.meta) {
                let ((a_dark, a_light), (b_dark, b_light)) = (shaded_extremes(a, &theme), shaded_extremes(b, &theme));
                let crossed = [(a_dark, b_light), (a_light, b_dark)];
                let same = [(a_dark, b_dark), (a_light, b_light), (a, b)];
                let limits = same.map(|pair| (pair, MIN_DELTA_E));
                let crossed = crossed.map(|pair| (pair, MIN_DELTA_E_CROSSED));
                for ((x, y), min) in limits.into_iter().chain(crossed.into_iter().filter(|_| apart)) {
                    let delta = delta_e(x, y);
                    assert!(delta >= min, "{name}: {what}: {x} against {y}: delta E {delta:.1} < {min}");
                }
            }
        }
    }
}
