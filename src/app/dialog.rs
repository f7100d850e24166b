//! Native file dialogs, asked on worker threads so an open dialog never stalls the window, and
//! the fake dialogs of tests (anything that implements [`FileDialog`]). Save dialogs get a
//! suggested path (folder and file name); when no system dialog can be shown at all (no
//! desktop portal, no zenity) [`FileDialog::available`] says so and the window asks for the
//! path itself.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What a save dialog saves: its title, filter and file extensions follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    /// An exported map (PDF, SVG, PNG).
    Export,
    /// A project (`.sozialatlas`).
    Project,
    /// An offline basemap package (MBTiles).
    Package,
    /// A CSV file (index, pins, notes).
    Csv,
    /// A GeoJSON file (pins).
    Geojson,
}

impl SaveKind {
    /// The native dialog's title, filter name and extensions, in the window's language.
    fn native(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            SaveKind::Export => (
                pick("Karte exportieren", "Export map"),
                "PDF, SVG, PNG",
                &["pdf", "svg", "png"],
            ),
            SaveKind::Project => (
                pick("Projekt speichern", "Save project"),
                pick("Sozialatlas-Projekt", "Sozialatlas project"),
                &["sozialatlas"],
            ),
            SaveKind::Package => (
                pick("Offline-Paket speichern", "Save offline package"),
                "MBTiles",
                &["mbtiles"],
            ),
            SaveKind::Csv => (
                pick("CSV speichern", "Save CSV"),
                pick(
                    "CSV (Semikolon, Dezimalkomma)",
                    "CSV (semicolon, decimal comma)",
                ),
                &["csv"],
            ),
            SaveKind::Geojson => (
                pick("GeoJSON speichern", "Save GeoJSON"),
                "GeoJSON",
                &["geojson"],
            ),
        }
    }
}

/// Where file paths come from: the native dialog in the app, fixed paths in tests.
/// Called on a worker thread, so an open dialog never stalls the window.
pub trait FileDialog: Send + Sync {
    fn pick_files(&self) -> Vec<PathBuf>;

    /// One indicator table (CSV, XLSX) to join.
    fn pick_table(&self) -> Option<PathBuf> {
        self.pick_files().into_iter().next()
    }

    /// Where to save a file of `kind` (`suggested`: folder and name); `None` when cancelled.
    fn save(&self, kind: SaveKind, suggested: &Path) -> Option<PathBuf> {
        let _ = (kind, suggested);
        None
    }

    /// The window's language, for the dialog's own title and filters.
    fn set_english(&self, english: bool) {
        let _ = english;
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

/// The UI language of the dialogs' titles and filters (set by the window).
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// German or English, as the window is.
fn pick(de: &'static str, en: &'static str) -> &'static str {
    if ENGLISH.load(Ordering::Relaxed) {
        en
    } else {
        de
    }
}

impl FileDialog for NativeDialog {
    fn available(&self) -> bool {
        dialog_possible() && !LAST_NOT_SHOWN.load(Ordering::Relaxed)
    }

    fn set_english(&self, english: bool) {
        ENGLISH.store(english, Ordering::Relaxed);
    }

    fn pick_files(&self) -> Vec<PathBuf> {
        timed(Vec::is_empty, || {
            rfd::FileDialog::new()
                .set_title(pick("Datei öffnen", "Open file"))
                .add_filter(
                    pick(
                        "Geodaten und Tabellen (GeoJSON, Shapefile, CSV, XLSX)",
                        "Geodata and tables (GeoJSON, Shapefile, CSV, XLSX)",
                    ),
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
                .add_filter(pick("Alle Dateien", "All files"), &["*"])
                .pick_files()
                .unwrap_or_default()
        })
    }

    fn pick_table(&self) -> Option<PathBuf> {
        timed(Option::is_none, || {
            rfd::FileDialog::new()
                .set_title(pick(
                    "Indikatortabelle verknüpfen",
                    "Join an indicator table",
                ))
                .add_filter(
                    pick("Tabellen (CSV, XLSX)", "Tables (CSV, XLSX)"),
                    &["csv", "txt", "tsv", "xlsx", "xls", "ods"],
                )
                .add_filter(pick("Alle Dateien", "All files"), &["*"])
                .pick_file()
        })
    }

    fn save(&self, kind: SaveKind, suggested: &Path) -> Option<PathBuf> {
        let (title, filter, extensions) = kind.native();
        save_native(title, filter, extensions, suggested)
    }
}

/// A native save dialog with a title, one filter and the suggested folder and name.
fn save_native(
    title: &str,
    filter: &str,
    extensions: &[&str],
    suggested: &Path,
) -> Option<PathBuf> {
    timed(Option::is_none, || {
        suggest(rfd::FileDialog::new(), suggested)
            .set_title(title)
            .add_filter(filter, extensions)
            .save_file()
    })
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
