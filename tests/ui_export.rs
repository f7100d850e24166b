//! The export dialog, driven like a person would: Datei → Exportieren…, a title typed, the
//! preview shown, Speichern… into a file chosen in the (fake) save dialog; the file is a PDF
//! with the title; the settings stay for the next time.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use sozialatlas::app::{FileDialog, SaveKind};

mod common;

use common::{harness_with, wait_until};

struct SaveTo(PathBuf);

impl FileDialog for SaveTo {
    fn pick_files(&self) -> Vec<PathBuf> {
        Vec::new()
    }

    fn save(&self, kind: SaveKind, _suggested: &std::path::Path) -> Option<PathBuf> {
        (kind == SaveKind::Export).then(|| self.0.clone())
    }
}

#[test]
fn the_map_is_exported_as_pdf_from_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("karte.pdf");
    let mut h = harness_with(Vec::new(), false, Box::new(SaveTo(path.clone())));
    h.run();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Exportieren…").click();
    h.run();
    // The title is prefilled from the map; replace it.
    let title = h.get_by_role_and_label(Role::TextInput, "Titel");
    assert_eq!(title.value().as_deref(), Some("SGB-II-Quote 2024"));
    title.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Titel")
        .type_text(" – Entwurf");
    h.run();
    h.get_by_label("Speichern…").click();
    wait_until(&mut h, |_| path.exists());
    // The file is written on a worker; wait for the confirmation too.
    for _ in 0..200 {
        h.step();
        if h.query_all_by_label_contains("Gespeichert")
            .next()
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("SGB-II-Quote 2024 – Entwurf"), "{text}");
    assert!(text.contains("fiktive Beispieldaten"));
    assert!(
        h.query_all_by_label_contains("Gespeichert")
            .next()
            .is_some()
    );
    // Closed and opened again, the dialog keeps the title.
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Exportieren…").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Titel")
            .value()
            .as_deref(),
        Some("SGB-II-Quote 2024 – Entwurf")
    );
}
