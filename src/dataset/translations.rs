//! A dataset's own translations: `i18n/LANG.toml` in its folder, one file per language code
//! (BCP 47). Each overrides the tool's words ([`crate::i18n`]) for that language and may add a
//! language the binary does not ship; under `[dataset]` it translates the dataset's own words
//! (`title`, `subtitle`, `method`, `sides.ID`, `countries.NAME`). Keys the file lacks fall back
//! to the shipped file or English (`validate` lists them); an unknown key, a value that is not
//! text or a placeholder English does not have is a problem of the dataset.

use std::collections::BTreeMap;

use super::DataSource;
use crate::error::{Location, Problem, Result};
use crate::i18n::{self, Table};

/// The folder of a dataset's translation files.
pub const FOLDER: &str = "i18n";

/// Read and check every `i18n/*.toml` of the dataset: language code -> its table.
pub(crate) fn read(source: &DataSource, problems: &mut Vec<Problem>) -> Result<BTreeMap<String, Table>> {
    let mut found = BTreeMap::new();
    for name in source.list(FOLDER)? {
        let Some(code) = name.strip_suffix(".toml") else { continue };
        let path = format!("{FOLDER}/{name}");
        let display = source.display_name(&path);
        if crate::input::language_code(code).is_err() {
            let message = format!("file name: expected a language code (BCP 47) before .toml, e.g. {FOLDER}/uk.toml");
            problems.push(Problem::new(Location::File(display), message));
            continue;
        }
        let Some(text) = source.read(&path)? else { continue };
        if let Some(table) = check(&display, &text, problems) {
            found.insert(code.to_string(), table);
        }
    }
    Ok(found)
}

