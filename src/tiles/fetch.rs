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

use std::collections::{HashSet, VecDeque};
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use super::cache::DiskCache;
use super::{Source, TileKey};

/// The largest body accepted as a tile; anything bigger is not a map tile.
const MAX_TILE_BYTES: u64 = 8 * 1024 * 1024;
/// At most this many tiles wait in the queue; the oldest requests are given up beyond it.
const MAX_QUEUE: usize = 512;

/// How the fetcher works. `Default` gives 10 s per request (5 s to connect), two workers,
/// offline after 4 consecutive failures and a probe every 30 s while offline.
pub struct FetchOptions {
    /// Sent with every request; tile providers require one that names the application.
    pub user_agent: String,
    /// The longest one request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// Worker threads (at least one is started, and only on the first queued request).
    pub workers: usize,
    /// Consecutive network failures after which the fetcher goes offline by itself.
    pub offline_after: u32,
    /// While offline by itself, one probe request is let through after this long.
    pub retry_after: Duration,
    /// Called by a worker after each result it delivers (the app passes
    /// `ctx.request_repaint`), and by `request` when it answers from the cache.
    pub on_result: Option<Box<dyn Fn() + Send + Sync>>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            user_agent: default_user_agent(),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            workers: 2,
            offline_after: 4,
            retry_after: Duration::from_secs(30),
            on_result: None,
        }
    }
}

impl std::fmt::Debug for FetchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchOptions")
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("workers", &self.workers)
            .field("offline_after", &self.offline_after)
            .field("retry_after", &self.retry_after)
            .field("on_result", &self.on_result.as_ref().map(|_| "Fn"))
            .finish()
    }
}

/// `Sozialatlas/<version>`, as tile usage policies ask for.
pub fn default_user_agent() -> String {
    format!(
        "Sozialatlas/{} (Desktop-GIS für Sozialraumanalyse)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Why a tile did not arrive. The messages are German and shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileFailure {
    /// The server answered that it has no such tile (404, 410 or 204), or the tile lies
    /// outside the source's zoom range or the world.
    #[error("Diese Kachel gibt es beim Anbieter nicht.")]
    NotFound,
    /// No complete answer within the time limit.
    #[error("Der Kachelserver hat nicht rechtzeitig geantwortet (Zeitüberschreitung).")]
    Timeout,
    /// The server could not be reached (no network, name not resolvable, connection refused
    /// or broken).
    #[error("Keine Verbindung zum Kachelserver „{host}“ ({detail}).")]
    Connection { host: String, detail: String },
    /// The server answered with an error status. 5xx counts towards going offline, 4xx not.
    #[error("Der Kachelserver meldet einen Fehler (HTTP {0}).")]
    Http(u16),
    /// The body is not a PNG or JPEG tile (e.g. a login page of a public Wi-Fi, or an image
    /// whose header states more than a tile's size); not cached.
    #[error(
        "Der Kachelserver hat kein brauchbares Kachelbild geliefert (kein PNG oder JPEG, oder \
         größer als 512 × 512 Pixel)."
    )]
    Corrupt,
    /// Offline (switched by hand or detected) and the tile is not in the cache.
    #[error("Offline: diese Kachel ist nicht im Zwischenspeicher.")]
    Offline,
    /// The source has no web address (MBTiles file or no basemap).
    #[error("Diese Kartenquelle lädt keine Kacheln aus dem Internet.")]
    NoSource,
    /// Given up unfetched because many newer requests came in; ask again if still needed.
    #[error("Anfrage verworfen, weil viele neuere Kacheln angefordert wurden.")]
    Superseded,
}

impl TileFailure {
    /// Whether this failure says the network or the server is not usable, i.e. counts towards
    /// going offline (timeouts, connection errors, 5xx, non-image bodies).
    pub fn is_network_failure(&self) -> bool {
        match self {
            Self::Timeout | Self::Connection { .. } | Self::Corrupt => true,
            Self::Http(code) => *code >= 500,
            Self::NotFound | Self::Offline | Self::NoSource | Self::Superseded => false,
        }
    }
}

/// Whether the network is usable, as far as the fetcher knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchState {
    /// The last answer came from the server.
    Online,
    /// Offline without the user asking for it; `auto` is `true` when the fetcher detected it
    /// (after `offline_after` consecutive failures) and will probe again by itself.
    Offline { auto: bool },
    /// The user switched to offline: no network at all, cache only.
    ManualOffline,
    /// Nothing was downloaded yet (or the last retry has no answer yet).
    Unknown,
}

/// What the UI shows about the fetcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchStatus {
    pub state: FetchState,
    /// Downloads that failed since the start, not counting tiles the server does not have.
    pub failures_total: u64,
    /// Network failures in a row (reset by any answer from the server).
    pub consecutive_failures: u32,
    /// The message of the most recent failure (German).
    pub last_error: Option<String>,
    /// Downloads running now.
    pub in_flight: usize,
    /// Tiles waiting for a worker.
    pub queued: usize,
}

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

