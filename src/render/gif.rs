//! Frames to an animated GIF: one global palette for every frame, and frame deltas.
//!
//! The palette: the maps are flat colours, so it starts with every colour the scenes use,
//! exactly (a side's fill stays its own colour, not a near one); the remaining slots are
//! learnt by NeuQuant (`color_quant`) from sample frames, for antialiased edges, hatching and
//! text. No dithering: it would break the flat areas into noise and cost bytes.
//!
//! The deltas: after the first frame, a frame holds only the rectangle that changed since the
//! frame before, with unchanged pixels inside it transparent (they compress to almost nothing),
//! drawn over the previous frame (disposal "keep").

use std::collections::HashMap;
use std::io::Write;

use crate::error::{Error, Result};
use crate::scene::{Colour, Item, Paint, Scene};

use super::png::{RgbFrame, changed_rect, crop};

/// The index that stands for "unchanged" in delta frames.
const TRANSPARENT: u8 = 255;

/// At most this many exact colours; the rest of the 255 usable slots go to NeuQuant.
const MAX_EXACT: usize = 128;

/// Every colour a scene draws with (fills, strokes, hatching, text, halos), in order of first
/// use, without repeats.
pub fn scene_colours(scene: &Scene) -> Vec<Colour> {
    fn walk(items: &[Item], out: &mut Vec<Colour>) {
        for item in items {
            match item {
                Item::Shape(shape) => {
                    if let Some(Paint::Solid(c)) = shape.fill
                        && shape.fill_opacity >= 1.0
                    {
                        out.push(c);
                    }
                    out.extend(shape.stroke.iter().filter(|s| s.opacity >= 1.0).map(|s| s.colour));
                }
                Item::Text(text) => {
                    out.push(text.fill);
                    out.extend(text.halo.map(|(c, _)| c));
                }
                Item::Circle { fill, stroke, .. } => {
                    out.push(*fill);
                    out.extend(stroke.iter().map(|s| s.colour));
                }
                Item::Rect { fill, fill_opacity, stroke, .. } => {
                    out.extend(fill.filter(|_| *fill_opacity >= 1.0));
                    out.extend(stroke.iter().map(|s| s.colour));
                }
                Item::Clipped { items, .. } => walk(items, out),
                // The hillshading only darkens or lightens the colours under it.
                Item::Image { .. } => {}
            }
        }
    }
    let mut out = vec![scene.background];
    for pattern in &scene.patterns {
        out.extend(pattern.background);
        out.push(pattern.colour);
    }
    walk(&scene.items(), &mut out);
    let mut unique = Vec::new();
    for colour in out {
        if !unique.contains(&colour) {
            unique.push(colour);
        }
    }
    unique
}

/// A palette of at most 255 colours (index 255 is kept for transparency).
#[derive(Debug, Clone)]
pub struct Palette {
    colours: Vec<[u8; 3]>,
}

impl Palette {
    /// `exact` colours first, then colours learnt from the pixels of `samples` (RGB) that are
    /// not exact colours.
    pub fn build(exact: &[Colour], samples: &[&[u8]]) -> Palette {
        let mut colours: Vec<[u8; 3]> = Vec::new();
        for c in exact {
            if colours.len() < MAX_EXACT && !colours.contains(&[c.0, c.1, c.2]) {
                colours.push([c.0, c.1, c.2]);
            }
        }
        // A set, not the list: every pixel of the samples is looked up (a million or more).
        let exact_set: std::collections::HashSet<[u8; 3]> = colours.iter().copied().collect();
        let mut rest = Vec::new();
        for sample in samples {
            for p in sample.chunks_exact(3) {
                if !exact_set.contains(&[p[0], p[1], p[2]]) {
                    rest.extend_from_slice(&[p[0], p[1], p[2], 255]);
                }
            }
        }
        let free = 255 - colours.len();
        // NeuQuant needs some pixels to learn from; below that, the exact colours suffice.
        if rest.len() >= 4 * 1024 && free >= 16 {
            let quant = color_quant::NeuQuant::new(10, free, &rest);
            for p in quant.color_map_rgb().chunks_exact(3) {
                let colour = [p[0], p[1], p[2]];
                if !colours.contains(&colour) {
                    colours.push(colour);
                }
            }
        }
        if colours.is_empty() {
            colours.push([255, 255, 255]);
        }
        Palette { colours }
    }

