//! Getting tile bytes without ever blocking the caller.
//!
//! A [`Fetcher`] serves one [`Source`]: [`Fetcher::request`] answers from the disk cache at once
//! or queues the tile for a small pool of worker threads (plain `std` threads with a blocking
//! HTTP client); [`Fetcher::poll`] hands over what arrived since the last call. The newest
//! request is served first, because the map asks for what is visible now.
//!
//! The fetcher notices when the network is gone: after `offline_after` consecutive failures
//! (timeouts, refused connections, server errors, bodies that are not an image — e.g. a hotel
//! login page) it goes offline by itself, stops sending requests and serves only the cache;
//! after `retry_after` it lets one request through as a probe. A 404 is an answer from a
//! reachable server and never pushes towards offline. The user can also switch to offline by
//! hand. Only bodies that are PNG or JPEG images whose header states a tile's size (at most
//! 512 × 512 pixels, see [`super::tile_image`]) are delivered and cached; anything else is a
//! failed tile.
//!
//! Dropping a `Fetcher` signals the workers and returns at once; a worker in the middle of a
//! download finishes (bounded by the timeout) and exits without delivering.
//!
//! The parts: the caller's side of a [`Fetcher`] (`requests`), its [`FetchOptions`]
//! (`options`), why a tile failed ([`TileFailure`], `failure`), the online/offline state
//! machine and [`FetchStatus`] (`status`), the worker threads (`worker`) and the HTTP download
//! with its body checks (`http`). Nothing here decodes or draws a tile.

mod failure;
mod http;
mod options;
mod requests;
mod status;
mod worker;

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use super::cache::DiskCache;
use super::{Source, TileKey};

pub use failure::TileFailure;
pub use http::is_tile_image;
pub use options::{FetchOptions, default_user_agent};
pub use status::{FetchState, FetchStatus};

/// The largest body accepted as a tile; anything bigger is not a map tile.
const MAX_TILE_BYTES: u64 = 8 * 1024 * 1024;
/// At most this many tiles wait in the queue; the oldest requests are given up beyond it.
const MAX_QUEUE: usize = 512;

/// A tile with its bytes or why it did not come.
pub type TileResult = (TileKey, Result<Vec<u8>, TileFailure>);

/// Downloads tiles of one source in the background, with a disk cache and offline detection.
pub struct Fetcher {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("source", &self.shared.source.id)
            .field("status", &self.status())
            .finish()
    }
}

struct Shared {
    source: Source,
    cache: Option<DiskCache>,
    options: FetchOptions,
    inner: Mutex<Inner>,
    wake: Condvar,
    client: OnceLock<Result<reqwest::blocking::Client, String>>,
}

#[derive(Default)]
struct Inner {
    /// Newest first.
    queue: VecDeque<TileKey>,
    /// Queued or in flight in a worker.
    pending: HashSet<TileKey>,
    in_flight: usize,
    results: Vec<TileResult>,
    manual_offline: bool,
    net: Net,
    failures_total: u64,
    consecutive_failures: u32,
    last_error: Option<String>,
    workers_started: bool,
    stop: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Net {
    #[default]
    Unknown,
    Online,
    AutoOffline {
        next_probe: Instant,
        probing: bool,
    },
}

fn lock(m: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
