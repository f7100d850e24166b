//! Reading data files into layers: GeoJSON, Shapefile (`.shp` + `.dbf` + `.prj` + `.cpg`) and
//! CSV points. Each reader turns its file into raw features in the file's own CRS; [`build`]
//! then resolves the CRS, reprojects, types the attributes and writes the [`LoadReport`].
//!
//! Bad input never panics: a broken feature is skipped with a German reason and the rest
//! loads; a file that cannot be read at all gives a [`LoadError`] whose message names the
//! problem first and the path last. No UI code here.

pub mod atomic;
pub mod build;
pub mod csv_out;
pub mod csv_points;
pub mod dbf;
pub mod geojson;
pub mod meta;
pub mod regular;
pub mod report;
pub mod shapefile;
mod shp_records;
pub mod synthetic;
pub mod table;
pub mod validity;
pub(crate) mod wide;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

pub use report::{CrsSource, Format, LoadReport, Skipped};

use crate::crs::CrsError;
use crate::i18n::Bilingual;
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
    #[error("Datei ist leer (0 Bytes): {path}")]
    Empty { path: String },
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
    GeoJson { detail: Bilingual, path: String },
    #[error("Zur Shapefile fehlt die .dbf-Datei mit den Attributen: {path}")]
    MissingDbf { path: String },
    #[error("Shapefile kann nicht gelesen werden ({detail}): {path}")]
    Shapefile { detail: Bilingual, path: String },
    #[error("CSV-Datei kann nicht als Punktebene gelesen werden ({detail}): {path}")]
    Csv { detail: Bilingual, path: String },
    #[error("Koordinatensystem der Datei ist nicht verwendbar ({source}): {path}")]
    Crs { source: CrsError, path: String },
    #[error("Laden abgebrochen")]
    Cancelled,
}

impl LoadError {
    /// The message in English (its `Display` is German, for the CLI).
    pub fn english(&self) -> String {
        match self {
            LoadError::NotFound { path } => format!("File not found: {path}"),
            LoadError::Empty { path } => format!("File is empty (0 bytes): {path}"),
            LoadError::Io { source, path } => {
                format!("File cannot be read ({}): {path}", regular::english(source))
            }
            LoadError::UnsupportedFormat { extension, path } => format!(
                "File format “{extension}” is not supported – readable are GeoJSON (.geojson, \
                 .json), Shapefile (.shp) and CSV with coordinate columns (.csv): {path}"
            ),
            LoadError::GeoJson { detail, path } => {
                format!("Not a valid GeoJSON file ({}): {path}", detail.en)
            }
            LoadError::MissingDbf { path } => {
                format!("The .dbf file with the attributes is missing for this shapefile: {path}")
            }
            LoadError::Shapefile { detail, path } => {
                format!("Shapefile cannot be read ({}): {path}", detail.en)
            }
            LoadError::Csv { detail, path } => format!(
                "CSV file cannot be read as a point layer ({}): {path}",
                detail.en
            ),
            LoadError::Crs { source, path } => {
                format!("The file's coordinate system cannot be used ({source}): {path}")
            }
            LoadError::Cancelled => "Loading cancelled".to_owned(),
        }
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::new(self.to_string(), self.english())
    }
}

/// A cancel flag shared between the UI and a loading thread; it also carries the load's
/// progress back to the UI.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<LoadControl>);

#[derive(Debug, Default)]
struct LoadControl {
    cancelled: AtomicBool,
    stage: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// The steps of a load, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStage {
    /// Reading and parsing the file (no fraction known).
    Reading,
    /// Checking, reprojecting and typing the features (`done` of `total`).
    Converting,
    /// Building the spatial index and the drawing mesh.
    Indexing,
}

/// A snapshot of a load's progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadProgress {
    pub stage: LoadStage,
    pub done: usize,
    /// 0 when the step has no known size.
    pub total: usize,
}

impl LoadProgress {
    /// The share done in this step, when known.
    pub fn fraction(&self) -> Option<f32> {
        (self.total > 0).then(|| (self.done.min(self.total) as f32) / self.total as f32)
    }
}

