//! Native file dialogs, asked on worker threads so an open dialog never stalls the window, and
//! the fake dialogs of tests (anything that implements [`FileDialog`]).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Where file paths come from: the native dialog in the app, fixed paths in tests.
/// Called on a worker thread, so an open dialog never stalls the window.
pub trait FileDialog: Send + Sync {
    fn pick_files(&self) -> Vec<PathBuf>;

    /// One indicator table (CSV, XLSX) to join.
    fn pick_table(&self) -> Option<PathBuf> {
        self.pick_files().into_iter().next()
    }

    /// Where to save an exported map (PDF, SVG, PNG); `None` when cancelled.
    fn save_export(&self, default_name: &str) -> Option<PathBuf> {
        let _ = default_name;
        None
    }

    /// Where to save a CSV file (`default_name` suggested); `None` when cancelled.
    fn save_csv(&self, default_name: &str) -> Option<PathBuf> {
        let _ = default_name;
        None
    }

    /// Where to save a GeoJSON file (`default_name` suggested); `None` when cancelled.
    fn save_geojson(&self, default_name: &str) -> Option<PathBuf> {
        let _ = default_name;
        None
    }

    /// Where to save a project (`.sozialatlas`); `None` when cancelled.
    fn save_project(&self, default_name: &str) -> Option<PathBuf> {
        let _ = default_name;
        None
    }

    /// Where to save an offline package (MBTiles); `None` when cancelled.
    fn save_package(&self, default_name: &str) -> Option<PathBuf> {
        let _ = default_name;
        None
    }
}

/// The native file dialog (rfd). Returns nothing when no dialog can be shown.
pub struct NativeDialog;

impl FileDialog for NativeDialog {
    fn pick_files(&self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Datei öffnen")
            .add_filter(
                "Geodaten und Tabellen (GeoJSON, Shapefile, CSV, XLSX)",
                &[
                    "geojson",
                    "json",
                    "shp",
                    "csv",
                    "xlsx",
                    "mbtiles",
                    "sozialatlas",
                ],
            )
            .add_filter("Alle Dateien", &["*"])
            .pick_files()
            .unwrap_or_default()
    }

    fn pick_table(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Indikatortabelle verknüpfen")
            .add_filter(
                "Tabellen (CSV, XLSX)",
                &["csv", "txt", "tsv", "xlsx", "xls", "ods"],
            )
            .add_filter("Alle Dateien", &["*"])
            .pick_file()
    }

    fn save_export(&self, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Karte exportieren")
            .set_file_name(default_name)
            .add_filter("PDF, SVG, PNG", &["pdf", "svg", "png"])
            .save_file()
    }

    fn save_project(&self, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Projekt speichern")
            .set_file_name(default_name)
            .add_filter("Sozialatlas-Projekt", &["sozialatlas"])
            .save_file()
    }

    fn save_package(&self, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Offline-Paket speichern")
            .set_file_name(default_name)
            .add_filter("MBTiles", &["mbtiles"])
            .save_file()
    }

    fn save_csv(&self, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("CSV speichern")
            .set_file_name(default_name)
            .add_filter("CSV (Semikolon, Dezimalkomma)", &["csv"])
            .save_file()
    }

    fn save_geojson(&self, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("GeoJSON speichern")
            .set_file_name(default_name)
            .add_filter("GeoJSON", &["geojson"])
            .save_file()
    }
}

/// Run `work` (a dialog) on a named worker thread; its answer arrives on the receiver.
pub(super) fn ask<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<Receiver<T>> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let _ = tx.send(work());
        })
        .ok()
        .map(|_| rx)
}

/// The answer of an asked dialog once it is there (the slot is then empty again); while it is
/// open, the window looks again in 100 ms.
pub(super) fn answer<T>(slot: &mut Option<Receiver<T>>, ctx: &egui::Context) -> Option<T> {
    let rx = slot.as_ref()?;
    match rx.try_recv() {
        Ok(v) => {
            *slot = None;
            Some(v)
        }
        Err(TryRecvError::Empty) => {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            None
        }
        Err(TryRecvError::Disconnected) => {
            *slot = None;
            None
        }
    }
}
