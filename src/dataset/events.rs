//! `events.csv`: the dated events, one row each.
//!
//! Columns: `date,kind,place,lon,lat,side,status,title,sources,note`, and an optional `area`
//! (see geodata/README.md). An event names a place or an area, not both.

use chrono::NaiveDate;
use geo::Point;

use super::{Area, Meta, Place};
use crate::error::{Location, Problem};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// A place changed hands (or was claimed to).
    Control,
    /// A place handed over under an agreement.
    Handover,
    Strike,
    Ceasefire,
    Agreement,
    Other,
}

impl EventKind {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "control" => EventKind::Control,
            "handover" => EventKind::Handover,
            "strike" => EventKind::Strike,
            "ceasefire" => EventKind::Ceasefire,
            "agreement" => EventKind::Agreement,
            "other" => EventKind::Other,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Control => "control",
            EventKind::Handover => "handover",
            EventKind::Strike => "strike",
            EventKind::Ceasefire => "ceasefire",
            EventKind::Agreement => "agreement",
            EventKind::Other => "other",
        }
    }

    /// Does this kind move a place from one side to another?
    pub fn changes_control(self) -> bool {
        matches!(self, EventKind::Control | EventKind::Handover)
    }

    /// May an event of this kind name an area whose ground it sets? A ceasefire may: it fixes
    /// the ground where the sides stand.
    pub fn may_set_area(self) -> bool {
        matches!(self, EventKind::Control | EventKind::Handover | EventKind::Ceasefire)
    }
}

/// How sure the record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Announced by one side only.
    Claimed,
    /// Acknowledged by the other side or by independent reporting.
    Confirmed,
    /// Claimed by one side and denied by the other.
    Contested,
}

impl Status {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "claimed" => Status::Claimed,
            "confirmed" => Status::Confirmed,
            "contested" => Status::Contested,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Claimed => "claimed",
            Status::Confirmed => "confirmed",
            Status::Contested => "contested",
        }
    }
}

/// One source of an event: `publisher, YYYY-MM-DD, URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub publisher: String,
    pub date: NaiveDate,
    /// `http(s)://...` or `seed:<file stem>` for the project's source articles.
    pub url: String,
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}, {}", self.publisher, self.date, self.url)
    }
}

/// A dated event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Line in events.csv (1-based, the header is line 1).
    pub line: u64,
    pub day: NaiveDate,
    pub kind: EventKind,
    /// Index into the dataset's places.
    pub place: Option<usize>,
    /// Lon/lat of an event that has no place.
    pub point: Option<Point<f64>>,
    /// Index into the dataset's areas: the ground an area event sets as a whole.
    pub area: Option<usize>,
    /// Index into the dataset's sides: who holds the place (or area) after a control event.
    pub side: Option<usize>,
    pub status: Status,
    /// Status `keep` (area events only): ground already held by the event's side keeps its
    /// status; ground that changes side through the area is confirmed.
    pub keep_status: bool,
    pub title: String,
    pub sources: Vec<SourceRef>,
    pub note: String,
}

const COLUMNS: [&str; 10] = ["date", "kind", "place", "lon", "lat", "side", "status", "title", "sources", "note"];

/// Parse one source list cell.
pub fn parse_sources(cell: &str) -> Result<Vec<SourceRef>, String> {
    let mut sources = Vec::new();
    for part in cell.split(" | ").map(str::trim).filter(|part| !part.is_empty()) {
        // The URL is the last field and may itself contain commas: find where it starts.
        let url_start =
            ["https://", "http://", "seed:"].iter().filter_map(|scheme| part.find(&format!(", {scheme}"))).min();
        let Some(url_start) = url_start else {
            return Err(format!(
                "source \"{part}\": expected \"publisher, YYYY-MM-DD, URL\" with an http(s):// or seed: URL"
            ));
        };
        let url = part[url_start + 2..].trim();
        let Some((publisher, date)) = part[..url_start].rsplit_once(',') else {
            return Err(format!("source \"{part}\": expected \"publisher, YYYY-MM-DD, URL\""));
        };
        let (publisher, date) = (publisher.trim(), date.trim());
        if let Some(message) = crate::input::check_value(part, "source", crate::limits::MAX_TEXT_CHARS, true) {
            return Err(message);
        }
        let date = crate::input::parse_date(date)
            .ok_or(())
            .map_err(|_| format!("source \"{part}\": \"{date}\" is not a date YYYY-MM-DD"))?;
        if publisher.is_empty() {
            return Err(format!("source \"{part}\": the publisher is empty"));
        }
        sources.push(SourceRef { publisher: publisher.to_string(), date, url: url.to_string() });
    }
    if sources.is_empty() {
        return Err("column \"sources\": every event needs at least one source".to_string());
    }
    Ok(sources)
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// " (did you mean \"shusha\"?)" for the closest of `ids` within 3 edits of `id`, else "".
pub(crate) fn did_you_mean<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|known| (distance(id, known), known))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, best)| format!(" (did you mean \"{best}\"?)"))
        .unwrap_or_default()
}

