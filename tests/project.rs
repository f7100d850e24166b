//! A project round trip through the application state: every setting survives save → open
//! (layers, their visibility and style, joined editions, the class map, the index with a hand
//! exclusion and its map, the reach analysis with a hypothetical office, saved views, pins and
//! notes); a moved table is reported and the rest opens.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use sozialatlas::analysis::classify::Method;
use sozialatlas::analysis::index::{Exclusion, IndexSettings};
use sozialatlas::analysis::palette::Palette;
use sozialatlas::analysis::reach::ReachSettings;
use sozialatlas::model::Layer;
use sozialatlas::project::Project;
use sozialatlas::state::{
    AppState, Command, FeatureRef, IndexCommand, IndexMap, IndexRequest, MessageKind, ReachCommand,
    WorkshopCommand, sample_paths,
};
use sozialatlas::workshop::{NoteSource, PinCategory};

fn prepared() -> AppState {
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(
        sample_paths().to_vec(),
    ));
    let areas = s.thematic().unwrap().layer;
    let mut t = s.thematic().unwrap().settings.clone();
    t.method = Method::FisherJenks;
    t.k = 6;
    t.palette = Palette::YlOrRd;
    t.reversed = true;
    s.apply(Command::SetThematic(areas, t));
    let stops = s
        .layers()
        .iter()
        .find(|l| l.layer.name() == "oepnv_haltestellen")
        .unwrap()
        .id;
    s.apply(Command::SetVisible(stops, true));
    let mut settings =
        IndexSettings::with_indicators(&["arbeitslosenquote", "sgb2_quote", "kinderarmut"]);
    settings.population_field = Some("einwohner".to_owned());
    settings.exclusions.push(Exclusion {
        key: "SR-10-1".to_owned(),
        reason: "Gewerbegebiet".to_owned(),
    });
    s.apply(Command::Index(IndexCommand::Compute(IndexRequest {
        layer: areas,
        edition: Some(1),
        comparison: Some(0),
        settings,
    })));
    s.apply(Command::Index(IndexCommand::ShowOnMap(Some(
        IndexMap::Status,
    ))));
    let offices = s
        .layers()
        .iter()
        .find(|l| l.layer.name() == "nachbarschaftsbueros")
        .unwrap()
        .id;
    s.apply(Command::Reach(ReachCommand::Compute {
        areas,
        facilities: offices,
        settings: ReachSettings {
            radii: vec![400.0, 900.0],
            k: 2,
        },
    }));
    s.apply(Command::Reach(ReachCommand::AddHypothetical {
        lon: 8.6905,
        lat: 50.0953,
    }));
    workshop(&mut s, areas);
    s
}

/// Two saved views, three pins and a note on the Heimatsiedlung.
fn workshop(s: &mut AppState, areas: u64) {
    s.apply(Command::Workshop(WorkshopCommand::SaveView {
        bbox: [8.55, 50.05, 8.80, 50.20],
        title: "Status-Index".to_owned(),
    }));
    let heimat = match &s.layer(areas).unwrap().layer {
        Layer::Areas(l) => (0..l.areas.len())
            .find(|&i| l.feature_title(i).contains("Heimatsiedlung"))
            .unwrap(),
        Layer::Facilities(_) => unreachable!(),
    };
    s.apply(Command::Select(Some(FeatureRef {
        layer: areas,
        feature: heimat,
    })));
    s.apply(Command::Workshop(WorkshopCommand::SaveView {
        bbox: [8.68, 50.08, 8.71, 50.10],
        title: "Heimatsiedlung".to_owned(),
    }));
    s.apply(Command::Workshop(WorkshopCommand::EditView {
        view: 1,
        title: "Heimatsiedlung".to_owned(),
        caption: "Sachsenhausen-Süd".to_owned(),
    }));
    for (i, c) in [PinCategory::Bedarf, PinCategory::Idee, PinCategory::Problem]
        .into_iter()
        .enumerate()
    {
        s.apply(Command::Workshop(WorkshopCommand::AddPin {
            lon: 8.69 + 0.001 * i as f64,
            lat: 50.09,
            category: c,
            comment: format!("Beitrag {i}"),
        }));
    }
    s.apply(Command::Workshop(WorkshopCommand::SetPinsInExports(true)));
    s.apply(Command::Workshop(WorkshopCommand::AddNote {
        area: FeatureRef {
            layer: areas,
            feature: heimat,
        },
        text: "Mieterbeirat: Treffpunkt fehlt".to_owned(),
        source: NoteSource::Traeger,
        date: "2026-11-20".to_owned(),
    }));
}

