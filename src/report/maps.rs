//! The maps of the report page: the map layers only (no panel, no credits: the page has them
//! as text), drawn for the screen rather than the poster, and split so that what every day
//! shares is in the page once.
//!
//! Two sizes of map, because one size cannot make labels legible both on a laptop and on a
//! phone without making them huge on one of them:
//! - `wide`, composed on a 900 x 828 page (the compact layout, [`crate::scene::COMPACT_BELOW`],
//!   whose smallest label is 12.1 units), shown about 920 px wide on a 1400 px screen: labels
//!   of 12 px and more;
//! - `narrow`, composed on a 440 x 593 page, shown about 370 px wide on a 390 px phone: labels
//!   of 10 px and more (the label placer drops what does not fit at that size).
//!
//! Each size has a base (countries under the areas; water, roads, borders and the 1994 line
//! over them; scale bar and north arrow on top), the theatre's atoms (for the page's
//! comparison of two dates) and per day two fragments: the areas, and the top layer (changes,
//! front, strikes, places, labels).

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::Atlas;
use crate::render::svg::{escape, path_data, render_fragment};
use crate::scene::{Base, Colour, SceneOptions};

/// A size of map: its name in the page and the page it is composed on.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The compact layout's strip and credits take 153 px of a page's height at its scale of 1.1:
/// these heights leave maps of 4:3 (laptop) and about 1:1 (phone).
pub const SIZES: [Size; 2] =
    [Size { name: "wide", width: 900, height: 828 }, Size { name: "narrow", width: 440, height: 593 }];

/// One size of map, as SVG fragments.
#[derive(Debug)]
pub struct PageMap {
    pub size: Size,
    /// `x y w h` of the map in the page it was composed on.
    pub view_box: String,
    pub ground: String,
    pub context: String,
    pub furniture: String,
    /// `<defs>` of the atoms' paths, the gained-ground hatches and outlines.
    pub atoms: String,
    /// Per day: the areas, the marker `<!--top-->`, the top layer.
    pub days: Vec<String>,
}

/// Clip ids of the fragments of one map start at these, so that they never collide.
const CLIPS_GROUND: usize = 1000;
const CLIPS_CONTEXT: usize = 2000;
const CLIPS_FURNITURE: usize = 3000;
const CLIPS_TOP: usize = 4000;

pub fn page_map(atlas: &Atlas, days: &[NaiveDate], options: &SceneOptions, size: Size) -> PageMap {
    let options = SceneOptions { width: size.width, height: size.height, progress_bar: false, ..options.clone() };
    let base = atlas.base(&options);
    let day_parts: Vec<String> = days
        .par_iter()
        .map(|&day| {
            let scene = atlas.scene(day, &options);
            let areas = render_fragment(&scene.areas, &scene.patterns, 0);
            let top = render_fragment(&scene.day, &[], CLIPS_TOP);
            format!("{areas}<!--top-->{top}")
        })
        .collect();
    let map = base.layout.map;
    PageMap {
        size,
        view_box: format!("{} {} {} {}", map.x, map.y, map.w, map.h),
        ground: render_fragment(&base.ground, &[], CLIPS_GROUND),
        context: render_fragment(&base.context, &[], CLIPS_CONTEXT),
        furniture: render_fragment(&base.furniture, &[], CLIPS_FURNITURE),
        atoms: atoms_defs(atlas, &base),
        days: day_parts,
    }
}

