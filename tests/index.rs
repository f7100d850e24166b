//! The needs index on the Frankfurt sample against an independent reference
//! (`tests/reference/index_reference.py`, Python standard library, written from the method
//! text alone: `math.fsum`, two-pass variance), and the `sozialatlas index` command.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;
use sozialatlas::analysis::data::AreaTable;
use sozialatlas::analysis::index::input::{Comparison, align, from_rows, keys_of};
use sozialatlas::analysis::index::sensitivity::{compare, leave_one_out, sensitivity, vary};
use sozialatlas::analysis::index::{
    Exclusion, IndexInput, IndexResult, IndexSettings, IndicatorSpec, SdKind, WITHOUT_CLASS_DE,
    compute,
};
use sozialatlas::io::table::read_table;

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
}

fn reference() -> Json {
    let text = std::fs::read_to_string(root("tests/data/index_reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn table(rel: &str) -> AreaTable {
    let t = read_table(&root(rel)).unwrap();
    AreaTable::new(t.schema, t.rows)
}

/// The index of the sample (2024 with the change since 2022) for the reference's settings.
fn sample_index(case: &Json) -> (IndexInput, IndexSettings, IndexResult) {
    let s = &case["settings"];
    let indicators = s["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| IndicatorSpec {
            field: i["name"].as_str().unwrap().to_owned(),
            flipped: i["flipped"].as_bool().unwrap(),
            weight: i["weight"].as_f64().unwrap(),
        })
        .collect();
    let settings = IndexSettings {
        indicators,
        population_field: Some("einwohner".to_owned()),
        min_population: s["min_population"].as_f64().unwrap(),
        sd: match s["sd_kind"].as_str().unwrap() {
            "sample" => SdKind::Sample,
            _ => SdKind::Population,
        },
        exclusions: s["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| Exclusion {
                key: k.as_str().unwrap().to_owned(),
                reason: "Test".to_owned(),
            })
            .collect(),
        ..IndexSettings::default()
    };
    let now = table("sample-data/indikatoren_2024.csv");
    let keys = keys_of(&now, "sr_id", "2024").unwrap();
    let (before, _) = align(
        &table("sample-data/indikatoren_2022.csv"),
        "sr_id",
        "2022",
        &keys,
    )
    .unwrap();
    let input = from_rows(
        &now,
        "2024",
        keys,
        None,
        Some(Comparison {
            table: &before,
            label: "2022".to_owned(),
            name: "2022".to_owned(),
        }),
        &settings,
    )
    .unwrap();
    let result = compute(&input, &settings).unwrap();
    (input, settings, result)
}

fn close(ours: Option<f64>, theirs: &Json, what: &str) {
    match (ours, theirs.as_f64()) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "{what}: {a} vs {b}"),
        (a, b) => panic!("{what}: {a:?} vs {b:?}"),
    }
}

fn class_name(c: Option<&'static str>) -> &'static str {
    c.unwrap_or(WITHOUT_CLASS_DE)
}

#[test]
fn every_value_and_class_of_the_sample_matches_the_independent_reference() {
    let reference = reference();
    let cases = reference.as_object().unwrap();
    assert_eq!(cases.len(), 4);
    for (name, case) in cases {
        let (_, settings, r) = sample_index(case);
        let areas = case["areas"].as_object().unwrap();
        assert_eq!(areas.len(), r.len(), "{name}");
        for (i, key) in r.keys.iter().enumerate() {
            let a = &areas[key];
            let what = format!("{name} {key}");
            for (k, spec) in settings.indicators.iter().enumerate() {
                close(r.status.z[k][i], &a["z"][&spec.field], &format!("{what} z"));
                let d = r.dynamics.as_ref().unwrap();
                close(
                    d.z[k][i],
                    &a["dynamik_z"][&spec.field],
                    &format!("{what} dz"),
                );
            }
            close(r.status.sum[i], &a["status_sum"], &format!("{what} sum"));
            close(
                r.status.index[i],
                &a["status_index"],
                &format!("{what} index"),
            );
            let d = r.dynamics.as_ref().unwrap();
            close(d.sum[i], &a["dynamik_sum"], &format!("{what} dsum"));
            close(d.index[i], &a["dynamik_index"], &format!("{what} dindex"));
            assert_eq!(
                class_name(r.status_class[i].map(|c| c.label_de())),
                a["status_class"].as_str().unwrap(),
                "{what}"
            );
            assert_eq!(
                class_name(r.dynamics_class[i].map(|c| c.label_de())),
                a["dynamik_class"].as_str().unwrap(),
                "{what}"
            );
        }
        let m = r.matrix();
        let expected = &case["summary"]["matrix"];
        for (si, s) in ["hoch", "mittel", "niedrig", "sehr niedrig"]
            .iter()
            .enumerate()
        {
            for (di, d) in ["positiv", "stabil", "negativ"].iter().enumerate() {
                assert_eq!(
                    Some(m[si][di] as u64),
                    expected[s][d].as_u64(),
                    "{name} {s}/{d}"
                );
            }
        }
    }
}

#[test]
fn the_sample_has_these_classes() {
    let reference = reference();
    let (_, _, r) = sample_index(&reference["mss_default"]);
    // hoch, mittel, niedrig, sehr niedrig; positiv, stabil, negativ.
    assert_eq!(r.status_counts(), [16, 80, 6, 15]);
    assert_eq!(r.dynamics_counts(), [9, 101, 7]);
    assert_eq!(r.status.n_valid, 117);
    // The six Sozialräume under 300 residents are "ohne Zuordnung (EW unter 300)".
    let small: Vec<&str> = r
        .keys
        .iter()
        .zip(&r.status.validity)
        .filter(|(_, v)| v.is_err())
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        small,
        [
            "SR-14-5", "SR-18-2", "SR-42-2", "SR-43-1", "SR-44-2", "SR-46-1"
        ]
    );
    // The Heimatsiedlung: sehr niedrig, negativ.
    let heimat = r.keys.iter().position(|k| k == "SR-14-1").unwrap();
    assert_eq!(
        r.status_class[heimat].map(|c| c.label_de()),
        Some("sehr niedrig")
    );
    assert_eq!(
        r.dynamics_class[heimat].map(|c| c.label_de()),
        Some("negativ")
    );
}

