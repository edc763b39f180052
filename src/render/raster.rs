//! Stage 5, the direct backend: a scene drawn straight onto a tiny-skia pixmap, with no SVG text
//! in between. It draws what the SVG writer ([`super::svg`]) writes, the way resvg draws that
//! SVG: the same fill rules, caps, joins and dashes, hatching as a repeated tile of the same size
//! and filter, rectangular clips as antialiased masks, and text as glyph outlines of the embedded
//! font, shaped with harfrust as usvg shapes it (kerning included), halos stroked under the fill.
//!
//! Glyph outlines and shaped lines are cached for the whole process (by glyph id, and by text
//! and weight), as every day repeats most of its labels. A test (tests/backends.rs) holds every
//! day's pixels to resvg's rendering of the same day's SVG.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tiny_skia as sk;

use crate::scene::{Anchor, Base, Colour, Item, Paint, Pattern, Rect, Scene, Shade, Shape, Stroke, Text};

/// A face of the embedded font, with its outlines cached by glyph id.
struct Face {
    data: &'static [u8],
    units_per_em: f32,
    shaper_data: harfrust::ShaperData,
    outlines: Vec<OnceLock<Option<sk::Path>>>,
    /// Shaped lines by text: glyph ids and their positions in font units.
    runs: Mutex<HashMap<String, Arc<Run>>>,
}

/// A shaped line of text in font units.
struct Run {
    /// Glyph id, x and y of its origin.
    glyphs: Vec<(u16, f32, f32)>,
    advance: f32,
}

fn face(bold: bool) -> &'static Face {
    static REGULAR: OnceLock<Face> = OnceLock::new();
    static BOLD: OnceLock<Face> = OnceLock::new();
    let (cell, data) =
        if bold { (&BOLD, crate::fonts::face_data(true)) } else { (&REGULAR, crate::fonts::face_data(false)) };
    cell.get_or_init(|| {
        use skrifa::MetadataProvider;
        let font = skrifa::FontRef::new(data).expect("the embedded font parses");
        let metrics = font.metrics(skrifa::instance::Size::unscaled(), skrifa::instance::LocationRef::default());
        let count = font.outline_glyphs().iter().count().max(metrics.glyph_count as usize);
        let hr = harfrust::FontRef::new(data).expect("the embedded font parses");
        Face {
            data,
            units_per_em: metrics.units_per_em as f32,
            shaper_data: harfrust::ShaperData::new(&hr),
            outlines: (0..count).map(|_| OnceLock::new()).collect(),
            runs: Mutex::new(HashMap::new()),
        }
    })
}

/// Builds a tiny-skia path from a glyph's outline.
struct Pen(sk::PathBuilder);

impl skrifa::outline::OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

impl Face {
    /// The outline of a glyph in font units (y up), built once.
    fn outline(&self, glyph: u16) -> Option<&sk::Path> {
        let cell = self.outlines.get(glyph as usize)?;
        cell.get_or_init(|| {
            use skrifa::MetadataProvider;
            let font = skrifa::FontRef::new(self.data).ok()?;
            let outline = font.outline_glyphs().get(skrifa::GlyphId::new(glyph as u32))?;
            let mut pen = Pen(sk::PathBuilder::new());
            let settings = skrifa::outline::DrawSettings::unhinted(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            );
            outline.draw(settings, &mut pen).ok()?;
            pen.0.finish()
        })
        .as_ref()
    }

    /// A line shaped as usvg shapes it (harfrust, default features), cached by its text.
    fn shape(&self, text: &str) -> Arc<Run> {
        if let Some(run) = self.runs.lock().map(|runs| runs.get(text).cloned()).ok().flatten() {
            return run;
        }
        let font = harfrust::FontRef::new(self.data).expect("the embedded font parses");
        let shaper = self.shaper_data.shaper(&font).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        // A label in Arabic or Hebrew script runs right to left (its letters joined), as a
        // browser draws the SVG; harfrust gives the glyphs in visual order either way.
        let direction = if crate::fonts::right_to_left(text) {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        };
        buffer.set_direction(direction);
        buffer.guess_segment_properties();
        let output = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let mut glyphs = Vec::with_capacity(output.len());
        let mut pen = 0.0;
        for (info, position) in output.glyph_infos().iter().zip(output.glyph_positions()) {
            glyphs.push((info.glyph_id as u16, pen + position.x_offset as f32, position.y_offset as f32));
            pen += position.x_advance as f32;
        }
        let run = Arc::new(Run { glyphs, advance: pen });
        if let Ok(mut runs) = self.runs.lock() {
            runs.insert(text.to_string(), run.clone());
        }
        run
    }
}

