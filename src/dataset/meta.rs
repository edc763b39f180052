//! `dataset.toml`: title, span of days, sides, view, projection, layers, attribution.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{Location, Problem};

/// A party that holds ground.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// Stable id used in places.geojson and events.csv (`az`, `am`).
    pub id: String,
    /// Name shown in the legend.
    pub name: String,
    /// Fill colour of the ground it holds, `#rrggbb`.
    pub colour: String,
    /// Name of the country (in the countries layer) that is this side's home ground.
    #[serde(default)]
    pub home: Option<String>,
    /// A peacekeeping force, not a party: no frontline is drawn against its ground.
    #[serde(default)]
    pub peacekeeping: bool,
    /// Ids of the sides it fights beside: no frontline is drawn between their grounds (either
    /// side may list the other).
    #[serde(default)]
    pub allies: Vec<String>,
    /// Is the edge of its home country a front where another side holds the theatre's ground
    /// across it? Default true; false keeps a state border a border (the default dataset's
    /// Armenia).
    #[serde(default = "yes")]
    pub home_front: bool,
}

fn yes() -> bool {
    true
}

/// The default view, a lon/lat box.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl View {
    /// A box reaching `km` kilometres from a point in each direction.
    pub fn around(lon: f64, lat: f64, km: f64) -> View {
        // 111.32 km per degree of latitude; a degree of longitude shrinks with cos(lat).
        let dlat = km / 111.32;
        let dlon = km / (111.32 * lat.to_radians().cos().max(0.01));
        View { west: lon - dlon, south: lat - dlat, east: lon + dlon, north: lat + dlat }
    }

    /// Parse `W,S,E,N` in degrees.
    pub fn parse(text: &str) -> Result<View, String> {
        let numbers: Vec<f64> = text
            .split(',')
            .map(|part| part.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("\"{text}\": expected four numbers W,S,E,N in degrees"))?;
        let [west, south, east, north] = numbers[..] else {
            return Err(format!("\"{text}\": expected four numbers W,S,E,N in degrees"));
        };
        let min = crate::limits::MIN_VIEW_DEGREES;
        if !(east - west >= min
            && north - south >= min
            && west >= -180.0
            && east <= 180.0
            && south >= -85.0
            && north <= 85.0)
        {
            return Err(format!(
                "\"{text}\": expected west < east and south < north, at least {min} degrees apart, within -180..180 and -85..85"
            ));
        }
        Ok(View { west, south, east, north })
    }
}

/// The map projection the dataset asks for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
pub enum ProjectionSpec {
    /// Transverse Mercator on the WGS84 ellipsoid, scale 1 on the central meridian.
    TransverseMercator { central_meridian: f64, latitude_of_origin: f64 },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    pub file: String,
    pub role: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TheatreSpec {
    file: String,
    /// The side that holds the ground beyond the theatre's line of contact.
    beyond_line: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: String,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(deserialize_with = "crate::input::deserialize_date")]
    first_day: NaiveDate,
    #[serde(deserialize_with = "crate::input::deserialize_date")]
    last_day: NaiveDate,
    /// Day 1 of the war (for "day N"); defaults to the first day.
    #[serde(default, deserialize_with = "crate::input::deserialize_optional_date")]
    day_one: Option<NaiveDate>,
    /// How a day is reckoned, e.g. "local time in Baku (UTC+4)".
    #[serde(default)]
    day_note: Option<String>,
    view: View,
    projection: ProjectionSpec,
    theatre: TheatreSpec,
    sides: Vec<Side>,
    #[serde(default)]
    layers: Vec<LayerSpec>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    attribution: Vec<String>,
    /// Places labelled on every map whatever the room (ids of places.geojson).
    #[serde(default)]
    always_label: Vec<String>,
    /// Cells larger than this (km2) are listed by `validate`.
    #[serde(default)]
    large_cell_km2: Option<f64>,
}

/// The checked contents of dataset.toml.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub subtitle: Option<String>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub day_one: NaiveDate,
    pub day_note: Option<String>,
    pub view: View,
    pub projection: ProjectionSpec,
    pub theatre_file: String,
    /// Index into `sides` of the side beyond the line of contact.
    pub beyond_line: usize,
    pub sides: Vec<Side>,
    pub layers: Vec<LayerSpec>,
    pub method: String,
    pub attribution: Vec<String>,
    pub always_label: Vec<String>,
    /// `validate` lists cells larger than this, km2 ([`DEFAULT_LARGE_CELL_KM2`] unless set).
    pub large_cell_km2: f64,
}

