//! A window a planner can trust, driven as a person would: quitting with unsaved changes asks
//! first (and Abbrechen keeps everything), one map tool at a time (a pin click never places an
//! office, an office click ends its tool unless Shift is held, Esc and F5 end a tool), F5
//! closes the tool windows and starts at the first view, a missing system file dialog gives a
//! path field instead of silence, exports are suggested in the project's folder under the
//! map's title, a list choice brings its area into view, and the legend folds and moves.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use sozialatlas::analysis::classify::Method;
use sozialatlas::app::{FileDialog, SaveKind, SozialatlasApp};
use sozialatlas::model::Layer;
use sozialatlas::state::{Command, MapTool};

mod common;

use common::{change_map, click, harness, harness_with, wait_until};

fn menu(h: &mut Harness<'static, SozialatlasApp>, top: &str, item: &str) {
    h.get_by_label(top).click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

#[test]
fn quitting_without_changes_quits_at_once() {
    let mut h = harness();
    assert!(!h.state().has_unsaved_changes());
    menu(&mut h, "Datei", "Beenden");
    assert!(h.state().wants_quit());
    assert!(h.query_by_label("Änderungen speichern?").is_none());
}

#[test]
fn quitting_with_changes_asks_and_abbrechen_keeps_the_window_and_the_work() {
    let mut h = harness();
    change_map(&mut h);
    assert!(h.state().has_unsaved_changes());
    // Menu "Beenden".
    menu(&mut h, "Datei", "Beenden");
    assert!(h.query_by_label("Änderungen speichern?").is_some());
    assert!(!h.state().wants_quit());
    h.get_by_label("Abbrechen").click();
    h.run();
    assert!(h.query_by_label("Änderungen speichern?").is_none());
    assert!(!h.state().wants_quit());
    let th = h.state().state.thematic().unwrap();
    assert_eq!(
        (th.settings.method, th.settings.k),
        (Method::FisherJenks, 7)
    );
    // Ctrl+Q asks the same; Esc in the prompt is Abbrechen.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(h.query_by_label("Änderungen speichern?").is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Änderungen speichern?").is_none());
    assert!(!h.state().wants_quit());
    // The window's close button asks too; "Nicht speichern" quits.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.query_by_label("Änderungen speichern?").is_some());
    assert!(!h.state().wants_quit());
    h.get_by_label("Nicht speichern").click();
    h.run();
    assert!(h.state().wants_quit());
}

/// A dialog that saves projects to a fixed path.
struct SaveProjectTo(PathBuf);

impl FileDialog for SaveProjectTo {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }
    fn save(&self, kind: SaveKind, _suggested: &Path) -> Option<PathBuf> {
        (kind == SaveKind::Project).then(|| self.0.clone())
    }
}

#[test]
fn speichern_in_the_prompt_saves_a_new_project_and_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planung.sozialatlas");
    let mut h = harness_with(Vec::new(), false, Box::new(SaveProjectTo(file.clone())));
    h.run();
    change_map(&mut h);
    menu(&mut h, "Datei", "Beenden");
    h.get_by_label("Speichern").click();
    wait_until(&mut h, SozialatlasApp::wants_quit);
    assert!(h.state().wants_quit());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"method\": \"jenks\""));
    assert!(!h.state().has_unsaved_changes());
}

/// Compute the reach analysis from the bottom panel, as a planner does.
fn compute_reach(h: &mut Harness<'static, SozialatlasApp>) {
    menu(h, "Analyse", "Erreichbarkeit…");
    h.get_by_label("Berechnen").click();
    h.run();
    assert!(h.state().state.reach().is_some());
    h.get_by_label("Was wäre wenn").click();
    h.run();
}

fn offices(h: &Harness<'static, SozialatlasApp>) -> usize {
    h.state().state.reach().unwrap().hypothetical.len()
}

/// The screen point of a Sozialraum's label point (inside the city, where offices may go).
fn spot(h: &Harness<'static, SozialatlasApp>, name: &str) -> egui::Pos2 {
    let f = area(h, name);
    let s = &h.state().state;
    let Some(Layer::Areas(l)) = s.layer(f.layer).map(|e| &e.layer) else {
        panic!("areas")
    };
    let p = l.areas[f.feature].label_point();
    h.state().map().screen_pos(p.x(), p.y()).unwrap()
}

