//! Tests of the join: key text, suggestions, matching with every kind of mismatch, the report's
//! wording and edition order.

use geo::{MultiPolygon, polygon};

use super::*;
use crate::crs::Crs;
use crate::io::table::{Table, parse_csv_text};
use crate::model::{Area, AreaLayer};

fn layer(keys: &[&str]) -> AreaLayer {
    let schema = Schema {
        fields: vec![
            Field {
                name: "sr_id".into(),
                kind: FieldType::Text,
            },
            Field {
                name: "name".into(),
                kind: FieldType::Text,
            },
        ],
    };
    let areas = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let x = 8.6 + i as f64 * 0.01;
            let mp = MultiPolygon::new(vec![polygon![
                (x: x, y: 50.1),
                (x: x + 0.01, y: 50.1),
                (x: x + 0.01, y: 50.11),
                (x: x, y: 50.11),
            ]]);
            let values = vec![
                if k.is_empty() {
                    Value::Null
                } else {
                    Value::Text((*k).to_owned())
                },
                Value::Text(format!("Gebiet {i}")),
            ];
            Area::new(i, values, mp.clone(), mp)
        })
        .collect();
    AreaLayer::new("test".into(), schema, areas, Crs(25832))
}

fn table(text: &str, name: &str) -> Table {
    parse_csv_text(text, name).unwrap()
}

#[test]
fn number_keys_are_written_without_a_decimal_zero() {
    assert_eq!(key_text(&Value::Number(14.0)), Some("14".into()));
    assert_eq!(key_text(&Value::Number(14.5)), Some("14.5".into()));
    assert_eq!(
        key_text(&Value::Text("  SR-1-1 ".into())),
        Some("SR-1-1".into())
    );
    assert_eq!(key_text(&Value::Text("  ".into())), None);
    assert_eq!(key_text(&Value::Null), None);
}

#[test]
fn the_label_is_the_first_year_in_the_name() {
    assert_eq!(edition_label("indikatoren_2024"), "2024");
    assert_eq!(edition_label("2019_bis_2024"), "2019");
    assert_eq!(edition_label("stand_20240131"), "stand_20240131");
    assert_eq!(edition_label("tabelle_1234"), "tabelle_1234");
    assert_eq!(edition_label("kennzahlen"), "kennzahlen");
}

#[test]
fn areas_sharing_a_key_are_reported_and_each_gets_the_row() {
    let l = layer(&["A", "B", "A", "C", "B", "A"]);
    let t = table("sr_id;wert\nA;1\nB;2\nC;3\n", "werte");
    let e = join(&l, "sr_id", &t, "sr_id").unwrap();
    assert_eq!(e.report.duplicate_area_keys, ["A", "B"]);
    assert_eq!(
        (e.number(0, "wert"), e.number(2, "wert")),
        (Some(1.0), Some(1.0))
    );
    assert!(!e.report.is_clean());
    let summary = e.report.summary_de();
    assert!(
        summary.contains("2 doppelte Gebietsschlüssel in der Ebene"),
        "{summary}"
    );
    assert!(
        e.report
            .to_text_de()
            .contains("Doppelte Schlüssel in der Ebene")
    );
    let clean = join(&layer(&["A", "B", "C"]), "sr_id", &t, "sr_id").unwrap();
    assert!(clean.report.duplicate_area_keys.is_empty());
    assert!(clean.report.is_clean());
}

