//! The workshop in the window, driven as a presenter would: F5 into presentation mode (panels
//! hidden, UI scaled, high contrast, Esc leaves), saved views stepped with Page Down/Page Up and
//! the arrow keys with a smooth move, a pin placed by click with category and comment and
//! exported, and a note written for a Sozialraum in the info panel.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::PathBuf;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sozialatlas::app::{FileDialog, SaveKind, SozialatlasApp};
use sozialatlas::model::Layer;
use sozialatlas::state::{Command, FeatureRef, MapTool};
use sozialatlas::workshop::{NoteSource, PinCategory};

mod common;

use common::{click, harness, harness_with, wait_until};

struct SaveTo(PathBuf);

impl FileDialog for SaveTo {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }
    fn save(&self, kind: SaveKind, _suggested: &std::path::Path) -> Option<PathBuf> {
        match kind {
            SaveKind::Geojson => Some(self.0.clone()),
            SaveKind::Csv => Some(self.0.with_extension("csv")),
            _ => None,
        }
    }
}

fn zoom(h: &Harness<'static, SozialatlasApp>) -> f32 {
    h.ctx.zoom_factor()
}

/// The Sozialraum layer and the index of the area called `name`.
fn area(h: &Harness<'static, SozialatlasApp>, name: &str) -> FeatureRef {
    let s = &h.state().state;
    for l in s.layers() {
        if let Layer::Areas(a) = &l.layer {
            for i in 0..a.areas.len() {
                if a.feature_title(i).contains(name) {
                    return FeatureRef {
                        layer: l.id,
                        feature: i,
                    };
                }
            }
        }
    }
    panic!("no area {name}");
}

#[test]
fn f5_presents_full_screen_scaled_and_esc_leaves() {
    let mut h = harness();
    assert!(h.query_by_label("Ebenen").is_some());
    h.key_press(Key::F5);
    settle(&mut h);
    assert!(h.state().presenting());
    assert_eq!(zoom(&h), 1.5);
    // Panels are hidden; the legend, the title and the presenter's toolbar are shown.
    assert!(h.query_by_label("Ebenen").is_none());
    assert!(h.query_by_label("Datei").is_none());
    assert!(h.query_all_by_label_contains("SGB-II-Quote").count() >= 2);
    assert!(h.query_by_label("Beenden (Esc)").is_some());
    assert!(
        h.query_all_by_label_contains("fiktive Beispieldaten")
            .count()
            >= 1
    );
    // Larger, up to 2.5×, never beyond.
    for _ in 0..8 {
        if let Some(b) = h.query_by_label("Größer") {
            b.click();
            h.run();
        }
    }
    assert_eq!(zoom(&h), 2.5);
    h.get_by_label("Hoher Kontrast").click();
    h.run();
    assert!(h.state().present_settings().high_contrast);
    assert_eq!(
        h.ctx
            .style_of(egui::Theme::Light)
            .visuals
            .override_text_color,
        Some(egui::Color32::BLACK)
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().presenting());
    assert_eq!(zoom(&h), 1.0);
    assert_eq!(
        h.ctx
            .style_of(egui::Theme::Light)
            .visuals
            .override_text_color,
        None
    );
    assert!(h.query_by_label("Ebenen").is_some());
    // The settings are remembered for the next presentation; F5 also leaves.
    h.key_press(Key::F5);
    settle(&mut h);
    assert_eq!(zoom(&h), 2.5);
    h.key_press(Key::F5);
    h.run();
    assert!(!h.state().presenting());
}

/// Save the map as it is now through Workshop → Ansichten.
fn save_view(h: &mut Harness<'static, SozialatlasApp>) {
    if h.query_by_label("Aktuelle Ansicht speichern").is_none() {
        h.get_by_label("Workshop").click();
        h.run();
        h.get_by_label("Ansichten").click();
        h.run();
    }
    h.get_by_label("Aktuelle Ansicht speichern").click();
    h.run();
}

fn field(h: &Harness<'static, SozialatlasApp>) -> String {
    h.state()
        .state
        .thematic()
        .as_ref()
        .map(|t| t.settings.field.clone())
        .unwrap_or_default()
}

/// Step frames until the map's smooth move has ended.
fn settle(h: &mut Harness<'static, SozialatlasApp>) {
    for _ in 0..200 {
        h.step();
        if !h.state().map().moving() {
            break;
        }
    }
    h.run();
}