/// Whether a request may use the network now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Admit {
    Go,
    Probe,
    Offline,
}

fn lock(m: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Inner {
    /// Lets a request through, as a probe, or not at all. A probe is admitted only once until
    /// its answer is recorded.
    fn admit(&mut self, now: Instant) -> Admit {
        if self.manual_offline {
            return Admit::Offline;
        }
        match &mut self.net {
            Net::AutoOffline {
                next_probe,
                probing,
            } => {
                if !*probing && now >= *next_probe {
                    *probing = true;
                    Admit::Probe
                } else {
                    Admit::Offline
                }
            }
            Net::Unknown | Net::Online => Admit::Go,
        }
    }

    /// Whether a request would be refused without network now (without admitting a probe).
    fn refuses(&self, now: Instant) -> bool {
        self.manual_offline
            || matches!(self.net, Net::AutoOffline { next_probe, probing } if probing || now < next_probe)
    }

    /// Takes the outcome of one network attempt into the status.
    fn record(
        &mut self,
        outcome: &Result<Vec<u8>, TileFailure>,
        probe: bool,
        options: &FetchOptions,
    ) {
        let now = Instant::now();
        match outcome {
            Err(failure) if failure.is_network_failure() => {
                self.failures_total += 1;
                self.consecutive_failures = self.consecutive_failures.saturating_add(1);
                self.last_error = Some(failure.to_string());
                match &mut self.net {
                    Net::AutoOffline {
                        next_probe,
                        probing,
                    } => {
                        if probe {
                            *probing = false;
                            *next_probe = now + options.retry_after;
                        }
                    }
                    net => {
                        if self.consecutive_failures >= options.offline_after.max(1) {
                            *net = Net::AutoOffline {
                                next_probe: now + options.retry_after,
                                probing: false,
                            };
                        }
                    }
                }
            }
            // The server answered: it is reachable.
            other => {
                if let Err(failure) = other
                    && *failure != TileFailure::NotFound
                {
                    self.failures_total += 1;
                    self.last_error = Some(failure.to_string());
                }
                self.consecutive_failures = 0;
                self.net = Net::Online;
            }
        }
    }

    fn state(&self) -> FetchState {
        if self.manual_offline {
            return FetchState::ManualOffline;
        }
        match self.net {
            Net::Unknown => FetchState::Unknown,
            Net::Online => FetchState::Online,
            Net::AutoOffline { .. } => FetchState::Offline { auto: true },
        }
    }
}

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

impl Shared {
    fn cached(&self, key: TileKey) -> Option<Vec<u8>> {
        self.cache.as_ref()?.get(&self.source.id, key)
    }

    /// Whether the tile exists at all: in the source's zoom range and in the world.
    fn in_range(&self, key: TileKey) -> bool {
        let side = 1u64 << key.z.min(32);
        (self.source.min_zoom..=self.source.max_zoom).contains(&key.z)
            && u64::from(key.x) < side
            && u64::from(key.y) < side
    }

    fn notify(&self) {
        if let Some(callback) = &self.options.on_result {
            callback();
        }
    }

    /// Caches a good download (a failing disk write only costs the cache).
    fn store(&self, key: TileKey, outcome: &Result<Vec<u8>, TileFailure>) {
        if let (Some(cache), Ok(bytes)) = (&self.cache, outcome) {
            let _ = cache.put(&self.source.id, key, bytes);
        }
    }

    /// A worker: takes the newest queued tile, downloads it, delivers, until stopped.
    fn work(&self) {
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

    /// The HTTP client, built on first use (by whichever thread needs it first).
    fn client(&self) -> Result<&reqwest::blocking::Client, String> {
        let built = self.client.get_or_init(|| {
            let mut builder = reqwest::blocking::Client::builder()
                .user_agent(self.options.user_agent.clone())
                .timeout(self.options.timeout)
                .connect_timeout(self.options.connect_timeout);
            if self
                .source
                .url(TileKey { z: 0, x: 0, y: 0 })
                .is_some_and(|u| is_loopback(&u))
            {
                // A tile server on this machine is never reached through a proxy.
                builder = builder.no_proxy();
            }
            builder.build().map_err(|e| error_chain(&e))
        });
        built.as_ref().map_err(Clone::clone)
    }

    /// One GET, bounded by `timeout` from connecting to the last byte, with the body checked.
    fn download(&self, url: &str, timeout: Duration) -> Result<Vec<u8>, TileFailure> {
        let deadline = Instant::now() + timeout;
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let client = self.client().map_err(|detail| TileFailure::Connection {
            host: host.clone(),
            detail,
        })?;
        let response = client
            .get(url)
            .timeout(timeout)
            .send()
            .map_err(|e| classify(&e, &host))?;
        let status = response.status().as_u16();
        match status {
            200..=203 | 205..=299 => {}
            204 | 404 | 410 => return Err(TileFailure::NotFound),
            _ => return Err(TileFailure::Http(status)),
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_TILE_BYTES)
        {
            return Err(TileFailure::Corrupt);
        }
        let mut body = Vec::new();
        let mut reader = response.take(MAX_TILE_BYTES + 1);
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if Instant::now() >= deadline {
                return Err(TileFailure::Timeout);
            }
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let timed_out = Instant::now() >= deadline
                        || e.kind() == std::io::ErrorKind::TimedOut
                        || e.get_ref()
                            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                            .is_some_and(reqwest::Error::is_timeout);
                    return Err(if timed_out {
                        TileFailure::Timeout
                    } else {
                        TileFailure::Connection {
                            host,
                            detail: error_chain(&e),
                        }
                    });
                }
            }
        }
        if body.len() as u64 > MAX_TILE_BYTES || !is_tile_image(&body) {
            return Err(TileFailure::Corrupt);
        }
        Ok(body)
    }
}