#[test]
fn every_setting_survives_save_and_open() {
    let a = prepared();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planung.sozialatlas");
    a.to_project(&path, Some("basemapde-grau".to_owned()))
        .save(&path)
        .unwrap();
    let project = Project::load(&path).unwrap();
    assert_eq!(project.basemap.as_deref(), Some("basemapde-grau"));
    let mut b = AppState::default();
    b.apply(sozialatlas::state::Command::OpenProject {
        project: Box::new(project.clone()),
        path: path.clone(),
    });
    assert!(
        b.messages().iter().all(|m| m.kind != MessageKind::Error),
        "{:?}",
        b.messages().iter().map(|m| &m.text).collect::<Vec<_>>()
    );
    // Layers, visibility and style.
    let shape = |s: &AppState| {
        s.layers()
            .iter()
            .map(|l| (l.layer.name().to_owned(), l.visible, l.style))
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&a), shape(&b));
    let editions = |s: &AppState| {
        s.layers()
            .iter()
            .flat_map(|l| l.editions.iter().map(|e| e.label.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(editions(&a), editions(&b));
    // The class map.
    assert_eq!(
        a.thematic().unwrap().settings,
        b.thematic().unwrap().settings
    );
    assert_eq!(
        a.thematic().unwrap().view.classes,
        b.thematic().unwrap().view.classes
    );
    // The index: same settings, same classes, same map.
    let (ia, ib) = (a.index().unwrap(), b.index().unwrap());
    assert_eq!(ia.request.settings, ib.request.settings);
    assert_eq!(ia.result.status_class, ib.result.status_class);
    assert_eq!(ia.result.dynamics_class, ib.result.dynamics_class);
    assert_eq!(ib.map, Some(IndexMap::Status));
    // Reach with the hypothetical office.
    let (ra, rb) = (a.reach().unwrap(), b.reach().unwrap());
    assert_eq!(ra.settings, rb.settings);
    assert_eq!(ra.hypothetical.len(), 1);
    assert!((ra.hypothetical[0].lon - rb.hypothetical[0].lon).abs() < 1e-12);
    assert_eq!(ra.gaps, rb.gaps);
    assert_eq!(ra.current, rb.current);
    // Views, pins, notes.
    assert_eq!(a.workshop().views.len(), 2);
    assert_eq!(a.workshop().pins.len(), 3);
    assert_eq!(a.workshop().notes.len(), 1);
    assert_eq!(a.workshop(), b.workshop());
    // A view brought back in the opened project shows what it showed before.
    let mut a = a;
    a.apply(Command::Workshop(WorkshopCommand::ShowView(1)));
    b.apply(Command::Workshop(WorkshopCommand::ShowView(1)));
    assert!(b.selection().is_some());
    assert_eq!(a.selection(), b.selection());
    assert_eq!(
        a.thematic().map(|t| &t.settings),
        b.thematic().map(|t| &t.settings)
    );
    assert_eq!(a.index().unwrap().map, b.index().unwrap().map);
    assert_eq!(b.fit().map(|f| f.0), Some([8.68, 50.08, 8.71, 50.10]));
    assert!(b.fit_view());
}

fn copy_sample(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_moved_table_is_reported_and_everything_else_opens() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(&dir.path().join("daten"));
    let mut a = AppState::default();
    let paths: Vec<_> = sample_paths()
        .iter()
        .map(|p| dir.path().join("daten").join(p.file_name().unwrap()))
        .collect();
    a.apply(sozialatlas::state::Command::LoadNow(paths.to_vec()));
    let path = dir.path().join("p.sozialatlas");
    let project = a.to_project(&path, None);
    // Stored relative to the project: the folder can move to another laptop.
    assert!(
        project.layers.iter().all(|l| l.path.starts_with("daten/")),
        "{:?}",
        project.layers
    );
    project.save(&path).unwrap();
    std::fs::rename(
        dir.path().join("daten/indikatoren_2022.csv"),
        dir.path().join("alt_2022.csv"),
    )
    .unwrap();
    let project = Project::load(&path).unwrap();
    assert_eq!(
        project.missing_files(&path),
        vec![dir.path().join("daten/indikatoren_2022.csv")]
    );
    let mut b = AppState::default();
    b.apply(sozialatlas::state::Command::OpenProject {
        project: Box::new(project.clone()),
        path: path.clone(),
    });
    let errors: Vec<&str> = b
        .messages()
        .iter()
        .filter(|m| m.kind == MessageKind::Error)
        .map(|m| m.text.de.as_str())
        .collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("Tabelle des Projekts nicht gefunden"),
        "{errors:?}"
    );
    assert_eq!(b.layers().len(), a.layers().len());
    assert!(
        b.layers()
            .iter()
            .any(|l| matches!(l.layer, Layer::Areas(_)) && l.editions.len() == 1)
    );
    assert!(b.thematic().is_some());
}
