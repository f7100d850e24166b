//! The real binary on `sample-data/` and on fixtures: `sozialatlas info PATH [--json]`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
}

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn info_json(rel: &str) -> Value {
    let out = bin()
        .args(["info", "--json"])
        .arg(root(rel))
        .output()
        .expect("binary runs");
    assert!(
        out.status.success(),
        "{rel}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn info_json_has_exactly_the_documented_keys() {
    let v = info_json("sample-data/sozialraeume.geojson");
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "bbox_wgs84",
            "crs",
            "features",
            "format",
            "geometry_types",
            "properties",
            "skipped"
        ]
    );
}

#[test]
fn info_on_the_sozialraeume_reports_the_sample() {
    let v = info_json("sample-data/sozialraeume.geojson");
    assert_eq!(v["format"], "GeoJSON");
    assert_eq!(v["crs"], "EPSG:4326");
    let n = v["features"].as_u64().unwrap();
    assert!((110..=130).contains(&n), "{n} Sozialräume");
    let types = v["geometry_types"].as_object().unwrap();
    let counted: u64 = types.values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(counted, n);
    assert!(types.keys().all(|k| k == "Polygon" || k == "MultiPolygon"));
    let b: Vec<f64> = v["bbox_wgs84"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    // Frankfurt am Main: 8.47–8.80 E, 50.01–50.23 N.
    assert!(
        (b[0] - 8.4728).abs() < 0.01 && (b[2] - 8.8004).abs() < 0.01,
        "{b:?}"
    );
    assert!(
        (b[1] - 50.0152).abs() < 0.01 && (b[3] - 50.2271).abs() < 0.01,
        "{b:?}"
    );
    let props = v["properties"].as_array().unwrap();
    let kind = |name: &str| {
        props
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["type"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no property {name}"))
    };
    assert_eq!(kind("sr_id"), "text");
    assert_eq!(kind("stadtteil_nr"), "text");
    assert_eq!(kind("name"), "text");
    assert_eq!(kind("einwohner"), "number");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 0);
}

#[test]
fn info_counts_the_other_sample_layers() {
    assert_eq!(info_json("sample-data/stadtteile.geojson")["features"], 44);
    assert_eq!(
        info_json("sample-data/nachbarschaftsbueros.geojson")["features"],
        16
    );
    assert_eq!(
        info_json("sample-data/sozialrathaeuser.geojson")["features"],
        7
    );
    let stops = info_json("sample-data/oepnv_haltestellen.geojson");
    assert_eq!(stops["features"], 821);
    assert_eq!(stops["geometry_types"]["Point"], 821);
}

#[test]
fn info_lists_skipped_features_with_index_and_german_reason() {
    let v = info_json("tests/data/kaputte_objekte.geojson");
    assert_eq!(v["features"], 3);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 7);
    assert_eq!(skipped[0]["index"], 1);
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("wird nicht unterstützt")
    );
}