/// Whether bytes are a PNG or JPEG whose header is readable and states a tile's size (at most
/// [`super::tile_image::MAX_TILE_SIDE`] pixels a side). Only the header is read.
pub fn is_tile_image(bytes: &[u8]) -> bool {
    super::tile_image::check_tile(bytes).is_ok()
}

fn classify(e: &reqwest::Error, host: &str) -> TileFailure {
    if e.is_timeout() {
        TileFailure::Timeout
    } else {
        TileFailure::Connection {
            host: host.to_owned(),
            detail: error_chain(e),
        }
    }
}

/// The innermost cause of an error (the most telling part, e.g. "Connection refused").
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner: &dyn std::error::Error = e;
    while let Some(source) = inner.source() {
        inner = source;
    }
    inner.to_string()
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url).is_ok_and(|u| {
        u.host_str().is_some_and(|h| {
            h.eq_ignore_ascii_case("localhost")
                || h.trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 2, 2);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[200; 12]).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn pngs_and_jpegs_are_tiles_and_web_pages_are_not() {
        assert!(is_tile_image(&png_bytes()));
        // A JPEG start without a frame header states no size: not a tile.
        assert!(!is_tile_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J']));
        assert!(!is_tile_image(
            b"<!DOCTYPE html><title>WLAN-Anmeldung</title>"
        ));
        assert!(!is_tile_image(b""));
        assert!(!is_tile_image(&[0xFF, 0xD8, 0xFF]));
        // A PNG signature followed by garbage has no readable header.
        let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
        broken.extend_from_slice(&[7; 40]);
        assert!(!is_tile_image(&broken));
    }

    #[test]
    fn only_unreachable_servers_push_towards_offline() {
        assert!(TileFailure::Timeout.is_network_failure());
        assert!(TileFailure::Http(503).is_network_failure());
        assert!(TileFailure::Corrupt.is_network_failure());
        assert!(!TileFailure::NotFound.is_network_failure());
        assert!(!TileFailure::Http(403).is_network_failure());
        assert!(!TileFailure::Offline.is_network_failure());
    }

    #[test]
    fn failures_in_a_row_go_offline_and_an_answer_comes_back_online() {
        let options = FetchOptions {
            offline_after: 2,
            ..FetchOptions::default()
        };
        let mut inner = Inner::default();
        let fail = Err(TileFailure::Timeout);
        inner.record(&fail, false, &options);
        assert_eq!(inner.state(), FetchState::Unknown);
        inner.record(&Err(TileFailure::NotFound), false, &options);
        assert_eq!(inner.state(), FetchState::Online);
        assert_eq!(inner.consecutive_failures, 0);
        inner.record(&fail, false, &options);
        inner.record(&fail, false, &options);
        assert_eq!(inner.state(), FetchState::Offline { auto: true });
        assert_eq!(inner.failures_total, 3);
        assert!(inner.refuses(Instant::now()));
        // No probe before `retry_after`, exactly one after it.
        assert_eq!(inner.admit(Instant::now()), Admit::Offline);
        let later = Instant::now() + options.retry_after;
        assert_eq!(inner.admit(later), Admit::Probe);
        assert_eq!(inner.admit(later), Admit::Offline);
        inner.record(&Ok(vec![1]), true, &options);
        assert_eq!(inner.state(), FetchState::Online);
        inner.manual_offline = true;
        assert_eq!(inner.state(), FetchState::ManualOffline);
        assert_eq!(inner.admit(Instant::now()), Admit::Offline);
    }

    #[test]
    fn local_servers_are_recognised_for_the_proxy_bypass() {
        assert!(is_loopback("http://127.0.0.1:8080/ok/1/2/3.png"));
        assert!(is_loopback("http://localhost/x.png"));
        assert!(is_loopback("http://[::1]:99/x.png"));
        assert!(!is_loopback("https://tile.openstreetmap.org/1/2/3.png"));
    }
}
