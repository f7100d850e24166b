//! The summary of a whole MBTiles file ([`MbInfo`]): tile counts per zoom, data size and
//! extent from one pass over the tile index, and its German text for the UI and the CLI.
//! Must not write to the file.

use super::grid::tile_extent;
use super::{MAX_ZOOM, MbMeta, MbTiles, MbTilesError, SCAN_STEPS};
use crate::model::value::{format_fixed_de, format_number_de};

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

impl MbTiles {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_german() {
        assert_eq!(format_bytes_de(512), "512 Bytes");
        assert_eq!(format_bytes_de(12_345), "12,3 kB");
        assert_eq!(format_bytes_de(4_500_000), "4,5 MB");
    }
}
