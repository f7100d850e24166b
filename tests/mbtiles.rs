//! MBTiles files: round trip with the XYZ/TMS row flip, resuming a download, per-zoom counts
//! and bounds, metadata with missing fields, and German errors for files that are not MBTiles.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use sozialatlas::tiles::mbtiles::{MbMeta, MbTiles, MbTilesError};
use sozialatlas::tiles::{TileKey, tile_corner, tiles_in};

/// A small box around Frankfurt am Main (west, south, east, north).
const FRANKFURT: [f64; 4] = [8.47, 50.01, 8.80, 50.23];

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A distinct payload per tile: PNG magic, then z/x/y, so a flipped row reads a wrong tile.
fn payload(k: TileKey) -> Vec<u8> {
    let mut bytes = PNG_MAGIC.to_vec();
    bytes.extend_from_slice(format!("{}/{}/{}", k.z, k.x, k.y).as_bytes());
    bytes
}

fn frankfurt_keys() -> Vec<TileKey> {
    (10..=12).flat_map(|z| tiles_in(FRANKFURT, z)).collect()
}

fn frankfurt_meta() -> MbMeta {
    MbMeta {
        name: "Frankfurt".to_owned(),
        format: "png".to_owned(),
        bounds: Some(FRANKFURT),
        min_zoom: Some(10),
        max_zoom: Some(12),
        attribution: "© basemap.de / BKG (CC BY 4.0)".to_owned(),
        description: "Offline-Paket Test".to_owned(),
        kind: "baselayer".to_owned(),
    }
}

fn write_frankfurt(path: &Path) -> Vec<TileKey> {
    let keys = frankfurt_keys();
    let mut mb = MbTiles::create(path, &frankfurt_meta()).unwrap();
    mb.set_batch_size(7); // several batches and a partial one
    for &k in &keys {
        mb.insert(k, payload(k)).unwrap();
    }
    mb.finish().unwrap();
    keys
}

#[test]
fn tiles_read_back_byte_for_byte_with_the_rows_flipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frankfurt.mbtiles");
    let keys = write_frankfurt(&path);
    assert!(keys.len() > 10);

    let mb = MbTiles::open(&path).unwrap();
    assert!(!mb.is_writable());
    for &k in &keys {
        assert_eq!(mb.get(k).unwrap(), Some(payload(k)), "tile {k:?}");
    }
    // A tile outside the box, and keys outside the tile grid, are simply absent.
    assert_eq!(mb.get(TileKey { z: 10, x: 0, y: 0 }).unwrap(), None);
    assert_eq!(mb.get(TileKey { z: 2, x: 9, y: 0 }).unwrap(), None);
    assert_eq!(mb.get(TileKey { z: 13, x: 0, y: 0 }).unwrap(), None);

    // The file itself stores TMS rows: row = 2^z − 1 − y.
    drop(mb);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let k = keys[keys.len() / 2];
    let row = (1_i64 << k.z) - 1 - i64::from(k.y);
    let stored: Vec<u8> = conn
        .query_row(
            "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            rusqlite::params![k.z, k.x, row],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, payload(k));
    let unique: bool = conn
        .query_row(
            "SELECT \"unique\" FROM pragma_index_list('tiles') WHERE name = 'tile_index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(unique);
}

#[test]
fn an_interrupted_download_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resume.mbtiles");
    let keys = frankfurt_keys();
    let (first, rest) = keys.split_at(keys.len() / 2);
    {
        let mut mb = MbTiles::create(&path, &frankfurt_meta()).unwrap();
        mb.set_batch_size(5);
        for &k in first {
            mb.insert(k, payload(k)).unwrap();
            // Buffered tiles count as present already.
            assert!(mb.contains(k).unwrap());
            assert_eq!(mb.get(k).unwrap(), Some(payload(k)));
        }
        // Dropped without `finish`: the drop flushes the last partial batch.
        assert!(mb.pending() < 5);
    }

    let mut mb = MbTiles::create(&path, &frankfurt_meta()).unwrap();
    for &k in first {
        assert!(mb.contains(k).unwrap(), "tile {k:?} should be there");
    }
    let missing: Vec<TileKey> = keys
        .iter()
        .copied()
        .filter(|&k| !mb.contains(k).unwrap())
        .collect();
    assert_eq!(missing, rest);
    for &k in &missing {
        mb.insert(k, payload(k)).unwrap();
    }
    // Replacing a tile keeps one row per key.
    mb.insert(keys[0], b"neu".to_vec()).unwrap();
    mb.flush().unwrap();
    let info = mb.info().unwrap();
    assert_eq!(info.tile_count, keys.len() as u64);
    mb.finish().unwrap();

    let mb = MbTiles::open(&path).unwrap();
    assert!(keys.iter().all(|&k| mb.contains(k).unwrap()));
    assert_eq!(mb.get(keys[0]).unwrap(), Some(b"neu".to_vec()));
    assert_eq!(mb.meta(), frankfurt_meta());
}

