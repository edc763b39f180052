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
use frontline::output::{RenderJob, render_days, write_atomic};
use frontline::scene::SceneOptions;
use frontline::{Atlas, Result, animate, export, report, stats, validate};

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
        Command::Completions(args) => print_bytes(&frontline::manual::completions(args.shell)),
        Command::Man(args) => match args.out {
            None => print_bytes(&frontline::manual::man_page()?),
            Some(dir) => {
                let written = frontline::manual::write_man_pages(&dir)?;
                eprintln!("frontline: wrote {} man pages to {}", written.len(), dir.display());
                Ok(())
            }
        },
        Command::Init(args) => {
            let written = frontline::init::write_template(&args.dir)?;
            eprintln!(
                "frontline: wrote a template dataset of {} files to {}; next: frontline validate --data {}",
                written.len(),
                args.dir.display(),
                args.dir.display()
            );
            Ok(())
        }
    }
}

fn write_report(args: ReportArgs) -> Result<()> {
    frontline::output::check_folder(&args.out)?;
    let dataset = load(&args.data)?;
    let days = args.days.resolve(dataset.meta.first_day, dataset.meta.last_day)?;
    cli::check_lang(&args.lang, &dataset)?;
    note_untranslated(&args.lang, &dataset, args.quiet);
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
            "frontline: wrote {} ({:.1} MB, {} days) in {:.1} s",
            summary.path.display(),
            summary.bytes as f64 / 1e6,
            summary.days,
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
            "frontline: wrote {} files for {} days to {} in {:.1} s",
            files.len(),
            job.days.len(),
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
    let place = |e: &frontline::dataset::Event| e.place.map(|p| dataset.places[p].id.clone()).unwrap_or_default();
    let side = |e: &frontline::dataset::Event| e.side.map(|s| dataset.meta.sides[s].id.clone()).unwrap_or_default();
    let sources = |e: &frontline::dataset::Event| e.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut out = String::new();
    match args.format {
        ListFormat::Table => {
            for e in &selected {
                out.push_str(&format!(
                    "{}  {:<9} {:<9} {:<22} {:<3} {}\n",
                    e.day,
                    e.kind.as_str(),
                    e.status.as_str(),
                    place(e),
                    side(e),
                    e.title
                ));
                for source in sources(e) {
                    out.push_str(&format!("{:>12}source: {source}\n", ""));
                }
            }
            out.push_str(&format!("{} events, {first}..{last}\n", selected.len()));
        }
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let _ = writer.write_record(["date", "kind", "place", "side", "status", "title", "sources", "note"]);
            for e in &selected {
                let _ = writer.write_record([
                    e.day.to_string(),
                    e.kind.as_str().to_string(),
                    place(e),
                    side(e),
                    e.status.as_str().to_string(),
                    e.title.clone(),
                    sources(e).join(" | "),
                    e.note.clone(),
                ]);
            }
            out = String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned();
            out = frontline::output::with_bom(out, args.bom);
        }
        ListFormat::Json => {
            let rows: Vec<_> = selected
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "date": e.day.to_string(), "kind": e.kind.as_str(), "place": place(e),
                        "side": side(e), "status": e.status.as_str(), "title": e.title,
                        "sources": sources(e), "note": e.note,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
        }
    }
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
    let format = match args.format {
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
            "frontline: wrote {} ({} frames, {:.1} s long, {} bytes, {:.2} MB) in {:.1} s",
            written.path.display(),
            written.frames,
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
