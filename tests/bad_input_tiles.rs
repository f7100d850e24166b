//! Hostile and odd input for tiles, MBTiles and file paths (issue 16, classes 3, 5, 8, 10):
//!
//! - a PNG that is a few hundred bytes but whose header says 11,000 × 11,000 pixels, from a
//!   tile server on 127.0.0.1 and from an MBTiles file: counted as failed, never cached, never
//!   written into an offline package, and never decoded (the probe allocator shows that no
//!   allocation comes near the half gigabyte such an image would take);
//! - FIFOs, a device and a folder named like data: refused with a German message that says
//!   what they are, for `info`, a layer, a table, a project and an MBTiles file — before
//!   opening, so nothing waits on them (a test that hung would never finish);
//! - an MBTiles file whose `tiles` (or `metadata`) is a recursive view without end: the query
//!   gives up after SQLite's work budget (counted in SQLite's own instruction steps), with a
//!   German message;
//! - OpenStreetMap and OpenTopoMap are refused for offline packages however the host is
//!   written (port, trailing dot, user info, upper case, IDN);
//! - a tile template without `{z}`, `{x}` and `{y}` is refused;
//! - a WAL-mode MBTiles file on a read-only folder is read (as immutable) without writing;
//! - a project with more hypothetical sites than the limit, and a project file beyond the size
//!   limit;
//! - a polygon with thousands of holes loads and its fill covers exactly its area.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sozialatlas::io::{Cancel, load_path};
use sozialatlas::project::Project;
use sozialatlas::tiles::fetch::{FetchOptions, Fetcher, TileFailure};
use sozialatlas::tiles::mbtiles::{MbTiles, MbTilesError};
use sozialatlas::tiles::tile_image::decode_tile;
use sozialatlas::tiles::{Source, TileKey};

mod probe;
use probe::largest_allocation;

/// Records the largest single allocation of each thread (see `tests/probe/`).
#[global_allocator]
static GLOBAL: probe::Probe = probe::Probe;

/// Far below the 363 MB an 11,000 × 11,000 RGB image takes, far above a tile's needs.
const SMALL: usize = 32 * 1024 * 1024;

