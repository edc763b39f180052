//! Stage 5: one scene, two backends: SVG text ([`svg`]) and pixels drawn straight onto a
//! tiny-skia pixmap ([`raster`], glyph outlines of the embedded font, the base drawn once per
//! run), held to each other by tests/backends.rs against resvg's rendering of the SVG; PNG
//! encoding ([`png`], which can also rasterise SVG text through usvg and resvg); the SVG text
//! as a vector PDF ([`pdf`], svg2pdf); frames to animations (GIF, APNG).

pub mod gif;
pub mod pdf;
pub mod png;
pub mod raster;
pub mod svg;

pub use pdf::render_pdf;
pub use png::{PngMetadata, encode_png, render_pixmap, render_png, render_png_with};
pub use svg::render_svg;

/// The pixels of a scene, drawn directly (no SVG in between).
pub fn draw(scene: &crate::scene::Scene) -> tiny_skia::Pixmap {
    raster::draw_scene(scene)
}

/// Hand back a pixmap from [`draw`] once used: the thread's next [`draw`] reuses its memory.
pub fn recycle(pixmap: tiny_skia::Pixmap) {
    raster::recycle(pixmap)
}
