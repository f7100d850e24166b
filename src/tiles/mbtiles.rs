//! MBTiles 1.3 raster tile files: a SQLite database with `metadata(name, value)` and
//! `tiles(zoom_level, tile_column, tile_row, tile_data)`, where `tile_row` counts from the south
//! (TMS): `row = 2^z − 1 − y` for an XYZ key. Everything here takes and returns XYZ
//! [`TileKey`]s and flips rows at the SQL boundary.
//!
//! [`MbTiles::open`] reads a file (read-only); [`MbTiles::create`] creates or continues one for
//! an offline package: tiles given to [`MbTiles::insert`] are buffered and written in one
//! transaction every [`DEFAULT_BATCH`] tiles (or on [`MbTiles::flush`]), and
//! [`MbTiles::contains`] lets an interrupted download skip what it already has. SQLite makes
//! each committed batch atomic, so a crash loses at most the unflushed buffer, never the file.
//!
//! Bad input — a missing file, an empty file, a PNG renamed `.mbtiles`, a SQLite database
//! without a `tiles` table — gives a German [`MbTilesError`] with the path last, never a panic.
//! A FIFO or device named `.mbtiles` is refused before it is opened. Every query runs with a
//! work budget counted in SQLite's own instruction steps (a progress handler): a `tiles` view
//! that never ends (a recursive CTE) gives up after that many steps with a German message,
//! independent of the machine's speed. A file in WAL mode on read-only media, whose shared
//! memory file cannot be made, is read as immutable instead.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use super::{TileKey, tile_corner};
use crate::model::value::{format_fixed_de, format_number_de};

/// Tiles buffered by [`MbTiles::insert`] before they are written in one transaction.
pub const DEFAULT_BATCH: usize = 512;

/// Buffered bytes that force a write even before the batch is full.
const MAX_PENDING_BYTES: usize = 32 * 1024 * 1024;

/// The highest zoom whose tile numbers fit the XYZ scheme's `u32`s.
const MAX_ZOOM: u8 = 32;

/// SQLite instruction steps between two looks at the work budget.
const STEPS_PER_CHECK: i32 = 1_000;

/// The work one lookup (a tile, the metadata, the first tile) may take, in SQLite instruction
/// steps. An indexed lookup takes about 20; a lookup without an index scans the table at about
/// 5 steps a tile, so this allows 4 million tiles even then.
pub const LOOKUP_STEPS: u64 = 20_000_000;

/// The work one pass over all tiles ([`MbTiles::info`]) may take: about 25 steps a tile
/// (measured on a table and on an mbutil-style view), so 20 million tiles — far more than a
/// file of any size a planner receives.
pub const SCAN_STEPS: u64 = 500_000_000;

/// At most this many metadata rows are read (a real file has about ten).
const MAX_METADATA_ROWS: usize = 1_000;

/// The largest value SQLite may hand over from a read-only file: a tile is far smaller; a view
/// that makes a gigabyte blob fails instead of allocating it.
const MAX_VALUE_BYTES: i32 = 16 * 1024 * 1024;

/// The first 16 bytes of every SQLite 3 database.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_MAGIC: &[u8] = b"\xff\xd8\xff";

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

/// The metadata of a tile set (MBTiles 1.3 `metadata` table). Missing fields are empty
/// strings or `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct MbMeta {
    /// `name`; when the file has none, [`MbTiles::meta`] uses the file name without extension.
    pub name: String,
    /// `format`: "png" or "jpg" (also "webp", "pbf" … in other files). When the file has none,
    /// [`MbTiles::meta`] sniffs the first tile; empty when that tells nothing either.
    pub format: String,
    /// `bounds`: west, south, east, north in degrees (WGS 84).
    pub bounds: Option<[f64; 4]>,
    /// `minzoom`.
    pub min_zoom: Option<u8>,
    /// `maxzoom`.
    pub max_zoom: Option<u8>,
    /// `attribution`: must be shown with the map.
    pub attribution: String,
    /// `description`.
    pub description: String,
    /// `type`: "baselayer" or "overlay".
    pub kind: String,
}

