//! Rendering tests on the embedded dataset: reference images with a tolerance, labels that never
//! overlap, the same bytes for the same inputs.
//!
//! Reference images live in tests/reference/. After an intended change to the maps or the data,
//! regenerate them with
//!
//!     FRONTLINE_UPDATE_REFERENCES=1 cargo test --release --test render
//!
//! which rewrites them and still fails, so that someone looks at the new images before
//! committing them. A failing comparison writes expected | difference | actual side by side to
//! target/reference-diff/NAME.png.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use frontline::Atlas;
use frontline::dataset::Dataset;
use frontline::render::{draw, encode_png, render_svg};
use frontline::scene::{SceneOptions, Theme};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::new(Dataset::embedded().expect("the embedded dataset loads")))
}

fn options(theme: &str, width: u32, height: u32) -> SceneOptions {
    SceneOptions { width, height, theme: Theme::named(theme).unwrap(), ..SceneOptions::default() }
}

/// A pixel differs when a channel differs by more than this (antialiasing noise is smaller).
const CHANNEL_TOLERANCE: u8 = 24;
/// Share of pixels that may differ.
const PIXEL_TOLERANCE: f64 = 0.002;

/// Compare with the reference image; in update mode write it and return false.
fn compare_with_reference(name: &str, png: &[u8]) -> bool {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference").join(format!("{name}.png"));
    if std::env::var_os("FRONTLINE_UPDATE_REFERENCES").is_some() {
        std::fs::write(&reference, png).unwrap();
        eprintln!("updated {}", reference.display());
        return false;
    }
    let expected = tiny_skia::Pixmap::load_png(&reference)
        .unwrap_or_else(|e| panic!("{}: {e} (create it with FRONTLINE_UPDATE_REFERENCES=1)", reference.display()));
    let actual = tiny_skia::Pixmap::decode_png(png).unwrap();
    assert_eq!((expected.width(), expected.height()), (actual.width(), actual.height()), "{name}: size");
    let mut differing = 0usize;
    let mut mask = tiny_skia::Pixmap::new(actual.width(), actual.height()).unwrap();
    for (index, (a, b)) in expected.pixels().iter().zip(actual.pixels()).enumerate() {
        let far = [a.red().abs_diff(b.red()), a.green().abs_diff(b.green()), a.blue().abs_diff(b.blue())]
            .into_iter()
            .any(|d| d > CHANNEL_TOLERANCE);
        if far {
            differing += 1;
            mask.pixels_mut()[index] = tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255).unwrap();
        }
    }
    let share = differing as f64 / expected.pixels().len() as f64;
    if share > PIXEL_TOLERANCE {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/reference-diff");
        std::fs::create_dir_all(&out).unwrap();
        let (w, h) = (actual.width(), actual.height());
        let mut sheet = tiny_skia::Pixmap::new(w * 3, h).unwrap();
        let paint = tiny_skia::PixmapPaint::default();
        let identity = tiny_skia::Transform::identity();
        sheet.draw_pixmap(0, 0, expected.as_ref(), &paint, identity, None);
        sheet.draw_pixmap(w as i32, 0, mask.as_ref(), &paint, identity, None);
        sheet.draw_pixmap(2 * w as i32, 0, actual.as_ref(), &paint, identity, None);
        let path = out.join(format!("{name}.png"));
        sheet.save_png(&path).unwrap();
        panic!(
            "{name}: {:.2}% of pixels differ (allowed {:.2}%); see {}",
            share * 100.0,
            PIXEL_TOLERANCE * 100.0,
            path.display()
        );
    }
    true
}

#[test]
fn reference_images_three_days_two_themes() {
    let mut compared = true;
    for day in ["2020-09-27", "2020-11-08", "2020-12-01"] {
        for theme in ["light", "dark"] {
            let scene = atlas().scene(day.parse().unwrap(), &options(theme, 800, 550));
            // The PNG as `render` writes it: drawn directly (tests/backends.rs holds it to resvg).
            let png = encode_png(&draw(&scene), None).unwrap();
            compared &= compare_with_reference(&format!("{day}-{theme}"), &png);
        }
    }
    assert!(
        compared,
        "reference images were updated: look at them, then run again without FRONTLINE_UPDATE_REFERENCES"
    );
}

#[test]
fn no_two_labels_overlap_on_any_day_or_size() {
    let atlas = atlas();
    for (width, height) in [(1600, 1100), (800, 550), (3200, 2200)] {
        for day in atlas.dataset.meta.days() {
            let scene = atlas.scene(day, &options("light", width, height));
            let boxes = &scene.label_boxes;
            assert!(boxes.len() > 20, "{day} at {width}: only {} labels", boxes.len());
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!a.intersects(b), "{day} at {width}x{height}: {a:?} overlaps {b:?}");
                }
            }
        }
    }
}

/// The poster, the animations' 800 px frame and the report's laptop and phone maps.
const SIZES: [(u32, u32); 4] = [(1600, 1100), (800, 550), (900, 828), (440, 593)];

