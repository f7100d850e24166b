//! The tile fetcher against a tiny HTTP/1.1 tile server on 127.0.0.1 that the test starts:
//! `/ok/…` answers a valid PNG, `/missing/…` 404, `/error/…` 500, `/stall/…` never answers,
//! `/corrupt/…` 200 with random bytes. The server counts the requests it gets, so the tests
//! can tell cache hits and offline refusals from network requests. No real network is used.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use sozialatlas::tiles::cache::DiskCache;
use sozialatlas::tiles::fetch::{FetchOptions, FetchState, Fetcher, TileFailure, TileResult};
use sozialatlas::tiles::{Source, TileKey};

/// A bound for the test harness only (how long to wait for a result before giving up); the
/// fetcher's own timeouts are far shorter.
const HARNESS_BOUND: Duration = Duration::from_secs(20);

struct TileServer {
    port: u16,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl TileServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let counted = Arc::clone(&hits);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counted = Arc::clone(&counted);
                thread::spawn(move || serve(stream, &counted));
            }
        });
        Self { port, hits }
    }

    fn template(&self, kind: &str) -> String {
        format!(
            "http://127.0.0.1:{}/{kind}/{{z}}/{{x}}/{{y}}.png",
            self.port
        )
    }

    fn source(&self, kind: &str) -> Source {
        Source::custom(&self.template(kind), "Testserver", 19)
    }

    /// Requests that reached the server under `/kind/`.
    fn hits(&self, kind: &str) -> usize {
        self.hits.lock().unwrap().get(kind).copied().unwrap_or(0)
    }
}

fn serve(stream: TcpStream, hits: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let kind = path.trim_start_matches('/').split('/').next().unwrap_or("");
    *hits.lock().unwrap().entry(kind.to_owned()).or_default() += 1;
    let (status, body): (&str, Vec<u8>) = match kind {
        "ok" => ("200 OK", png_tile()),
        "missing" => ("404 Not Found", b"nicht da".to_vec()),
        "error" => ("500 Internal Server Error", b"kaputt".to_vec()),
        "stall" => {
            thread::sleep(Duration::from_secs(10));
            return;
        }
        "corrupt" => ("200 OK", random_bytes(300)),
        _ => ("404 Not Found", Vec::new()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// A valid 4 × 4 PNG.
fn png_tile() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 4, 4);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[120; 4 * 4 * 4]).unwrap();
    writer.finish().unwrap();
    out
}

/// Pseudo-random bytes that start like neither a PNG nor a JPEG.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let mut out: Vec<u8> = (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect();
    out[0] = 0;
    out
}

fn key(z: u8, x: u32, y: u32) -> TileKey {
    TileKey { z, x, y }
}

/// Short timeouts, one worker (so requests reach the server one at a time), a signal on every
/// result.
fn options(offline_after: u32) -> (FetchOptions, Receiver<()>) {
    let (tx, rx) = mpsc::channel();
    let options = FetchOptions {
        user_agent: "Sozialatlas-Test".to_owned(),
        timeout: Duration::from_millis(1500),
        connect_timeout: Duration::from_millis(1000),
        workers: 1,
        offline_after,
        retry_after: Duration::from_secs(3600),
        on_result: Some(Box::new(move || {
            let _ = tx.send(());
        })),
    };
    (options, rx)
}

/// Waits until `n` results have arrived and returns them.
fn wait_for(fetcher: &Fetcher, signals: &Receiver<()>, n: usize) -> Vec<TileResult> {
    let mut results = Vec::new();
    let start = Instant::now();
    while results.len() < n {
        results.extend(fetcher.poll());
        if results.len() >= n {
            break;
        }
        assert!(
            start.elapsed() < HARNESS_BOUND,
            "no result from the fetcher: {:?}",
            fetcher.status()
        );
        let _ = signals.recv_timeout(Duration::from_millis(200));
    }
    results
}

fn one(fetcher: &Fetcher, signals: &Receiver<()>, k: TileKey) -> Result<Vec<u8>, TileFailure> {
    fetcher.request(k);
    let mut results = wait_for(fetcher, signals, 1);
    assert_eq!(results.len(), 1);
    let (got, result) = results.remove(0);
    assert_eq!(got, k);
    result
}

