//! `frontline events`: the events of a span of days as a table, CSV or JSON, each with where it
//! happened: its place, its area (with the area's name) or its lon/lat.
//!
//! The CSV has the columns of events.csv in its order, `date,kind,place,lon,lat,side,status,
//! title,sources,note,area`, then `area_name`, which the reader ignores: the output of a span
//! can be read back as (or pasted into) an events.csv.

use crate::dataset::{Dataset, Event};

/// The CSV columns, in order (see the module doc).
pub const CSV_COLUMNS: [&str; 12] =
    ["date", "kind", "place", "lon", "lat", "side", "status", "title", "sources", "note", "area", "area_name"];

/// One event's fields as text, resolved against the dataset (ids, names, coordinates).
struct Row<'a> {
    event: &'a Event,
    place: &'a str,
    side: &'a str,
    area: &'a str,
    area_name: &'a str,
    /// Lon/lat as events.csv has them (an event without a place), else empty.
    lon: String,
    lat: String,
    sources: Vec<String>,
}

impl<'a> Row<'a> {
    fn new(dataset: &'a Dataset, event: &'a Event) -> Self {
        let area = event.area.map(|a| &dataset.areas[a]);
        let (lon, lat) = event.point.map_or((String::new(), String::new()), |p| (p.x().to_string(), p.y().to_string()));
        Row {
            event,
            place: event.place.map_or("", |p| dataset.places[p].id.as_str()),
            side: event.side.map_or("", |s| dataset.meta.sides[s].id.as_str()),
            area: area.map_or("", |a| a.id.as_str()),
            area_name: area.map_or("", |a| a.name.as_str()),
            lon,
            lat,
            sources: event.sources.iter().map(ToString::to_string).collect(),
        }
    }

    /// Where, for the table: the place's id, "area ID (NAME)", or "lon LON, lat LAT".
    fn location(&self) -> String {
        if !self.area.is_empty() {
            let name = if self.area_name.is_empty() { String::new() } else { format!(" ({})", self.area_name) };
            format!("area {}{name}", self.area)
        } else if !self.lon.is_empty() {
            format!("lon {}, lat {}", self.lon, self.lat)
        } else {
            self.place.to_string()
        }
    }

    /// The status as events.csv writes it (`keep` for an area event that keeps statuses).
    fn status(&self) -> &'static str {
        if self.event.keep_status { "keep" } else { self.event.status.as_str() }
    }
}

fn rows<'a>(dataset: &'a Dataset, events: &[&'a Event]) -> Vec<Row<'a>> {
    events.iter().map(|event| Row::new(dataset, event)).collect()
}

/// A table for the terminal: one line per event, its sources under it, a count at the end.
pub fn table(dataset: &Dataset, events: &[&Event], span: &str) -> String {
    let mut out = String::new();
    for row in rows(dataset, events) {
        let e = row.event;
        out.push_str(&format!(
            "{}  {:<9} {:<9} {:<22} {:<3} {}\n",
            e.day,
            e.kind.as_str(),
            row.status(),
            row.location(),
            row.side,
            e.title
        ));
        for source in &row.sources {
            out.push_str(&format!("{:>12}source: {source}\n", ""));
        }
    }
    out.push_str(&format!("{}, {span}\n", crate::english::count(events.len(), "event", "events")));
    out
}

/// CSV with the columns of [`CSV_COLUMNS`].
pub fn csv(dataset: &Dataset, events: &[&Event]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_COLUMNS);
    for row in rows(dataset, events) {
        let e = row.event;
        let _ = writer.write_record([
            &e.day.to_string(),
            e.kind.as_str(),
            row.place,
            &row.lon,
            &row.lat,
            row.side,
            row.status(),
            &e.title,
            &row.sources.join(" | "),
            &e.note,
            row.area,
            row.area_name,
        ]);
    }
    String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned()
}

/// JSON: an array of objects with the CSV's fields; `lon` and `lat` are numbers or null,
/// `sources` an array.
pub fn json(dataset: &Dataset, events: &[&Event]) -> String {
    let rows: Vec<_> = rows(dataset, events)
        .into_iter()
        .map(|row| {
            let e = row.event;
            serde_json::json!({
                "date": e.day.to_string(), "kind": e.kind.as_str(), "place": row.place,
                "lon": e.point.map(|p| p.x()), "lat": e.point.map(|p| p.y()),
                "side": row.side, "status": row.status(), "title": e.title,
                "sources": row.sources, "note": e.note, "area": row.area, "area_name": row.area_name,
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
}
