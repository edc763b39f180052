//! SVG text to pixels, through usvg (parse, with the embedded fonts only), resvg and tiny-skia;
//! and pixels to PNG bytes, still or animated (APNG). This is the one place that makes PNG
//! bytes.
//!
//! PNGs are reproducible: the same SVG gives the same bytes. The text chunks carry the map's
//! own date as "Creation Time", never the time of the run, and no chunk holds a timestamp.

use std::io::Write;

use crate::error::{Error, Result};
use crate::fonts;

/// Text chunks of a PNG (tEXt when Latin-1, iTXt otherwise).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PngMetadata {
    pub title: String,
    /// What, when, sources.
    pub description: String,
    /// `frontline VERSION`.
    pub software: String,
    /// The date the map shows (RFC 1123, as the PNG spec recommends), not the time of the run.
    pub creation_time: String,
    /// Dots per inch written as the physical size (pHYs chunk); none without `--dpi`, so that
    /// viewers use their own default.
    pub dpi: Option<u32>,
}

impl PngMetadata {
    /// Metadata of a map of `day`.
    pub fn for_day(title: &str, description: &str, day: chrono::NaiveDate) -> PngMetadata {
        PngMetadata {
            title: title.to_string(),
            description: description.to_string(),
            software: software(),
            creation_time: day.format("%a, %d %b %Y 00:00:00 +0000").to_string(),
            dpi: None,
        }
    }

