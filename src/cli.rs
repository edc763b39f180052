//! The command line: clap structs holding what the user typed, and the conversion into checked
//! settings before any work starts.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::dataset::{Dataset, View};
use crate::error::{Error, Location, Problem, Result};
use crate::output::Format;
use crate::scene::{SceneOptions, Theme};

#[derive(Debug, Parser)]
#[command(
    name = "frontline",
    version,
    about = "Daily maps of a conflict, as SVG, PNG and PDF, from GeoJSON layers and dated events",
    long_about = "Daily maps of a conflict, as SVG, PNG and PDF, from GeoJSON layers and dated events.\n\n\
                  The default dataset, embedded in the binary, is the 2020 Nagorno-Karabakh war \
                  (2020-09-27 to 2020-12-01). Use --data DIR for another dataset with the same \
                  files (see geodata/README.md).",
    after_help = "Examples:\n  frontline render                         every day of the dataset into output/\n  \
                  frontline render --date 2020-11-08       one day\n  \
                  frontline render --from 2020-10-01 --to 2020-10-20 --format png\n  \
                  frontline render --date 2020-11-08 --format pdf\n  \
                  frontline render --date 2020-11-08 --format svg --out - > map.svg\n  \
                  frontline events --date 2020-11-09\n  \
                  frontline export --date 2020-11-09 > front.geojson\n  \
                  frontline animate --format gif --width 800\n  \
                  frontline stats --format svg --out areas.svg\n  \
                  frontline validate --data my-dataset/\n  \
                  frontline completions bash > ~/.local/share/bash-completion/completions/frontline\n  \
                  frontline man | man -l -"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render maps, one per day, as SVG, PNG and/or PDF.
    Render(RenderArgs),
    /// List the events of a day or a range, with their sources.
    Events(EventsArgs),
    /// Write a day's (or a range's) areas, frontline and events as GeoJSON (RFC 7946).
    Export(ExportArgs),
    /// Animate a range of days as one GIF or APNG, one frame per day.
    Animate(AnimateArgs),
    /// Area held by each side on each day (geodesic km2), as CSV, JSON or an SVG chart.
    Stats(StatsArgs),
    /// Check a dataset and report every problem and coverage figures.
    Validate(DataArgs),
    /// Write an HTML page of the maps with a date slider, the events and an area chart.
    Report(ReportArgs),
    /// Write a small, documented, valid template dataset into a new or empty folder.
    ///
    /// The template (an invented war between two sides, with a theatre, places, a line of
    /// contact, a countries layer and sourced events) validates and renders as written; edit it
    /// into your own conflict, running `frontline validate --data DIR` after each change.
    /// A folder that is not empty is refused (exit 2); no file is ever overwritten.
    /// Example: frontline init my-war && frontline render --data my-war --date 2024-03-03
    Init(InitArgs),
    /// Print a complete translation file of the tool's words for LANG, to start a dataset's
    /// i18n/LANG.toml.
    ///
    /// Every key, from the shipped translation of LANG when there is one (en, az, hy, ru, uk),
    /// else in English marked "# TODO translate"; then the dataset's own words (title, sides,
    /// countries, credit lines, event titles) as commented lines to translate. With --data,
    /// the dataset's own words are listed and its i18n/LANG.toml, if any, is kept.
    /// Examples:
    ///   frontline words ka --data my-war --out my-war/i18n/ka.toml
    ///   frontline words uk > uk.toml
    Words(WordsArgs),
    /// Print the shell completion script of SHELL (bash, zsh, fish, powershell, elvish).
    ///
    /// Examples:
    ///   frontline completions bash > ~/.local/share/bash-completion/completions/frontline
    ///   frontline completions zsh > ~/.zfunc/_frontline     (with fpath+=~/.zfunc)
    ///   frontline completions fish > ~/.config/fish/completions/frontline.fish
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per subcommand into a folder with --out.
    ///
    /// Examples:
    ///   frontline man | man -l -
    ///   frontline man --out ~/.local/share/man/man1     (then: man frontline-render)
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct WordsArgs {
    /// The language: a BCP 47 code such as ka, uk or sr-Latn.
    #[arg(value_name = "LANG", value_parser = crate::input::language_code)]
    pub lang: String,
    /// Write to this file instead of standard output (read before it is written, so it may be
    /// the dataset's own i18n/LANG.toml).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Dataset folder whose own words to list (and whose i18n/LANG.toml to keep); without it,
    /// a template of the [dataset] tables.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Folder for frontline.1 and frontline-SUBCOMMAND.1 (created if missing); default:
    /// frontline.1 on standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (or an empty one).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct DataArgs {
    /// Dataset folder to use instead of the embedded one.
    ///
    /// The folder holds dataset.toml, places.geojson, theatre.geojson, frontline.geojson, the
    /// layers dataset.toml lists, and events.csv; see geodata/README.md.
    #[arg(long, value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,
}

