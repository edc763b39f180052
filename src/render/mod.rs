//! Stage 5: a scene to SVG text, and that SVG to PNG (usvg + resvg + tiny-skia with the
//! embedded font), so that the two always show the same map; and frames to animations (GIF,
//! APNG).

pub mod gif;
pub mod png;
pub mod svg;

pub use png::{PngMetadata, render_pixmap, render_png, render_png_with};
pub use svg::render_svg;

/// The pixels of a scene (the old path: SVG text, parsed back by usvg, drawn by resvg).
pub fn draw(_atlas: &crate::Atlas, scene: &crate::scene::Scene) -> tiny_skia::Pixmap {
    render_pixmap(&render_svg(scene)).expect("our own SVG parses")
}