/// Cells larger than this (km2) are too coarse to follow a front that moved through them in
/// a theatre of about 10,000 km2 (1.5% of it); a larger theatre sets its own `large_cell_km2`.
pub const DEFAULT_LARGE_CELL_KM2: f64 = 150.0;

impl Meta {
    /// Is the edge between the grounds of sides `a` and `b` a front? They differ, neither is a
    /// peacekeeping force, and neither lists the other among its allies.
    pub fn opposed(&self, a: usize, b: usize) -> bool {
        let (side_a, side_b) = (&self.sides[a], &self.sides[b]);
        a != b
            && !side_a.peacekeeping
            && !side_b.peacekeeping
            && !side_a.allies.contains(&side_b.id)
            && !side_b.allies.contains(&side_a.id)
    }

    /// Every day of the dataset, first to last.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first_day.iter_days().take_while(|day| *day <= self.last_day)
    }

    pub fn contains_day(&self, day: NaiveDate) -> bool {
        (self.first_day..=self.last_day).contains(&day)
    }

    /// 1-based day of the war.
    pub fn day_number(&self, day: NaiveDate) -> i64 {
        (day - self.day_one).num_days() + 1
    }
}

const DEFAULT_METHOD: &str = "areas are Voronoi cells around places, not surveyed positions";

/// What a key of dataset.toml holds.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Flag,
    Texts,
    Table(&'static [Key]),
    Tables(&'static [Key]),
}

/// A key of dataset.toml: name, required, what it holds.
type Key = (&'static str, bool, Kind);

const VIEW_KEYS: &[Key] = &[
    ("west", true, Kind::Number),
    ("south", true, Kind::Number),
    ("east", true, Kind::Number),
    ("north", true, Kind::Number),
];
const PROJECTION_KEYS: &[Key] =
    &[("kind", true, Kind::Text), ("central_meridian", true, Kind::Number), ("latitude_of_origin", true, Kind::Number)];
const THEATRE_KEYS: &[Key] = &[("file", true, Kind::Text), ("beyond_line", true, Kind::Text)];
const SIDE_KEYS: &[Key] = &[
    ("id", true, Kind::Text),
    ("name", true, Kind::Text),
    ("colour", true, Kind::Text),
    ("home", false, Kind::Text),
    ("peacekeeping", false, Kind::Flag),
    ("allies", false, Kind::Texts),
    ("home_front", false, Kind::Flag),
];
const LAYER_KEYS: &[Key] = &[("file", true, Kind::Text), ("role", true, Kind::Text)];
const TOP_KEYS: &[Key] = &[
    ("title", true, Kind::Text),
    ("subtitle", false, Kind::Text),
    ("first_day", true, Kind::Text),
    ("last_day", true, Kind::Text),
    ("day_one", false, Kind::Text),
    ("day_note", false, Kind::Text),
    ("view", true, Kind::Table(VIEW_KEYS)),
    ("projection", true, Kind::Table(PROJECTION_KEYS)),
    ("theatre", true, Kind::Table(THEATRE_KEYS)),
    ("sides", true, Kind::Tables(SIDE_KEYS)),
    ("layers", false, Kind::Tables(LAYER_KEYS)),
    ("method", false, Kind::Text),
    ("attribution", false, Kind::Texts),
    ("always_label", false, Kind::Texts),
    ("large_cell_km2", false, Kind::Number),
];

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Number => "a number",
            Kind::Flag => "true or false",
            Kind::Texts => "an array of strings",
            Kind::Table(_) => "a table ({ key = value, ... })",
            Kind::Tables(_) => "an array of tables ([[key]] sections)",
        }
    }

    fn holds(self, value: &toml::Value) -> bool {
        use toml::Value as V;
        match (self, value) {
            (Kind::Text, V::String(_)) | (Kind::Number, V::Integer(_) | V::Float(_)) | (Kind::Flag, V::Boolean(_)) => {
                true
            }
            (Kind::Texts, V::Array(items)) => items.iter().all(|item| item.is_str()),
            (Kind::Table(_), V::Table(_)) => true,
            (Kind::Tables(_), V::Array(items)) => items.iter().all(|item| item.is_table()),
            _ => false,
        }
    }
}