    fn chunks(&self) -> [(&'static str, &str); 4] {
        [
            ("Title", &self.title),
            ("Description", &self.description),
            ("Software", &self.software),
            ("Creation Time", &self.creation_time),
        ]
    }
}

/// The pHYs of `dpi` dots per inch: PNG counts pixels per metre (1 inch = 0.0254 m).
fn pixel_dims(dpi: u32) -> png::PixelDimensions {
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    png::PixelDimensions { xppu: per_metre, yppu: per_metre, unit: png::Unit::Meter }
}

/// `frontline VERSION`, for the Software chunk and file headers.
pub fn software() -> String {
    format!("frontline {}", env!("CARGO_PKG_VERSION"))
}

fn render_error(what: &str, message: impl ToString) -> Error {
    Error::Render { what: what.into(), message: message.to_string() }
}

/// Rasterise an SVG document at its own size.
pub fn render_pixmap(svg: &str) -> Result<tiny_skia::Pixmap> {
    let options =
        usvg::Options { fontdb: fonts::database(), font_family: fonts::FAMILY.to_string(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|err| render_error("svg", err))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| render_error("png", format!("cannot allocate {}x{}", size.width(), size.height())))?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Rasterise an SVG document at its own size, as PNG bytes without text chunks.
pub fn render_png(svg: &str) -> Result<Vec<u8>> {
    encode_png(&render_pixmap(svg)?, None)
}

/// Rasterise an SVG document at its own size, as PNG bytes with text chunks.
pub fn render_png_with(svg: &str, metadata: &PngMetadata) -> Result<Vec<u8>> {
    encode_png(&render_pixmap(svg)?, Some(metadata))
}

/// Straight (not premultiplied) pixels of a pixmap: RGB when every pixel is opaque (a map
/// always is; a third smaller), RGBA otherwise.
fn straight_pixels(pixmap: &tiny_skia::Pixmap) -> (png::ColorType, Vec<u8>) {
    let pixels = pixmap.pixels();
    if pixels.iter().all(|p| p.alpha() == 255) {
        // Bytes R, G, B, A in memory: keep the first three of every four.
        let mut out = vec![0; pixels.len() * 3];
        for (rgb, rgba) in out.chunks_exact_mut(3).zip(pixmap.data().chunks_exact(4)) {
            rgb.copy_from_slice(&rgba[..3]);
        }
        (png::ColorType::Rgb, out)
    } else {
        let mut out = Vec::with_capacity(pixels.len() * 4);
        for p in pixels {
            let c = p.demultiply();
            out.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (png::ColorType::Rgba, out)
    }
}

fn add_text(encoder: &mut png::Encoder<'_, impl Write>, metadata: &PngMetadata) -> Result<()> {
    for (keyword, text) in metadata.chunks() {
        if text.is_empty() {
            continue;
        }
        // tEXt is Latin-1 only; names and dashes in other scripts need iTXt (UTF-8).
        let result = if text.chars().all(|c| (c as u32) < 0x80) {
            encoder.add_text_chunk(keyword.into(), text.into())
        } else {
            encoder.add_itxt_chunk(keyword.into(), text.into())
        };
        result.map_err(|err| render_error("png", err))?;
    }
    Ok(())
}

/// PNG bytes of a pixmap, with text chunks when given.
///
/// Deflate level 1 through zlib-rs (zlib-ng's quick strategy) with no row filter: measured on a
/// map at 1600x1100 (benches/stages.rs) 12 ms and 488 KB, against 43-60 ms and 492 KB at the
/// png crate's default (adaptive filters, level 6, miniz). A flat map's runs of one colour
/// compress better unfiltered than as filtered differences. Level 3 gives 392 KB in 22 ms: not
/// worth twice the time; zlib's run-length strategy is slower and 1.2-5x larger. An opaque map
/// (every map is) skips the png crate's row writer: its scanlines are made in one pass from the
/// pixmap and deflated in one call, which saves the copies between. The output depends only on
/// the pixels, so the same map gives the same bytes.
pub fn encode_png(pixmap: &tiny_skia::Pixmap, metadata: Option<&PngMetadata>) -> Result<Vec<u8>> {
    SCRATCH.with(|scratch| {
        let (scanlines, deflated) = &mut *scratch.borrow_mut();
        if opaque_scanlines(pixmap, scanlines) {
            encode_scanlines(pixmap, scanlines, deflated, metadata)
        } else {
            encode_png_using(pixmap, metadata, png::DeflateCompression::Level(1), png::Filter::NoFilter)
        }
    })
}

/// The IDAT data of an opaque pixmap before deflate, into `out`: every row as filter type 0
/// (none) and its RGB bytes. False when a pixel is not opaque.
fn opaque_scanlines(pixmap: &tiny_skia::Pixmap, out: &mut Vec<u8>) -> bool {
    let width = pixmap.width() as usize;
    out.clear();
    out.resize((width * 3 + 1) * pixmap.height() as usize, 0);
    let mut opaque = true;
    for (line, row) in out.chunks_exact_mut(width * 3 + 1).zip(pixmap.data().chunks_exact(width * 4)) {
        // line[0] stays 0: filter type none.
        for (rgb, rgba) in line[1..].chunks_exact_mut(3).zip(row.chunks_exact(4)) {
            rgb.copy_from_slice(&rgba[..3]);
            opaque &= rgba[3] == 255;
        }
    }
    opaque
}

thread_local! {
    /// This thread's scanlines and deflate output, kept from one map to the next: fresh buffers
    /// of 5 MB cost page faults on every map.
    static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<u8>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// A PNG of RGB `scanlines` (see [`opaque_scanlines`]): the header and text chunks by the png
/// crate, the image data deflated by zlib-rs at level 1 in one IDAT chunk.
fn encode_scanlines(
    pixmap: &tiny_skia::Pixmap,
    scanlines: &[u8],
    deflated: &mut Vec<u8>,
    metadata: Option<&PngMetadata>,
) -> Result<Vec<u8>> {
    let bound = zlib_rs::compress_bound(scanlines.len());
    if deflated.len() < bound {
        deflated.resize(bound, 0);
    }
    let config = zlib_rs::DeflateConfig { level: 1, ..zlib_rs::DeflateConfig::default() };
    let (data, code) = zlib_rs::compress_slice(deflated, scanlines, config);
    if code != zlib_rs::ReturnCode::Ok {
        return Err(render_error("png", format!("deflate failed: {code:?}")));
    }
    let mut bytes = Vec::with_capacity(data.len() + 1024);
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        if let Some(metadata) = metadata {
            add_text(&mut encoder, metadata)?;
            encoder.set_pixel_dims(metadata.dpi.map(pixel_dims));
        }
        let mut writer = encoder.write_header().map_err(|err| render_error("png", err))?;
        writer.write_chunk(png::chunk::IDAT, data).map_err(|err| render_error("png", err))?;
        writer.finish().map_err(|err| render_error("png", err))?;
    }
    Ok(bytes)
}

/// PNG bytes with a given deflate level and row filter (for [`encode_png`] and benchmarks).
pub fn encode_png_using(
    pixmap: &tiny_skia::Pixmap,
    metadata: Option<&PngMetadata>,
    deflate: png::DeflateCompression,
    filter: png::Filter,
) -> Result<Vec<u8>> {
    let (colour, data) = straight_pixels(pixmap);
    let mut bytes = Vec::with_capacity(data.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(colour);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_deflate_compression(deflate);
        encoder.set_filter(filter);
        if let Some(metadata) = metadata {
            add_text(&mut encoder, metadata)?;
            encoder.set_pixel_dims(metadata.dpi.map(pixel_dims));
        }
        let mut writer = encoder.write_header().map_err(|err| render_error("png", err))?;
        writer.write_image_data(&data).map_err(|err| render_error("png", err))?;
        writer.finish().map_err(|err| render_error("png", err))?;
    }
    Ok(bytes)
}

/// One frame of an animation: opaque RGB pixels of the whole canvas, and how long it shows.
#[derive(Debug, Clone)]
pub struct RgbFrame {
    pub rgb: Vec<u8>,
    pub delay_ms: u32,
}

impl RgbFrame {
    /// The frame of a pixmap (composited on white where not opaque).
    pub fn from_pixmap(pixmap: &tiny_skia::Pixmap, delay_ms: u32) -> RgbFrame {
        let mut rgb = Vec::with_capacity(pixmap.pixels().len() * 3);
        for p in pixmap.pixels() {
            // Premultiplied: on white, c + (255 - a).
            let white = 255 - p.alpha();
            rgb.extend_from_slice(&[p.red() + white, p.green() + white, p.blue() + white]);
        }
        RgbFrame { rgb, delay_ms }
    }
}

/// The smallest rectangle (x, y, w, h) holding every pixel that differs between two frames of
/// `width` px, each `channels` bytes a pixel; `None` when they are equal.
pub fn changed_rect(a: &[u8], b: &[u8], width: usize, channels: usize) -> Option<(usize, usize, usize, usize)> {
    let row = width * channels;
    let rows = a.len() / row.max(1);
    let differs = |y: usize| a[y * row..(y + 1) * row] != b[y * row..(y + 1) * row];
    let top = (0..rows).find(|&y| differs(y))?;
    let bottom = (top..rows).rev().find(|&y| differs(y)).unwrap_or(top);
    let (mut left, mut right) = (width, 0);
    for y in top..=bottom {
        let (ra, rb) = (&a[y * row..(y + 1) * row], &b[y * row..(y + 1) * row]);
        let first = (0..width).find(|&x| ra[x * channels..(x + 1) * channels] != rb[x * channels..(x + 1) * channels]);
        if let Some(first) = first {
            left = left.min(first);
            let last = (first..width)
                .rev()
                .find(|&x| ra[x * channels..(x + 1) * channels] != rb[x * channels..(x + 1) * channels])
                .unwrap_or(first);
            right = right.max(last);
        }
    }
    Some((left, top, right - left + 1, bottom - top + 1))
}

/// Copy the rectangle (x, y, w, h) out of an image `width` px wide.
pub fn crop(data: &[u8], width: usize, channels: usize, (x, y, w, h): (usize, usize, usize, usize)) -> Vec<u8> {
    let mut out = Vec::with_capacity(w * h * channels);
    for row in y..y + h {
        let start = (row * width + x) * channels;
        out.extend_from_slice(&data[start..start + w * channels]);
    }
    out
}

/// Writes an APNG frame by frame, in RGBA: each frame after the first holds only the
/// rectangle that changed since the frame before, with the pixels that did not change inside
/// it fully transparent and blended over the frame before ("over", dispose "none"), so that
/// they compress to almost nothing. A frame equal to the one before is one transparent pixel,
/// as APNG frames cannot be empty.
pub struct ApngWriter<W: Write> {
    writer: png::Writer<W>,
    width: usize,
    previous: Option<Vec<u8>>,
}

impl<W: Write> ApngWriter<W> {
    /// Start an APNG of `frames` frames that loops forever.
    pub fn new(out: W, width: u32, height: u32, frames: u32, metadata: &PngMetadata) -> Result<ApngWriter<W>> {
        let mut encoder = png::Encoder::new(out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        encoder.set_animated(frames.max(1), 0).map_err(|err| render_error("apng", err))?;
        add_text(&mut encoder, metadata)?;
        let writer = encoder.write_header().map_err(|err| render_error("apng", err))?;
        Ok(ApngWriter { writer, width: width as usize, previous: None })
    }

    /// Add the next frame (RGB of the whole canvas).
    pub fn push(&mut self, frame: &RgbFrame) -> Result<()> {
        let err = |err: png::EncodingError| render_error("apng", err);
        // Delays in ms up to 65 s; longer holds are clamped.
        let delay = frame.delay_ms.min(u16::MAX as u32) as u16;
        self.writer.set_frame_delay(delay, 1000).map_err(err)?;
        self.writer.set_dispose_op(png::DisposeOp::None).map_err(err)?;
        let opaque = |rgb: &[u8]| -> Vec<u8> { rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect() };
        match &self.previous {
            None => {
                self.writer.set_blend_op(png::BlendOp::Source).map_err(err)?;
                self.writer.write_image_data(&opaque(&frame.rgb)).map_err(err)?;
            }
            Some(previous) => {
                self.writer.set_blend_op(png::BlendOp::Over).map_err(err)?;
                let rect = changed_rect(previous, &frame.rgb, self.width, 3).unwrap_or((0, 0, 1, 1));
                let now = crop(&frame.rgb, self.width, 3, rect);
                let before = crop(previous, self.width, 3, rect);
                let rgba: Vec<u8> = now
                    .chunks_exact(3)
                    .zip(before.chunks_exact(3))
                    .flat_map(|(p, q)| if p == q { [0, 0, 0, 0] } else { [p[0], p[1], p[2], 255] })
                    .collect();
                // Position first at the origin, so the new size always fits while it is set.
                self.writer.reset_frame_position().map_err(err)?;
                self.writer.set_frame_dimension(rect.2 as u32, rect.3 as u32).map_err(err)?;
                self.writer.set_frame_position(rect.0 as u32, rect.1 as u32).map_err(err)?;
                self.writer.write_image_data(&rgba).map_err(err)?;
            }
        }
        self.previous = Some(frame.rgb.clone());
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        self.writer.finish().map_err(|err| render_error("apng", err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(width: u32, height: u32, colour: tiny_skia::Color) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
        pixmap.fill(colour);
        pixmap
    }

    #[test]
    fn text_chunks_are_written_and_non_latin_text_goes_to_itxt() {
        let metadata = PngMetadata::for_day("Map — 8 November 2020", "Sources: A", "2020-11-08".parse().unwrap());
        assert_eq!(metadata.creation_time, "Sun, 08 Nov 2020 00:00:00 +0000");
        let bytes = encode_png(&solid(4, 3, tiny_skia::Color::WHITE), Some(&metadata)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height, info.color_type), (4, 3, png::ColorType::Rgb));
        let text: Vec<(String, String)> =
            info.uncompressed_latin1_text.iter().map(|t| (t.keyword.clone(), t.text.clone())).collect();
        assert!(text.contains(&("Description".into(), "Sources: A".into())), "{text:?}");
        assert!(text.contains(&("Creation Time".into(), metadata.creation_time.clone())));
        assert!(text.iter().any(|(k, v)| k == "Software" && v.starts_with("frontline ")));
        let title = info.utf8_text.iter().find(|t| t.keyword == "Title").unwrap();
        assert_eq!(title.get_text().unwrap(), "Map — 8 November 2020");
    }

    /// Pixels read back from PNG bytes, as straight RGBA.
    fn decode_rgba(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        let rgba = match info.color_type {
            png::ColorType::Rgb => buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
            _ => buf,
        };
        (info.color_type, rgba)
    }

    #[test]
    fn pixels_survive_encoding_opaque_as_rgb_and_translucent_as_rgba() {
        let mut pixmap = solid(7, 5, tiny_skia::Color::from_rgba8(10, 200, 30, 255));
        pixmap.fill_rect(
            tiny_skia::Rect::from_xywh(2.0, 1.0, 3.0, 2.0).unwrap(),
            &tiny_skia::Paint {
                shader: tiny_skia::Shader::SolidColor(tiny_skia::Color::from_rgba8(250, 5, 99, 255)),
                ..Default::default()
            },
            tiny_skia::Transform::identity(),
            None,
        );
        let (colour, rgba) = decode_rgba(&encode_png(&pixmap, None).unwrap());
        assert_eq!(colour, png::ColorType::Rgb);
        assert_eq!(rgba, pixmap.data());
        let translucent = solid(3, 2, tiny_skia::Color::from_rgba8(0, 0, 255, 128));
        let (colour, rgba) = decode_rgba(&encode_png(&translucent, None).unwrap());
        assert_eq!(colour, png::ColorType::Rgba);
        assert_eq!(&rgba[..4], &[0, 0, 255, 128]);
    }

    #[test]
    fn dpi_is_written_as_pixels_per_metre_and_read_back() {
        let pixmap = solid(4, 3, tiny_skia::Color::WHITE);
        let day = chrono::NaiveDate::from_ymd_opt(2020, 11, 8).unwrap();
        let read = |dpi: Option<u32>| {
            let metadata = PngMetadata { dpi, ..PngMetadata::for_day("t", "d", day) };
            let bytes = encode_png(&pixmap, Some(&metadata)).unwrap();
            let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
            reader.info().pixel_dims
        };
        assert!(read(None).is_none());
        let dims = read(Some(300)).unwrap();
        assert_eq!((dims.xppu, dims.yppu, dims.unit), (11811, 11811, png::Unit::Meter));
    }

    #[test]
    fn changed_rect_bounds_the_difference() {
        let a = vec![0u8; 5 * 4 * 3];
        let mut b = a.clone();
        assert_eq!(changed_rect(&a, &b, 5, 3), None);
        b[(5 + 1) * 3] = 9; // (1, 1)
        b[(2 * 5 + 3) * 3 + 2] = 9; // (3, 2)
        assert_eq!(changed_rect(&a, &b, 5, 3), Some((1, 1, 3, 2)));
        assert_eq!(crop(&b, 5, 3, (1, 1, 1, 1)), vec![9, 0, 0]);
    }

    #[test]
    fn apng_has_one_fctl_per_frame() {
        let white = RgbFrame::from_pixmap(&solid(6, 4, tiny_skia::Color::WHITE), 400);
        let black = RgbFrame::from_pixmap(&solid(6, 4, tiny_skia::Color::BLACK), 1200);
        let mut bytes = Vec::new();
        let mut writer = ApngWriter::new(&mut bytes, 6, 4, 3, &PngMetadata::default()).unwrap();
        for frame in [&white, &black, &black] {
            writer.push(frame).unwrap();
        }
        writer.finish().unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&bytes)).read_info().unwrap();
        let control = reader.info().animation_control.unwrap();
        assert_eq!((control.num_frames, control.num_plays), (3, 0));
    }
}