#[test]
fn the_pin_tool_never_places_an_office_and_one_tool_replaces_the_other() {
    let mut h = harness();
    compute_reach(&mut h);
    h.get_by_label("Neues Büro setzen").click();
    h.run();
    assert_eq!(h.state().state.tool(), MapTool::PlaceOffice);
    // The tool is named on the map with its way out.
    assert!(h.query_by_label("Büro setzen").is_some());
    // The pin tool replaces it: a click now places a pin, never an office.
    menu(&mut h, "Workshop", "Pins und Notizen");
    h.get_by_label("Pin setzen").click();
    h.run();
    assert_eq!(h.state().state.tool(), MapTool::PlacePin);
    assert!(h.query_by_label("Büro setzen").is_none());
    let at = spot(&h, "Heimatsiedlung");
    click(&mut h, at);
    assert_eq!(offices(&h), 0, "a pin click placed an office");
    assert!(h.query_by_label("Neuer Pin").is_some());
    // Esc first drops the pin being written, then ends the tool.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Neuer Pin").is_none());
    assert_eq!(h.state().state.tool(), MapTool::PlacePin);
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().state.tool(), MapTool::Select);
}

#[test]
fn an_office_click_ends_its_tool_unless_shift_is_held() {
    let mut h = harness();
    compute_reach(&mut h);
    h.get_by_label("Neues Büro setzen").click();
    h.run();
    let at = spot(&h, "Heimatsiedlung");
    click(&mut h, at);
    assert_eq!(offices(&h), 1);
    assert_eq!(h.state().state.tool(), MapTool::Select);
    // The next click selects, but places nothing.
    let at = spot(&h, "Oberrad Nordost");
    click(&mut h, at);
    assert_eq!(offices(&h), 1);
    assert!(h.state().state.selection().is_some());
    // With Shift held the tool stays for the next office.
    h.get_by_label("Neues Büro setzen").click();
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    let at = spot(&h, "Bornheim Süd");
    click(&mut h, at);
    assert_eq!(offices(&h), 2);
    assert_eq!(h.state().state.tool(), MapTool::PlaceOffice);
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run();
    // F5 ends it too.
    h.key_press(Key::F5);
    h.run();
    assert_eq!(h.state().state.tool(), MapTool::Select);
}

#[test]
fn f5_closes_the_views_window_and_starts_at_the_first_view() {
    let mut h = harness();
    menu(&mut h, "Workshop", "Ansichten");
    // Two views: the last saved is the active one, so F5 has to go back to the first.
    for _ in 0..2 {
        h.get_by_label("Aktuelle Ansicht speichern").click();
        h.run();
    }
    assert!(h.query_by_label("Aktuelle Ansicht speichern").is_some());
    assert_eq!(h.state().state.active_view(), Some(1));
    h.key_press(Key::F5);
    for _ in 0..60 {
        h.step();
    }
    assert!(h.state().presenting());
    assert!(h.query_by_label("Aktuelle Ansicht speichern").is_none());
    assert_eq!(h.state().state.active_view(), Some(0));
    // The legend at the presentation scale does not cover the data: the city sits in the
    // part of the map it leaves free.
    let header = h.get_by_label("Legende").rect();
    let map = h.state().map();
    let legend = *map
        .obstacles
        .iter()
        .find(|r| r.contains(header.center()))
        .expect("the legend card");
    let all = h.state().state.all_bbox().unwrap();
    let west = map.screen_pos(all[0], (all[1] + all[3]) / 2.0).unwrap();
    assert!(
        west.x >= legend.right() - 1.0,
        "{west:?} under the legend {legend:?}"
    );
    // … and wholly on the map at the presentation scale.
    let rect = map.rect().unwrap();
    for (lon, lat) in [
        (all[0], all[1]),
        (all[2], all[3]),
        (all[0], all[3]),
        (all[2], all[1]),
    ] {
        let p = map.screen_pos(lon, lat).unwrap();
        assert!(rect.expand(1.0).contains(p), "{p:?} outside {rect:?}");
    }
}

/// No system dialog can be shown here; the suggested paths are recorded.
struct NoSystemDialog(Arc<Mutex<Vec<PathBuf>>>);

impl FileDialog for NoSystemDialog {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }
    fn save(&self, kind: SaveKind, suggested: &Path) -> Option<PathBuf> {
        if kind == SaveKind::Project {
            self.0.lock().unwrap().push(suggested.to_path_buf());
        }
        None
    }
    fn available(&self) -> bool {
        false
    }
}

#[test]
fn without_a_system_dialog_the_window_asks_for_the_path_itself() {
    let dir = tempfile::tempdir().unwrap();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let mut h = harness_with(Vec::new(), false, Box::new(NoSystemDialog(asked.clone())));
    h.run();
    menu(&mut h, "Datei", "Projekt speichern unter…");
    wait_until(&mut h, |_| !asked.lock().unwrap().is_empty());
    h.run();
    assert!(
        h.query_all_by_label_contains("kann nicht angezeigt werden")
            .next()
            .is_some(),
        "a clear German message"
    );
    let field = h.get_by_role_and_label(Role::TextInput, "Pfad");
    // Suggested: a folder that is not the working directory, and the default name.
    let suggested = asked.lock().unwrap()[0].clone();
    assert!(suggested.ends_with("planung.sozialatlas"));
    assert!(suggested.is_absolute(), "{suggested:?}");
    field.click();
    h.run();
    let target = dir.path().join("mein projekt.sozialatlas");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Pfad")
        .type_text(&target.display().to_string());
    h.run();
    h.get_by_label("Speichern").click();
    h.run();
    assert!(target.exists(), "saved to the typed path");
    assert_eq!(h.state().project_path.as_deref(), Some(target.as_path()));
    assert!(h.query_by_label("Pfad").is_none(), "the field closed");
}

