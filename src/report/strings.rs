//! The words of the report page: one table (`strings.en.json`), used by the Rust side for the
//! page's fixed text and embedded whole in the page for its script, so that a translation is
//! one more table of the same keys. Placeholders are `{name}`.

use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

const ENGLISH: &str = include_str!("strings.en.json");

/// A table of the page's words.
#[derive(Debug, Clone)]
pub struct Strings {
    table: Map<String, Value>,
}

impl Strings {
    pub fn english() -> Strings {
        // A file of the source tree, checked by a unit test: it is always a JSON object.
        let table = serde_json::from_str(ENGLISH).unwrap_or_default();
        Strings { table }
    }

    /// The text of `key`, or the key itself where the table has none (seen, never a panic).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).and_then(Value::as_str).unwrap_or(key)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The `index`th entry (0-based) of a list such as `months`.
    fn nth(&self, key: &str, index: usize) -> String {
        let entry = self.table.get(key).and_then(Value::as_array).and_then(|list| list.get(index));
        entry.and_then(Value::as_str).unwrap_or("?").to_string()
    }

    /// "8 November 2020".
    pub fn long_date(&self, day: NaiveDate) -> String {
        let (d, y) = (day.day().to_string(), day.year().to_string());
        let month = self.nth("months", day.month0() as usize);
        self.fill("date_long", &[("d", &d), ("month", &month), ("y", &y)])
    }

    /// "8 Nov".
    pub fn short_date(&self, day: NaiveDate) -> String {
        let mon = self.nth("months_short", day.month0() as usize);
        self.fill("date_short", &[("d", &day.day().to_string()), ("mon", &mon)])
    }

    /// "Nov".
    pub fn month(&self, day: NaiveDate) -> String {
        self.nth("months_short", day.month0() as usize)
    }

    /// The whole table as JSON, safe inside a `<script>` element.
    pub fn script_json(&self) -> String {
        serde_json::to_string(&self.table).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_table_is_a_json_object_with_twelve_months() {
        let table: Map<String, Value> = serde_json::from_str(ENGLISH).unwrap();
        assert_eq!(table["months"].as_array().unwrap().len(), 12);
        assert_eq!(table["months_short"].as_array().unwrap().len(), 12);
    }

    #[test]
    fn dates_and_placeholders_are_filled() {
        let strings = Strings::english();
        let day = NaiveDate::from_ymd_opt(2020, 11, 8).unwrap();
        assert_eq!(strings.long_date(day), "8 November 2020");
        assert_eq!(strings.short_date(day), "8 Nov");
        assert_eq!(strings.fill("day_of_war", &[("n", "43")]), "Day 43 of the war");
        assert_eq!(strings.get("no-such-key"), "no-such-key");
    }
}
