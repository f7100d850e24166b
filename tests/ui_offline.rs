//! The window against a failing tile server on 127.0.0.1 (started here): 500 errors, corrupt
//! bytes, a server that never answers. The map keeps working, failures are counted and shown,
//! the basemap goes offline by itself and stops asking, and nothing panics.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use egui_kittest::kittest::Queryable;
use sozialatlas::tiles::Source;
use sozialatlas::tiles::fetch::FetchState;

mod common;

use common::{NoDialog, harness_with_source};

/// A server answering every request in one way; counts the requests.
fn faulty_server(mode: &'static str) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(&stream);
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let mut s = &stream;
                match mode {
                    "error" => {
                        let _ = write!(
                            s,
                            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        );
                    }
                    "corrupt" => {
                        let body = b"<html>Anmeldung im WLAN erforderlich</html>";
                        let _ = write!(
                            s,
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = s.write_all(body);
                    }
                    // "stall": accept and never answer.
                    _ => std::thread::sleep(std::time::Duration::from_secs(10)),
                }
            });
        }
    });
    (port, hits)
}

fn source(port: u16) -> Source {
    Source::custom(
        &format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        "Test",
        18,
    )
}

fn state(
    h: &egui_kittest::Harness<'static, sozialatlas::app::SozialatlasApp>,
) -> Option<FetchState> {
    h.state()
        .map()
        .basemap()
        .and_then(|b| b.status())
        .map(|s| s.state)
}

#[test]
fn server_errors_and_corrupt_tiles_take_the_map_offline_and_are_shown() {
    for mode in ["error", "corrupt"] {
        let (port, hits) = faulty_server(mode);
        let mut h = harness_with_source(Vec::new(), false, Box::new(NoDialog), Some(source(port)));
        for _ in 0..300 {
            h.step();
            if state(&h) == Some(FetchState::Offline { auto: true }) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(
            state(&h),
            Some(FetchState::Offline { auto: true }),
            "{mode}"
        );
        let status = h.state().map().basemap().and_then(|b| b.status()).unwrap();
        assert!(status.failures_total >= 4, "{mode}: failures counted");
        // Offline: the server is left alone.
        let before = hits.load(Ordering::SeqCst);
        for _ in 0..30 {
            h.step();
        }
        assert_eq!(hits.load(Ordering::SeqCst), before, "{mode}: no hammering");
        // The menu bar says so, and the basemap menu offers to reconnect.
        h.run_steps(2);
        h.get_by_label("offline");
        h.get_by_label("Ansicht").click();
        h.run_steps(2);
        h.get_by_label("Hintergrundkarte").click();
        h.run_steps(2);
        assert!(
            h.query_all_by_label_contains("Fehlversuche")
                .next()
                .is_some()
        );
        h.get_by_label("Erneut verbinden").click();
        h.run_steps(2);
        assert_ne!(
            state(&h),
            Some(FetchState::Offline { auto: true }),
            "{mode}: retried"
        );
    }
}

#[test]
fn a_server_that_never_answers_does_not_stop_the_window() {
    let (port, _) = faulty_server("stall");
    let mut h = harness_with_source(Vec::new(), false, Box::new(NoDialog), Some(source(port)));
    // Frames keep coming while every tile request hangs …
    for _ in 0..50 {
        h.step();
    }
    let status = h.state().map().basemap().and_then(|b| b.status()).unwrap();
    assert!(status.in_flight > 0 || status.queued > 0, "{status:?}");
    // … and the window still answers: the area search selects.
    h.get_by_label("Gebiet suchen").click();
    h.step();
    h.get_by_label("Gebiet suchen").type_text("Heimatsiedlung");
    for _ in 0..5 {
        h.step();
    }
    h.query_all_by_label_contains("Heimatsiedlung")
        .next()
        .expect("a hit")
        .click();
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().state.selection().is_some());
}
