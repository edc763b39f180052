//! The map in other languages: the map of 8 November in hy, ru, az and uk has none of the
//! tool's English words, its text fits the panel, the strip and the page, and the binary says
//! when a language's words are not translated.

mod common;

use std::sync::OnceLock;

use common::{assert_fails, frontline, stderr};
use frontline::Atlas;
use frontline::dataset::Dataset;
use frontline::scene::{Anchor, Item, Rect, SceneOptions, Text};

const LANGUAGES: [&str; 4] = ["hy", "ru", "az", "uk"];
const DAY: &str = "2020-11-08";

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::new(Dataset::embedded().expect("the embedded dataset loads")))
}

/// The texts of `<text>` elements of an SVG, unescaped, with their links' markup removed.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for part in svg.split("<text").skip(1) {
        let Some(start) = part.find('>') else { continue };
        let Some(end) = part.find("</text>") else { continue };
        let mut inner = part[start + 1..end].to_string();
        while let (Some(open), Some(close)) = (inner.find('<'), inner.find('>')) {
            if close < open {
                break;
            }
            inner.replace_range(open..=close, "");
        }
        let unescaped = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        texts.push(unescaped);
    }
    texts
}

/// The English fragments of the tool's words that must not show in another language: the text
/// between placeholders, where it has a word of 3 or more letters and is not also in that
/// language's own text for the key (a command such as `frontline events --date` is).
fn english_fragments(lang: &str) -> Vec<String> {
    let english = frontline::i18n::english();
    let translated = frontline::i18n::table(lang, None);
    let mut fragments = Vec::new();
    for (key, text) in english {
        let own = &translated[key];
        for piece in text.split(['{', '}']).step_by(2) {
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            let has_word = piece.split(|c: char| !c.is_alphabetic()).any(|word| word.chars().count() >= 3);
            if has_word && !own.contains(piece) {
                fragments.push(piece.to_string());
            }
        }
    }
    fragments
}