impl Default for MbMeta {
    /// An unnamed PNG base layer.
    fn default() -> Self {
        Self {
            name: String::new(),
            format: "png".to_owned(),
            bounds: None,
            min_zoom: None,
            max_zoom: None,
            attribution: String::new(),
            description: String::new(),
            kind: "baselayer".to_owned(),
        }
    }
}

impl MbMeta {
    /// The rows written to the `metadata` table; empty strings and `None` are left out.
    fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = Vec::new();
        let mut text = |name: &'static str, value: &str| {
            if !value.trim().is_empty() {
                rows.push((name, value.trim().to_owned()));
            }
        };
        text("name", &self.name);
        text("format", &self.format);
        text("attribution", &self.attribution);
        text("description", &self.description);
        text("type", &self.kind);
        if let Some(b) = self.bounds {
            rows.push(("bounds", format!("{},{},{},{}", b[0], b[1], b[2], b[3])));
        }
        if let Some(z) = self.min_zoom {
            rows.push(("minzoom", z.to_string()));
        }
        if let Some(z) = self.max_zoom {
            rows.push(("maxzoom", z.to_string()));
        }
        rows
    }

    /// Reads the `metadata` rows; unknown names are ignored, malformed values count as missing.
    fn from_rows(rows: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut meta = Self {
            format: String::new(),
            kind: String::new(),
            ..Self::default()
        };
        for (name, value) in rows {
            let value = value.trim().to_owned();
            match name.trim().to_ascii_lowercase().as_str() {
                "name" => meta.name = value,
                "format" => meta.format = value.to_ascii_lowercase(),
                "attribution" => meta.attribution = value,
                "description" => meta.description = value,
                "type" => meta.kind = value,
                "bounds" => meta.bounds = parse_bounds(&value),
                "minzoom" => meta.min_zoom = parse_zoom(&value),
                "maxzoom" => meta.max_zoom = parse_zoom(&value),
                _ => {}
            }
        }
        meta
    }
}

/// "west,south,east,north" → four finite numbers in range, else `None`.
fn parse_bounds(text: &str) -> Option<[f64; 4]> {
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let b: [f64; 4] = parts.try_into().ok()?;
    let ok = b.iter().all(|v| v.is_finite())
        && (-180.0..=180.0).contains(&b[0])
        && (-180.0..=180.0).contains(&b[2])
        && (-90.0..=90.0).contains(&b[1])
        && (-90.0..=90.0).contains(&b[3])
        && b[1] <= b[3];
    ok.then_some(b)
}

/// "12" (also "12.0", as some writers store it) → 12; anything else → `None`.
fn parse_zoom(text: &str) -> Option<u8> {
    let z = text.trim().parse::<f64>().ok()?;
    (z.fract() == 0.0 && (0.0..=f64::from(MAX_ZOOM)).contains(&z)).then_some(z as u8)
}