    pub fn len(&self) -> usize {
        self.colours.len()
    }

    pub fn is_empty(&self) -> bool {
        self.colours.is_empty()
    }

    /// The palette as GIF wants it: 256 RGB triples (unused slots and the transparent one
    /// black).
    fn table(&self) -> Vec<u8> {
        let mut table: Vec<u8> = self.colours.iter().flatten().copied().collect();
        table.resize(256 * 3, 0);
        table
    }

    fn nearest(&self, rgb: [u8; 3]) -> u8 {
        let distance = |c: &[u8; 3]| {
            // Weighted as the eye sees (green most, blue least), integer only.
            let d = |a: u8, b: u8| (a as i32 - b as i32).pow(2);
            3 * d(c[0], rgb[0]) + 4 * d(c[1], rgb[1]) + 2 * d(c[2], rgb[2])
        };
        (0..self.colours.len()).min_by_key(|&i| distance(&self.colours[i])).unwrap_or(0) as u8
    }

    /// Palette indices of RGB pixels. A flat map is mostly runs of one colour, so the pixel
    /// before is checked first; other colours are looked up in a table keyed by the packed
    /// colour with a cheap hash (the same indices as a search every time, at a fraction of the
    /// cost).
    pub fn index(&self, rgb: &[u8]) -> Vec<u8> {
        let mut cache: HashMap<u32, u8, std::hash::BuildHasherDefault<PackedHasher>> = HashMap::default();
        let mut last: Option<([u8; 3], u8)> = None;
        rgb.chunks_exact(3)
            .map(|p| {
                let key = [p[0], p[1], p[2]];
                if let Some((colour, index)) = last
                    && colour == key
                {
                    return index;
                }
                let packed = u32::from_le_bytes([key[0], key[1], key[2], 0]);
                let index = *cache.entry(packed).or_insert_with(|| self.nearest(key));
                last = Some((key, index));
                index
            })
            .collect()
    }
}

/// A hasher for colours packed in a u32: one multiplication (Fibonacci hashing).
#[derive(Default)]
struct PackedHasher(u64);

impl std::hash::Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = (value as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A frame ready for the GIF writer: palette indices of the whole canvas.
#[derive(Debug, Clone)]
pub struct IndexedFrame {
    pub indices: Vec<u8>,
    pub delay_ms: u32,
}

impl IndexedFrame {
    pub fn new(frame: &RgbFrame, palette: &Palette) -> IndexedFrame {
        IndexedFrame { indices: palette.index(&frame.rgb), delay_ms: frame.delay_ms }
    }
}

/// A frame compressed for the GIF, independent of the writer so that frames compress in
/// parallel: the whole canvas for the first frame, then only the rectangle that changed since
/// `previous`, with unchanged pixels transparent.
pub fn encode_frame(
    previous: Option<&IndexedFrame>,
    frame: &IndexedFrame,
    width: u16,
    height: u16,
) -> gif::Frame<'static> {
    // GIF counts in hundredths of a second; browsers show anything under 2 as 10.
    let delay = (frame.delay_ms.div_ceil(10)).clamp(2, u16::MAX as u32) as u16;
    let mut out = gif::Frame { delay, dispose: gif::DisposalMethod::Keep, width, height, ..gif::Frame::default() };
    match previous {
        None => out.buffer = std::borrow::Cow::Owned(frame.indices.clone()),
        Some(previous) => {
            let stride = width as usize;
            let rect = changed_rect(&previous.indices, &frame.indices, stride, 1).unwrap_or((0, 0, 1, 1));
            let mut pixels = crop(&frame.indices, stride, 1, rect);
            let before = crop(&previous.indices, stride, 1, rect);
            for (pixel, old) in pixels.iter_mut().zip(&before) {
                if pixel == old {
                    *pixel = TRANSPARENT;
                }
            }
            out.left = rect.0 as u16;
            out.top = rect.1 as u16;
            out.width = rect.2 as u16;
            out.height = rect.3 as u16;
            out.transparent = Some(TRANSPARENT);
            out.buffer = std::borrow::Cow::Owned(pixels);
        }
    }
    out.make_lzw_pre_encoded();
    out
}