/// A dialog that records the suggested export path (and cancels).
struct RecordExport(Arc<Mutex<Vec<PathBuf>>>, PathBuf);

impl FileDialog for RecordExport {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }
    fn save(&self, kind: SaveKind, suggested: &Path) -> Option<PathBuf> {
        match kind {
            SaveKind::Export => {
                self.0.lock().unwrap().push(suggested.to_path_buf());
                None
            }
            SaveKind::Project => Some(self.1.clone()),
            _ => None,
        }
    }
}

#[test]
fn the_export_is_suggested_in_the_project_folder_under_the_map_title() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sachsenhausen.sozialatlas");
    let asked = Arc::new(Mutex::new(Vec::new()));
    let mut h = harness_with(
        Vec::new(),
        false,
        Box::new(RecordExport(asked.clone(), project.clone())),
    );
    h.run();
    menu(&mut h, "Datei", "Projekt speichern unter…");
    wait_until(&mut h, |app| app.project_path.is_some());
    menu(&mut h, "Datei", "Exportieren…");
    h.get_by_label("Speichern…").click();
    wait_until(&mut h, |_| !asked.lock().unwrap().is_empty());
    let suggested = asked.lock().unwrap()[0].clone();
    assert_eq!(suggested, dir.path().join("SGB-II-Quote 2024.pdf"));
}

#[test]
fn a_title_typed_for_one_map_gives_way_to_the_next_maps_title() {
    let mut h = harness();
    menu(&mut h, "Datei", "Exportieren…");
    let title = |h: &Harness<'static, SozialatlasApp>| {
        h.state().state.default_export_title(h.state().state.lang())
    };
    assert_eq!(title(&h), "SGB-II-Quote 2024");
    h.get_by_role_and_label(Role::TextInput, "Titel").click();
    h.run();
    h.key_press(Key::End);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Titel")
        .type_text(" – Entwurf");
    h.run();
    let field = |h: &Harness<'static, SozialatlasApp>| {
        h.get_by_role_and_label(Role::TextInput, "Titel")
            .value()
            .unwrap_or_default()
    };
    assert_eq!(
        field(&h),
        "SGB-II-Quote 2024 – Entwurf",
        "typed for this map"
    );
    h.run();
    assert_eq!(field(&h), "SGB-II-Quote 2024 – Entwurf", "and it stays");
    // Another indicator: the title follows it.
    let app = h.state_mut();
    let th = app.state.thematic().unwrap();
    let mut s = th.settings.clone();
    s.field = "kinderarmut".to_owned();
    let layer = th.layer;
    app.state.apply(Command::SetThematic(layer, s));
    h.run();
    h.run();
    assert_eq!(field(&h), title(&h));
    assert!(!field(&h).contains("Entwurf"));
}

/// The Sozialraum whose name contains `name`.
fn area(h: &Harness<'static, SozialatlasApp>, name: &str) -> sozialatlas::state::FeatureRef {
    h.state()
        .state
        .layers()
        .iter()
        .find_map(|l| match &l.layer {
            Layer::Areas(a) => (0..a.areas.len())
                .find(|&i| a.feature_title(i).contains(name))
                .map(|feature| sozialatlas::state::FeatureRef {
                    layer: l.id,
                    feature,
                }),
            Layer::Facilities(_) => None,
        })
        .unwrap()
}

/// Whether the area is drawn inside the map, at least a few pixels large.
fn in_view(h: &Harness<'static, SozialatlasApp>, f: sozialatlas::state::FeatureRef) -> bool {
    let b = h.state().state.feature_bbox(f).unwrap();
    let map = h.state().map();
    let rect = map.rect().unwrap();
    let p = map.screen_pos(b[0], b[1]).unwrap();
    let q = map.screen_pos(b[2], b[3]).unwrap();
    rect.contains(p) && rect.contains(q) && (q.x - p.x).abs().max((q.y - p.y).abs()) >= 6.0
}

fn search_and_choose(h: &mut Harness<'static, SozialatlasApp>, typed: &str, name: &str) {
    h.get_by_label("Gebiet suchen").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.get_by_label("Gebiet suchen").type_text(typed);
    h.run();
    // The search hit (a selectable row), not the info panel's title of the same name.
    h.query_all_by_label_contains(name)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .expect("a search hit")
        .click();
    h.run();
}