#[test]
fn info_counts_tiles_per_zoom_and_reads_the_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frankfurt.mbtiles");
    let keys = write_frankfurt(&path);
    let mb = MbTiles::open(&path).unwrap();
    let info = mb.info().unwrap();

    let expected: Vec<(u8, u64)> = (10..=12)
        .map(|z| (z, tiles_in(FRANKFURT, z).count() as u64))
        .collect();
    assert_eq!(info.zoom_levels, expected);
    assert_eq!(info.tile_count, keys.len() as u64);
    let bytes: u64 = keys.iter().map(|&k| payload(k).len() as u64).sum();
    assert_eq!(info.total_bytes, bytes);
    assert_eq!(info.bounds, Some(FRANKFURT));
    assert!(!info.bounds_from_tiles);

    let text = info.to_text_de();
    println!("{text}");
    assert!(text.contains("„Frankfurt“ (PNG, Grundkarte)"), "{text}");
    assert!(text.contains("Zoomstufen: 10 bis 12"), "{text}");
    assert!(
        text.contains(&format!("Stufe 10: {}", expected[0].1)),
        "{text}"
    );
    assert!(
        text.contains("W 8,4700°, S 50,0100°, O 8,8000°, N 50,2300°"),
        "{text}"
    );
    assert!(
        text.contains("Quellenangabe: © basemap.de / BKG (CC BY 4.0)"),
        "{text}"
    );
}

#[test]
fn bounds_come_from_the_tiles_when_the_metadata_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ohne-bounds.mbtiles");
    let meta = MbMeta {
        bounds: None,
        ..frankfurt_meta()
    };
    let keys = frankfurt_keys();
    let mut mb = MbTiles::create(&path, &meta).unwrap();
    for &k in &keys {
        mb.insert(k, payload(k)).unwrap();
    }
    mb.flush().unwrap();
    let info = mb.info().unwrap();
    assert!(info.bounds_from_tiles);
    let b = info.bounds.unwrap();
    // The tiles cover the box, and at most one z-10 tile (≈ 0.35° wide) more on each side.
    assert!(b[0] <= FRANKFURT[0] && b[1] <= FRANKFURT[1]);
    assert!(b[2] >= FRANKFURT[2] && b[3] >= FRANKFURT[3]);
    assert!(FRANKFURT[0] - b[0] < 0.36 && b[2] - FRANKFURT[2] < 0.36);
    // Exactly the corners of the z-10 tiles (the coarsest zoom covers the most).
    let z10: Vec<TileKey> = tiles_in(FRANKFURT, 10).collect();
    let (x0, y0) = (z10[0].x, z10[0].y);
    let (x1, y1) = (z10[z10.len() - 1].x, z10[z10.len() - 1].y);
    let (west, north) = tile_corner(x0, y0, 10);
    let (east, south) = tile_corner(x1 + 1, y1 + 1, 10);
    for (got, want) in b.iter().zip([west, south, east, north]) {
        assert!((got - want).abs() < 1e-9, "{b:?}");
    }
    assert!(info.to_text_de().contains("(aus den Kacheln berechnet)"));
}

