//! Errors of the library, and the exit codes of the binary.
//!
//! Every input problem is a [`Problem`]: where (file, and a line or a feature) and what was
//! expected. Loading collects all of them so `frontline validate` can list them at once.
//!
//! Exit codes: 0 success; 2 bad input or usage (a [`Error::Input`] or [`Error::Usage`]);
//! 1 any other failure (writing files, rendering).

use std::fmt;
use std::path::PathBuf;

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A whole file.
    File(String),
    /// A line of a text file (1-based, as an editor shows it).
    Line(String, u64),
    /// A feature of a GeoJSON file, by index (0-based) and id when it has one.
    Feature(String, usize, Option<String>),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(file) => write!(f, "{file}"),
            Location::Line(file, line) => write!(f, "{file}:{line}"),
            Location::Feature(file, index, Some(id)) => write!(f, "{file}: feature {index} (\"{id}\")"),
            Location::Feature(file, index, None) => write!(f, "{file}: feature {index}"),
        }
    }
}

/// One thing wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    pub message: String,
}

impl Problem {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Problem { location, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// The library's error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset has one or more problems.
    #[error("{}", format_problems(.0))]
    Input(Vec<Problem>),
    /// The command line asks for something the dataset cannot give (a date out of span...).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// Rendering failed (should not happen for a valid scene).
    #[error("rendering {what}: {message}")]
    Render { what: String, message: String },
}

/// How many problems an error message lists.
const MAX_PROBLEMS_SHOWN: usize = 1000;

/// One problem on one line, `FILE:LINE: what was expected` (the format of every error);
/// several under a count, one a line.
fn format_problems(problems: &[Problem]) -> String {
    if let [problem] = problems {
        return problem.to_string();
    }
    let mut text = format!("the dataset has {} problems:", problems.len());
    // A million bad rows would print a million lines: the first ones tell what is wrong.
    for problem in problems.iter().take(MAX_PROBLEMS_SHOWN) {
        text.push_str("\n  ");
        text.push_str(&problem.to_string());
    }
    if problems.len() > MAX_PROBLEMS_SHOWN {
        text.push_str(&format!("\n  ... and {} more", problems.len() - MAX_PROBLEMS_SHOWN));
    }
    text
}

impl Error {
    /// The process exit code for this error (see the module doc).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Io { .. } | Error::Render { .. } => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_problem_is_one_line_naming_file_and_line() {
        let one = Error::Input(vec![Problem::new(Location::Line("events.csv".into(), 17), "unknown place \"shusa\"")]);
        assert_eq!(one.to_string(), "events.csv:17: unknown place \"shusa\"");
        let two = Error::Input(vec![
            Problem::new(Location::Line("events.csv".into(), 17), "a"),
            Problem::new(Location::File("dataset.toml".into()), "b"),
        ]);
        assert_eq!(two.to_string(), "the dataset has 2 problems:\n  events.csv:17: a\n  dataset.toml: b");
    }
}
