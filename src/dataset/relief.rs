//! `relief.json` (optional): a grid of elevations in metres, for the map's hillshading.
//!
//! Cell centres on a regular lon/lat grid: the first value is the cell at (`west`, `north`),
//! then eastward along the row (`cols` values, `step` degrees apart), then row after row
//! southward (`rows` rows). The default dataset's grid is built by `tools/build_relief.py`.

use serde::Deserialize;

use crate::error::{Location, Problem};

/// The optional relief file of a dataset.
pub const RELIEF_FILE: &str = "relief.json";

/// More cells than this is not a relief for a map of a region (the default has 1,400).
const MAX_CELLS: usize = 4_000_000;

/// A checked elevation grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Relief {
    pub west: f64,
    pub north: f64,
    /// Degrees between cell centres, in both directions.
    pub step: f64,
    pub cols: usize,
    pub rows: usize,
    /// Metres, row by row from the north.
    pub elevation_m: Vec<f32>,
    /// Where the grid comes from (shown by `validate`).
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelief {
    source: String,
    west: f64,
    north: f64,
    step: f64,
    cols: usize,
    rows: usize,
    elevation_m: Vec<f32>,
}

/// Parse and check `relief.json`; problems name the file and, for JSON errors, the line.
pub fn parse(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Relief> {
    let raw: RawRelief = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let expected = "expected { source, west, north, step, cols, rows, elevation_m: [metres] }";
            let message = format!("{error}: {expected}");
            problems.push(Problem::new(Location::Line(file.to_string(), error.line() as u64), message));
            return None;
        }
    };
    let mut fail = |message: String| problems.push(Problem::new(Location::File(file.to_string()), message));
    let cells = raw.cols.checked_mul(raw.rows).filter(|&n| n <= MAX_CELLS);
    if raw.cols < 2 || raw.rows < 2 || cells.is_none() {
        fail(format!("{} x {} cells: expected at least 2 x 2 and at most {MAX_CELLS}", raw.cols, raw.rows));
    } else if cells != Some(raw.elevation_m.len()) {
        fail(format!("{} elevations: expected cols x rows = {}", raw.elevation_m.len(), raw.cols * raw.rows));
    } else if !(raw.step.is_finite() && raw.step > 0.0 && raw.step <= 10.0) {
        fail(format!("step = {}: expected degrees between cells, above 0 and at most 10", raw.step));
    } else if !((-180.0..=180.0).contains(&raw.west) && (-90.0..=90.0).contains(&raw.north)) {
        fail(format!("west = {}, north = {}: expected a longitude and a latitude", raw.west, raw.north));
    } else if let Some(z) = raw.elevation_m.iter().find(|z| !(-12_000.0..=9_000.0).contains(*z)) {
        fail(format!("elevation {z}: expected metres between -12000 and 9000"));
    } else {
        let RawRelief { source, west, north, step, cols, rows, elevation_m } = raw;
        return Some(Relief { west, north, step, cols, rows, elevation_m, source });
    }
    None
}

impl Relief {
    /// Elevation at a point, interpolated (Catmull-Rom, so hillshading has no cell edges);
    /// `None` outside the grid.
    pub fn elevation(&self, lon: f64, lat: f64) -> Option<f32> {
        let x = (lon - self.west) / self.step;
        let y = (self.north - lat) / self.step;
        let (max_x, max_y) = ((self.cols - 1) as f64, (self.rows - 1) as f64);
        if !(0.0..=max_x).contains(&x) || !(0.0..=max_y).contains(&y) {
            return None;
        }
        let (cx, cy) = (x.floor().min(max_x - 1.0), y.floor().min(max_y - 1.0));
        let (tx, ty) = ((x - cx) as f32, (y - cy) as f32);
        let at = |col: f64, row: f64| {
            let col = col.clamp(0.0, max_x) as usize;
            let row = row.clamp(0.0, max_y) as usize;
            self.elevation_m[row * self.cols + col]
        };
        let row = |dy: f64| {
            let p = [-1.0, 0.0, 1.0, 2.0].map(|dx| at(cx + dx, cy + dy));
            catmull_rom(p, tx)
        };
        Some(catmull_rom([row(-1.0), row(0.0), row(1.0), row(2.0)], ty))
    }
}

/// The Catmull-Rom spline through p1 and p2 at `t` (0..1), with p0 and p3 as neighbours.
fn catmull_rom([p0, p1, p2, p3]: [f32; 4], t: f32) -> f32 {
    let (t2, t3) = (t * t, t * t * t);
    0.5 * (2.0 * p1 + (p2 - p0) * t + (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3) * t2 + (3.0 * p1 - p0 - 3.0 * p2 + p3) * t3)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRID: &str = r#"{"source": "test", "west": 10.0, "north": 50.0, "step": 1.0, "cols": 4, "rows": 2,
        "elevation_m": [0, 100, 200, 300, 0, 100, 200, 300]}"#;

    #[test]
    fn a_grid_loads_and_interpolates_between_its_cells() {
        let mut problems = Vec::new();
        let relief = parse("relief.json", GRID, &mut problems).expect("a valid grid");
        assert!(problems.is_empty());
        assert_eq!(relief.elevation(10.0, 50.0), Some(0.0));
        assert_eq!(relief.elevation(12.0, 49.0), Some(200.0));
        // A plane stays a plane under Catmull-Rom (away from the edges, where it is clamped).
        assert!((relief.elevation(11.5, 49.5).unwrap() - 150.0).abs() < 1e-3);
        assert_eq!(relief.elevation(9.9, 49.5), None);
        assert_eq!(relief.elevation(11.0, 50.1), None);
    }

    #[test]
    fn a_wrong_count_or_bad_json_is_an_error_naming_the_file() {
        let mut problems = Vec::new();
        let short = GRID.replace("0, 100, 200, 300]", "0, 300]");
        assert!(parse("relief.json", &short, &mut problems).is_none());
        assert!(problems[0].to_string().contains("6 elevations: expected cols x rows = 8"), "{}", problems[0]);
        let mut problems = Vec::new();
        assert!(parse("relief.json", "{\n\"west\": x}", &mut problems).is_none());
        assert!(problems[0].to_string().starts_with("relief.json:2:"), "{}", problems[0]);
    }
}