/// The days a command works on, the same flags and meaning on every command that takes days
/// (render, events, export, animate, stats, report): `--date` one day; `--from`/`--to` a range,
/// either end optional (the dataset's first or last day); `--all` (or no flag) every day.
/// Every date is checked against the dataset's span by [`DaysArgs::resolve`], with the same
/// messages everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct DaysArgs {
    /// One day, YYYY-MM-DD.
    #[arg(long, help_heading = "Days", value_name = "DATE", value_parser = crate::input::cli_date, conflicts_with_all = ["from", "to", "all"])]
    pub date: Option<NaiveDate>,
    /// First day of a range, YYYY-MM-DD (default: the dataset's first day).
    #[arg(long, help_heading = "Days", value_name = "DATE", value_parser = crate::input::cli_date)]
    pub from: Option<NaiveDate>,
    /// Last day of a range, YYYY-MM-DD (default: the dataset's last day).
    #[arg(long, help_heading = "Days", value_name = "DATE", value_parser = crate::input::cli_date)]
    pub to: Option<NaiveDate>,
    /// Every day of the dataset.
    ///
    /// The default of every command but export, which asks for --date, --from, --to or --all.
    #[arg(long, help_heading = "Days", conflicts_with_all = ["from", "to"])]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub days: DaysArgs,
    /// Formats to write, comma-separated: svg, png, pdf.
    ///
    /// pdf is a vector PDF of the same map as the SVG, with the embedded font: one page the
    /// map's size at 96 px to the inch (1600 px is 16.7 in), or at --dpi.
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "svg,png")]
    pub format: Vec<ImageFormat>,
    /// Folder for the maps (created if missing), or - for standard output.
    ///
    /// With -, the one map of one --date in one --format is written to standard output, e.g.
    /// `frontline render --date 2020-11-08 --format svg --out - | gzip > map.svgz`. PNG and
    /// PDF are not written to a terminal: redirect or pipe them.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Width of each map in px.
    #[arg(long, value_name = "PX", default_value_t = 1600, value_parser = clap::value_parser!(u32).range(480..=8000))]
    pub width: u32,
    /// Height of each map in px.
    #[arg(long, value_name = "PX", default_value_t = 1100, value_parser = clap::value_parser!(u32).range(360..=8000))]
    pub height: u32,
    /// Language of the map: a BCP 47 code (en, az, hy, ru, uk, or any the dataset has), or a
    /// fallback chain such as os,ru.
    ///
    /// The tool's words (title, legend, panel, credits, dates, numbers) come in en, az, hy, ru
    /// and uk, or from the dataset's i18n/LANG.toml; a language without them takes the words of
    /// the next language of the chain that has them, else English (said once on stderr). Place
    /// names: each place's name in the first language of the chain it has a name in (uk-UA
    /// finds uk), else English, else its first. Example: --lang os,ru.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = crate::input::cli_lang)]
    pub lang: String,
    /// Physical size of the PNG (its pHYs chunk) and of the PDF page: N dots per inch.
    ///
    /// Without it the PNG has no physical size and viewers use their own default, and the PDF
    /// page is the map at 96 px to the inch. With
    /// --scale 2, --dpi 192 prints a map at the size the default shows at 96 dpi on screen.
    /// Example: --scale 2 --dpi 300.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(10..=10000))]
    pub dpi: Option<u32>,
    /// Multiply the page size (and every text and line with it), e.g. 2 for print.
    ///
    /// --scale 2 with the default size gives 3200x2200 px maps whose text is as legible when
    /// printed at the same physical size as the default on screen.
    #[arg(long, value_name = "K", default_value_t = 1.0)]
    pub scale: f32,
    /// Colour theme: light, dark, print, cvd, or a TOML file of your own.
    ///
    /// print stays legible in greyscale; cvd is safe for the common colour-vision deficiencies
    /// (Okabe-Ito palette). A file sets `base = "dark"` (or another built-in) and overrides
    /// any of page, land, water, panel, text, halo, changed, frontline, frontline_width,
    /// line_of_contact, border, strike, relief_opacity (0..0.5, 0 for no hillshading), and
    /// `[sides]` colours by side id.
    #[arg(long, value_name = "NAME|FILE", default_value = "light")]
    pub theme: String,
    /// How to name towns whose name differs between the sides.
    #[arg(long, value_name = "STYLE", default_value = "dual")]
    pub names: NameStyle,
    /// Show this lon/lat box instead of the dataset's view: W,S,E,N in degrees.
    #[arg(long, value_name = "W,S,E,N", conflicts_with = "focus", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Centre the map on a place, showing KM kilometres around it (default 25).
    ///
    /// For example --focus shusha:30 for Shusha and the road to Lachin.
    #[arg(long, value_name = "PLACE[:KM]")]
    pub focus: Option<String>,
    /// Arrows of advance: of the day, or with `week` of the last 7 days.
    ///
    /// Derived from the ground that changed side in the data: one arrow per piece of ground
    /// a side took (3 km2 or more), from the ground it held next to it, sized by area. No
    /// arrow without a change in the data.
    #[arg(long, value_name = "SPAN", num_args = 0..=1, default_missing_value = "day")]
    pub arrows: Option<ArrowSpanArg>,
    /// Show the ground that changed side since DATE, hatched in the colour of the side that
    /// gained it, with its km2 in the panel.
    #[arg(long, value_name = "DATE", value_parser = crate::input::cli_date)]
    pub compare: Option<NaiveDate>,
    /// A bar of the dataset's timeline on the map, filled up to the map's day.
    #[arg(long)]
    pub progress_bar: bool,
    /// Hillshading from the dataset's relief grid (relief.json): on or off.
    ///
    /// Off by default: the only clearly licensed grid found (ETOPO5, 9 km cells) shades
    /// mountain masses, not valleys, and costs time and PNG bytes. A dataset without a grid
    /// has none. A theme file's `relief_opacity` sets its strength.
    #[arg(long, value_name = "on|off", default_value = "off")]
    pub relief: OnOff,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Over how many days arrows of advance show the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArrowSpanArg {
    /// The day's changes.
    Day,
    /// The last 7 days' changes.
    Week,
}

