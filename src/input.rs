//! Safe reading of input files, and checks every text of the input passes before it is parsed:
//! regular files only (a FIFO, device or folder is refused before it is opened, so nothing
//! blocks), a size limit, UTF-8, no control characters, GeoJSON positions of 2 or 3 finite
//! numbers, dates with a four-digit year.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use crate::error::{Error, Location, Problem, Result};
use crate::limits;

fn refuse(display: &str, message: impl Into<String>) -> Error {
    Error::Input(vec![Problem::new(Location::File(display.to_string()), message)])
}

/// What a file is, for messages.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Read a text file of at most `max_bytes`; `None` when it does not exist. A file that is not
/// regular, too large, not UTF-8 or holds control characters is refused (exit 2) with the
/// file (`display`) and the line.
pub fn read_text(path: &Path, display: &str, max_bytes: u64) -> Result<Option<String>> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(Error::io(path, err)),
    };
    if !metadata.is_file() {
        return Err(refuse(display, format!("expected a regular file, found {}", kind_of(metadata.file_type()))));
    }
    if metadata.len() > max_bytes {
        return Err(too_large(display, max_bytes));
    }
    // Non-blocking, so that a file swapped for a FIFO after the check cannot block the open.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().read(true).custom_flags(libc_nonblock()).open(path)
    }
    .map_err(|err| Error::io(path, err))?;
    let metadata = file.metadata().map_err(|err| Error::io(path, err))?;
    if !metadata.is_file() {
        return Err(refuse(display, format!("expected a regular file, found {}", kind_of(metadata.file_type()))));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(max_bytes + 1).read_to_end(&mut bytes).map_err(|err| Error::io(path, err))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(display, max_bytes));
    }
    text_of(display, bytes).map(Some)
}

/// O_NONBLOCK on Linux and the BSDs/macOS.
fn libc_nonblock() -> i32 {
    if cfg!(target_os = "linux") { 0o4000 } else { 0x0004 }
}

fn too_large(display: &str, max_bytes: u64) -> Error {
    refuse(display, format!("file larger than the limit of {} MiB for this kind of file", max_bytes >> 20))
}

/// Check bytes as UTF-8 text without control characters; a leading byte-order mark is dropped.
pub fn text_of(display: &str, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..valid].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        Error::Input(vec![Problem::new(
            Location::Line(display.to_string(), line),
            "bytes that are not UTF-8 (expected UTF-8 text)",
        )])
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if let Some((offset, c)) = find_control(&text) {
        let line = text[..offset].bytes().filter(|b| *b == b'\n').count() as u64 + 1;
        return Err(Error::Input(vec![Problem::new(Location::Line(display.to_string(), line), control_message(c))]));
    }
    Ok(text)
}

/// Is `c` refused in text: U+0000-U+001F but tab, newline and carriage return; U+007F;
/// U+FFFE and U+FFFF. None of them can be written in an XML document.
pub fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}'
}

/// The first forbidden character and its byte offset; a carriage return counts unless a
/// newline follows it.
pub fn find_control(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    text.char_indices().find(|&(i, c)| is_forbidden(c) || (c == '\r' && bytes.get(i + 1) != Some(&b'\n')))
}

pub fn control_message(c: char) -> String {
    format!("control character U+{:04X} (expected text without control characters)", c as u32)
}

/// Check one decoded text value (from JSON or TOML escapes, or a CSV cell): no control
/// characters (no line breaks either, where `one_line`), at most `max_chars` characters.
pub fn check_value(text: &str, what: &str, max_chars: usize, one_line: bool) -> Option<String> {
    if let Some(c) = text.chars().find(|&c| is_forbidden(c) || (one_line && (c == '\n' || c == '\r'))) {
        return Some(format!("{what}: {}", control_message(c)));
    }
    let count = text.chars().count();
    if count > max_chars {
        return Some(format!("{what}: {count} characters, more than the limit of {max_chars}"));
    }
    None
}

/// A date `YYYY-MM-DD` with a four-digit year (chrono alone reads `20-01-01` as the year 20).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// serde: a date `YYYY-MM-DD` with a four-digit year.
pub fn deserialize_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    parse_date(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a date YYYY-MM-DD (four-digit year)")))
}

/// serde: an optional date `YYYY-MM-DD`.
pub fn deserialize_optional_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    deserialize_date(deserializer).map(Some)
}