/// Zoom the map by `factor` around the screen point of a lon/lat position (as a pinch or
/// Ctrl+wheel would).
fn zoom_at(h: &mut Harness<'static, SozialatlasApp>, lon: f64, lat: f64, factor: f32) {
    let p = h.state().map().screen_pos(lon, lat).unwrap();
    h.hover_at(p);
    h.run();
    h.event(egui::Event::Zoom(factor));
    h.run();
    h.run();
}

#[test]
fn an_area_chosen_in_the_search_list_is_brought_into_view() {
    let mut h = harness();
    let north = area(&h, "Nieder-Erlenbach Nord");
    let heimat = area(&h, "Heimatsiedlung");
    assert!(in_view(&h, heimat), "the city is shown at start");
    // Zoomed into the far north, the Heimatsiedlung in the south is off screen …
    let b = h.state().state.feature_bbox(north).unwrap();
    let z0 = h.state().map().zoom();
    zoom_at(&mut h, (b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0, 3.0);
    assert!(
        h.state().map().zoom() > z0 + 1.0,
        "{} {z0}",
        h.state().map().zoom()
    );
    assert!(!in_view(&h, heimat));
    // … and choosing it in the search list brings it into view.
    search_and_choose(&mut h, "Heimat", "Heimatsiedlung");
    assert_eq!(h.state().state.selection(), Some(heimat));
    assert!(in_view(&h, heimat));
    // An area already in view does not move the map.
    let before = h.state().map().visible_bbox();
    search_and_choose(&mut h, "Heimat", "Heimatsiedlung");
    assert_eq!(h.state().map().visible_bbox(), before);
    // Zoomed far out, where it is a few pixels small, choosing it zooms in.
    let b = h.state().state.feature_bbox(heimat).unwrap();
    for _ in 0..4 {
        zoom_at(&mut h, b[0], b[1], 0.05);
    }
    assert!(!in_view(&h, heimat));
    search_and_choose(&mut h, "Heimat", "Heimatsiedlung");
    assert!(in_view(&h, heimat));
}

#[test]
fn the_legend_folds_to_its_header_and_can_be_moved() {
    let mut h = harness();
    let rows = |h: &Harness<'static, SozialatlasApp>| {
        h.query_all_by_label_contains("> 9,1 – 13,0 %").count()
    };
    assert!(rows(&h) >= 1);
    let before = h.get_by_label("Legende").rect();
    h.get_by_label("Legende einklappen").click();
    h.run();
    h.run();
    assert_eq!(rows(&h), 0);
    assert!(h.query_by_label("Legende ausklappen").is_some());
    // Folded, it is a header in the same corner.
    let folded = h.get_by_label("Legende").rect();
    assert!((folded.left() - before.left()).abs() < 1.0);
    // Dragged by its header it moves; it never leaves the map.
    let from = folded.center();
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(from + egui::vec2(200.0, -150.0));
    h.run();
    h.drop_at(from + egui::vec2(200.0, -150.0));
    h.run();
    h.run();
    let moved = h.get_by_label("Legende").rect();
    assert!(
        moved.left() > folded.left() + 100.0,
        "{moved:?} vs {folded:?}"
    );
    h.get_by_label("Legende ausklappen").click();
    h.run();
    h.run();
    assert!(rows(&h) >= 1);
}

#[test]
fn windows_are_drawn_above_the_legend_and_the_source_box() {
    let mut h = harness();
    let map = h.state().map();
    let legend = map.obstacles[0];
    // The cards belong to the map: the background order, below every window.
    let in_legend = legend.center();
    assert_eq!(
        h.ctx.layer_id_at(in_legend).map(|l| l.order),
        Some(egui::Order::Background)
    );
    menu(&mut h, "Workshop", "Ansichten");
    // Drag the window by its title bar onto the legend, as a person would.
    let window = h.get_by_label("Ansichten").rect();
    let title = egui::pos2(window.center().x, window.top() + 10.0);
    h.hover_at(title);
    h.run();
    h.drag_at(title);
    h.run();
    for i in 1..=10 {
        let f = i as f32 / 10.0;
        h.hover_at(title + (in_legend - title) * f);
        h.run();
    }
    h.drop_at(in_legend);
    h.run();
    let button = h.get_by_label("Aktuelle Ansicht speichern").rect();
    let p = button.center();
    assert!(
        legend.contains(p),
        "the window's button {button:?} lies on the legend {legend:?}"
    );
    let top = h.ctx.layer_id_at(p).expect("a layer");
    assert_ne!(
        top.order,
        egui::Order::Background,
        "the legend covers the window"
    );
    // A click there reaches the window, not the legend.
    h.get_by_label("Aktuelle Ansicht speichern").click();
    h.run();
    assert_eq!(h.state().state.workshop().views.len(), 1);
}