#[test]
fn metadata_with_missing_fields_is_tolerated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stadtplan.mbtiles");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                 tile_data BLOB);
             INSERT INTO metadata VALUES ('minzoom', 'zwölf'), ('maxzoom', 14),
                                         ('bounds', '8.47,50.01');",
        )
        .unwrap();
        let jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF".to_vec();
        conn.execute(
            "INSERT INTO tiles VALUES (14, 8587, 10835, ?1)",
            rusqlite::params![jpeg],
        )
        .unwrap();
    }
    let mb = MbTiles::open(&path).unwrap();
    let meta = mb.meta();
    assert_eq!(meta.name, "stadtplan"); // from the file name
    assert_eq!(meta.format, "jpg"); // sniffed from the tile
    assert_eq!(meta.min_zoom, None);
    assert_eq!(meta.max_zoom, Some(14)); // stored as a number
    assert_eq!(meta.bounds, None);
    assert_eq!(meta.attribution, "");
    assert_eq!(meta.kind, "");
    // TMS row 10835 at z 14 is XYZ row 16383 − 10835 = 5548.
    let key = TileKey {
        z: 14,
        x: 8587,
        y: 5548,
    };
    assert!(mb.get(key).unwrap().is_some());
    let info = mb.info().unwrap();
    assert_eq!(info.zoom_levels, vec![(14, 1)]);
    let text = info.to_text_de();
    assert!(text.contains("Zoomstufe: 14"), "{text}");
    assert!(text.contains("Quellenangabe: keine"), "{text}");

    // Without a metadata table at all.
    let bare = dir.path().join("nackt.mbtiles");
    {
        let conn = rusqlite::Connection::open(&bare).unwrap();
        conn.execute_batch(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                 tile_data BLOB);",
        )
        .unwrap();
    }
    let mb = MbTiles::open(&bare).unwrap();
    let meta = mb.meta();
    assert_eq!((meta.name.as_str(), meta.format.as_str()), ("nackt", ""));
    let info = mb.info().unwrap();
    assert_eq!((info.tile_count, info.bounds), (0, None));
    assert!(info.to_text_de().contains("keine"));
}

/// The error message, which must end with the path.
fn message(path: &Path, err: MbTilesError) -> String {
    let text = err.to_string();
    assert!(text.ends_with(&path.display().to_string()), "{text}");
    text
}

#[test]
fn a_png_renamed_to_mbtiles_is_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("karte.mbtiles");
    let mut png = PNG_MAGIC.to_vec();
    png.extend_from_slice(&[0, 0, 0, 13]);
    png.extend_from_slice(b"IHDR");
    png.resize(200, 7);
    std::fs::write(&path, &png).unwrap();
    let text = message(&path, MbTiles::open(&path).unwrap_err());
    assert!(
        text.starts_with("Keine MBTiles-Datei (keine SQLite-Datenbank, sondern ein PNG-Bild): "),
        "{text}"
    );
    // Writing refuses it too, and leaves the picture alone.
    let err = MbTiles::create(&path, &frankfurt_meta()).unwrap_err();
    assert!(matches!(err, MbTilesError::NotSqlite { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), png);
}

#[test]
fn text_that_is_not_a_database_is_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notiz.mbtiles");
    std::fs::write(&path, "Dies ist keine Datenbank, nur Text.\n").unwrap();
    let text = message(&path, MbTiles::open(&path).unwrap_err());
    assert!(
        text.starts_with("Keine MBTiles-Datei (keine SQLite-Datenbank): "),
        "{text}"
    );

    // The SQLite header, then garbage: SQLite itself says it is no database.
    let broken = dir.path().join("kaputt.mbtiles");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.resize(4096, 0xAB);
    std::fs::write(&broken, &bytes).unwrap();
    let text = message(&broken, MbTiles::open(&broken).unwrap_err());
    assert!(
        text.starts_with("Keine MBTiles-Datei (keine SQLite-Datenbank"),
        "{text}"
    );
    assert!(MbTiles::create(&broken, &frankfurt_meta()).is_err());
    assert_eq!(std::fs::read(&broken).unwrap(), bytes);
}

