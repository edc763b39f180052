//! The base of a map: everything that is the same on every day of a view and theme (the page
//! layout, countries, lakes, rivers, roads, district lines, borders, the reference lines, the
//! scale bar, north arrow and inset). It is composed once per run and shared by every day's
//! [`Scene`](super::Scene); the raster backend also draws it once.

use std::sync::OnceLock;

use super::SceneOptions;
use super::compose::district_stroke;
use super::fit::{Fit, km_line, lonlat_geometry, ring_px};
use super::furniture::{credit_lines_reserved, locator, north_arrow, scale_bar};
use super::theme::Theme;
use super::{Item, Paint, Rect, Shape, Stroke};
use crate::control::Cells;
use crate::dataset::{Dataset, LayerRole};
use crate::i18n::Words;
use crate::projection::TransverseMercator;

/// Where the parts of the page are.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    /// The map's frame: the same every day.
    pub map: Rect,
    /// The panel on the right.
    pub panel: Rect,
    pub pad: f32,
    pub credit_size: f32,
    /// Lines reserved for the credits (the most any day of the dataset needs).
    pub credit_lines: usize,
    /// The compact layout of small pages ([`COMPACT_BELOW`]): the map above a strip with the
    /// date, figures, main events and a one-line legend ([`super::compact`]).
    pub compact: bool,
}

/// Pages narrower than this (px) get the compact layout: the poster's panel scaled down to
/// them would set its text at 5-6 px.
pub const COMPACT_BELOW: u32 = 1000;

/// In the compact layout sizes are at least this multiple of the reference sizes, so that the
/// smallest map label (11 at the reference width) is 12 px.
const COMPACT_SCALE: f32 = 1.1;

/// Height of the compact layout's strip below the map, px at [`COMPACT_SCALE`] 1: a progress
/// bar (6), the date (24), the day, three sides' figures and a legend row (13 each, 16-18 apart).
const COMPACT_STRIP: f32 = 118.0;

/// The part of a map that does not change from day to day.
#[derive(Debug)]
pub struct Base {
    pub layout: Layout,
    /// The theme scaled to the page.
    pub theme: Theme,
    /// The words of the map's language ([`crate::i18n`]).
    pub words: crate::i18n::Words,
    pub(crate) fit: Fit,
    /// Countries, under the day's areas (clipped to the map).
    pub ground: Vec<Item>,
    /// Lakes, rivers, roads, district lines, borders and the reference lines, over the day's
    /// areas and under its front (clipped to the map).
    pub context: Vec<Item>,
    /// Scale bar, north arrow, inset: on top of the map (clipped to it).
    pub furniture: Vec<Item>,
    /// The boxes of the furniture, which labels keep off.
    pub furniture_boxes: Vec<Rect>,
    /// The map's frame and the panel's background.
    pub frames: Vec<Item>,
    /// The data's attribution lines as this map credits them ([`Dataset::attribution`]).
    pub attribution: Vec<String>,
    /// What a raster backend made of the base, once (see [`crate::render::raster`]).
    pub(crate) raster: OnceLock<crate::render::raster::BaseRaster>,
}

impl PartialEq for Base {
    fn eq(&self, other: &Base) -> bool {
        self.layout == other.layout
            && self.theme == other.theme
            && self.words == other.words
            && self.ground == other.ground
            && self.context == other.context
            && self.furniture == other.furniture
            && self.frames == other.frames
            && self.attribution == other.attribution
    }
}

impl Base {
    /// A base with nothing on it, for a page that is not a map (a chart): its items go in the
    /// scene's credits layer, drawn over the background, unclipped.
    pub fn plain(width: f32, height: f32, theme: Theme) -> Base {
        let none = Rect::new(0.0, 0.0, 0.0, 0.0);
        let layout = Layout {
            width,
            height,
            map: none,
            panel: none,
            pad: 0.0,
            credit_size: 0.0,
            credit_lines: 0,
            compact: false,
        };
        let fit = Fit {
            projection: TransverseMercator::new(0.0, 0.0),
            scale: 1.0,
            centre_km: geo::Coord { x: 0.0, y: 0.0 },
            centre_px: (0.0, 0.0),
        };
        Base {
            layout,
            theme,
            words: crate::i18n::Words::default(),
            fit,
            ground: Vec::new(),
            context: Vec::new(),
            furniture: Vec::new(),
            furniture_boxes: Vec::new(),
            frames: Vec::new(),
            attribution: Vec::new(),
            raster: OnceLock::new(),
        }
    }
}