#[test]
fn the_sensitivity_list_of_the_sample_agrees_with_recomputing_each_variation() {
    let reference = reference();
    let (input, settings, base) = sample_index(&reference["mss_default"]);
    let variations = leave_one_out(&settings);
    assert_eq!(variations.len(), 3);
    let scenarios = sensitivity(&input, &settings, &base, &variations);
    let mut total = 0;
    for (v, s) in variations.iter().zip(&scenarios) {
        let (inp, set) = vary(&input, &settings, *v);
        let other = compute(&inp, &set).unwrap();
        let changes = s.changes.clone().unwrap();
        assert_eq!(changes, compare(&base, &other));
        // Exactly the listed areas differ, and they differ as listed.
        for i in 0..base.len() {
            let listed = changes.iter().find(|c| c.area == i);
            let differs = base.status_class[i] != other.status_class[i]
                || base.dynamics_class[i] != other.dynamics_class[i];
            assert_eq!(listed.is_some(), differs);
            if let Some(c) = listed.and_then(|c| c.status) {
                assert_eq!(c, (base.status_class[i], other.status_class[i]));
            }
        }
        total += changes.len();
    }
    assert!(total > 0, "leaving an indicator out moves some areas");
}

fn run_index(extra: &[&str], out: &Path) -> std::process::Output {
    bin()
        .arg("index")
        .arg("--table")
        .arg(root("sample-data/indikatoren_2024.csv"))
        .args(["--key", "sr_id"])
        .args(["--indicators", "arbeitslosenquote,sgb2_quote,kinderarmut"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .expect("binary runs")
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header.iter().position(|h| h == name).unwrap();
    rows.iter().map(|r| r[i].as_str()).collect()
}

#[test]
fn the_cli_writes_the_documented_columns_and_the_reference_classes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let dynamics = root("sample-data/indikatoren_2022.csv");
    let o = run_index(
        &[
            "--population",
            "einwohner",
            "--dynamics-table",
            dynamics.to_str().unwrap(),
        ],
        &out,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = csv_rows(&out);
    for c in [
        "sr_id",
        "z_arbeitslosenquote",
        "z_sgb2_quote",
        "z_kinderarmut",
        "status_sum",
        "status_index",
        "status_class",
        "dynamik_z_kinderarmut",
        "dynamik_sum",
        "dynamik_index",
        "dynamik_class",
    ] {
        assert!(header.iter().any(|h| h == c), "missing column {c}");
    }
    assert_eq!(rows.len(), 123);
    let reference = reference();
    let areas = reference["mss_default"]["areas"].as_object().unwrap();
    let keys = column(&header, &rows, "sr_id");
    let classes = column(&header, &rows, "status_class");
    let dclasses = column(&header, &rows, "dynamik_class");
    let index = column(&header, &rows, "status_index");
    for i in 0..rows.len() {
        let a = &areas[keys[i]];
        assert_eq!(classes[i], a["status_class"].as_str().unwrap());
        assert_eq!(dclasses[i], a["dynamik_class"].as_str().unwrap());
        if let Some(v) = a["status_index"].as_f64() {
            let ours: f64 = index[i].parse().unwrap();
            assert!((ours - v).abs() < 1e-11, "{}", keys[i]);
        } else {
            assert_eq!(index[i], "");
        }
    }
    let reasons = column(&header, &rows, "ohne_zuordnung_grund");
    assert_eq!(reasons.iter().filter(|r| **r == "EW unter 300").count(), 6);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("sehr niedrig  15"), "{stdout}");
    let note = std::fs::read_to_string(dir.path().join("index.methode.txt")).unwrap();
    assert!(note.contains("Stichproben-Standardabweichung (n − 1)"));
    assert!(note.contains("EW"));
}

#[test]
fn with_areas_every_area_gets_a_row_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let areas = root("sample-data/sozialraeume.geojson");
    let o = run_index(
        &[
            "--population",
            "einwohner",
            "--areas",
            areas.to_str().unwrap(),
            "--area-key",
            "sr_id",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = csv_rows(&out);
    assert_eq!(rows.len(), 123);
    let names = column(&header, &rows, "name");
    assert!(names.contains(&"Sachsenhausen-Süd – Heimatsiedlung"));
    assert!(!header.iter().any(|h| h.starts_with("dynamik_")));
}

#[test]
fn published_z_values_as_input_reproduce_the_index() {
    // Our own z-values, written as a table of "published" z-values, give the same index.
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("index.csv");
    let o = run_index(&["--population", "einwohner"], &first);
    assert!(o.status.success());
    let (header, rows) = csv_rows(&first);
    let mut published = String::from("sr_id;arbeitslosenquote;sgb2_quote;kinderarmut\n");
    let keys = column(&header, &rows, "sr_id");
    let z: Vec<Vec<&str>> = ["z_arbeitslosenquote", "z_sgb2_quote", "z_kinderarmut"]
        .iter()
        .map(|c| column(&header, &rows, c))
        .collect();
    for i in 0..rows.len() {
        published.push_str(&format!(
            "{};{};{};{}\n",
            keys[i], z[0][i], z[1][i], z[2][i]
        ));
    }
    let table = dir.path().join("z_werte.csv");
    std::fs::write(&table, published.replace('.', ",")).unwrap();
    let second = dir.path().join("index2.csv");
    let o = bin()
        .arg("index")
        .arg("--table")
        .arg(&table)
        .args(["--key", "sr_id"])
        .args(["--indicators", "arbeitslosenquote,sgb2_quote,kinderarmut"])
        .arg("--standardized-input")
        .arg("--out")
        .arg(&second)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (h2, r2) = csv_rows(&second);
    let before = column(&header, &rows, "status_index");
    let after = column(&h2, &r2, "status_index");
    let mut compared = 0;
    for (a, b) in before.iter().zip(&after) {
        if a.is_empty() {
            // Areas without z-values have no index either.
            assert!(b.is_empty());
            continue;
        }
        let (a, b): (f64, f64) = (a.parse().unwrap(), b.parse().unwrap());
        assert!((a - b).abs() < 1e-9);
        compared += 1;
    }
    assert_eq!(compared, 117);
    assert_eq!(
        column(&header, &rows, "status_class"),
        column(&h2, &r2, "status_class")
    );
}

#[test]
fn the_german_dialect_uses_semicolons_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let o = run_index(
        &[
            "--population",
            "einwohner",
            "--csv-dialect",
            "de",
            "--exclude",
            "SR-10-1:Gewerbegebiet",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = read_table(&out).unwrap();
    assert_eq!(t.len(), 123);
    let row = (0..t.len())
        .find(|&r| t.value(r, "sr_id").and_then(|v| v.as_text()) == Some("SR-10-1"))
        .unwrap();
    assert_eq!(
        t.value(row, "ohne_zuordnung_grund")
            .and_then(|v| v.as_text()),
        Some("Ausreißer: Gewerbegebiet")
    );
    // Decimal commas were read back as numbers.
    assert!(
        t.value(0, "status_index")
            .and_then(|v| v.as_f64())
            .is_some()
    );
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(raw.starts_with('\u{feff}'));
    assert!(raw.lines().next().unwrap().contains(";status_index;"));
}

#[test]
fn bad_arguments_give_a_german_message_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    let o = bin()
        .arg("index")
        .arg("--table")
        .arg(root("sample-data/indikatoren_2024.csv"))
        .args(["--key", "sr_id", "--indicators", "gibt_es_nicht"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Spalte „gibt_es_nicht“ fehlt"), "{err}");
    assert!(!out.exists(), "nothing is written on error");

    let o = run_index(&["--directions", "+,-"], &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Richtungen für 3 Indikatoren"));

    let dup = dir.path().join("doppelt.csv");
    std::fs::write(&dup, "sr_id;x\nA;1\nB;2\nA;3\n").unwrap();
    let o = bin()
        .arg("index")
        .arg("--table")
        .arg(&dup)
        .args(["--key", "sr_id", "--indicators", "x"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("„A“ kommt in der Tabelle"));
}
