//! `sozialatlas export` on the Frankfurt sample: the PDF's page size, embedded font subsets
//! and extractable text (title, legend labels, attribution, "fiktive Beispieldaten"); the SVG
//! against a golden file (`SOZIALATLAS_BLESS=1` rewrites it); the PNG's size and recorded DPI;
//! the Steckbrief atlas; German errors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The sample's SGB-II map with the offices and Stadtteil boundaries, a fixed date.
fn export(extra: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .arg("export")
        .arg("--areas")
        .arg(root("sample-data/sozialraeume.geojson"))
        .arg("--join")
        .arg(root("sample-data/indikatoren_2024.csv"))
        .args(["--field", "sgb2_quote"])
        .arg("--facilities")
        .arg(root("sample-data/nachbarschaftsbueros.geojson"))
        .arg("--boundaries")
        .arg(root("sample-data/stadtteile.geojson"))
        .args(["--title", "SGB-II-Quote 2024 nach Sozialräumen"])
        .args(["--author", "Jugend- und Sozialamt"])
        .args(["--date", "Stand: 01.11.2026"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .expect("binary runs")
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_pdf_is_a4_landscape_with_embedded_subset_fonts_and_extractable_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("karte.pdf");
    ok(&export(&[], &out));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page = doc
        .get_object(*pages.get(&1).unwrap())
        .unwrap()
        .as_dict()
        .unwrap();
    let media: Vec<f64> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            o.as_float()
                .map(f64::from)
                .or_else(|_| o.as_i64().map(|i| i as f64))
                .unwrap()
        })
        .collect();
    assert!(
        (media[2] - 841.89).abs() < 0.01 && (media[3] - 595.28).abs() < 0.01,
        "{media:?}"
    );
    // Font programs embedded, as subsets ("ABCDEF+DejaVuSans").
    let fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        .filter_map(|d| {
            d.get(b"FontName")
                .ok()?
                .as_name()
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned())
        })
        .collect();
    assert!(!fonts.is_empty());
    assert!(
        fonts.iter().all(|f| f.len() > 7 && f.as_bytes()[6] == b'+'),
        "{fonts:?}"
    );
    let text = doc.extract_text(&[1]).unwrap();
    for wanted in [
        "SGB-II-Quote 2024 nach Sozialräumen",
        "fiktive Beispieldaten",
        "2,6 – 6,8 %",
        "unterdrückt (Datenschutz)",
        "Nachbarschaftsbüro",
        "Stadt Frankfurt am Main, Bürgeramt, Statistik und Wahlen",
        "Stand: 01.11.2026",
        "Jugend- und Sozialamt",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in {text}");
    }
}

#[test]
fn the_svg_matches_its_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("karte.svg");
    ok(&export(&["--paper", "a4-portrait"], &out));
    let svg = std::fs::read_to_string(&out).unwrap();
    let golden = root("tests/data/export/karte_sgb2.svg");
    if std::env::var_os("SOZIALATLAS_BLESS").is_some() {
        std::fs::write(&golden, &svg).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert!(svg == expected, "the SVG differs from {}", golden.display());
    assert!(svg.contains("width=\"210mm\"") && svg.contains("height=\"297mm\""));
}

#[test]
fn the_png_has_the_page_size_at_its_dpi_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("karte.png");
    ok(&export(&["--dpi", "150"], &out));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (1754, 1240));
    let dims = info.pixel_dims.unwrap();
    assert_eq!(dims.xppu, 5906);
    assert_eq!(dims.unit, png::Unit::Meter);
}

#[test]
fn the_atlas_has_one_page_per_sozialraum_with_its_profile() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("steckbriefe.pdf");
    ok(&export(&["--atlas"], &out));
    let doc = lopdf::Document::load(&out).unwrap();
    assert_eq!(doc.get_pages().len(), 123);
    let text = doc.extract_text(&[1]).unwrap();
    for wanted in [
        "Altstadt",
        "Stadt gesamt",
        "SGB-II-Quote",
        "Sozialindex",
        "Erreichbarkeit",
        "fiktive Beispieldaten",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in {text}");
    }
}

#[test]
fn lang_en_writes_an_english_page_and_the_title_follows_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .arg("export")
        .arg("--areas")
        .arg(root("sample-data/sozialraeume.geojson"))
        .arg("--join")
        .arg(root("sample-data/indikatoren_2024.csv"))
        .args(["--field", "sgb2_quote", "--lang", "en"])
        .arg("--facilities")
        .arg(root("sample-data/nachbarschaftsbueros.geojson"))
        .arg("--boundaries")
        .arg(root("sample-data/stadtteile.geojson"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    ok(&o);
    let doc = lopdf::Document::load(&out).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    for wanted in [
        "SGB II rate 2024",
        "Sources: Indicators 2024",
        "District boundary",
        "As of ",
        "fictitious sample data",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in {text}");
    }
    for german in ["Quellen", "Stand:", "Stadtteilgrenze", "Einwohner:innen"] {
        assert!(!text.contains(german), "{german:?} in {text}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .args(["export", "--areas"])
        .arg(root("sample-data/sozialraeume.geojson"))
        .args(["--field", "einwohner", "--lang", "fr", "--out"])
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("de oder en"));
}

#[test]
fn bad_requests_get_a_german_message_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("karte.txt");
    let o = export(&[], &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Format unbekannt"));
    let o = Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .arg("export")
        .arg("--areas")
        .arg(root("sample-data/sozialraeume.geojson"))
        .args(["--field", "gibt_es_nicht", "--out"])
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Feld „gibt_es_nicht“ gibt es nicht"));
    assert!(!dir.path().join("x.pdf").exists());
    let o = export(&["--atlas"], &dir.path().join("a.svg"));
    assert_eq!(o.status.code(), Some(2));
}