#[test]
fn a_downloaded_tile_arrives_is_cached_and_is_not_downloaded_again() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(tmp.path());
    let source = server.source("ok");
    let (options, signals) = options(4);
    let fetcher = Fetcher::new(source.clone(), Some(cache.clone()), options);
    let k = key(12, 2146, 1387);

    assert_eq!(one(&fetcher, &signals, k).unwrap(), png_tile());
    assert_eq!(server.hits("ok"), 1);
    assert_eq!(cache.get(&source.id, k), Some(png_tile()));
    let status = fetcher.status();
    assert_eq!(status.state, FetchState::Online);
    assert_eq!(
        (status.failures_total, status.in_flight, status.queued),
        (0, 0, 0)
    );

    // The second request is answered from the cache at once, before any poll.
    fetcher.request(k);
    let results = fetcher.poll();
    assert_eq!(results, vec![(k, Ok(png_tile()))]);
    assert_eq!(fetcher.get_cached(k), Some(png_tile()));
    assert_eq!(
        fetcher.fetch_blocking(k, Instant::now() + Duration::from_secs(1)),
        Some(png_tile())
    );
    assert_eq!(server.hits("ok"), 1, "the server saw no second request");
}

#[test]
fn the_same_tile_asked_for_twice_is_downloaded_once() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let (options, signals) = options(4);
    let fetcher = Fetcher::new(
        server.source("ok"),
        Some(DiskCache::new(tmp.path())),
        options,
    );
    let (a, b) = (key(3, 1, 1), key(3, 1, 2));
    fetcher.request(a);
    fetcher.request(b);
    fetcher.request(a);
    let mut results = Vec::new();
    while !(results.iter().any(|(k, _)| *k == a) && results.iter().any(|(k, _)| *k == b)) {
        results.extend(wait_for(&fetcher, &signals, 1));
    }
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    // `a` came either from its one download or, asked for again after it was cached, from
    // the cache: never twice from the server.
    assert_eq!(server.hits("ok"), 2);
}

#[test]
fn fetch_blocking_downloads_and_caches_for_the_exporter() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let (options, _signals) = options(4);
    let fetcher = Fetcher::new(
        server.source("ok"),
        Some(DiskCache::new(tmp.path())),
        options,
    );
    let k = key(10, 500, 300);
    assert_eq!(fetcher.get_cached(k), None);
    let got = fetcher.fetch_blocking(k, Instant::now() + Duration::from_secs(5));
    assert_eq!(got, Some(png_tile()));
    assert_eq!(fetcher.get_cached(k), Some(png_tile()));
    assert_eq!(server.hits("ok"), 1);
    assert!(fetcher.poll().is_empty(), "blocking fetches are not polled");
}

#[test]
fn a_missing_tile_is_not_found_and_the_server_counts_as_reachable() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let (options, signals) = options(2);
    let fetcher = Fetcher::new(
        server.source("missing"),
        Some(DiskCache::new(tmp.path())),
        options,
    );
    for y in 0..4 {
        assert_eq!(
            one(&fetcher, &signals, key(5, 3, y)),
            Err(TileFailure::NotFound)
        );
    }
    let status = fetcher.status();
    assert_eq!(status.state, FetchState::Online);
    assert_eq!(status.consecutive_failures, 0);
    assert_eq!(status.failures_total, 0);
    assert_eq!(
        server.hits("missing"),
        4,
        "never offline, every request sent"
    );
    assert_eq!(fetcher.get_cached(key(5, 3, 0)), None);
}

#[test]
fn repeated_server_errors_go_offline_and_retry_now_tries_again() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let (options, signals) = options(3);
    let fetcher = Fetcher::new(
        server.source("error"),
        Some(DiskCache::new(tmp.path())),
        options,
    );
    for y in 0..3 {
        assert_eq!(
            one(&fetcher, &signals, key(6, 1, y)),
            Err(TileFailure::Http(500))
        );
    }
    let status = fetcher.status();
    assert_eq!(status.state, FetchState::Offline { auto: true });
    assert_eq!(status.consecutive_failures, 3);
    assert_eq!(status.failures_total, 3);
    let message = status.last_error.unwrap();
    assert!(message.contains("HTTP 500"), "{message}");
    assert_eq!(server.hits("error"), 3);

    // Offline: answered at once, nothing reaches the server.
    for y in 3..8 {
        assert_eq!(
            one(&fetcher, &signals, key(6, 1, y)),
            Err(TileFailure::Offline)
        );
    }
    assert_eq!(
        fetcher.fetch_blocking(key(6, 1, 9), Instant::now() + Duration::from_secs(2)),
        None
    );
    assert_eq!(server.hits("error"), 3);

    fetcher.retry_now();
    assert_ne!(fetcher.status().state, FetchState::Offline { auto: true });
    assert_eq!(
        one(&fetcher, &signals, key(6, 1, 10)),
        Err(TileFailure::Http(500))
    );
    assert_eq!(server.hits("error"), 4, "retry_now sent a request again");
}

