//! Hostile and odd input, with the memory budget asserted by construction: a counting
//! allocator measures the bytes live at once while a file is read (`budget::measure`), so a
//! reader whose memory follows what a file claims instead of what it holds fails here on any
//! machine, however fast. One test per class of issue 16 that the readers of GeoJSON, projects
//! and the CSV writers had; the spreadsheet, DBF and tile classes have their own files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod budget;

#[global_allocator]
static GLOBAL: budget::Counting = budget::Counting;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use budget::{MB, measure};
use sozialatlas::io::{Cancel, LoadError, Loaded, load_path};
use sozialatlas::model::layer::Layer;
use sozialatlas::model::value::Value;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_path(path, &Cancel::default())
}

fn point(i: usize) -> String {
    format!(
        "[{:.4},{:.4}]",
        8.5 + (i % 300) as f64 * 0.001,
        50.05 + (i / 300) as f64 * 0.0005
    )
}

fn point_feature(i: usize, props: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{{props}}},"geometry":{{"type":"Point","coordinates":{}}}}}"#,
        point(i)
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

fn notes_de(loaded: &Loaded) -> String {
    loaded
        .report
        .notes
        .iter()
        .map(|n| n.de.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn facility_values(loaded: &Loaded, i: usize) -> Vec<(String, Value)> {
    let Layer::Facilities(l) = &loaded.layer else {
        panic!("a point layer")
    };
    l.schema
        .fields
        .iter()
        .map(|f| f.name.clone())
        .zip(l.facilities[i].values.iter().cloned())
        .collect()
}

/// Class 2: what an Overpass export looks like — 30,000 points, 2,000 different keys, ten on
/// each feature. A dense table would hold 60 million cells (≈ 3 GB); the layer keeps the most
/// frequent names within the cell budget, says which it left out, and loses no point.
#[test]
fn thousands_of_sparse_property_names_take_memory_by_content_not_by_names() {
    let dir = tempfile::tempdir().unwrap();
    let features: Vec<String> = (0..30_000)
        .map(|i| {
            let mut props = String::new();
            for j in 0..10 {
                if j > 0 {
                    props.push(',');
                }
                let _ = write!(props, r#""key_{}":"v{j}""#, (i * 7 + j * 131) % 2000);
            }
            point_feature(i, &props)
        })
        .collect();
    let path = write(dir.path(), "overpass.geojson", collection(&features));
    drop(features);
    let (loaded, peak) = measure(|| load(&path));
    let loaded = loaded.expect("loads");
    assert_eq!(loaded.layer.len(), 30_000);
    let kept = loaded.layer.schema().fields.len();
    assert!((100..2000).contains(&kept), "{kept} columns kept");
    assert!(
        kept * 30_000 <= sozialatlas::model::value::CELL_BUDGET,
        "{kept} columns"
    );
    let notes = notes_de(&loaded);
    assert!(
        notes.contains("2.000 verschiedene Eigenschaftsnamen") && notes.contains("seltene Namen"),
        "{notes}"
    );
    assert!(peak < 400 * MB, "peak {} MB", peak / MB);
}

/// Class 2: 20,000 features, each with a name of its own — 400 million cells densely.
#[test]
fn a_new_property_name_on_every_feature_does_not_exhaust_memory() {
    let dir = tempfile::tempdir().unwrap();
    let features: Vec<String> = (0..20_000)
        .map(|i| point_feature(i, &format!(r#""only_{i}":{i},"name":"n{i}""#)))
        .collect();
    let path = write(dir.path(), "distinct.geojson", collection(&features));
    let (loaded, peak) = measure(|| load(&path));
    let loaded = loaded.expect("loads");
    assert_eq!(loaded.layer.len(), 20_000);
    // The one name every feature has is kept.
    assert!(
        loaded
            .layer
            .schema()
            .fields
            .iter()
            .any(|f| f.name == "name")
    );
    assert!(notes_de(&loaded).contains("nicht übernommen"));
    assert!(peak < 300 * MB, "peak {} MB", peak / MB);
}

/// Class 2: one feature with 100,000 properties and a repeated one: read in linear time (a
/// hash index for the duplicate check), the repeat noted, and the table kept within
/// `MAX_COLUMNS`.
#[test]
fn a_feature_with_a_hundred_thousand_properties_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut props = String::new();
    for i in 0..100_000 {
        let _ = write!(props, r#""p{i}":{i},"#);
    }
    props.push_str(r#""p5":"zuletzt""#);
    let path = write(
        dir.path(),
        "breit.geojson",
        collection(&[point_feature(0, &props)]),
    );
    let (loaded, peak) = measure(|| load(&path));
    let loaded = loaded.expect("loads");
    let values = facility_values(&loaded, 0);
    assert_eq!(values.len(), sozialatlas::model::value::MAX_COLUMNS);
    assert_eq!(values[5], ("p5".to_owned(), Value::Text("zuletzt".into())));
    assert!(notes_de(&loaded).contains("doppelt vorkommendem Eigenschaftsnamen"));
    assert!(peak < 200 * MB, "peak {} MB", peak / MB);
}

/// Class 9: a document with two `features` lists or two `type`s is not half-read.
#[test]
fn repeated_top_level_members_are_refused_and_a_feature_with_two_geometries_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let one = point_feature(0, r#""a":1"#);
    for (name, text, member) in [
        (
            "zwei_listen.geojson",
            format!(r#"{{"type":"FeatureCollection","features":[{one}],"features":[]}}"#),
            "features",
        ),
        (
            "zwei_typen.geojson",
            format!(r#"{{"type":"FeatureCollection","features":[{one}],"type":"Feature"}}"#),
            "type",
        ),
    ] {
        let path = write(dir.path(), name, text);
        let Err(e) = load(&path) else {
            panic!("{name} must be refused")
        };
        let message = e.to_string();
        assert!(
            message.contains(&format!("„{member}“ zweimal")),
            "{name}: {message}"
        );
    }
    let text = collection(&[
        r#"{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[8.6,50.1]},"geometry":{"type":"Point","coordinates":[9.6,51.1]}}"#.to_owned(),
        point_feature(1, r#""a":2"#),
    ]);
    let path = write(dir.path(), "zwei_geometrien.geojson", text);
    let loaded = load(&path).expect("the rest loads");
    assert_eq!(loaded.layer.len(), 1);
    assert_eq!(loaded.report.skipped.len(), 1);
    assert!(
        loaded.report.skipped[0]
            .reason
            .de
            .contains("„geometry“ zweimal"),
        "{:?}",
        loaded.report.skipped[0].reason
    );
}

/// Class 9: 1e309 or a lone surrogate in one property costs that value, not the file; in a
/// coordinate it costs that feature.
#[test]
fn a_number_beyond_f64_or_a_lone_surrogate_skips_the_value_not_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = collection(&[
        point_feature(0, r#""a":1e309,"name":"Caf\ud800""#),
        point_feature(1, r#""a":3,"name":"ok \ud83d\ude00""#),
        r#"{"type":"Feature","properties":{"a":5},"geometry":{"type":"Point","coordinates":[8.6,1e999]}}"#.to_owned(),
    ]);
    let path = write(dir.path(), "kaputt.geojson", text);
    let loaded = load(&path).expect("loads");
    assert_eq!(loaded.layer.len(), 2);
    assert_eq!(loaded.report.skipped.len(), 1);
    let first = facility_values(&loaded, 0);
    assert_eq!(first[0], ("a".to_owned(), Value::Null));
    assert_eq!(
        first[1],
        ("name".to_owned(), Value::Text("Caf\u{FFFD}".into()))
    );
    let second = facility_values(&loaded, 1);
    assert_eq!(second[0], ("a".to_owned(), Value::Number(3.0)));
    assert_eq!(second[1], ("name".to_owned(), Value::Text("ok 😀".into())));
    let notes = notes_de(&loaded);
    assert!(
        notes.contains("2 Zahl(en) außerhalb des darstellbaren Bereichs")
            && notes.contains("1 ungültige(s) Unicode-Zeichen"),
        "{notes}"
    );
}

/// Class 7: names taken from received files or typed in a workshop never reach a spreadsheet as
/// formulas — in the reach CSV (both dialects) and the pin list — while numbers stay numbers.
#[test]
fn csv_exports_neutralise_formulas_and_keep_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let offices = write(
        dir.path(),
        "bueros.csv",
        "id,name,lon,lat\n\
         @1,\"=HYPERLINK(\"\"http://example.org\"\";\"\"klick\"\")\",8.6900,50.1000\n\
         -2+3,+cmd|' /C calc'!A0,8.6500,50.1200\n\
         3,\"\tTab\",8.7100,50.0900\n",
    );
    for (dialect, delimiter) in [("standard", b','), ("de", b';')] {
        let out = dir.path().join(format!("reach-{dialect}.csv"));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
            .arg("reach")
            .arg("--areas")
            .arg(root.join("sample-data/sozialraeume.geojson"))
            .arg("--facilities")
            .arg(&offices)
            .arg("--out")
            .arg(&out)
            .args(["--csv-dialect", dialect])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&out).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                let dangerous = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-')
                        && cell[1..].parse::<f64>().is_err()
                        && cell[1..].replace(',', ".").parse::<f64>().is_err());
                assert!(!dangerous, "{dialect}: {cell:?}");
            }
        }
        assert!(cells > 100, "{dialect}: {cells} cells");
        assert!(text.contains("'=HYPERLINK("), "{dialect}");
        assert!(text.contains("'@1"), "{dialect}");
        assert!(text.contains("'-2+3"), "{dialect}");
    }
    let pins = vec![sozialatlas::workshop::Pin {
        number: 1,
        lon: -0.5,
        lat: 50.1,
        category: sozialatlas::workshop::PinCategory::Idee,
        comment: "=1+1 Spielplatz".to_owned(),
        date: "2026-12-03".to_owned(),
    }];
    let csv = sozialatlas::workshop::export::pins_csv(&pins);
    assert!(csv.contains(";'=1+1 Spielplatz;"), "{csv}");
    // A negative coordinate is a number and stays one.
    assert!(csv.contains(";-0,500000;"), "{csv}");
}

/// Class 9: a GeoJSON or a point CSV saved as "Unicode" (UTF-16 or UTF-32, either byte order,
/// with or without a byte order mark) is read, and the load report names the encoding.
#[test]
fn utf16_and_utf32_geojson_and_csv_are_read_and_their_encoding_named() {
    for (file, text) in [
        (
            "breit.geojson",
            collection(&[point_feature(0, r#""name":"Höchst""#)]),
        ),
        ("breit.csv", "name;lon;lat\nHöchst;8,6;50,1\n".to_owned()),
    ] {
        wide_file_is_read(file, &text);
    }
}

fn wide_file_is_read(file: &str, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let utf16 = |be: bool, bom: bool| -> Vec<u8> {
        let bom = if bom { "\u{feff}" } else { "" };
        bom.encode_utf16()
            .chain(text.encode_utf16())
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    let utf32 = |be: bool, bom: bool| -> Vec<u8> {
        let bom = if bom { "\u{feff}" } else { "" };
        bom.chars()
            .chain(text.chars())
            .flat_map(|c| {
                let w = c as u32;
                if be { w.to_be_bytes() } else { w.to_le_bytes() }
            })
            .collect()
    };
    for bom in [true, false] {
        for (bytes, name) in [
            (utf16(true, bom), "UTF-16 BE"),
            (utf16(false, bom), "UTF-16 LE"),
            (utf32(true, bom), "UTF-32 BE"),
            (utf32(false, bom), "UTF-32 LE"),
        ] {
            let path = write(dir.path(), file, bytes);
            let loaded = load(&path).unwrap_or_else(|e| panic!("{name} (BOM {bom}): {e}"));
            assert_eq!(
                facility_values(&loaded, 0)[0].1,
                Value::Text("Höchst".into()),
                "{name}"
            );
            assert!(
                notes_de(&loaded).contains(&format!("in {name} kodiert")),
                "{name}: {}",
                notes_de(&loaded)
            );
        }
    }
}
