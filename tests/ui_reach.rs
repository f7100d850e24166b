//! Reach in the window, driven like a person would: Analyse → Erreichbarkeit…, Berechnen, the
//! gap list names the Heimatsiedlung; a hypothetical office placed on it by a map click takes
//! it off the list, dragging the office moves it and everything follows, "Entfernen" restores
//! the real situation.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sozialatlas::app::SozialatlasApp;
use sozialatlas::model::Layer;

mod common;

use common::{click, harness};

/// The Heimatsiedlung's area index and label point (lon, lat).
fn heimatsiedlung(app: &SozialatlasApp) -> (usize, f64, f64) {
    let r = app.state.reach().expect("reach computed");
    let Some(Layer::Areas(l)) = app.state.layer(r.areas).map(|e| &e.layer) else {
        panic!("areas");
    };
    (0..l.areas.len())
        .find(|&i| l.feature_title(i).contains("Heimatsiedlung"))
        .map(|i| {
            (
                i,
                l.areas[i].label_point().x(),
                l.areas[i].label_point().y(),
            )
        })
        .expect("the sample has a Heimatsiedlung")
}

fn compute(h: &mut Harness<'static, SozialatlasApp>) {
    h.get_by_label("Analyse").click();
    h.run();
    h.get_by_label("Erreichbarkeit…").click();
    h.run();
    h.get_by_label("Berechnen").click();
    h.run();
}

#[test]
fn the_gap_list_names_the_heimatsiedlung_and_the_distance_is_a_map_column() {
    let mut h = harness();
    compute(&mut h);
    let app = h.state();
    let r = app.state.reach().expect("computed");
    assert_eq!(r.current.len(), 123);
    let (i, _, _) = heimatsiedlung(app);
    assert!(
        r.gaps.contains(&i),
        "far from an office and high SGB-II rate"
    );
    let d = r.current[i].dist_edge.expect("a distance");
    assert!(d > 1000.0);
    // The distance is a column of the layer, so the class map can show it.
    let Some(Layer::Areas(l)) = app.state.layer(r.areas).map(|e| &e.layer) else {
        panic!()
    };
    let col = l.schema.index_of("abstand_nb_m").expect("distance column");
    let shown = l.areas[i].values[col].as_f64().expect("a number");
    assert!((shown - d).abs() < 0.06, "rounded to 0.1 m");
    // A click on its row selects it; the info panel lists its nearest offices.
    h.get_by_label("Sachsenhausen-Süd – Heimatsiedlung").click();
    h.run();
    assert_eq!(h.state().state.selection().map(|s| s.feature), Some(i));
    assert!(
        h.query_all_by_label_contains("Nächste Einrichtungen: Nachbarschaftsbüro")
            .next()
            .is_some()
    );
    // The class map of the distance, one click away.
    h.get_by_label("Abstand auf der Karte").click();
    h.run();
    let th = h.state().state.thematic().unwrap();
    assert_eq!(th.settings.field, "abstand_nb_m");
}

#[test]
fn a_hypothetical_office_placed_dragged_and_removed_updates_everything() {
    let mut h = harness();
    compute(&mut h);
    let (i, lon, lat) = heimatsiedlung(h.state());
    h.get_by_label("Was wäre wenn").click();
    h.run();
    h.get_by_label("Neues Büro setzen").click();
    h.run();
    let pos = h.state().map().screen_pos(lon, lat).expect("map drawn");
    click(&mut h, pos);
    let r = h.state().state.reach().unwrap();
    assert_eq!(r.hypothetical.len(), 1);
    // The office lies in the Heimatsiedlung: distance 0, off the list, residents covered.
    assert_eq!(r.current[i].dist_edge, Some(0.0));
    assert!(!r.gaps.contains(&i));
    assert!(r.change.left_list.contains(&i));
    assert!(r.change.residents_newly_covered > 0.0);
    assert!(
        h.query_all_by_label_contains("Verlassen die Liste: Sachsenhausen-Süd – Heimatsiedlung")
            .next()
            .is_some()
    );
    // The selection stays what it was: the click placed an office, it did not select.
    assert!(h.state().state.selection().is_none());

    // Drag the office 80 px to the east: it moves, and the distances follow.
    let to = pos + egui::vec2(80.0, 0.0);
    // (The map widget repaints while the pointer is held, so step frame by frame.)
    h.hover_at(pos);
    h.step();
    h.drag_at(pos);
    h.step();
    for step in 1..=8 {
        h.hover_at(pos + egui::vec2(10.0 * step as f32, 0.0));
        h.step();
    }
    h.drop_at(to);
    h.run_steps(10);
    let r = h.state().state.reach().unwrap();
    assert_eq!(r.hypothetical.len(), 1);
    assert!(
        r.hypothetical[0].lon > lon + 0.001,
        "moved east: {}",
        r.hypothetical[0].lon
    );
    let moved = r.current[i].dist_edge.unwrap_or(0.0);
    assert!(moved >= 0.0);

    // Remove it: back to the real distances.
    h.get_by_label("Entfernen").click();
    h.run();
    let r = h.state().state.reach().unwrap();
    assert!(r.hypothetical.is_empty());
    assert_eq!(r.current, r.real);
    assert!(r.gaps.contains(&i));
}

#[test]
fn with_an_index_the_gap_rule_uses_status_classes_as_the_readme_walk_through_says() {
    let mut h = harness();
    h.get_by_label("Analyse").click();
    h.run();
    h.get_by_label("Sozialindex berechnen…").click();
    h.run();
    h.get_by_label("Berechnen").click();
    h.run();
    compute(&mut h);
    let app = h.state();
    let r = app.state.reach().unwrap();
    assert_eq!(
        r.rule,
        sozialatlas::state::NeedRule::Status(sozialatlas::analysis::index::StatusClass::Niedrig)
    );
    let (i, _, _) = heimatsiedlung(app);
    assert!(r.gaps.contains(&i));
    // The figures the walk-through quotes (rounded to the metre).
    assert_eq!(r.current[i].dist_edge.map(|d| d.round()), Some(1749.0));
    assert_eq!(r.current[i].dist_rep.map(|d| d.round()), Some(3242.0));
    let ix = app.state.index().unwrap();
    assert_eq!(ix.ranks[i], Some(8));
}