/// clap: a date `YYYY-MM-DD` with a four-digit year.
pub fn cli_date(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).ok_or_else(|| format!("\"{text}\" is not a date YYYY-MM-DD (four-digit year)"))
}

/// clap: a language code shaped as BCP 47 (`uk`, `sr-Latn`, `pt-BR`), or a chain of them
/// separated by commas (`os,ru`): the first is the map's language, the others its fallbacks.
pub fn cli_lang(text: &str) -> Result<String, String> {
    for code in text.split(',') {
        language_code(code)?;
    }
    Ok(text.to_string())
}

/// One BCP 47 code: a primary subtag of 2-8 letters, then subtags of 1-8 letters or digits.
pub fn language_code(text: &str) -> Result<String, String> {
    let mut subtags = text.split('-');
    let primary = subtags.next().unwrap_or_default();
    let primary_ok = (2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = subtags.all(|tag| (1..=8).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(text.to_string())
    } else {
        Err(format!("\"{text}\" is not a language code (BCP 47, e.g. en, uk, sr-Latn)"))
    }
}

/// Check a parsed GeoJSON FeatureCollection before any conversion: its shape, every position
/// (2 or 3 finite numbers, the nesting its geometry type needs), every string (no control
/// characters, [`limits::MAX_TEXT_CHARS`]), the number of positions ([`limits::MAX_VERTICES`])
/// and of features (`max_features`). Problems name the feature.
pub fn check_geojson(file: &str, value: &Value, max_features: usize, problems: &mut Vec<Problem>) {
    let before = problems.len();
    let at_file = || Location::File(file.to_string());
    let Some(object) = value.as_object() else {
        problems.push(Problem::new(at_file(), "expected a GeoJSON FeatureCollection (a JSON object)"));
        return;
    };
    if object.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        problems.push(Problem::new(at_file(), "expected \"type\": \"FeatureCollection\""));
        return;
    }
    let Some(features) = object.get("features").and_then(Value::as_array) else {
        problems.push(Problem::new(at_file(), "expected \"features\": an array of features"));
        return;
    };
    if features.len() > max_features {
        problems.push(Problem::new(
            at_file(),
            format!("{} features, more than the limit of {max_features}", features.len()),
        ));
        return;
    }
    let mut vertices = 0usize;
    for (index, feature) in features.iter().enumerate() {
        let id = feature
            .get("properties")
            .and_then(|p| p.get("id"))
            .and_then(Value::as_str)
            .filter(|id| find_control(id).is_none() && id.len() <= 200)
            .map(str::to_string);
        let at = || Location::Feature(file.to_string(), index, id.clone());
        let Some(feature) = feature.as_object() else {
            problems.push(Problem::new(at(), "expected a Feature (a JSON object)"));
            continue;
        };
        if feature.get("type").and_then(Value::as_str) != Some("Feature") {
            problems.push(Problem::new(at(), "expected \"type\": \"Feature\""));
            continue;
        }
        match feature.get("properties") {
            None | Some(Value::Null) | Some(Value::Object(_)) => {}
            Some(_) => problems.push(Problem::new(at(), "\"properties\": expected an object or null")),
        }
        if let Some(message) = check_strings(feature.get("properties").unwrap_or(&Value::Null), "properties") {
            problems.push(Problem::new(at(), message));
        }
        if let Some(id) = feature.get("id")
            && !matches!(id, Value::String(_) | Value::Number(_))
        {
            problems.push(Problem::new(at(), "\"id\": expected a string or a number"));
        }
        match feature.get("geometry") {
            None | Some(Value::Null) => {}
            Some(geometry) => {
                if let Err(message) = check_geometry(geometry, &mut vertices, 0) {
                    problems.push(Problem::new(at(), message));
                }
            }
        }
        if vertices > limits::MAX_VERTICES {
            problems.push(Problem::new(
                at(),
                format!("more than the limit of {} positions in one file", limits::MAX_VERTICES),
            ));
            return;
        }
        if problems.len() - before >= 100 {
            return;
        }
    }
}

/// The first string in a JSON value with a control character or over the length limit.
fn check_strings(value: &Value, path: &str) -> Option<String> {
    match value {
        // Names are drawn on the map; other properties (sources, notes) are not.
        Value::String(text) => {
            let drawn = path.starts_with("properties.name") || path == "properties.id";
            check_value(text, path, if drawn { limits::MAX_TEXT_CHARS } else { limits::MAX_NOTE_CHARS }, drawn)
        }
        Value::Array(items) => items.iter().find_map(|item| check_strings(item, path)),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            if let Some(message) = check_value(key, path, 200, true) {
                return Some(message);
            }
            check_strings(item, &format!("{path}.{key}"))
        }),
        _ => None,
    }
}