/// Every missing, unknown or mistyped key of a table of dataset.toml, `path` naming the table
/// in messages (`sides[1].`). Lines are those of the key's first mention in the file.
fn check_keys(file: &str, text: &str, path: &str, table: &toml::Table, keys: &[Key], problems: &mut Vec<Problem>) {
    let at = |key: &str| match key_line(text, key) {
        Some(line) => Location::Line(file.to_string(), line),
        None => Location::File(file.to_string()),
    };
    for (name, required, kind) in keys {
        match table.get(*name) {
            None if *required => problems.push(Problem::new(
                Location::File(file.to_string()),
                format!("missing key {path}{name}: expected {} (see geodata/README.md)", kind.expected()),
            )),
            None => {}
            Some(value) if !kind.holds(value) => {
                problems.push(Problem::new(at(name), format!("{path}{name}: expected {}", kind.expected())))
            }
            Some(value) => match (kind, value) {
                (Kind::Table(inner), toml::Value::Table(t)) => {
                    check_keys(file, text, &format!("{path}{name}."), t, inner, problems)
                }
                (Kind::Tables(inner), toml::Value::Array(items)) => {
                    for (index, t) in items.iter().filter_map(|item| item.as_table()).enumerate() {
                        check_keys(file, text, &format!("{path}{name}[{index}]."), t, inner, problems);
                    }
                }
                _ => {}
            },
        }
    }
    for name in table.keys().filter(|name| !keys.iter().any(|(known, _, _)| known == *name)) {
        let known: Vec<&str> = keys.iter().map(|(known, _, _)| *known).collect();
        problems
            .push(Problem::new(at(name), format!("unknown key {path}{name} (expected one of {})", known.join(", "))));
    }
}

/// 1-based line where `key` is first assigned (`key =`, also inside an inline table) or opens
/// a section (`[key]`, `[[key]]`).
fn key_line(text: &str, key: &str) -> Option<u64> {
    let assigns = |line: &str| {
        line.match_indices(key).any(|(at, _)| {
            let before = line[..at].trim_end().chars().last();
            let after = line[at + key.len()..].trim_start();
            matches!(before, None | Some('{' | ',' | '[')) && after.starts_with(['=', ']'])
        })
    };
    text.lines().position(|line| !line.trim_start().starts_with('#') && assigns(line)).map(|index| index as u64 + 1)
}

