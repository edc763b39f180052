//! Every limit on input, in one place (as librsvg's limits module). Each keeps an accepted
//! input under about 1 GB of memory and near-linear time; each refusal is exit 2 with a
//! message naming the limit and the file and line (or feature, or flag).
//!
//! The table is repeated in README.md ("Limits"); change both together.

/// Largest dataset GeoJSON file (places, theatre, frontline, a layer): 64 MiB. Parsed into a
/// JSON tree it takes up to about ten times its size, so 64 MiB stays under 1 GB; 100,000
/// places take about 30 MB.
pub const MAX_GEOJSON_BYTES: u64 = 64 << 20;

/// Largest events.csv: 256 MiB. Rows are read one at a time; 1,000,000 events of about 200
/// bytes are 200 MB.
pub const MAX_CSV_BYTES: u64 = 256 << 20;

/// Largest dataset.toml or theme file: 1 MiB (they hold a few dozen settings).
pub const MAX_TOML_BYTES: u64 = 1 << 20;

/// Most places in places.geojson: 100,000 (each owns a cell; cells take n log n time).
pub const MAX_PLACES: usize = 100_000;

/// Most events in events.csv: 1,000,000.
pub const MAX_EVENTS: usize = 1_000_000;

/// Most positions (vertices) in one GeoJSON file: 2,000,000. Every day redraws the context
/// layers, so their vertices cost time on every map.
pub const MAX_VERTICES: usize = 2_000_000;

/// Most positions in the theatre: 20,000. Every cell is cut from the theatre, so its outline
/// costs time once per place.
pub const MAX_THEATRE_VERTICES: usize = 20_000;

/// Most areas in areas.geojson: 1,000. Every cell is cut by every area that meets it, once
/// per run.
pub const MAX_AREAS: usize = 1_000;

/// Most context layers in dataset.toml: 64.
pub const MAX_LAYERS: usize = 64;

/// Longest span of a dataset, in days: 3,660 (ten years). `render` with no date draws every
/// day of the span.
pub const MAX_DAYS: i64 = 3_660;

/// Longest text shown on a map (a title, a name, an attribution line), in characters: 1,000.
/// Text layout is quadratic in the length of one text; 1,000 characters is more than a page
/// can show.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// Longest note of an event (listed by `events`, never drawn), in characters: 10,000.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// Largest page, in pixels: 40 million (e.g. 8000x5000). A day's pixmap takes 4 bytes a
/// pixel, 160 MB at this size.
pub const MAX_PAGE_PIXELS: u64 = 40_000_000;

/// Pixels rendered at once by parallel days: 80 million (320 MB of pixmaps); days of a large
/// page render on fewer threads so that the total stays under it.
pub const MAX_PIXELS_IN_FLIGHT: u64 = 80_000_000;

/// Narrowest view, in degrees of longitude or latitude: 1e-4 (about 10 m). A narrower view
/// has nothing to show and breaks the drawing's arithmetic.
pub const MIN_VIEW_DEGREES: f64 = 1e-4;

/// How many days rendered in parallel keep the pixmaps under [`MAX_PIXELS_IN_FLIGHT`].
pub fn parallel_days(width: u32, height: u32) -> usize {
    let pixels = (width as u64 * height as u64).max(1);
    (MAX_PIXELS_IN_FLIGHT / pixels).clamp(1, 64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_pages_render_on_fewer_threads() {
        assert_eq!(parallel_days(8000, 5000), 2);
        assert_eq!(parallel_days(1600, 1100), 45);
        assert_eq!(parallel_days(100_000, 100_000), 1);
    }
}