const FRANKFURT: [f64; 4] = [8.47, 50.01, 8.80, 50.23];

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_sozialatlas")
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![90; (width * height * 3) as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

/// A valid PNG of 1 × 1 pixels whose IHDR is rewritten (with a correct CRC) to claim
/// 11,000 × 11,000: a decoder that trusts the header reserves 363 MB for it.
fn giant_png() -> Vec<u8> {
    let mut bytes = png(1, 1);
    bytes[16..20].copy_from_slice(&11_000_u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&11_000_u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// A tile server on 127.0.0.1 that answers every request with `body` (a PNG), counting hits.
struct Server {
    port: u16,
    hits: Arc<AtomicUsize>,
}

impl Server {
    fn start(body: Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                counter.fetch_add(1, Ordering::SeqCst);
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Self { port, hits }
    }

    fn template(&self) -> String {
        format!("http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png", self.port)
    }
}

/// An MBTiles file whose every tile from zoom 0 to 2 is `tile`.
fn mbtiles_of(path: &Path, tile: &[u8]) {
    let mut mb = MbTiles::create(path, &Default::default()).unwrap();
    for z in 0..=2u8 {
        for x in 0..(1u32 << z) {
            for y in 0..(1u32 << z) {
                mb.insert(TileKey { z, x, y }, tile.to_vec()).unwrap();
            }
        }
    }
    mb.finish().unwrap();
}

/// Makes a FIFO with the `mkfifo` command; `None` (and a "skipped:" line) where it is missing.
fn fifo(dir: &Path, name: &str) -> Option<PathBuf> {
    let path = dir.join(name);
    match Process::new("mkfifo").arg(&path).status() {
        Ok(s) if s.success() => Some(path),
        _ => {
            println!("skipped: mkfifo is not available, no FIFO for {name}");
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Class 3: tile images are checked before they are trusted.

#[test]
fn a_giant_png_from_a_tile_server_is_counted_failed_and_never_cached() {
    let server = Server::start(giant_png());
    let dir = tempfile::tempdir().unwrap();
    let cache = sozialatlas::tiles::cache::DiskCache::new(dir.path().join("cache"));
    let source = Source::custom(&server.template(), "Test", 18);
    let id = source.id.clone();
    let fetcher = Fetcher::new(source, Some(cache.clone()), FetchOptions::default());
    let key = TileKey { z: 3, x: 4, y: 2 };
    let (got, largest) = largest_allocation(|| {
        fetcher.fetch_blocking(key, Instant::now() + Duration::from_secs(60))
    });
    assert_eq!(got, None, "the giant tile was delivered");
    assert!(largest < SMALL, "largest allocation {largest} bytes");
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
    assert_eq!(cache.get(&id, key), None, "the giant tile was cached");
    // The window's way: queued, downloaded by a worker, handed over as a failure.
    fetcher.request(TileKey { z: 3, x: 5, y: 2 });
    let result = loop {
        if let Some(r) = fetcher.poll().into_iter().next() {
            break r;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(result.1, Err(TileFailure::Corrupt));
    assert!(TileFailure::Corrupt.to_string().contains("512 × 512 Pixel"));
    assert_eq!(cache.get(&id, result.0), None);
}

#[test]
fn prefetch_counts_giant_tiles_as_failed_and_writes_none_of_them() {
    let server = Server::start(giant_png());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paket.mbtiles");
    let run = Process::new(bin())
        .args(["tiles", "prefetch", "--url", &server.template()])
        .args([
            "--bbox",
            "8.6,50.0,8.7,50.1",
            "--zoom",
            "0-2",
            "--attribution",
            "Test",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("0 Kacheln geschrieben, 0 schon vorhanden, 3 fehlgeschlagen"),
        "{stdout}"
    );
    let mb = MbTiles::open(&out).unwrap();
    assert_eq!(mb.info().unwrap().tile_count, 0);
}

#[test]
fn a_giant_png_in_an_mbtiles_file_is_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("riesig.mbtiles");
    mbtiles_of(&path, &giant_png());
    let mb = MbTiles::open(&path).unwrap();
    let bytes = mb.get(TileKey { z: 0, x: 0, y: 0 }).unwrap().unwrap();
    let (decoded, largest) = largest_allocation(|| decode_tile(&bytes));
    let e = decoded.expect_err("a giant tile decoded");
    assert!(e.to_string().contains("11000 × 11000 Pixel"), "{e}");
    assert!(largest < SMALL, "largest allocation {largest} bytes");

    // The window's worker: reads the tile from its own connection and says why it failed.
    let mut decoder = sozialatlas::map::tile_decode::TileDecoder::new(Some(path.clone()), || {});
    decoder.submit(sozialatlas::map::tile_decode::Job::MbTiles(TileKey {
        z: 1,
        x: 1,
        y: 0,
    }));
    let (key, result) = loop {
        if let Some(r) = decoder.finished().into_iter().next() {
            break r;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(key, TileKey { z: 1, x: 1, y: 0 });
    let why = result.err().flatten().expect("the giant tile decoded");
    assert!(
        why.contains("11000 × 11000") && why.contains("1/1/0"),
        "{why}"
    );

    // The export's way: the basemap leaves the giant tiles out.
    let source = sozialatlas::ui::basemap::mbtiles_source(&path);
    let basemap = sozialatlas::map::basemap::Basemap::new(&egui::Context::default(), source, None);
    let (tiles, largest) =
        largest_allocation(|| basemap.export_tiles(FRANKFURT, 250.0, Duration::ZERO));
    assert!(tiles.is_empty());
    assert!(largest < SMALL, "largest allocation {largest} bytes");
}

#[test]
fn a_normal_tile_still_decodes_in_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gut.mbtiles");
    mbtiles_of(&path, &png(256, 256));
    let mut decoder = sozialatlas::map::tile_decode::TileDecoder::new(Some(path.clone()), || {});
    let key = TileKey { z: 2, x: 1, y: 3 };
    assert!(decoder.submit(sozialatlas::map::tile_decode::Job::MbTiles(key)));
    assert!(!decoder.submit(sozialatlas::map::tile_decode::Job::MbTiles(key)));
    let (_, result) = loop {
        if let Some(r) = decoder.finished().into_iter().next() {
            break r;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(result.map(|i| i.size), Ok([256, 256]));
}

// ---------------------------------------------------------------------------------------------
// Class 5: FIFOs, devices, folders and views without end.

/// The German and English message of a path that is not a regular file, with what it is.
fn assert_not_regular(message: &str, what: &str) {
    assert!(
        message.contains("keine gewöhnliche Datei, sondern") && message.contains(what),
        "{message}"
    );
}

#[test]
fn info_refuses_a_fifo_a_device_and_a_folder_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ordner.geojson");
    std::fs::create_dir(&folder).unwrap();
    let mut cases = vec![(folder, "ein Ordner")];
    #[cfg(unix)]
    {
        let zero = dir.path().join("null.geojson");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        cases.push((zero, "ein Gerät"));
    }
    if let Some(f) = fifo(dir.path(), "x.geojson") {
        cases.push((f, "benannte Pipe (FIFO)"));
    }
    for (path, what) in cases {
        let run = Process::new(bin()).arg("info").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert_not_regular(&stderr, what);
    }
}

#[test]
fn a_fifo_as_layer_table_project_or_mbtiles_is_refused_with_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let Some(layer) = fifo(dir.path(), "ebene.geojson") else {
        return;
    };
    let e = load_path(&layer, &Cancel::default()).err().unwrap();
    assert_not_regular(&e.to_string(), "benannte Pipe (FIFO)");
    assert!(
        e.english()
            .contains("not an ordinary file but a named pipe")
    );

    // Through the window's loader, on a state with work open.
    let mut s = sozialatlas::state::AppState::default();
    s.apply(sozialatlas::state::Command::OpenPaths(vec![layer.clone()]));
    while s.loading().is_some() {
        s.apply(sozialatlas::state::Command::PollLoading);
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        s.messages()
            .iter()
            .any(|m| m.text.de.contains("benannte Pipe (FIFO)")),
        "{:?}",
        s.messages()
    );

    // The shapefile's attribute part as a FIFO: refused before the shapefile is read.
    let shp = dir.path().join("gebiete.shp");
    std::fs::write(&shp, [0u8; 100]).unwrap();
    if fifo(dir.path(), "gebiete.dbf").is_some() {
        let e = load_path(&shp, &Cancel::default()).err().unwrap();
        assert_not_regular(&e.to_string(), "benannte Pipe (FIFO)");
        assert!(e.to_string().ends_with("gebiete.dbf"), "{e}");
    }

    for name in ["tabelle.csv", "tabelle.xlsx"] {
        let Some(table) = fifo(dir.path(), name) else {
            return;
        };
        let e = sozialatlas::io::table::read_table(&table).err().unwrap();
        assert_not_regular(&e.to_string(), "benannte Pipe (FIFO)");
    }

    let Some(project) = fifo(dir.path(), "planung.sozialatlas") else {
        return;
    };
    let e = Project::load(&project).err().unwrap();
    assert_not_regular(&e.to_string(), "benannte Pipe (FIFO)");
    assert!(e.bilingual().en.contains("named pipe"));

    let Some(mbtiles) = fifo(dir.path(), "karte.mbtiles") else {
        return;
    };
    let e = MbTiles::open(&mbtiles).err().unwrap();
    assert_not_regular(&e.to_string(), "benannte Pipe (FIFO)");
}

/// An MBTiles file whose `tiles` (and `metadata`) are views over a recursive CTE without end.
fn endless_mbtiles(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE VIEW metadata AS
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n)
             SELECT 'name' AS name, 'endlos' || i AS value FROM n;
         CREATE VIEW tiles AS
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n)
             SELECT 0 AS zoom_level, 0 AS tile_column, i + 1 AS tile_row, x'00' AS tile_data
             FROM n;",
    )
    .unwrap();
}

#[test]
fn a_recursive_view_gives_up_after_the_work_budget_with_a_german_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("endlos.mbtiles");
    endless_mbtiles(&path);
    let mb = MbTiles::open(&path).unwrap();
    let (meta, largest) = largest_allocation(|| mb.meta());
    assert!(largest < SMALL, "largest allocation {largest} bytes");
    // At most a thousand metadata rows are read; the last name wins.
    assert!(meta.name.starts_with("endlos"), "{}", meta.name);
    let e = mb.info().err().unwrap();
    assert!(matches!(e, MbTilesError::TooMuchWork { .. }), "{e:?}");
    assert!(e.to_string().contains("zu viel Rechenarbeit"), "{e}");
    // The one tile of zoom 0 (TMS row 0) is never among the view's rows: scanned until the
    // budget is used up.
    let e = mb.get(TileKey { z: 0, x: 0, y: 0 }).err().unwrap();
    assert!(matches!(e, MbTilesError::TooMuchWork { .. }), "{e:?}");

    let run = Process::new(bin())
        .args(["tiles", "info"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("zu viel Rechenarbeit"), "{stderr}");
}

#[test]
fn a_polygon_with_thousands_of_holes_loads_and_its_fill_covers_its_area() {
    let n = 60; // 3,600 holes
    let (x0, y0, size) = (8.60, 50.05, 0.1);
    let step = size / f64::from(n + 1);
    let h = step * 0.3;
    let ring = |pts: Vec<(f64, f64)>| {
        pts.iter()
            .map(|(x, y)| format!("[{x},{y}]"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut rings = vec![ring(vec![
        (x0, y0),
        (x0 + size, y0),
        (x0 + size, y0 + size),
        (x0, y0 + size),
        (x0, y0),
    ])];
    for i in 0..n {
        for j in 0..n {
            let (cx, cy) = (x0 + step * f64::from(i + 1), y0 + step * f64::from(j + 1));
            rings.push(ring(vec![
                (cx, cy),
                (cx, cy + h),
                (cx + h, cy + h),
                (cx + h, cy),
                (cx, cy),
            ]));
        }
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"1"}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}}]}}"#,
        rings
            .iter()
            .map(|r| format!("[{r}]"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loecher.geojson");
    std::fs::write(&path, text).unwrap();
    let loaded = load_path(&path, &Cancel::default()).unwrap();
    let sozialatlas::model::Layer::Areas(layer) = &loaded.layer else {
        panic!("no area layer");
    };
    let mesh = &layer.mesh;
    // Exterior minus holes, in unit-Mercator square units, against the triangles' sum.
    let merc = |lon: f64, lat: f64| sozialatlas::crs::unit_merc_from_lonlat(lon, lat);
    let area = |a: (f64, f64), b: (f64, f64)| ((b.0 - a.0) * (b.1 - a.1)).abs();
    let outer = area(merc(x0, y0), merc(x0 + size, y0 + size));
    let mut holes = 0.0;
    for i in 0..n {
        for j in 0..n {
            let (cx, cy) = (x0 + step * f64::from(i + 1), y0 + step * f64::from(j + 1));
            holes += area(merc(cx, cy), merc(cx + h, cy + h));
        }
    }
    let got = mesh.triangulated_area(0);
    let want = outer - holes;
    assert!((got - want).abs() < 1e-4 * want, "{got} vs {want}");
}

#[test]
fn a_project_with_too_many_hypothetical_sites_opens_with_the_limit_and_one_computation() {
    use sozialatlas::state::MAX_HYPOTHETICAL;
    let dir = tempfile::tempdir().unwrap();
    for f in ["sozialraeume.geojson", "nachbarschaftsbueros.geojson"] {
        std::fs::copy(Path::new("sample-data").join(f), dir.path().join(f)).unwrap();
    }
    let hypothetical: Vec<String> = (0..5_000)
        .map(|i| {
            let t = f64::from(i) / 5_000.0;
            format!("[{},{}]", 8.55 + 0.3 * t, 50.05 + 0.15 * (1.0 - t))
        })
        .collect();
    let text = format!(
        r#"{{"format":"sozialatlas-projekt","version":1,
            "layers":[{{"path":"sozialraeume.geojson","visible":true,"style":"flaechen"}},
                      {{"path":"nachbarschaftsbueros.geojson","visible":true,"style":"flaechen",
                        "facility_kind":"nachbarschaftsbuero"}}],
            "reach":{{"areas":0,"facilities":1,"radii":[500.0,1000.0],"k":1,
                      "hypothetical":[{}]}}}}"#,
        hypothetical.join(",")
    );
    let path = dir.path().join("viele.sozialatlas");
    std::fs::write(&path, text).unwrap();
    let project = Project::load(&path).unwrap();
    let mut s = sozialatlas::state::AppState::default();
    s.apply(sozialatlas::state::Command::OpenProject {
        project: Box::new(project.clone()),
        path: path.clone(),
    });
    let r = s.reach().expect("no reach analysis");
    assert_eq!(r.hypothetical.len(), MAX_HYPOTHETICAL);
    // Computed once for the real sites and once with all hypothetical ones (plus the class
    // map's refreshes), not once per site.
    assert!(r.generation <= 4, "{} computations", r.generation);
    assert!(
        s.messages()
            .iter()
            .any(|m| m.text.de.contains("höchstens 1.000 gedachte Standorte")
                && m.text.de.contains("4.000 weitere")),
        "{:?}",
        s.messages().iter().map(|m| &m.text.de).collect::<Vec<_>>()
    );
}

#[test]
fn a_project_file_beyond_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("riesig.sozialatlas");
    // Text at the start (so it is not refused as binary), the rest a sparse hole.
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(br#"{"format":"sozialatlas-projekt","version":1,"layers":[],"x":""#)
        .unwrap();
    f.write_all(&[b' '; 100_000]).unwrap();
    f.set_len(sozialatlas::io::regular::MAX_PROJECT_BYTES + 1)
        .unwrap();
    let (e, largest) = largest_allocation(|| Project::load(&path).err().unwrap());
    assert!(largest < 1024 * 1024, "largest allocation {largest} bytes");
    let text = e.to_string();
    assert!(text.contains("zu groß für eine Projektdatei"), "{text}");
    assert!(e.bilingual().en.contains("too large for a project file"));
}

// ---------------------------------------------------------------------------------------------
// Class 8: the bulk-download policy compares parsed hosts.

#[test]
fn osm_and_opentopomap_are_refused_however_their_host_is_written() {
    let refused = [
        "https://tile.openstreetmap.org:443/{z}/{x}/{y}.png",
        "https://tile.openstreetmap.org./{z}/{x}/{y}.png",
        "https://planer@tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://TILE.OPENSTREETMAP.ORG/{z}/{x}/{y}.png",
        "https://c.tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://tile.\u{ff4f}penstreetmap.org/{z}/{x}/{y}.png",
        "https://a.tile.opentopomap.org.:443/{z}/{x}/{y}.png",
    ];
    for t in refused {
        let source = sozialatlas::cli::source_for_template(t, Some("x"));
        let plan = sozialatlas::tiles::package::plan(&source, FRANKFURT, 10..=11);
        assert!(
            plan.is_err_and(|e| e.contains("nicht erlaubt")),
            "{t} was planned"
        );
        // Even a source built as "custom" keeps the provider's policy.
        let custom = Source::custom(t, "x", 18);
        assert!(custom.bulk_refusal().is_some(), "{t} as custom source");
    }
    // The CLI refuses before any request (the template's port is closed anyway).
    let dir = tempfile::tempdir().unwrap();
    let run = Process::new(bin())
        .args(["tiles", "prefetch", "--url", refused[0]])
        .args(["--bbox", "8.6,50.0,8.7,50.1", "--zoom", "10-11"])
        .arg("--out")
        .arg(dir.path().join("osm.mbtiles"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nicht erlaubt"), "{stderr}");
    for allowed in [
        "https://openstreetmap.org.stadt.example/{z}/{x}/{y}.png",
        "https://sgx.geodatenzentrum.de/wmts_basemapde/{z}/{y}/{x}.png",
    ] {
        let source = sozialatlas::cli::source_for_template(allowed, Some("x"));
        assert!(source.bulk_refusal().is_none(), "{allowed}");
    }
}

// ---------------------------------------------------------------------------------------------
// Class 10: templates and read-only media.

#[test]
fn a_template_without_placeholders_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "http://127.0.0.1:9/kachel.png",
        "http://127.0.0.1:9/{z}/{x}.png",
        "127.0.0.1/{z}/{x}/{y}.png",
    ] {
        let run = Process::new(bin())
            .args(["tiles", "prefetch", "--url", url])
            .args(["--bbox", "8.6,50.0,8.7,50.1", "--zoom", "1-1"])
            .arg("--out")
            .arg(dir.path().join("x.mbtiles"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{url}: {stderr}");
        assert!(stderr.contains("URL-Vorlage"), "{url}: {stderr}");
        assert!(!dir.path().join("x.mbtiles").exists());
    }
}

fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn a_wal_mbtiles_on_a_read_only_folder_is_read_without_writing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("stick");
    std::fs::create_dir(&media).unwrap();
    let path = media.join("karte.mbtiles");
    mbtiles_of(&path, &png(4, 4));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    assert!(!media.join("karte.mbtiles-wal").exists());
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    set(&path, 0o444);
    set(&media, 0o555);
    set(dir.path(), 0o755);
    // Root ignores permissions: run the CLI as "nobody" then, where that is possible.
    let mut command = if is_root() {
        let setpriv = Process::new("setpriv").arg("--help").output();
        if setpriv.is_err() {
            println!("skipped: running as root without setpriv, the folder is not read-only");
            set(&media, 0o755);
            return;
        }
        let mut c = Process::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            bin(),
        ]);
        c
    } else {
        Process::new(bin())
    };
    let run = command.args(["tiles", "info"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    set(&media, 0o755);
    if stderr.contains("Permission denied") && stdout.is_empty() {
        println!("skipped: the test binary is not reachable for another user: {stderr}");
        return;
    }
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("Kacheln: 21"), "{stdout}");
    assert!(!media.join("karte.mbtiles-shm").exists());
    assert!(!media.join("karte.mbtiles-wal").exists());
}