impl Base {
    /// Polygons in km of the projection (such as the ground's atoms) as rings in page px: for
    /// a front end that draws its own overlays on this base (the HTML report's comparison).
    pub fn km_rings(&self, polygons: &geo::MultiPolygon<f64>) -> Vec<Vec<(f32, f32)>> {
        super::fit::km_polygons(&self.fit, polygons)
    }

    /// Where a lon/lat point (degrees) falls on the page, px: for a front end that marks a
    /// place on this base, or a test that reads the colour there.
    pub fn lonlat_px(&self, lon: f64, lat: f64) -> (f32, f32) {
        self.fit.lonlat(lon, lat)
    }
}

/// Page layout: map on the left, panel on the right, credits along the bottom.
fn layout(
    dataset: &Dataset,
    (theme, words, attribution): (&Theme, &Words, &[String]),
    width: f32,
    height: f32,
) -> Layout {
    let panel_w = (width * 0.27).max(theme.px(330.0)).min(width * 0.45).round();
    let pad = theme.px(18.0);
    let credit_size = theme.px(11.5);
    let credit_lines = credit_lines_reserved(dataset, (words, attribution), credit_size, width - 2.0 * pad);
    let footer_h = credit_lines as f32 * credit_size * 1.35 + pad * 0.9;
    let map = Rect::new(0.0, 0.0, width - panel_w, height - footer_h);
    let panel = Rect::new(map.right(), 0.0, panel_w, map.h);
    Layout { width, height, map, panel, pad, credit_size, credit_lines, compact: false }
}

/// Compact layout: the map across the page, the strip below it, one line of credits.
fn compact_layout(theme: &Theme, width: f32, height: f32) -> Layout {
    let (pad, credit_size) = (theme.px(7.0), theme.px(11.0));
    let strip = theme.px(COMPACT_STRIP);
    let footer_h = credit_size * 1.35 + pad * 0.9;
    let map = Rect::new(0.0, 0.0, width, (height - strip - footer_h).max(height * 0.4));
    let panel = Rect::new(0.0, map.bottom(), width, strip);
    Layout { width, height, map, panel, pad, credit_size, credit_lines: 1, compact: true }
}

/// Compose the base of a view and theme.
pub fn compose_base(dataset: &Dataset, projection: &TransverseMercator, cells: &Cells, options: &SceneOptions) -> Base {
    let mut theme = options.theme.clone().scaled(options.width as f32, options.height as f32);
    let (width, height) = (options.width as f32, options.height as f32);
    let words = dataset.words(&options.lang);
    let relief = dataset.relief.as_ref().filter(|_| options.relief);
    let attribution = dataset.attribution(&words, relief.is_some());
    let layout = if options.width < COMPACT_BELOW {
        theme.scale = theme.scale.max(COMPACT_SCALE);
        compact_layout(&theme, width, height)
    } else {
        layout(dataset, (&theme, &words, &attribution), width, height)
    };
    let view = options.view.unwrap_or(dataset.meta.view);
    let fit = Fit::new(*projection, &view, layout.map);
    let mut furniture = Vec::new();
    let mut furniture_boxes = vec![
        scale_bar(&fit, (&theme, &words), layout.map, &mut furniture),
        north_arrow((&theme, &words), layout.map, &mut furniture),
    ];
    // The inset's labels (9.5 at the reference width) would be under 12 px on a compact page,
    // and the inset would cover a fifth of its map: left out there.
    if !layout.compact {
        furniture_boxes.push(locator(dataset, &fit, (&theme, &words), layout.map, &mut furniture));
    }
    // The hillshading goes over the day's areas (they are opaque) and under every line.
    let mut context: Vec<Item> = super::relief::relief_layer(relief, &fit, layout.map, &theme).into_iter().collect();
    context.extend(context_lines(dataset, &fit, &theme));
    context.extend(reference_lines(dataset, cells, &fit, &theme));
    let frames = vec![
        Item::Rect {
            rect: layout.map,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::solid(theme.panel_rule, 1.0)),
        },
        Item::Rect {
            rect: layout.panel,
            fill: Some(theme.panel),
            fill_opacity: 1.0,
            stroke: Some(Stroke::solid(theme.panel_rule, 1.0)),
        },
    ];
    Base {
        ground: countries(dataset, &fit, &theme, layout.map),
        context,
        furniture,
        furniture_boxes,
        frames,
        attribution,
        layout,
        theme,
        words,
        fit,
        raster: OnceLock::new(),
    }
}

