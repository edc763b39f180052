//! The words of the report page. They are the tool's own translated words ([`crate::i18n`]:
//! the `[report]` section of `src/i18n/LANG.toml` and the keys the maps share, such as
//! `legend.*`, `status.*`, `date.*`), resolved for `--lang` with the dataset's own
//! `i18n/LANG.toml` on top, so a dataset can override them like any other. The Rust side writes
//! the page's fixed text with them; the whole table goes into the page for its script.

use chrono::{Datelike, NaiveDate};

use crate::i18n::{DATASET_PREFIX, Words};

/// "Nov", "нояб.": a month on the chart's axis.
pub fn month(words: &Words, day: NaiveDate) -> String {
    words.get(&format!("date.short_{}", day.month())).to_string()
}

/// The table of the tool's words as JSON, safe inside a `<script>` element (`<` only occurs
/// inside JSON strings, where `\u003c` means the same). The dataset's own words stay out: the
/// page's data carries them already translated.
pub fn script_json(words: &Words) -> String {
    let table: std::collections::BTreeMap<&String, &String> =
        words.table().iter().filter(|(key, _)| !key.starts_with(DATASET_PREFIX)).collect();
    serde_json::to_string(&table).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_areas_follow_the_language() {
        let day = NaiveDate::from_ymd_opt(2020, 11, 8).unwrap();
        let (en, ru, hy) = (Words::new("en", None), Words::new("ru", None), Words::new("hy", None));
        assert_eq!(month(&en, day), "Nov");
        assert_eq!(month(&ru, day), "нояб.");
        let area = |words: &Words, value: f64| words.fill("report.area", &[("km2", &words.number(value))]);
        assert_eq!(area(&en, 12345.6), "12,346 km²");
        assert_eq!(area(&ru, 12345.6), "12\u{a0}346 км²");
        assert_eq!(area(&hy, 1234.0), "1234 կմ²");
    }

    #[test]
    fn the_script_gets_the_tools_words_only() {
        let own = crate::i18n::parse_table("[dataset]\ntitle = \"X\"\n[report]\nplay = \"Go\"").unwrap();
        let json = script_json(&Words::new("en", Some(&own)));
        let table: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(table["report.play"], "Go", "a dataset overrides the page's words");
        assert!(table.contains_key("title.day_of_war") && !table.contains_key("dataset.title"));
    }
}
