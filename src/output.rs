//! Stage 6: map files on disk. Days render in parallel (rayon), each with its own scene and
//! buffers; every file is written to a temporary name in the same folder and renamed into
//! place, so a killed run never leaves a half-written map; a manifest lists what was written.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::Atlas;
use crate::error::{Error, Result};
use crate::render::{PngMetadata, draw, encode_png, render_svg};
use crate::scene::SceneOptions;

/// An image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// What to render.
#[derive(Debug, Clone)]
pub struct RenderJob {
    pub days: Vec<NaiveDate>,
    pub formats: Vec<Format>,
    pub out_dir: PathBuf,
    pub scene: SceneOptions,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
}

/// The name of a day's map: sorts by date.
pub fn file_name(day: NaiveDate, format: Format) -> String {
    format!("frontline-{day}.{}", format.extension())
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::io(path, err));
    }
    Ok(())
}

/// Remove temporary files a killed run left behind in `dir`.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".frontline-") && name.contains(".tmp-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A progress bar for `len` steps, drawn only when asked and stderr is a terminal.
pub fn progress_bar(show: bool, len: usize, doing: &str, unit: &str) -> indicatif::ProgressBar {
    if !show || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let template = format!("{{spinner}} {doing} {{bar:40}} {{pos}}/{{len}} {unit}, {{elapsed}} ({{eta}} left)");
    bar.set_style(
        indicatif::ProgressStyle::with_template(&template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Render every day of the job; returns the files written, sorted.
pub fn render_days(atlas: &Atlas, job: &RenderJob) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(&job.out_dir).map_err(|err| Error::io(&job.out_dir, err))?;
    remove_stale_temporaries(&job.out_dir);
    let bar = progress_bar(job.progress, job.days.len(), "rendering", "days");
    let done = AtomicUsize::new(0);
    let results: Vec<Result<Vec<PathBuf>>> = job
        .days
        .par_iter()
        .map(|&day| {
            let scene = atlas.scene(day, &job.scene);
            let mut written = Vec::new();
            for &format in &job.formats {
                let path = job.out_dir.join(file_name(day, format));
                match format {
                    Format::Svg => write_atomic(&path, render_svg(&scene).as_bytes())?,
                    // Drawn straight from the scene (tests/backends.rs holds it to the SVG).
                    Format::Png => {
                        let metadata = PngMetadata::for_day(&scene.title, &scene.description, day);
                        write_atomic(&path, &encode_png(&draw(&scene), Some(&metadata))?)?
                    }
                }
                written.push(path);
            }
            done.fetch_add(1, Ordering::Relaxed);
            bar.inc(1);
            Ok(written)
        })
        .collect();
    bar.finish_and_clear();
    let mut files = Vec::new();
    for result in results {
        files.extend(result?);
    }
    files.sort();
    write_manifest(atlas, job, &files)?;
    Ok(files)
}

fn write_manifest(atlas: &Atlas, job: &RenderJob, files: &[PathBuf]) -> Result<()> {
    let names: Vec<String> =
        files.iter().filter_map(|f| f.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    let manifest = serde_json::json!({
        "generator": format!("frontline {}", env!("CARGO_PKG_VERSION")),
        "dataset": atlas.dataset.meta.title,
        "first_day": job.days.first().map(|d| d.to_string()),
        "last_day": job.days.last().map(|d| d.to_string()),
        "width": job.scene.width,
        "height": job.scene.height,
        "files": names,
    });
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    write_atomic(&job.out_dir.join("manifest.json"), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_date() {
        let a = file_name("2020-09-30".parse().unwrap(), Format::Png);
        let b = file_name("2020-10-01".parse().unwrap(), Format::Png);
        assert!(a < b);
        assert_eq!(a, "frontline-2020-09-30.png");
    }

    #[test]
    fn atomic_write_leaves_only_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frontline-2020-09-27.svg");
        write_atomic(&path, b"<svg/>").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("frontline-2020-09-27.svg")]);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".frontline-2020-09-27.png.tmp-123"), b"half").unwrap();
        std::fs::write(dir.path().join("keep.txt"), b"user data").unwrap();
        remove_stale_temporaries(dir.path());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("keep.txt")]);
    }
}