/// Width of a line of text in px, shaped as it is drawn (with kerning).
pub fn shaped_width(text: &str, size: f32, bold: bool) -> f32 {
    let face = face(bold);
    face.shape(text).advance * size / face.units_per_em
}

/// A number as the SVG writes it (two decimals), so that both backends place text alike: over a
/// long line of credits a size off by 0.004 px moves the last letters by a pixel.
fn svg_number(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// The outline of a line of text on the page.
fn text_path(text: &Text) -> Option<sk::Path> {
    let face = face(text.bold);
    let run = face.shape(&text.text);
    let scale = svg_number(text.size) / face.units_per_em;
    let width = run.advance * scale;
    let (x, y) = (svg_number(text.x), svg_number(text.y));
    let x0 = match text.anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    let mut builder = sk::PathBuilder::new();
    for &(glyph, gx, gy) in &run.glyphs {
        let Some(outline) = face.outline(glyph) else { continue };
        let ts = sk::Transform::from_row(scale, 0.0, 0.0, -scale, x0 + gx * scale, y - gy * scale);
        if let Some(placed) = outline.clone().transform(ts) {
            builder.push_path(&placed);
        }
    }
    builder.finish()
}

fn colour(c: Colour, opacity: f32) -> sk::Color {
    sk::Color::from_rgba8(c.0, c.1, c.2, (opacity.clamp(0.0, 1.0) * 255.0).round() as u8)
}

fn solid(c: Colour, opacity: f32) -> sk::Paint<'static> {
    let mut paint = sk::Paint::default();
    paint.set_color(colour(c, opacity));
    paint.anti_alias = true;
    paint
}

/// The stroke as the SVG writer writes it: round joins; round caps, butt caps when dashed.
fn sk_stroke(stroke: &Stroke) -> sk::Stroke {
    sk::Stroke {
        width: stroke.width,
        line_join: sk::LineJoin::Round,
        line_cap: if stroke.dash.is_empty() { sk::LineCap::Round } else { sk::LineCap::Butt },
        dash: if stroke.dash.is_empty() { None } else { sk::StrokeDash::new(stroke.dash.clone(), 0.0) },
        ..sk::Stroke::default()
    }
}

/// A hatch tile as resvg makes it from the SVG `<pattern>`: its size rounded to whole pixels,
/// the background square and a line on its left edge twice the hatch width (half of it falls
/// outside the tile).
fn pattern_tile(pattern: &Pattern) -> Option<sk::Pixmap> {
    let s = pattern.spacing;
    let size = s.round().max(1.0) as u32;
    let mut tile = sk::Pixmap::new(size, size)?;
    if let Some(background) = pattern.background {
        let rect = sk::Rect::from_xywh(0.0, 0.0, s, s)?;
        tile.fill_path(
            &sk::PathBuilder::from_rect(rect),
            &solid(background, 1.0),
            sk::FillRule::Winding,
            sk::Transform::identity(),
            None,
        );
    }
    let mut line = sk::PathBuilder::new();
    line.move_to(0.0, 0.0);
    line.line_to(0.0, s);
    let stroke = sk::Stroke { width: pattern.width * 2.0, ..sk::Stroke::default() };
    tile.stroke_path(&line.finish()?, &solid(pattern.colour, 1.0), &stroke, sk::Transform::identity(), None);
    Some(tile)
}

/// A page-sized sheet of one hatch pattern, shaded as resvg shades an SVG pattern (the tile
/// repeated, rotated, bicubic filtering) block by block where shapes need it. A day then samples
/// it pixel for pixel: the same colours without the bicubic work on every day.
struct Sheet {
    pixmap: sk::Pixmap,
    tile: sk::Pixmap,
    angle: f32,
    /// Which blocks of SHEET_BLOCK px are shaded.
    done: Vec<bool>,
    columns: u32,
}

const SHEET_BLOCK: u32 = 64;

impl Sheet {
    fn new(pattern: &Pattern, w: u32, h: u32) -> Option<Sheet> {
        let columns = w.div_ceil(SHEET_BLOCK);
        let rows = h.div_ceil(SHEET_BLOCK);
        Some(Sheet {
            pixmap: sk::Pixmap::new(w, h)?,
            tile: pattern_tile(pattern)?,
            angle: pattern.angle,
            done: vec![false; (columns * rows) as usize],
            columns,
        })
    }