/// The ground outside the theatre: the sea (what no country covers, in the inset's sea
/// colour), each country of the countries layer in the home tint of the side whose `home`
/// names it (neutral when none does), then the undated ground of the `held` layers in their
/// side's home tint over it (dated ground is drawn by the day).
fn countries(dataset: &Dataset, fit: &Fit, theme: &Theme, map: Rect) -> Vec<Item> {
    let meta = &dataset.meta;
    let mut items = Vec::new();
    if dataset.countries().next().is_some() {
        let sea = theme.water.mix(theme.page, 0.3);
        items.push(Item::Rect { rect: map, fill: Some(sea), fill_opacity: 1.0, stroke: None });
    }
    for feature in dataset.countries() {
        let home_side = meta.sides.iter().position(|side| side.home.is_some() && side.home == feature.name);
        let fill = home_side.map_or(theme.land, |side| theme.home_colour(&meta.sides, side));
        items.push(tinted(lonlat_geometry(fit, &feature.geometry).0, fill));
    }
    for held in dataset.held.iter().filter(|held| held.undated()) {
        let Some(side) = held.side else { continue };
        let rings = lonlat_geometry(fit, &geo::Geometry::MultiPolygon(held.shape.clone())).0;
        items.push(tinted(rings, theme.home_colour(&meta.sides, side)));
    }
    items
}

/// Ground outside the theatre in one flat colour.
pub(crate) fn tinted(rings: Vec<Vec<(f32, f32)>>, fill: super::Colour) -> Item {
    Item::Shape(Shape { rings, closed: true, fill: Some(Paint::Solid(fill)), fill_opacity: 1.0, stroke: None })
}

/// Context lines: rivers, roads, lakes, districts, then borders, in the dataset's order.
fn context_lines(dataset: &Dataset, fit: &Fit, theme: &Theme) -> Vec<Item> {
    let px = |size: f32| theme.px(size);
    let mut items = Vec::new();
    for layer in &dataset.layers {
        let stroke = match layer.role {
            LayerRole::Borders => {
                Stroke::dashed(theme.border, px(theme.border_width), &[px(7.0), px(2.5), px(1.5), px(2.5)])
            }
            LayerRole::Rivers => Stroke::solid(theme.water, px(1.2)),
            LayerRole::Roads => Stroke::solid(theme.road, px(1.5)),
            LayerRole::Lakes => Stroke::solid(theme.water, px(0.8)),
            LayerRole::Districts => district_stroke(theme, px(0.8)),
            LayerRole::Countries | LayerRole::Held => continue,
        };
        for feature in &layer.features {
            let (rings, closed) = lonlat_geometry(fit, &feature.geometry);
            let fill = (layer.role == LayerRole::Lakes).then_some(Paint::Solid(theme.water));
            items.push(Item::Shape(Shape { rings, closed, fill, fill_opacity: 1.0, stroke: Some(stroke.clone()) }));
        }
    }
    items
}

/// Reference lines: the former oblast's outline, the line of contact of the first day (only
/// where it bounds the theatre: the authored line runs on past the borders at its ends).
fn reference_lines(dataset: &Dataset, cells: &Cells, fit: &Fit, theme: &Theme) -> Vec<Item> {
    let px = |size: f32| theme.px(size);
    let mut items = Vec::new();
    // Every piece of the line of contact is in the cells' chained line: drawn once, whatever
    // the number of its features.
    if dataset.lines_of_contact().next().is_some() {
        let rings = cells.line_of_contact.0.iter().map(|l| km_line(fit, l)).collect();
        let stroke = Stroke::dashed(theme.line_of_contact, px(1.6), &[px(6.0), px(4.0)]);
        items.push(Item::Shape(Shape { rings, closed: false, fill: None, fill_opacity: 0.0, stroke: Some(stroke) }));
    }
    for line in dataset.reference_lines.iter().filter(|line| line.kind != "line_of_contact") {
        let rings = line.line.0.iter().map(|piece| ring_px(piece.coords().map(|c| fit.lonlat(c.x, c.y)))).collect();
        let stroke = Stroke::dashed(theme.text_muted, px(1.1), &[px(1.5), px(3.0)]);
        items.push(Item::Shape(Shape { rings, closed: false, fill: None, fill_opacity: 0.0, stroke: Some(stroke) }));
    }
    items
}