#[test]
fn while_offline_one_probe_goes_out_after_retry_after() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let (mut options, signals) = options(1);
    options.retry_after = Duration::from_millis(200);
    let fetcher = Fetcher::new(
        server.source("error"),
        Some(DiskCache::new(tmp.path())),
        options,
    );
    assert_eq!(
        one(&fetcher, &signals, key(2, 0, 0)),
        Err(TileFailure::Http(500))
    );
    assert_eq!(fetcher.status().state, FetchState::Offline { auto: true });
    thread::sleep(Duration::from_millis(400));
    // The probe fails: still offline, and the next probe only after another `retry_after`.
    assert_eq!(
        one(&fetcher, &signals, key(2, 0, 1)),
        Err(TileFailure::Http(500))
    );
    assert_eq!(server.hits("error"), 2);
    assert_eq!(fetcher.status().state, FetchState::Offline { auto: true });
}

#[test]
fn a_stalled_server_never_blocks_the_caller_and_times_out() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let (options, signals) = options(4);
    let fetcher = Arc::new(Fetcher::new(
        server.source("stall"),
        Some(DiskCache::new(tmp.path())),
        options,
    ));
    let k = key(8, 10, 10);
    // `request` returns while the server sits on the request.
    fetcher.request(k);
    let status = fetcher.status();
    assert_eq!(status.queued + status.in_flight, 1);
    let results = wait_for(&fetcher, &signals, 1);
    assert_eq!(results, vec![(k, Err(TileFailure::Timeout))]);
    let status = fetcher.status();
    assert_eq!(status.consecutive_failures, 1);
    assert!(status.last_error.unwrap().contains("Zeitüberschreitung"));

    // The exporter's blocking fetch gives up by its deadline, long before the server's
    // 10 s sleep ends (the 5 s bound is the harness's, not a timing assertion).
    let (tx, rx) = mpsc::channel();
    let shared = Arc::clone(&fetcher);
    thread::spawn(move || {
        let got =
            shared.fetch_blocking(key(8, 10, 11), Instant::now() + Duration::from_millis(300));
        let _ = tx.send(got);
    });
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(None));
    assert_eq!(fetcher.get_cached(k), None);
}

#[test]
fn dropping_a_busy_fetcher_returns_without_waiting_for_the_download() {
    let server = TileServer::start();
    let (options, _signals) = options(4);
    let fetcher = Fetcher::new(server.source("stall"), None, options);
    fetcher.request(key(1, 0, 0));
    fetcher.request(key(1, 1, 0));
    // The worker is stuck in the stalled download; dropping must not wait for it (the
    // channel's bound is the harness's, not a timing assertion).
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        drop(fetcher);
        let _ = tx.send(());
    });
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(()));
}

#[test]
fn a_body_that_is_not_an_image_fails_and_is_not_cached() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(tmp.path());
    let source = server.source("corrupt");
    let (options, signals) = options(4);
    let fetcher = Fetcher::new(source.clone(), Some(cache.clone()), options);
    let k = key(9, 4, 4);
    assert_eq!(one(&fetcher, &signals, k), Err(TileFailure::Corrupt));
    assert_eq!(cache.get(&source.id, k), None);
    assert_eq!(fetcher.get_cached(k), None);
    assert_eq!(cache.size_bytes(), 0);
    assert_eq!(fetcher.status().consecutive_failures, 1);
    // Asked again, it is downloaded again (nothing bad was kept).
    assert_eq!(one(&fetcher, &signals, k), Err(TileFailure::Corrupt));
    assert_eq!(server.hits("corrupt"), 2);
}

