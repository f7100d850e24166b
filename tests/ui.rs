//! The window, driven like a person would (egui_kittest + AccessKit): it starts on the
//! Frankfurt sample, the layer panel is there, a click on a Sozialraum shows its name in the
//! info panel, Esc clears, the search selects, the language switches. No network: tiles off.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sozialatlas::app::SozialatlasApp;
use sozialatlas::model::Layer;

mod common;

use common::{NoDialog, PickDialog, click, harness, harness_with, wait_until};

/// Name and label point of the sample's Heimatsiedlung.
fn heimatsiedlung(app: &SozialatlasApp) -> (String, f64, f64) {
    for entry in app.state.layers() {
        if let Layer::Areas(l) = &entry.layer {
            for (i, a) in l.areas.iter().enumerate() {
                let name = l.feature_title(i);
                if name.contains("Heimatsiedlung") {
                    return (name, a.label_point().x(), a.label_point().y());
                }
            }
        }
    }
    panic!("the sample has no Heimatsiedlung");
}

#[test]
fn the_app_starts_on_the_sample_with_its_layer_panel() {
    let h = harness();
    h.get_by_label("Ebenen");
    // Human names, not file stems.
    for layer in [
        "Sozialräume",
        "Stadtteile",
        "Nachbarschaftsbüros",
        "ÖPNV-Haltestellen",
    ] {
        h.get_by_role_and_label(Role::CheckBox, layer);
    }
    // The sample loads without a single note: no message bar at the start.
    let messages = &h.state().state.messages();
    assert!(messages.is_empty(), "{messages:?}");
    for l in h.state().state.layers() {
        assert!(l.report.notes.is_empty(), "{:?}", l.report.notes);
    }
    // The indicator tables opened with the sample are joined, both editions, and mapped.
    let th = h.state().state.thematic().expect("a class map at start");
    let entry = h.state().state.layer(th.layer).unwrap();
    let editions: Vec<&str> = entry.editions.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(editions, vec!["2022", "2024"]);
    assert_eq!(th.settings.edition, Some(1));
    assert_eq!(th.settings.field, "sgb2_quote");
    // Stops are loaded but start hidden; everything else is visible.
    let hidden: Vec<&str> = h
        .state()
        .state
        .layers()
        .iter()
        .filter(|l| !l.visible)
        .map(|l| l.layer.name())
        .collect();
    assert_eq!(hidden, vec!["oepnv_haltestellen"]);
    // The map was fitted to the city: zoomed in well beyond the world view.
    assert!(
        h.state().map().zoom() > 10.0,
        "zoom {}",
        h.state().map().zoom()
    );
    h.get_by_label("fiktive Beispieldaten");
}

#[test]
fn clicking_a_sozialraum_on_the_map_shows_its_name_in_the_info_panel() {
    let mut h = harness();
    let (name, lon, lat) = heimatsiedlung(h.state());
    let pos = h.state().map().screen_pos(lon, lat).expect("map drawn");
    click(&mut h, pos);
    let sel = h.state().state.selection().expect("a click selects");
    let entry = h.state().state.layer(sel.layer).unwrap();
    assert_eq!(entry.layer.name(), "sozialraeume");
    // The name is the panel's title and the value of its `Name` attribute.
    assert_eq!(h.query_all_by_label(&name).count(), 2);
    // All attributes with German labels from the metadata.
    h.get_by_label("Sozialraum-Nr.");
    h.get_by_label("Stadtteil-Nr.");
    // (also the residents column of the legend)
    assert!(h.query_all_by_label("Einwohner:innen").count() >= 2);

    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().state.selection().is_none());
    assert_eq!(h.query_all_by_label(&name).count(), 0);
}

#[test]
fn a_click_beside_the_city_selects_nothing() {
    let mut h = harness();
    let pos = h.state().map().screen_pos(8.30, 50.11).expect("map drawn");
    click(&mut h, pos);
    assert!(h.state().state.selection().is_none());
}

#[test]
fn searching_an_area_selects_it() {
    let mut h = harness();
    let (name, _, _) = heimatsiedlung(h.state());
    h.get_by_label("Gebiet suchen").click();
    h.run();
    h.get_by_label("Gebiet suchen").type_text("Heimat");
    h.run();
    h.get_by_label(&format!("{name} (Sozialräume)")).click();
    h.run();
    assert!(h.state().state.selection().is_some());
    assert_eq!(
        h.query_all_by_label(&name).count(),
        2,
        "title and Name attribute"
    );
}

#[test]
fn hiding_a_layer_takes_it_off_the_map_and_the_legend() {
    let mut h = harness();
    h.get_by_role_and_label(Role::CheckBox, "ÖPNV-Haltestellen")
        .click();
    h.run();
    let visible = |h: &Harness<'static, SozialatlasApp>| {
        h.state()
            .state
            .layers()
            .iter()
            .find(|l| l.layer.name() == "oepnv_haltestellen")
            .unwrap()
            .visible
    };
    assert!(visible(&h));
    h.get_by_label("ÖPNV-Haltestelle");
    h.get_by_role_and_label(Role::CheckBox, "ÖPNV-Haltestellen")
        .click();
    h.run();
    assert!(!visible(&h));
    assert!(h.query_by_label("ÖPNV-Haltestelle").is_none());
}