/// Parse and check dataset.toml.
pub fn parse(file: &str, text: &str) -> Result<Meta, Vec<Problem>> {
    let table: toml::Table = toml::from_str(text).map_err(|err| {
        let location = match err.span() {
            Some(span) => Location::Line(file.to_string(), line_of(text, span.start)),
            None => Location::File(file.to_string()),
        };
        vec![Problem::new(location, err.message().to_string())]
    })?;
    let mut found = Vec::new();
    check_keys(file, text, "", &table, TOP_KEYS, &mut found);
    if !found.is_empty() {
        return Err(found);
    }
    let raw: RawMeta = toml::from_str(text).map_err(|err| {
        let location = match err.span() {
            Some(span) => Location::Line(file.to_string(), line_of(text, span.start)),
            None => Location::File(file.to_string()),
        };
        vec![Problem::new(location, err.message().to_string())]
    })?;
    let mut problems = Vec::new();
    let at = || Location::File(file.to_string());
    if raw.last_day < raw.first_day {
        problems.push(Problem::new(at(), format!("last_day {} is before first_day {}", raw.last_day, raw.first_day)));
    }
    if (raw.last_day - raw.first_day).num_days() >= crate::limits::MAX_DAYS {
        problems.push(Problem::new(
            at(),
            format!("first_day..last_day: more than the limit of {} days", crate::limits::MAX_DAYS),
        ));
    }
    check_texts(file, text, &raw, &mut problems);
    if raw.layers.len() > crate::limits::MAX_LAYERS {
        problems.push(Problem::new(
            at(),
            format!("{} [[layers]], more than the limit of {}", raw.layers.len(), crate::limits::MAX_LAYERS),
        ));
    }
    if raw.sides.len() < 2 {
        problems.push(Problem::new(at(), "expected at least two [[sides]]"));
    }
    for (index, side) in raw.sides.iter().enumerate() {
        if raw.sides[..index].iter().any(|other| other.id == side.id) {
            problems.push(Problem::new(at(), format!("side \"{}\" is defined twice", side.id)));
        }
        if parse_colour(&side.colour).is_none() {
            problems.push(Problem::new(
                at(),
                format!("side \"{}\": colour \"{}\" is not of the form #rrggbb", side.id, side.colour),
            ));
        }
    }
    let view = raw.view;
    let view_ok = (-180.0..=180.0).contains(&view.west)
        && (-180.0..=180.0).contains(&view.east)
        && (-85.0..=85.0).contains(&view.south)
        && (-85.0..=85.0).contains(&view.north)
        && view.east - view.west >= crate::limits::MIN_VIEW_DEGREES
        && view.north - view.south >= crate::limits::MIN_VIEW_DEGREES;
    if !view_ok {
        problems.push(Problem::new(
            at(),
            format!(
                "view: expected west < east in -180..180 and south < north in -85..85, at least {} degrees apart",
                crate::limits::MIN_VIEW_DEGREES
            ),
        ));
    }
    let ProjectionSpec::TransverseMercator { central_meridian, latitude_of_origin } = raw.projection;
    if !(-180.0..=180.0).contains(&central_meridian) || !(-80.0..=80.0).contains(&latitude_of_origin) {
        problems.push(Problem::new(at(), "projection: central_meridian or latitude_of_origin out of range"));
    }
    let beyond_line = raw.sides.iter().position(|side| side.id == raw.theatre.beyond_line);
    if beyond_line.is_none() {
        problems.push(Problem::new(at(), format!("theatre.beyond_line: unknown side \"{}\"", raw.theatre.beyond_line)));
    }
    for side in &raw.sides {
        for ally in side.allies.iter().filter(|ally| !raw.sides.iter().any(|s| &&s.id == ally)) {
            let ids: Vec<&str> = raw.sides.iter().map(|s| s.id.as_str()).collect();
            let message =
                format!("side \"{}\": allies: unknown side \"{ally}\" (expected one of {})", side.id, ids.join(", "));
            problems.push(Problem::new(at(), message));
        }
    }
    let large_cell_km2 = raw.large_cell_km2.unwrap_or(DEFAULT_LARGE_CELL_KM2);
    if !(large_cell_km2.is_finite() && large_cell_km2 > 0.0) {
        problems
            .push(Problem::new(at(), format!("large_cell_km2 = {large_cell_km2}: expected a number of km2 above 0")));
    }
    let day_one = raw.day_one.unwrap_or(raw.first_day);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Meta {
        title: raw.title,
        subtitle: raw.subtitle,
        first_day: raw.first_day,
        last_day: raw.last_day,
        day_one,
        day_note: raw.day_note,
        view,
        projection: raw.projection,
        theatre_file: raw.theatre.file,
        beyond_line: beyond_line.unwrap_or(0),
        sides: raw.sides,
        layers: raw.layers,
        method: raw.method.unwrap_or_else(|| DEFAULT_METHOD.to_string()),
        attribution: raw.attribution,
        always_label: raw.always_label,
        large_cell_km2,
    })
}

/// Every text of dataset.toml: no control characters (TOML escapes can write them), within
/// [`crate::limits::MAX_TEXT_CHARS`]. A problem names the line of its key where it is found.
fn check_texts(file: &str, text: &str, raw: &RawMeta, problems: &mut Vec<Problem>) {
    let limit = crate::limits::MAX_TEXT_CHARS;
    let mut texts: Vec<(&str, &str)> = vec![("title", raw.title.as_str()), ("theatre", raw.theatre.file.as_str())];
    texts.extend(raw.subtitle.as_deref().map(|t| ("subtitle", t)));
    texts.extend(raw.day_note.as_deref().map(|t| ("day_note", t)));
    texts.extend(raw.method.as_deref().map(|t| ("method", t)));
    texts.extend(raw.attribution.iter().map(|t| ("attribution", t.as_str())));
    texts.extend(raw.always_label.iter().map(|t| ("always_label", t.as_str())));
    for side in &raw.sides {
        texts.extend([("id", side.id.as_str()), ("name", side.name.as_str())]);
        texts.extend(side.home.as_deref().map(|t| ("home", t)));
        texts.extend(side.allies.iter().map(|t| ("allies", t.as_str())));
    }
    for layer in &raw.layers {
        texts.extend([("file", layer.file.as_str()), ("role", layer.role.as_str())]);
    }
    for (key, value) in texts {
        if let Some(message) = crate::input::check_value(value, key, limit, true) {
            let line = text.lines().position(|line| line.trim_start().starts_with(key)).map(|index| index as u64 + 1);
            let location = match line {
                Some(line) => Location::Line(file.to_string(), line),
                None => Location::File(file.to_string()),
            };
            problems.push(Problem::new(location, message));
        }
    }
}

