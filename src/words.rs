//! `frontline words LANG`: a complete translation file to start a dataset's `i18n/LANG.toml`
//! from, since users of the binary have no src/i18n/en.toml to copy.
//!
//! Every key of the tool's words, in en.toml's order and with its comments, valued from the
//! dataset's own file for LANG, else the shipped translation, else English marked
//! `# TODO translate`; then the dataset's own words (`[dataset]`: title, subtitle, method,
//! sides, countries, attribution, event titles) as commented lines to translate, taken from
//! the dataset when one is given, else as a template. The output parses back as a valid file.

use crate::dataset::Dataset;
use crate::i18n::{self, Table};

/// The mark of a value left in English.
pub const TODO: &str = "# TODO translate";

/// The whole file for `lang`, with `dataset`'s own words when one is given.
pub fn file(lang: &str, dataset: Option<&Dataset>) -> String {
    let own = dataset.and_then(|dataset| dataset.translations.get(lang));
    let shipped = i18n::shipped(lang).or_else(|| i18n::shipped(lang.split('-').next().unwrap_or(lang)));
    let mut out = format!(
        "# The words of frontline {} in \"{lang}\", for a dataset's i18n/{lang}.toml. Keys marked\n\
         # \"{TODO}\" are still in English: translate them, keeping every {{placeholder}}.\n\
         # Keys left out fall back to English (validate lists them).\n\n",
        env!("CARGO_PKG_VERSION")
    );
    let translated = |key: &str| own.and_then(|t| t.get(key)).or_else(|| shipped.and_then(|t| t.get(key)));
    for line in tool_lines(&translated) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&dataset_section(dataset, own));
    out
}

/// en.toml line by line, past its own header comment: comments and section headers as they
/// are, each `key = value` with its translation (or English and the TODO mark).
fn tool_lines<'a>(translated: &dyn Fn(&str) -> Option<&'a String>) -> Vec<String> {
    let english = i18n::english();
    let mut section = String::new();
    let mut lines = Vec::new();
    let body = include_str!("i18n/en.toml").lines().skip_while(|line| !line.starts_with('['));
    for line in body {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            section = name.to_string();
            lines.push(line.to_string());
            continue;
        }
        let Some((key, _)) = trimmed.split_once('=').filter(|_| !trimmed.starts_with('#')) else {
            lines.push(line.to_string());
            continue;
        };
        let path = format!("{section}.{}", key.trim());
        let english_text = english.get(&path).map_or("", String::as_str);
        lines.push(match translated(&path) {
            Some(text) => format!("{} = {}", key.trim(), quoted(text)),
            None => format!("{} = {}  {TODO}", key.trim(), quoted(english_text)),
        });
    }
    lines
}

/// The `[dataset]` tables: what a dataset's file translates of its own words. Entries the
/// dataset's file already translates are set; the others are commented out with their English.
fn dataset_section(dataset: Option<&Dataset>, own: Option<&Table>) -> String {
    let mut out = String::from(
        "# The dataset's own words: uncomment what you translate. Sides are keyed by their id,\n\
         # countries by their name in the countries layer, attribution lines and event titles by\n\
         # their English text exactly as dataset.toml and events.csv write it.\n",
    );
    for (table, comment, entries) in dataset_entries(dataset) {
        let path = |key: &str| match table {
            "" => format!("{}{key}", i18n::DATASET_PREFIX),
            table => format!("{}{table}.{key}", i18n::DATASET_PREFIX),
        };
        let done: Vec<Option<&String>> = entries.iter().map(|(key, _)| own.and_then(|t| t.get(&path(key)))).collect();
        let header = if table.is_empty() { "[dataset]".to_string() } else { format!("[dataset.{table}]") };
        let mark = if done.iter().any(Option::is_some) { "" } else { "# " };
        out.push_str(&format!("\n# {comment}\n{mark}{header}\n"));
        for ((key, english), done) in entries.iter().zip(done) {
            match done {
                Some(text) => out.push_str(&format!("{} = {}\n", toml_key(key), quoted(text))),
                None => out.push_str(&format!("# {} = {}  {TODO}\n", toml_key(key), quoted(english))),
            }
        }
    }
    out
}

/// Each `[dataset]` table: its name under `dataset.`, a comment, and its (key, English text).
type Entries = Vec<(String, String)>;

