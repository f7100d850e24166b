//! The needs index in the window, driven like a person would: Analyse → Sozialindex
//! berechnen…, through the four wizard steps (excluding an area by hand on the way), then the
//! Gesamtindex map with its legend, the ranking linked with the map, the breakdown of one
//! area, the sensitivity list and the CSV export.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use sozialatlas::app::{FileDialog, SaveKind, SozialatlasApp};
use sozialatlas::state::IndexMap;

mod common;

use common::{harness, harness_with, wait_until};

/// A save dialog that answers with a fixed path.
struct SaveTo(PathBuf);

impl FileDialog for SaveTo {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }

    fn save(&self, kind: SaveKind, _suggested: &std::path::Path) -> Option<PathBuf> {
        (kind == SaveKind::Csv).then(|| self.0.clone())
    }
}

/// Pick an entry of an open combo box popup: the item nearest to the combo box, since the
/// same text may also stand elsewhere in the window.
fn pick(h: &mut Harness<'static, SozialatlasApp>, combo: &str, item: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    let at = h
        .get_by_role_and_label(Role::ComboBox, combo)
        .rect()
        .center();
    let nearest = |h: &Harness<'static, SozialatlasApp>, act: &dyn Fn(&egui_kittest::Node)| {
        let items: Vec<_> = h.query_all_by_label(item).collect();
        assert!(!items.is_empty(), "{item} in the list");
        let node = items
            .iter()
            .min_by(|a, b| {
                a.rect()
                    .center()
                    .distance(at)
                    .total_cmp(&b.rect().center().distance(at))
            })
            .unwrap();
        act(node);
    };
    // Long lists scroll: bring the entry into view first.
    nearest(h, &|n| n.scroll_to_me());
    h.run();
    nearest(h, &|n| n.click());
    h.run();
}

fn open_wizard(h: &mut Harness<'static, SozialatlasApp>) {
    h.get_by_label("Analyse").click();
    h.run();
    h.get_by_label("Sozialindex berechnen…").click();
    h.run();
}

#[test]
fn the_wizard_computes_the_index_and_the_map_shows_the_gesamtindex() {
    let mut h = harness();
    open_wizard(&mut h);
    // Step 1: the sample's residents field and the 300 rule are preset; exclude an area.
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Einwohnerfeld")
            .value()
            .as_deref(),
        Some("Einwohner:innen")
    );
    pick(&mut h, "Gebiet", "Gutleut-/Bahnhofsviertel Nordost");
    h.get_by_role_and_label(Role::TextInput, "Grund").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Grund")
        .type_text("Gewerbegebiet");
    h.run();
    h.get_by_label("Ausschließen").click();
    h.run();
    h.get_by_label("Gutleut-/Bahnhofsviertel Nordost – Gewerbegebiet");
    // Step 2: the MSS indicators are preset.
    h.get_by_label("Weiter").click();
    h.run();
    for name in ["Arbeitslose (%)", "SGB-II-Quote (%)", "Kinderarmut (%)"] {
        let node = h.get_by_role_and_label(Role::CheckBox, name);
        assert_eq!(
            node.accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::True),
            "{name}"
        );
    }
    // Step 3: the dynamics compare with 2022.
    h.get_by_label("Weiter").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Vergleichsausgabe")
            .value()
            .as_deref(),
        Some("2022")
    );
    // Step 4: sample SD, MSS thresholds; compute.
    h.get_by_label("Weiter").click();
    h.run();
    h.get_by_label("Stichprobe (n − 1)");
    h.get_by_label("Berechnen").click();
    h.run();

    let ix = h.state().state.index().expect("an index");
    // The reference case "excluded" (tests/data/index_reference.json): SR-10-1 left out.
    assert_eq!(ix.result.status_counts(), [16, 79, 6, 15]);
    assert_eq!(ix.result.dynamics_counts(), [10, 99, 7]);
    assert_eq!(ix.map, Some(IndexMap::Gesamt));
    // The map's legend is the 4 × 3 matrix, with the method note.
    h.get_by_label("Gesamtindex (Status × Dynamik) 2022 – 2024");
    h.get_by_label("Status | Dynamik:");
    assert!(
        h.query_all_by_label_contains("Ausreißer ausgeschlossen")
            .next()
            .is_some(),
        "the method note names the exclusion"
    );
    // The wizard is closed; the bottom panel shows the ranking.
    assert!(h.query_by_label("Berechnen").is_none());
    h.get_by_label("Rangliste");
}

#[test]
fn the_ranking_selects_on_the_map_and_explains_the_area() {
    let mut h = harness();
    open_wizard(&mut h);
    h.get_by_label("Berechnen").click();
    h.run();
    // A row of the ranking selects the area (map, info panel).
    let rows: Vec<_> = h
        .query_all_by_label("Sachsenhausen-Süd – Heimatsiedlung")
        .collect();
    assert!(!rows.is_empty());
    rows[0].click();
    h.run();
    let app = h.state();
    let sel = app.state.selection().expect("selected");
    let ix = app.state.index().unwrap();
    assert_eq!(ix.titles[sel.feature], "Sachsenhausen-Süd – Heimatsiedlung");
    assert!(
        h.query_all_by_label_contains("Status-Index: 4 sehr niedrig")
            .next()
            .is_some(),
        "the info panel names the class"
    );
    // The breakdown says why.
    h.get_by_label("Aufschlüsselung").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("Warum „sehr niedrig“?")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("Den größten Beitrag leistet")
            .next()
            .is_some()
    );
    // The sensitivity list names each left-out indicator.
    h.get_by_label("Sensitivität").click();
    h.run();
    for name in ["ohne Arbeitslose", "ohne SGB-II-Quote", "ohne Kinderarmut"] {
        assert!(
            h.query_all_by_label_contains(name).next().is_some(),
            "{name}"
        );
    }
    // Switching the map to status classes.
    h.get_by_label("Status").click();
    h.run();
    assert_eq!(h.state().state.index().unwrap().map, Some(IndexMap::Status));
    h.get_by_label("Status-Index 2024");
}

#[test]
fn the_index_is_exported_as_csv_with_its_method_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sozialindex.csv");
    let mut h = harness_with(Vec::new(), false, Box::new(SaveTo(path.clone())));
    h.run();
    open_wizard(&mut h);
    h.get_by_label("Berechnen").click();
    h.run();
    h.get_by_label("CSV exportieren…").click();
    wait_until(&mut h, |_| path.exists());
    let text = std::fs::read_to_string(&path).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.contains("sr_id;name;einwohner"), "{header}");
    assert!(header.contains(";status_class;"));
    assert_eq!(text.lines().count(), 124);
    let note = std::fs::read_to_string(dir.path().join("sozialindex.methode.txt")).unwrap();
    assert!(note.contains("Statusklassen"));

    // The saved settings reproduce the same table headless.
    let settings = dir.path().join("sozialindex.einstellungen.json");
    let again = dir.path().join("nochmal.csv");
    let root = |f: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(f);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .arg("index")
        .arg("--table")
        .arg(root("sample-data/indikatoren_2024.csv"))
        .arg("--dynamics-table")
        .arg(root("sample-data/indikatoren_2022.csv"))
        .arg("--areas")
        .arg(root("sample-data/sozialraeume.geojson"))
        .args(["--key", "sr_id", "--csv-dialect", "de", "--settings"])
        .arg(&settings)
        .arg("--out")
        .arg(&again)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
}
