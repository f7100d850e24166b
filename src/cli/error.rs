//! The one error type of the command line: what a command could not do, in German, and the exit
//! code it ends with. Commands return it; [`super::run`] prints it once, as "Fehler: …" on
//! stderr. Nothing here prints or decides what went wrong — the commands say that.

use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code for input that cannot be read (and for every other failed command).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Input that cannot be read or used, or options that do not fit together (the German
    /// message says which and why, the file last).
    #[error("{0}")]
    Input(String),
    /// The output file could not be written.
    #[error("Datei kann nicht geschrieben werden ({source}): {}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A tile package got no tile at all; the summary on stdout already says so.
    #[error("Keine Kachel wurde geladen.")]
    NoTileLoaded,
    /// The window (no subcommand) could not be opened.
    #[error("Das Fenster konnte nicht geöffnet werden ({0}).")]
    Window(#[source] eframe::Error),
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Input(message)
    }
}

impl CliError {
    /// The exit code each command has always used: 1 when the window cannot open, 2 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Window(_) => ExitCode::FAILURE,
            _ => ExitCode::from(EXIT_BAD_INPUT),
        }
    }

    /// Whether the message still has to be printed (not when stdout already explained it).
    pub fn needs_message(&self) -> bool {
        !matches!(self, CliError::NoTileLoaded)
    }
}
