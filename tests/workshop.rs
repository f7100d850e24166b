//! Workshop material in the exports: pins (when switched on) in the map's legend, symbols and
//! source line; an area's notes on its Steckbrief page, also collected on a Stadtteil's page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use sozialatlas::analysis::aggregate::Level;
use sozialatlas::export::content::LayoutSettings;
use sozialatlas::export::layout::map_page;
use sozialatlas::export::steckbrief::profile_page;
use sozialatlas::export::svg::to_svg;
use sozialatlas::model::Layer;
use sozialatlas::state::{AppState, Command, FeatureRef, WorkshopCommand, sample_paths};
use sozialatlas::workshop::{NoteSource, PinCategory};

fn sample() -> (AppState, FeatureRef) {
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(
        sample_paths().to_vec(),
    ));
    let layer = s.thematic().unwrap().layer;
    let feature = match &s.layer(layer).unwrap().layer {
        Layer::Areas(l) => (0..l.areas.len())
            .find(|&i| l.feature_title(i).contains("Heimatsiedlung"))
            .unwrap(),
        Layer::Facilities(_) => unreachable!(),
    };
    (s, FeatureRef { layer, feature })
}

fn pin(s: &mut AppState, category: PinCategory) {
    s.apply(Command::Workshop(WorkshopCommand::AddPin {
        lon: 8.69,
        lat: 50.09,
        category,
        comment: "Beitrag".to_owned(),
    }));
}

#[test]
fn pins_show_in_map_exports_only_when_switched_on() {
    let (mut s, _) = sample();
    pin(&mut s, PinCategory::Idee);
    pin(&mut s, PinCategory::Idee);
    pin(&mut s, PinCategory::Problem);
    let bbox = s.all_bbox().unwrap();
    let off = s.map_content(bbox);
    assert!(off.facilities.iter().all(|f| !f.name.starts_with("Pin")));
    s.apply(Command::Workshop(WorkshopCommand::SetPinsInExports(true)));
    let on = s.map_content(bbox);
    let idee = on
        .facilities
        .iter()
        .find(|f| f.name == "Pin: Idee")
        .unwrap();
    assert_eq!(idee.points.len(), 2);
    assert_eq!(idee.style.fill, [255, 191, 0, 255]);
    assert!(on.facilities.iter().any(|f| f.name == "Pin: Problem"));
    assert!(!on.facilities.iter().any(|f| f.name == "Pin: Bedarf"));
    assert!(
        on.sources
            .iter()
            .any(|l| l == "Pins: Beiträge aus der Beteiligung (3)")
    );
    let svg = to_svg(&map_page(&on, &LayoutSettings::default()));
    assert!(svg.contains("Pin: Idee"));
    assert!(svg.contains("Pins: Beiträge aus der Beteiligung (3)"));
    assert!(svg.contains("fiktive Beispieldaten"));
}

#[test]
fn notes_appear_on_the_steckbrief_of_their_area_and_of_its_stadtteil() {
    let (mut s, heimat) = sample();
    s.apply(Command::Workshop(WorkshopCommand::AddNote {
        area: heimat,
        text: "Mieterbeirat: Treffpunkt für Ältere fehlt".to_owned(),
        source: NoteSource::Gremium,
        date: "2026-11-20".to_owned(),
    }));
    // An empty note is not kept.
    s.apply(Command::Workshop(WorkshopCommand::AddNote {
        area: heimat,
        text: "   ".to_owned(),
        source: NoteSource::Gremium,
        date: "2026-11-20".to_owned(),
    }));
    assert_eq!(s.workshop().notes.len(), 1);
    let settings = LayoutSettings::default();
    let row = s
        .thematic()
        .as_ref()
        .unwrap()
        .view
        .row_of_base(heimat.feature)
        .unwrap();
    let p = s.steckbrief(row, &settings).unwrap();
    let (heading, lines) = p.sections.iter().find(|(h, _)| h == "Notizen").unwrap();
    assert_eq!(heading, "Notizen");
    assert_eq!(
        lines,
        &vec!["20.11.2026, Gremium: Mieterbeirat: Treffpunkt für Ältere fehlt".to_owned()]
    );
    let svg = to_svg(&profile_page(&p, &settings));
    assert!(svg.contains("Treffpunkt für Ältere fehlt"));
    // Other areas have no notes section.
    let other = (row + 1) % s.steckbrief_count();
    let q = s.steckbrief(other, &settings).unwrap();
    assert!(q.sections.iter().all(|(h, _)| h != "Notizen"));
    // On the Stadtteil level the note is collected with the Sozialraum's name.
    let th = s.thematic().unwrap();
    let mut t = th.settings.clone();
    t.level = Level::Stadtteil;
    let layer = th.layer;
    s.apply(Command::SetThematic(layer, t));
    let row = s
        .thematic()
        .as_ref()
        .unwrap()
        .view
        .row_of_base(heimat.feature)
        .unwrap();
    let p = s.steckbrief(row, &settings).unwrap();
    let (_, lines) = p.sections.iter().find(|(h, _)| h == "Notizen").unwrap();
    assert!(lines[0].starts_with("Sachsenhausen-Süd – Heimatsiedlung – 20.11.2026, Gremium:"));
}
