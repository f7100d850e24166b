//! An offline package from end to end, against a tile server this test starts on 127.0.0.1:
//! `sozialatlas tiles prefetch` writes an MBTiles file, `tiles info` describes it, the window
//! opens it as its basemap and draws its tiles, and an export puts them into the PDF with their
//! attribution. The OpenStreetMap standard tiles are refused without any network access.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use egui_kittest::kittest::Queryable;
use sozialatlas::app::{FileDialog, SaveKind};

mod common;

use common::{harness_with, wait_until};

/// A 256 × 256 PNG whose colour depends on the tile's column and row.
fn tile_png(x: u32, y: u32) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(256 * 256 * 3);
    for _ in 0..256 * 256 {
        rgb.extend_from_slice(&[200 + (x % 5) as u8 * 10, 220 + (y % 3) as u8 * 10, 230]);
    }
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, 256, 256);
        e.set_color(png::ColorType::Rgb);
        let mut w = e.write_header().unwrap();
        w.write_image_data(&rgb).unwrap();
    }
    out
}

/// Serves `/{z}/{x}/{y}.png` on a free port until the test ends.
fn tile_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    return;
                }
                // Skip the headers.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = first.split_whitespace().nth(1).unwrap_or("");
                let parts: Vec<u32> = path
                    .trim_start_matches('/')
                    .trim_end_matches(".png")
                    .split('/')
                    .filter_map(|p| p.parse().ok())
                    .collect();
                let mut s = &stream;
                if let [_, x, y] = parts[..] {
                    let body = tile_png(x, y);
                    let _ = write!(
                        s,
                        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = s.write_all(&body);
                } else {
                    let _ = write!(
                        s,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                }
            });
        }
    });
    port
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
}

fn prefetch(port: u16, out: &Path) -> std::process::Output {
    bin()
        .args(["tiles", "prefetch", "--url"])
        .arg(format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"))
        .args(["--bbox", "8.47,50.01,8.80,50.23", "--zoom", "10-12"])
        .args(["--attribution", "Testkacheln (lokaler Server)"])
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn prefetch_writes_an_mbtiles_file_that_info_describes_and_a_second_run_resumes() {
    let port = tile_server();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paket.mbtiles");
    let o = prefetch(port, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("33 Kacheln geschrieben"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("33 Kacheln (Zoom 10–12)"));
    let o = bin().args(["tiles", "info"]).arg(&out).output().unwrap();
    assert!(o.status.success());
    let info = String::from_utf8_lossy(&o.stdout);
    assert!(info.contains("Kacheln: 33"), "{info}");
    assert!(info.contains("Zoomstufen: 10 bis 12"), "{info}");
    assert!(info.contains("Testkacheln"), "{info}");
    // Run again: everything is there already.
    let o = prefetch(port, &out);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("0 Kacheln geschrieben, 33 schon vorhanden")
    );
}

#[test]
fn bulk_downloads_from_the_openstreetmap_tile_servers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("osm.mbtiles");
    let o = bin()
        .args([
            "tiles",
            "prefetch",
            "--url",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        ])
        .args([
            "--bbox",
            "8.47,50.01,8.80,50.23",
            "--zoom",
            "10-12",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nicht erlaubt"));
    assert!(!out.exists());
    let o = bin()
        .args(["tiles", "info"])
        .arg(dir.path().join("fehlt.mbtiles"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

struct Dialogs {
    open: Vec<PathBuf>,
    save: PathBuf,
}

impl FileDialog for Dialogs {
    fn pick_files(&self) -> Vec<PathBuf> {
        self.open.clone()
    }

    fn save(&self, kind: SaveKind, _suggested: &std::path::Path) -> Option<PathBuf> {
        (kind == SaveKind::Export).then(|| self.save.clone())
    }
}

#[test]
fn the_window_opens_the_package_as_basemap_draws_it_and_exports_it() {
    let port = tile_server();
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("paket.mbtiles");
    assert!(prefetch(port, &package).status.success());
    let pdf = dir.path().join("karte.pdf");
    let dialogs = Dialogs {
        open: vec![package.clone()],
        save: pdf.clone(),
    };
    let mut h = harness_with(Vec::new(), false, Box::new(dialogs));
    h.run();
    // Datei → Datei öffnen… picks the package: it becomes the basemap, not a layer.
    let layers = h.state().state.layers().len();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Datei öffnen…").click();
    wait_until(&mut h, |app| {
        app.map().basemap().is_some_and(|b| b.loaded() > 0)
    });
    let app = h.state();
    assert_eq!(app.state.layers().len(), layers);
    let b = app.map().basemap().expect("a basemap");
    assert!(b.source().name.starts_with("MBTiles"));
    assert!(b.loaded() > 0, "tiles drawn");
    // Its attribution is on the map.
    assert!(
        h.query_all_by_label_contains("Testkacheln")
            .next()
            .is_some()
    );
    // Exported, the tiles are images in the PDF and the attribution is in the source line.
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Exportieren…").click();
    h.run();
    h.get_by_label("Speichern…").click();
    wait_until(&mut h, |_| pdf.exists());
    let doc = lopdf::Document::load(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok().and_then(|v| v.as_name().ok()) == Some(b"Image"))
        .count();
    assert!(images > 0, "basemap tiles embedded");
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("Hintergrundkarte: Testkacheln"), "{text}");
}