    /// Shade the blocks under `bounds` that are not shaded yet.
    fn cover(&mut self, bounds: sk::Rect) {
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let block = |v: f32, limit: u32| ((v.max(0.0) as u32) / SHEET_BLOCK).min(limit.div_ceil(SHEET_BLOCK) - 1);
        let (c0, c1) = (block(bounds.left() - 1.0, w), block(bounds.right() + 1.0, w));
        let (r0, r1) = (block(bounds.top() - 1.0, h), block(bounds.bottom() + 1.0, h));
        for row in r0..=r1 {
            for col in c0..=c1 {
                let index = (row * self.columns + col) as usize;
                if !self.done[index] {
                    self.done[index] = true;
                    self.shade(col * SHEET_BLOCK, row * SHEET_BLOCK);
                }
            }
        }
    }

    fn shade(&mut self, x: u32, y: u32) {
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let (bw, bh) = (SHEET_BLOCK.min(w - x), SHEET_BLOCK.min(h - y));
        let shader = sk::Pattern::new(
            self.tile.as_ref(),
            sk::SpreadMode::Repeat,
            sk::FilterQuality::Bicubic,
            1.0,
            sk::Transform::from_rotate(self.angle),
        );
        if let Some(rect) = sk::Rect::from_xywh(x as f32, y as f32, bw as f32, bh as f32) {
            let paint = sk::Paint { shader, ..sk::Paint::default() };
            self.pixmap.fill_rect(rect, &paint, sk::Transform::identity(), None);
        }
    }
}

/// A pattern and a page size as a key of the sheets.
type SheetKey = ([u32; 4], Option<[u8; 3]>, [u8; 3], (u32, u32));

fn sheet_key(pattern: &Pattern, w: u32, h: u32) -> SheetKey {
    let rgb = |c: Colour| [c.0, c.1, c.2];
    let bits = [pattern.spacing.to_bits(), pattern.width.to_bits(), pattern.angle.to_bits(), 0];
    (bits, pattern.background.map(rgb), rgb(pattern.colour), (w, h))
}

/// At most this many sheets per thread (7 MB each at 1600x1100): one per hatch of a theme and
/// page size is the common case.
const SHEET_BUDGET: usize = 4;

thread_local! {
    /// Each rendering thread's sheets: no lock while a day fills its hatched ground.
    static SHEETS: std::cell::RefCell<HashMap<SheetKey, Sheet>> = std::cell::RefCell::new(HashMap::new());
}

/// Fill `path` with a hatch pattern from this thread's sheet of it.
fn fill_hatched(pixmap: &mut sk::Pixmap, path: &sk::Path, pattern: &Pattern, opacity: f32, mask: Option<&sk::Mask>) {
    let key = sheet_key(pattern, pixmap.width(), pixmap.height());
    SHEETS.with(|sheets| {
        let mut sheets = sheets.borrow_mut();
        if !sheets.contains_key(&key) {
            if sheets.len() >= SHEET_BUDGET {
                sheets.clear();
            }
            let Some(sheet) = Sheet::new(pattern, pixmap.width(), pixmap.height()) else { return };
            sheets.insert(key, sheet);
        }
        let Some(sheet) = sheets.get_mut(&key) else { return };
        sheet.cover(path.bounds());
        let shader = sk::Pattern::new(
            sheet.pixmap.as_ref(),
            sk::SpreadMode::Pad,
            sk::FilterQuality::Nearest,
            opacity,
            sk::Transform::identity(),
        );
        let paint = sk::Paint { shader, anti_alias: true, ..sk::Paint::default() };
        pixmap.fill_path(path, &paint, sk::FillRule::EvenOdd, sk::Transform::identity(), mask);
    });
}

fn rings_path(rings: &[Vec<(f32, f32)>], closed: bool) -> Option<sk::Path> {
    let mut builder = sk::PathBuilder::new();
    for ring in rings {
        let Some((first, rest)) = ring.split_first() else { continue };
        builder.move_to(first.0, first.1);
        for p in rest {
            builder.line_to(p.0, p.1);
        }
        if closed {
            builder.close();
        }
    }
    builder.finish()
}

/// Where drawing is clipped: a rectangle, and its mask, made when first needed.
struct Clip {
    rect: Rect,
    mask: Option<sk::Mask>,
}