/// The file's line of a record, counted from the bytes. The csv reader's own line count is
/// off by one after a CRLF line end, and its position of a record is where it started looking
/// for it: the LF of a CRLF, or a blank line before the row. Past those line ends, a count of
/// the LFs before the record's first byte is the line an editor shows, whatever the line ends
/// and however many lines a quoted field spans.
struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offsets of every `\n` of the text, in order.
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let text = text.as_bytes();
        LineIndex { text, newlines: text.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect() }
    }

    /// The 1-based line of the record the csv reader places at `position`.
    fn line(&self, position: &csv::Position) -> u64 {
        let mut byte = position.byte() as usize;
        // A row never begins with a line end (an empty row is skipped): these end lines before it.
        while self.text.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        self.newlines.partition_point(|&newline| newline < byte) as u64 + 1
    }
}

impl Event {
    /// Does this event set who holds ground (a place or an area)?
    pub fn sets_control(&self) -> bool {
        self.side.is_some() && (self.kind.changes_control() || (self.area.is_some() && self.kind.may_set_area()))
    }
}

pub fn parse(
    file: &str,
    text: &str,
    meta: &Meta,
    places: &[Place],
    areas: &[Area],
    problems: &mut Vec<Problem>,
) -> Vec<Event> {
    if text.trim().is_empty() {
        let message = format!("file is empty: expected a header line {}", COLUMNS.join(","));
        problems.push(Problem::new(Location::Line(file.to_string(), 1), message));
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => {
            problems.push(Problem::new(Location::Line(file.to_string(), 1), format!("unreadable header: {err}")));
            return Vec::new();
        }
    };
    let mut column = [0usize; COLUMNS.len()];
    for (slot, name) in column.iter_mut().zip(COLUMNS) {
        match headers.iter().position(|h| h.trim() == name) {
            Some(index) => *slot = index,
            None => {
                problems.push(Problem::new(
                    Location::Line(file.to_string(), 1),
                    format!("missing column \"{name}\" (expected columns: {})", COLUMNS.join(",")),
                ));
                return Vec::new();
            }
        }
    }
    let area_column = headers.iter().position(|h| h.trim() == "area");
    let mut events = Vec::new();
    let index: std::collections::HashMap<&str, usize> =
        places.iter().enumerate().map(|(i, place)| (place.id.as_str(), i)).collect();
    let mut rows = 0usize;
    for record in reader.records() {
        rows += 1;
        if rows > crate::limits::MAX_EVENTS {
            let line = record.as_ref().ok().and_then(|r| r.position()).map_or(0, |p| lines.line(p));
            problems.push(Problem::new(
                Location::Line(file.to_string(), line),
                format!("more than the limit of {} events", crate::limits::MAX_EVENTS),
            ));
            break;
        }
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| lines.line(p));
                problems.push(Problem::new(Location::Line(file.to_string(), line), format!("unreadable row: {err}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line(p));
        let at = || Location::Line(file.to_string(), line);
        let cell = |name: usize| record.get(column[name]).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = problems.len();

        let day = match crate::input::parse_date(cell(0)).ok_or(()) {
            Ok(day) if meta.contains_day(day) => Some(day),
            Ok(day) => {
                problems.push(Problem::new(
                    at(),
                    format!(
                        "column \"date\": {day} is outside the dataset's span {}..{}",
                        meta.first_day, meta.last_day
                    ),
                ));
                None
            }
            Err(_) => {
                problems.push(Problem::new(at(), format!("column \"date\": \"{}\" is not a date YYYY-MM-DD", cell(0))));
                None
            }
        };
        let kind = EventKind::parse(cell(1));
        if kind.is_none() {
            problems.push(Problem::new(
                at(),
                format!(
                    "column \"kind\": \"{}\" is not one of control, handover, strike, ceasefire, agreement, other",
                    cell(1)
                ),
            ));
        }
        let place = match cell(2) {
            "" => None,
            id => {
                let found = index.get(id).copied();
                if found.is_none() {
                    // Suggestions cost a pass over the places: only for the first few.
                    let hint = if problems.len() < 100 {
                        did_you_mean(id, places.iter().map(|place| place.id.as_str()))
                    } else {
                        String::new()
                    };
                    problems.push(Problem::new(at(), format!("column \"place\": unknown place \"{id}\"{hint}")));
                }
                found
            }
        };
        let point = match (cell(3), cell(4)) {
            ("", "") => None,
            (lon, lat) => match (lon.parse::<f64>(), lat.parse::<f64>()) {
                (Ok(lon), Ok(lat)) if lon.abs() <= 180.0 && lat.abs() <= 90.0 => Some(Point::new(lon, lat)),
                _ => {
                    problems.push(Problem::new(at(), "columns \"lon\",\"lat\": expected decimal degrees"));
                    None
                }
            },
        };
        let side = match cell(5) {
            "" => None,
            id => {
                let found = meta.sides.iter().position(|side| side.id == id);
                if found.is_none() {
                    let sides: Vec<&str> = meta.sides.iter().map(|side| side.id.as_str()).collect();
                    let message =
                        format!("column \"side\": unknown side \"{id}\" (expected one of {})", sides.join(", "));
                    problems.push(Problem::new(at(), message));
                }
                found
            }
        };
        let area_id = area_column.and_then(|c| record.get(c)).unwrap_or("").trim();
        let area = match area_id {
            "" => None,
            id => {
                let found = areas.iter().position(|area| area.id == id);
                if found.is_none() {
                    let known = if areas.is_empty() { " (the dataset has no areas.geojson)" } else { "" };
                    problems.push(Problem::new(at(), format!("column \"area\": unknown area \"{id}\"{known}")));
                }
                found
            }
        };
        let keep_status = cell(6) == "keep";
        // Ground that comes to the side only through a `keep` area is confirmed by the area's
        // own sources; ground it already held keeps the status its place events gave it.
        let status = if keep_status { Some(Status::Confirmed) } else { Status::parse(cell(6)) };
        if status.is_none() {
            problems.push(Problem::new(
                at(),
                format!("column \"status\": \"{}\" is not one of claimed, confirmed, contested", cell(6)),
            ));
        }
        if keep_status && area_id.is_empty() {
            problems.push(Problem::new(at(), "column \"status\": \"keep\" is for area events only"));
        }
        if !area_id.is_empty() && !cell(2).is_empty() {
            problems.push(Problem::new(at(), "an event names a place or an area, not both"));
        }
        if let Some(kind) = kind
            && !area_id.is_empty()
        {
            if !kind.may_set_area() {
                problems.push(Problem::new(
                    at(),
                    format!("a {} event cannot set an area (expected control, handover or ceasefire)", kind.as_str()),
                ));
            }
            if cell(5).is_empty() {
                problems.push(Problem::new(at(), "an area event needs the side holding the area after it"));
            }
        }
        if let Some(kind) = kind
            && kind.changes_control()
            && area_id.is_empty()
        {
            if cell(2).is_empty() {
                problems.push(Problem::new(at(), format!("a {} event needs a place or an area", kind.as_str())));
            }
            if cell(5).is_empty() {
                problems.push(Problem::new(
                    at(),
                    format!("a {} event needs the side holding the place after it", kind.as_str()),
                ));
            }
        }
        if cell(7).is_empty() {
            problems.push(Problem::new(at(), "column \"title\": every event needs a title"));
        }
        for (name, limit, one_line) in [
            (2, crate::limits::MAX_TEXT_CHARS, true),
            (5, crate::limits::MAX_TEXT_CHARS, true),
            (7, crate::limits::MAX_TEXT_CHARS, true),
            (9, crate::limits::MAX_NOTE_CHARS, false),
        ] {
            if let Some(message) =
                crate::input::check_value(cell(name), &format!("column \"{}\"", COLUMNS[name]), limit, one_line)
            {
                problems.push(Problem::new(at(), message));
            }
        }
        let sources = match parse_sources(cell(8)) {
            Ok(sources) => sources,
            Err(message) => {
                problems.push(Problem::new(at(), message));
                Vec::new()
            }
        };
        if problems.len() == before
            && let (Some(day), Some(kind), Some(status)) = (day, kind, status)
        {
            events.push(Event {
                line,
                day,
                kind,
                place,
                point,
                area,
                side,
                status,
                keep_status,
                title: cell(7).to_string(),
                sources,
                note: cell(9).to_string(),
            });
        }
    }
    events.sort_by_key(|event| (event.day, event.line));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_split_on_bars_and_the_last_commas() {
        let sources =
            parse_sources("Reuters, 2020-11-08, https://example.org/a | The Jerusalem Post, 2020-11-08, seed:000_x")
                .unwrap();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[1].publisher, "The Jerusalem Post");
        assert_eq!(sources[1].url, "seed:000_x");
    }

    #[test]
    fn a_publisher_may_contain_commas() {
        let sources = parse_sources("Ministry of Defence, Azerbaijan, 2020-10-09, https://mod.gov.az/x").unwrap();
        assert_eq!(sources[0].publisher, "Ministry of Defence, Azerbaijan");
    }

    #[test]
    fn a_url_may_contain_commas() {
        let sources = parse_sources("TASS, 2020-11-26, https://example.org/print:page,1,112711-kalbajar").unwrap();
        assert_eq!(sources[0].url, "https://example.org/print:page,1,112711-kalbajar");
    }

    #[test]
    fn a_source_without_url_is_an_error() {
        assert!(parse_sources("Reuters, 2020-11-08").is_err());
        assert!(parse_sources("").unwrap_err().contains("at least one source"));
        assert!(parse_sources("Reuters, 8 Nov, https://x").unwrap_err().contains("not a date"));
    }

    /// The lines of the problems of `text` (every row below has an unknown kind).
    fn problem_lines(text: &str) -> Vec<u64> {
        let mut problems = Vec::new();
        parse("events.csv", text, &crate::dataset::test_meta(), &[], &[], &mut problems);
        problems
            .iter()
            .map(|p| match p.location {
                Location::Line(_, line) => line,
                _ => panic!("{p}"),
            })
            .collect()
    }

    #[test]
    fn crlf_line_ends_give_the_files_own_line_numbers() {
        let header = COLUMNS.join(",");
        let rows = [
            "x,bad,,,,,claimed,t,\"P, 2020-01-01, https://x\",",
            "x,worse,,,,,claimed,t,\"P, 2020-01-01, https://x\",",
        ];
        for end in ["\n", "\r\n"] {
            let text = format!("{header}{end}{}{end}{end}{}{end}", rows[0], rows[1]);
            // Each row is a bad date and a bad kind: two problems on its line.
            assert_eq!(problem_lines(&text), vec![2, 2, 4, 4], "line end {end:?}");
        }
    }

    #[test]
    fn a_quoted_field_over_several_lines_counts_them() {
        let header = COLUMNS.join(",");
        let text = format!(
            "{header}\r\nx,bad,,,,,claimed,\"two\r\nlines\",\"P, 2020-01-01, https://x\",\r\nx,bad,,,,,claimed,t,\"P, 2020-01-01, https://x\",\r\n"
        );
        let lines = problem_lines(&text);
        assert_eq!(lines.last(), Some(&4), "{lines:?}");
    }

    #[test]
    fn an_empty_file_asks_for_the_header() {
        let mut problems = Vec::new();
        parse("events.csv", "", &crate::dataset::test_meta(), &[], &[], &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("file is empty: expected a header line date,kind,"), "{}", problems[0]);
    }

    #[test]
    fn distance_is_levenshtein() {
        assert_eq!(distance("shusa", "shusha"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
