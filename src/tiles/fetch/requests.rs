//! The caller's side of a [`Fetcher`]: asking for tiles without waiting, polling the results,
//! one bounded blocking fetch for the exporter, the status, offline by hand and retry, and
//! stopping the workers on drop. Must never block the caller on the network (except in
//! `fetch_blocking`, which is bounded by its deadline).

use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Instant;

use super::status::Admit;
use super::{
    DiskCache, FetchOptions, FetchStatus, Fetcher, Inner, MAX_QUEUE, Net, Shared, Source,
    TileFailure, TileKey, TileResult, lock,
};

impl Fetcher {
    /// A fetcher for `source`, caching in `cache` (none: nothing is stored or read from disk).
    /// Cheap: no thread is started before the first tile has to be downloaded.
    pub fn new(source: Source, cache: Option<DiskCache>, options: FetchOptions) -> Self {
        Self {
            shared: Arc::new(Shared {
                source,
                cache,
                options,
                inner: Mutex::new(Inner::default()),
                wake: Condvar::new(),
                client: OnceLock::new(),
            }),
        }
    }

    /// The source this fetcher serves.
    pub fn source(&self) -> &Source {
        &self.shared.source
    }

    /// The disk cache, if any.
    pub fn cache(&self) -> Option<&DiskCache> {
        self.shared.cache.as_ref()
    }

    /// Asks for a tile without waiting. A cached tile is put into the results at once (one
    /// disk read); otherwise the tile is queued for download, ahead of older requests. A tile
    /// already queued or downloading is not queued twice. Offline, an uncached tile gets
    /// [`TileFailure::Offline`] at once and no request is sent.
    pub fn request(&self, key: TileKey) {
        let shared = &self.shared;
        let immediate = if let Some(bytes) = shared.cached(key) {
            Some(Ok(bytes))
        } else if shared.source.url(key).is_none() {
            Some(Err(TileFailure::NoSource))
        } else if !shared.in_range(key) {
            Some(Err(TileFailure::NotFound))
        } else {
            None
        };
        let mut inner = lock(&shared.inner);
        if inner.stop {
            return;
        }
        if let Some(result) = immediate {
            inner.results.push((key, result));
            drop(inner);
            shared.notify();
            return;
        }
        if inner.pending.contains(&key) {
            // Already waiting: move it to the front, it is wanted now.
            if let Some(i) = inner.queue.iter().position(|k| *k == key) {
                inner.queue.remove(i);
                inner.queue.push_front(key);
            }
            return;
        }
        if inner.refuses(Instant::now()) {
            inner.results.push((key, Err(TileFailure::Offline)));
            drop(inner);
            shared.notify();
            return;
        }
        inner.queue.push_front(key);
        inner.pending.insert(key);
        let mut dropped = false;
        while inner.queue.len() > MAX_QUEUE {
            if let Some(old) = inner.queue.pop_back() {
                inner.pending.remove(&old);
                inner.results.push((old, Err(TileFailure::Superseded)));
                dropped = true;
            }
        }
        let start = !inner.workers_started;
        inner.workers_started = true;
        drop(inner);
        if start {
            self.start_workers();
        }
        shared.wake.notify_one();
        if dropped {
            shared.notify();
        }
    }

    /// The results that arrived since the last call, oldest first.
    pub fn poll(&self) -> Vec<TileResult> {
        std::mem::take(&mut lock(&self.shared.inner).results)
    }

    /// The cached bytes of a tile (a synchronous disk read; no network).
    pub fn get_cached(&self, key: TileKey) -> Option<Vec<u8>> {
        self.shared.cached(key)
    }

    /// The bytes of a tile for the exporter: from the cache, or else one download that ends
    /// by `deadline` at the latest (and never takes longer than the request timeout). `None`
    /// when offline, past the deadline, or when the download fails. A downloaded tile is
    /// cached and counts for the online status like any other.
    pub fn fetch_blocking(&self, key: TileKey, deadline: Instant) -> Option<Vec<u8>> {
        let shared = &self.shared;
        if let Some(bytes) = shared.cached(key) {
            return Some(bytes);
        }
        let url = shared.source.url(key)?;
        if !shared.in_range(key) {
            return None;
        }
        let now = Instant::now();
        let remaining = deadline.checked_duration_since(now)?;
        let probe = {
            let mut inner = lock(&shared.inner);
            match inner.admit(now) {
                Admit::Offline => return None,
                admit => {
                    inner.in_flight += 1;
                    admit == Admit::Probe
                }
            }
        };
        let timeout = remaining.min(shared.options.timeout);
        let outcome = shared.download(&url, timeout);
        shared.store(key, &outcome);
        {
            let mut inner = lock(&shared.inner);
            inner.in_flight = inner.in_flight.saturating_sub(1);
            inner.record(&outcome, probe, &shared.options);
        }
        outcome.ok()
    }

    /// The state and counters for the UI.
    pub fn status(&self) -> FetchStatus {
        let inner = lock(&self.shared.inner);
        FetchStatus {
            state: inner.state(),
            failures_total: inner.failures_total,
            consecutive_failures: inner.consecutive_failures,
            last_error: inner.last_error.clone(),
            in_flight: inner.in_flight,
            queued: inner.queue.len(),
        }
    }

    /// Switches the manual offline mode. Switching it on answers every queued tile with
    /// [`TileFailure::Offline`] at once; downloads already running finish.
    pub fn set_manual_offline(&self, offline: bool) {
        let shared = &self.shared;
        let mut inner = lock(&shared.inner);
        inner.manual_offline = offline;
        if !offline || inner.queue.is_empty() {
            return;
        }
        let queued: Vec<TileKey> = inner.queue.drain(..).collect();
        for key in queued {
            inner.pending.remove(&key);
            inner.results.push((key, Err(TileFailure::Offline)));
        }
        drop(inner);
        shared.notify();
    }

    /// Whether the manual offline mode is on.
    pub fn manual_offline(&self) -> bool {
        lock(&self.shared.inner).manual_offline
    }

    /// Leaves the automatically detected offline state: the next requests go to the network
    /// again (and after `offline_after` new failures the fetcher is offline again). Does not
    /// touch the manual offline mode.
    pub fn retry_now(&self) {
        let mut inner = lock(&self.shared.inner);
        if matches!(inner.net, Net::AutoOffline { .. }) {
            inner.net = Net::Unknown;
            inner.consecutive_failures = 0;
        }
    }

    fn start_workers(&self) {
        for i in 0..self.shared.options.workers.max(1) {
            let shared = Arc::clone(&self.shared);
            let spawned = std::thread::Builder::new()
                .name(format!("kacheln-{i}"))
                .spawn(move || shared.work());
            if let Err(e) = spawned {
                let mut inner = lock(&self.shared.inner);
                inner.last_error = Some(format!(
                    "Hintergrund-Download konnte nicht gestartet werden: {e}"
                ));
            }
        }
    }
}

impl Drop for Fetcher {
    /// Signals the workers to stop and returns at once; they are not joined.
    fn drop(&mut self) {
        let mut inner = lock(&self.shared.inner);
        inner.stop = true;
        inner.queue.clear();
        inner.pending.clear();
        drop(inner);
        self.shared.wake.notify_all();
    }
}
