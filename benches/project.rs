//! Speed of project files against the target: opening the sample's project — reading the
//! `.sozialatlas` file, loading the five layers and two tables, joining, the class map, the
//! needs index, the reach analysis with a hypothetical office, 10 saved views, 60 pins and
//! 20 notes — under 200 ms. Also measured: writing the project (what autosave does).
//!
//! Run with `cargo bench --bench project`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sozialatlas::analysis::index::IndexSettings;
use sozialatlas::analysis::reach::ReachSettings;
use sozialatlas::model::Layer;
use sozialatlas::project::Project;
use sozialatlas::state::{
    AppState, Command, FeatureRef, IndexCommand, IndexMap, IndexRequest, ReachCommand,
    WorkshopCommand, sample_paths,
};
use sozialatlas::workshop::{NoteSource, PinCategory};

/// The sample copied into `dir/daten` and a full project beside it.
fn prepare(dir: &Path) -> PathBuf {
    let data = dir.join("daten");
    std::fs::create_dir_all(&data).unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let paths: Vec<PathBuf> = sample_paths()
        .iter()
        .map(|p| data.join(p.file_name().unwrap()))
        .collect();
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(paths.to_vec()));
    let areas = s.thematic().unwrap().layer;
    let mut settings =
        IndexSettings::with_indicators(&["arbeitslosenquote", "sgb2_quote", "kinderarmut"]);
    settings.population_field = Some("einwohner".to_owned());
    s.apply(Command::Index(IndexCommand::Compute(IndexRequest {
        layer: areas,
        edition: Some(1),
        comparison: Some(0),
        settings,
    })));
    s.apply(Command::Index(IndexCommand::ShowOnMap(Some(
        IndexMap::Gesamt,
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
        settings: ReachSettings::default(),
    }));
    s.apply(Command::Reach(ReachCommand::AddHypothetical {
        lon: 8.6905,
        lat: 50.0953,
    }));
    let n_areas = match &s.layer(areas).unwrap().layer {
        Layer::Areas(l) => l.areas.len(),
        Layer::Facilities(_) => 0,
    };
    for i in 0..10 {
        s.apply(Command::Select(Some(FeatureRef {
            layer: areas,
            feature: i * 7 % n_areas,
        })));
        s.apply(Command::Workshop(WorkshopCommand::SaveView {
            bbox: [8.6, 50.05, 8.75, 50.15],
            title: format!("Ansicht {i}"),
        }));
    }
    for i in 0..60 {
        s.apply(Command::Workshop(WorkshopCommand::AddPin {
            lon: 8.6 + 0.003 * f64::from(i),
            lat: 50.1,
            category: PinCategory::ALL[i as usize % 4],
            comment: format!("Beitrag {i} aus dem Workshop"),
        }));
    }
    for i in 0..20 {
        s.apply(Command::Workshop(WorkshopCommand::AddNote {
            area: FeatureRef {
                layer: areas,
                feature: i % n_areas,
            },
            text: format!("Notiz {i}: Rückmeldung aus dem Sozialrathaus"),
            source: NoteSource::Sozialrathaus,
            date: "2026-11-21".to_owned(),
        }));
    }
    let path = dir.join("planung.sozialatlas");
    s.to_project(&path, None).save(&path).unwrap();
    path
}

fn bench_project(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = prepare(dir.path());
    let mut group = c.benchmark_group("project");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("open the sample's project (target < 200 ms)", |b| {
        b.iter(|| {
            let p = Project::load(&path).unwrap();
            let mut s = AppState::default();
            s.apply(sozialatlas::state::Command::OpenProject {
                project: Box::new(p.clone()),
                path: path.clone(),
            });
            assert_eq!(s.workshop().pins.len(), 60);
            black_box(s)
        })
    });
    let p = Project::load(&path).unwrap();
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::OpenProject {
        project: Box::new(p.clone()),
        path: path.clone(),
    });
    let out = dir.path().join("kopie.sozialatlas");
    group.bench_function("save the project (autosave)", |b| {
        b.iter(|| {
            s.to_project(&out, None).save(&out).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, bench_project);
criterion_main!(benches);
