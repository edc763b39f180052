//! Stage 4: the scene, everything a map shows, projected to page pixels and styled.
//!
//! The scene is plain data. It guarantees: every coordinate is in pixels of a page of
//! `width` x `height` with the origin top-left; every colour and width is resolved; every text
//! is measured with the embedded font ([`crate::fonts`]) and placed so that labels do not
//! overlap each other or the furniture. Drawing it ([`crate::render`]) cannot fail.
//!
//! A scene is made of layers, each composed by its own module: the base ([`base`]: page layout,
//! countries, context lines, furniture; the same every day of a view and theme, composed once
//! per run and shared), the day ([`day`]: areas, changes, front, strikes, places and labels),
//! the panel ([`panel`]: title, date, areas, legend, events) and the furniture's credits
//! ([`furniture`]). The map's frame is part of the base, so it never moves from day to day.

mod arrows;
pub mod base;
mod compact;
mod compare;
mod compose;
mod day;
mod figures;
mod fit;
mod furniture;
mod labels;
mod panel;
mod progress;
pub mod relief;
mod swatch;
pub mod theme;

pub use base::{Base, COMPACT_BELOW, Layout, compose_base};
pub use compose::{DayInput, SceneOptions, compose, group_thousands, long_date, thousands};
pub use labels::{Candidate, Placed, place_labels};
pub use theme::Theme;

use std::fmt;
use std::sync::Arc;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    pub fn from_hex(text: &str) -> Option<Colour> {
        crate::dataset::parse_colour(text).map(|(r, g, b)| Colour(r, g, b))
    }

    /// Mix with `other`; `t` = 0 gives self, 1 gives other.
    pub fn mix(self, other: Colour, t: f32) -> Colour {
        let lerp = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round().clamp(0.0, 255.0) as u8;
        Colour(lerp(self.0, other.0), lerp(self.1, other.1), lerp(self.2, other.2))
    }

    /// Relative luminance 0..1 (sRGB, WCAG).
    pub fn luminance(self) -> f32 {
        let channel = |c: u8| {
            let c = c as f32 / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A rectangle in page pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    pub fn contains_rect(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }

    pub fn grow(&self, by: f32) -> Rect {
        Rect::new(self.x - by, self.y - by, self.w + 2.0 * by, self.h + 2.0 * by)
    }
}

/// How a shape is filled.
#[derive(Debug, Clone, PartialEq)]
pub enum Paint {
    Solid(Colour),
    /// A hatch pattern of the scene, by index into [`Scene::patterns`].
    Pattern(usize),
}

/// How a line is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    pub colour: Colour,
    pub width: f32,
    pub dash: Vec<f32>,
    pub opacity: f32,
}

impl Stroke {
    pub fn solid(colour: Colour, width: f32) -> Stroke {
        Stroke { colour, width, dash: Vec::new(), opacity: 1.0 }
    }

    pub fn dashed(colour: Colour, width: f32, dash: &[f32]) -> Stroke {
        Stroke { colour, width, dash: dash.to_vec(), opacity: 1.0 }
    }
}

/// Parallel lines that fill claimed or contested ground.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: String,
    pub background: Option<Colour>,
    pub colour: Colour,
    /// Distance between lines, px.
    pub spacing: f32,
    pub width: f32,
    /// Degrees, 45 = lines rising to the right.
    pub angle: f32,
}

/// Polygons (closed rings, even-odd) or polylines.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub rings: Vec<Vec<(f32, f32)>>,
    pub closed: bool,
    pub fill: Option<Paint>,
    pub fill_opacity: f32,
    pub stroke: Option<Stroke>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A line of text; `y` is the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    pub text: String,
    pub size: f32,
    pub bold: bool,
    pub anchor: Anchor,
    pub fill: Colour,
    /// A halo of this colour and width behind the letters, for legibility on any fill.
    pub halo: Option<(Colour, f32)>,
    /// A link (for sources), kept in the SVG.
    pub link: Option<String>,
}

/// A small raster of straight-alpha RGBA pixels, row by row from the top.
#[derive(Clone)]
pub struct Shade {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    /// The SVG backend's encoding of it, made once for every day that shares the base.
    pub encoded: std::sync::OnceLock<String>,
}

impl PartialEq for Shade {
    fn eq(&self, other: &Shade) -> bool {
        (self.width, self.height, &self.rgba) == (other.width, other.height, &other.rgba)
    }
}

impl fmt::Debug for Shade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shade({} x {})", self.width, self.height)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Shape(Shape),
    Text(Text),
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Colour,
        stroke: Option<Stroke>,
    },
    Rect {
        rect: Rect,
        fill: Option<Colour>,
        fill_opacity: f32,
        stroke: Option<Stroke>,
    },
    /// A raster stretched over `rect` and scaled smoothly (the hillshading).
    Image {
        rect: Rect,
        image: Arc<Shade>,
    },
    /// Items drawn clipped to a rectangle.
    Clipped {
        clip: Rect,
        items: Vec<Item>,
    },
}

/// A finished map, ready to draw: the shared base and the day's layers. Drawn in this order:
/// the page, then clipped to the map the base's ground, the day's areas, the base's context
/// lines, the day's top layer and the base's furniture; then the map's frame and the panel's
/// background, the panel (clipped to it) and the credits.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    /// For the SVG `<title>`.
    pub title: String,
    /// For the SVG `<desc>`: what, when, sources.
    pub description: String,
    pub background: Colour,
    pub patterns: Vec<Pattern>,
    /// The part shared by every day of the run.
    pub base: Arc<Base>,
    /// Each side's ground (under the context lines).
    pub areas: Vec<Item>,
    /// Changes, front, strikes, markers and labels.
    pub day: Vec<Item>,
    /// The panel's contents.
    pub panel: Vec<Item>,
    /// The credits along the bottom.
    pub credits: Vec<Item>,
    /// Every label box placed (map labels, furniture), for overlap tests.
    pub label_boxes: Vec<Rect>,
}

impl Scene {
    /// All items in drawing order, as one tree (the SVG writer's view of the layers).
    pub fn items(&self) -> Vec<Item> {
        let base = &self.base;
        let map: Vec<Item> = [&base.ground, &self.areas, &base.context, &self.day, &base.furniture]
            .into_iter()
            .flat_map(|layer| layer.iter().cloned())
            .collect();
        let mut items = Vec::new();
        if !map.is_empty() {
            items.push(Item::Clipped { clip: base.layout.map, items: map });
        }
        items.extend(base.frames.iter().cloned());
        if !self.panel.is_empty() {
            items.push(Item::Clipped { clip: base.layout.panel, items: self.panel.clone() });
        }
        items.extend(self.credits.iter().cloned());
        items
    }

    /// A page that is not a map (a chart): `items` over the background, no base.
    pub fn plain(
        width: f32,
        height: f32,
        title: String,
        description: String,
        background: Colour,
        items: Vec<Item>,
    ) -> Scene {
        Scene {
            width,
            height,
            title,
            description,
            background,
            patterns: Vec::new(),
            base: Arc::new(Base::plain(width, height, Theme::light())),
            areas: Vec::new(),
            day: Vec::new(),
            panel: Vec::new(),
            credits: items,
            label_boxes: Vec::new(),
        }
    }
}