#[test]
fn the_required_places_are_labelled_every_day_at_every_size() {
    let atlas = atlas();
    let mut missing = Vec::new();
    for (width, height) in SIZES {
        for day in atlas.dataset.meta.days() {
            let svg = render_svg(&atlas.scene(day, &options("light", width, height)));
            for name in
                ["Stepanakert", "Shusha", "Lachin", "Hadrut", "Ganja", "Jabrayil", "Fuzuli", "Zangilan", "Gubadly"]
            {
                if !(svg.contains(&format!(">{name}<")) || svg.contains(&format!(">{name} / "))) {
                    missing.push(format!("{day} at {width}x{height}: {name}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{} labels missing: {missing:#?}", missing.len());
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let day = "2020-10-20".parse().unwrap();
    let first = atlas().scene(day, &options("light", 800, 550));
    let second = Atlas::new(Dataset::embedded().unwrap()).scene(day, &options("light", 800, 550));
    assert_eq!(render_svg(&first), render_svg(&second));
    assert_eq!(encode_png(&draw(&first), None).unwrap(), encode_png(&draw(&second), None).unwrap());
}

#[test]
fn every_theme_renders_every_furniture_item() {
    for theme in ["light", "dark", "print", "cvd"] {
        let svg = render_svg(&atlas().scene("2020-10-20".parse().unwrap(), &options(theme, 1600, 1100)));
        for text in [
            "Legend",
            "Events of the day",
            "Day 24 of the war",
            "20 October 2020",
            " km<",
            "GeoNames",
            "Natural Earth",
            "N<",
        ] {
            assert!(svg.contains(text), "{theme}: missing {text}");
        }
        usvg::Tree::from_str(&svg, &usvg::Options::default()).unwrap();
    }
}

/// Regression: the map's frame followed the number of lines of each day's credits, so on
/// 29 November the whole map zoomed by 1.5%. The frame is now the base's, the same every day,
/// and every day's credits fit the lines it reserves.
#[test]
fn the_map_frame_is_the_same_every_day_and_the_credits_fit() {
    let atlas = atlas();
    let options = options("light", 1600, 1100);
    let first = atlas.scene(atlas.dataset.meta.first_day, &options);
    for day in atlas.dataset.meta.days() {
        let scene = atlas.scene(day, &options);
        assert_eq!(scene.base.layout.map, first.base.layout.map, "{day}");
        assert!(scene.credits.len() <= scene.base.layout.credit_lines, "{day}: credits overflow");
        let svg = render_svg(&scene);
        assert!(!svg.contains(" …</text>"), "{day}: credits truncated");
    }
}

/// Every text of a scene, with the clip it is drawn in.
fn texts(items: &[frontline::scene::Item], out: &mut Vec<frontline::scene::Text>) {
    for item in items {
        match item {
            frontline::scene::Item::Text(text) => out.push(text.clone()),
            frontline::scene::Item::Clipped { items, .. } => texts(items, out),
            _ => {}
        }
    }
}

/// The compact layout of small pages: the map's frame and the strip are the same every day (an
/// animation never jumps), the strip's text stays inside it, and no text is under 12 px.
#[test]
fn the_compact_frame_is_the_same_every_day_and_its_text_is_at_least_12_px() {
    let atlas = atlas();
    let mut options = options("light", 800, 550);
    options.progress_bar = true;
    options.arrows = Some(frontline::advance::ArrowSpan::Day);
    let first = atlas.scene(atlas.dataset.meta.first_day, &options);
    assert!(first.base.layout.compact);
    for day in atlas.dataset.meta.days() {
        let scene = atlas.scene(day, &options);
        let layout = &scene.base.layout;
        assert_eq!((layout.map, layout.panel), (first.base.layout.map, first.base.layout.panel), "{day}");
        assert!(scene.credits.len() <= layout.credit_lines, "{day}: credits overflow");
        let mut all = Vec::new();
        texts(&scene.items(), &mut all);
        for text in &all {
            assert!(text.size >= 12.0, "{day}: {:?} at {} px", text.text, text.size);
        }
        let mut strip = Vec::new();
        texts(&scene.panel, &mut strip);
        for text in &strip {
            let width = frontline::fonts::text_width(&text.text, text.size, text.bold);
            let inside = text.x >= layout.panel.x
                && text.x + width <= layout.panel.right() + 0.5
                && text.y - text.size >= layout.panel.y
                && text.y <= layout.panel.bottom();
            assert!(inside, "{day}: {:?} leaves the strip", text.text);
        }
    }
}

/// Regression: the 800 px GIF's frame of 8 November said only "+ 2 more (frontline events
/// --date 2020-11-08)" above empty space. The compact strip shows the main events, Shusha first.
#[test]
fn the_compact_strip_of_8_november_shows_its_main_events_and_the_date() {
    let scene = atlas().scene("2020-11-08".parse().unwrap(), &options("light", 800, 550));
    let mut strip = Vec::new();
    texts(&scene.panel, &mut strip);
    let lines: Vec<&str> = strip.iter().map(|t| t.text.as_str()).collect();
    assert!(lines.contains(&"8 November 2020"), "{lines:?}");
    let first_event = lines.iter().position(|l| l.starts_with("• ")).expect("an event");
    assert!(lines[first_event].contains("Shusha"), "{lines:?}");
    assert!(lines.iter().all(|l| !l.contains("(frontline events")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("Azerbaijan: ")), "{lines:?}");
    let date = strip.iter().find(|t| t.text == "8 November 2020").unwrap();
    assert!(date.size >= 20.0, "a large date: {} px", date.size);
}
