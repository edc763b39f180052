//! Stage 1: read and check a dataset, the only place that looks at input.
//!
//! A dataset is a folder (or the copy embedded in the binary) holding `dataset.toml`,
//! `places.geojson`, `theatre.geojson`, `frontline.geojson`, the context layers it lists and
//! `events.csv`; geodata/README.md is the contract. Loading either returns a [`Dataset`] whose
//! every cross-reference is resolved (events name known places and sides, dates are in the
//! span), or every [`Problem`] found, each naming its file and line or feature.

mod areas;
mod events;
mod geojson_io;
mod held;

pub use geojson_io::{as_polygons, wound_ccw};
mod meta;
mod places;
mod relief;
pub mod translations;

pub use areas::{Area, AreaShape};
pub(crate) use events::did_you_mean;
pub use events::{Event, EventKind, SourceRef, Status};
pub use held::HeldGround;
pub use meta::{Meta, ProjectionSpec, Side, View, parse_colour};
pub use places::{Place, PlaceKind};
pub use relief::{RELIEF_FILE, Relief};

use std::path::{Path, PathBuf};

use geo::{MultiLineString, MultiPolygon};
use include_dir::{Dir, include_dir};

use crate::error::{Error, Location, Problem, Result};

/// The embedded default dataset: the 2020 Nagorno-Karabakh war.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/geodata");

/// The optional file of named areas.
pub const AREAS_FILE: &str = "areas.geojson";

/// Where a dataset's files come from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// The copy of geodata/ compiled into the binary.
    Embedded,
    /// A folder given with `--data DIR`.
    Dir(PathBuf),
}

impl DataSource {
    /// The text of a file of the dataset, `None` when it does not exist. Only regular files
    /// are read, within the size limit of their kind (see [`crate::limits`]).
    fn read(&self, name: &str) -> Result<Option<String>> {
        let limit = if name.ends_with(".csv") {
            crate::limits::MAX_CSV_BYTES
        } else if name.ends_with(".toml") {
            crate::limits::MAX_TOML_BYTES
        } else {
            crate::limits::MAX_GEOJSON_BYTES
        };
        match self {
            DataSource::Embedded => EMBEDDED
                .get_file(name)
                .map(|file| crate::input::text_of(&self.display_name(name), file.contents().to_vec()))
                .transpose(),
            DataSource::Dir(dir) => {
                if std::path::Path::new(name).components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                    return Err(Error::Input(vec![Problem::new(
                        Location::File(self.display_name("dataset.toml")),
                        format!("file \"{name}\": expected a path inside the dataset folder"),
                    )]));
                }
                crate::input::read_text(&dir.join(name), &self.display_name(name), limit)
            }
        }
    }

    /// The names of the files in a folder of the dataset, sorted; none when it has no such
    /// folder. At most [`crate::limits::MAX_LAYERS`] are taken.
    fn list(&self, folder: &str) -> Result<Vec<String>> {
        let mut names: Vec<String> = match self {
            DataSource::Embedded => EMBEDDED
                .get_dir(folder)
                .map(|dir| dir.files().filter_map(|f| f.path().file_name()?.to_str().map(String::from)).collect())
                .unwrap_or_default(),
            DataSource::Dir(dir) => match std::fs::read_dir(dir.join(folder)) {
                Ok(entries) => entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect(),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(err) => return Err(Error::io(dir.join(folder), err)),
            },
        };
        names.sort();
        names.truncate(crate::limits::MAX_LAYERS);
        Ok(names)
    }

    /// How a file of this dataset is named in messages.
    fn display_name(&self, name: &str) -> String {
        match self {
            DataSource::Embedded => format!("geodata/{name}"),
            DataSource::Dir(dir) => dir.join(name).display().to_string(),
        }
    }
}

/// A line of reference drawn on every map (the line of contact of the first day, an outline).
#[derive(Debug, Clone)]
pub struct ReferenceLine {
    pub id: String,
    /// `line_of_contact` or `oblast_outline`.
    pub kind: String,
    pub name: String,
    /// Lon/lat degrees; one or more pieces (a LineString or a MultiLineString of the file).
    pub line: MultiLineString<f64>,
}