/// What the bytes of a tile are: "png", "jpg", "webp", or `None`.
pub fn sniff_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(PNG_MAGIC) {
        Some("png")
    } else if bytes.starts_with(JPEG_MAGIC) {
        Some("jpg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// The TMS row of an XYZ key, or `None` when the key lies outside the tile grid.
fn tms_row(key: TileKey) -> Option<i64> {
    if key.z > MAX_ZOOM {
        return None;
    }
    let n = 1_u64 << key.z;
    let (x, y) = (u64::from(key.x), u64::from(key.y));
    (x < n && y < n).then(|| (n - 1 - y) as i64)
}

/// Facts about a whole file, for the UI's info panel and the CLI.
#[derive(Debug, Clone, PartialEq)]
pub struct MbInfo {
    pub meta: MbMeta,
    /// All rows of the `tiles` table.
    pub tile_count: u64,
    /// Tiles per zoom level, ascending (levels outside 0..=32 are left out).
    pub zoom_levels: Vec<(u8, u64)>,
    /// West, south, east, north in degrees: the metadata's `bounds`, or, when that is missing,
    /// the extent of the tiles (see `bounds_from_tiles`). `None` for a file without either.
    pub bounds: Option<[f64; 4]>,
    /// Whether `bounds` was computed from the tiles rather than read from the metadata.
    pub bounds_from_tiles: bool,
    /// The sum of all tiles' sizes in bytes.
    pub total_bytes: u64,
}

impl MbInfo {
    /// A few German lines: name and format, zoom range, tile count per zoom, data size,
    /// extent and attribution.
    pub fn to_text_de(&self) -> String {
        let mut lines = Vec::new();
        let name = if self.meta.name.is_empty() {
            "(ohne Namen)".to_owned()
        } else {
            format!("„{}“", self.meta.name)
        };
        let mut kind = Vec::new();
        if !self.meta.format.is_empty() {
            kind.push(self.meta.format.to_uppercase());
        }
        match self.meta.kind.as_str() {
            "" => {}
            "baselayer" => kind.push("Grundkarte".to_owned()),
            "overlay" => kind.push("Überlagerung".to_owned()),
            other => kind.push(other.to_owned()),
        }
        if kind.is_empty() {
            lines.push(format!("MBTiles {name}"));
        } else {
            lines.push(format!("MBTiles {name} ({})", kind.join(", ")));
        }

        let zooms = match (self.zoom_levels.first(), self.zoom_levels.last()) {
            (Some((lo, _)), Some((hi, _))) if lo == hi => format!("Zoomstufe: {lo}"),
            (Some((lo, _)), Some((hi, _))) => format!("Zoomstufen: {lo} bis {hi}"),
            _ => "Zoomstufen: keine (die Datei enthält keine Kacheln)".to_owned(),
        };
        lines.push(zooms);
        let per_zoom: Vec<String> = self
            .zoom_levels
            .iter()
            .map(|(z, n)| format!("Stufe {z}: {}", format_number_de(*n as f64)))
            .collect();
        if per_zoom.is_empty() {
            lines.push("Kacheln: 0".to_owned());
        } else {
            lines.push(format!(
                "Kacheln: {} ({})",
                format_number_de(self.tile_count as f64),
                per_zoom.join(", ")
            ));
        }
        lines.push(format!("Datenmenge: {}", format_bytes_de(self.total_bytes)));
        match self.bounds {
            Some(b) => lines.push(format!(
                "Ausdehnung{}: W {}°, S {}°, O {}°, N {}°",
                if self.bounds_from_tiles {
                    " (aus den Kacheln berechnet)"
                } else {
                    ""
                },
                format_fixed_de(b[0], 4),
                format_fixed_de(b[1], 4),
                format_fixed_de(b[2], 4),
                format_fixed_de(b[3], 4),
            )),
            None => lines.push("Ausdehnung: unbekannt".to_owned()),
        }
        if self.meta.attribution.is_empty() {
            lines.push("Quellenangabe: keine in der Datei – bitte selbst ergänzen".to_owned());
        } else {
            lines.push(format!("Quellenangabe: {}", self.meta.attribution));
        }
        if !self.meta.description.is_empty() {
            lines.push(format!("Beschreibung: {}", self.meta.description));
        }
        lines.join("\n")
    }
}

/// "512 Bytes", "12,3 kB", "4,5 MB", "1,2 GB" (decimal units).
fn format_bytes_de(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} Bytes")
    } else if b < 1e6 {
        format!("{} kB", format_fixed_de(b / 1e3, 1))
    } else if b < 1e9 {
        format!("{} MB", format_fixed_de(b / 1e6, 1))
    } else {
        format!("{} GB", format_fixed_de(b / 1e9, 1))
    }
}