/// A pixmap being drawn, with the scene's hatch patterns.
pub struct Canvas<'a> {
    pub pixmap: &'a mut sk::Pixmap,
    patterns: Vec<Pattern>,
}

impl<'a> Canvas<'a> {
    pub fn new(pixmap: &'a mut sk::Pixmap, patterns: &[Pattern]) -> Canvas<'a> {
        Canvas { pixmap, patterns: patterns.to_vec() }
    }

    /// Draw items in order, clipped to `clip` when given.
    pub fn draw(&mut self, items: &[Item], clip: Option<Rect>) {
        let mut clip = clip.map(|rect| Clip { rect, mask: None });
        for item in items {
            self.item(item, &mut clip);
        }
    }

    fn item(&mut self, item: &Item, clip: &mut Option<Clip>) {
        match item {
            Item::Shape(shape) => self.shape(shape, clip),
            Item::Text(text) => self.text(text, clip),
            Item::Circle { cx, cy, r, fill, stroke } => self.dot((*cx, *cy), *r, *fill, stroke.as_ref(), clip),
            Item::Rect { rect, fill, fill_opacity, stroke } => {
                if let Some(r) = sk::Rect::from_xywh(rect.x, rect.y, rect.w, rect.h) {
                    let path = sk::PathBuilder::from_rect(r);
                    let paint = fill.map(|c| solid(c, *fill_opacity));
                    self.fill_and_stroke(&path, paint, stroke.as_ref(), sk::FillRule::Winding, clip);
                }
            }
            Item::Image { rect, image } => self.image(*rect, image, clip),
            Item::Clipped { clip: rect, items } => {
                let inner = match clip {
                    Some(outer) => intersect(outer.rect, *rect),
                    None => *rect,
                };
                self.draw(items, Some(inner));
            }
        }
    }

    /// A raster stretched over `rect`, filtered as resvg draws an SVG `<image>` (a bicubic
    /// pattern, edges padded), so that the two backends agree.
    fn image(&mut self, rect: Rect, image: &Shade, clip: &mut Option<Clip>) {
        let Some(pixmap) = shade_pixmap(image) else { return };
        let Some(area) = sk::Rect::from_xywh(rect.x, rect.y, rect.w, rect.h) else { return };
        let Some(mask) = mask_for(clip, self.pixmap, area, 0.0) else { return };
        let scale = sk::Transform::from_row(
            rect.w / image.width as f32,
            0.0,
            0.0,
            rect.h / image.height as f32,
            rect.x,
            rect.y,
        );
        let shader = sk::Pattern::new(pixmap.as_ref(), sk::SpreadMode::Pad, sk::FilterQuality::Bicubic, 1.0, scale);
        let paint = sk::Paint { shader, anti_alias: false, ..sk::Paint::default() };
        self.pixmap.fill_rect(area, &paint, sk::Transform::identity(), mask);
    }

    fn shape(&mut self, shape: &Shape, clip: &mut Option<Clip>) {
        if shape.rings.iter().all(|r| r.len() < 2) {
            return;
        }
        let Some(path) = rings_path(&shape.rings, shape.closed) else { return };
        let paint = match &shape.fill {
            None => None,
            Some(Paint::Solid(c)) => Some(solid(*c, shape.fill_opacity)),
            Some(Paint::Pattern(index)) => {
                if let Some(pattern) = self.patterns.get(*index)
                    && let Some(mask) = mask_for(clip, self.pixmap, path.bounds(), 0.0)
                {
                    fill_hatched(self.pixmap, &path, pattern, shape.fill_opacity, mask);
                }
                None
            }
        };
        self.fill_and_stroke(&path, paint, shape.stroke.as_ref(), sk::FillRule::EvenOdd, clip);
    }

    fn fill_and_stroke(
        &mut self,
        path: &sk::Path,
        fill: Option<sk::Paint<'_>>,
        stroke: Option<&Stroke>,
        rule: sk::FillRule,
        clip: &mut Option<Clip>,
    ) {
        let reach = stroke.map_or(0.0, |s| s.width);
        let Some(mask) = mask_for(clip, self.pixmap, path.bounds(), reach) else { return };
        if let Some(paint) = fill {
            self.pixmap.fill_path(path, &paint, rule, sk::Transform::identity(), mask);
        }
        if let Some(stroke) = stroke {
            let paint = solid(stroke.colour, stroke.opacity);
            self.pixmap.stroke_path(path, &paint, &sk_stroke(stroke), sk::Transform::identity(), mask);
        }
    }

    fn text(&mut self, text: &Text, clip: &mut Option<Clip>) {
        let (within, dx, dy) = within_first_pixel(text);
        if let Some(sprite) = sprite(&within) {
            self.place(&sprite, (dx, dy), clip);
        }
    }

    /// A circle (a place's dot), from the run's sprite of it; a dashed outline is drawn as is.
    fn dot(&mut self, (cx, cy): (f32, f32), r: f32, fill: Colour, stroke: Option<&Stroke>, clip: &mut Option<Clip>) {
        let (dx, dy) = (cx.floor(), cy.floor());
        let key = dot_key((cx - dx, cy - dy), r, fill, stroke);
        match key.and_then(|key| dot_sprite(key, (cx - dx, cy - dy), r, fill, stroke)) {
            Some(sprite) => self.place(&sprite, (dx as i32, dy as i32), clip),
            None => {
                if let Some(path) = sk::PathBuilder::from_circle(cx, cy, r) {
                    self.fill_and_stroke(&path, Some(solid(fill, 1.0)), stroke, sk::FillRule::Winding, clip);
                }
            }
        }
    }

    /// Blend a sprite moved by whole pixels onto the page, inside the clip.
    fn place(&mut self, sprite: &Sprite, (dx, dy): (i32, i32), clip: &mut Option<Clip>) {
        let (x, y) = (sprite.x + dx, sprite.y + dy);
        let (w, h) = (sprite.pixmap.width() as f32, sprite.pixmap.height() as f32);
        let Some(bounds) = sk::Rect::from_xywh(x as f32 + 1.0, y as f32 + 1.0, w - 2.0, h - 2.0) else { return };
        let Some(mask) = mask_for(clip, self.pixmap, bounds, 0.0) else { return };
        match mask {
            None => blend_sprite(self.pixmap, &sprite.pixmap, x, y),
            Some(mask) => {
                let paint = sk::PixmapPaint::default();
                let id = sk::Transform::identity();
                self.pixmap.draw_pixmap(x, y, sprite.pixmap.as_ref(), &paint, id, Some(mask));
            }
        }
    }
}

/// A dot as a cache key: its place in its pixel, radius, fill and solid outline. `None` for a
/// dashed outline (never used for dots; drawn as a path).
type DotKey = [u32; 7];

fn dot_key(phase: (f32, f32), r: f32, fill: Colour, stroke: Option<&Stroke>) -> Option<DotKey> {
    let rgb = |c: Colour| u32::from_le_bytes([c.0, c.1, c.2, 1]);
    let (outline, width, opacity) = match stroke {
        Some(s) if !s.dash.is_empty() => return None,
        Some(s) => (rgb(s.colour), s.width.to_bits(), s.opacity.to_bits()),
        None => (0, 0, 0),
    };
    Some([phase.0.to_bits(), phase.1.to_bits(), r.to_bits(), rgb(fill), outline, width, opacity])
}

/// The run's sprite of a dot at `phase` in the first pixel, drawn when first needed. Places keep
/// their dots from day to day, so a run draws each once.
fn dot_sprite(key: DotKey, phase: (f32, f32), r: f32, fill: Colour, stroke: Option<&Stroke>) -> Option<Arc<Sprite>> {
    static DOTS: OnceLock<Mutex<HashMap<DotKey, Arc<Sprite>>>> = OnceLock::new();
    let dots = DOTS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = dots.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return Some(found);
    }
    let reach = r + stroke.map_or(0.0, |s| s.width / 2.0) + 2.0;
    let (x, y) = ((phase.0 - reach).floor() as i32, (phase.1 - reach).floor() as i32);
    let size = (2.0 * reach).ceil() as u32 + 2;
    let mut pixmap = sk::Pixmap::new(size, size)?;
    let path = sk::PathBuilder::from_circle(phase.0, phase.1, r)?;
    let ts = sk::Transform::from_translate(-x as f32, -y as f32);
    pixmap.fill_path(&path, &solid(fill, 1.0), sk::FillRule::Winding, ts, None);
    if let Some(stroke) = stroke {
        pixmap.stroke_path(&path, &solid(stroke.colour, stroke.opacity), &sk_stroke(stroke), ts, None);
    }
    let made = Arc::new(Sprite { x, y, pixmap });
    if let Ok(mut cache) = dots.lock() {
        // Dots are a few hundred bytes: a budget by count keeps a pathological scene bounded.
        if cache.len() >= DOT_BUDGET {
            cache.clear();
        }
        cache.insert(key, made.clone());
    }
    Some(made)
}