#[test]
fn the_language_switches_to_english() {
    let mut h = harness();
    h.get_by_label("Einstellungen").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Layers");
    h.get_by_label("Information");
    assert!(h.query_by_label("Ebenen").is_none());
}

#[test]
fn background_loading_fits_the_map_to_the_city_when_it_is_done() {
    let mut h = harness_with(Vec::new(), true, Box::new(NoDialog));
    wait_until(&mut h, |app| {
        app.state.loading().is_none() && app.state.layers().len() == 5
    });
    assert_eq!(h.state().state.layers().len(), 5);
    // Fitted to the city beside the legend (the world view would be zoom 2–3).
    assert!(
        h.state().map().zoom() > 10.0,
        "zoom {}",
        h.state().map().zoom()
    );
}

#[test]
fn a_file_opened_from_the_menu_loads_and_a_broken_one_reports_its_skips() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/data/kaputte_objekte.geojson");
    let mut h = harness_with(
        vec![root.join("sample-data/stadtteile.geojson")],
        false,
        Box::new(PickDialog(vec![fixture])),
    );
    h.run();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Datei öffnen…").click();
    wait_until(&mut h, |app| {
        app.state.layers().len() == 2 && app.state.loading().is_none()
    });
    assert_eq!(
        h.state().state.layers().len(),
        2,
        "{:?}",
        h.state().state.messages()
    );
    // The open Stadtteile stay; the new layer's skipped features are announced.
    h.get_by_role_and_label(Role::CheckBox, "Stadtteile");
    h.get_by_label("kaputte_objekte: 3 Objekte geladen, 7 übersprungen");
}

#[test]
fn choosing_an_indicator_recolours_the_map_and_retitles_the_legend() {
    let mut h = harness();
    let before = h
        .state()
        .state
        .thematic()
        .as_ref()
        .unwrap()
        .view
        .classes
        .clone();
    h.get_by_role_and_label(Role::ComboBox, "Indikator").click();
    h.run();
    // The list opens under the combo box in the left panel; the table header further
    // right has the same name.
    let combo_x = h
        .get_by_role_and_label(Role::ComboBox, "Indikator")
        .rect()
        .center()
        .x;
    let items: Vec<_> = h
        .query_all_by_label("Anteil unter 18-Jährige (%)")
        .collect();
    assert!(items.len() >= 2, "popup item and table header");
    let item = items
        .iter()
        .min_by(|a, b| {
            (a.rect().center().x - combo_x)
                .abs()
                .total_cmp(&(b.rect().center().x - combo_x).abs())
        })
        .unwrap();
    item.click();
    h.run();
    let th = h.state().state.thematic().unwrap();
    assert_eq!(th.settings.field, "anteil_unter18");
    assert_ne!(th.view.classes, before, "other values give other classes");
    // The legend names the indicator with its edition and unit.
    h.get_by_label("Anteil unter 18-Jährige 2024 (%)");
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Indikator")
            .value()
            .as_deref(),
        Some("Anteil unter 18-Jährige (%)")
    );
}

#[test]
fn a_row_clicked_in_the_table_is_highlighted_on_the_map_and_in_the_info_panel() {
    let mut h = harness();
    let th = h.state().state.thematic().unwrap();
    let row = th.view.titles.iter().position(|t| t == "Altstadt").unwrap();
    assert!(th.brushed.is_empty());
    h.get_by_label("Altstadt").click();
    h.run();
    let th = h.state().state.thematic().unwrap();
    assert_eq!(th.brushed.iter().copied().collect::<Vec<_>>(), vec![row]);
    // The map's selection is the same area, and the info panel names it.
    let sel = h
        .state()
        .state
        .selection()
        .expect("the row selects its area");
    assert_eq!(sel.layer, th.layer);
    assert_eq!(sel.feature, row);
    assert!(
        h.query_all_by_label("Altstadt").count() >= 2,
        "table and info panel"
    );
    // A click on the map on another area moves the highlight there (map → table).
    let (name, lon, lat) = heimatsiedlung(h.state());
    let pos = h.state().map().screen_pos(lon, lat).unwrap();
    click(&mut h, pos);
    let th = h.state().state.thematic().unwrap();
    let other = th.view.titles.iter().position(|t| *t == name).unwrap();
    assert_eq!(th.brushed.iter().copied().collect::<Vec<_>>(), vec![other]);
    // Esc clears the highlight everywhere.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.state()
            .state
            .thematic()
            .as_ref()
            .unwrap()
            .brushed
            .is_empty()
    );
}

#[test]
fn switching_to_stadtteil_level_maps_aggregated_areas() {
    let mut h = harness();
    h.get_by_label("Stadtteil").click();
    h.run();
    let th = h.state().state.thematic().unwrap();
    let level = th.level_layer.as_ref().expect("aggregated geometry");
    assert_eq!(level.areas.len(), th.view.titles.len());
    assert!(th.view.titles.iter().any(|t| t == "Sachsenhausen-Süd"));
    // No Stadtteil is under 300 residents: nothing withheld at this level.
    assert!(
        th.view
            .data
            .iter()
            .all(|d| *d != sozialatlas::analysis::privacy::Datum::Suppressed)
    );
}
