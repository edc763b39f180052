//! frontline: daily maps of a conflict, as SVG, PNG and PDF, from GeoJSON layers and dated events.
//!
//! The stages, each a module, data flowing one way:
//! 1. [`dataset`]: read and check the files (the only stage that sees input);
//! 2. [`timeline`]: who holds each place on a day, and what happened that day;
//! 3. [`control`]: areas per side, claimed and contested ground, changes, the frontline;
//! 4. [`scene`]: everything projected and styled onto a page, labels placed;
//! 5. [`render`]: scene to SVG text, and scene straight to pixels (PNG);
//! 6. [`output`]: files, atomic writes, days in parallel, progress, manifest.
//!
//! [`Atlas`] ties the first five together for any front end: the CLI, [`export`] (GeoJSON),
//! [`animate`] (GIF, APNG) and [`stats`] (area per side and day).
#![forbid(unsafe_code)]

pub mod advance;
pub mod animate;
pub mod area;
pub mod cli;
pub mod control;
pub mod dataset;
pub mod edge;
pub mod english;
pub mod error;
pub mod export;
pub mod fonts;
pub mod ground;
pub mod i18n;
pub mod init;
pub mod input;
pub mod limits;
pub mod listing;
pub mod manual;
pub mod output;
pub mod projection;
pub mod render;
pub mod report;
pub mod scene;
pub mod stats;
pub mod timeline;
pub mod validate;
pub mod words;

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

pub use error::{Error, Result};

use control::{Cells, Control};
use dataset::Dataset;
use ground::Ground;
use projection::TransverseMercator;
use scene::{Base, DayInput, Scene, SceneOptions};
use timeline::DayState;

/// A loaded dataset with what every day shares: its projection, its cells, its ground (the
/// cells cut by the dataset's areas), and the bases of the maps composed so far (one per page
/// size, view and theme).
#[derive(Debug, Clone)]
pub struct Atlas {
    pub dataset: Dataset,
    pub projection: TransverseMercator,
    pub cells: Cells,
    pub ground: Ground,
    bases: Arc<Mutex<Vec<CachedBase>>>,
}

/// A base and the options it was composed for.
type CachedBase = (SceneOptions, Arc<Base>);

impl Atlas {
    pub fn new(dataset: Dataset) -> Atlas {
        let projection = TransverseMercator::from_spec(&dataset.meta.projection);
        let cells = Cells::build(&dataset, &projection);
        let ground = Ground::build(&dataset, &projection, &cells);
        Atlas { dataset, projection, cells, ground, bases: Arc::default() }
    }

    /// Check that a day is in the dataset's span.
    pub fn check_day(&self, day: NaiveDate) -> Result<()> {
        let meta = &self.dataset.meta;
        if meta.contains_day(day) {
            Ok(())
        } else {
            Err(Error::Usage(format!("date {day} is outside the dataset's span {}..{}", meta.first_day, meta.last_day)))
        }
    }

    pub fn state(&self, day: NaiveDate) -> DayState {
        DayState::with_areas(&self.dataset, &self.ground.places_in_area, day)
    }

    pub fn control(&self, state: &DayState) -> Control {
        Control::on(&self.dataset, &self.ground, state.day)
    }

    /// The base of the maps with these options, composed on first use and then shared.
    pub fn base(&self, options: &SceneOptions) -> Arc<Base> {
        let cached =
            |bases: &Vec<CachedBase>| bases.iter().find(|(o, _)| o.same_base(options)).map(|(_, base)| base.clone());
        if let Some(base) = self.bases.lock().ok().and_then(|bases| cached(&bases)) {
            return base;
        }
        let base = Arc::new(scene::compose_base(&self.dataset, &self.projection, &self.cells, options));
        let Ok(mut bases) = self.bases.lock() else { return base };
        // Another thread may have composed it meanwhile: keep one, so that its pixels are shared.
        if let Some(existing) = cached(&bases) {
            return existing;
        }
        bases.push((options.clone(), base.clone()));
        base
    }

    /// The finished map of a day.
    pub fn scene(&self, day: NaiveDate, options: &SceneOptions) -> Scene {
        let state = self.state(day);
        let previous = day.pred_opt().filter(|d| self.dataset.meta.contains_day(*d)).map(|d| self.state(d));
        let control = self.control(&state);
        let advances = options.arrows.map(|span| advance::advances_on(self, day, span)).unwrap_or_default();
        let gains = options.compare.map(|since| advance::gains(self, since, day));
        let input = DayInput {
            state: &state,
            previous: previous.as_ref(),
            control: &control,
            advances: &advances,
            gains: gains.as_ref(),
        };
        scene::compose(&self.dataset, &self.base(options), input, options)
    }
}
