//! SVG text to PNG bytes, through usvg (parse, with the embedded fonts only), resvg and
//! tiny-skia.

use crate::error::{Error, Result};
use crate::fonts;

/// Rasterise an SVG document at its own size.
pub fn render_png(svg: &str) -> Result<Vec<u8>> {
    let options =
        usvg::Options { fontdb: fonts::database(), font_family: fonts::FAMILY.to_string(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|err| Error::Render { what: "svg".into(), message: err.to_string() })?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| Error::Render {
        what: "png".into(),
        message: format!("cannot allocate {}x{}", size.width(), size.height()),
    })?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|err| Error::Render { what: "png".into(), message: err.to_string() })
}