impl From<ArrowSpanArg> for crate::advance::ArrowSpan {
    fn from(span: ArrowSpanArg) -> Self {
        match span {
            ArrowSpanArg::Day => crate::advance::ArrowSpan::Day,
            ArrowSpanArg::Week => crate::advance::ArrowSpan::Week,
        }
    }
}

/// A switch given as a value (`--relief off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// How towns with two names are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NameStyle {
    /// "Stepanakert / Khankendi" (English only; other languages show their own name).
    Dual,
    /// The name in the chosen language only.
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    Svg,
    Png,
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub days: DaysArgs,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: ListFormat,
    /// Begin CSV output with a UTF-8 byte-order mark, for spreadsheets.
    ///
    /// CSV is always UTF-8. Excel and some other spreadsheets read a CSV without a byte-order
    /// mark in the system's legacy code page, which garbles non-Latin letters; --bom makes them
    /// read it as UTF-8. Only with --format csv.
    #[arg(long)]
    pub bom: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
#[command(
    group = clap::ArgGroup::new("when").args(["date", "from", "to", "all"]).required(true).multiple(true),
    after_help = "Examples:\n  frontline export --date 2020-11-09 --out shusha-taken.geojson\n  \
                  frontline export --from 2020-11-01 --to 2020-11-10 --out november.geojson"
)]
pub struct ExportArgs {
    /// The day (--date: one FeatureCollection of that day) or days (--from/--to, --all: one
    /// FeatureCollection, every feature with its `date`); one of them is required.
    #[command(flatten)]
    pub days: DaysArgs,
    /// Output format (GeoJSON, RFC 7946).
    #[arg(long, value_name = "FORMAT", default_value = "geojson", value_parser = ["geojson"])]
    pub format: String,
    /// Which features: all, or one geometry type (areas, front, events).
    ///
    /// `areas` holds only polygons, `front` only lines and `events` only points, so that GIS
    /// formats with one geometry type per layer take the file as it is, e.g.
    /// `ogr2ogr -f FlatGeobuf areas.fgb areas.geojson`. Default: all.
    #[arg(long, value_name = "LAYER", default_value = "all")]
    pub layer: ExportLayer,
    /// Write to this file instead of standard output (- is standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

/// The `--layer` of export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportLayer {
    All,
    Areas,
    Front,
    Events,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnimationFormat {
    Gif,
    Apng,
}

impl AnimationFormat {
    /// As --format names it.
    fn name(self) -> &'static str {
        match self {
            AnimationFormat::Gif => "gif",
            AnimationFormat::Apng => "apng",
        }
    }
}

