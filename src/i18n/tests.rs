//! The shipped files against English, and the formats against CLDR's published examples.

use super::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn every_shipped_file_parses_and_has_exactly_the_keys_and_placeholders_of_english() {
    for (code, text) in SHIPPED {
        let table = parse_table(text).unwrap_or_else(|err| panic!("{code}.toml: {err}"));
        assert_eq!(differences(&table), Differences::default(), "{code}.toml differs from en.toml");
    }
}

#[test]
fn every_month_has_a_name_and_every_placeholder_a_value() {
    for code in shipped_languages() {
        let words = Words::new(code, None);
        for month in 1..=12 {
            let day = NaiveDate::from_ymd_opt(2020, month, 8).unwrap();
            for text in [words.long_date(day), words.short_date(day)] {
                assert!(!text.contains('{') && !text.contains("date."), "{code}: {text}");
            }
        }
    }
}

#[test]
fn dates_follow_cldr() {
    let day = date("2020-11-08");
    let long = |lang: &str| Words::new(lang, None).long_date(day);
    assert_eq!(long("en"), "8 November 2020");
    assert_eq!(long("ru"), "8 ноября 2020\u{202f}г.");
    assert_eq!(long("uk"), "8 листопада 2020\u{202f}р.");
    assert_eq!(long("hy"), "08 նոյեմբերի, 2020\u{a0}թ.");
    assert_eq!(long("az"), "8 noyabr 2020");
    assert_eq!(Words::new("ru", None).short_date(day), "8 нояб.");
    assert_eq!(Words::new("en", None).short_date(date("2020-10-01")), "1 Oct");
}

#[test]
fn numbers_follow_cldr() {
    let number = |lang: &str, value: f64| Words::new(lang, None).number(value);
    assert_eq!(number("en", 1234567.4), "1,234,567");
    assert_eq!(number("ru", 1234.0), "1\u{a0}234");
    assert_eq!(number("uk", -12345.0), "-12\u{a0}345");
    assert_eq!(number("az", 1234567.0), "1.234.567");
    // Armenian groups only from five digits on (CLDR minimumGroupingDigits 2).
    assert_eq!(number("hy", 1234.0), "1234");
    assert_eq!(number("hy", 12345.0), "12\u{a0}345");
    assert_eq!(number("en", 12.0), "12");
    assert_eq!(Words::new("en", None).signed(120.0), "+120");
    assert_eq!(Words::new("en", None).signed(-1604.0), "-1,604");
}

#[test]
fn a_region_falls_back_to_its_language_and_an_unknown_language_to_english() {
    assert_eq!(Words::new("ru-RU", None).get("panel.legend"), "Условные обозначения");
    assert_eq!(Words::new("ka", None).get("panel.legend"), "Legend");
    assert!(is_translated("ru-RU", None));
    assert!(!is_translated("ka", None));
}

#[test]
fn a_dataset_file_overrides_and_adds_its_own_words() {
    let own = parse_table("[panel]\nlegend = \"Key\"\n[dataset.sides]\naz = \"Azərbaycan\"\n").unwrap();
    let words = Words::new("en", Some(&own));
    assert_eq!(words.get("panel.legend"), "Key");
    assert_eq!(words.get("panel.events"), "Events of the day");
    assert_eq!(words.dataset("sides.az", "Azerbaijan"), "Azərbaycan");
    assert_eq!(words.dataset("sides.am", "Armenian forces"), "Armenian forces");
    let diff = differences(&own);
    assert!(diff.missing.contains(&"panel.events".to_string()));
    assert!(diff.unknown.is_empty() && diff.placeholders.is_empty());
}

#[test]
fn differences_name_unknown_keys_and_changed_placeholders() {
    let table = parse_table("[panel]\nlegnd = \"x\"\nmore_events = \"+ {count} more\"\n").unwrap();
    let diff = differences(&table);
    assert_eq!(diff.unknown, vec!["panel.legnd".to_string()]);
    assert_eq!(diff.placeholders, vec!["panel.more_events".to_string()]);
}

#[test]
fn values_must_be_text() {
    assert!(parse_table("[number]\nmin_grouping = 2\n").unwrap_err().contains("number.min_grouping"));
    assert!(parse_table("[panel\n").is_err());
}

#[test]
fn the_table_of_a_language_serialises_to_json_for_a_front_end() {
    let json = serde_json::to_value(table("hy", None)).unwrap();
    assert_eq!(json["panel"], serde_json::Value::Null, "flat keys, not nested");
    assert_eq!(json["panel.legend"], "Պայմանական նշաններ");
}
