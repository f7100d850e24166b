//! The worker threads of a [`Fetcher`](super::Fetcher): take the newest queued tile, answer
//! from the cache or download it when the network state admits it, cache good tiles and
//! deliver the result. Must not decide about online/offline itself (see `status`).

use std::sync::PoisonError;
use std::time::Instant;

use super::status::Admit;
use super::{Shared, TileFailure, TileKey, lock};

impl Shared {
    pub(super) fn cached(&self, key: TileKey) -> Option<Vec<u8>> {
        self.cache.as_ref()?.get(&self.source.id, key)
    }

    /// Whether the tile exists at all: in the source's zoom range and in the world.
    pub(super) fn in_range(&self, key: TileKey) -> bool {
        let side = 1u64 << key.z.min(32);
        (self.source.min_zoom..=self.source.max_zoom).contains(&key.z)
            && u64::from(key.x) < side
            && u64::from(key.y) < side
    }

    pub(super) fn notify(&self) {
        if let Some(callback) = &self.options.on_result {
            callback();
        }
    }

    /// Caches a good download (a failing disk write only costs the cache).
    pub(super) fn store(&self, key: TileKey, outcome: &Result<Vec<u8>, TileFailure>) {
        if let (Some(cache), Ok(bytes)) = (&self.cache, outcome) {
            let _ = cache.put(&self.source.id, key, bytes);
        }
    }

    /// A worker: takes the newest queued tile, downloads it, delivers, until stopped.
    pub(super) fn work(&self) {
        loop {
            let key = {
                let mut inner = lock(&self.inner);
                loop {
                    if inner.stop {
                        return;
                    }
                    if let Some(key) = inner.queue.pop_front() {
                        break key;
                    }
                    inner = self
                        .wake
                        .wait(inner)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            };
            // `fetch_blocking` may have cached it meanwhile.
            if let Some(bytes) = self.cached(key) {
                self.deliver(key, Ok(bytes), None);
                continue;
            }
            let probe = {
                let mut inner = lock(&self.inner);
                match inner.admit(Instant::now()) {
                    Admit::Offline => None,
                    admit => {
                        inner.in_flight += 1;
                        Some(admit == Admit::Probe)
                    }
                }
            };
            let Some(probe) = probe else {
                self.deliver(key, Err(TileFailure::Offline), None);
                continue;
            };
            let outcome = match self.source.url(key) {
                Some(url) => self.download(&url, self.options.timeout),
                None => Err(TileFailure::NoSource),
            };
            self.store(key, &outcome);
            self.deliver(key, outcome, Some(probe));
        }
    }

    /// Hands a worker's result over; `network` is `Some(probe)` when a download was made.
    fn deliver(&self, key: TileKey, outcome: Result<Vec<u8>, TileFailure>, network: Option<bool>) {
        let mut inner = lock(&self.inner);
        if let Some(probe) = network {
            inner.in_flight = inner.in_flight.saturating_sub(1);
            inner.record(&outcome, probe, &self.options);
        }
        if inner.stop {
            return;
        }
        inner.pending.remove(&key);
        inner.results.push((key, outcome));
        drop(inner);
        self.notify();
    }
}
