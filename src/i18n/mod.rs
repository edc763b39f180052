//! The tool's own words (title pieces, legend, panel, credits, chart labels) and the date and
//! number formats, in every language the binary ships: one TOML file per language
//! (`src/i18n/LANG.toml`, embedded), flattened to a table of `section.key` -> text with
//! `{placeholders}`. English (`en.toml`) is the reference: every other file has the same keys
//! and placeholders (tested), and a key missing from a dataset's own file falls back to it.
//!
//! A dataset may ship `i18n/LANG.toml` in its folder ([`crate::dataset`] reads and checks it):
//! it overrides any of these keys for that language, adds a language the binary does not ship,
//! and under `[dataset]` translates the dataset's own words (title, subtitle, method, side
//! names by id, country names by their English name).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

/// A language's words: `section.key` -> text.
pub type Table = BTreeMap<String, String>;

/// The languages the binary ships, with their files.
const SHIPPED: [(&str, &str); 5] = [
    ("en", include_str!("en.toml")),
    ("az", include_str!("az.toml")),
    ("hy", include_str!("hy.toml")),
    ("ru", include_str!("ru.toml")),
    ("uk", include_str!("uk.toml")),
];

/// Keys under this prefix are a dataset's own words, not the tool's: free, never "unknown".
pub const DATASET_PREFIX: &str = "dataset.";
/// The table of a dataset's file that translates event titles, keyed by the English title.
pub const EVENT_TITLES: &str = "event_titles";
/// The table of a dataset's file that translates credit lines, keyed by the English line.
pub const ATTRIBUTION: &str = "attribution";

/// The codes of the shipped languages.
pub fn shipped_languages() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(code, _)| *code)
}

/// The shipped file of `lang`, parsed once.
pub fn shipped(lang: &str) -> Option<&'static Table> {
    static TABLES: OnceLock<BTreeMap<&'static str, Table>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        // The shipped files are tested to parse; an unparsable one would show English.
        SHIPPED.iter().map(|(code, text)| (*code, parse_table(text).unwrap_or_default())).collect()
    });
    tables.get(lang)
}

/// The English table: every key there is.
pub fn english() -> &'static Table {
    shipped("en").expect("en.toml is shipped")
}

/// A TOML text flattened to `section.key` -> text. Values must be strings (or tables of them).
pub fn parse_table(text: &str) -> Result<Table, String> {
    let value: toml::Table = text.parse().map_err(|err: toml::de::Error| err.message().to_string())?;
    let mut table = Table::new();
    flatten("", &value, &mut table)?;
    Ok(table)
}

fn flatten(prefix: &str, value: &toml::Table, out: &mut Table) -> Result<(), String> {
    for (key, value) in value {
        let path = format!("{prefix}{key}");
        match value {
            toml::Value::String(text) => {
                out.insert(path, text.clone());
            }
            toml::Value::Table(inner) => flatten(&format!("{path}."), inner, out)?,
            _ => return Err(format!("key \"{path}\": expected a string (text in quotes)")),
        }
    }
    Ok(())
}

/// The `{names}` a text uses.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                found.insert(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    found
}

/// How a language's table differs from English (keys under `dataset.` are not compared).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Differences {
    /// English keys the table lacks (English shows instead).
    pub missing: Vec<String>,
    /// Keys English does not have (a typo, or a key of another version).
    pub unknown: Vec<String>,
    /// Keys whose `{placeholders}` are not English's.
    pub placeholders: Vec<String>,
}

/// Compare a table with English.
pub fn differences(table: &Table) -> Differences {
    let english = english();
    let own = |key: &&String| !key.starts_with(DATASET_PREFIX);
    Differences {
        missing: english.keys().filter(|key| !table.contains_key(*key)).cloned().collect(),
        unknown: table.keys().filter(own).filter(|key| !english.contains_key(*key)).cloned().collect(),
        placeholders: table
            .iter()
            .filter(|(key, text)| english.get(*key).is_some_and(|en| !same_placeholders(key, en, text)))
            .map(|(key, _)| key.clone())
            .collect(),
    }
}

/// The fields a date pattern may use in any order and choice: 8, 08, the month, 2020.
pub const DATE_FIELDS: [&str; 4] = ["day", "dd", "month", "year"];

/// Does a translation use the placeholders English does? A date pattern may choose among
/// [`DATE_FIELDS`] (Armenian writes "08", {dd}, where English writes "8", {day}).
fn same_placeholders(key: &str, english: &str, text: &str) -> bool {
    let used = placeholders(text);
    if key.starts_with("date.") && !placeholders(english).is_empty() {
        used.contains("month") && used.iter().all(|p| DATE_FIELDS.contains(p))
    } else {
        placeholders(english) == used
    }
}

/// The languages a `--lang` value names, in order: `uk` or a chain `os,ru` (names in Ossetian,
/// else Russian). Each code is followed by its shorter forms (`sr-Latn-RS`, `sr-Latn`, `sr`),
/// so a regional code finds the names of its language.
pub fn chain(lang: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for code in lang.split(',').map(str::trim).filter(|code| !code.is_empty()) {
        let mut end = code.len();
        loop {
            let form = &code[..end];
            if !out.contains(&form) {
                out.push(form);
            }
            match form.rfind('-') {
                Some(dash) => end = dash,
                None => break,
            }
        }
    }
    out
}