/// The animation format a file name's extension names: .gif, or .apng and .png (an APNG is a
/// PNG whose first frame any PNG viewer shows); none for any other name.
fn animation_format_of(path: &std::path::Path) -> Option<AnimationFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "gif" => Some(AnimationFormat::Gif),
        "apng" | "png" => Some(AnimationFormat::Apng),
        _ => None,
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  frontline animate                                   the whole war, output/frontline.gif\n  \
                  frontline animate --format apng --width 1200\n  \
                  frontline animate --from 2020-10-27 --to 2020-11-10 --frame-ms 600 --out shusha.gif"
)]
pub struct AnimateArgs {
    /// The days of the animation, one frame each (default: every day of the dataset).
    #[command(flatten)]
    pub days: DaysArgs,
    /// Animation format: gif or apng (default: --out's extension, else gif).
    ///
    /// GIF has 255 colours (exact for the map's flat colours) and plays everywhere; APNG keeps
    /// every colour and plays in current browsers. Without --format, an --out ending in .gif
    /// is a GIF and one ending in .apng or .png an APNG; a --format that contradicts the
    /// extension is refused.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<AnimationFormat>,
    /// The file to write (default: output/frontline.gif or output/frontline.apng), or - for
    /// standard output (not a terminal: redirect or pipe it).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Width of the frames in px.
    #[arg(long, value_name = "PX", default_value_t = 800, value_parser = clap::value_parser!(u32).range(320..=4000))]
    pub width: u32,
    /// Height of the frames in px (default: the maps' 1600x1100 aspect at --width).
    #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(220..=4000))]
    pub height: Option<u32>,
    /// How long a day shows, in ms.
    ///
    /// The first and last day show 5 times as long, days of major change (150 km2 or more
    /// changing side, or 5 or more places changing hands) 3 times.
    #[arg(long, value_name = "MS", default_value_t = 400, value_parser = clap::value_parser!(u32).range(20..=10000))]
    pub frame_ms: u32,
    /// Language of the map: a BCP 47 code (en, az, hy, ru, uk, or any the dataset has), or a
    /// fallback chain such as os,ru.
    ///
    /// The tool's words (title, legend, panel, credits, dates, numbers) come in en, az, hy, ru
    /// and uk, or from the dataset's i18n/LANG.toml; a language without them takes the words of
    /// the next language of the chain that has them, else English (said once on stderr). Place
    /// names: each place's name in the first language of the chain it has a name in (uk-UA
    /// finds uk), else English, else its first. Example: --lang os,ru.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = crate::input::cli_lang)]
    pub lang: String,
    /// Colour theme: light, dark, print, cvd, or a TOML file (see render --help).
    #[arg(long, value_name = "NAME|FILE", default_value = "light")]
    pub theme: String,
    /// Arrows of advance: of the day, or with `week` of the last 7 days.
    ///
    /// Derived from the ground that changed side in the data: one arrow per piece of ground
    /// a side took (3 km2 or more), from the ground it held next to it, sized by area. No
    /// arrow without a change in the data.
    #[arg(long, value_name = "SPAN", num_args = 0..=1, default_missing_value = "day")]
    pub arrows: Option<ArrowSpanArg>,
    /// A bar of the war's timeline on each frame, filled up to the frame's day.
    #[arg(long)]
    pub progress_bar: bool,
    /// Hillshading from the dataset's relief grid (relief.json): on or off (see render --help).
    #[arg(long, value_name = "on|off", default_value = "off")]
    pub relief: OnOff,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Csv,
    Json,
    Svg,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  frontline stats                                     CSV of every day on standard output\n  \
                  frontline stats --format json --from 2020-11-01\n  \
                  frontline stats --format svg --out areas.svg           a line chart for a report"
)]
pub struct StatsArgs {
    /// The days, one row per side and day (default: every day of the dataset).
    #[command(flatten)]
    pub days: DaysArgs,
    /// Output format: csv, json or svg (a line chart).
    ///
    /// CSV columns: date, side, area_km2, change_km2 (from the day before), theatre_km2.
    /// Areas are geodesic, on the WGS84 ellipsoid.
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    pub format: StatsFormat,
    /// Begin CSV output with a UTF-8 byte-order mark, for spreadsheets.
    ///
    /// CSV is always UTF-8. Excel and some other spreadsheets read a CSV without a byte-order
    /// mark in the system's legacy code page, which garbles non-Latin letters; --bom makes them
    /// read it as UTF-8. Only with --format csv.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file instead of standard output (- is standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Language of the SVG chart's words, dates and numbers (see render --help).
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = crate::input::cli_lang)]
    pub lang: String,
    #[command(flatten)]
    pub data: DataArgs,
}

impl AnimateArgs {
    /// The format: --format, else the one --out's extension names, else GIF. A --format that
    /// contradicts the extension is refused: GIF data in x.apng opens as a broken image.
    pub fn animation_format(&self) -> Result<AnimationFormat> {
        let by_extension = self.out.as_deref().and_then(animation_format_of);
        match (self.format, by_extension) {
            (Some(format), Some(named)) if format != named => Err(Error::Usage(format!(
                "--format {}: --out {} names {} data by its extension (expected --format {}, or an --out ending in .{})",
                format.name(),
                self.out.as_deref().unwrap_or_else(|| std::path::Path::new("")).display(),
                named.name().to_uppercase(),
                named.name(),
                format.name()
            ))),
            (Some(format), _) | (None, Some(format)) => Ok(format),
            (None, None) => Ok(AnimationFormat::Gif),
        }
    }