fn dataset_entries(dataset: Option<&Dataset>) -> Vec<(&'static str, &'static str, Entries)> {
    let Some(dataset) = dataset else { return template_entries() };
    let meta = &dataset.meta;
    let pair = |key: &str, text: &str| (key.to_string(), text.to_string());
    let mut main = vec![pair("title", &meta.title)];
    main.extend(meta.subtitle.as_deref().map(|subtitle| pair("subtitle", subtitle)));
    main.push(pair("method", &meta.method));
    let sides = meta.sides.iter().map(|side| pair(&side.id, &side.name)).collect();
    let mut countries: Vec<&str> = dataset.countries().filter_map(|c| c.name.as_deref()).collect();
    countries.sort_unstable();
    countries.dedup();
    let mut credits: Vec<&str> = meta.attribution.iter().map(String::as_str).collect();
    credits.extend(dataset.relief.as_ref().map(|relief| relief.source.as_str()));
    let mut titles: Vec<&str> = Vec::new();
    for event in &dataset.events {
        if !titles.contains(&event.title.as_str()) {
            titles.push(&event.title);
        }
    }
    let same = |texts: Vec<&str>| texts.into_iter().map(|text| pair(text, text)).collect();
    vec![
        ("", "Title, subtitle and method of dataset.toml.", main),
        ("sides", "Side names, by id.", sides),
        ("countries", "Country names, by their name in the countries layer.", same(countries)),
        (i18n::ATTRIBUTION, "Credit lines, by their English text.", same(credits)),
        (i18n::EVENT_TITLES, "Event titles, by their English text.", same(titles)),
    ]
}

/// Without a dataset: one example entry of each table.
fn template_entries() -> Vec<(&'static str, &'static str, Entries)> {
    let one = |key: &str, text: &str| vec![(key.to_string(), text.to_string())];
    let main = vec![
        ("title".to_string(), "The title of dataset.toml".to_string()),
        ("subtitle".to_string(), "Its subtitle".to_string()),
        ("method".to_string(), "Its method".to_string()),
    ];
    vec![
        ("", "Title, subtitle and method of dataset.toml.", main),
        ("sides", "Side names, by id.", one("side-id", "Name of the side")),
        ("countries", "Country names, by their name in the countries layer.", one("Country", "Country")),
        (i18n::ATTRIBUTION, "Credit lines, by their English text.", one("A credit line.", "A credit line.")),
        (i18n::EVENT_TITLES, "Event titles, by their English text.", one("An event title", "An event title")),
    ]
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, else quoted (event titles, names with spaces).
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { key.to_string() } else { quoted(key) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unshipped_language_gets_every_key_in_english_marked_to_translate() {
        let text = file("ka", None);
        let table = i18n::parse_table(&text).unwrap();
        assert_eq!(i18n::differences(&table), i18n::Differences::default());
        assert_eq!(table.get("panel.legend").map(String::as_str), Some("Legend"));
        let todo = text.lines().filter(|line| line.ends_with(TODO) && !line.starts_with('#')).count();
        assert_eq!(todo, i18n::english().len());
        assert!(text.contains("# [dataset.event_titles]\n# \"An event title\" = \"An event title\""), "{text}");
    }

    #[test]
    fn a_shipped_language_has_its_translation_and_no_mark() {
        let text = file("ru", None);
        let table = i18n::parse_table(&text).unwrap();
        assert_eq!(&table, i18n::shipped("ru").unwrap());
        assert!(!text.lines().any(|line| line.ends_with(TODO) && !line.starts_with('#')));
    }

    #[test]
    fn the_dataset_section_lists_the_datasets_words_and_keeps_its_translations() {
        let dataset = Dataset::embedded().unwrap();
        let text = file("ru", Some(&dataset));
        let table = i18n::parse_table(&text).unwrap();
        assert_eq!(table.get("dataset.sides.az").map(String::as_str), Some("Азербайджан"));
        // The default dataset translates its event titles into Russian: they are kept.
        let title = &dataset.events[0].title;
        let key = format!("dataset.event_titles.{title}");
        assert_eq!(table.get(&key), dataset.translations["ru"].get(&key));
        // Untranslated texts are commented out with their English, under a commented header.
        let text = file("ka", Some(&dataset));
        assert!(text.contains(&format!("# [dataset.event_titles]\n# {} = ", toml_key(title))), "{text}");
        let table = i18n::parse_table(&text).unwrap();
        assert!(!table.keys().any(|key| key.starts_with("dataset.event_titles.")));
    }

    #[test]
    fn keys_and_values_are_quoted_when_they_must_be() {
        assert_eq!(toml_key("ua"), "ua");
        assert_eq!(toml_key("South Ossetia"), "\"South Ossetia\"");
        assert_eq!(quoted("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
    }
}