/// A context layer: countries, borders, rivers, lakes, roads.
#[derive(Debug, Clone)]
pub struct Layer {
    pub role: LayerRole,
    pub features: Vec<LayerFeature>,
}

/// What a layer is, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerRole {
    Countries,
    Borders,
    Rivers,
    Lakes,
    Roads,
    /// Administrative boundaries inside a country (districts, rayons): thin context lines.
    Districts,
    /// Ground outside the theatre held by a side ([`HeldGround`]): read into
    /// [`Dataset::held`], not kept as a layer.
    Held,
}

impl LayerRole {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "countries" => LayerRole::Countries,
            "borders" => LayerRole::Borders,
            "rivers" => LayerRole::Rivers,
            "lakes" => LayerRole::Lakes,
            "roads" => LayerRole::Roads,
            "districts" => LayerRole::Districts,
            "held" => LayerRole::Held,
            _ => return None,
        })
    }
}

/// A feature of a context layer (lon/lat degrees).
#[derive(Debug, Clone)]
pub struct LayerFeature {
    pub name: Option<String>,
    pub geometry: geo::Geometry<f64>,
}

/// A checked dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub meta: Meta,
    pub places: Vec<Place>,
    /// The area that can change hands (lon/lat degrees).
    pub theatre: MultiPolygon<f64>,
    pub reference_lines: Vec<ReferenceLine>,
    pub layers: Vec<Layer>,
    /// Ground outside the theatre held by a side (layers of role `held`), in file order.
    pub held: Vec<HeldGround>,
    /// Named areas that events can set as a whole (areas.geojson; empty when absent).
    pub areas: Vec<Area>,
    /// Sorted by date, then by line in events.csv.
    pub events: Vec<Event>,
    /// The dataset's own translations (`i18n/LANG.toml`): language code -> its table.
    pub translations: std::collections::BTreeMap<String, crate::i18n::Table>,
    /// Elevations for the hillshading (relief.json; `None` when absent).
    pub relief: Option<Relief>,
    /// The folder the dataset was read from, as given to `--data`; `None` for the embedded one.
    pub folder: Option<PathBuf>,
}

impl Dataset {
    /// The attribution lines of a map in the language of `words`: dataset.toml's, and the
    /// relief grid's source when the map draws its hillshading (a map without relief does not
    /// credit it). A line the dataset's i18n file does not translate stays as written.
    pub fn attribution(&self, words: &crate::i18n::Words, relief_drawn: bool) -> Vec<String> {
        let mut lines: Vec<String> = self.meta.attribution.iter().map(|line| words.credit(line).to_string()).collect();
        if let Some(relief) = self.relief.as_ref().filter(|_| relief_drawn) {
            let source = words.credit(&relief.source);
            lines.push(words.fill("credits.relief", &[("source", source.trim_end_matches('.'))]));
        }
        lines
    }