/// At most this many dot sprites (of a few hundred bytes each) are kept.
const DOT_BUDGET: usize = 100_000;

/// The text moved by whole pixels to within the page's first pixel, and the move back. Sprites
/// are drawn for the moved text, so a text that comes back at another place with the same
/// sub-pixel position (a source's name, a status, a label pushed by a neighbour) is drawn once
/// per run; moving by whole pixels leaves its pixels as they were.
fn within_first_pixel(text: &Text) -> (Text, i32, i32) {
    let (x, y) = (svg_number(text.x), svg_number(text.y));
    let (dx, dy) = (x.floor(), y.floor());
    (Text { x: x - dx, y: y - dy, ..text.clone() }, dx as i32, dy as i32)
}

/// A line of text drawn once on a transparent pixmap of its own, at its place in the page's
/// first pixel (`x`, `y` whole pixels: the letters keep their sub-pixel position). Most of a
/// day's texts (the legend, the labels of places, the credits, the sources and statuses of
/// events) come back on other days, so a sprite is drawn once per run and blended ("source
/// over") onto every day that has it.
struct Sprite {
    x: i32,
    y: i32,
    pixmap: sk::Pixmap,
}

/// A text as a cache key: everything that decides its pixels.
type TextKey = (String, bool, [u32; 4], u8, [u8; 3], Option<([u8; 3], u32)>);