#[test]
fn saved_views_are_stepped_with_page_keys_and_arrows_with_a_smooth_move() {
    let mut h = harness();
    // View 1: the whole city with the SGB-II-Quote.
    save_view(&mut h);
    let first_field = field(&h);
    // View 2: the Heimatsiedlung selected and zoomed, another indicator.
    let heimat = area(&h, "Heimatsiedlung");
    {
        let app = h.state_mut();
        let th = app.state.thematic().unwrap();
        let mut s = th.settings.clone();
        s.field = "kinderarmut".to_owned();
        let layer = th.layer;
        app.state.apply(Command::SetThematic(layer, s));
        app.state.apply(Command::Select(Some(heimat)));
        app.state.apply(Command::ZoomToSelection);
    }
    h.run();
    save_view(&mut h);
    let views = h.state().state.workshop().views.clone();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0].title, "SGB-II-Quote 2024");
    assert_eq!(views[1].thematic.as_ref().unwrap().field, "kinderarmut");
    assert!(views[1].selection.is_some());
    // A caption typed in the window is kept.
    h.query_all_by_role_and_label(Role::TextInput, "Bildunterschrift")
        .last()
        .unwrap()
        .focus();
    h.run();
    h.query_all_by_role_and_label(Role::TextInput, "Bildunterschrift")
        .last()
        .unwrap()
        .type_text("Heimatsiedlung, Sachsenhausen");
    h.run();
    assert_eq!(
        h.state().state.workshop().views[1].caption,
        "Heimatsiedlung, Sachsenhausen"
    );

    h.key_press(Key::F5);
    settle(&mut h);
    h.key_press(Key::PageUp);
    settle(&mut h);
    assert_eq!(h.state().state.active_view(), Some(0));
    assert_eq!(field(&h), first_field);
    assert!(h.state().state.selection().is_none());
    h.key_press(Key::PageDown);
    // The move is smooth: a few frames in, the map is between the two views.
    h.step();
    h.step();
    assert!(h.state().map().moving());
    settle(&mut h);
    assert_eq!(h.state().state.active_view(), Some(1));
    assert_eq!(field(&h), "kinderarmut");
    assert_eq!(h.state().state.selection(), Some(heimat));
    // At its end the map shows the whole saved extent, next to the legend, without zooming
    // out further than needed.
    let shown = h.state().map().visible_bbox().unwrap();
    let v = views[1].bbox;
    let eps = 1e-6;
    assert!(
        shown[0] <= v[0] + eps
            && shown[1] <= v[1] + eps
            && shown[2] >= v[2] - eps
            && shown[3] >= v[3] - eps,
        "{shown:?} does not contain {v:?}"
    );
    assert!(
        (shown[3] - shown[1]) / (v[3] - v[1]) < 1.6,
        "{shown:?} vs {v:?}"
    );
    assert!(h.query_by_label("Heimatsiedlung, Sachsenhausen").is_some());
    // Past the last view the end is shown ("Ende"); back from there is the last view again,
    // and the arrows step back and forth.
    assert!(h.query_by_label("Ende").is_none());
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert_eq!(h.state().state.active_view(), Some(1));
    assert!(h.query_all_by_label("Ende").count() >= 1);
    h.key_press(Key::ArrowLeft);
    settle(&mut h);
    assert_eq!(h.state().state.active_view(), Some(1));
    assert!(h.query_by_label("Ende").is_none());
    h.key_press(Key::ArrowLeft);
    settle(&mut h);
    assert_eq!(h.state().state.active_view(), Some(0));
    h.key_press(Key::ArrowDown);
    settle(&mut h);
    assert_eq!(h.state().state.active_view(), Some(1));
    // Reordering puts the Heimatsiedlung first.
    h.key_press(Key::Escape);
    h.run();
    let app = h.state_mut();
    app.state.apply(Command::Workshop(
        sozialatlas::state::WorkshopCommand::MoveView { view: 1, delta: -1 },
    ));
    assert_eq!(
        app.state.workshop().views[0].caption,
        "Heimatsiedlung, Sachsenhausen"
    );
    assert_eq!(app.state.active_view(), Some(0));
}

