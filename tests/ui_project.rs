//! Projects in the window: saved from the menu and opened again from it; a corrupt project
//! gives a German message and the open work stays; after a simulated crash the next start
//! offers the autosaved work and restores it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sozialatlas::analysis::classify::Method;
use sozialatlas::app::{AppConfig, FileDialog, SaveKind, SozialatlasApp};
use sozialatlas::state::Command;

mod common;

use common::{change_map, harness_with, wait_until};

struct Files {
    open: PathBuf,
    save: PathBuf,
}

impl FileDialog for Files {
    fn pick_files(&self) -> Vec<PathBuf> {
        vec![self.open.clone()]
    }

    fn save(&self, kind: SaveKind, _suggested: &std::path::Path) -> Option<PathBuf> {
        (kind == SaveKind::Project).then(|| self.save.clone())
    }
}

fn method(h: &Harness<'static, SozialatlasApp>) -> (Method, usize) {
    let s = &h.state().state.thematic().unwrap().settings;
    (s.method, s.k)
}

#[test]
fn a_project_saved_from_the_menu_opens_again_with_its_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planung.sozialatlas");
    let files = Files {
        open: path.clone(),
        save: path.clone(),
    };
    let mut h = harness_with(Vec::new(), false, Box::new(files));
    h.run();
    change_map(&mut h);
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Projekt speichern unter…").click();
    wait_until(&mut h, |_| path.exists());
    assert_eq!(h.state().project_path.as_deref(), Some(path.as_path()));
    // A fresh window opens it through the menu.
    let files = Files {
        open: path.clone(),
        save: path.clone(),
    };
    let mut h2 = harness_with(Vec::new(), false, Box::new(files));
    h2.run();
    assert_eq!(method(&h2).0, Method::Quantile);
    h2.get_by_label("Datei").click();
    h2.run();
    h2.get_by_label("Projekt öffnen…").click();
    wait_until(&mut h2, |app| app.project_path.is_some());
    assert_eq!(method(&h2), (Method::FisherJenks, 7));
    assert!(
        h2.query_all_by_label_contains("Projekt geöffnet")
            .next()
            .is_some()
    );
}

#[test]
fn a_corrupt_project_is_refused_in_german_and_the_open_work_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaputt.sozialatlas");
    std::fs::write(
        &path,
        "{\"format\": \"sozialatlas-projekt\", \"version\": 1, \"layers\": [",
    )
    .unwrap();
    let files = Files {
        open: path.clone(),
        save: path.clone(),
    };
    let mut h = harness_with(Vec::new(), false, Box::new(files));
    h.run();
    change_map(&mut h);
    let layers = h.state().state.layers().len();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Projekt öffnen…").click();
    wait_until(&mut h, |app| {
        app.state
            .messages()
            .iter()
            .any(|m| m.text.de.contains("Keine gültige Projektdatei"))
    });
    assert_eq!(h.state().state.layers().len(), layers);
    assert_eq!(method(&h), (Method::FisherJenks, 7));
    assert!(h.state().project_path.is_none());
}

fn window_with_recovery(recovery: PathBuf) -> Harness<'static, SozialatlasApp> {
    let config = AppConfig {
        tiles: false,
        paths: Vec::new(),
        background_loading: false,
        source: None,
        recovery_dir: Some(recovery),
        settings: None,
    };
    let app = SozialatlasApp::new(
        &egui::Context::default(),
        config,
        Box::new(common::NoDialog),
    );
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut SozialatlasApp| app.show(ui), app)
}

/// The recovery files in a folder (one per window that autosaved).
fn recovery_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "sozialatlas"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Step the window until its recovery file holds `needle` (autosave writes a moment after
/// the last change while the window keeps drawing frames).
fn wait_for_autosave(
    h: &mut Harness<'static, SozialatlasApp>,
    dir: &std::path::Path,
    needle: &str,
) {
    for _ in 0..400 {
        h.step();
        if recovery_files(dir)
            .iter()
            .any(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains(needle)))
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("autosave did not write {needle}");
}

#[test]
fn after_a_crash_the_next_start_offers_the_autosaved_work() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("wiederherstellung");
    {
        let mut h = window_with_recovery(recovery.clone());
        h.run();
        change_map(&mut h);
        wait_for_autosave(&mut h, &recovery, "\"method\": \"jenks\"");
        let files = recovery_files(&recovery);
        assert_eq!(files.len(), 1);
        assert!(
            std::fs::read_to_string(&files[0])
                .unwrap()
                .contains("\"classes\": 7")
        );
        // The "crash": the window goes away without a clean exit.
    }
    let mut h = window_with_recovery(recovery.clone());
    h.run();
    assert_eq!(method(&h).0, Method::Quantile);
    h.get_by_label("Wiederherstellen?");
    h.get_by_label("Wiederherstellen").click();
    h.run();
    assert_eq!(method(&h), (Method::FisherJenks, 7));
    assert!(h.query_by_label("Wiederherstellen?").is_none());
    // Restored work is unsaved work: quitting asks.
    assert!(h.state().has_unsaved_changes());
}