#[test]
fn info_as_text_is_german() {
    let out = bin()
        .arg("info")
        .arg(root("tests/data/utm32_ohne_crs.geojson"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Koordinatensystem: EPSG:25832"), "{text}");
    assert!(
        text.contains("aus den Koordinatenbereichen erkannt"),
        "{text}"
    );
    assert!(text.contains("Objekte geladen: 2"), "{text}");
}

#[test]
fn an_unreadable_file_exits_with_2_and_a_german_message() {
    for rel in [
        "tests/data/kein_json.geojson",
        "tests/data/gibt_es_nicht.geojson",
        // An indicator table is reported (see tests/bad_input_tables.rs); a missing one fails.
        "tests/data/tabellen/gibt_es_nicht.xlsx",
    ] {
        let out = bin().arg("info").arg(root(rel)).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{rel}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("Fehler: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}

// `sozialatlas classify`: the class map of the window, printed.

fn classify(args: &[&str]) -> std::process::Output {
    bin()
        .arg("classify")
        .arg(root("sample-data/sozialraeume.geojson"))
        .arg("--join")
        .arg(root("sample-data/indikatoren_2024.csv"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn classify_json(args: &[&str]) -> Value {
    let out = classify(&[args, &["--json"]].concat());
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn counts(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_u64().expect("a count"))
        .collect()
}

/// Residents of each Sozialraum, from the GeoJSON text.
fn sozialraum_residents() -> Vec<f64> {
    let text = std::fs::read_to_string(root("sample-data/sozialraeume.geojson")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["einwohner"].as_f64().unwrap())
        .collect()
}

/// The mapclassify 2.10.0 figures in `tests/data/mapclassify_reference.json` (made by
/// `tests/reference/mapclassify_reference.py` from the `sgb2_quote` column of
/// `sample-data/indikatoren_2024.csv`): FisherJenks with k = 5 on all 123 values.
#[test]
fn classify_jenks_json_matches_mapclassify_when_privacy_is_off() {
    let text = std::fs::read_to_string(root("tests/data/mapclassify_reference.json")).unwrap();
    let reference: Value = serde_json::from_str(&text).unwrap();
    let case = reference["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dataset"] == "sgb2_quote" && c["method"] == "jenks" && c["k"] == 5)
        .expect("reference has sgb2_quote/jenks/k=5");

    let v = classify_json(&[
        "--field",
        "sgb2_quote",
        "--method",
        "jenks",
        "--classes",
        "5",
        "--min-population",
        "0",
        "--min-count",
        "0",
    ]);
    assert_eq!(v["field"], "sgb2_quote");
    assert_eq!(v["method"], "jenks");
    assert_eq!(v["k"], 5);
    let ours = floats(&v["breaks"]);
    let theirs = floats(&case["bins"]);
    assert_eq!(ours.len(), theirs.len(), "{ours:?} vs {theirs:?}");
    for (a, b) in ours.iter().zip(&theirs) {
        assert!(
            (a - b).abs() <= 1e-9 * a.abs().max(b.abs()),
            "{ours:?} vs {theirs:?}"
        );
    }
    let got = counts(&v["counts"]);
    assert_eq!(got, counts(&case["counts"]));
    assert_eq!(got.iter().sum::<u64>(), 123);
    assert_eq!(v["n"], 123);
    assert_eq!(v["suppressed"], 0);
    assert_eq!(v["missing"], 0);
}

#[test]
fn classify_with_default_privacy_leaves_out_the_areas_under_300_residents() {
    let small = sozialraum_residents()
        .iter()
        .filter(|ew| **ew < 300.0)
        .count();
    assert_eq!(small, 6);
    let v = classify_json(&["--field", "sgb2_quote", "--method", "quantile"]);
    assert_eq!(v["n"], 123 - small as u64);
    assert_eq!(v["suppressed"], small as u64);
    assert_eq!(counts(&v["counts"]).iter().sum::<u64>(), 123 - small as u64);
    let privacy = v["privacy"].as_str().unwrap();
    assert!(privacy.contains("300"), "{privacy}");
}

#[test]
fn classify_as_text_is_german_with_classes_and_the_privacy_rule() {
    let out = classify(&[
        "--field",
        "sgb2_quote",
        "--method",
        "equal",
        "--classes",
        "4",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Klasse"), "{text}");
    assert!(text.contains("Datenschutz"), "{text}");
    assert!(text.contains("4 Klassen"), "{text}");
    assert!(text.contains("117 Werte, 6 unterdrückt"), "{text}");
    assert!(text.contains('%'), "rates carry their unit: {text}");
}

#[test]
fn classify_rejects_bad_input_with_a_german_message() {
    // An unknown field: exit 2, the field named, the numeric fields listed.
    let out = classify(&["--field", "gibt_es_nicht"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Fehler: "), "{err}");
    assert!(err.contains("gibt_es_nicht"), "{err}");
    assert!(err.contains("Zahlenfelder"), "{err}");
    for field in ["einwohner", "sgb2_quote", "kinderarmut"] {
        assert!(err.contains(field), "{field} not listed: {err}");
    }
    assert!(out.stdout.is_empty());

    // An unknown method: refused with the allowed names.
    let out = classify(&["--field", "sgb2_quote", "--method", "kmeans"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unbekannte Methode"), "{err}");
    assert!(err.contains("jenks"), "{err}");
    assert!(out.stdout.is_empty());

    // A points layer cannot be classified.
    let out = bin()
        .arg("classify")
        .arg(root("sample-data/nachbarschaftsbueros.geojson"))
        .args(["--field", "einwohner"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Punkte"), "{err}");
    assert!(out.stdout.is_empty());
}