/// The size of the writer's canvas, px.
impl<W: Write> GifWriter<W> {
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }
}

fn gif_error(err: impl ToString) -> Error {
    Error::Render { what: "gif".into(), message: err.to_string() }
}

/// Writes a looping GIF frame by frame.
pub struct GifWriter<W: Write> {
    encoder: gif::Encoder<W>,
    width: u16,
    height: u16,
    previous: Option<IndexedFrame>,
}

impl<W: Write> GifWriter<W> {
    /// Start a GIF; `comment` (what, when, sources) goes into a comment extension.
    pub fn new(out: W, width: u32, height: u32, palette: &Palette, comment: &str) -> Result<GifWriter<W>> {
        let (w, h) = (u16::try_from(width).map_err(gif_error)?, u16::try_from(height).map_err(gif_error)?);
        let mut encoder = gif::Encoder::new(out, w, h, &palette.table()).map_err(gif_error)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(gif_error)?;
        if !comment.is_empty() {
            encoder
                .write_raw_extension(gif::AnyExtension(gif::Extension::Comment as u8), &[comment.as_bytes()])
                .map_err(gif_error)?;
        }
        Ok(GifWriter { encoder, width: w, height: h, previous: None })
    }

    /// Write the next frame (as a delta against the one before).
    pub fn push(&mut self, frame: &IndexedFrame) -> Result<()> {
        let encoded = encode_frame(self.previous.as_ref(), frame, self.width, self.height);
        self.push_encoded(&encoded)?;
        self.previous = Some(frame.clone());
        Ok(())
    }

    /// Write a frame made by [`encode_frame`] against the frame written before it.
    pub fn push_encoded(&mut self, encoded: &gif::Frame<'_>) -> Result<()> {
        self.encoder.write_lzw_pre_encoded_frame(encoded).map_err(gif_error)
    }

    /// Frames written from now on are deltas against this one.
    pub fn follow(&mut self, frame: &IndexedFrame) {
        self.previous = Some(frame.clone());
    }

    pub fn finish(self) -> Result<W> {
        self.encoder.into_inner().map_err(gif_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_colours_map_to_themselves() {
        let exact = [Colour(0x3c, 0x7f, 0xb8), Colour(255, 255, 255), Colour(0xe0, 0x8a, 0x3c)];
        // A ramp from blue to white, as an antialiased edge gives.
        let ramp: Vec<u8> = (0..4096u32).flat_map(|k| [(k % 256) as u8, (k / 16) as u8, 200]).collect();
        let palette = Palette::build(&exact, &[&ramp]);
        assert!(palette.len() <= 255);
        assert_eq!(palette.index(&[0x3c, 0x7f, 0xb8, 255, 255, 255]), vec![0, 1]);
        assert_eq!(palette.index(&[0xe0, 0x8a, 0x3c]), vec![2]);
    }

    #[test]
    fn gif_of_three_frames_decodes_with_deltas() {
        let palette = Palette::build(&[Colour(255, 255, 255), Colour(0, 0, 0)], &[]);
        let white = IndexedFrame { indices: vec![0; 8 * 5], delay_ms: 2000 };
        let mut dot = white.clone();
        dot.indices[2 * 8 + 3] = 1;
        dot.delay_ms = 400;
        let mut writer = GifWriter::new(Vec::new(), 8, 5, &palette, "test").unwrap();
        for frame in [&white, &dot, &dot] {
            writer.push(frame).unwrap();
        }
        let bytes = writer.finish().unwrap();
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::Indexed);
        let mut decoder = options.read_info(std::io::Cursor::new(bytes)).unwrap();
        let mut frames = Vec::new();
        while let Some(frame) = decoder.read_next_frame().unwrap() {
            frames.push((frame.delay, frame.left, frame.top, frame.width, frame.height));
        }
        assert_eq!(frames, vec![(200, 0, 0, 8, 5), (40, 3, 2, 1, 1), (40, 0, 0, 1, 1)]);
    }
}