#[test]
fn manual_offline_sends_nothing_and_still_serves_the_cache() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(tmp.path());
    let source = server.source("ok");
    let cached = key(11, 1072, 694);
    cache.put(&source.id, cached, &png_tile()).unwrap();
    let (options, signals) = options(4);
    let fetcher = Fetcher::new(source, Some(cache), options);
    fetcher.set_manual_offline(true);
    assert!(fetcher.manual_offline());
    assert_eq!(fetcher.status().state, FetchState::ManualOffline);

    assert_eq!(one(&fetcher, &signals, cached), Ok(png_tile()));
    assert_eq!(
        one(&fetcher, &signals, key(11, 1072, 695)),
        Err(TileFailure::Offline)
    );
    assert_eq!(
        fetcher.fetch_blocking(cached, Instant::now() + Duration::from_secs(1)),
        Some(png_tile())
    );
    assert_eq!(
        fetcher.fetch_blocking(key(11, 1072, 696), Instant::now() + Duration::from_secs(1)),
        None
    );
    assert_eq!(server.hits("ok"), 0, "no request at all while offline");

    fetcher.set_manual_offline(false);
    assert_eq!(one(&fetcher, &signals, key(11, 1072, 695)), Ok(png_tile()));
    assert_eq!(server.hits("ok"), 1);
}

#[test]
fn tiles_outside_the_source_or_the_world_are_not_requested() {
    let server = TileServer::start();
    let (options, signals) = options(4);
    let source = Source::custom(&server.template("ok"), "Testserver", 14);
    let fetcher = Fetcher::new(source, None, options);
    assert_eq!(
        one(&fetcher, &signals, key(15, 0, 0)),
        Err(TileFailure::NotFound)
    );
    assert_eq!(
        one(&fetcher, &signals, key(2, 4, 0)),
        Err(TileFailure::NotFound)
    );
    assert_eq!(server.hits("ok"), 0);
    let none = Fetcher::new(Source::none(), None, FetchOptions::default());
    none.request(key(0, 0, 0));
    assert_eq!(
        none.poll(),
        vec![(key(0, 0, 0), Err(TileFailure::NoSource))]
    );
}

#[test]
fn the_cache_measures_clears_and_keeps_its_limit_with_downloaded_tiles() {
    let server = TileServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(tmp.path());
    let (options, signals) = options(4);
    let fetcher = Fetcher::new(server.source("ok"), Some(cache.clone()), options);
    for x in 0..4 {
        fetcher.request(key(4, x, 0));
    }
    let results = wait_for(&fetcher, &signals, 4);
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    let one_tile = png_tile().len() as u64;
    assert_eq!(cache.size_bytes(), 4 * one_tile);

    assert_eq!(cache.enforce_limit(4 * one_tile).unwrap(), 0);
    assert_eq!(cache.enforce_limit(2 * one_tile).unwrap(), 2 * one_tile);
    assert_eq!(cache.size_bytes(), 2 * one_tile);
    assert_eq!(cache.clear().unwrap(), 2 * one_tile);
    assert_eq!(cache.size_bytes(), 0);
    assert!((0..4).all(|x| fetcher.get_cached(key(4, x, 0)).is_none()));
}

#[test]
fn a_refused_connection_is_a_network_failure_with_a_german_message() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let source = Source::custom(
        &format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        "",
        19,
    );
    let (options, signals) = options(2);
    let fetcher = Fetcher::new(source, None, options);
    let result = one(&fetcher, &signals, key(1, 1, 1));
    match result {
        Err(TileFailure::Connection { ref host, .. }) => assert_eq!(host, "127.0.0.1"),
        other => panic!("expected a connection failure, got {other:?}"),
    }
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with("Keine Verbindung zum Kachelserver"),
        "{message}"
    );
    assert_eq!(fetcher.status().consecutive_failures, 1);
}

#[test]
fn an_https_source_sets_up_tls_and_fails_cleanly_against_a_plain_server() {
    // The TLS stack (rustls with its crypto provider) must come up without a panic; the
    // plain HTTP test server cannot complete the handshake, so the tile fails.
    let server = TileServer::start();
    let source = Source::custom(
        &format!("https://127.0.0.1:{}/ok/{{z}}/{{x}}/{{y}}.png", server.port),
        "",
        19,
    );
    let (options, signals) = options(4);
    let fetcher = Fetcher::new(source, None, options);
    let result = one(&fetcher, &signals, key(1, 0, 1));
    assert!(
        matches!(
            result,
            Err(TileFailure::Timeout | TileFailure::Connection { .. })
        ),
        "{result:?}"
    );
    assert_eq!(server.hits("ok"), 0);
}