/// One file's table, or its problems (each on the line of its key where it can be found).
fn check(display: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Table> {
    let table = match i18n::parse_table(text) {
        Ok(table) => table,
        Err(message) => {
            problems.push(Problem::new(Location::File(display.to_string()), message));
            return None;
        }
    };
    let differences = i18n::differences(&table);
    let before = problems.len();
    for key in &differences.unknown {
        let message = format!("unknown key \"{key}\" (the keys are those of src/i18n/en.toml, or under [dataset])");
        problems.push(Problem::new(location(display, text, key), message));
    }
    for key in &differences.placeholders {
        let english = i18n::english().get(key).map_or("", String::as_str);
        let expected: Vec<String> = i18n::placeholders(english).iter().map(|p| format!("{{{p}}}")).collect();
        let message = if key.starts_with("date.") {
            "expected {month} and any of {day}, {dd}, {year}, and no other placeholder".to_string()
        } else {
            format!("expected the placeholders {} and no others", expected.join(" "))
        };
        let message = format!("key \"{key}\": {message}");
        problems.push(Problem::new(location(display, text, key), message));
    }
    (problems.len() == before).then_some(table)
}

/// The line where the last part of a key is set (`legend = ...` for `panel.legend`).
fn location(display: &str, text: &str, key: &str) -> Location {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let line = text.lines().position(|line| {
        let line = line.trim_start();
        line.strip_prefix(leaf).is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    match line {
        Some(index) => Location::Line(display.to_string(), index as u64 + 1),
        None => Location::File(display.to_string()),
    }
}

/// `validate`'s warnings: keys a dataset's file lacks for a language the binary does not ship
/// (they show in English).
pub fn gaps(translations: &BTreeMap<String, Table>) -> Vec<String> {
    let mut warnings = Vec::new();
    for (code, table) in translations {
        // A shipped language fills what the file lacks; only the others show English.
        if i18n::is_translated(code, None) {
            continue;
        }
        let missing = i18n::differences(table).missing;
        if !missing.is_empty() {
            warnings.push(format!(
                "{FOLDER}/{code}.toml: {} missing, shown in English: {} (fix: `frontline words {code}` prints every key with its text to translate)",
                crate::english::count(missing.len(), "key", "keys"),
                first_few(&missing)
            ));
        }
    }
    warnings
}

/// The first few of a list, and how many more: a warning stays a line or two.
fn first_few(items: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut text = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// `validate`'s warnings on a file that translates some of the dataset's own words but not
/// all of `expected` (`title`, `sides.ID`, `countries.NAME`, ...): the rest show as written.
pub fn dataset_gaps(translations: &BTreeMap<String, Table>, expected: &[String]) -> Vec<String> {
    let mut warnings = Vec::new();
    for (code, table) in translations {
        let own = |key: &String| table.contains_key(&format!("{}{key}", i18n::DATASET_PREFIX));
        if !expected.iter().any(own) {
            continue;
        }
        let missing: Vec<&str> = expected.iter().filter(|key| !own(key)).map(String::as_str).collect();
        if !missing.is_empty() {
            warnings.push(format!(
                "{FOLDER}/{code}.toml: [dataset] lacks {}, shown as the dataset writes them (fix: add them; `frontline words {code} --data DIR` lists every one)",
                missing.join(", ")
            ));
        }
    }
    warnings
}

/// `validate`'s warnings on translated texts (event titles, credit lines): for each file that
/// translates any of the dataset's own words, the texts it leaves untranslated, and keys that
/// match no text (the English was edited since, so the translation no longer shows).
pub fn text_gaps(translations: &BTreeMap<String, Table>, titles: &[&str], credits: &[&str]) -> Vec<String> {
    let mut warnings = Vec::new();
    for (code, table) in translations {
        if !table.keys().any(|key| key.starts_with(i18n::DATASET_PREFIX)) {
            continue;
        }
        for (section, texts, what) in
            [(i18n::EVENT_TITLES, titles, "event titles"), (i18n::ATTRIBUTION, credits, "credit lines")]
        {
            let prefix = format!("{}{section}.", i18n::DATASET_PREFIX);
            let keys: Vec<&str> = table.keys().filter_map(|key| key.strip_prefix(prefix.as_str())).collect();
            let wanted: std::collections::BTreeSet<&str> = texts.iter().copied().collect();
            let missing = wanted.iter().filter(|text| !keys.contains(text)).count();
            if missing > 0 {
                let example = wanted.iter().find(|text| !keys.contains(text)).copied().unwrap_or_default();
                warnings.push(format!(
                    "{FOLDER}/{code}.toml: {missing} of {} {what} not translated, shown as written, e.g. \"{example}\" (fix: add it under [dataset.{section}])",
                    wanted.len()
                ));
            }
            let stale: Vec<&str> = keys.iter().filter(|key| !wanted.contains(*key)).copied().collect();
            if let Some(first) = stale.first() {
                let keys = crate::english::count(stale.len(), "key", "keys");
                let verb = if stale.len() == 1 { "matches" } else { "match" };
                warnings.push(format!(
                    "{FOLDER}/{code}.toml: {keys} of [dataset.{section}] {verb} none of the dataset's {what}, e.g. \"{first}\" (fix: key each by the English text exactly as the dataset writes it)"
                ));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_and_a_wrong_placeholder_are_problems_on_their_lines() {
        let text = "[panel]\nlegnd = \"Key\"\nmore_events = \"+ {count}\"\n";
        let mut problems = Vec::new();
        assert!(check("i18n/ka.toml", text, &mut problems).is_none());
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].location, Location::Line("i18n/ka.toml".into(), 2));
        assert!(problems[0].message.contains("panel.legnd"));
        assert_eq!(problems[1].location, Location::Line("i18n/ka.toml".into(), 3));
        assert!(problems[1].message.contains("{date} {n}"), "{}", problems[1].message);
    }

    #[test]
    fn a_partial_file_of_an_unshipped_language_has_its_gaps_listed() {
        let mut problems = Vec::new();
        let table = check("i18n/ka.toml", "[panel]\nlegend = \"ლეგენდა\"\n", &mut problems).unwrap();
        let warnings = gaps(&BTreeMap::from([("ka".to_string(), table)]));
        assert_eq!(warnings.len(), 1);
        let (shown, rest) = (8, i18n::english().len() - 1 - 8);
        assert!(warnings[0].contains("chart.axis") && !warnings[0].contains("panel.legend"), "{}", warnings[0]);
        assert!(warnings[0].contains(&format!("and {rest} more")), "{shown} shown: {}", warnings[0]);
        // A shipped language's file may hold only the dataset's words: nothing is missing.
        let table = check("i18n/ru.toml", "[dataset]\ntitle = \"Война\"\n", &mut problems).unwrap();
        assert!(gaps(&BTreeMap::from([("ru".to_string(), table)])).is_empty());
    }

    #[test]
    fn untranslated_and_stale_event_titles_are_listed() {
        let mut problems = Vec::new();
        let text = "[dataset.event_titles]\n\"Kyiv shelled\" = \"Київ обстріляно\"\n\"Old title\" = \"Стара назва\"\n";
        let table = check("i18n/uk.toml", text, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let translations = BTreeMap::from([("uk".to_string(), table)]);
        let warnings = text_gaps(&translations, &["Kyiv shelled", "Izium retaken", "Kyiv shelled"], &["Borders: X."]);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].contains("1 of 2 event titles") && warnings[0].contains("Izium retaken"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].contains("1 key of [dataset.event_titles] matches none") && warnings[1].contains("Old title"),
            "{}",
            warnings[1]
        );
        // The file translates some of the dataset's words: its untranslated credit lines too.
        assert!(warnings.iter().any(|w| w.contains("1 of 1 credit lines")), "{warnings:?}");
        // A file of the tool's words alone is not asked for the dataset's.
        let table = check("i18n/uk.toml", "[panel]\nlegend = \"Легенда\"\n", &mut problems).unwrap();
        assert!(
            text_gaps(&BTreeMap::from([("uk".to_string(), table)]), &["Kyiv shelled"], &["Borders: X."]).is_empty()
        );
    }
}
