//! The war's export checked by GDAL, the library GIS tools are built on: every area polygon is
//! valid (OGC simple features, as GEOS checks them), and each layer converts to FlatGeobuf and
//! GeoPackage with `ogr2ogr` without an error.
//!
//! Needs gdal-bin (ogrinfo, ogr2ogr; `.ci/run` installs it). Without it the test says so and
//! passes on a developer's machine, but fails in CI (`CI` set), so it is never skipped silently.

mod common;

use std::path::Path;
use std::process::Command;

fn gdal_present() -> bool {
    let found = Command::new("ogrinfo").arg("--version").output().is_ok_and(|o| o.status.success());
    common::tool_present(found, "ogrinfo", "apt-get install gdal-bin")
}

/// The one layer of a GeoJSON file, as ogrinfo names it.
fn layer_name(file: &Path) -> String {
    let output = Command::new("ogrinfo").args(["-q", "-ro"]).arg(file).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().next().unwrap_or_default();
    // "1: NAME (Multi Polygon)"
    let name = line.split_once(": ").map_or(line, |(_, rest)| rest);
    name.rsplit_once(" (").map_or(name, |(name, _)| name).to_string()
}

fn export(dir: &Path, date: &str, layer: &str) -> std::path::PathBuf {
    let out = dir.join(format!("{layer}-{date}.geojson"));
    let output = common::frontline(&["export", "--date", date, "--layer", layer, "--out", out.to_str().unwrap()], dir);
    assert!(output.status.success(), "{}", common::stderr(&output));
    out
}

#[test]
fn every_exported_area_is_valid_for_gdal() {
    if !gdal_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for date in ["2020-10-20", "2020-11-10", "2020-12-01"] {
        let file = export(dir.path(), date, "areas");
        let sql = format!("SELECT COUNT(*) AS n, SUM(ST_IsValid(geometry)) AS valid FROM \"{}\"", layer_name(&file));
        let output = Command::new("ogrinfo")
            .args(["-q", "-ro", "-dialect", "sqlite", "-sql", &sql])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        let number = |key: &str| -> i64 {
            text.lines()
                .find(|l| l.trim_start().starts_with(&format!("{key} (")))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(-1)
        };
        assert!(number("n") > 0, "{date}: no polygons?\n{text}");
        assert_eq!(number("n"), number("valid"), "{date}: invalid polygons\n{text}{}", common::stderr(&output));
    }
}

#[test]
fn each_layer_converts_to_flatgeobuf_and_geopackage() {
    if !gdal_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for layer in ["areas", "front", "events"] {
        let file = export(dir.path(), "2020-11-09", layer);
        for (driver, extension) in [("FlatGeobuf", "fgb"), ("GPKG", "gpkg")] {
            let out = dir.path().join(format!("{layer}.{extension}"));
            let output = Command::new("ogr2ogr").args(["-f", driver]).arg(&out).arg(&file).output().unwrap();
            let errors = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success() && !errors.contains("ERROR"), "{layer} to {driver}: {errors}");
            assert!(out.exists(), "{layer} to {driver}: no file");
        }
    }
}
