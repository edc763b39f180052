//! The frontline binary: parse the command line, call the library, print errors, exit
//! 0 (success), 2 (bad input or usage) or 1 (any other failure).
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

use frontline::animate::{AnimateJob, AnimationFormat};
use frontline::cli::{
    self, AnimateArgs, Cli, Command, DataArgs, EventsArgs, ExportArgs, ListFormat, RenderArgs, ReportArgs, StatsArgs,
    StatsFormat,
};
use frontline::dataset::{DataSource, Dataset};
use frontline::english::count;
use frontline::output::{RenderJob, render_days, write_atomic};
use frontline::scene::SceneOptions;
use frontline::{Atlas, Result, animate, export, listing, report, stats, validate};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return command_line_error(err),
    };
    frontline::output::clean_up_on_signals();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("frontline: {err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}

/// Help and version go to standard output (exit 0); a mistake on the command line is reported
/// in the one error format, `frontline: what was expected`, with clap's usage line (exit 2).
fn command_line_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::from(err.exit_code() as u8);
    }
    let text = err.render().to_string();
    eprint!("frontline: {}", text.strip_prefix("error: ").unwrap_or(&text));
    ExitCode::from(2)
}

fn load(data: &DataArgs) -> Result<Dataset> {
    let source = match &data.data {
        Some(dir) => DataSource::Dir(dir.clone()),
        None => DataSource::Embedded,
    };
    Dataset::load(&source)
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Render(args) => render(args),
        Command::Events(args) => events(args),
        Command::Export(args) => export_days(args),
        Command::Animate(args) => animate(args),
        Command::Stats(args) => stats(args),
        Command::Validate(args) => {
            let dataset = load(&args)?;
            let atlas = Atlas::new(dataset);
            print_out(&validate::report(&atlas))
        }
        Command::Report(args) => write_report(args),
        Command::Words(args) => words_file(args),
        Command::Completions(args) => print_bytes(&frontline::manual::completions(args.shell)),
        Command::Man(args) => match args.out {
            None => print_bytes(&frontline::manual::man_page()?),
            Some(dir) => {
                let written = frontline::manual::write_man_pages(&dir)?;
                eprintln!("frontline: wrote {} to {}", count(written.len(), "man page", "man pages"), dir.display());
                Ok(())
            }
        },
        Command::Init(args) => {
            let written = frontline::init::write_template(&args.dir)?;
            eprintln!(
                "frontline: wrote a template dataset of {} to {}; next: frontline validate --data {}",
                count(written.len(), "file", "files"),
                args.dir.display(),
                args.dir.display()
            );
            Ok(())
        }
    }
}

/// `frontline words LANG`: the tool's words (and the dataset's, with --data) to translate.
fn words_file(args: cli::WordsArgs) -> Result<()> {
    let dataset = match &args.data {
        Some(dir) => Some(Dataset::load(&DataSource::Dir(dir.clone()))?),
        None => None,
    };
    let text = frontline::words::file(&args.lang, dataset.as_ref());
    write_or_print(args.out.as_deref(), &text)
}

