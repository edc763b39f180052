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
use crate::render::{PngMetadata, draw, encode_png, recycle, render_pdf, render_svg};
use crate::scene::{Scene, SceneOptions};

/// An image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// Bytes that garble a terminal (never written to one, see [`refuse_terminal`]).
    pub fn is_binary(self) -> bool {
        self != Format::Svg
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
    /// Dots per inch written in each PNG (`--dpi`); none by default.
    pub dpi: Option<u32>,
}

/// CSV text, with a UTF-8 byte-order mark in front when `bom` (`--bom`: spreadsheets that
/// otherwise read the legacy code page).
pub fn with_bom(text: String, bom: bool) -> String {
    if bom { format!("\u{feff}{text}") } else { text }
}

/// The name of a day's map: sorts by date.
pub fn file_name(day: NaiveDate, format: Format) -> String {
    format!("frontline-{day}.{}", format.extension())
}

/// The temporaries of this process not yet renamed into place, removed on SIGINT or SIGTERM.
/// Creating, renaming and removing a temporary happen under this lock, so the signal handler
/// sees every temporary that exists.
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A number unique to each temporary of this process.
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Marks our temporaries: `.NAME.frontline-PID-N.tmp`.
const TEMPORARY_TAG: &str = ".frontline-";

/// Remove this process's temporaries when it is interrupted (SIGINT, SIGTERM), then exit with
/// 128 + the signal. Call once, at the start of the program.
pub fn clean_up_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for path in live.iter() {
                let _ = std::fs::remove_file(path);
            }
            // Exit holding the lock: no writer can create another temporary.
            std::process::exit(128 + signal);
        }
    });
}

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Is `name` a temporary of a frontline process that is no longer running? Only names of our
/// own pattern whose PID is gone (no /proc/PID) count; anything else is kept.
fn is_stale_temporary(name: &str) -> bool {
    let Some(rest) = name.strip_suffix(".tmp") else { return false };
    let Some(at) = rest.rfind(TEMPORARY_TAG) else { return false };
    let mut parts = rest[at + TEMPORARY_TAG.len()..].split('-');
    let (Some(pid), Some(n), None) = (parts.next(), parts.next(), parts.next()) else { return false };
    let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), n.parse::<u64>()) else { return false };
    name.starts_with('.')
        && pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new(&format!("/proc/{pid}")).exists()
}

/// Is `path` standard output (`-`)?
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn usage(path: &Path, message: &str) -> Error {
    Error::Usage(format!("--out {}: {message}", path.display()))
}

/// Write `bytes` to `path`: `-` is standard output; a device or named pipe (also through a
/// symbolic link) is written through, never replaced; a symbolic link to a file replaces the
/// file it points to, keeping the link; anything else is written atomically, a temporary file
/// in the same folder (unique to this run, removed on failure or interruption) renamed into
/// place, so a map is never half written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if is_stdout(path) {
        return write_stdout(bytes);
    }
    let mut path = path.to_path_buf();
    if let Ok(link) = std::fs::symlink_metadata(&path) {
        let target = std::fs::metadata(&path);
        if link.file_type().is_symlink() {
            match &target {
                Ok(meta) if meta.is_file() => {
                    path = std::fs::canonicalize(&path).map_err(|err| Error::io(&path, err))?;
                }
                Ok(_) => {}
                Err(_) => return Err(usage(&path, "a symbolic link to a missing file; give the file's own path")),
            }
        }
        match target {
            Ok(meta) if meta.is_dir() => return Err(usage(&path, "a folder, expected a file")),
            Ok(meta) if !meta.is_file() => return write_through(&path, &meta, bytes),
            _ => {}
        }
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = {
        let mut live = live();
        let mut attempt = 0;
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let temporary = dir.join(format!(".{name}{TEMPORARY_TAG}{}-{n}.tmp", std::process::id()));
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary) {
                Ok(_) => {
                    live.push(temporary.clone());
                    break temporary;
                }
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
                Err(err) => return Err(Error::io(&path, err)),
            }
        }
    };
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let mut live = live();
    let result = result.and_then(|()| std::fs::rename(&temporary, &path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    live.retain(|p| *p != temporary);
    drop(live);
    result.map_err(|err| Error::io(&path, err))
}

/// Write into a device or a named pipe as it is. A pipe with no reader is refused rather than
/// waited for.
fn write_through(path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let file_type = meta.file_type();
    if file_type.is_fifo() {
        // Opening a pipe for writing blocks until a reader comes; ask without waiting first.
        let probe = std::fs::OpenOptions::new().write(true).custom_flags(0o4000).open(path);
        if probe.is_err() {
            return Err(usage(path, "a named pipe with no reader"));
        }
    } else if !(file_type.is_char_device() || file_type.is_block_device()) {
        return Err(usage(path, "not a regular file, a device or a named pipe"));
    }
    let result = std::fs::OpenOptions::new().write(true).open(path).and_then(|mut file| {
        file.write_all(bytes)?;
        file.flush()
    });
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|err| Error::io(path, err)),
    }
}

/// Write to standard output; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Error::io("standard output", err)),
        Ok(()) => Ok(()),
    }
}

/// Remove temporary files that killed frontline runs left in `dir`: only names of our pattern
/// whose process is gone, never a file of the user's or of a run still going.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_stale_temporary(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
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