fn text_key(t: &Text) -> TextKey {
    let anchor = match t.anchor {
        Anchor::Start => 0,
        Anchor::Middle => 1,
        Anchor::End => 2,
    };
    (
        t.text.clone(),
        t.bold,
        [t.x.to_bits(), t.y.to_bits(), t.size.to_bits(), 0],
        anchor,
        [t.fill.0, t.fill.1, t.fill.2],
        t.halo.map(|(c, w)| ([c.0, c.1, c.2], w.to_bits())),
    )
}

/// Sprites by text, for the whole process, up to [`SPRITE_BUDGET`] bytes of pixels.
struct Sprites {
    map: HashMap<TextKey, Arc<Sprite>>,
    bytes: usize,
}

/// 48 MB of sprites: every text of a whole war at 1600 px fits several times over, and the
/// peak memory of a run stays far under 150 MB.
const SPRITE_BUDGET: usize = 48 << 20;

fn sprites() -> &'static Mutex<Sprites> {
    static SPRITES: OnceLock<Mutex<Sprites>> = OnceLock::new();
    SPRITES.get_or_init(|| Mutex::new(Sprites { map: HashMap::new(), bytes: 0 }))
}

fn sprite(text: &Text) -> Option<Arc<Sprite>> {
    let key = text_key(text);
    if let Some(found) = sprites().lock().ok().and_then(|cache| cache.map.get(&key).cloned()) {
        return Some(found);
    }
    let made = Arc::new(draw_sprite(text)?);
    if let Ok(mut cache) = sprites().lock() {
        let bytes = made.pixmap.data().len();
        if cache.bytes + bytes <= SPRITE_BUDGET {
            cache.bytes += bytes;
            cache.map.insert(key, made.clone());
        }
    }
    Some(made)
}

/// Draw a text as resvg draws it (halo stroked under the fill) on a pixmap of its own.
fn draw_sprite(text: &Text) -> Option<Sprite> {
    let path = text_path(text)?;
    let reach = text.halo.map_or(0.0, |(_, w)| w / 2.0) + 2.0;
    let b = path.bounds();
    let (x, y) = ((b.left() - reach).floor() as i32, (b.top() - reach).floor() as i32);
    let w = ((b.right() + reach).ceil() as i32 - x).max(1) as u32;
    let h = ((b.bottom() + reach).ceil() as i32 - y).max(1) as u32;
    let mut pixmap = sk::Pixmap::new(w, h)?;
    let ts = sk::Transform::from_translate(-x as f32, -y as f32);
    if let Some((halo, width)) = text.halo {
        let stroke = sk::Stroke { width, line_join: sk::LineJoin::Round, ..sk::Stroke::default() };
        pixmap.stroke_path(&path, &solid(halo, 1.0), &stroke, ts, None);
    }
    pixmap.fill_path(&path, &solid(text.fill, 1.0), sk::FillRule::Winding, ts, None);
    Some(Sprite { x, y, pixmap })
}

