//! Reading data files into layers: GeoJSON, Shapefile (`.shp` + `.dbf` + `.prj` + `.cpg`) and
//! CSV points. Each reader turns its file into raw features in the file's own CRS; [`build`]
//! then resolves the CRS, reprojects, types the attributes and writes the [`LoadReport`].
//!
//! Bad input never panics: a broken feature is skipped with a German reason and the rest
//! loads; a file that cannot be read at all gives a [`LoadError`] whose message names the
//! problem first and the path last. No UI code here.

pub mod atomic;
pub mod build;
pub mod csv_points;
pub mod geojson;
pub mod meta;
pub mod report;
pub mod shapefile;
pub mod table;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use report::{CrsSource, Format, LoadReport, Skipped};

use crate::crs::CrsError;
use crate::model::Layer;

/// A loaded layer with its report.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub layer: Layer,
    pub report: LoadReport,
}

/// Why a file could not be loaded at all. Messages are German; the path comes last.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("Datei nicht gefunden: {path}")]
    NotFound { path: String },
    #[error("Datei kann nicht gelesen werden ({source}): {path}")]
    Io {
        source: std::io::Error,
        path: String,
    },
    #[error(
        "Dateiformat „{extension}“ wird nicht unterstützt – lesbar sind GeoJSON (.geojson, .json), \
         Shapefile (.shp) und CSV mit Koordinatenspalten (.csv): {path}"
    )]
    UnsupportedFormat { extension: String, path: String },
    #[error("Keine gültige GeoJSON-Datei ({detail}): {path}")]
    GeoJson { detail: String, path: String },
    #[error("Zur Shapefile fehlt die .dbf-Datei mit den Attributen: {path}")]
    MissingDbf { path: String },
    #[error("Shapefile kann nicht gelesen werden ({detail}): {path}")]
    Shapefile { detail: String, path: String },
    #[error("CSV-Datei kann nicht als Punktebene gelesen werden ({detail}): {path}")]
    Csv { detail: String, path: String },
    #[error("Koordinatensystem der Datei ist nicht verwendbar ({source}): {path}")]
    Crs { source: CrsError, path: String },
    #[error("Laden abgebrochen")]
    Cancelled,
}

/// A cancel flag shared between the UI and a loading thread.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The format a path stands for, from its extension.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_lowercase();
    match ext.as_str() {
        "geojson" | "json" => Some(Format::GeoJson),
        "shp" | "dbf" | "shx" | "prj" => Some(Format::Shapefile),
        "csv" | "txt" => Some(Format::Csv),
        _ => None,
    }
}

/// Load any supported file.
pub fn load_path(path: &Path, cancel: &Cancel) -> Result<Loaded, LoadError> {
    let shown = path.display().to_string();
    let format = format_of(path).ok_or_else(|| LoadError::UnsupportedFormat {
        extension: path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_owned(),
        path: shown.clone(),
    })?;
    let path: PathBuf = match format {
        Format::Shapefile => path.with_extension("shp"),
        _ => path.to_path_buf(),
    };
    if !path.exists() {
        return Err(LoadError::NotFound {
            path: path.display().to_string(),
        });
    }
    let raw = match format {
        Format::GeoJson => geojson::read(&path)?,
        Format::Shapefile => shapefile::read(&path)?,
        Format::Csv => csv_points::read(&path)?,
    };
    build::build(raw, cancel)
}

/// The layer name shown to the user: the file name without extension.
pub(crate) fn layer_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Ebene".to_owned())
}

/// Read a whole text file, UTF-8 (with or without BOM) or — when that fails — Windows-1252.
/// Returns the text and whether the fallback was used.
pub(crate) fn read_text(path: &Path) -> Result<(String, bool), LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        source,
        path: path.display().to_string(),
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), false)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), true))
        }
    }
}
