//! The basemap for walkers: tiles from our own fetcher (disk cache, bounded timeouts, offline
//! detection) or from an MBTiles file, read and decoded on a worker thread (see
//! [`super::tile_decode`]: the header is checked before decoding, an image larger than a tile
//! counts as failed) and only uploaded as textures on the UI thread, with coarser tiles
//! stretched in while finer ones load (and while offline).

use std::collections::{HashMap, HashSet, VecDeque};

use egui::{Rect, TextureHandle, TextureOptions, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

use crate::tiles::cache::DiskCache;
use crate::tiles::fetch::{FetchOptions, FetchStatus, Fetcher};
use crate::tiles::mbtiles::MbTiles;
use crate::tiles::{Source, SourceKind, TileKey};

use super::tile_decode::{Job, TileDecoder};

/// Textures kept in memory (about 64 MB at 256 × 256 RGBA).
const MAX_TEXTURES: usize = 256;
/// How many zoom levels up a missing tile may borrow from.
const FALLBACK_LEVELS: u8 = 6;

pub struct Basemap {
    source: Source,
    fetcher: Option<Fetcher>,
    mbtiles: Option<MbTiles>,
    /// Why the MBTiles file could not be read (German), if so.
    pub error: Option<String>,
    textures: HashMap<TileKey, TextureHandle>,
    order: VecDeque<TileKey>,
    failed: HashSet<TileKey>,
    /// Reads MBTiles tiles and decodes every tile off the UI thread.
    decoder: TileDecoder,
    /// Tiles that arrived but were refused as images (too large, not decodable), and the
    /// latest reason (German).
    bad_images: u64,
    bad_image: Option<String>,
    ctx: egui::Context,
    attribution: &'static str,
    attribution_url: &'static str,
}

impl Basemap {
    pub fn new(ctx: &egui::Context, source: Source, cache: Option<DiskCache>) -> Self {
        let mut error = None;
        let (fetcher, mbtiles) = match &source.kind {
            SourceKind::Xyz { .. } => {
                let repaint = ctx.clone();
                let options = FetchOptions {
                    on_result: Some(Box::new(move || repaint.request_repaint())),
                    ..FetchOptions::default()
                };
                (Some(Fetcher::new(source.clone(), cache, options)), None)
            }
            SourceKind::MbTiles { path } => match MbTiles::open(path) {
                Ok(m) => (None, Some(m)),
                Err(e) => {
                    error = Some(e.to_string());
                    (None, None)
                }
            },
            SourceKind::None => (None, None),
        };
        // walkers wants 'static attribution strings; a source is chosen rarely, so keeping
        // its two strings for the rest of the session is fine.
        let attribution = Box::leak(source.attribution.clone().into_boxed_str());
        let attribution_url = Box::leak(source.attribution_url.clone().into_boxed_str());
        let repaint = ctx.clone();
        let decoder = TileDecoder::new(
            mbtiles.as_ref().and_then(|_| match &source.kind {
                SourceKind::MbTiles { path } => Some(path.clone()),
                _ => None,
            }),
            move || repaint.request_repaint(),
        );
        Self {
            source,
            fetcher,
            mbtiles,
            error,
            textures: HashMap::new(),
            order: VecDeque::new(),
            failed: HashSet::new(),
            decoder,
            bad_images: 0,
            bad_image: None,
            ctx: ctx.clone(),
            attribution,
            attribution_url,
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn fetcher(&self) -> Option<&Fetcher> {
        self.fetcher.as_ref()
    }

    pub fn mbtiles(&self) -> Option<&MbTiles> {
        self.mbtiles.as_ref()
    }

    /// How many tiles are decoded and ready to draw.
    pub fn loaded(&self) -> usize {
        self.textures.len()
    }

    pub fn status(&self) -> Option<FetchStatus> {
        self.fetcher.as_ref().map(Fetcher::status)
    }

    /// Tile bytes for the exporter: cache or MBTiles, or one network try before `deadline`.
    pub fn bytes_for_export(&self, key: TileKey, deadline: std::time::Instant) -> Option<Vec<u8>> {
        if let Some(m) = &self.mbtiles {
            return m.get(key).ok().flatten();
        }
        self.fetcher.as_ref()?.fetch_blocking(key, deadline)
    }

    /// How many tiles were refused as images (larger than a tile, not decodable), and the
    /// latest reason (German).
    pub fn bad_images(&self) -> (u64, Option<&str>) {
        (self.bad_images, self.bad_image.as_deref())
    }

    /// Hand the downloaded tiles to the decoder and upload the decoded ones as textures.
    fn pump(&mut self) {
        if let Some(f) = &self.fetcher {
            for (key, result) in f.poll() {
                match result {
                    Ok(bytes) => {
                        self.decoder.submit(Job::Bytes(key, bytes));
                    }
                    Err(_) => {
                        self.failed.insert(key);
                    }
                }
            }
        }
        for (key, result) in self.decoder.finished() {
            match result {
                Ok(image) => self.upload(key, image),
                Err(why) => {
                    self.failed.insert(key);
                    if let Some(why) = why {
                        self.bad_images += 1;
                        self.bad_image = Some(why);
                    }
                }
            }
        }
    }

    /// The only work on the UI thread: an RGBA image becomes a texture.
    fn upload(&mut self, key: TileKey, image: egui::ColorImage) {
        let name = format!("kachel-{}-{}-{}", key.z, key.x, key.y);
        let texture = self
            .ctx
            .load_texture(name, image, TextureOptions::default());
        self.textures.insert(key, texture);
        self.order.push_back(key);
        while self.order.len() > MAX_TEXTURES {
            if let Some(old) = self.order.pop_front() {
                self.textures.remove(&old);
            }
        }
    }

    /// The texture of a tile, asking for it when it is not there yet.
    fn texture(&mut self, key: TileKey) -> Option<TextureHandle> {
        if let Some(t) = self.textures.get(&key) {
            return Some(t.clone());
        }
        if self.failed.contains(&key) || self.decoder.is_pending(key) {
            return None;
        }
        if self.mbtiles.is_some() {
            self.decoder.submit(Job::MbTiles(key));
            return None;
        }
        if let Some(f) = &self.fetcher {
            f.request(key);
        }
        None
    }

    /// A coarser tile that covers `key`, with the part of it that does.
    fn fallback(&self, key: TileKey) -> Option<(TextureHandle, Rect)> {
        for dz in 1..=FALLBACK_LEVELS.min(key.z) {
            let parent = TileKey {
                z: key.z - dz,
                x: key.x >> dz,
                y: key.y >> dz,
            };
            if let Some(t) = self.textures.get(&parent) {
                let n = f32::from(1u16 << dz);
                let (dx, dy) = (
                    (key.x & ((1 << dz) - 1)) as f32,
                    (key.y & ((1 << dz) - 1)) as f32,
                );
                let uv =
                    Rect::from_min_max(pos2(dx / n, dy / n), pos2((dx + 1.0) / n, (dy + 1.0) / n));
                return Some((t.clone(), uv));
            }
        }
        None
    }
}

impl Tiles for Basemap {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.pump();
        if matches!(self.source.kind, SourceKind::None) {
            return None;
        }
        let max = self.source.max_zoom;
        // Beyond the source's zoom, stretch the deepest tile it has.
        let (key, extra) = if tile_id.zoom > max {
            let dz = tile_id.zoom - max;
            (
                TileKey {
                    z: max,
                    x: tile_id.x >> dz,
                    y: tile_id.y >> dz,
                },
                Some(dz),
            )
        } else {
            (
                TileKey {
                    z: tile_id.zoom,
                    x: tile_id.x,
                    y: tile_id.y,
                },
                None,
            )
        };
        let full = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        if let Some(t) = self.texture(key) {
            let uv = match extra {
                None => full,
                Some(dz) => {
                    let n = f32::from(1u16 << dz);
                    let (dx, dy) = (
                        (tile_id.x & ((1 << dz) - 1)) as f32,
                        (tile_id.y & ((1 << dz) - 1)) as f32,
                    );
                    Rect::from_min_max(pos2(dx / n, dy / n), pos2((dx + 1.0) / n, (dy + 1.0) / n))
                }
            };
            return Some(TilePiece::new(Tile::Raster(t), uv));
        }
        self.fallback(key)
            .map(|(t, uv)| TilePiece::new(Tile::Raster(t), uv))
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: self.attribution,
            url: self.attribution_url,
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }
}

impl crate::export::content::PageTiles for Basemap {
    fn export_tiles(
        &self,
        bbox: [f64; 4],
        frame_w_mm: f64,
        wait: std::time::Duration,
    ) -> Vec<crate::export::content::TileImage> {
        Basemap::export_tiles(self, bbox, frame_w_mm, wait)
    }

    fn is_off(&self) -> bool {
        matches!(self.source.kind, SourceKind::None)
    }

    fn attribution(&self) -> &str {
        &self.source.attribution
    }
}

impl Basemap {
    /// The tiles covering `bbox` for a page frame `frame_w_mm` wide, at the zoom whose pixels
    /// come closest to 150 dpi on paper (at most the source's), decoded to RGBA. Cached and
    /// MBTiles tiles come at once; missing ones are fetched until `wait` is used up (none in
    /// the preview), so an export never hangs on a dead network.
    pub fn export_tiles(
        &self,
        bbox: [f64; 4],
        frame_w_mm: f64,
        wait: std::time::Duration,
    ) -> Vec<crate::export::content::TileImage> {
        if matches!(self.source.kind, SourceKind::None) {
            return Vec::new();
        }
        let (x0, _) = crate::crs::unit_merc_from_lonlat(bbox[0], bbox[1]);
        let (x1, _) = crate::crs::unit_merc_from_lonlat(bbox[2], bbox[3]);
        let px = frame_w_mm / 25.4 * 150.0;
        let z = (px / (256.0 * (x1 - x0).abs().max(1e-9)))
            .log2()
            .round()
            .clamp(
                f64::from(self.source.min_zoom),
                f64::from(self.source.max_zoom),
            ) as u8;
        let keys: Vec<TileKey> = crate::tiles::tiles_in(bbox, z).take(400).collect();
        let deadline = std::time::Instant::now() + wait;
        keys.into_iter()
            .filter_map(|key| {
                let bytes = match (&self.mbtiles, &self.fetcher) {
                    (Some(m), _) => m.get(key).ok().flatten(),
                    (None, Some(f)) if wait.is_zero() => f.get_cached(key),
                    (None, Some(f)) => f.fetch_blocking(key, deadline),
                    _ => None,
                }?;
                let img = crate::tiles::tile_image::decode_tile(&bytes).ok()?;
                let (w, h) = (img.width(), img.height());
                let (west, north) = crate::tiles::tile_corner(key.x, key.y, key.z);
                let (east, south) = crate::tiles::tile_corner(key.x + 1, key.y + 1, key.z);
                Some(crate::export::content::TileImage {
                    bbox: [west, south, east, north],
                    width: w,
                    height: h,
                    rgba: std::sync::Arc::new(img.into_raw()),
                })
            })
            .collect()
    }
}
