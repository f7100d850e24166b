//! The bundled sample is what the README promises: invented Sozialräume nested gap- and
//! overlap-free in the 44 real Stadtteile, labelled as invented, with indicator tables that
//! match them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use geo::{Area, BooleanOps, Contains};
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::model::{AreaLayer, Layer, Value};

fn areas(name: &str) -> AreaLayer {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name);
    match load_path(&path, &Cancel::default()).unwrap().layer {
        Layer::Areas(l) => l,
        Layer::Facilities(_) => panic!("{name} is not an area layer"),
    }
}

fn text(l: &AreaLayer, i: usize, field: &str) -> String {
    match l.value(i, field) {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{field} of {i} is {other:?}"),
    }
}

#[test]
fn sozialraeume_tile_their_stadtteile_exactly() {
    let sr = areas("sozialraeume.geojson");
    let st = areas("stadtteile.geojson");
    assert_eq!(st.areas.len(), 44);
    assert!((110..=130).contains(&sr.areas.len()), "{}", sr.areas.len());
    let mut by_st: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..sr.areas.len() {
        by_st
            .entry(text(&sr, i, "stadtteil_nr"))
            .or_default()
            .push(i);
    }
    assert_eq!(by_st.len(), 44, "every Stadtteil has Sozialräume");
    for j in 0..st.areas.len() {
        let nr = text(&st, j, "stadtteil_nr");
        let parts = &by_st[&nr];
        assert!(
            (1..=5).contains(&parts.len()),
            "Stadtteil {nr}: {} parts",
            parts.len()
        );
        let whole = st.areas[j].area_m2();
        let sum: f64 = parts.iter().map(|&i| sr.areas[i].area_m2()).sum();
        assert!(
            ((sum - whole) / whole).abs() < 1e-4,
            "Stadtteil {nr}: {sum} vs {whole}"
        );
        for &i in parts {
            assert!(st.areas[j].geometry.contains(&sr.areas[i].label_point()));
            for &k in parts.iter().filter(|&&k| k > i) {
                let overlap = sr.areas[i]
                    .metric
                    .intersection(&sr.areas[k].metric)
                    .unsigned_area();
                assert!(overlap < 1.0, "{i} and {k} overlap by {overlap} m²");
            }
        }
    }
}

#[test]
fn identifiers_are_unique_text_and_the_heimatsiedlung_is_in_sachsenhausen_sued() {
    let sr = areas("sozialraeume.geojson");
    let ids: BTreeSet<String> = (0..sr.areas.len()).map(|i| text(&sr, i, "sr_id")).collect();
    assert_eq!(ids.len(), sr.areas.len());
    assert!(ids.iter().all(|id| id.starts_with("SR-")));
    let heimat: Vec<usize> = (0..sr.areas.len())
        .filter(|&i| text(&sr, i, "name").contains("Heimatsiedlung"))
        .collect();
    assert_eq!(heimat.len(), 1);
    assert_eq!(text(&sr, heimat[0], "stadtteil"), "Sachsenhausen-Süd");
    let srh: BTreeSet<String> = (0..sr.areas.len())
        .map(|i| text(&sr, i, "sozialrathaus"))
        .collect();
    assert_eq!(srh.len(), 7);
    assert!(srh.contains("Bockenheim"));
    assert!(sr.fictitious, "invented data must say so");
    let small = (0..sr.areas.len())
        .filter(|&i| sr.value(i, "einwohner").and_then(Value::as_f64).unwrap() < 300.0)
        .count();
    assert!(
        (3..=8).contains(&small),
        "{small} areas under 300 residents"
    );
}

#[test]
fn indicator_tables_have_one_row_per_sozialraum_and_say_they_are_invented() {
    let sr = areas("sozialraeume.geojson");
    let ids: BTreeSet<String> = (0..sr.areas.len()).map(|i| text(&sr, i, "sr_id")).collect();
    for year in ["2022", "2024"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-data")
            .join(format!("indikatoren_{year}.csv"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(';').collect();
        for col in [
            "sr_id",
            "einwohner",
            "sgb2_quote",
            "kinderarmut",
            "arbeitslosenquote",
        ] {
            assert!(header.contains(&col), "{year}: no column {col}");
        }
        let rows: BTreeSet<String> = lines
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(';').next().unwrap().to_owned())
            .collect();
        assert_eq!(rows, ids, "{year}");
        assert!(text.contains(','), "decimal comma");
    }
    let meta = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/indikatoren_meta.csv"),
    )
    .unwrap();
    assert!(meta.contains("fiktive Beispieldaten"));
}

#[test]
fn every_sample_layer_loads_without_a_note_or_a_skipped_feature() {
    for path in sozialatlas::state::sample_paths()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "geojson"))
    {
        let loaded = load_path(&path, &Cancel::default()).unwrap();
        assert!(
            loaded.report.notes.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.report.notes
        );
        assert!(loaded.report.skipped.is_empty(), "{}", path.display());
    }
}