impl Cancel {
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    /// Enter a step of `total` units (0: size unknown).
    pub fn set_stage(&self, stage: LoadStage, total: usize) {
        self.0.done.store(0, Ordering::Relaxed);
        self.0.total.store(total, Ordering::Relaxed);
        self.0.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// Units of the current step done so far.
    pub fn set_done(&self, done: usize) {
        self.0.done.store(done, Ordering::Relaxed);
    }

    /// Count `n` more units done (from several threads).
    pub fn add_done(&self, n: usize) {
        self.0.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn progress(&self) -> LoadProgress {
        let stage = match self.0.stage.load(Ordering::Relaxed) {
            0 => LoadStage::Reading,
            1 => LoadStage::Converting,
            _ => LoadStage::Indexing,
        };
        LoadProgress {
            stage,
            done: self.0.done.load(Ordering::Relaxed),
            total: self.0.total.load(Ordering::Relaxed),
        }
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
    check_head(&path, format)?;
    if format == Format::Shapefile {
        regular::shapefile_parts(&path)?;
    }
    cancel.set_stage(LoadStage::Reading, 0);
    let raw = match format {
        Format::GeoJson => geojson::read(&path, cancel)?,
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

/// How many bytes at the start of a file are checked before the whole file is read.
pub(crate) const HEAD_BYTES: usize = 64 * 1024;

/// The first `n` bytes of a file (fewer if the file is shorter).
pub(crate) fn file_head(path: &Path, n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    regular::regular_file(path)?;
    let mut head = Vec::with_capacity(n.min(HEAD_BYTES));
    std::fs::File::open(path)?
        .take(n as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Whether the start of a file shows binary content: a NUL byte in bytes that are not UTF-16
/// or UTF-32 text (by byte order mark or the zero bytes of ASCII, see [`wide::detect`]).
/// No text format read here contains NUL bytes otherwise.
pub(crate) fn head_is_binary(head: &[u8]) -> bool {
    wide::detect(head).is_none() && head.contains(&0)
}

/// Refuse an empty file, and a text format whose start is binary, before the whole file is
/// read into memory (a 1 GB file of zero bytes costs no more than its first 64 KiB).
fn check_head(path: &Path, format: Format) -> Result<(), LoadError> {
    let shown = || path.display().to_string();
    let head = file_head(path, HEAD_BYTES).map_err(|source| LoadError::Io {
        source,
        path: shown(),
    })?;
    if head.is_empty() {
        return Err(LoadError::Empty { path: shown() });
    }
    if format == Format::Shapefile {
        return Ok(());
    }
    // UTF-16 and UTF-32 text is read (and named in the load report), not taken for binary.
    if !head_is_binary(&head) {
        return Ok(());
    }
    let detail = Bilingual::new(
        "die Datei enthält Binärdaten (Nullbytes) statt Text – vielleicht ein anderes Format mit \
         falscher Endung?",
        "the file holds binary data (null bytes) instead of text – perhaps another format with \
         the wrong extension?",
    );
    match format {
        Format::GeoJson => Err(LoadError::GeoJson {
            detail,
            path: shown(),
        }),
        Format::Csv => Err(LoadError::Csv {
            detail,
            path: shown(),
        }),
        Format::Shapefile => Ok(()),
    }
}

/// Decode text bytes: UTF-16/32 when [`wide::detect`] finds it, UTF-8 (with or without
/// BOM) or — when that fails — Windows-1252. Returns the text (without BOM) and whether the
/// Windows-1252 fallback was used.
pub(crate) fn decode_text(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    if let Some(w) = wide::detect(bytes) {
        return (std::borrow::Cow::Owned(w.decode(bytes)), false);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => (encoding_rs::WINDOWS_1252.decode(bytes).0, true),
    }
}

/// The load report's word on a text file in UTF-16 or UTF-32, naming the encoding.
pub(crate) fn wide_note(bytes: &[u8]) -> Option<Bilingual> {
    let encoding = wide::detect(bytes)?.label();
    Some(crate::bilingual!(
        "Die Datei ist in {encoding} kodiert und wurde entsprechend gelesen (üblich ist UTF-8).",
        "The file is encoded in {encoding} and was read accordingly (UTF-8 is usual)."
    ))
}

/// Read a whole text file, UTF-8 (with or without BOM) or — when that fails — Windows-1252.
/// Returns the text and whether the fallback was used.
pub(crate) fn read_text(path: &Path) -> Result<(String, bool), LoadError> {
    let bytes = regular::regular_file(path)
        .and_then(|()| std::fs::read(path))
        .map_err(|source| LoadError::Io {
            source,
            path: path.display().to_string(),
        })?;
    let (text, fallback) = decode_text(&bytes);
    Ok((text.into_owned(), fallback))
}
