//! Offline packages: the tiles of a box over a zoom range written into an MBTiles file that
//! can be copied to another laptop. Refused for sources whose usage policy forbids bulk
//! downloads; the count and estimated size are known before anything is fetched; progress is
//! shared, the download can be cancelled and resumed (tiles already in the file are skipped).

use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::mbtiles::{MbMeta, MbTiles};
use super::{Source, TileKey, tile_count, tiles_in};

/// A typical raster tile's size, for the estimate (OSM-style PNG tiles average 15–30 KB).
pub const ESTIMATED_TILE_BYTES: u64 = 22_000;

/// At most this many tiles in one package (about 2 GB).
pub const MAX_TILES: u64 = 100_000;

/// What a package will hold, before downloading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub bbox: [f64; 4],
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub tiles: u64,
    pub estimated_bytes: u64,
}

/// Plan a package, or say in German why it may not be made.
pub fn plan(source: &Source, bbox: [f64; 4], zooms: RangeInclusive<u8>) -> Result<Plan, String> {
    if let Some(why) = source.bulk_refusal() {
        return Err(why);
    }
    let (lo, hi) = (*zooms.start(), (*zooms.end()).min(source.max_zoom));
    if lo > hi {
        return Err(format!(
            "Zoomstufen {lo}–{} passen nicht: die Quelle reicht bis Stufe {}.",
            zooms.end(),
            source.max_zoom
        ));
    }
    if !(bbox[0] < bbox[2] && bbox[1] < bbox[3]) || bbox.iter().any(|v| !v.is_finite()) {
        return Err("Der Ausschnitt ist leer oder ungültig.".to_owned());
    }
    let tiles = tile_count(bbox, lo..=hi);
    if tiles > MAX_TILES {
        return Err(format!(
            "{tiles} Kacheln sind zu viele für ein Offline-Paket (höchstens {MAX_TILES}): \
             kleineren Ausschnitt oder weniger Zoomstufen wählen."
        ));
    }
    Ok(Plan {
        bbox,
        min_zoom: lo,
        max_zoom: hi,
        tiles,
        estimated_bytes: tiles * ESTIMATED_TILE_BYTES,
    })
}

/// Shared progress of a running download.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicU64,
    pub skipped: AtomicU64,
    pub failed: AtomicU64,
    pub bytes: AtomicU64,
    cancel: AtomicBool,
}

impl Progress {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// How a download ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub written: u64,
    pub skipped: u64,
    pub failed: u64,
    pub cancelled: bool,
}

impl Summary {
    pub fn to_text_de(&self) -> String {
        self.to_text(false)
    }

    /// The summary in German or English.
    pub fn to_text(&self, english: bool) -> String {
        if english {
            format!(
                "{} tiles written, {} already there, {} failed{}",
                self.written,
                self.skipped,
                self.failed,
                if self.cancelled {
                    " – cancelled; starting again resumes"
                } else {
                    ""
                }
            )
        } else {
            format!(
                "{} Kacheln geschrieben, {} schon vorhanden, {} fehlgeschlagen{}",
                self.written,
                self.skipped,
                self.failed,
                if self.cancelled {
                    " – abgebrochen; ein erneuter Start setzt fort"
                } else {
                    ""
                }
            )
        }
    }
}

