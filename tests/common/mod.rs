//! Shared helpers of the window tests: the app in a kittest harness on the sample, fake file
//! dialogs, stepping until background work is done, and a mouse click at a point.

#![allow(dead_code)] // each test crate uses some of the helpers
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod language;

use std::path::PathBuf;

use egui_kittest::Harness;
use sozialatlas::app::{AppConfig, FileDialog, SozialatlasApp};

pub struct NoDialog;

impl FileDialog for NoDialog {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// A dialog that "picks" fixed files, as a person would in the native dialog.
pub struct PickDialog(pub Vec<PathBuf>);

impl FileDialog for PickDialog {
    fn pick_files(&self) -> Vec<PathBuf> {
        self.0.clone()
    }
}

/// The window at a laptop size, without basemap tiles (tests never touch the network).
pub fn harness_with(
    paths: Vec<PathBuf>,
    background_loading: bool,
    dialog: Box<dyn FileDialog>,
) -> Harness<'static, SozialatlasApp> {
    harness_with_source(paths, background_loading, dialog, None)
}

/// The window with a basemap source (tests use tile servers on 127.0.0.1 only).
pub fn harness_with_source(
    paths: Vec<PathBuf>,
    background_loading: bool,
    dialog: Box<dyn FileDialog>,
    source: Option<sozialatlas::tiles::Source>,
) -> Harness<'static, SozialatlasApp> {
    let config = AppConfig {
        tiles: source.is_some(),
        paths,
        background_loading,
        source,
        recovery_dir: None,
        settings: None,
    };
    let app = SozialatlasApp::new(&egui::Context::default(), config, dialog);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut SozialatlasApp| app.show(ui), app)
}

/// The sample, loaded before the first frame.
pub fn harness() -> Harness<'static, SozialatlasApp> {
    let mut h = harness_with(Vec::new(), false, Box::new(NoDialog));
    h.run();
    h
}

/// Step frames (background threads run meanwhile) until `done` holds, at most ~3 s.
pub fn wait_until(
    h: &mut Harness<'static, SozialatlasApp>,
    done: impl Fn(&SozialatlasApp) -> bool,
) {
    for _ in 0..300 {
        h.step();
        if done(h.state()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
}

pub fn click(h: &mut Harness<'static, SozialatlasApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

/// Work that is not saved yet: the class map switched to Fisher-Jenks, 7 classes.
pub fn change_map(h: &mut Harness<'static, SozialatlasApp>) {
    let app = h.state_mut();
    let th = app.state.thematic().unwrap();
    let mut s = th.settings.clone();
    s.method = sozialatlas::analysis::classify::Method::FisherJenks;
    s.k = 7;
    let layer = th.layer;
    app.state
        .apply(sozialatlas::state::Command::SetThematic(layer, s));
    h.run();
}
