//! Writing to an MBTiles file opened with [`MbTiles::create`]: metadata rows, and tiles
//! buffered and committed in one transaction per batch. Must not read tiles back.

use std::sync::atomic::Ordering;

use rusqlite::params;

use super::budget::checks;
use super::error::write_error;
use super::grid::tms_row;
use super::{LOOKUP_STEPS, MAX_PENDING_BYTES, MbMeta, MbTiles, MbTilesError};
use crate::tiles::TileKey;

impl MbTiles {
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
}