fn write_report(args: ReportArgs) -> Result<()> {
    frontline::output::check_folder(&args.out)?;
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    cli::check_lang(&args.lang, &dataset)?;
    note_untranslated(&args.lang, &dataset, args.quiet);
    note_no_relief(args.relief, &dataset, args.quiet);
    let atlas = Atlas::new(dataset);
    let job = report::ReportJob {
        days,
        out_dir: args.out,
        scene: SceneOptions {
            lang: args.lang,
            theme: cli::load_theme(&args.theme)?,
            arrows: args.arrows.map(Into::into),
            relief: args.relief == cli::OnOff::On,
            ..SceneOptions::default()
        },
        progress: !args.quiet,
    };
    let started = std::time::Instant::now();
    let summary = report::write_report(&atlas, &job)?;
    if !args.quiet {
        eprintln!(
            "frontline: wrote {} ({:.1} MB, {}) in {:.1} s",
            summary.path.display(),
            summary.bytes as f64 / 1e6,
            count(summary.days, "day", "days"),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn render(args: RenderArgs) -> Result<()> {
    let to_stdout = frontline::output::is_stdout(&args.out);
    if !to_stdout {
        frontline::output::check_folder(&args.out)?;
    }
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    if to_stdout {
        // Before the atlas is built: a mistake is told at once.
        frontline::output::one_map(&days, &args.formats())?;
    }
    cli::check_lang(&args.lang, &dataset)?;
    note_untranslated(&args.lang, &dataset, args.quiet);
    note_no_relief(args.relief, &dataset, args.quiet);
    let atlas = Atlas::new(dataset);
    let job = RenderJob {
        days,
        formats: args.formats(),
        out_dir: args.out.clone(),
        scene: args.scene_options(&atlas.dataset)?,
        progress: !args.quiet,
        dpi: args.dpi,
    };
    if to_stdout {
        return frontline::output::render_to_stdout(&atlas, &job);
    }
    let started = std::time::Instant::now();
    let files = render_days(&atlas, &job)?;
    if !args.quiet {
        eprintln!(
            "frontline: wrote {} for {} to {} in {:.1} s",
            count(files.len(), "file", "files"),
            count(job.days.len(), "day", "days"),
            job.out_dir.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `--bom` makes sense only for CSV.
fn check_bom(bom: bool, csv: bool) -> Result<()> {
    if bom && !csv {
        return Err(frontline::Error::Usage(
            "--bom: expected --format csv (a byte-order mark is for spreadsheets)".into(),
        ));
    }
    Ok(())
}

fn events(args: EventsArgs) -> Result<()> {
    check_bom(args.bom, args.format == ListFormat::Csv)?;
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    let (first, last) = (days[0], days[days.len() - 1]);
    let selected: Vec<_> = dataset.events.iter().filter(|e| e.day >= first && e.day <= last).collect();
    let out = match args.format {
        ListFormat::Table => listing::table(&dataset, &selected, &format!("{first}..{last}")),
        ListFormat::Csv => frontline::output::with_bom(listing::csv(&dataset, &selected), args.bom),
        ListFormat::Json => listing::json(&dataset, &selected),
    };
    print_out(&out)
}

fn export_days(args: ExportArgs) -> Result<()> {
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    let atlas = Atlas::new(dataset);
    let layers = match args.layer {
        cli::ExportLayer::All => export::Layers::All,
        cli::ExportLayer::Areas => export::Layers::Areas,
        cli::ExportLayer::Front => export::Layers::Front,
        cli::ExportLayer::Events => export::Layers::Events,
    };
    // --date: the day's own collection; a range: every feature with its date.
    let geojson = match args.days.date {
        Some(day) => export::day_layers_geojson(&atlas, day, layers),
        None => export::range_layers_geojson(&atlas, &days, layers),
    };
    let text = serde_json::to_string(&geojson).unwrap_or_default() + "\n";
    write_or_print(args.out.as_deref(), &text)
}

fn animate(args: AnimateArgs) -> Result<()> {
    let format = match args.animation_format()? {
        cli::AnimationFormat::Gif => AnimationFormat::Gif,
        cli::AnimationFormat::Apng => AnimationFormat::Apng,
    };
    if let Some(out) = &args.out {
        frontline::output::refuse_terminal(out, true, format.extension())?;
    }
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    cli::check_lang(&args.lang, &dataset)?;
    note_untranslated(&args.lang, &dataset, args.quiet);
    note_no_relief(args.relief, &dataset, args.quiet);
    let job = AnimateJob {
        days,
        format,
        out: args.out.clone().unwrap_or_else(|| animate::default_path(format)),
        scene: SceneOptions {
            width: args.width,
            height: args.frame_height(),
            lang: args.lang.clone(),
            view: None,
            theme: cli::load_theme(&args.theme)?,
            arrows: args.arrows.map(Into::into),
            progress_bar: args.progress_bar,
            relief: args.relief == cli::OnOff::On,
            ..SceneOptions::default()
        },
        frame_ms: args.frame_ms,
        progress: !args.quiet,
    };
    let atlas = Atlas::new(dataset);
    let started = std::time::Instant::now();
    let written = animate::animate(&atlas, &job)?;
    if !args.quiet && !frontline::output::is_stdout(&written.path) {
        eprintln!(
            "frontline: wrote {} ({}, {:.1} s long, {} bytes, {:.2} MB) in {:.1} s",
            written.path.display(),
            count(written.frames, "frame", "frames"),
            written.duration_ms as f64 / 1000.0,
            written.bytes,
            written.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn stats(args: StatsArgs) -> Result<()> {
    check_bom(args.bom, args.format == StatsFormat::Csv)?;
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    cli::check_lang(&args.lang, &dataset)?;
    if args.format == StatsFormat::Svg {
        note_untranslated(&args.lang, &dataset, false);
    }
    let words = dataset.words(&args.lang);
    let atlas = Atlas::new(dataset);
    let figures = stats::compute(&atlas, &days);
    let text = match args.format {
        StatsFormat::Csv => frontline::output::with_bom(stats::to_csv(&figures), args.bom),
        StatsFormat::Json => serde_json::to_string_pretty(&stats::to_json(&figures)).unwrap_or_default() + "\n",
        StatsFormat::Svg => frontline::render::render_svg(&stats::chart_in(&figures, 1000, 600, &words)),
    };
    write_or_print(args.out.as_deref(), &text)
}

/// Say once on stderr (unless quiet) that the tool's words are not translated into `lang`.
fn note_untranslated(lang: &str, dataset: &Dataset, quiet: bool) {
    if let Some(note) = cli::untranslated_note(lang, dataset).filter(|_| !quiet) {
        eprintln!("{note}");
    }
}

/// Say once on stderr (unless quiet) that `--relief on` draws nothing on this dataset.
fn note_no_relief(relief: cli::OnOff, dataset: &Dataset, quiet: bool) {
    if let Some(note) = cli::relief_note(relief, dataset).filter(|_| !quiet) {
        eprintln!("{note}");
    }
}

/// Write to a file atomically, or print to stdout.
fn write_or_print(out: Option<&std::path::Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => write_atomic(path, text.as_bytes()),
        None => print_out(text),
    }
}

/// Print to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> Result<()> {
    print_bytes(text.as_bytes())
}

fn print_bytes(bytes: &[u8]) -> Result<()> {
    frontline::output::write_stdout(bytes)
}
