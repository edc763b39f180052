//! SVG text to a vector PDF, through svg2pdf (the resvg family's converter): the same document
//! as the SVG file, its text as the embedded font's glyphs (subset into the PDF), its shapes as
//! PDF paths, so the map prints sharp at any size and reads the same on any machine.
//!
//! svg2pdf 0.13, the last release, is built on usvg 0.45 while the rest of the project uses
//! usvg 0.49: the SVG is parsed a second time with svg2pdf's own usvg, against a font database
//! of the embedded faces only (never the system's fonts).

use std::sync::{Arc, OnceLock};

use svg2pdf::usvg;

use crate::error::{Error, Result};
use crate::fonts;

/// The CSS pixels per inch of an SVG; the PDF page is the SVG's size at this resolution unless
/// `--dpi` says otherwise (1600 px is 1200 pt, 16.7 in).
pub const CSS_DPI: u32 = 96;

/// svg2pdf's font database: the embedded regular and bold faces, built once.
fn database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(fonts::face_data(false).to_vec());
            db.load_font_data(fonts::face_data(true).to_vec());
            db.set_sans_serif_family(fonts::FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// A PDF of one page holding the SVG document, `dpi` pixels of the SVG to the inch (the page
/// is the SVG's width / dpi inches wide; [`CSS_DPI`] by default).
pub fn render_pdf(svg: &str, dpi: Option<u32>) -> Result<Vec<u8>> {
    let failed = |message: String| Error::Render { what: "pdf".into(), message };
    let options =
        usvg::Options { fontdb: database(), font_family: fonts::FAMILY.to_string(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|err| failed(err.to_string()))?;
    let page = svg2pdf::PageOptions { dpi: dpi.unwrap_or(CSS_DPI) as f32 };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page).map_err(|err| failed(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="960" height="480">
        <rect width="960" height="480" fill="#eef"/>
        <text x="20" y="60" font-family="DejaVu Sans" font-size="32">Şuşa Шуши Շուշի</text>
    </svg>"##;

    #[test]
    fn a_pdf_of_one_page_the_svg_size_at_96_dpi() {
        let pdf = render_pdf(SVG, None).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        // 960 px at 96 dpi is 10 in, 720 pt.
        assert!(text.contains("/MediaBox [0 0 720 360]"), "{}", &text[..text.len().min(2000)]);
        assert!(text.contains("/FontFile2"), "the embedded font is in the PDF");
    }

    #[test]
    fn dpi_sets_the_page_size() {
        let text = String::from_utf8_lossy(&render_pdf(SVG, Some(300)).unwrap()).into_owned();
        // 960 px at 300 dpi is 3.2 in, 230.4 pt.
        assert!(text.contains("/MediaBox [0 0 230.4 115.2]"));
    }

    #[test]
    fn bad_svg_is_an_error_not_a_panic() {
        assert!(matches!(render_pdf("<svg", None), Err(Error::Render { .. })));
    }
}
