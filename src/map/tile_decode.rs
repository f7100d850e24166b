//! Decoding basemap tiles off the UI thread.
//!
//! The [`TileDecoder`] owns one worker thread. The basemap hands it tile bytes (from the
//! fetcher) or asks it to read a tile from an MBTiles file (the worker has its own read-only
//! connection, so a slow or hostile file never holds a frame); the worker checks the image's
//! header and decodes with limits (see [`crate::tiles::tile_image`]) and hands back RGBA
//! pixels. The UI thread only uploads finished images as textures. A tile that fails — not
//! an image, larger than a tile, missing — comes back as a German reason.
//!
//! Dropping the decoder closes its queue; the worker finishes the tile it is on and exits.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc;

use egui::ColorImage;

use crate::tiles::TileKey;
use crate::tiles::mbtiles::MbTiles;
use crate::tiles::tile_image::decode_tile;

/// A tile to decode.
#[derive(Debug)]
pub enum Job {
    /// Bytes that arrived from the fetcher.
    Bytes(TileKey, Vec<u8>),
    /// A tile to read from the decoder's MBTiles file.
    MbTiles(TileKey),
}

impl Job {
    fn key(&self) -> TileKey {
        match self {
            Job::Bytes(k, _) | Job::MbTiles(k) => *k,
        }
    }
}

/// A decoded tile, or why it failed (German; `None`: the MBTiles file has no such tile).
pub type Decoded = (TileKey, Result<ColorImage, Option<String>>);

/// One worker thread that reads and decodes tiles.
pub struct TileDecoder {
    /// The worker's queue; `None` when no worker could be started (then tiles are decoded on
    /// the caller's thread, still with every check).
    jobs: Option<mpsc::Sender<Job>>,
    results: mpsc::Sender<Decoded>,
    done: mpsc::Receiver<Decoded>,
    /// The MBTiles file for decoding on the caller's thread (only without a worker).
    inline_file: Option<MbTiles>,
    pending: HashSet<TileKey>,
}

impl std::fmt::Debug for TileDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TileDecoder")
            .field("worker", &self.jobs.is_some())
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl TileDecoder {
    /// A decoder; with `mbtiles`, the worker opens that file for [`Job::MbTiles`]. `repaint`
    /// is called after each finished tile.
    pub fn new(mbtiles: Option<PathBuf>, repaint: impl Fn() + Send + 'static) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let (results, done) = mpsc::channel::<Decoded>();
        let worker_results = results.clone();
        let path = mbtiles.clone();
        let spawned = std::thread::Builder::new()
            .name("kachel-bilder".to_owned())
            .spawn(move || {
                let file = path.and_then(|p| MbTiles::open(p).ok());
                for job in queue {
                    let decoded = run(job, file.as_ref());
                    if worker_results.send(decoded).is_err() {
                        return;
                    }
                    repaint();
                }
            });
        let (jobs, inline_file) = match spawned {
            Ok(_) => (Some(jobs), None),
            Err(_) => (None, mbtiles.and_then(|p| MbTiles::open(p).ok())),
        };
        Self {
            jobs,
            results,
            done,
            inline_file,
            pending: HashSet::new(),
        }
    }

    /// Queues a tile unless it is queued already. Returns whether it was queued.
    pub fn submit(&mut self, job: Job) -> bool {
        let key = job.key();
        if !self.pending.insert(key) {
            return false;
        }
        let decoded = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return true,
                // The worker is gone: say so for this tile rather than wait for it forever.
                Err(_) => (
                    key,
                    Err(Some("Kachel kann nicht entschlüsselt werden.".to_owned())),
                ),
            },
            None => run(job, self.inline_file.as_ref()),
        };
        let _ = self.results.send(decoded);
        true
    }

    /// Whether a tile is queued or being decoded.
    pub fn is_pending(&self, key: TileKey) -> bool {
        self.pending.contains(&key)
    }

    /// The tiles finished since the last call.
    pub fn finished(&mut self) -> Vec<Decoded> {
        let out: Vec<Decoded> = self.done.try_iter().collect();
        for (key, _) in &out {
            self.pending.remove(key);
        }
        out
    }
}

/// Reads (for MBTiles) and decodes one tile.
fn run(job: Job, file: Option<&MbTiles>) -> Decoded {
    let key = job.key();
    let bytes = match job {
        Job::Bytes(_, bytes) => Ok(bytes),
        Job::MbTiles(_) => match file.map(|f| f.get(key)) {
            Some(Ok(Some(bytes))) => Ok(bytes),
            Some(Ok(None)) => Err(None),
            Some(Err(e)) => Err(Some(e.to_string())),
            None => Err(Some(
                "Die MBTiles-Datei kann nicht gelesen werden.".to_owned(),
            )),
        },
    };
    let result = bytes.and_then(|bytes| {
        let image = decode_tile(&bytes).map_err(|e| {
            Some(format!(
                "Kachel {}/{}/{} wird nicht gezeigt: {e}.",
                key.z, key.x, key.y
            ))
        })?;
        let size = [image.width() as usize, image.height() as usize];
        Ok(ColorImage::from_rgba_unmultiplied(size, image.as_raw()))
    });
    (key, result)
}