/// An open MBTiles file. From [`MbTiles::open`] it only reads; from [`MbTiles::create`] it
/// also writes, buffering inserts. Dropping a writer flushes its buffer but cannot report an
/// error doing so: call [`MbTiles::finish`] (or [`MbTiles::flush`]) to know.
pub struct MbTiles {
    conn: Connection,
    /// Work left for the running query, in checks of [`STEPS_PER_CHECK`] steps.
    budget: Arc<AtomicU64>,
    path: PathBuf,
    writable: bool,
    has_metadata: bool,
    pending: Vec<(TileKey, i64, Vec<u8>)>,
    pending_bytes: usize,
    batch: usize,
}

impl std::fmt::Debug for MbTiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MbTiles")
            .field("path", &self.path)
            .field("writable", &self.writable)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl MbTiles {
    /// Opens an MBTiles file for reading. Checks that it is a SQLite database with a usable
    /// `tiles` table (or view); the `metadata` table may be missing.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, MbTilesError> {
        let path = path.as_ref().to_path_buf();
        let header = check_header(&path, false)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(&path, flags).map_err(|e| read_error(&path, e))?;
        let budget = Arc::new(AtomicU64::new(0));
        guard(&mut conn, &budget, &path)?;
        budget.store(checks(LOOKUP_STEPS), Ordering::Relaxed);
        let has_metadata = match check_tables(&conn, &path) {
            // WAL mode needs a shared-memory file beside the database; on read-only media it
            // cannot be made. Read the file as immutable then (no locks, no side files).
            Err(MbTilesError::Read { source, .. }) if header.wal && is_access_error(&source) => {
                conn = Connection::open_with_flags(
                    immutable_uri(&path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(|_| MbTilesError::WalReadOnly { path: path.clone() })?;
                guard(&mut conn, &budget, &path)?;
                budget.store(checks(LOOKUP_STEPS), Ordering::Relaxed);
                check_tables(&conn, &path).map_err(|e| match e {
                    MbTilesError::Read { .. } => MbTilesError::WalReadOnly { path: path.clone() },
                    other => other,
                })?
            }
            other => other?,
        };
        Ok(Self {
            conn,
            budget,
            path,
            writable: false,
            has_metadata,
            pending: Vec::new(),
            pending_bytes: 0,
            batch: DEFAULT_BATCH,
        })
    }

    /// Creates an MBTiles file, or opens an existing one to add tiles (to resume a download):
    /// creates the `metadata` and `tiles` tables and the unique tile index where missing and
    /// writes `meta` (see [`MbTiles::write_meta`]). Refuses a file that is not SQLite rather
    /// than overwrite it; an empty file is taken as a new database.
    pub fn create(path: impl AsRef<Path>, meta: &MbMeta) -> Result<Self, MbTilesError> {
        let path = path.as_ref().to_path_buf();
        let exists = check_header(&path, true)?.exists;
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| write_error(&path, e))?;
        let budget = Arc::new(AtomicU64::new(checks(LOOKUP_STEPS)));
        guard(&mut conn, &budget, &path)?;
        if exists {
            // Fails on a file that is not a database after all.
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
                .map_err(|e| read_error(&path, e))?;
        }
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
             CREATE TABLE IF NOT EXISTS tiles (
                 zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
             CREATE UNIQUE INDEX IF NOT EXISTS tile_index
                 ON tiles (zoom_level, tile_column, tile_row);",
        )
        .map_err(|e| write_error(&path, e))?;
        check_tables(&conn, &path)?;
        let mut mb = Self {
            conn,
            budget,
            path,
            writable: true,
            has_metadata: true,
            pending: Vec::new(),
            pending_bytes: 0,
            batch: DEFAULT_BATCH,
        };
        mb.write_meta(meta)?;
        Ok(mb)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this was opened with [`MbTiles::create`].
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// How many inserts are buffered before they are written together (at least 1).
    pub fn set_batch_size(&mut self, tiles: usize) {
        self.batch = tiles.max(1);
    }

    /// Tiles inserted but not yet written.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Writes or updates the metadata rows for every field of `meta` that is set (non-empty
    /// string, `Some`); fields left empty keep what the file has.
    pub fn write_meta(&mut self, meta: &MbMeta) -> Result<(), MbTilesError> {
        if !self.writable {
            return Err(MbTilesError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let path = self.path.clone();
        self.budget.store(checks(LOOKUP_STEPS), Ordering::Relaxed);
        let tx = self.conn.transaction().map_err(|e| write_error(&path, e))?;
        for (name, value) in meta.rows() {
            tx.execute("DELETE FROM metadata WHERE name = ?1", params![name])
                .and_then(|_| {
                    tx.execute(
                        "INSERT INTO metadata (name, value) VALUES (?1, ?2)",
                        params![name, value],
                    )
                })
                .map_err(|e| write_error(&path, e))?;
        }
        tx.commit().map_err(|e| write_error(&path, e))
    }

    /// Stores a tile (replacing one with the same key). Buffered: written with the next full
    /// batch, [`MbTiles::flush`], [`MbTiles::finish`] or on drop.
    pub fn insert(&mut self, key: TileKey, bytes: impl Into<Vec<u8>>) -> Result<(), MbTilesError> {
        if !self.writable {
            return Err(MbTilesError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let row = tms_row(key).ok_or_else(|| MbTilesError::InvalidKey {
            z: key.z,
            x: key.x,
            y: key.y,
            path: self.path.clone(),
        })?;
        let bytes = bytes.into();
        self.pending_bytes += bytes.len();
        self.pending.push((key, row, bytes));
        if self.pending.len() >= self.batch || self.pending_bytes >= MAX_PENDING_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered tiles in one transaction. On an error nothing of the batch is
    /// written and the buffer is kept, so a later flush can try again.
    pub fn flush(&mut self) -> Result<(), MbTilesError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| write_error(&path, e))?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(|e| write_error(&path, e))?;
            for (key, row, bytes) in &self.pending {
                stmt.execute(params![key.z, key.x, row, bytes])
                    .map_err(|e| write_error(&path, e))?;
            }
        }
        tx.commit().map_err(|e| write_error(&path, e))?;
        self.pending.clear();
        self.pending_bytes = 0;
        Ok(())
    }

    /// Flushes and closes the file, reporting any error.
    pub fn finish(mut self) -> Result<(), MbTilesError> {
        self.flush()
    }

    /// The bytes of a tile, `None` when the file does not have it (or the key lies outside
    /// the tile grid). Sees buffered inserts too.
    pub fn get(&self, key: TileKey) -> Result<Option<Vec<u8>>, MbTilesError> {
        if let Some((_, _, bytes)) = self.pending.iter().rev().find(|(k, _, _)| *k == key) {
            return Ok(Some(bytes.clone()));
        }
        let Some(row) = tms_row(key) else {
            return Ok(None);
        };
        self.run(LOOKUP_STEPS, |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT tile_data FROM tiles
                 WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            )?;
            stmt.query_row(params![key.z, key.x, row], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Blob(b) | ValueRef::Text(b) => Some(b.to_vec()),
                    _ => None,
                })
            })
            .optional()
            .map(Option::flatten)
        })
    }

    /// Whether the file (or the insert buffer) has a tile — without reading its bytes.
    pub fn contains(&self, key: TileKey) -> Result<bool, MbTilesError> {
        if self.pending.iter().any(|(k, _, _)| *k == key) {
            return Ok(true);
        }
        let Some(row) = tms_row(key) else {
            return Ok(false);
        };
        self.run(LOOKUP_STEPS, |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM tiles
                 WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3)",
            )?;
            stmt.query_row(params![key.z, key.x, row], |r| r.get::<_, bool>(0))
        })
    }

    /// The metadata. Tolerates a missing table and missing or malformed fields; fills in the
    /// name from the file name and the format from the first tile's bytes when missing.
    pub fn meta(&self) -> MbMeta {
        let rows = if self.has_metadata {
            self.metadata_rows().unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut meta = MbMeta::from_rows(rows);
        if meta.name.is_empty() {
            meta.name = self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        if meta.format.is_empty() {
            meta.format = self.sniff_first_tile().unwrap_or_default().to_owned();
        }
        meta
    }

    fn metadata_rows(&self) -> Result<Vec<(String, String)>, MbTilesError> {
        self.run(LOOKUP_STEPS, |conn| {
            let mut stmt = conn.prepare("SELECT name, value FROM metadata")?;
            let rows = stmt.query_map([], |r| {
                Ok((value_text(r.get_ref(0)?), value_text(r.get_ref(1)?)))
            })?;
            rows.take(MAX_METADATA_ROWS).collect()
        })
    }

    fn sniff_first_tile(&self) -> Option<&'static str> {
        if let Some((_, _, bytes)) = self.pending.first() {
            return sniff_format(bytes);
        }
        self.run(LOOKUP_STEPS, |conn| {
            conn.query_row("SELECT tile_data FROM tiles LIMIT 1", [], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Blob(b) => sniff_format(b),
                    _ => None,
                })
            })
        })
        .ok()
        .flatten()
    }

    /// Counts, sizes and extent of the whole file (one pass over the tile index). Counts what
    /// is written: call [`MbTiles::flush`] first on a writer with buffered inserts.
    pub fn info(&self) -> Result<MbInfo, MbTilesError> {
        let meta = self.meta();
        let groups: Vec<[i64; 7]> = self.run(SCAN_STEPS, |conn| {
            let mut stmt = conn.prepare(
                "SELECT zoom_level, count(*), sum(length(tile_data)),
                        min(tile_column), max(tile_column), min(tile_row), max(tile_row)
                 FROM tiles GROUP BY zoom_level ORDER BY zoom_level",
            )?;
            stmt.query_map([], |r| {
                let mut g = [0_i64; 7];
                for (i, v) in g.iter_mut().enumerate() {
                    *v = r.get::<_, Option<i64>>(i)?.unwrap_or(0);
                }
                Ok(g)
            })
            .and_then(|rows| rows.collect())
        })?;

        let mut tile_count = 0_u64;
        let mut total_bytes = 0_u64;
        let mut zoom_levels = Vec::new();
        let mut extent: Option<[f64; 4]> = None;
        for [z, count, bytes, col0, col1, row0, row1] in groups {
            let count = u64::try_from(count).unwrap_or(0);
            tile_count += count;
            total_bytes += u64::try_from(bytes).unwrap_or(0);
            let Ok(z) = u8::try_from(z) else { continue };
            if z > MAX_ZOOM {
                continue;
            }
            zoom_levels.push((z, count));
            if let Some(b) = tile_extent(z, col0, col1, row0, row1) {
                extent = Some(match extent {
                    None => b,
                    Some(e) => [
                        e[0].min(b[0]),
                        e[1].min(b[1]),
                        e[2].max(b[2]),
                        e[3].max(b[3]),
                    ],
                });
            }
        }
        let (bounds, bounds_from_tiles) = match meta.bounds {
            Some(b) => (Some(b), false),
            None => (extent, extent.is_some()),
        };
        Ok(MbInfo {
            meta,
            tile_count,
            zoom_levels,
            bounds,
            bounds_from_tiles,
            total_bytes,
        })
    }

    /// Runs one query with a work budget of `steps` SQLite instruction steps; a query that
    /// needs more is interrupted and reported as [`MbTilesError::TooMuchWork`].
    fn run<T>(
        &self,
        steps: u64,
        query: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, MbTilesError> {
        self.budget.store(checks(steps), Ordering::Relaxed);
        query(&self.conn).map_err(|e| {
            if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) {
                MbTilesError::TooMuchWork {
                    steps,
                    path: self.path.clone(),
                }
            } else {
                read_error(&self.path, e)
            }
        })
    }
}