    /// Load and check a dataset; every problem found is returned at once.
    pub fn load(source: &DataSource) -> Result<Dataset> {
        let mut problems = Vec::new();
        let required = |name: &str, problems: &mut Vec<Problem>| -> Result<Option<String>> {
            let text = source.read(name)?;
            if text.is_none() {
                problems.push(Problem::new(
                    Location::File(source.display_name(name)),
                    "file not found (every dataset needs it; see geodata/README.md)",
                ));
            }
            Ok(text)
        };

        if let DataSource::Dir(dir) = source
            && !dir.is_dir()
        {
            return Err(Error::Usage(format!("--data {}: not a directory", dir.display())));
        }

        let Some(meta_text) = required("dataset.toml", &mut problems)? else {
            return Err(Error::Input(problems));
        };
        let meta = match meta::parse(&source.display_name("dataset.toml"), &meta_text) {
            Ok(meta) => meta,
            Err(mut found) => {
                problems.append(&mut found);
                return Err(Error::Input(problems));
            }
        };

        let places = match required("places.geojson", &mut problems)? {
            Some(text) => places::parse(&source.display_name("places.geojson"), &text, &meta, &mut problems),
            None => Vec::new(),
        };

        let theatre = match required(&meta.theatre_file, &mut problems)? {
            Some(text) => geojson_io::parse_theatre(&source.display_name(&meta.theatre_file), &text, &mut problems),
            None => MultiPolygon(Vec::new()),
        };
        let theatre_vertices = geo::CoordsIter::coords_count(&theatre);
        if theatre_vertices > crate::limits::MAX_THEATRE_VERTICES {
            problems.push(Problem::new(
                Location::File(source.display_name(&meta.theatre_file)),
                format!(
                    "{theatre_vertices} positions, more than the limit of {} for the theatre",
                    crate::limits::MAX_THEATRE_VERTICES
                ),
            ));
        }

        let reference_lines = match required("frontline.geojson", &mut problems)? {
            Some(text) => {
                geojson_io::parse_reference_lines(&source.display_name("frontline.geojson"), &text, &mut problems)
            }
            None => Vec::new(),
        };

        let (mut layers, mut held) = (Vec::new(), Vec::new());
        for spec in &meta.layers {
            let name = source.display_name(&spec.file);
            let Some(role) = LayerRole::parse(&spec.role) else {
                problems.push(Problem::new(
                    Location::File(source.display_name("dataset.toml")),
                    format!(
                        "layer \"{}\": unknown role \"{}\" (expected countries, borders, rivers, lakes, roads, districts or held)",
                        spec.file, spec.role
                    ),
                ));
                continue;
            };
            let Some(text) = source.read(&spec.file)? else {
                problems.push(Problem::new(
                    Location::File(name),
                    "file not found: it is listed in dataset.toml's [[layers]] (fix: add the file, or remove its [[layers]] entry)",
                ));
                continue;
            };
            if role == LayerRole::Held {
                held.extend(held::parse(&name, &text, &meta, &mut problems));
            } else {
                let features = geojson_io::parse_layer(&name, &text, &mut problems);
                layers.push(Layer { role, features });
            }
        }

        for id in &meta.always_label {
            if !places.iter().any(|place| place.id == *id) {
                problems.push(Problem::new(
                    Location::File(source.display_name("dataset.toml")),
                    format!("always_label: unknown place \"{id}\""),
                ));
            }
        }

        // Optional: a dataset without areas has only place events.
        let areas = match source.read(AREAS_FILE)? {
            Some(text) => areas::parse(
                &source.display_name(AREAS_FILE),
                &text,
                &meta,
                &places,
                &reference_lines,
                &layers,
                &mut problems,
            ),
            None => Vec::new(),
        };

        let events = match required("events.csv", &mut problems)? {
            Some(text) => {
                events::parse(&source.display_name("events.csv"), &text, &meta, &places, &areas, &mut problems)
            }
            None => Vec::new(),
        };

        let translations = translations::read(source, &mut problems)?;

        // Optional: a dataset without a relief grid has maps without hillshading.
        let relief = match source.read(RELIEF_FILE)? {
            Some(text) => relief::parse(&source.display_name(RELIEF_FILE), &text, &mut problems),
            None => None,
        };

        if problems.is_empty() {
            let folder = match source {
                DataSource::Dir(dir) => Some(dir.clone()),
                DataSource::Embedded => None,
            };
            Ok(Dataset {
                meta,
                places,
                theatre,
                reference_lines,
                layers,
                held,
                areas,
                events,
                translations,
                relief,
                folder,
            })
        } else {
            Err(Error::Input(problems))
        }
    }

    /// The embedded default dataset.
    pub fn embedded() -> Result<Dataset> {
        Dataset::load(&DataSource::Embedded)
    }