    /// The frame height: --height, or the maps' 1600x1100 aspect at --width.
    pub fn frame_height(&self) -> u32 {
        self.height.unwrap_or_else(|| (self.width as f64 * 1100.0 / 1600.0).round() as u32)
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  frontline report                             every day into output/report/index.html\n  \
                        frontline report --from 2020-11-07 --to 2020-11-10 --out shusha/"
)]
pub struct ReportArgs {
    /// The days of the slider (default: every day of the dataset).
    #[command(flatten)]
    pub days: DaysArgs,
    /// Folder for the report (created if missing); the page is DIR/index.html.
    ///
    /// The page is self-contained (maps, font, data and script inline): open it from disk or
    /// serve the folder over HTTP.
    #[arg(long, value_name = "DIR", default_value = "output/report")]
    pub out: PathBuf,
    /// Language of the map: a BCP 47 code (en, az, hy, ru, uk, or any the dataset has), or a
    /// fallback chain such as os,ru.
    ///
    /// The tool's words (title, legend, panel, credits, dates, numbers) come in en, az, hy, ru
    /// and uk, or from the dataset's i18n/LANG.toml; a language without them takes the words of
    /// the next language of the chain that has them, else English (said once on stderr). Place
    /// names: each place's name in the first language of the chain it has a name in (uk-UA
    /// finds uk), else English, else its first. Example: --lang os,ru.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = crate::input::cli_lang)]
    pub lang: String,
    /// Colour theme: light, dark, print, cvd, or a TOML file (see render --help).
    #[arg(long, value_name = "NAME|FILE", default_value = "light")]
    pub theme: String,
    /// Arrows of advance: of the day, or with `week` of the last 7 days.
    ///
    /// Derived from the ground that changed side in the data: one arrow per piece of ground
    /// a side took (3 km2 or more), from the ground it held next to it, sized by area. No
    /// arrow without a change in the data.
    #[arg(long, value_name = "SPAN", num_args = 0..=1, default_missing_value = "day")]
    pub arrows: Option<ArrowSpanArg>,
    /// Hillshading from the dataset's relief grid (relief.json): on or off (see render --help).
    #[arg(long, value_name = "on|off", default_value = "off")]
    pub relief: OnOff,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

impl DaysArgs {
    /// The days asked for, checked against the dataset's span.
    pub fn resolve(&self, first: NaiveDate, last: NaiveDate) -> Result<Vec<NaiveDate>> {
        let span = format!("{first}..{last}");
        let check = |day: NaiveDate, flag: &str| {
            if (first..=last).contains(&day) {
                Ok(day)
            } else {
                Err(Error::Usage(format!("--{flag} {day} is outside the dataset's span {span}")))
            }
        };
        let (from, to) = match self.date {
            Some(day) => (check(day, "date")?, day),
            None => (
                self.from.map(|d| check(d, "from")).transpose()?.unwrap_or(first),
                self.to.map(|d| check(d, "to")).transpose()?.unwrap_or(last),
            ),
        };
        if to < from {
            return Err(Error::Usage(format!("--to {to} is before --from {from}")));
        }
        Ok(from.iter_days().take_while(|d| *d <= to).collect())
    }
}

impl RenderArgs {
    /// The checked scene options: theme loaded, view resolved against the dataset.
    pub fn scene_options(&self, dataset: &Dataset) -> Result<SceneOptions> {
        check_lang(&self.lang, dataset)?;
        if !(0.25..=8.0).contains(&self.scale) {
            return Err(Error::Usage(format!("--scale {}: expected a factor between 0.25 and 8", self.scale)));
        }
        let width = (self.width as f32 * self.scale).round() as u32;
        let height = (self.height as f32 * self.scale).round() as u32;
        if width > 16000 || height > 16000 || width as u64 * height as u64 > crate::limits::MAX_PAGE_PIXELS {
            return Err(Error::Usage(format!(
                "--width, --height, --scale: a {width}x{height} page is larger than the limit of {} million pixels",
                crate::limits::MAX_PAGE_PIXELS / 1_000_000
            )));
        }
        if let Some(day) = self.compare.filter(|d| !dataset.meta.contains_day(*d)) {
            let (first, last) = (dataset.meta.first_day, dataset.meta.last_day);
            return Err(Error::Usage(format!("--compare {day} is outside the dataset's span {first}..{last}")));
        }
        let theme = load_theme(&self.theme)?;
        let view = match (&self.bbox, &self.focus) {
            (Some(text), _) => Some(View::parse(text).map_err(|m| Error::Usage(format!("--bbox {m}")))?),
            (None, Some(text)) => Some(focus_view(dataset, text)?),
            (None, None) => None,
        };
        Ok(SceneOptions {
            width,
            height,
            lang: self.lang.clone(),
            view,
            theme,
            dual_names: self.names == NameStyle::Dual,
            arrows: self.arrows.map(Into::into),
            compare: self.compare,
            progress_bar: self.progress_bar,
            relief: self.relief == OnOff::On,
        })
    }

