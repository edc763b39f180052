//! Stage 5: a scene to SVG text, and that SVG to PNG (usvg + resvg + tiny-skia with the
//! embedded font), so that the two always show the same map.

pub mod png;
pub mod svg;

pub use png::render_png;
pub use svg::render_svg;
