//! Inputs the fuzz targets (fuzz/, see fuzz/README.md) found crashing, hanging or running out
//! of memory, kept in `tests/data/fuzz/<target>/` and run here through the same code as the
//! target after the reader was fixed: each must finish without a panic and without reserving
//! memory far beyond its own size, and a refused input must say why in German.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};

use sozialatlas::io::shapefile::{ShapefileBytes, read_bytes as read_shapefile};
use sozialatlas::io::{Cancel, LoadError, build::build};

mod probe;

/// Records the largest single allocation of each thread (see `tests/probe/`).
#[global_allocator]
static GLOBAL: probe::Probe = probe::Probe;

/// No single allocation may exceed this (the inputs are a few KiB; libFuzzer's limit is 2 GB).
const LIMIT: usize = 64 << 20;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// Run `f` and check the largest allocation it made.
fn bounded<T>(name: &Path, f: impl FnOnce() -> T) -> T {
    let (result, largest) = probe::largest_allocation(f);
    assert!(
        largest < LIMIT,
        "{}: allocated {largest} bytes",
        name.display()
    );
    result
}

/// The `shapefile` target's input layout: a flag byte (bit 0 `.shx`, 1 `.dbf`, 2 `.prj`,
/// 3 `.cpg`), then `.shp` and each present part as a little-endian `u32` length and bytes.
fn unpack(data: &[u8]) -> Option<ShapefileBytes<'_>> {
    fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
        let Some((len, rest)) = data.split_first_chunk::<4>() else {
            return std::mem::take(data);
        };
        let len = (u32::from_le_bytes(*len) as usize).min(rest.len());
        let (part, rest) = rest.split_at(len);
        *data = rest;
        part
    }
    let (&flags, mut rest) = data.split_first()?;
    let shp = take(&mut rest);
    let mut part = |bit: u8| (flags & (1 << bit) != 0).then(|| take(&mut rest));
    Some(ShapefileBytes {
        shp,
        shx: part(0),
        dbf: part(1),
        prj: part(2),
        cpg: part(3),
    })
}

fn load_shapefile(data: &[u8]) -> Result<usize, LoadError> {
    let Some(files) = unpack(data) else {
        return Ok(0);
    };
    let raw = read_shapefile(files, "fuzz.shp", "fuzz")?;
    let skipped = raw.skipped.clone();
    let loaded = build(raw, &Cancel::default())?;
    for s in &skipped {
        assert!(
            s.reason.de.starts_with("Datensatz beschädigt ("),
            "{}",
            s.reason
        );
    }
    Ok(loaded.layer.len())
}

#[test]
fn shapefile_inputs_that_once_ran_out_of_memory_load_or_fail_in_german() {
    for path in inputs("shapefile") {
        let data = std::fs::read(&path).unwrap();
        match bounded(&path, || load_shapefile(&data)) {
            Ok(_) => {}
            Err(e) => assert!(
                e.to_string()
                    .starts_with("Shapefile kann nicht gelesen werden ("),
                "{}: {e}",
                path.display()
            ),
        }
    }
}

#[test]
fn a_polygon_record_claiming_a_billion_parts_is_skipped_with_a_reason() {
    // oom-50d0834b…: the first record of a polygon file declares 1,096,101,094 parts in 212
    // bytes; the crate reserved 4.4 GB for their offsets before reading them.
    let path = inputs("shapefile")
        .into_iter()
        .find(|p| p.ends_with("oom-50d0834bbaf5c866e3d985011e5a741044c4ac1c"))
        .unwrap();
    let data = std::fs::read(&path).unwrap();
    let raw = bounded(&path, || {
        read_shapefile(unpack(&data).unwrap(), "x.shp", "x")
    })
    .unwrap();
    assert!(raw.features.is_empty());
    assert_eq!(raw.skipped.len(), 1);
    assert_eq!(raw.skipped[0].index, 0);
    assert_eq!(
        raw.skipped[0].reason.de,
        "Datensatz beschädigt (der Datensatz gibt 2 Punkte in 1096101094 Teilen an, enthält \
         aber nur 212 Bytes); die Datei wurde bis hierher gelesen"
    );
}

#[test]
fn a_polygon_with_nan_coordinates_is_skipped_not_a_panic() {
    // crash-faa5b1a1…: a ring with NaN coordinates made the hole-to-outer-ring assignment
    // panic in geo (a ring with NaN never counts as closed).
    let path = inputs("shapefile")
        .into_iter()
        .find(|p| p.ends_with("crash-faa5b1a19d96524a670d0c31be928c67f8dcd00f"))
        .unwrap();
    let data = std::fs::read(&path).unwrap();
    let raw = read_shapefile(unpack(&data).unwrap(), "x.shp", "x").unwrap();
    let loaded = build(raw, &Cancel::default()).unwrap();
    assert_eq!(loaded.layer.len(), 0);
    assert_eq!(
        loaded.report.skipped[0].reason.de,
        "Fläche mit ungültigen Zahlen in den Koordinaten (NaN oder unendlich)"
    );
    assert!(
        loaded.report.skipped[1]
            .reason
            .de
            .starts_with("Datensatz beschädigt (ungültige Datensatzlänge")
    );
}

#[test]
fn a_polygon_with_a_two_point_hole_is_skipped_not_a_panic() {
    // crash-fdee8455…: a hole of two points (closed to three coordinates) reached the
    // triangulation, whose debug assertion wants at least four.
    let path = inputs("shapefile")
        .into_iter()
        .find(|p| p.ends_with("crash-fdee8455f83fa25efed4b5541aadaf0ff094909b"))
        .unwrap();
    let data = std::fs::read(&path).unwrap();
    let raw = read_shapefile(unpack(&data).unwrap(), "x.shp", "x").unwrap();
    let loaded = build(raw, &Cancel::default()).unwrap();
    assert_eq!(loaded.layer.len(), 1);
    assert_eq!(loaded.report.skipped.len(), 1);
    assert_eq!(
        loaded.report.skipped[0].reason.de,
        "Loch (innerer Ring) mit weniger als drei verschiedenen Eckpunkten"
    );
}

#[test]
fn a_damaged_xls_that_trips_an_assertion_in_calamine_is_refused_in_german() {
    // crash-5a10538d…: an XLS (compound file) whose mini-FAT chain is cut so that its length
    // is no multiple of 4; calamine asserts on it. The reader contains that and says
    // "beschädigt"; the open work never sees a panic.
    for path in inputs("xlsx") {
        let data = std::fs::read(&path).unwrap();
        let result = bounded(&path, || {
            sozialatlas::io::table::read_spreadsheet_bytes(&data, "fuzz.xls")
        });
        let message = result.expect_err("a damaged file").to_string();
        assert!(
            message.contains("beschädigt"),
            "{}: {message}",
            path.display()
        );
    }
}