#[test]
fn a_join_reports_every_mismatch() {
    let l = layer(&["A", "B", "C", ""]);
    let t = table(
        "sr_id;wert\nA;1\nB;2\nA;3\nFrankfurt gesamt;6\n;9\nX;1\nX;2\n",
        "werte_2024",
    );
    let e = join(&l, "sr_id", &t, "sr_id").unwrap();
    assert_eq!(e.label, "2024");
    assert_eq!(
        e.number(0, "wert"),
        Some(1.0),
        "the first row of a duplicate wins"
    );
    assert_eq!(e.number(1, "wert"), Some(2.0));
    assert_eq!(e.value(2, "wert"), Some(&Value::Null));
    assert_eq!(e.value(0, "sr_id"), None, "the key column is not repeated");
    let r = &e.report;
    assert_eq!(r.matched, 2);
    assert_eq!(r.rows_without_area, ["Frankfurt gesamt", "X"]);
    assert_eq!(r.areas_without_data, ["C", "Gebiet 3 (ohne Schlüssel)"]);
    assert_eq!(r.duplicate_keys, ["A", "X"]);
    assert_eq!(r.empty_keys, 1);
    assert!(!r.case_insensitive);
    assert_eq!(
        r.summary_de(),
        "2 von 4 Gebieten verknüpft; 2 Tabellenzeilen ohne Gebiet: Frankfurt gesamt, X; \
         2 Gebiete ohne Daten: C, Gebiet 3 (ohne Schlüssel); 2 doppelte Schlüssel (erste \
         Zeile verwendet): A, X; 1 Tabellenzeile ohne Schlüssel"
    );
}

#[test]
fn keys_that_differ_only_in_case_match_on_the_second_try() {
    let l = layer(&["SR-1-1", "SR-1-2"]);
    let t = table("sr_id;wert\nsr-1-1;1\nsr-1-2;2\n", "t");
    let e = join(&l, "sr_id", &t, "sr_id").unwrap();
    assert!(e.report.case_insensitive);
    assert_eq!(e.number(1, "wert"), Some(2.0));
    assert!(
        e.report
            .summary_de()
            .ends_with("Groß-/Kleinschreibung der Schlüssel ignoriert")
    );
}

#[test]
fn long_lists_are_shortened_in_the_summary_only() {
    let keys: Vec<String> = (1..=9).map(|i| format!("K{i}")).collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let l = layer(&refs);
    let t = table("sr_id;wert\nK1;1\n", "t");
    let r = join(&l, "sr_id", &t, "sr_id").unwrap().report;
    assert_eq!(
        r.summary_de(),
        "1 von 9 Gebieten verknüpft; 8 Gebiete ohne Daten: K2, K3, K4, K5, K6 … und 3 weitere"
    );
    let text = r.to_text_de();
    assert!(text.contains("Gebiete ohne Daten (8):\n  K2\n"), "{text}");
    assert!(text.contains("  K9\n"), "{text}");
}

#[test]
fn unknown_names_and_disjoint_keys_are_german_errors() {
    let l = layer(&["A"]);
    let t = table("sr_id;wert\nB;1\n", "t");
    let err = join(&l, "gibtsnicht", &t, "sr_id").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Die Ebene „test“ hat kein Feld „gibtsnicht“ (vorhanden: sr_id, name)"
    );
    let err = join(&l, "sr_id", &t, "schluessel").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Die Tabelle „t“ hat keine Spalte „schluessel“")
    );
    let err = join(&l, "sr_id", &t, "sr_id").unwrap_err();
    assert!(matches!(err, JoinError::NoMatch { .. }), "{err}");
    assert!(err.to_string().contains("„A“") && err.to_string().contains("„B“"));
}

#[test]
fn suggestions_prefer_more_matches_then_key_names() {
    let l = layer(&["1", "2", "3"]);
    let t = table("nummer;gebiet_id;anteil\n1;1;1,5\n2;2;2,5\n9;3;3\n", "t");
    let s = suggest_keys(&l, &t);
    assert_eq!(
        s[0],
        KeySuggestion {
            left: "sr_id".into(),
            right: "gebiet_id".into(),
            matches: 3
        }
    );
    assert_eq!(s[1].right, "nummer");
    assert_eq!(s[1].matches, 2);
    assert!(s.iter().all(|s| s.right != "anteil"), "rates are no keys");
}

#[test]
fn editions_sort_by_year_then_name() {
    let l = layer(&["A"]);
    let mut editions: Vec<Edition> = ["werte_2024", "sonder", "werte_2022"]
        .iter()
        .map(|n| join(&l, "sr_id", &table("sr_id;x\nA;1\n", n), "sr_id").unwrap())
        .collect();
    sort_editions(&mut editions);
    let labels: Vec<&str> = editions.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["2022", "2024", "sonder"]);
}
