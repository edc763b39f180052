//! `frontline init DIR`: write a small, documented, valid template dataset (src/template/) into
//! a new or empty folder, never over a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The template's files: path inside the dataset folder, text.
const TEMPLATE: &[(&str, &str)] = &[
    ("README.md", include_str!("template/README.md")),
    ("dataset.toml", include_str!("template/dataset.toml")),
    ("places.geojson", include_str!("template/places.geojson")),
    ("theatre.geojson", include_str!("template/theatre.geojson")),
    ("frontline.geojson", include_str!("template/frontline.geojson")),
    ("layers/countries.geojson", include_str!("template/layers/countries.geojson")),
    ("events.csv", include_str!("template/events.csv")),
];

/// Write the template dataset into `dir`, created when missing. A folder that is not empty is
/// refused (a usage error) before anything is written, and no file is ever overwritten.
pub fn write_template(dir: &Path) -> Result<Vec<PathBuf>> {
    refuse_non_empty(dir)?;
    std::fs::create_dir_all(dir.join("layers")).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for (name, text) in TEMPLATE {
        let path = dir.join(name);
        write_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

fn refuse_non_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::Usage(format!("init {}: not a folder (expected a new or empty folder)", dir.display())));
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    if entries.next().is_some() {
        return Err(Error::Usage(format!(
            "init {}: the folder is not empty (expected a new or empty folder; nothing was written)",
            dir.display()
        )));
    }
    Ok(())
}

/// Create `path` and write `text`; an existing file is an error, never overwritten.
fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{DataSource, Dataset};

    #[test]
    fn the_template_loads_and_validates_without_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("war");
        let written = write_template(&data).unwrap();
        assert_eq!(written.len(), TEMPLATE.len());
        let dataset = Dataset::load(&DataSource::Dir(data)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dataset.meta.sides.len(), 2);
        let atlas = crate::Atlas::new(dataset);
        assert_eq!(crate::validate::warnings(&atlas), Vec::<String>::new());
        assert_eq!(crate::validate::contradictions(&atlas), Vec::<String>::new());
    }

    #[test]
    fn a_folder_with_a_file_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("events.csv"), "mine").unwrap();
        let err = write_template(dir.path()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("not empty"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("events.csv")).unwrap(), "mine");
        assert!(!dir.path().join("dataset.toml").exists());
    }
}
