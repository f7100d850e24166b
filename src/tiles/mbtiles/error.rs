//! The errors of an MBTiles file ([`MbTilesError`], German, path last) and the mapping of
//! SQLite's errors onto them. Must not open, read or write a file.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// What can go wrong with an MBTiles file. Messages are German, the path comes last.
#[derive(Debug, thiserror::Error)]
pub enum MbTilesError {
    #[error("Datei nicht gefunden: {}", .path.display())]
    NotFound { path: PathBuf },
    #[error("Keine MBTiles-Datei (ein Ordner, keine Datei): {}", .path.display())]
    NotAFile { path: PathBuf },
    #[error("Keine MBTiles-Datei (die Datei ist leer): {}", .path.display())]
    Empty { path: PathBuf },
    /// `found` names what the file is instead, when it is recognised ("ein PNG-Bild").
    #[error(
        "Keine MBTiles-Datei (keine SQLite-Datenbank{}): {}",
        .found.map(|f| format!(", sondern {f}")).unwrap_or_default(),
        .path.display()
    )]
    NotSqlite {
        path: PathBuf,
        found: Option<&'static str>,
    },
    #[error("Keine MBTiles-Datei (Tabelle „tiles“ fehlt): {}", .path.display())]
    NoTilesTable { path: PathBuf },
    #[error(
        "Keine MBTiles-Datei (Tabelle „tiles“ ohne die Spalten zoom_level, tile_column, \
         tile_row, tile_data): {}",
        .path.display()
    )]
    BadTilesTable { path: PathBuf },
    #[error("MBTiles-Datei kann nicht gelesen werden ({source}): {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("MBTiles-Datei kann nicht gelesen werden ({source}): {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("MBTiles-Datei kann nicht geschrieben werden ({source}): {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("MBTiles-Datei ist nur zum Lesen geöffnet, nichts gespeichert: {}", .path.display())]
    ReadOnly { path: PathBuf },
    #[error(
        "MBTiles-Datei verlangt zu viel Rechenarbeit: die Abfrage wurde nach {} Millionen \
         Schritten abgebrochen (ist „tiles“ eine endlose Sicht?): {}",
        .steps / 1_000_000,
        .path.display()
    )]
    TooMuchWork { steps: u64, path: PathBuf },
    #[error(
        "MBTiles-Datei im WAL-Modus kann auf diesem schreibgeschützten Datenträger nicht \
         gelesen werden – bitte auf einen beschreibbaren Datenträger kopieren: {}",
        .path.display()
    )]
    WalReadOnly { path: PathBuf },
    #[error("Kachel {z}/{x}/{y} liegt außerhalb des Kachelgitters: {}", .path.display())]
    InvalidKey {
        z: u8,
        x: u32,
        y: u32,
        path: PathBuf,
    },
}

pub(super) fn read_error(path: &Path, e: rusqlite::Error) -> MbTilesError {
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        MbTilesError::NotSqlite {
            path: path.to_path_buf(),
            found: None,
        }
    } else {
        MbTilesError::Read {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

pub(super) fn write_error(path: &Path, e: rusqlite::Error) -> MbTilesError {
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        read_error(path, e)
    } else {
        MbTilesError::Write {
            path: path.to_path_buf(),
            source: e,
        }
    }
}