#[test]
fn two_windows_keep_separate_recovery_files_and_a_crash_offers_exactly_its_work() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("wiederherstellung");
    let mut first = window_with_recovery(recovery.clone());
    first.run();
    change_map(&mut first);
    wait_for_autosave(&mut first, &recovery, "\"method\": \"jenks\"");
    {
        // A second window while the first runs: it offers nothing of the live window's work
        // and writes its own file.
        let mut second = window_with_recovery(recovery.clone());
        second.run();
        assert!(second.query_by_label("Wiederherstellen?").is_none());
        let app = second.state_mut();
        let mut s = app.state.thematic().unwrap().settings.clone();
        s.method = Method::EqualInterval;
        let layer = app.state.thematic().unwrap().layer;
        app.state.apply(Command::SetThematic(layer, s));
        wait_for_autosave(&mut second, &recovery, "\"method\": \"equal\"");
        assert_eq!(recovery_files(&recovery).len(), 2);
        // The second window crashes.
    }
    // The first window's file is untouched by all of this.
    assert!(recovery_files(&recovery).iter().any(|f| {
        std::fs::read_to_string(f)
            .unwrap()
            .contains("\"method\": \"jenks\"")
    }));
    // The next start offers exactly the crashed window's work, not the live one's.
    let mut third = window_with_recovery(recovery.clone());
    third.run();
    third.get_by_label("Wiederherstellen").click();
    third.run();
    assert_eq!(method(&third).0, Method::EqualInterval);
    assert!(third.query_by_label("Wiederherstellen?").is_none());
    // The live first window still has its file.
    assert!(recovery_files(&recovery).iter().any(|f| {
        std::fs::read_to_string(f)
            .unwrap()
            .contains("\"method\": \"jenks\"")
    }));
    drop(first);
}

/// A dialog that answers each "open" with the next paths of a list.
struct Queue(std::sync::Mutex<Vec<Vec<PathBuf>>>);

impl FileDialog for Queue {
    fn pick_files(&self) -> Vec<PathBuf> {
        let mut q = self.0.lock().unwrap();
        if q.is_empty() {
            Vec::new()
        } else {
            q.remove(0)
        }
    }
}

#[test]
fn a_project_whose_table_moved_asks_for_it_and_then_opens_complete() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("daten");
    std::fs::create_dir_all(&data).unwrap();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let paths: Vec<PathBuf> = sozialatlas::state::sample_paths()
        .iter()
        .map(|p| data.join(p.file_name().unwrap()))
        .collect();
    let mut s = sozialatlas::state::AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(paths.to_vec()));
    let project = dir.path().join("p.sozialatlas");
    s.to_project(&project, None).save(&project).unwrap();
    let moved = dir.path().join("archiv_2022.csv");
    std::fs::rename(data.join("indikatoren_2022.csv"), &moved).unwrap();

    let dialog = Queue(std::sync::Mutex::new(vec![
        vec![project.clone()],
        vec![moved.clone()],
    ]));
    let mut h = harness_with(Vec::new(), false, Box::new(dialog));
    h.run();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Projekt öffnen…").click();
    wait_until(&mut h, |_| false);
    // Nothing opened yet: the window asks for the moved table.
    h.get_by_label("Dateien des Projekts fehlen");
    assert!(h.query_by_label("indikatoren_2022.csv").is_some());
    assert!(h.state().project_path.is_none());
    h.get_by_label("Suchen…").click();
    wait_until(&mut h, |app| app.project_path.is_some());
    assert_eq!(h.state().project_path.as_deref(), Some(project.as_path()));
    assert!(h.query_by_label("Dateien des Projekts fehlen").is_none());
    let editions: Vec<PathBuf> = h
        .state()
        .state
        .layers()
        .iter()
        .flat_map(|l| l.editions.iter().map(|e| e.path.clone()))
        .collect();
    assert!(editions.contains(&moved), "{editions:?}");
    assert!(
        h.state()
            .state
            .messages()
            .iter()
            .all(|m| m.kind != sozialatlas::state::MessageKind::Error)
    );
}

#[test]
fn a_recovery_folder_that_cannot_be_made_is_said_not_silently_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder should be.
    let blocked = dir.path().join("wiederherstellung");
    std::fs::write(&blocked, "kein Ordner").unwrap();
    let mut h = window_with_recovery(blocked);
    h.run();
    assert!(
        h.state()
            .state
            .messages()
            .iter()
            .any(|m| m.kind == sozialatlas::state::MessageKind::Error
                && m.text.de.contains("Automatische Sicherung nicht möglich")),
        "{:?}",
        h.state().state.messages()
    );
}
