//! The two backends held to each other: every day's pixels drawn directly (render::draw) against
//! resvg's rendering of the same day's SVG, for the whole war in two themes at 800x550, and a
//! few days in every theme at full size. Differences come from antialiasing only (circles as
//! conics or as Béziers, coverage at clip edges); a real drift (a missing layer, a moved label,
//! a wrong colour) exceeds the tolerance at once.
//!
//! Set FRONTLINE_BACKEND_DIFF=DIR to write each compared pair (direct | differing pixels | resvg) into DIR.

mod common;

use std::sync::OnceLock;

use frontline::Atlas;
use frontline::dataset::Dataset;
use frontline::render::{draw, render_pixmap, render_svg};
use frontline::scene::{SceneOptions, Theme};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::new(Dataset::embedded().expect("the embedded dataset loads")))
}

fn options(theme: &str, width: u32, height: u32) -> SceneOptions {
    SceneOptions { width, height, theme: Theme::named(theme).unwrap(), ..SceneOptions::default() }
}

/// Mean difference of a channel, over all channels of all pixels (0-255).
const MEAN_TOLERANCE: f64 = 0.15;
/// A pixel differs when a channel differs by more than this.
const CHANNEL_TOLERANCE: u8 = 32;
/// Share of pixels that may differ by more than `CHANNEL_TOLERANCE`.
const PIXEL_TOLERANCE: f64 = 0.001;

/// (mean channel difference, share of differing pixels).
fn compare(name: &str, direct: &tiny_skia::Pixmap, resvg: &tiny_skia::Pixmap) -> (f64, f64) {
    assert_eq!((direct.width(), direct.height()), (resvg.width(), resvg.height()), "{name}: size");
    let mut sum = 0u64;
    let mut differing = 0usize;
    let mut mask = tiny_skia::Pixmap::new(direct.width(), direct.height()).unwrap();
    for (index, (a, b)) in direct.pixels().iter().zip(resvg.pixels()).enumerate() {
        let d = [a.red().abs_diff(b.red()), a.green().abs_diff(b.green()), a.blue().abs_diff(b.blue())];
        sum += d.iter().map(|&x| x as u64).sum::<u64>();
        if d.iter().any(|&x| x > CHANNEL_TOLERANCE) {
            differing += 1;
            mask.pixels_mut()[index] = tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255).unwrap();
        }
    }
    let n = direct.pixels().len() as f64;
    if let Some(dir) = std::env::var_os("FRONTLINE_BACKEND_DIFF") {
        let (w, h) = (direct.width(), direct.height());
        let mut sheet = tiny_skia::Pixmap::new(w * 3, h).unwrap();
        let paint = tiny_skia::PixmapPaint::default();
        let id = tiny_skia::Transform::identity();
        sheet.draw_pixmap(0, 0, direct.as_ref(), &paint, id, None);
        sheet.draw_pixmap(w as i32, 0, mask.as_ref(), &paint, id, None);
        sheet.draw_pixmap(2 * w as i32, 0, resvg.as_ref(), &paint, id, None);
        std::fs::create_dir_all(&dir).unwrap();
        sheet.save_png(std::path::Path::new(&dir).join(format!("{name}.png"))).unwrap();
    }
    (sum as f64 / (3.0 * n), differing as f64 / n)
}

fn check(day: chrono::NaiveDate, theme: &str, width: u32, height: u32) -> (f64, f64) {
    let scene = atlas().scene(day, &options(theme, width, height));
    let direct = draw(&scene);
    let resvg = render_pixmap(&render_svg(&scene)).unwrap();
    let name = format!("{day}-{theme}-{width}");
    let (mean, share) = compare(&name, &direct, &resvg);
    assert!(
        mean <= MEAN_TOLERANCE && share <= PIXEL_TOLERANCE,
        "{name}: mean channel difference {mean:.3} (allowed {MEAN_TOLERANCE}), {:.3}% of pixels differ by more than \
         {CHANNEL_TOLERANCE} (allowed {:.2}%)",
        share * 100.0,
        PIXEL_TOLERANCE * 100.0
    );
    (mean, share)
}

#[test]
fn direct_pixels_match_resvg_on_every_day_in_two_themes() {
    let days: Vec<_> = atlas().dataset.meta.days().collect();
    let mut worst = (0.0f64, 0.0f64);
    for theme in ["light", "dark"] {
        for &day in &days {
            let (mean, share) = check(day, theme, 800, 550);
            worst = (worst.0.max(mean), worst.1.max(share));
        }
    }
    eprintln!("worst over {} days x 2 themes: mean {:.3}, share {:.4}%", days.len(), worst.0, worst.1 * 100.0);
}

#[test]
fn direct_pixels_match_resvg_at_full_size_in_every_theme() {
    for day in ["2020-11-08", "2020-12-01"] {
        for theme in ["light", "dark", "print", "cvd"] {
            let (mean, share) = check(day.parse().unwrap(), theme, 1600, 1100);
            eprintln!("{day} {theme}: mean {mean:.3}, share {:.4}%", share * 100.0);
        }
    }
}

/// The optional layers (arrows of the week, the ground gained since a date, the progress bar,
/// the hillshading) drawn by both backends alike, on the poster and on the compact page.
#[test]
fn direct_pixels_match_resvg_with_arrows_compare_progress_bar_and_relief() {
    for (width, height) in [(1600, 1100), (800, 550)] {
        for day in ["2020-10-20", "2020-11-09"] {
            let mut options = options("light", width, height);
            options.arrows = Some(frontline::advance::ArrowSpan::Week);
            options.compare = Some("2020-10-01".parse().unwrap());
            options.progress_bar = true;
            options.relief = true;
            let scene = atlas().scene(day.parse().unwrap(), &options);
            let direct = draw(&scene);
            let resvg = render_pixmap(&render_svg(&scene)).unwrap();
            let name = format!("{day}-extras-{width}");
            let (mean, share) = compare(&name, &direct, &resvg);
            assert!(mean <= MEAN_TOLERANCE && share <= PIXEL_TOLERANCE, "{name}: mean {mean:.3}, share {share:.5}");
        }
    }
}

/// Names in right-to-left scripts (Persian, Hebrew) drawn by both backends alike: joined and
/// running right to left, as resvg (and a browser) shape them. The direct backend once drew
/// them left to right, letter by letter ("ون رهش" for "شهر نو").
#[test]
fn direct_pixels_match_resvg_for_right_to_left_names() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::copy_mini_dataset(dir.path());
    let places = std::fs::read_to_string(data.join("places.geojson")).unwrap();
    let places = places.replacen("\"en\":", "\"fa\": \"شهر نو\", \"he\": \"עיר חדשה\", \"en\":", 1);
    std::fs::write(data.join("places.geojson"), places).unwrap();
    let atlas = Atlas::new(Dataset::load(&frontline::dataset::DataSource::Dir(data)).unwrap());
    for lang in ["fa", "he"] {
        let mut options = options("light", 1600, 1100);
        options.lang = lang.to_string();
        let scene = atlas.scene("2020-01-01".parse().unwrap(), &options);
        let direct = draw(&scene);
        let resvg = render_pixmap(&render_svg(&scene)).unwrap();
        let (mean, share) = compare(&format!("rtl-{lang}"), &direct, &resvg);
        // Four labels on a plain page: measured 0.008 and 4 pixels; drawn left to right the
        // two names alone gave 0.05 and 800 pixels, under the whole-map tolerances.
        assert!(mean <= 0.02 && share <= 5e-5, "{lang}: mean {mean:.4}, share {share:.6}");
    }
}
