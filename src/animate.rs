//! `frontline animate`: the days of a range as one animated GIF or APNG, one frame per day.
//!
//! Each frame is the day's finished map (date, panel, legend, credits), composed at the size
//! of the animation so that text is laid out for it. A frame shows for `frame_ms`; the first
//! and the last day, and days of major change, are held longer (see [`plan`]).
//!
//! Frames render in parallel (rayon) in chunks and are encoded in order as each chunk is done,
//! so memory stays at a few frames whatever the length of the range. The file is built in
//! memory and written atomically.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::Atlas;
use crate::dataset::EventKind;
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::render::draw;
use crate::render::gif::{GifWriter, IndexedFrame, Palette, encode_frame, scene_colours};
use crate::render::png::{ApngWriter, PngMetadata, RgbFrame, software};
use crate::scene::Scene;
use crate::scene::{Colour, SceneOptions};

/// The container of an animation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnimationFormat {
    Gif,
    Apng,
}

impl AnimationFormat {
    pub fn extension(self) -> &'static str {
        match self {
            AnimationFormat::Gif => "gif",
            AnimationFormat::Apng => "apng",
        }
    }
}

/// A day is one of major change when at least this much ground changes side (km2; about the
/// area of a district town with its villages, which the map shows as a visible jump)...
pub const MAJOR_CHANGE_KM2: f64 = 150.0;
/// ... or when at least this many places change hands by control or handover events.
pub const MAJOR_CHANGE_EVENTS: usize = 5;
/// The first and the last day show this many frame times, so a loop has a clear start and end.
pub const HOLD_ENDS: u32 = 5;
/// A day of major change shows this many frame times.
pub const HOLD_MAJOR: u32 = 3;

/// What to animate.
#[derive(Debug, Clone)]
pub struct AnimateJob {
    pub days: Vec<NaiveDate>,
    pub format: AnimationFormat,
    pub out: PathBuf,
    /// Frame size and language.
    pub scene: SceneOptions,
    /// How long an ordinary day shows, ms.
    pub frame_ms: u32,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
}

/// One frame of the plan: a day and how long it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub day: NaiveDate,
    pub delay_ms: u32,
    /// Ground that changed side that day, km2.
    pub changed_km2: f64,
    /// Control and handover events of the day.
    pub control_events: usize,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Animation {
    pub path: PathBuf,
    pub frames: usize,
    pub bytes: usize,
    /// Sum of the frames' display times, ms.
    pub duration_ms: u64,
}

/// The frames of a range: one per day, with the longer holds.
pub fn plan(atlas: &Atlas, days: &[NaiveDate], frame_ms: u32) -> Vec<Frame> {
    let areas = atlas.ground.cell_km2();
    days.iter()
        .enumerate()
        .map(|(index, &day)| {
            let state = atlas.state(day);
            let changed_km2: f64 = atlas
                .cells
                .sites
                .iter()
                .zip(&areas)
                .filter(|((place, _), _)| state.changed.contains(place))
                .map(|(_, area)| area)
                .sum();
            let control_events = state
                .events
                .iter()
                .filter(|&&e| matches!(atlas.dataset.events[e].kind, EventKind::Control | EventKind::Handover))
                .count();
            let hold = if index == 0 || index + 1 == days.len() {
                HOLD_ENDS
            } else if changed_km2 >= MAJOR_CHANGE_KM2 || control_events >= MAJOR_CHANGE_EVENTS {
                HOLD_MAJOR
            } else {
                1
            };
            Frame { day, delay_ms: frame_ms.saturating_mul(hold), changed_km2, control_events }
        })
        .collect()
}

/// Frames rendered together before they are encoded: enough to keep every core busy.
fn chunk_size() -> usize {
    (rayon::current_num_threads() * 2).max(2)
}

/// The finished map of a day at the job's size (on the run's shared base), and the colours it
/// draws with.
fn frame_scene(atlas: &Atlas, day: NaiveDate, options: &SceneOptions) -> (Scene, Vec<Colour>) {
    let scene = atlas.scene(day, options);
    let colours = scene_colours(&scene);
    (scene, colours)
}

/// A frame's pixels, drawn directly from its scene (the base's pixels drawn once per run).
fn rgb_frame(scene: &Scene, delay_ms: u32) -> Result<RgbFrame> {
    let pixmap = draw(scene);
    let frame = RgbFrame::from_pixmap(&pixmap, delay_ms);
    crate::render::recycle(pixmap);
    Ok(frame)
}