/// Download a planned package into `out` with `fetch` (which must bound its own waiting).
/// Tiles already in the file are skipped, so a cancelled or failed download resumes.
pub fn download(
    source: &Source,
    plan: &Plan,
    out: &Path,
    progress: &Progress,
    fetch: &dyn Fn(TileKey) -> Result<Vec<u8>, String>,
) -> Result<Summary, String> {
    let meta = MbMeta {
        name: source.name.clone(),
        format: "png".to_owned(),
        bounds: Some(plan.bbox),
        min_zoom: Some(plan.min_zoom),
        max_zoom: Some(plan.max_zoom),
        attribution: source.attribution.clone(),
        description: format!("Offline-Paket aus {} (Sozialatlas)", source.name),
        kind: "baselayer".to_owned(),
    };
    let mut mb = MbTiles::create(out, &meta).map_err(|e| e.to_string())?;
    let mut s = Summary {
        written: 0,
        skipped: 0,
        failed: 0,
        cancelled: false,
    };
    let mut format_set = false;
    'zooms: for z in plan.min_zoom..=plan.max_zoom {
        for key in tiles_in(plan.bbox, z) {
            if progress.cancelled() {
                s.cancelled = true;
                break 'zooms;
            }
            if mb.contains(key).unwrap_or(false) {
                s.skipped += 1;
                progress.skipped.fetch_add(1, Ordering::Relaxed);
            } else {
                // Only tiles whose header states a tile's size go into a package, whatever
                // `fetch` let through (see `tile_image`).
                let fetched = fetch(key).and_then(|bytes| {
                    super::tile_image::check_tile(&bytes)
                        .map(|_| bytes)
                        .map_err(|e| e.to_string())
                });
                match fetched {
                    Ok(bytes) => {
                        if !format_set && let Some(f) = super::mbtiles::sniff_format(&bytes) {
                            let mut m = meta.clone();
                            m.format = f.to_owned();
                            mb.write_meta(&m).map_err(|e| e.to_string())?;
                            format_set = true;
                        }
                        progress
                            .bytes
                            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                        mb.insert(key, bytes).map_err(|e| e.to_string())?;
                        s.written += 1;
                    }
                    Err(_) => {
                        s.failed += 1;
                        progress.failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            progress.done.fetch_add(1, Ordering::Relaxed);
        }
    }
    mb.finish().map_err(|e| e.to_string())?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRANKFURT: [f64; 4] = [8.47, 50.01, 8.80, 50.23];

    #[test]
    fn osm_standard_tiles_are_refused_and_basemap_de_is_planned() {
        let e = plan(&Source::osm(), FRANKFURT, 10..=14);
        assert!(e.is_err_and(|e| e.contains("nicht erlaubt")));
        let p =
            plan(&Source::basemap_de_grey(), FRANKFURT, 10..=14).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.tiles, tile_count(FRANKFURT, 10..=14));
        assert_eq!(p.estimated_bytes, p.tiles * ESTIMATED_TILE_BYTES);
        // Zooms beyond the source's limit are cut to it.
        let deep = plan(&Source::basemap_de_grey(), FRANKFURT, 8..=19);
        assert!(
            deep.is_ok_and(|p| p.max_zoom == 18)
                || plan(&Source::basemap_de_grey(), FRANKFURT, 8..=19)
                    .is_err_and(|e| e.contains("zu viele"))
        );
        assert!(plan(&Source::basemap_de_grey(), [0.0, 0.0, 0.0, 0.0], 10..=12).is_err());
    }

    #[test]
    fn a_download_writes_every_tile_and_resumes_after_a_cancel() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("paket.mbtiles");
        let source = Source::custom("http://127.0.0.1:1/{z}/{x}/{y}.png", "Test", 18);
        let p = plan(&source, FRANKFURT, 10..=11).unwrap_or_else(|e| panic!("{e}"));
        // A tiny valid PNG per tile, its width telling the column.
        let tile = |k: TileKey| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            let mut encoder = png::Encoder::new(&mut out, 1 + k.x % 7, 1);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
            writer
                .write_image_data(&vec![0; (1 + k.x % 7) as usize])
                .map_err(|e| e.to_string())?;
            writer.finish().map_err(|e| e.to_string())?;
            Ok(out)
        };
        // Cancel after the first tile.
        let progress = Progress::default();
        let first = |k: TileKey| {
            progress.cancel();
            tile(k)
        };
        let s = download(&source, &p, &out, &progress, &first).unwrap_or_else(|e| panic!("{e}"));
        assert!(s.cancelled && s.written == 1);
        // Started again, it fetches only the rest.
        let fetched = AtomicU64::new(0);
        let count = |k: TileKey| {
            fetched.fetch_add(1, Ordering::Relaxed);
            tile(k)
        };
        let s = download(&source, &p, &out, &Progress::default(), &count)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.cancelled);
        assert_eq!(s.skipped, 1);
        assert_eq!(s.written, p.tiles - 1);
        assert_eq!(fetched.load(Ordering::Relaxed), p.tiles - 1);
        let mb = MbTiles::open(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mb.info().map(|i| i.tile_count).unwrap_or(0), p.tiles);
        assert_eq!(mb.meta().attribution, "Test");
    }

    #[test]
    fn an_oversized_tile_is_counted_failed_and_not_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("paket.mbtiles");
        let source = Source::custom("http://127.0.0.1:1/{z}/{x}/{y}.png", "Test", 18);
        let p = plan(&source, FRANKFURT, 10..=10).unwrap_or_else(|e| panic!("{e}"));
        let wide = |_: TileKey| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            let mut encoder = png::Encoder::new(&mut out, 513, 1);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
            writer
                .write_image_data(&[0; 513])
                .map_err(|e| e.to_string())?;
            writer.finish().map_err(|e| e.to_string())?;
            Ok(out)
        };
        let s = download(&source, &p, &out, &Progress::default(), &wide)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.written, s.failed), (0, p.tiles));
        let mb = MbTiles::open(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mb.info().map(|i| i.tile_count).unwrap_or(1), 0);
    }
}