#[test]
fn a_pin_is_placed_by_click_with_category_and_comment_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pins.geojson");
    let mut h = harness_with(Vec::new(), false, Box::new(SaveTo(out.clone())));
    h.run();
    h.key_press(Key::F5);
    h.run();
    h.get_by_label("Pin setzen").click();
    h.run();
    let rect = h.state().map().rect().unwrap();
    let at = rect.center() + egui::vec2(-60.0, 40.0);
    click(&mut h, at);
    // The click did not select an area: it opened the pin editor.
    assert!(h.state().state.selection().is_none());
    assert!(h.query_by_label("Neuer Pin").is_some());
    h.get_by_label("Idee").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Kommentar")
        .type_text("Bänke und Schatten am Spielplatz");
    h.run();
    h.get_by_label("Speichern").click();
    h.run();
    let pins = h.state().state.workshop().pins.clone();
    assert_eq!(pins.len(), 1);
    assert_eq!(pins[0].category, PinCategory::Idee);
    assert_eq!(pins[0].comment, "Bänke und Schatten am Spielplatz");
    // The pin lies where the click was.
    let b = h.state().map().visible_bbox().unwrap();
    let fx = (f64::from(at.x) - f64::from(rect.left())) / f64::from(rect.width());
    let lon = b[0] + fx * (b[2] - b[0]);
    assert!((pins[0].lon - lon).abs() < 1e-3, "{} vs {lon}", pins[0].lon);
    assert!(pins[0].lat > b[1] && pins[0].lat < (b[1] + b[3]) / 2.0);
    // Esc first ends the pin tool (the presentation goes on), a second Esc the presentation.
    assert_eq!(h.state().state.tool(), MapTool::PlacePin);
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().state.tool(), MapTool::Select);
    assert!(h.state().presenting());
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().presenting());
    // Out of the presentation: the pins window lists it and exports it.
    h.get_by_label("Workshop").click();
    h.run();
    h.get_by_label("Pins und Notizen").click();
    h.run();
    h.get_by_label("Pins als GeoJSON…").click();
    wait_until(&mut h, |_| out.exists());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Bänke und Schatten am Spielplatz"));
    assert!(text.contains("\"Idee\""));
    h.get_by_label("Pins als CSV…").click();
    wait_until(&mut h, |_| out.with_extension("csv").exists());
    let csv = std::fs::read_to_string(out.with_extension("csv")).unwrap();
    assert!(csv.contains("1;Idee;Bänke und Schatten am Spielplatz;"));
}

#[test]
fn a_note_is_written_for_the_selected_sozialraum_in_the_info_panel() {
    let mut h = harness();
    let heimat = area(&h, "Heimatsiedlung");
    h.state_mut().state.apply(Command::Select(Some(heimat)));
    h.run();
    assert!(
        h.query_by_label("Keine Notizen zu diesem Gebiet.")
            .is_some()
    );
    let combo = h.get_by_role_and_label(Role::ComboBox, "Quelle der Notiz");
    combo.scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Quelle der Notiz")
        .click();
    h.run();
    h.get_by_label("Gremium").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Notiz")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Notiz")
        .type_text("Ortsbeirat 5: Treffpunkt für Ältere fehlt");
    h.run();
    h.get_by_label("Notiz hinzufügen").click();
    h.run();
    let notes = h.state().state.workshop().notes.clone();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].source, NoteSource::Gremium);
    assert_eq!(notes[0].area_name, "Sachsenhausen-Süd – Heimatsiedlung");
    assert!(notes[0].area.starts_with("SR-"), "{}", notes[0].area);
    assert!(
        h.query_by_label("Ortsbeirat 5: Treffpunkt für Ältere fehlt")
            .is_some()
    );
    // Another area has none.
    let altstadt = area(&h, "Altstadt");
    h.state_mut().state.apply(Command::Select(Some(altstadt)));
    h.run();
    assert!(
        h.query_by_label("Keine Notizen zu diesem Gebiet.")
            .is_some()
    );
}

#[test]
fn the_export_dialog_switches_the_pins_on() {
    let mut h = harness();
    h.state_mut().state.apply(Command::Workshop(
        sozialatlas::state::WorkshopCommand::AddPin {
            lon: 8.68,
            lat: 50.1,
            category: PinCategory::Bedarf,
            comment: "Treffpunkt".to_owned(),
        },
    ));
    h.run();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Exportieren…").click();
    h.run();
    assert!(!h.state().state.workshop().pins_in_exports);
    h.get_by_label("Pins in Kartenexporten zeigen").click();
    h.run();
    assert!(h.state().state.workshop().pins_in_exports);
    let bbox = h.state().state.all_bbox().unwrap();
    let content = h.state().state.map_content(bbox);
    assert!(content.facilities.iter().any(|f| f.name == "Pin: Bedarf"));
}
