//! What the command line says about itself beyond --help: shell completion scripts
//! (clap_complete) and man pages (clap_mangen), both generated from the clap definition in
//! [`crate::cli`], so they can never disagree with the flags the binary accepts.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
pub use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::write_atomic;

/// The clap command as the binary sees it, named `frontline` whatever the executable is called.
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The completion script of `shell` for `frontline` (to be sourced by, or installed for, that
/// shell).
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "frontline", &mut script);
    script
}

/// The roff source of one man page: `frontline(1)`, or `frontline-SUBCOMMAND(1)`.
fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut roff)
        .map_err(|err| Error::Render { what: "the man page".into(), message: err.to_string() })?;
    Ok(roff)
}

/// The man page of `frontline` itself (its synopsis lists the subcommands).
pub fn man_page() -> Result<Vec<u8>> {
    page(command())
}

/// Write `frontline.1` and one `frontline-SUBCOMMAND.1` per subcommand into `dir` (created if
/// missing), each atomically; returns the files written, sorted.
pub fn write_man_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    crate::output::prepare_folder(dir)?;
    let root = command();
    let mut pages = vec![("frontline.1".to_string(), page(root.clone())?)];
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        // The subcommand's display name is `frontline-NAME` once the root is built.
        let name = sub.get_display_name().unwrap_or_else(|| sub.get_name()).to_string();
        pages.push((format!("{name}.1"), page(sub.clone())?));
    }
    let mut written = Vec::new();
    for (name, roff) in pages {
        let path = dir.join(name);
        write_atomic(&path, &roff)?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
            let script = String::from_utf8(completions(shell)).unwrap();
            for word in ["render", "completions", "date", "from", "format"] {
                assert!(script.contains(word), "{shell}: no {word}");
            }
        }
    }

    #[test]
    fn the_man_page_is_roff_with_the_subcommands() {
        let roff = String::from_utf8(man_page().unwrap()).unwrap();
        assert!(roff.starts_with(".ie \\n(.g .ds Aq") || roff.contains(".TH frontline 1"), "{roff}");
        assert!(roff.contains(".TH frontline 1"));
        assert!(roff.contains("render") && roff.contains("validate"));
    }

    #[test]
    fn one_page_per_subcommand() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_man_pages(dir.path()).unwrap();
        let names: Vec<String> =
            written.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert!(names.contains(&"frontline.1".to_string()));
        assert!(names.contains(&"frontline-render.1".to_string()), "{names:?}");
        let render = std::fs::read_to_string(dir.path().join("frontline-render.1")).unwrap();
        assert!(render.contains("\\-\\-date") || render.contains("--date"), "{render}");
    }
}