/// `#rrggbb` to (r, g, b).
pub fn parse_colour(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    text[..offset.min(text.len())].bytes().filter(|b| *b == b'\n').count() as u64 + 1
}

/// The smallest valid dataset.toml: two sides (`az`, `am`), three days. For unit tests.
#[cfg(test)]
pub(crate) const TEST_DATASET_TOML: &str = r##"
title = "Test"
first_day = "2020-09-27"
last_day = "2020-09-29"
view = { west = 45.0, south = 39.0, east = 47.0, north = 40.5 }
projection = { kind = "transverse_mercator", central_meridian = 46.0, latitude_of_origin = 0.0 }
theatre = { file = "theatre.geojson", beyond_line = "az" }
[[sides]]
id = "az"
name = "Azerbaijan"
colour = "#2f7fb6"
[[sides]]
id = "am"
name = "Armenian forces"
colour = "#d9822b"
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_minimal_dataset_toml() {
        let meta = parse("dataset.toml", TEST_DATASET_TOML).unwrap();
        assert_eq!(meta.sides.len(), 2);
        assert_eq!(meta.days().count(), 3);
        assert_eq!(meta.day_number(meta.last_day), 3);
        assert_eq!(meta.beyond_line, 0);
    }

    #[test]
    fn a_bad_colour_names_the_side() {
        let text = TEST_DATASET_TOML.replace("#d9822b", "orange");
        let problems = parse("dataset.toml", &text).unwrap_err();
        assert!(problems[0].message.contains("side \"am\""), "{problems:?}");
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let text = TEST_DATASET_TOML.replace("title = \"Test\"", "title = ");
        let problems = parse("dataset.toml", &text).unwrap_err();
        assert_eq!(problems[0].location, Location::Line("dataset.toml".into(), 2));
    }

    #[test]
    fn views_parse_and_grow_around_a_point() {
        let view = View::parse("45.5, 39.2,47.1,40.3").unwrap();
        assert_eq!((view.west, view.north), (45.5, 40.3));
        assert!(View::parse("45,39,44,40").is_err());
        assert!(View::parse("45,39,47").is_err());
        let around = View::around(46.75, 39.76, 20.0);
        assert!((around.north - around.south - 2.0 * 20.0 / 111.32).abs() < 1e-9);
        assert!(around.east - around.west > around.north - around.south, "longitude degrees are shorter");
    }

    #[test]
    fn every_missing_and_wrong_key_is_listed_at_once() {
        let text = TEST_DATASET_TOML
            .replace("title = \"Test\"\n", "")
            .replace("last_day = \"2020-09-29\"\n", "titel = \"Test\"\n")
            .replace("west = 45.0", "west = \"45\"")
            .replace("colour = \"#2f7fb6\"\n", "");
        let problems = parse("dataset.toml", &text).unwrap_err();
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let expected = [
            "dataset.toml: missing key title: expected a string",
            "dataset.toml: missing key last_day: expected a string",
            "dataset.toml:3: unknown key titel",
            "dataset.toml:4: view.west: expected a number",
            "dataset.toml: missing key sides[0].colour: expected a string",
        ];
        for message in expected {
            assert!(messages.iter().any(|m| m.starts_with(message)), "{message} in {messages:#?}");
        }
        assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    }

    #[test]
    fn large_cell_km2_defaults_and_is_checked() {
        assert_eq!(parse("dataset.toml", TEST_DATASET_TOML).unwrap().large_cell_km2, DEFAULT_LARGE_CELL_KM2);
        let text = TEST_DATASET_TOML.replace("title = \"Test\"", "title = \"Test\"\nlarge_cell_km2 = 900");
        assert_eq!(parse("dataset.toml", &text).unwrap().large_cell_km2, 900.0);
        let text = TEST_DATASET_TOML.replace("title = \"Test\"", "title = \"Test\"\nlarge_cell_km2 = -1");
        assert!(parse("dataset.toml", &text).unwrap_err()[0].message.contains("large_cell_km2"));
    }

    #[test]
    fn colours_parse() {
        assert_eq!(parse_colour("#ff8000"), Some((255, 128, 0)));
        assert_eq!(parse_colour("ff8000"), None);
        assert_eq!(parse_colour("#ff80"), None);
    }
}
