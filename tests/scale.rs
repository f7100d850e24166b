//! Large layers in the application state: a grid of 20,000 cells loads on the worker thread
//! with its progress visible, the state stays usable while it loads, and a cancelled load
//! leaves the open work exactly as it was. No timing here (the figures are in
//! `benches/scale.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::PathBuf;

use sozialatlas::io::LoadStage;
use sozialatlas::io::synthetic::{Grid, write_grid};
use sozialatlas::model::Layer;
use sozialatlas::state::{AppState, Command, MessageKind, sample_paths};

fn grid(dir: &std::path::Path, cells: usize) -> PathBuf {
    let path = dir.join("raster.geojson");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let grid = Grid {
        cell: 100.0,
        count: Some(cells),
        clip: None,
    };
    assert_eq!(write_grid(&grid, &mut out).unwrap(), cells);
    path
}

fn sample() -> AppState {
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(
        sample_paths().to_vec(),
    ));
    assert!(s.layers().len() >= 5);
    s
}

#[test]
fn a_large_grid_loads_in_the_background_and_reports_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = grid(dir.path(), 20_000);
    let mut s = sample();
    let layers_before = s.layers().len();
    s.apply(Command::OpenPaths(vec![path]));
    assert!(s.loading().is_some(), "loading runs on a worker");
    // While it loads, the state answers: the sample is there and can be changed.
    let first = s.layers()[0].id;
    s.apply(Command::SetVisible(first, false));
    assert!(!s.layers()[0].visible);
    let mut stages = Vec::new();
    while s.loading().is_some() {
        if let Some(p) = s.loading_progress() {
            if let Some(f) = p.fraction() {
                assert!((0.0..=1.0).contains(&f));
            }
            if stages.last() != Some(&p.stage) {
                stages.push(p.stage);
            }
        }
        s.apply(sozialatlas::state::Command::PollLoading);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(!stages.is_empty(), "progress was readable");
    // The stages only move forward.
    let rank = |st: &LoadStage| match st {
        LoadStage::Reading => 0,
        LoadStage::Converting => 1,
        LoadStage::Indexing => 2,
    };
    assert!(
        stages.windows(2).all(|w| rank(&w[0]) < rank(&w[1])),
        "{stages:?}"
    );
    assert_eq!(s.layers().len(), layers_before + 1);
    let added = s
        .layers()
        .iter()
        .find(|l| l.layer.name() == "raster")
        .expect("grid layer");
    let Layer::Areas(areas) = &added.layer else {
        panic!("areas")
    };
    assert_eq!(areas.areas.len(), 20_000);
    assert_eq!(areas.index.len(), 20_000);
    assert!(areas.fictitious, "the grid says fiktive Beispieldaten");
}

#[test]
fn cancelling_frees_the_window_at_once_and_keeps_the_open_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = grid(dir.path(), 20_000);
    let mut s = sample();
    let names: Vec<String> = s
        .layers()
        .iter()
        .map(|l| l.layer.name().to_owned())
        .collect();
    let thematic_before = s.thematic().map(|t| t.settings.clone());
    s.apply(Command::OpenPaths(vec![path]));
    assert!(s.loading().is_some());
    s.apply(Command::CancelLoading);
    // No waiting for the worker: the load is gone from the state immediately.
    assert!(s.loading().is_none());
    assert!(s.loading_progress().is_none());
    let last = s.messages().last().expect("a message");
    assert_eq!(last.kind, MessageKind::Info);
    assert!(last.text.de.starts_with("Laden abgebrochen"), "{last:?}");
    // Whatever the worker still finishes is never added.
    for _ in 0..200 {
        s.apply(sozialatlas::state::Command::PollLoading);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let after: Vec<String> = s
        .layers()
        .iter()
        .map(|l| l.layer.name().to_owned())
        .collect();
    assert_eq!(after, names);
    assert_eq!(s.thematic().map(|t| t.settings.clone()), thematic_before);
}