fn check_geometry(geometry: &Value, vertices: &mut usize, depth: usize) -> Result<(), String> {
    let Some(object) = geometry.as_object() else {
        return Err("\"geometry\": expected an object or null".into());
    };
    let kind = object.get("type").and_then(Value::as_str).unwrap_or("");
    if kind == "GeometryCollection" {
        if depth > 4 {
            return Err("geometry collections nested too deep".into());
        }
        let Some(members) = object.get("geometries").and_then(Value::as_array) else {
            return Err("GeometryCollection: expected \"geometries\": an array".into());
        };
        return members.iter().try_for_each(|member| check_geometry(member, vertices, depth + 1));
    }
    // How deep the positions sit: Point 0, LineString 1, Polygon 2, MultiPolygon 3.
    let nesting = match kind {
        "Point" => 0,
        "MultiPoint" | "LineString" => 1,
        "MultiLineString" | "Polygon" => 2,
        "MultiPolygon" => 3,
        other => {
            return Err(format!(
                "geometry type \"{}\": expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection",
                other.chars().take(40).collect::<String>()
            ));
        }
    };
    let Some(coordinates) = object.get("coordinates") else {
        return Err(format!("{kind}: expected \"coordinates\""));
    };
    check_positions(coordinates, nesting, kind, vertices)
}

fn check_positions(value: &Value, nesting: usize, kind: &str, vertices: &mut usize) -> Result<(), String> {
    let Some(items) = value.as_array() else {
        return Err(format!("{kind}: expected nested arrays of positions in \"coordinates\""));
    };
    if nesting > 0 {
        return items.iter().try_for_each(|item| check_positions(item, nesting - 1, kind, vertices));
    }
    *vertices += 1;
    let finite = items.iter().all(|n| n.as_f64().is_some_and(f64::is_finite));
    if !(2..=3).contains(&items.len()) || !finite {
        let shown: String = value.to_string().chars().take(60).collect();
        return Err(format!("{kind}: position {shown}: expected 2 or 3 numbers [lon, lat(, height)]"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_need_four_digit_years() {
        assert!(parse_date("2020-01-01").is_some());
        assert!(parse_date("20-01-01").is_none());
        assert!(parse_date("+2020-01-01").is_none());
        assert!(parse_date("2020-1-01").is_none());
        assert!(parse_date("2020-02-30").is_none());
    }

    #[test]
    fn control_characters_are_found_with_their_line() {
        assert_eq!(find_control("a\tb\r\nc"), None);
        assert_eq!(find_control("a\u{7}b"), Some((1, '\u{7}')));
        assert_eq!(find_control("a\rb"), Some((1, '\r')));
        assert_eq!(find_control("x\u{ffff}"), Some((1, '\u{ffff}')));
        let err = text_of("f.csv", b"a\nb\x01".to_vec()).unwrap_err();
        assert!(err.to_string().contains("f.csv:2: control character U+0001"), "{err}");
        let err = text_of("f.csv", b"a\n\nb\xff".to_vec()).unwrap_err();
        assert!(err.to_string().contains("f.csv:3: bytes that are not UTF-8"), "{err}");
    }

    #[test]
    fn short_positions_are_refused_before_conversion() {
        let collection = |geometry: &str| -> Value {
            serde_json::from_str(&format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{geometry}}}]}}"#
            ))
            .unwrap()
        };
        for bad in [
            r#"{"type":"LineString","coordinates":[[45.8],[46,40]]}"#,
            r#"{"type":"Polygon","coordinates":[[[]]]}"#,
            r#"{"type":"Point","coordinates":[1,2,3,4]}"#,
            r#"{"type":"Point","coordinates":[1,"2"]}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[1,2]]]}"#,
            r#"{"type":"Circle","coordinates":[1,2]}"#,
        ] {
            let mut problems = Vec::new();
            check_geojson("x.geojson", &collection(bad), 10, &mut problems);
            assert_eq!(problems.len(), 1, "{bad}");
            assert!(problems[0].to_string().starts_with("x.geojson: feature 0"), "{problems:?}");
        }
        let mut problems = Vec::new();
        check_geojson("x.geojson", &collection(r#"{"type":"Point","coordinates":[1,2]}"#), 10, &mut problems);
        assert!(problems.is_empty());
    }
}