/// The atoms of the theatre as paths `atom-I` (I = index in [`crate::ground::Ground::atoms`]),
/// and per side the hatch (`gain-S`) and outline filter (`outline-S`) of the ground it gained:
/// the page shows the atoms that changed side between two dates, as `render --compare` does
/// with the union of the same atoms.
fn atoms_defs(atlas: &Atlas, base: &Base) -> String {
    use std::fmt::Write;
    let theme = &base.theme;
    let mut out = String::from("<defs>");
    for (index, atom) in atlas.ground.atoms.iter().enumerate() {
        let _ = write!(out, r#"<path id="atom-{index}" d="{}"/>"#, path_data(&base.km_rings(&atom.shape), true));
    }
    // The gained ground lies on its new holder's colour: a hatch of the halo colour and an
    // outline of the text colour stand out on any side's fill.
    for index in 0..atlas.dataset.meta.sides.len() {
        out.push_str(&gain_defs(index, (theme.halo, theme.text), theme.px(6.0), theme.px(1.2), theme.px(2.5)));
    }
    out.push_str("</defs>");
    out
}

/// A side's hatch of gained ground (crossing the claimed ground's, as in
/// [`crate::scene`]'s comparison layer) and a filter that draws a band of `outline` units
/// around the union of what it is applied to: atoms drawn one by one then show no seams.
fn gain_defs(side: usize, (colour, edge): (Colour, Colour), spacing: f32, width: f32, outline: f32) -> String {
    format!(
        r#"<pattern id="gain-{side}" patternUnits="userSpaceOnUse" width="{spacing}" height="{spacing}" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="{spacing}" stroke="{colour}" stroke-width="{w2}"/></pattern><filter id="outline-{side}" x="-5%" y="-5%" width="110%" height="110%"><feMorphology in="SourceAlpha" operator="dilate" radius="{outline}" result="grown"/><feComposite in="grown" in2="SourceAlpha" operator="out" result="ring"/><feFlood flood-color="{edge}"/><feComposite in2="ring" operator="in"/></filter>"#,
        w2 = width * 2.0,
    )
}

/// The `<script>` elements that carry a map's fragments, ids `NAME-ground`, `NAME-day-DATE`...
pub fn script_elements(map: &PageMap, days: &[NaiveDate]) -> String {
    let name = map.size.name;
    let mut out = String::new();
    let mut push = |id: String, body: &str| {
        out.push_str(&format!("<script type=\"image/svg+xml\" id=\"{}\">{body}</script>\n", escape(&id)));
    };
    push(format!("{name}-ground"), &map.ground);
    push(format!("{name}-context"), &map.context);
    push(format!("{name}-furniture"), &map.furniture);
    push(format!("{name}-atoms"), &map.atoms);
    for (day, body) in days.iter().zip(&map.days) {
        push(format!("{name}-day-{day}"), body);
    }
    out
}

/// Does any fragment contain `</script`, which would end its element early? (render_svg
/// escapes every `<` of text, so only a bug could make one.)
pub fn closes_script(map: &PageMap) -> bool {
    let parts = [&map.ground, &map.context, &map.furniture, &map.atoms];
    parts.into_iter().chain(&map.days).any(|part| part.to_ascii_lowercase().contains("</script"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{DataSource, Dataset};

    #[test]
    fn a_day_has_its_areas_and_top_layer_and_the_base_is_shared() {
        let atlas = Atlas::new(Dataset::load(&DataSource::Embedded).unwrap());
        let days: Vec<NaiveDate> = ["2020-10-20", "2020-11-08"].iter().map(|d| d.parse().unwrap()).collect();
        let map = page_map(&atlas, &days, &SceneOptions::default(), SIZES[1]);
        assert_eq!(map.days.len(), 2);
        for day in &map.days {
            let (areas, top) = day.split_once("<!--top-->").unwrap();
            assert!(areas.contains("<path"), "areas drawn");
            assert!(top.contains("<text"), "labels drawn");
            assert!(!top.contains("<svg") && !areas.contains("<svg"), "fragments, not documents");
        }
        assert!(map.ground.contains("<path") && map.context.contains("<path"));
        assert_eq!(map.atoms.matches("<path id=\"atom-").count(), atlas.ground.atoms.len());
        assert!(!closes_script(&map));
        // The map's view is the compact layout's map, the whole width of its page.
        assert!(map.view_box.starts_with("0 0 440 "), "{}", map.view_box);
    }
}
