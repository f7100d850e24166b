//! Native file dialogs, asked on worker threads so an open dialog never stalls the window, and
//! the fake dialogs of tests (anything that implements [`FileDialog`]). Save dialogs get a
//! suggested path (folder and file name); when no system dialog can be shown at all (no
//! desktop portal, no zenity) [`FileDialog::available`] says so and the window asks for the
//! path itself.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// Where file paths come from: the native dialog in the app, fixed paths in tests.
/// Called on a worker thread, so an open dialog never stalls the window.
pub trait FileDialog: Send + Sync {
    fn pick_files(&self) -> Vec<PathBuf>;

    /// One indicator table (CSV, XLSX) to join.
    fn pick_table(&self) -> Option<PathBuf> {
        self.pick_files().into_iter().next()
    }

    /// Where to save an exported map (PDF, SVG, PNG); `None` when cancelled.
    fn save_export(&self, suggested: &Path) -> Option<PathBuf> {
        let _ = suggested;
        None
    }

    /// Where to save a CSV file (`suggested`: folder and name); `None` when cancelled.
    fn save_csv(&self, suggested: &Path) -> Option<PathBuf> {
        let _ = suggested;
        None
    }

    /// Where to save a GeoJSON file; `None` when cancelled.
    fn save_geojson(&self, suggested: &Path) -> Option<PathBuf> {
        let _ = suggested;
        None
    }

    /// Where to save a project (`.sozialatlas`); `None` when cancelled.
    fn save_project(&self, suggested: &Path) -> Option<PathBuf> {
        let _ = suggested;
        None
    }

    /// Where to save an offline package (MBTiles); `None` when cancelled.
    fn save_package(&self, suggested: &Path) -> Option<PathBuf> {
        let _ = suggested;
        None
    }

    /// Whether a dialog can be shown at all. `false` after a dialog that came back empty
    /// because none could be shown (not because the user cancelled): the window then asks
    /// for the path in a field of its own.
    fn available(&self) -> bool {
        true
    }
}

/// Folder and file name of a suggested path, for a native dialog.
fn suggest(d: rfd::FileDialog, suggested: &Path) -> rfd::FileDialog {
    let d = match suggested.parent().filter(|p| p.is_dir()) {
        Some(dir) => d.set_directory(dir),
        None => d,
    };
    match suggested.file_name().and_then(|n| n.to_str()) {
        Some(name) => d.set_file_name(name),
        None => d,
    }
}

/// A native dialog that comes back empty this fast was never shown: nobody cancels a dialog
/// within a third of a second, but a missing portal and zenity fail at once.
const NEVER_SHOWN: Duration = Duration::from_millis(300);

/// The last native dialog came back empty at once.
static LAST_NOT_SHOWN: AtomicBool = AtomicBool::new(false);

/// Run a native dialog and note whether it could be shown.
fn timed<T>(empty: impl Fn(&T) -> bool, run: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let answer = run();
    LAST_NOT_SHOWN.store(
        empty(&answer) && start.elapsed() < NEVER_SHOWN,
        Ordering::Relaxed,
    );
    answer
}

/// Whether this machine can show a system file dialog at all: on Linux and the BSDs rfd needs
/// the desktop portal (over the session bus) or zenity.
fn dialog_possible() -> bool {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return true;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
    bus || zenity
}

/// The native file dialog (rfd). Returns nothing when no dialog can be shown.
pub struct NativeDialog;

impl FileDialog for NativeDialog {
    fn available(&self) -> bool {
        dialog_possible() && !LAST_NOT_SHOWN.load(Ordering::Relaxed)
    }

    fn pick_files(&self) -> Vec<PathBuf> {
        timed(Vec::is_empty, || self.pick_files_native())
    }

    fn pick_table(&self) -> Option<PathBuf> {
        timed(Option::is_none, || self.pick_table_native())
    }

    fn save_export(&self, suggested: &Path) -> Option<PathBuf> {
        timed(Option::is_none, || {
            suggest(rfd::FileDialog::new(), suggested)
                .set_title("Karte exportieren")
                .add_filter("PDF, SVG, PNG", &["pdf", "svg", "png"])
                .save_file()
        })
    }

    fn save_project(&self, suggested: &Path) -> Option<PathBuf> {
        timed(Option::is_none, || {
            suggest(rfd::FileDialog::new(), suggested)
                .set_title("Projekt speichern")
                .add_filter("Sozialatlas-Projekt", &["sozialatlas"])
                .save_file()
        })
    }

    fn save_package(&self, suggested: &Path) -> Option<PathBuf> {
        timed(Option::is_none, || {
            suggest(rfd::FileDialog::new(), suggested)
                .set_title("Offline-Paket speichern")
                .add_filter("MBTiles", &["mbtiles"])
                .save_file()
        })
    }

    fn save_csv(&self, suggested: &Path) -> Option<PathBuf> {
        timed(Option::is_none, || {
            suggest(rfd::FileDialog::new(), suggested)
                .set_title("CSV speichern")
                .add_filter("CSV (Semikolon, Dezimalkomma)", &["csv"])
                .save_file()
        })
    }

    fn save_geojson(&self, suggested: &Path) -> Option<PathBuf> {
        timed(Option::is_none, || {
            suggest(rfd::FileDialog::new(), suggested)
                .set_title("GeoJSON speichern")
                .add_filter("GeoJSON", &["geojson"])
                .save_file()
        })
    }
}

impl NativeDialog {
    fn pick_files_native(&self) -> Vec<PathBuf> {
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

    fn pick_table_native(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Indikatortabelle verknüpfen")
            .add_filter(
                "Tabellen (CSV, XLSX)",
                &["csv", "txt", "tsv", "xlsx", "xls", "ods"],
            )
            .add_filter("Alle Dateien", &["*"])
            .pick_file()
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
