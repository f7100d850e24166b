//! The project file on its own: round trip, versions, broken files, moved files.

use super::*;

fn sample() -> Project {
    let mut settings = IndexSettings::with_indicators(&["arbeitslosenquote", "sgb2_quote"]);
    settings.population_field = Some("einwohner".to_owned());
    settings.exclusions.push(crate::analysis::index::Exclusion {
        key: "SR-10-1".to_owned(),
        reason: "Gewerbegebiet".to_owned(),
    });
    Project {
        layers: vec![ProjectLayer {
            path: "daten/sozialraeume.geojson".to_owned(),
            visible: true,
            style: "flaechen".to_owned(),
            facility_kind: None,
        }],
        tables: vec![ProjectTable {
            layer: 0,
            path: "daten/indikatoren_2024.csv".to_owned(),
            left_key: "sr_id".to_owned(),
            right_key: "sr_id".to_owned(),
        }],
        thematic: Some(ProjectThematic {
            layer: 0,
            field: "sgb2_quote".to_owned(),
            edition: Some("2024".to_owned()),
            level: "sozialraum".to_owned(),
            method: "jenks".to_owned(),
            classes: 6,
            breaks: vec![],
            palette: "YlOrRd".to_owned(),
            reversed: true,
            privacy_enabled: true,
            min_population: 300.0,
            min_count: 3.0,
        }),
        index: Some(ProjectIndex {
            layer: 0,
            edition: Some("2024".to_owned()),
            comparison: Some("2022".to_owned()),
            settings,
            map: Some("gesamt".to_owned()),
        }),
        reach: Some(ProjectReach {
            areas: 0,
            facilities: 1,
            radii: vec![500.0, 1000.0],
            k: 3,
            hypothetical: vec![[8.68, 50.09]],
        }),
        basemap: Some("basemapde-grau".to_owned()),
        ..Project::default()
    }
}

#[test]
fn a_project_survives_save_and_open_unchanged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("planung.sozialatlas");
    let p = sample();
    p.save(&path).unwrap_or_else(|e| panic!("{e}"));
    let back = Project::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, p);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap_or_default()
            .contains("\"format\": \"sozialatlas-projekt\"")
    );
}

#[test]
fn broken_foreign_and_newer_files_get_german_messages() {
    let path = Path::new("/tmp/x.sozialatlas");
    let e = Project::from_json(
        "{\"format\": \"sozialatlas-projekt\", \"version\": 1, \"layers\": [",
        path,
    );
    assert!(e.is_err_and(|e| {
        e.to_string()
            .starts_with("Keine gültige Projektdatei (Zeile 1")
    }));
    let e = Project::from_json("{\"type\": \"FeatureCollection\"}", path);
    assert!(e.is_err_and(|e| e.to_string().contains("Keine Sozialatlas-Projektdatei")));
    let e = Project::from_json(
        "{\"format\": \"sozialatlas-projekt\", \"version\": 7, \"layers\": [], \"neu\": 1}",
        path,
    );
    assert!(e.is_err_and(|e| e.to_string().contains("Version 7")));
    let e = Project::load(Path::new("/nonexistent/p.sozialatlas"));
    assert!(e.is_err_and(|e| e.to_string().starts_with("Projektdatei nicht gefunden")));
}

#[test]
fn moved_files_are_listed_and_can_be_pointed_at_their_new_place() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("p.sozialatlas");
    std::fs::create_dir_all(dir.path().join("daten")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("daten/sozialraeume.geojson"), "{}")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut p = sample();
    let missing = p.missing_files(&project);
    assert_eq!(missing, vec![dir.path().join("daten/indikatoren_2024.csv")]);
    let moved = dir.path().join("neu/indikatoren_2024.csv");
    std::fs::create_dir_all(dir.path().join("neu")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&moved, "sr_id;x\n").unwrap_or_else(|e| panic!("{e}"));
    p.relocate(&project, &missing[0], &moved);
    assert_eq!(p.tables[0].path, "neu/indikatoren_2024.csv");
    assert!(p.missing_files(&project).is_empty());
}