/// Whether `text` has `fragment` as whole words (not inside a longer word).
fn has_words(text: &str, fragment: &str) -> bool {
    text.match_indices(fragment).any(|(at, _)| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + fragment.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// The SVG's words minus the dataset's own English data of the day (event titles, sources and
/// attribution lines, English place names where a language has none): what the tool wrote.
fn tool_words(svg: &str) -> String {
    let dataset = &atlas().dataset;
    let mut all = svg_texts(svg).join(" ");
    for event in dataset.events.iter().filter(|e| e.day.to_string() == DAY) {
        all = all.replace(&event.title, " ");
        for source in &event.sources {
            all = all.replace(&source.publisher, " ");
        }
    }
    for line in &dataset.meta.attribution {
        all = all.replace(line.as_str(), " ");
    }
    all
}

#[test]
fn the_map_of_8_november_has_none_of_the_tools_english_words_in_hy_ru_az_uk() {
    let dir = tempfile::tempdir().unwrap();
    for lang in LANGUAGES {
        let out = dir.path().join(lang);
        let run = frontline(
            &["render", "--date", DAY, "--lang", lang, "--format", "svg", "--out", out.to_str().unwrap()],
            dir.path(),
        );
        assert!(run.status.success(), "{lang}: {}", stderr(&run));
        assert!(!stderr(&run).contains("not translated"), "{lang}: {}", stderr(&run));
        let svg = std::fs::read_to_string(out.join(format!("frontline-{DAY}.svg"))).unwrap();
        let words = tool_words(&svg);
        let found: Vec<String> = english_fragments(lang).into_iter().filter(|f| has_words(&words, f)).collect();
        assert!(found.is_empty(), "{lang}: English words on the map: {found:?}");
        // The dataset's own words come from geodata/i18n/LANG.toml: its title, sides, the
        // day's event titles and the credit lines too.
        let texts = svg_texts(&svg).join(" ");
        for english in ["Nagorno-Karabakh war", "Armenian forces", "Held by", "Legend", "November"] {
            assert!(!texts.contains(english), "{lang}: {english}");
        }
        let dataset = &atlas().dataset;
        let words = dataset.words(lang);
        for event in dataset.events.iter().filter(|e| e.day.to_string() == DAY) {
            assert!(!texts.contains(&event.title), "{lang}: the English title {:?}", event.title);
            let title = words.event_title(&event.title);
            assert!(title != event.title && texts.contains(title), "{lang}: {title:?} is not on the map");
        }
        for line in &dataset.meta.attribution {
            assert!(!texts.contains(line.as_str()), "{lang}: the English credit {line:?}");
        }
    }
    // The check finds the words where they are: the English map has them all over.
    let run = frontline(&["render", "--date", DAY, "--format", "svg", "--out", "en"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let svg = std::fs::read_to_string(dir.path().join(format!("en/frontline-{DAY}.svg"))).unwrap();
    let words = tool_words(&svg);
    let found = english_fragments("ru").into_iter().filter(|f| has_words(&words, f)).count();
    assert!(found > 20, "only {found} English fragments found on the English map");
}

/// Every text of a list of items.
fn texts(items: &[Item], out: &mut Vec<Text>) {
    for item in items {
        match item {
            Item::Text(text) => out.push(text.clone()),
            Item::Clipped { items, .. } => texts(items, out),
            _ => {}
        }
    }
}

/// The horizontal extent of a text, from the embedded font's widths.
fn extent(text: &Text) -> (f32, f32) {
    let width = frontline::fonts::text_width(&text.text, text.size, text.bold);
    match text.anchor {
        Anchor::Start => (text.x, text.x + width),
        Anchor::Middle => (text.x - width / 2.0, text.x + width / 2.0),
        Anchor::End => (text.x - width, text.x),
    }
}

fn assert_inside(texts: &[Text], area: Rect, what: &str) {
    for text in texts {
        let (left, right) = extent(text);
        let inside = left >= area.x - 0.5 && right <= area.right() + 0.5 && text.y <= area.bottom() + 0.5;
        assert!(inside, "{what}: {:?} ({left:.0}..{right:.0}) leaves {area:?}", text.text);
    }
}

/// The poster at 1600x1100 and the compact page at 800x550, with the optional layers on: the
/// panel's and the strip's texts stay inside them (longer words wrap or are cut with "…"),
/// the credits inside the page.
#[test]
fn the_text_of_8_november_fits_the_panel_and_the_strip_in_every_language() {
    let atlas = atlas();
    let day = DAY.parse().unwrap();
    for lang in LANGUAGES {
        for (width, height) in [(1600, 1100), (800, 550)] {
            let options = SceneOptions {
                width,
                height,
                lang: lang.to_string(),
                arrows: Some(frontline::advance::ArrowSpan::Week),
                compare: Some("2020-10-01".parse().unwrap()),
                progress_bar: true,
                ..SceneOptions::default()
            };
            let scene = atlas.scene(day, &options);
            let layout = &scene.base.layout;
            let what = format!("{lang} at {width} px");
            let mut panel = Vec::new();
            texts(&scene.panel, &mut panel);
            let pad = if layout.compact { 0.0 } else { layout.pad };
            let inner = Rect::new(layout.panel.x + pad, layout.panel.y, layout.panel.w - 2.0 * pad, layout.panel.h);
            assert_inside(&panel, inner, &what);
            let mut credits = Vec::new();
            texts(&scene.credits, &mut credits);
            assert_inside(&credits, Rect::new(0.0, 0.0, layout.width, layout.height), &what);
            assert!(scene.credits.len() <= layout.credit_lines, "{what}: credits overflow");
            let mut furniture = Vec::new();
            texts(&scene.base.furniture, &mut furniture);
            assert_inside(&furniture, layout.map, &what);
        }
    }
}

#[test]
fn a_language_without_a_translation_keeps_english_words_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::copy_mini_dataset(dir.path());
    // The mini dataset's places have names in "ka" only through this file's edit.
    let places = std::fs::read_to_string(data.join("places.geojson")).unwrap();
    std::fs::write(data.join("places.geojson"), places.replacen("\"en\":", "\"ka\": \"ქალაქი\", \"en\":", 1)).unwrap();
    let out = dir.path().join("maps");
    let args = ["render", "--data", data.to_str().unwrap(), "--format", "svg", "--out", out.to_str().unwrap()];
    let run = frontline(&[&args[..], &["--lang", "ka"]].concat(), dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stderr(&run).matches("not translated").count(), 1, "{}", stderr(&run));
    let svg = std::fs::read_dir(&out).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "svg"));
    let svg = std::fs::read_to_string(svg.unwrap().path()).unwrap();
    assert!(svg.contains("Legend") && svg.contains("ქალაქი"), "English words, names in ka");
    let quiet = frontline(&[&args[..], &["--lang", "ka", "-q"]].concat(), dir.path());
    assert!(quiet.status.success() && stderr(&quiet).is_empty(), "{}", stderr(&quiet));
    // A language neither in the names nor translated is refused, naming the choices.
    assert_fails(&[&args[..], &["--lang", "fa"]].concat(), dir.path(), 2, &["--lang fa", "uk"]);
}

#[test]
fn a_datasets_translation_file_adds_a_language_and_validate_lists_its_missing_keys() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::copy_mini_dataset(dir.path());
    std::fs::create_dir_all(data.join("i18n")).unwrap();
    std::fs::write(data.join("i18n/ka.toml"), "[panel]\nlegend = \"ლეგენდა\"\n").unwrap();
    let validate = frontline(&["validate", "--data", data.to_str().unwrap()], dir.path());
    assert!(validate.status.success(), "{}", stderr(&validate));
    let report = common::stdout(&validate);
    assert!(report.contains("i18n/ka.toml") && report.contains("chart.axis") && report.contains("more"), "{report}");
    let out = dir.path().join("maps");
    let args = ["render", "--data", data.to_str().unwrap(), "--format", "svg", "--lang", "ka"];
    let run = frontline(&[&args[..], &["--out", out.to_str().unwrap()]].concat(), dir.path());
    assert!(run.status.success() && !stderr(&run).contains("not translated"), "{}", stderr(&run));
    let svg = std::fs::read_dir(&out).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "svg"));
    let svg = std::fs::read_to_string(svg.unwrap().path()).unwrap();
    assert!(svg.contains("ლეგენდა") && svg.contains("Events of the day"), "its own word, English for the rest");
    // A typo is an error on its line, in the one format.
    std::fs::write(data.join("i18n/ka.toml"), "[panel]\nlegnd = \"ლეგენდა\"\n").unwrap();
    let needle = "ka.toml:2: unknown key \"panel.legnd\"";
    assert_fails(&["validate", "--data", data.to_str().unwrap()], dir.path(), 2, &[needle]);
}

#[test]
fn the_stats_chart_speaks_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let run = frontline(&["stats", "--format", "svg", "--lang", "hy", "--to", "2020-10-10"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let texts = svg_texts(&common::stdout(&run)).join("\n");
    assert!(texts.contains("Ամսաթիվ (տեղական ժամանակ)") && texts.contains("սեպ"), "{texts}");
    assert!(!texts.contains("Date (local time)") && !texts.contains("Held by"), "{texts}");
}

#[test]
fn validate_warns_of_names_the_embedded_font_cannot_draw() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::copy_mini_dataset(dir.path());
    common::edit_file(&data.join("places.geojson"), |places| {
        places.replacen("\"en\":", "\"zh\": \"新城\", \"en\":", 1)
    });
    let report = common::validate_ok(&data, dir.path());
    assert!(
        report.contains("1 name or text in \"zh\" uses letters the embedded font (DejaVu Sans) lacks, e.g. \"新城\""),
        "{report}"
    );
    // Persian and Georgian it has: no warning.
    common::edit_file(&data.join("places.geojson"), |places| places.replace("新城", "შაჰრ ნოუ შهر"));
    assert!(!common::validate_ok(&data, dir.path()).contains("lacks"));
}