#[test]
fn an_empty_file_is_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leer.mbtiles");
    std::fs::write(&path, b"").unwrap();
    let text = message(&path, MbTiles::open(&path).unwrap_err());
    assert!(
        text.starts_with("Keine MBTiles-Datei (die Datei ist leer): "),
        "{text}"
    );
}

#[test]
fn a_sqlite_file_without_tables_is_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ohne-tabellen.mbtiles");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        // A real SQLite file on disk (a schema change writes the header), then no tables.
        conn.execute_batch("CREATE TABLE t (a); DROP TABLE t;")
            .unwrap();
    }
    assert!(std::fs::metadata(&path).unwrap().len() > 0);
    let text = message(&path, MbTiles::open(&path).unwrap_err());
    assert!(
        text.starts_with("Keine MBTiles-Datei (Tabelle „tiles“ fehlt): "),
        "{text}"
    );

    // A GeoPackage-like file with other tables only.
    let other = dir.path().join("anderes.mbtiles");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE metadata (name TEXT, value TEXT);")
            .unwrap();
    }
    let err = MbTiles::open(&other).unwrap_err();
    assert!(matches!(err, MbTilesError::NoTilesTable { .. }), "{err}");

    // A tiles table with the wrong columns.
    let wrong = dir.path().join("falsch.mbtiles");
    {
        let conn = rusqlite::Connection::open(&wrong).unwrap();
        conn.execute_batch("CREATE TABLE tiles (z, x, y, data);")
            .unwrap();
    }
    let text = message(&wrong, MbTiles::open(&wrong).unwrap_err());
    assert!(text.contains("ohne die Spalten"), "{text}");
}

#[test]
fn a_missing_file_and_a_folder_are_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gibt-es-nicht.mbtiles");
    let text = message(&path, MbTiles::open(&path).unwrap_err());
    assert!(text.starts_with("Datei nicht gefunden: "), "{text}");
    let text = message(dir.path(), MbTiles::open(dir.path()).unwrap_err());
    assert!(
        text.starts_with("Keine MBTiles-Datei (ein Ordner"),
        "{text}"
    );
}

#[test]
fn a_file_opened_for_reading_refuses_inserts_and_bad_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frankfurt.mbtiles");
    let keys = write_frankfurt(&path);
    let mut mb = MbTiles::open(&path).unwrap();
    let err = mb.insert(keys[0], b"x".to_vec()).unwrap_err();
    assert!(matches!(err, MbTilesError::ReadOnly { .. }), "{err}");
    assert!(mb.write_meta(&MbMeta::default()).is_err());

    let mut mb = MbTiles::create(&path, &frankfurt_meta()).unwrap();
    let err = mb
        .insert(TileKey { z: 1, x: 2, y: 0 }, b"x".to_vec())
        .unwrap_err();
    let text = message(&path, err);
    assert!(text.starts_with("Kachel 1/2/0 liegt außerhalb"), "{text}");
}

/// Prints how long 10,000 small tiles take to write (no assertion: timings are for the
/// issue note; run with `--release -- --nocapture`).
#[test]
fn ten_thousand_small_tiles_are_written_in_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("viele.mbtiles");
    let start = std::time::Instant::now();
    let mut mb = MbTiles::create(&path, &frankfurt_meta()).unwrap();
    let keys: Vec<TileKey> = (0..100_u32)
        .flat_map(|x| (0..100_u32).map(move |y| TileKey { z: 14, x, y }))
        .collect();
    for &k in &keys {
        mb.insert(k, payload(k)).unwrap();
    }
    mb.finish().unwrap();
    let written = start.elapsed();
    let start = std::time::Instant::now();
    let mb = MbTiles::open(&path).unwrap();
    let found = keys.iter().filter(|&&k| mb.contains(k).unwrap()).count();
    println!(
        "10.000 Kacheln: schreiben {written:?}, prüfen {:?}, {} Bytes",
        start.elapsed(),
        std::fs::metadata(&path).unwrap().len()
    );
    assert_eq!(found, keys.len());
}
