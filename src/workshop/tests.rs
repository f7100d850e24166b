use super::export::{notes_csv, pins_csv, pins_geojson};
use super::*;

fn view(title: &str) -> SavedView {
    SavedView {
        title: title.to_owned(),
        caption: String::new(),
        bbox: [8.6, 50.0, 8.7, 50.1],
        visible: vec![true, false, true],
        thematic: None,
        index_map: None,
        selection: Some([2, 7]),
    }
}

#[test]
fn pins_are_numbered_in_order_and_never_reuse_a_number() {
    let mut w = Workshop::default();
    w.add_pin(
        8.68,
        50.11,
        PinCategory::Idee,
        "  Bank am Spielplatz ",
        "2026-11-21",
    );
    w.add_pin(8.69, 50.12, PinCategory::Problem, "", "2026-11-21");
    assert_eq!(w.pins[0].number, 1);
    assert_eq!(w.pins[0].comment, "Bank am Spielplatz");
    w.pins.remove(0);
    w.add_pin(8.70, 50.13, PinCategory::Bedarf, "x", "2026-11-21");
    let numbers: Vec<u32> = w.pins.iter().map(|p| p.number).collect();
    assert_eq!(numbers, vec![2, 3]);
}

#[test]
fn views_move_within_bounds() {
    let mut w = Workshop {
        views: vec![view("a"), view("b"), view("c")],
        ..Workshop::default()
    };
    assert_eq!(w.move_view(0, -1), 0);
    assert_eq!(w.move_view(0, 1), 1);
    let titles: Vec<&str> = w.views.iter().map(|v| v.title.as_str()).collect();
    assert_eq!(titles, ["b", "a", "c"]);
    assert_eq!(w.move_view(2, 1), 2);
    assert_eq!(w.move_view(9, 1), 9);
}

#[test]
fn a_removed_layer_shifts_the_views_references() {
    let mut v = view("a");
    v.thematic = Some(crate::analysis::thematic::record::ProjectThematic {
        layer: 2,
        field: "sgb2_quote".into(),
        edition: None,
        level: "sozialraum".into(),
        method: "quantile".into(),
        classes: 5,
        breaks: vec![],
        palette: "YlGnBu".into(),
        reversed: false,
        privacy_enabled: true,
        min_population: 300.0,
        min_count: 3.0,
    });
    let mut w = Workshop {
        views: vec![v],
        ..Workshop::default()
    };
    w.layer_removed(1);
    let v = &w.views[0];
    assert_eq!(v.visible, vec![true, true]);
    assert_eq!(v.thematic.as_ref().map(|t| t.layer), Some(1));
    assert_eq!(v.selection, Some([1, 7]));
    w.layer_removed(1);
    let v = &w.views[0];
    assert_eq!(v.visible, vec![true]);
    assert!(v.thematic.is_none());
    assert!(v.selection.is_none());
}

#[test]
fn pins_export_as_geojson_points() {
    let mut w = Workshop::default();
    w.add_pin(
        8.6812345678,
        50.1109876,
        PinCategory::Angebot,
        "Café „Treff“",
        "2026-11-21",
    );
    let text = pins_geojson(&w.pins);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let f = &v["features"][0];
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(f["geometry"]["type"], "Point");
    assert_eq!(f["geometry"]["coordinates"][0], 8.681235);
    assert_eq!(f["geometry"]["coordinates"][1], 50.110988);
    assert_eq!(f["properties"]["kategorie"], "Angebot");
    assert_eq!(f["properties"]["kommentar"], "Café „Treff“");
    assert_eq!(f["properties"]["nummer"], 1);
    // The file reads back with the app's own GeoJSON reader as a point layer.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("pins.geojson");
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let loaded = crate::io::load_path(&path, &crate::io::Cancel::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(loaded.layer, crate::model::Layer::Facilities(_)));
    assert_eq!(loaded.layer.len(), 1);
}

#[test]
fn pins_export_as_german_csv() {
    let mut w = Workshop::default();
    w.add_pin(
        8.68,
        50.11,
        PinCategory::Bedarf,
        "Treffpunkt; für Ältere",
        "2026-11-21",
    );
    let text = pins_csv(&w.pins);
    assert!(text.starts_with('\u{feff}'));
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some("Nummer;Kategorie;Kommentar;Datum;Laenge;Breite")
    );
    assert_eq!(
        lines.next(),
        Some("1;Bedarf;\"Treffpunkt; für Ältere\";2026-11-21;8,680000;50,110000")
    );
}

#[test]
fn notes_export_as_csv_and_are_found_by_area() {
    let w = Workshop {
        notes: vec![
            AreaNote {
                area: "SR-5-1".into(),
                area_name: "Heimatsiedlung".into(),
                text: "Mieterbeirat wünscht Treffpunkt".into(),
                source: NoteSource::Gremium,
                date: "2026-11-20".into(),
            },
            AreaNote {
                area: "SR-1-1".into(),
                area_name: "Altstadt".into(),
                text: "x".into(),
                source: NoteSource::Buergerinnen,
                date: "2026-11-21".into(),
            },
        ],
        ..Workshop::default()
    };
    let found: Vec<usize> = w.notes_of("SR-5-1").map(|(i, _)| i).collect();
    assert_eq!(found, vec![0]);
    let text = notes_csv(&w.notes);
    assert!(
        text.contains("SR-5-1;Heimatsiedlung;Gremium;2026-11-20;Mieterbeirat wünscht Treffpunkt")
    );
    assert!(text.contains("Bürger:innen"));
}

#[test]
fn dates_convert_between_iso_and_german() {
    assert_eq!(date_de("2026-11-21"), "21.11.2026");
    assert_eq!(date_de("gestern"), "gestern");
    let today = today_iso();
    assert_eq!(today.len(), 10);
    assert_eq!(&today[4..5], "-");
}

#[test]
fn a_workshop_survives_json() {
    let mut w = Workshop {
        views: vec![view("Heimatsiedlung")],
        ..Workshop::default()
    };
    w.add_pin(8.68, 50.11, PinCategory::Idee, "Idee", "2026-11-21");
    let text = serde_json::to_string(&w).unwrap_or_default();
    assert!(text.contains("\"idee\""));
    let back: Workshop = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(back, w);
}