/// Render the job's animation and write it; returns what was written.
pub fn animate(atlas: &Atlas, job: &AnimateJob) -> Result<Animation> {
    if job.days.is_empty() {
        return Err(Error::Usage("no day to animate".into()));
    }
    let frames = plan(atlas, &job.days, job.frame_ms);
    let (first, last) = (frames[0].day, frames[frames.len() - 1].day);
    let meta = &atlas.dataset.meta;
    let title = format!("{}, {} to {}", meta.title, first, last);
    let description = format!(
        "Daily maps of {}, one frame per day from {first} to {last} ({} frames): areas held by each side, \
         frontline, events of the day. Sources: the events of each day as listed by `frontline events`. {}",
        meta.title,
        frames.len(),
        // The file's text chunks are English, like the sentence around them.
        atlas.dataset.attribution(&crate::i18n::Words::default(), job.scene.relief).join(" ")
    );

    // Every frame's scene, composed in parallel (cheap next to rasterising), with its colours.
    let composed: Vec<(Scene, Vec<Colour>)> =
        frames.par_iter().map(|frame| frame_scene(atlas, frame.day, &job.scene)).collect();

    let bar = crate::output::progress_bar(job.progress, frames.len(), "animating", "frames");
    let bytes = match job.format {
        AnimationFormat::Gif => {
            let mut exact: Vec<Colour> = Vec::new();
            for colour in composed.iter().flat_map(|(_, colours)| colours) {
                if !exact.contains(colour) {
                    exact.push(*colour);
                }
            }
            // Antialiasing and hatching are learnt from the first, middle and last frames.
            let picks = [0, frames.len() / 2, frames.len() - 1];
            let samples: Vec<RgbFrame> =
                picks.par_iter().map(|&i| rgb_frame(&composed[i].0, 0)).collect::<Result<_>>()?;
            let sample_pixels: Vec<&[u8]> = samples.iter().map(|s| s.rgb.as_slice()).collect();
            let palette = Palette::build(&exact, &sample_pixels);
            drop(samples);
            let comment = format!("{title}. {description} Made by {}.", software());
            let mut writer = GifWriter::new(Vec::new(), job.scene.width, job.scene.height, &palette, &comment)?;
            let (width, height) = writer.size();
            let mut last: Option<IndexedFrame> = None;
            for (chunk, scenes) in frames.chunks(chunk_size()).zip(composed.chunks(chunk_size())) {
                let mut rendered: Vec<IndexedFrame> = chunk
                    .par_iter()
                    .zip(scenes)
                    .map(|(frame, (scene, _))| Ok(IndexedFrame::new(&rgb_frame(scene, frame.delay_ms)?, &palette)))
                    .collect::<Result<_>>()?;
                // Each frame's delta against the one before, compressed in parallel too.
                let encoded: Vec<_> = (0..rendered.len())
                    .into_par_iter()
                    .map(|i| {
                        let previous = if i == 0 { last.as_ref() } else { Some(&rendered[i - 1]) };
                        encode_frame(previous, &rendered[i], width, height)
                    })
                    .collect();
                for frame in &encoded {
                    writer.push_encoded(frame)?;
                    bar.inc(1);
                }
                last = rendered.pop();
            }
            writer.finish()?
        }
        AnimationFormat::Apng => {
            let metadata = PngMetadata { title, description, ..PngMetadata::for_day("", "", last) };
            let mut bytes = Vec::new();
            let mut writer =
                ApngWriter::new(&mut bytes, job.scene.width, job.scene.height, frames.len() as u32, &metadata)?;
            for (chunk, scenes) in frames.chunks(chunk_size()).zip(composed.chunks(chunk_size())) {
                let rendered: Vec<RgbFrame> = chunk
                    .par_iter()
                    .zip(scenes)
                    .map(|(frame, (scene, _))| rgb_frame(scene, frame.delay_ms))
                    .collect::<Result<_>>()?;
                for frame in &rendered {
                    writer.push(frame)?;
                    bar.inc(1);
                }
            }
            writer.finish()?;
            bytes
        }
    };
    bar.finish_and_clear();

    if let Some(dir) = job.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    }
    write_atomic(&job.out, &bytes)?;
    Ok(Animation {
        path: job.out.clone(),
        frames: frames.len(),
        bytes: bytes.len(),
        duration_ms: frames.iter().map(|f| f.delay_ms as u64).sum(),
    })
}

/// The default file of an animation: `output/frontline.gif` or `.apng`.
pub fn default_path(format: AnimationFormat) -> PathBuf {
    Path::new("output").join(format!("frontline.{}", format.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{DataSource, Dataset};

    fn fixture() -> Atlas {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        Atlas::new(Dataset::load(&DataSource::Dir(dir)).unwrap())
    }

    fn days(atlas: &Atlas) -> Vec<NaiveDate> {
        let meta = &atlas.dataset.meta;
        meta.first_day.iter_days().take_while(|d| *d <= meta.last_day).collect()
    }

    #[test]
    fn first_and_last_days_are_held_longer() {
        let atlas = fixture();
        let frames = plan(&atlas, &days(&atlas), 400);
        assert_eq!(frames.len(), 5);
        assert_eq!(frames[0].delay_ms, 400 * HOLD_ENDS);
        assert_eq!(frames[4].delay_ms, 400 * HOLD_ENDS);
        for frame in &frames[1..4] {
            let major = frame.changed_km2 >= MAJOR_CHANGE_KM2 || frame.control_events >= MAJOR_CHANGE_EVENTS;
            assert_eq!(frame.delay_ms, if major { 400 * HOLD_MAJOR } else { 400 }, "{frame:?}");
        }
    }

    #[test]
    fn a_day_when_ground_changes_hands_counts_its_area() {
        let atlas = fixture();
        let frames = plan(&atlas, &days(&atlas), 400);
        // Delta is claimed on 2 January: its cell changes side.
        assert!(frames[1].changed_km2 > 0.0, "{:?}", frames[1]);
        assert_eq!(frames[1].control_events, 1);
        assert_eq!(frames[2].changed_km2, 0.0, "confirming a claim changes no side");
    }
}