impl Drop for MbTiles {
    fn drop(&mut self) {
        // Best effort; `finish` reports errors.
        let _ = self.flush();
    }
}

/// West, south, east, north of the tiles columns `col0..=col1`, TMS rows `row0..=row1`.
fn tile_extent(z: u8, col0: i64, col1: i64, row0: i64, row1: i64) -> Option<[f64; 4]> {
    let n = 1_i64 << z;
    let valid = |v: i64| (0..n).contains(&v);
    if !(valid(col0) && valid(col1) && valid(row0) && valid(row1)) {
        return None;
    }
    // TMS row r is XYZ row n − 1 − r: the highest TMS row is the northernmost.
    let y_north = u32::try_from(n - 1 - row1).ok()?;
    let y_south_edge = u32::try_from(n - row0).ok()?;
    let (west, north) = tile_corner(u32::try_from(col0).ok()?, y_north, z);
    let (east, south) = tile_corner(u32::try_from(col1 + 1).ok()?, y_south_edge, z);
    Some([west, south, east, north])
}

/// Any SQLite value as text (metadata values are sometimes stored as numbers).
fn value_text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
    }
}

fn read_error(path: &Path, e: rusqlite::Error) -> MbTilesError {
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

fn write_error(path: &Path, e: rusqlite::Error) -> MbTilesError {
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        read_error(path, e)
    } else {
        MbTilesError::Write {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

/// What [`check_header`] found.
#[derive(Debug, Clone, Copy, Default)]
struct Header {
    exists: bool,
    /// The database is in WAL mode (header bytes 18 and 19 are 2).
    wal: bool,
}

/// Checks that `path` is a regular SQLite file before SQLite sees it (a FIFO or a device is
/// never opened); with `may_be_new`, a missing or empty file is fine (it becomes a new
/// database).
fn check_header(path: &Path, may_be_new: bool) -> Result<Header, MbTilesError> {
    let io_error = |source| MbTilesError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file_meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if may_be_new {
                Ok(Header::default())
            } else {
                Err(MbTilesError::NotFound {
                    path: path.to_path_buf(),
                })
            };
        }
        Err(e) => return Err(io_error(e)),
    };
    if file_meta.is_dir() {
        return Err(MbTilesError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    crate::io::regular::regular_file(path).map_err(io_error)?;
    let mut head = Vec::with_capacity(20);
    std::fs::File::open(path)
        .and_then(|f| f.take(20).read_to_end(&mut head))
        .map_err(io_error)?;
    if head.is_empty() {
        return if may_be_new {
            Ok(Header {
                exists: true,
                wal: false,
            })
        } else {
            Err(MbTilesError::Empty {
                path: path.to_path_buf(),
            })
        };
    }
    if !head.starts_with(SQLITE_MAGIC) {
        let found = match sniff_format(&head) {
            Some("png") => Some("ein PNG-Bild"),
            Some("jpg") => Some("ein JPEG-Bild"),
            Some(_) => Some("ein Bild"),
            None if head.starts_with(b"PK\x03\x04") => Some("ein ZIP-Archiv"),
            None if head.starts_with(b"%PDF") => Some("ein PDF-Dokument"),
            None => None,
        };
        return Err(MbTilesError::NotSqlite {
            path: path.to_path_buf(),
            found,
        });
    }
    Ok(Header {
        exists: true,
        wal: head.get(18..20) == Some(&[2, 2]),
    })
}

/// Budget units for `steps` SQLite instruction steps.
fn checks(steps: u64) -> u64 {
    steps / STEPS_PER_CHECK as u64
}

/// Installs the work budget (a progress handler that interrupts the query when the budget is
/// used up) and the limit on the size of a value.
fn guard(conn: &mut Connection, budget: &Arc<AtomicU64>, path: &Path) -> Result<(), MbTilesError> {
    let left = Arc::clone(budget);
    conn.progress_handler(
        STEPS_PER_CHECK,
        Some(move || {
            let now = left.load(Ordering::Relaxed);
            left.store(now.saturating_sub(1), Ordering::Relaxed);
            now == 0
        }),
    )
    .map_err(|e| read_error(path, e))?;
    conn.set_limit(
        rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH,
        MAX_VALUE_BYTES,
    )
    .map_err(|e| read_error(path, e))?;
    Ok(())
}

/// Errors of a read-only open of a WAL file whose shared-memory file cannot be made.
fn is_access_error(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

/// A `file:` URI that opens `path` as immutable (no locks, no WAL or shared-memory files).
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        uri.push('/'); // a Windows drive letter: file:/C:/…
    }
    for c in text.chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", u32::from(c))),
            _ => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Checks the `tiles` table (or view) and its columns; returns whether `metadata` exists.
fn check_tables(conn: &Connection, path: &Path) -> Result<bool, MbTilesError> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master
             WHERE type IN ('table', 'view') AND name IN ('tiles', 'metadata')",
        )
        .map_err(|e| read_error(path, e))?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| read_error(path, e))?;
    if !names.iter().any(|n| n == "tiles") {
        return Err(MbTilesError::NoTilesTable {
            path: path.to_path_buf(),
        });
    }
    if conn
        .prepare("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles LIMIT 0")
        .is_err()
    {
        return Err(MbTilesError::BadTilesTable {
            path: path.to_path_buf(),
        });
    }
    Ok(names.iter().any(|n| n == "metadata"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xyz_rows_flip_to_tms_rows() {
        let key = |z, x, y| TileKey { z, x, y };
        assert_eq!(tms_row(key(0, 0, 0)), Some(0));
        assert_eq!(tms_row(key(1, 0, 0)), Some(1));
        assert_eq!(tms_row(key(1, 1, 1)), Some(0));
        // Frankfurt at z 12: XYZ row 1387 is TMS row 4096 − 1 − 1387 = 2708.
        assert_eq!(tms_row(key(12, 2146, 1387)), Some(2708));
        assert_eq!(tms_row(key(32, u32::MAX, 0)), Some(i64::from(u32::MAX)));
    }

    #[test]
    fn keys_outside_the_grid_have_no_row() {
        assert_eq!(tms_row(TileKey { z: 0, x: 1, y: 0 }), None);
        assert_eq!(tms_row(TileKey { z: 3, x: 0, y: 8 }), None);
        assert_eq!(tms_row(TileKey { z: 33, x: 0, y: 0 }), None);
    }

    #[test]
    fn tile_extent_of_the_whole_world_at_zoom_zero() {
        let b = tile_extent(0, 0, 0, 0, 0).unwrap_or_default();
        assert!((b[0] + 180.0).abs() < 1e-9 && (b[2] - 180.0).abs() < 1e-9);
        assert!((b[1] + 85.051_128_78).abs() < 1e-6 && (b[3] - 85.051_128_78).abs() < 1e-6);
        assert_eq!(tile_extent(1, 0, 2, 0, 0), None);
    }

    #[test]
    fn bounds_and_zooms_parse_leniently_and_reject_nonsense() {
        assert_eq!(
            parse_bounds(" 8.47, 50.01 ,8.80,50.23"),
            Some([8.47, 50.01, 8.80, 50.23])
        );
        assert_eq!(parse_bounds("8.47,50.01,8.80"), None);
        assert_eq!(parse_bounds("a,b,c,d"), None);
        assert_eq!(parse_bounds("0,95,1,96"), None);
        assert_eq!(parse_zoom("12"), Some(12));
        assert_eq!(parse_zoom("12.0"), Some(12));
        assert_eq!(parse_zoom("12.5"), None);
        assert_eq!(parse_zoom("-1"), None);
        assert_eq!(parse_zoom(""), None);
    }

    #[test]
    fn formats_are_sniffed_from_magic_bytes() {
        assert_eq!(sniff_format(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff_format(b"\xff\xd8\xff\xe0...."), Some("jpg"));
        assert_eq!(sniff_format(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(sniff_format(b""), None);
        assert_eq!(sniff_format(b"GIF89a"), None);
    }

    #[test]
    fn sizes_read_in_german() {
        assert_eq!(format_bytes_de(512), "512 Bytes");
        assert_eq!(format_bytes_de(12_345), "12,3 kB");
        assert_eq!(format_bytes_de(4_500_000), "4,5 MB");
    }
}