/// Blend a sprite's pixels onto the page ("source over", premultiplied), where it is inside.
fn blend_sprite(page: &mut sk::Pixmap, sprite: &sk::Pixmap, x: i32, y: i32) {
    let (pw, ph) = (page.width() as i32, page.height() as i32);
    let sw = sprite.width() as i32;
    // The sprite's columns that fall on the page, once for every row.
    let (c0, c1) = ((-x).max(0), (pw - x).min(sw));
    if c0 >= c1 {
        return;
    }
    let src = sprite.pixels();
    let dst = page.pixels_mut();
    for (row, line) in src.chunks_exact(sw as usize).enumerate() {
        let py = y + row as i32;
        if py < 0 || py >= ph {
            continue;
        }
        let start = (py * pw + x + c0) as usize;
        let targets = &mut dst[start..start + (c1 - c0) as usize];
        for (d, &s) in targets.iter_mut().zip(&line[c0 as usize..c1 as usize]) {
            if s.alpha() != 0 {
                *d = over(s, *d);
            }
        }
    }
}

/// `src` over `dst`, premultiplied.
fn over(src: sk::PremultipliedColorU8, dst: sk::PremultipliedColorU8) -> sk::PremultipliedColorU8 {
    if src.alpha() == 255 {
        return src;
    }
    let keep = 255 - src.alpha() as u32;
    let mix = |s: u8, d: u8| (s as u32 + div255(d as u32 * keep)).min(255) as u8;
    let alpha = mix(src.alpha(), dst.alpha());
    sk::PremultipliedColorU8::from_rgba(
        mix(src.red(), dst.red()).min(alpha),
        mix(src.green(), dst.green()).min(alpha),
        mix(src.blue(), dst.blue()).min(alpha),
        alpha,
    )
    .unwrap_or(dst)
}

fn intersect(a: Rect, b: Rect) -> Rect {
    let x = a.x.max(b.x);
    let y = a.y.max(b.y);
    Rect::new(x, y, (a.right().min(b.right()) - x).max(0.0), (a.bottom().min(b.bottom()) - y).max(0.0))
}

/// The mask to draw a shape of `bounds` (grown by `reach` for its stroke) with: `Some(None)` when
/// it lies wholly inside the clip (or there is none), `None` when wholly outside.
fn mask_for<'c>(
    clip: &'c mut Option<Clip>,
    pixmap: &sk::Pixmap,
    bounds: sk::Rect,
    reach: f32,
) -> Option<Option<&'c sk::Mask>> {
    let Some(clip) = clip else { return Some(None) };
    let grow = reach / 2.0 + 1.0;
    let (l, t, r, b) = (bounds.left() - grow, bounds.top() - grow, bounds.right() + grow, bounds.bottom() + grow);
    let c = clip.rect;
    if r <= c.x || l >= c.right() || b <= c.y || t >= c.bottom() {
        return None;
    }
    if l >= c.x.ceil() && t >= c.y.ceil() && r <= c.right().floor() && b <= c.bottom().floor() {
        return Some(None);
    }
    if clip.mask.is_none() {
        let mut mask = sk::Mask::new(pixmap.width(), pixmap.height())?;
        if let Some(rect) = sk::Rect::from_xywh(c.x, c.y, c.w, c.h) {
            mask.fill_path(&sk::PathBuilder::from_rect(rect), sk::FillRule::Winding, true, sk::Transform::identity());
        }
        clip.mask = Some(mask);
    }
    Some(clip.mask.as_ref())
}

/// A straight-alpha raster as a premultiplied pixmap.
fn shade_pixmap(image: &Shade) -> Option<sk::Pixmap> {
    let mut pixmap = sk::Pixmap::new(image.width, image.height)?;
    for (dst, src) in pixmap.pixels_mut().iter_mut().zip(image.rgba.chunks_exact(4)) {
        let premultiplied = sk::ColorU8::from_rgba(src[0], src[1], src[2], src[3]).premultiply();
        *dst = premultiplied;
    }
    Some(pixmap)
}

/// The base of a run drawn once: the page with the countries, the context lines on a
/// transparent layer that goes over each day's areas, and the furniture and frames on another
/// that goes over each day's places.
#[derive(Debug)]
pub struct BaseRaster {
    under: sk::Pixmap,
    context: Sparse,
    over: Sparse,
}

