//! Reading from an MBTiles file: one tile's bytes, whether a tile is there, and the metadata
//! with its fallbacks (name from the file name, format from the first tile). Every query runs
//! under the work budget. Must not write.

use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, params};

use super::grid::tms_row;
use super::{LOOKUP_STEPS, MAX_METADATA_ROWS, MbMeta, MbTiles, MbTilesError, sniff_format};
use crate::tiles::TileKey;

impl MbTiles {
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
