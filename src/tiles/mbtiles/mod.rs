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
//!
//! The parts: [`MbTilesError`] and its SQLite mapping (`error`), the metadata table
//! ([`MbMeta`], `meta`), the TMS/XYZ row arithmetic (`grid`), opening and checking a file
//! (`open`), the work budget every query runs under (`budget`), reading and writing tiles
//! (`read`, `write`) and the whole-file summary ([`MbInfo`], `info`). Nothing here draws or
//! fetches tiles.

mod budget;
mod error;
mod grid;
mod info;
mod meta;
mod open;
mod read;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use rusqlite::Connection;

use super::TileKey;

pub use error::MbTilesError;
pub use info::MbInfo;
pub use meta::{MbMeta, sniff_format};

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
}

impl Drop for MbTiles {
    fn drop(&mut self) {
        // Best effort; `finish` reports errors.
        let _ = self.flush();
    }
}