/// The pixels of a transparent layer that are not transparent: (index, premultiplied pixel).
/// Lines, the scale bar, the north arrow and the inset cover a few percent of the page, so
/// blending only these is far cheaper than compositing (or drawing) the whole layer each day.
type Sparse = Vec<(u32, sk::PremultipliedColorU8)>;

impl BaseRaster {
    fn new(base: &Base, background: Colour) -> BaseRaster {
        let (w, h) = page_size(base.layout.width, base.layout.height);
        let mut under = sk::Pixmap::new(w, h).expect("a page of positive size");
        under.fill(colour(background, 1.0));
        Canvas::new(&mut under, &[]).draw(&base.ground, Some(base.layout.map));
        let context = sparse_layer(w, h, |canvas| canvas.draw(&base.context, Some(base.layout.map)));
        let over = sparse_layer(w, h, |canvas| {
            canvas.draw(&base.furniture, Some(base.layout.map));
            canvas.draw(&base.frames, None);
        });
        BaseRaster { under, context, over }
    }
}

/// Draw onto a transparent page and keep the pixels drawn.
fn sparse_layer(w: u32, h: u32, draw: impl FnOnce(&mut Canvas)) -> Sparse {
    let mut layer = sk::Pixmap::new(w, h).expect("a page of positive size");
    draw(&mut Canvas::new(&mut layer, &[]));
    layer.pixels().iter().enumerate().filter(|(_, p)| p.alpha() > 0).map(|(i, p)| (i as u32, *p)).collect()
}

/// Blend a sparse layer over a day's pixels ("source over", premultiplied).
fn blend_sparse(pixmap: &mut sk::Pixmap, layer: &Sparse) {
    let pixels = pixmap.pixels_mut();
    for &(index, src) in layer {
        if let Some(dst) = pixels.get_mut(index as usize) {
            *dst = over(src, *dst);
        }
    }
}

/// x / 255, rounded.
fn div255(x: u32) -> u32 {
    (x + 128 + ((x + 128) >> 8)) >> 8
}

fn page_size(width: f32, height: f32) -> (u32, u32) {
    (width.round().max(1.0) as u32, height.round().max(1.0) as u32)
}

/// Draw a whole scene onto a new pixmap: a copy of the base's pixels, then the day's layers.
pub fn draw_scene(scene: &Scene) -> sk::Pixmap {
    let base = &scene.base;
    let cached = base.raster.get_or_init(|| BaseRaster::new(base, scene.background));
    let mut pixmap = page_from(&cached.under);
    let map = base.layout.map;
    let mut canvas = Canvas::new(&mut pixmap, &scene.patterns);
    canvas.draw(&scene.areas, Some(map));
    blend_sparse(canvas.pixmap, &cached.context);
    canvas.draw(&scene.day, Some(map));
    blend_sparse(canvas.pixmap, &cached.over);
    canvas.draw(&scene.panel, Some(base.layout.panel));
    canvas.draw(&scene.credits, None);
    pixmap
}

thread_local! {
    /// A page this thread finished with, to draw the next day on: a fresh 7 MB page costs
    /// thousands of page faults, more than copying the base into one already mapped.
    static SPARE_PAGE: std::cell::RefCell<Option<sk::Pixmap>> = const { std::cell::RefCell::new(None) };
}

/// A copy of `base` on this thread's spare page when it has one of the same size.
fn page_from(base: &sk::Pixmap) -> sk::Pixmap {
    let spare = SPARE_PAGE.with(|spare| spare.borrow_mut().take());
    match spare {
        Some(mut page) if page.width() == base.width() && page.height() == base.height() => {
            page.data_mut().copy_from_slice(base.data());
            page
        }
        _ => base.clone(),
    }
}

/// Hand back a page drawn by [`draw_scene`] once its pixels are used, for the next day.
pub fn recycle(page: sk::Pixmap) {
    SPARE_PAGE.with(|spare| *spare.borrow_mut() = Some(page));
}

/// Draw a scene the plain way, every item in turn with no cached base (for tests).
pub fn draw_scene_uncached(scene: &Scene) -> sk::Pixmap {
    let (w, h) = page_size(scene.width, scene.height);
    let mut pixmap = sk::Pixmap::new(w, h).expect("a page of positive size");
    pixmap.fill(colour(scene.background, 1.0));
    Canvas::new(&mut pixmap, &scene.patterns).draw(&scene.items(), None);
    pixmap
}