    pub fn formats(&self) -> Vec<Format> {
        let mut formats: Vec<Format> = self
            .format
            .iter()
            .map(|f| match f {
                ImageFormat::Svg => Format::Svg,
                ImageFormat::Png => Format::Png,
                ImageFormat::Pdf => Format::Pdf,
            })
            .collect();
        formats.sort();
        formats.dedup();
        formats
    }
}

/// A built-in theme by name, or a theme file.
pub fn load_theme(name: &str) -> Result<Theme> {
    if let Some(theme) = Theme::named(name) {
        return Ok(theme);
    }
    let path = std::path::Path::new(name);
    let text = match crate::input::read_text(path, name, crate::limits::MAX_TOML_BYTES) {
        Ok(Some(text)) => text,
        Ok(None) => {
            return Err(Error::Usage(format!(
                "--theme {name}: not a built-in theme ({}) and not a file",
                crate::scene::theme::BUILT_IN.join(", ")
            )));
        }
        Err(Error::Io { source, .. }) => {
            return Err(Error::Usage(format!("--theme {name}: not a readable file ({source})")));
        }
        Err(err) => return Err(err),
    };
    let at = || Location::File(path.display().to_string());
    let theme = Theme::from_toml(&text).map_err(|message| Error::Input(vec![Problem::new(at(), message)]))?;
    if let Some(message) = crate::input::check_value(&theme.name, "name", crate::limits::MAX_TEXT_CHARS, true) {
        return Err(Error::Input(vec![Problem::new(at(), message)]));
    }
    Ok(theme)
}

/// `PLACE[:KM]` to a view around the place.
fn focus_view(dataset: &Dataset, text: &str) -> Result<View> {
    let (id, km) = match text.split_once(':') {
        Some((id, km)) => {
            let km: f64 =
                km.parse().ok().filter(|km: &f64| (1.0..=500.0).contains(km)).ok_or_else(|| {
                    Error::Usage(format!("--focus {text}: \"{km}\" is not a distance of 1 to 500 km"))
                })?;
            (id, km)
        }
        None => (text, 25.0),
    };
    let Some(index) = dataset.find_place(id) else {
        let hint = crate::dataset::did_you_mean(&id.to_lowercase(), dataset.places.iter().map(|p| p.id.as_str()));
        return Err(Error::Usage(format!(
            "--focus {text}: unknown place \"{id}\"{hint} (expected a place's id or name, as in places.geojson)"
        )));
    };
    let Some(point) = dataset.places[index].point else {
        return Err(Error::Usage(format!("--focus {text}: place \"{id}\" has no coordinates yet")));
    };
    Ok(View::around(point.x(), point.y(), km))
}

/// `--lang` must be a language some place of the dataset has a name in, or one whose words
/// are translated (shipped, or the dataset's i18n/LANG.toml); English always is accepted.
pub fn check_lang(lang: &str, dataset: &Dataset) -> Result<()> {
    let known = dataset.languages();
    // Each language of a chain must be known (a typo would silently fall back); a regional
    // code is known through its language (`uk-UA` through `uk`).
    let is_known =
        |code: &str| crate::i18n::chain(code).into_iter().any(|form| known.contains(form) || dataset.has_words(form));
    let Some(unknown) = lang.split(',').map(str::trim).find(|code| !is_known(code)) else {
        return Ok(());
    };
    let mut known: Vec<String> = known.into_iter().collect();
    known.extend(crate::i18n::shipped_languages().map(String::from));
    known.extend(dataset.translations.keys().cloned());
    known.sort();
    known.dedup();
    Err(Error::Usage(format!(
        "--lang {lang}: no place of the dataset has a name in \"{unknown}\" and its words are not translated (expected one of {}, or a chain such as os,ru)",
        known.join(", ")
    )))
}

/// The note `--relief on` gives on a dataset without an elevation grid: not an error (the
/// same command works on every dataset), but the maps have no hillshading, which the user
/// asked for.
pub fn relief_note(relief: OnOff, dataset: &Dataset) -> Option<String> {
    (relief == OnOff::On && dataset.relief.is_none()).then(|| {
        format!("frontline: --relief on: the dataset has no {}, so no relief is drawn", crate::dataset::RELIEF_FILE)
    })
}

/// The note `--lang` gives once when the tool's words are not translated into it: the map
/// keeps English words, its place names are in the language where the dataset has them.
pub fn untranslated_note(lang: &str, dataset: &Dataset) -> Option<String> {
    let first = crate::i18n::first(lang);
    let words = dataset.words_language(lang).unwrap_or("en");
    let mut notes = Vec::new();
    if !crate::i18n::chain(first).contains(&words) {
        let language = if words == "en" { "English".to_string() } else { format!("\"{words}\"") };
        notes.push(format!(
            "frontline: --lang {lang}: the tool's words are not translated into {first}, so they are in {language} \
             (place names are in {lang} where the dataset has them); add i18n/{first}.toml to the dataset to translate them"
        ));
    }
    // The tool's words may be there while the dataset's own (title, sides, events) are not.
    if words != "en" && !dataset.translations.contains_key(words) {
        notes.push(format!(
            "frontline: --lang {lang}: the dataset has no i18n/{words}.toml, so its own words (title, side and \
             country names, event titles, credits) stay as it writes them; `frontline words {words} --data DIR` \
             prints a file to translate them"
        ));
    }
    (!notes.is_empty()).then(|| notes.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("frontline").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn render_defaults_to_every_day_svg_and_png() {
        let Command::Render(args) = parse(&["render"]).command else { panic!() };
        assert_eq!(args.formats(), vec![Format::Svg, Format::Png]);
        assert_eq!(args.out, PathBuf::from("output"));
        let days = args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap();
        assert_eq!(days.len(), 66);
    }

    #[test]
    fn format_list_and_range() {
        let Command::Render(args) =
            parse(&["render", "--from", "2020-10-01", "--to", "2020-10-20", "--format", "png"]).command
        else {
            panic!()
        };
        assert_eq!(args.formats(), vec![Format::Png]);
        assert_eq!(args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap().len(), 20);
    }

    #[test]
    fn a_date_outside_the_span_names_the_span() {
        let Command::Render(args) = parse(&["render", "--date", "2021-01-01"]).command else { panic!() };
        let err = args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap_err();
        assert_eq!(err.to_string(), "--date 2021-01-01 is outside the dataset's span 2020-09-27..2020-12-01");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn date_conflicts_with_a_range() {
        assert!(Cli::try_parse_from(["frontline", "render", "--date", "2020-10-01", "--from", "2020-10-01"]).is_err());
    }

    #[test]
    fn view_and_theme_options_are_checked() {
        let dataset = Dataset::embedded().unwrap();
        let options = |args: &[&str]| {
            let mut all = vec!["render"];
            all.extend_from_slice(args);
            let Command::Render(render) = parse(&all).command else { panic!() };
            render.scene_options(&dataset)
        };
        let default = options(&[]).unwrap();
        assert_eq!((default.width, default.height), (1600, 1100));
        assert!(default.view.is_none() && default.dual_names);
        let scaled = options(&["--scale", "2"]).unwrap();
        assert_eq!((scaled.width, scaled.height), (3200, 2200));
        assert_eq!(options(&["--theme", "dark"]).unwrap().theme.name, "dark");
        assert!(options(&["--theme", "neon"]).unwrap_err().to_string().contains("not a built-in theme"));
        let focus = options(&["--focus", "shusha:30"]).unwrap().view.unwrap();
        assert!(focus.west < 46.75 && focus.east > 46.75);
        let unknown = options(&["--focus", "shusa"]).unwrap_err().to_string();
        assert!(unknown.contains("unknown place \"shusa\" (did you mean \"shusha\"?)"), "{unknown}");
        let by_name = |name: &str| options(&["--focus", name]).unwrap().view.unwrap();
        for name in ["Shusha", "SHUSHA:30", "Şuşa:30", "шуша:30", "Shushi"] {
            assert!(by_name(name).west < 46.75 && by_name(name).east > 46.75, "{name}");
        }
        assert!(options(&["--focus", "shusha:0"]).is_err());
        let bbox = options(&["--bbox", "46.3,39.5,46.9,39.9"]).unwrap().view.unwrap();
        assert_eq!(bbox.east, 46.9);
        assert!(options(&["--bbox", "1,2,3"]).unwrap_err().to_string().contains("W,S,E,N"));
        assert!(!options(&["--names", "single"]).unwrap().dual_names);
    }

    #[test]
    fn animate_defaults() {
        let Command::Animate(args) = parse(&["animate"]).command else { panic!() };
        assert_eq!(
            (args.animation_format().unwrap(), args.width, args.frame_height(), args.frame_ms),
            (AnimationFormat::Gif, 800, 550, 400)
        );
        assert_eq!(args.out, None);
        let days = args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap();
        assert_eq!(days.len(), 66);
        let Command::Animate(args) =
            parse(&["animate", "--format", "apng", "--width", "400", "--height", "300", "--frame-ms", "250"]).command
        else {
            panic!()
        };
        assert_eq!(
            (args.animation_format().unwrap(), args.width, args.frame_height(), args.frame_ms),
            (AnimationFormat::Apng, 400, 300, 250)
        );
        assert!(Cli::try_parse_from(["frontline", "animate", "--width", "100"]).is_err());
        let Command::Animate(args) = parse(&["animate", "--date", "2020-10-01"]).command else { panic!() };
        assert_eq!(args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap(), vec![day("2020-10-01")]);
    }

    #[test]
    fn an_animations_format_follows_its_file_name_unless_given() {
        let format = |args: &[&str]| {
            let Command::Animate(args) = parse(&[&["animate"], args].concat()).command else { panic!() };
            args.animation_format().map_err(|err| err.to_string())
        };
        assert_eq!(format(&["--out", "x.apng"]), Ok(AnimationFormat::Apng));
        assert_eq!(format(&["--out", "x.PNG"]), Ok(AnimationFormat::Apng));
        assert_eq!(format(&["--out", "x.gif"]), Ok(AnimationFormat::Gif));
        assert_eq!(format(&["--out", "-"]), Ok(AnimationFormat::Gif));
        assert_eq!(format(&["--out", "x.webm", "--format", "apng"]), Ok(AnimationFormat::Apng));
        assert_eq!(format(&["--out", "x.apng", "--format", "apng"]), Ok(AnimationFormat::Apng));
        let refused = format(&["--format", "gif", "--out", "x.apng"]).unwrap_err();
        assert_eq!(
            refused,
            "--format gif: --out x.apng names APNG data by its extension (expected --format apng, or an --out ending in .gif)"
        );
    }

    #[test]
    fn stats_formats() {
        let Command::Stats(args) = parse(&["stats"]).command else { panic!() };
        assert_eq!(args.format, StatsFormat::Csv);
        let Command::Stats(args) = parse(&["stats", "--format", "svg", "--out", "a.svg"]).command else { panic!() };
        assert_eq!((args.format, args.out), (StatsFormat::Svg, Some(PathBuf::from("a.svg"))));
    }

    #[test]
    fn export_takes_a_date_or_a_range_not_both() {
        let Command::Export(args) = parse(&["export", "--date", "2020-11-09"]).command else { panic!() };
        assert_eq!(args.days.date, Some(day("2020-11-09")));
        let Command::Export(args) = parse(&["export", "--from", "2020-11-01", "--to", "2020-11-03"]).command else {
            panic!()
        };
        assert_eq!((args.days.from, args.days.to), (Some(day("2020-11-01")), Some(day("2020-11-03"))));
        let Command::Export(args) = parse(&["export", "--all"]).command else { panic!() };
        assert!(args.days.all);
        assert!(Cli::try_parse_from(["frontline", "export", "--date", "2020-11-09", "--from", "2020-11-01"]).is_err());
        assert!(Cli::try_parse_from(["frontline", "export"]).is_err(), "a date or a range is required");
    }

    #[test]
    fn report_defaults_to_every_day_into_output_report() {
        let Command::Report(args) = parse(&["report"]).command else { panic!() };
        assert_eq!(args.out, PathBuf::from("output/report"));
        assert_eq!(args.lang, "en");
        assert_eq!(args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap().len(), 66);
        let Command::Report(args) =
            parse(&["report", "--from", "2020-11-07", "--to", "2020-11-10", "--out", "r", "-q"]).command
        else {
            panic!()
        };
        assert_eq!((args.out, args.quiet), (PathBuf::from("r"), true));
        assert_eq!(args.days.resolve(day("2020-09-27"), day("2020-12-01")).unwrap().len(), 4);
    }

    /// The days a subcommand parsed, for [`every_command_with_days_parses_them_the_same`].
    fn days_of(cli: Cli) -> DaysArgs {
        match cli.command {
            Command::Render(a) => a.days,
            Command::Events(a) => a.days,
            Command::Export(a) => a.days,
            Command::Animate(a) => a.days,
            Command::Stats(a) => a.days,
            Command::Report(a) => a.days,
            other => panic!("{other:?} takes no days"),
        }
    }

    #[test]
    fn every_command_with_days_parses_them_the_same() {
        let cases: [(&[&str], DaysArgs); 5] = [
            (&["--date", "2020-11-08"], DaysArgs { date: Some(day("2020-11-08")), ..DaysArgs::default() }),
            (&["--from", "2020-11-01"], DaysArgs { from: Some(day("2020-11-01")), ..DaysArgs::default() }),
            (&["--to", "2020-10-01"], DaysArgs { to: Some(day("2020-10-01")), ..DaysArgs::default() }),
            (
                &["--from", "2020-11-01", "--to", "2020-11-03"],
                DaysArgs { from: Some(day("2020-11-01")), to: Some(day("2020-11-03")), ..DaysArgs::default() },
            ),
            (&["--all"], DaysArgs { all: true, ..DaysArgs::default() }),
        ];
        for command in ["render", "events", "export", "animate", "stats", "report"] {
            for (flags, expected) in &cases {
                let args: Vec<&str> = std::iter::once(command).chain(flags.iter().copied()).collect();
                assert_eq!(&days_of(parse(&args)), expected, "{args:?}");
            }
            for bad in [&["--date", "2020-11-08", "--from", "2020-11-01"][..], &["--all", "--to", "2020-11-01"]] {
                let args: Vec<&str> = ["frontline", command].into_iter().chain(bad.iter().copied()).collect();
                assert!(Cli::try_parse_from(&args).is_err(), "{args:?} accepted");
            }
            let args = ["frontline", command, "--date", "2020-13-01"];
            let err = Cli::try_parse_from(args).unwrap_err().to_string();
            assert!(err.contains("--date <DATE>"), "{command}: {err}");
        }
    }

    #[test]
    fn a_range_defaults_either_end_to_the_span() {
        let (first, last) = (day("2020-09-27"), day("2020-12-01"));
        let from = DaysArgs { from: Some(day("2020-11-30")), ..DaysArgs::default() };
        assert_eq!(from.resolve(first, last).unwrap(), vec![day("2020-11-30"), last]);
        let to = DaysArgs { to: Some(day("2020-09-28")), ..DaysArgs::default() };
        assert_eq!(to.resolve(first, last).unwrap(), vec![first, day("2020-09-28")]);
        let backwards = DaysArgs { from: Some(last), to: Some(first), ..DaysArgs::default() };
        assert_eq!(
            backwards.resolve(first, last).unwrap_err().to_string(),
            "--to 2020-09-27 is before --from 2020-12-01"
        );
        let early = DaysArgs { to: Some(day("2020-01-01")), ..DaysArgs::default() };
        assert_eq!(
            early.resolve(first, last).unwrap_err().to_string(),
            "--to 2020-01-01 is outside the dataset's span 2020-09-27..2020-12-01"
        );
    }

    #[test]
    fn render_takes_pdf_and_completions_every_shell() {
        let Command::Render(args) = parse(&["render", "--format", "pdf,svg"]).command else { panic!() };
        assert_eq!(args.formats(), vec![Format::Svg, Format::Pdf]);
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            assert!(matches!(parse(&["completions", shell]).command, Command::Completions(_)));
        }
        assert!(Cli::try_parse_from(["frontline", "completions", "tcsh"]).is_err());
        let Command::Man(args) = parse(&["man", "--out", "man1"]).command else { panic!() };
        assert_eq!(args.out, Some(PathBuf::from("man1")));
    }

    #[test]
    fn data_is_accepted_after_the_subcommand() {
        let Command::Validate(args) = parse(&["validate", "--data", "x"]).command else { panic!() };
        assert_eq!(args.data, Some(PathBuf::from("x")));
    }
}