/// The bytes of a day's map in one format; `dpi` is the physical size of the PNG and PDF.
pub fn map_bytes(scene: &Scene, day: NaiveDate, format: Format, dpi: Option<u32>) -> Result<Vec<u8>> {
    match format {
        Format::Svg => Ok(render_svg(scene).into_bytes()),
        // Drawn straight from the scene (tests/backends.rs holds it to the SVG).
        Format::Png => {
            let metadata = PngMetadata { dpi, ..PngMetadata::for_day(&scene.title, &scene.description, day) };
            let pixmap = draw(scene);
            let bytes = encode_png(&pixmap, Some(&metadata));
            recycle(pixmap);
            bytes
        }
        // The SVG converted, so the PDF is the same vector map (tests/pdf.rs holds it to the PNG).
        Format::Pdf => render_pdf(&render_svg(scene), dpi),
    }
}

/// The one day and format of a map for standard output; more are several files, refused.
pub fn one_map(days: &[NaiveDate], formats: &[Format]) -> Result<(NaiveDate, Format)> {
    let (&[day], &[format]) = (days, formats) else {
        return Err(Error::Usage(format!(
            "--out -: standard output takes one map, expected one --date and one --format (asked for {} in {})",
            crate::english::count(days.len(), "day", "days"),
            crate::english::count(formats.len(), "format", "formats")
        )));
    };
    refuse_terminal(Path::new("-"), format.is_binary(), format.extension())?;
    Ok((day, format))
}

/// Render one day in one format to standard output (`render --out -`).
pub fn render_to_stdout(atlas: &Atlas, job: &RenderJob) -> Result<()> {
    let (day, format) = one_map(&job.days, &job.formats)?;
    write_stdout(&map_bytes(&atlas.scene(day, &job.scene), day, format, job.dpi)?)
}

/// Refuse to write binary data (`what`: PNG, PDF, GIF...) to standard output when it is a
/// terminal, as gzip does: it would garble the terminal, and nobody wants it there.
pub fn refuse_terminal(out: &Path, binary: bool, what: &str) -> Result<()> {
    refuse_binary_on(is_stdout(out) && binary && std::io::stdout().is_terminal(), what)
}

fn refuse_binary_on(terminal: bool, what: &str) -> Result<()> {
    if terminal {
        return Err(Error::Usage(format!(
            "--out -: standard output is a terminal; expected a redirect or a pipe for {} data (e.g. > map.{what})",
            what.to_uppercase()
        )));
    }
    Ok(())
}

/// Render every day of the job; returns the files written, sorted.
pub fn render_days(atlas: &Atlas, job: &RenderJob) -> Result<Vec<PathBuf>> {
    prepare_folder(&job.out_dir)?;
    remove_stale_temporaries(&job.out_dir);
    let bar = progress_bar(job.progress, job.days.len(), "rendering", "days");
    let done = AtomicUsize::new(0);
    // Large pages render on fewer threads, so the pixmaps in flight stay within the limit.
    let threads = crate::limits::parallel_days(job.scene.width, job.scene.height).min(rayon::current_num_threads());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| Error::Render { what: "the thread pool".into(), message: err.to_string() })?;
    let results: Vec<Result<Vec<PathBuf>>> = pool.install(|| {
        job.days
            .par_iter()
            .map(|&day| {
                let scene = atlas.scene(day, &job.scene);
                let mut written = Vec::new();
                for &format in &job.formats {
                    let path = job.out_dir.join(file_name(day, format));
                    write_atomic(&path, &map_bytes(&scene, day, format, job.dpi)?)?;
                    written.push(path);
                }
                done.fetch_add(1, Ordering::Relaxed);
                bar.inc(1);
                Ok(written)
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut files = Vec::new();
    for result in results {
        files.extend(result?);
    }
    files.sort();
    write_manifest(atlas, job, &files)?;
    Ok(files)
}

/// Create an output folder (and its parents); `-` and anything that is not a folder are refused.
pub fn prepare_folder(dir: &Path) -> Result<()> {
    check_folder(dir)?;
    std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))
}

/// Refuse `-` and anything that exists and is not a folder as an output folder.
pub fn check_folder(dir: &Path) -> Result<()> {
    if is_stdout(dir) {
        return Err(usage(dir, "this command writes several files or a folder; give a folder, not -"));
    }
    if let Ok(meta) = std::fs::metadata(dir)
        && !meta.is_dir()
    {
        return Err(usage(dir, "not a folder"));
    }
    Ok(())
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
    fn binary_data_is_refused_on_a_terminal_only() {
        let err = refuse_binary_on(true, "png").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--out -: standard output is a terminal; expected a redirect or a pipe for PNG data (e.g. > map.png)"
        );
        assert_eq!(err.exit_code(), 2);
        assert!(refuse_binary_on(false, "png").is_ok());
        assert!(refuse_terminal(Path::new("map.png"), true, "png").is_ok(), "a file is never refused");
        assert!(refuse_terminal(Path::new("-"), false, "svg").is_ok(), "text is never refused");
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
        // PID 4194305 is above Linux's largest, so never running; our own PID is running.
        std::fs::write(dir.path().join(".frontline-2020-09-27.png.frontline-4194305-0.tmp"), b"half").unwrap();
        let ours = format!(".manifest.json.frontline-{}-7.tmp", std::process::id());
        std::fs::write(dir.path().join(&ours), b"in flight").unwrap();
        std::fs::write(dir.path().join(".frontline-2020-09-27.png.tmp-123"), b"not ours").unwrap();
        std::fs::write(dir.path().join("keep.txt"), b"user data").unwrap();
        remove_stale_temporaries(dir.path());
        let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        let expected: Vec<std::ffi::OsString> =
            vec![".frontline-2020-09-27.png.tmp-123".into(), ours.into(), "keep.txt".into()];
        assert_eq!(names, expected);
    }
}
