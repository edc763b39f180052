//! Stage 5: a scene to SVG text, and that SVG to PNG (usvg + resvg + tiny-skia with the
//! embedded font), so that the two always show the same map; and frames to animations (GIF,
//! APNG).

pub mod gif;
pub mod png;
pub mod raster;
pub mod svg;

pub use png::{PngMetadata, render_pixmap, render_png, render_png_with};
pub use svg::render_svg;

/// The pixels of a scene, drawn directly (no SVG in between).
pub fn draw(scene: &crate::scene::Scene) -> tiny_skia::Pixmap {
    raster::draw_scene(scene)
}
