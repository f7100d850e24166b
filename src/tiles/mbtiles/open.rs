//! Opening an MBTiles file: for reading ([`MbTiles::open`], falling back to an immutable read
//! of a WAL file on read-only media) or for writing ([`MbTiles::create`]), after checking that
//! the path is a regular SQLite file and that its `tiles` table is usable. Must not read or
//! write tiles.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::budget::{checks, guard};
use super::error::{read_error, write_error};
use super::{
    DEFAULT_BATCH, LOOKUP_STEPS, MbMeta, MbTiles, MbTilesError, SQLITE_MAGIC, sniff_format,
};

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