/// The first language of a `--lang` value: the language a map declares (`lang` of the report).
pub fn first(lang: &str) -> &str {
    chain(lang).first().copied().unwrap_or("en")
}

/// The shipped language a code falls back to: itself, or its primary subtag (`ru-RU` -> `ru`).
fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

/// The strings of a language as one map, for a front end (the report) or JSON: English, then
/// the shipped file of the language (or of its primary subtag), then `own`, the dataset's
/// file of that language (see [`crate::dataset::Dataset::translations`]).
pub fn table(lang: &str, own: Option<&Table>) -> Table {
    let mut table = english().clone();
    if let Some(shipped) = shipped(lang).or_else(|| shipped(primary(lang))) {
        table.extend(shipped.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if let Some(own) = own {
        table.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    table
}

/// Is there a translation of the tool's words for `lang` (shipped or the dataset's own)?
pub fn is_translated(lang: &str, own: Option<&Table>) -> bool {
    lang == "en" || shipped(lang).or_else(|| shipped(primary(lang))).is_some() || own.is_some()
}

/// The words of one language, resolved: what the scene and the chart write with.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    pub lang: String,
    table: Table,
}

impl Default for Words {
    fn default() -> Self {
        Words { lang: "en".into(), table: english().clone() }
    }
}

impl Words {
    /// The words of `lang`, with the dataset's own file of that language when it has one.
    pub fn new(lang: &str, own: Option<&Table>) -> Words {
        Words { lang: lang.to_string(), table: table(lang, own) }
    }

    /// The same words, for a `--lang` chain whose place names come from `chain`.
    pub fn for_chain(self, chain: &str) -> Words {
        Words { lang: chain.to_string(), ..self }
    }

    /// Every string of the language as one map (`section.key` -> text, the dataset's own words
    /// under `dataset.`): what a front end such as the report needs; serialises to JSON.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The text of a key (the key itself if unknown, which a test rules out).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// The text of a key with its placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self.get(key).to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// One of the dataset's own words in this language (`dataset.KEY`), else `default`.
    pub fn dataset<'a>(&'a self, key: &str, default: &'a str) -> &'a str {
        self.table.get(&format!("{DATASET_PREFIX}{key}")).map_or(default, String::as_str)
    }

    /// A side's name: `dataset.sides.ID`, else the name in dataset.toml.
    pub fn side<'a>(&'a self, side: &'a crate::dataset::Side) -> &'a str {
        self.dataset(&format!("sides.{}", side.id), &side.name)
    }

    /// An event's title: `dataset.event_titles."TITLE"` (keyed by the title as events.csv has
    /// it), else the title itself.
    pub fn event_title<'a>(&'a self, title: &'a str) -> &'a str {
        self.dataset(&format!("{EVENT_TITLES}.{title}"), title)
    }

    /// A credit line: `dataset.attribution."LINE"` (keyed by the line as dataset.toml or
    /// relief.json words it), else the line itself.
    pub fn credit<'a>(&'a self, line: &'a str) -> &'a str {
        self.dataset(&format!("{ATTRIBUTION}.{line}"), line)
    }

    /// A country's name: `dataset.countries.NAME`, else its name in the countries layer.
    pub fn country<'a>(&'a self, name: &'a str) -> &'a str {
        self.dataset(&format!("countries.{name}"), name)
    }

    /// "8 November 2020", "8 ноября 2020 г.".
    pub fn long_date(&self, day: NaiveDate) -> String {
        self.date("date.long", "date.month_", day)
    }

    /// "8 Nov", "8 нояб.": a tick of a date axis.
    pub fn short_date(&self, day: NaiveDate) -> String {
        self.date("date.short", "date.short_", day)
    }

    fn date(&self, pattern: &str, months: &str, day: NaiveDate) -> String {
        let month = self.get(&format!("{months}{}", day.month())).to_string();
        let (d, dd, year) = (day.day().to_string(), format!("{:02}", day.day()), day.year().to_string());
        self.fill(pattern, &[("day", &d), ("dd", &dd), ("month", &month), ("year", &year)])
    }

    /// A whole number with its digits grouped: "12,346", "12 346" (no-break space). Halves
    /// round away from zero, as the report's script rounds them (`format!` would round them
    /// to even), so that one figure reads the same everywhere.
    pub fn number(&self, value: f64) -> String {
        let min_grouping: usize = self.get("number.min_grouping").parse().unwrap_or(1);
        let digits = format!("{:.0}", value.abs().round());
        let separator = self.get("number.group");
        let mut out = String::new();
        let grouped = digits.len() >= 3 + min_grouping;
        for (i, c) in digits.chars().enumerate() {
            if grouped && i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(c);
        }
        if value.round() < 0.0 { format!("-{out}") } else { out }
    }

    /// A change: "+120", "-1,604".
    pub fn signed(&self, value: f64) -> String {
        let number = self.number(value);
        if value > 0.0 { format!("+{number}") } else { number }
    }

    /// The word of an event's status.
    pub fn status(&self, status: crate::dataset::Status) -> &str {
        self.get(match status {
            crate::dataset::Status::Claimed => "status.claimed",
            crate::dataset::Status::Confirmed => "status.confirmed",
            crate::dataset::Status::Contested => "status.contested",
        })
    }
}

#[cfg(test)]
mod tests;