    /// Index of a place by id.
    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.places.iter().position(|place| place.id == id)
    }

    /// The arguments of `frontline events` that list a day's events, from the date on:
    /// "2022-09-10", with "--data DIR" for a dataset read from a folder (without it the command
    /// would list the embedded dataset's events). Every language's text ends the command with
    /// `{date}`, so this fills `{date}` and translations need no other placeholder.
    pub fn events_arguments(&self, day: chrono::NaiveDate) -> String {
        match &self.folder {
            Some(dir) => format!("{day} --data {}", shell_word(&dir.display().to_string())),
            None => day.to_string(),
        }
    }

    /// Index of a place by id, or by its name in any language (case-insensitive): what a user
    /// types on the command line (`--focus Shusha`, `--focus Şuşa`).
    pub fn find_place(&self, id_or_name: &str) -> Option<usize> {
        let wanted = id_or_name.to_lowercase();
        self.place_index(id_or_name).or_else(|| {
            self.places.iter().position(|place| {
                place.id.to_lowercase() == wanted || place.names.values().any(|name| name.to_lowercase() == wanted)
            })
        })
    }

    /// Index of an area by id.
    pub fn area_index(&self, id: &str) -> Option<usize> {
        self.areas.iter().position(|area| area.id == id)
    }

    /// Index of a side by id.
    pub fn side_index(&self, id: &str) -> Option<usize> {
        self.meta.sides.iter().position(|side| side.id == id)
    }

    /// Every `line_of_contact` feature of frontline.geojson (the line of the first day may come
    /// in pieces), in file order.
    pub fn lines_of_contact(&self) -> impl Iterator<Item = &ReferenceLine> {
        self.reference_lines.iter().filter(|line| line.kind == "line_of_contact")
    }

    /// The language codes of the places' names (BCP 47), sorted.
    pub fn languages(&self) -> std::collections::BTreeSet<String> {
        self.places
            .iter()
            .flat_map(|place| place.names.keys())
            .filter(|code| places::is_language(code))
            .cloned()
            .collect()
    }

    /// The tool's and the dataset's words for `lang` ([`crate::i18n`]): those of the first
    /// language of the chain that has them, else English. `Words::lang` keeps the whole chain,
    /// which the place names follow.
    pub fn words(&self, lang: &str) -> crate::i18n::Words {
        let code = self.words_language(lang).unwrap_or("en");
        crate::i18n::Words::new(code, self.translations.get(code)).for_chain(lang)
    }

    /// The language of the chain `lang` whose words a map is written in: the first that is
    /// translated (shipped, or a file of the dataset), `None` when none is.
    pub fn words_language<'a>(&self, lang: &'a str) -> Option<&'a str> {
        let translated =
            |code: &str| code == "en" || crate::i18n::shipped(code).is_some() || self.translations.contains_key(code);
        crate::i18n::chain(lang).into_iter().find(|code| translated(code))
    }

    /// Are the tool's words translated into a language of `lang` (shipped, or a file of the
    /// dataset)?
    pub fn has_words(&self, lang: &str) -> bool {
        self.words_language(lang).is_some()
    }

    /// Ground outside the theatre held by a known side on `day`.
    pub fn held_on(&self, day: chrono::NaiveDate) -> impl Iterator<Item = (&HeldGround, usize)> {
        self.held.iter().filter(move |held| held.on(day)).filter_map(|held| Some((held, held.side?)))
    }

    /// The countries layer, if any.
    pub fn countries(&self) -> impl Iterator<Item = &LayerFeature> {
        self.layers.iter().filter(|layer| layer.role == LayerRole::Countries).flat_map(|layer| layer.features.iter())
    }
}

/// `text` as one word of a POSIX shell: as it is when it holds only safe characters, else in
/// single quotes.
fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_alphanumeric() || "-_./:@%+=,".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Is `dir` a dataset folder (has a dataset.toml)?
pub fn looks_like_dataset(dir: &Path) -> bool {
    dir.join("dataset.toml").is_file()
}

/// The meta of the smallest valid dataset, for unit tests of later stages.
#[cfg(test)]
pub(crate) fn test_meta() -> Meta {
    meta::parse("dataset.toml", meta::TEST_DATASET_TOML).expect("test dataset.toml")
}
