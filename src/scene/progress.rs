//! The progress bar of a day in the dataset's span: a thin track along the top of the map
//! (on a compact page, along the top of its strip), filled up to the day, with a tick at the
//! first day of each month.

use chrono::{Datelike, NaiveDate};

use super::base::Base;
use super::{Item, Rect, Stroke};
use crate::dataset::Dataset;

/// The bar's items.
pub(crate) fn bar(dataset: &Dataset, base: &Base, day: NaiveDate) -> Vec<Item> {
    let (theme, layout, meta) = (&base.theme, &base.layout, &dataset.meta);
    let track = if layout.compact {
        Rect::new(layout.panel.x, layout.panel.y, layout.panel.w, theme.px(5.0))
    } else {
        Rect::new(layout.map.x, layout.map.y, layout.map.w, theme.px(6.0))
    };
    let span = (meta.last_day - meta.first_day).num_days().max(1) as f32;
    let at = |d: NaiveDate| track.x + track.w * ((d - meta.first_day).num_days() as f32 + 1.0) / (span + 1.0);
    let mut items = vec![
        Item::Rect { rect: track, fill: Some(theme.panel_rule), fill_opacity: 1.0, stroke: None },
        Item::Rect {
            rect: Rect::new(track.x, track.y, at(day) - track.x, track.h),
            fill: Some(theme.frontline),
            fill_opacity: 1.0,
            stroke: None,
        },
    ];
    for month in meta.first_day.iter_days().take_while(|d| *d <= meta.last_day).filter(|d| d.day() == 1) {
        let x = at(month) - track.w / (span + 1.0);
        items.push(Item::Shape(super::Shape {
            rings: vec![vec![(x, track.y), (x, track.bottom())]],
            closed: false,
            fill: None,
            fill_opacity: 0.0,
            stroke: Some(Stroke::solid(theme.page, theme.px(1.5))),
        }));
    }
    items
}
