//! Projects in the window: open (from the menu, a recent list, or a `.sozialatlas` file
//! opened or dropped like data), save, save as; autosave to this window's own recovery file a
//! moment after every change and at least every minute (atomic writes), and on the next start
//! an offer to restore the work of a window that crashed (see [`super::recovery`]). A project
//! that cannot be read leaves the open work untouched.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::SozialatlasApp;
use crate::project::{EXTENSION, Project};
use crate::state::Command;

/// Autosave waits this long after the last change …
const SETTLE: Duration = Duration::from_secs(2);
/// … and saves at least this often while something changed.
const EVERY: Duration = Duration::from_secs(60);
const RECENT_MAX: usize = 8;

/// Autosave bookkeeping.
#[derive(Default)]
pub struct Autosave {
    /// The project text last written to the recovery file.
    written: String,
    /// The project text seen last frame and since when it has not changed.
    seen: String,
    changed_at: Option<Instant>,
    last_write: Option<Instant>,
    checked_at: Option<Instant>,
    /// This window's recovery file, locked while the window runs (`None`: no autosave, e.g.
    /// in tests).
    pub instance: Option<super::recovery::Instance>,
}

impl Autosave {
    /// Where this window's recovery file goes.
    pub fn path(&self) -> Option<&Path> {
        self.instance.as_ref().map(|i| i.recovery.as_path())
    }
}

fn app_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("de", "Sozialatlas", "sozialatlas")
        .map(|d| d.data_local_dir().to_path_buf())
}

/// The folder of the windows' recovery files in the OS data directory.
pub fn recovery_dir() -> Option<PathBuf> {
    app_dir().map(|d| d.join("wiederherstellung"))
}

/// The single recovery file of earlier versions, offered once if it is still there.
fn legacy_recovery_path(dir: &Path) -> Option<PathBuf> {
    let name = format!("{}.{EXTENSION}", super::recovery::LEGACY_NAME);
    dir.parent().map(|p| p.join(name))
}

/// What the start found about recovery.
pub(super) struct Recovery {
    /// This window's own recovery file (`None`: no autosave).
    pub instance: Option<super::recovery::Instance>,
    /// The work of windows that crashed, to offer.
    pub orphans: Vec<super::recovery::Orphan>,
    /// Why autosave is off although it was asked for (said to the user).
    pub problem: Option<crate::i18n::Bilingual>,
}

/// Claim this window's recovery file in `dir` and find the work of crashed windows.
pub(super) fn start_recovery(dir: Option<PathBuf>) -> Recovery {
    let Some(dir) = dir else {
        return Recovery {
            instance: None,
            orphans: Vec::new(),
            problem: None,
        };
    };
    let legacy = legacy_recovery_path(&dir);
    let orphans = super::recovery::orphans(&dir, legacy.as_deref());
    let (instance, problem) = match super::recovery::Instance::claim(&dir) {
        Ok(i) => (Some(i), None),
        Err(e) => {
            let dir = dir.display();
            (
                None,
                Some(crate::i18n::Bilingual::new(
                    format!("Automatische Sicherung nicht möglich ({e}): {dir}"),
                    format!("Autosave is not possible ({e}): {dir}"),
                )),
            )
        }
    };
    Recovery {
        instance,
        orphans,
        problem,
    }
}

fn recent_path() -> Option<PathBuf> {
    app_dir().map(|d| d.join("zuletzt.json"))
}

/// The recently opened projects, newest first (those that still exist).
pub fn recent() -> Vec<PathBuf> {
    let Some(p) = recent_path() else {
        return Vec::new();
    };
    let list: Vec<PathBuf> = std::fs::read_to_string(p)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    list.into_iter().filter(|p| p.exists()).collect()
}

fn remember(path: &Path) {
    let Some(file) = recent_path() else { return };
    let mut list = recent();
    list.retain(|p| p != path);
    list.insert(0, path.to_path_buf());
    list.truncate(RECENT_MAX);
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = serde_json::to_string_pretty(&list) {
        let _ = crate::io::atomic::write_atomic(&file, text.as_bytes());
    }
}

/// Whether a path is a project file.
pub fn is_project(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
}

impl SozialatlasApp {
    /// The basemap as a project names it (a source id, or an MBTiles path).
    pub(super) fn basemap_ref(&self) -> Option<String> {
        let s = self.map.basemap()?.source();
        match &s.kind {
            crate::tiles::SourceKind::MbTiles { path } => Some(path.display().to_string()),
            _ => Some(s.id.clone()),
        }
    }

    /// Open a project file; on any error the open work stays as it is. When data files
    /// moved, the window asks for them first.
    pub(super) fn open_project(&mut self, ctx: &egui::Context, path: &Path) {
        match Project::load(path) {
            Ok(p) => {
                let mut pending = super::relocate::Pending::new(p, path);
                pending.recovered = self.restoring;
                if pending.missing.is_empty() {
                    self.open_loaded_project(ctx, &pending.project, path);
                } else {
                    self.relocating = Some(pending);
                }
            }
            Err(e) => self.state.apply(Command::Notify(true, e.bilingual())),
        }
    }

    /// Open a project that was read (files still missing are reported, the rest opens).
    pub(super) fn open_loaded_project(&mut self, ctx: &egui::Context, p: &Project, path: &Path) {
        self.state.apply(Command::OpenProject {
            project: Box::new(p.clone()),
            path: path.to_path_buf(),
        });
        if let Some(b) = &p.basemap {
            let source = if b.ends_with(".mbtiles") {
                let dir = path.parent().unwrap_or(Path::new("."));
                let file = crate::project::paths::resolve(dir, b);
                Some(crate::ui::basemap::mbtiles_source(&file))
            } else {
                crate::tiles::Source::catalogue()
                    .into_iter()
                    .find(|s| &s.id == b)
            };
            if let Some(s) = source.filter(|_| self.map.basemap().is_some()) {
                self.map.set_source(ctx, s);
            }
        }
        // Restored work from a recovery file is not a project file of its own: it stays
        // unsaved until the user saves it.
        if self.restoring {
            self.restoring = false;
            self.project_path = None;
            self.mark_unsaved();
        } else {
            self.project_path = Some(path.to_path_buf());
            remember(path);
            self.settle_baseline();
        }
        let shown = path.display();
        self.state.apply(Command::Notify(
            false,
            crate::bilingual!("Projekt geöffnet: {shown}", "Project opened: {shown}"),
        ));
    }

    /// Save the project to `path` (and remember it as the current project).
    pub(super) fn save_project(&mut self, path: &Path) -> bool {
        let mut path = path.to_path_buf();
        if !is_project(&path) {
            path.set_extension(EXTENSION);
        }
        let project = self.state.to_project(&path, self.basemap_ref());
        match project.save(&path) {
            Ok(()) => {
                self.project_path = Some(path.clone());
                remember(&path);
                self.saved(project.to_json());
                let shown = path.display();
                self.state.apply(Command::Notify(
                    false,
                    crate::bilingual!("Projekt gespeichert: {shown}", "Project saved: {shown}"),
                ));
                true
            }
            Err(e) => {
                self.state.apply(Command::Notify(true, e.bilingual()));
                false
            }
        }
    }

    /// Project files among opened paths are opened as projects; the rest are data.
    pub(super) fn take_projects(
        &mut self,
        ctx: &egui::Context,
        paths: Vec<PathBuf>,
    ) -> Vec<PathBuf> {
        let (projects, rest): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_project(p));
        if let Some(p) = projects.last() {
            self.open_project(ctx, p);
        }
        rest
    }

    /// Autosave: write the recovery file a moment after a change, and at least every minute
    /// while changes keep coming. Checked at most once a second.
    pub(super) fn autosave(&mut self) {
        let Some(recovery) = self.autosave.path().map(Path::to_path_buf) else {
            return;
        };
        let now = Instant::now();
        if self
            .autosave
            .checked_at
            .is_some_and(|t| now.duration_since(t) < Duration::from_secs(1))
        {
            return;
        }
        self.autosave.checked_at = Some(now);
        if self.state.layers.is_empty() {
            return;
        }
        let text = self
            .state
            .to_project(&recovery, self.basemap_ref())
            .to_json();
        if text != self.autosave.seen {
            self.autosave.seen = text.clone();
            self.autosave.changed_at = Some(now);
        }
        let settled = self
            .autosave
            .changed_at
            .is_some_and(|t| now.duration_since(t) >= SETTLE);
        let overdue = self
            .autosave
            .last_write
            .is_none_or(|t| now.duration_since(t) >= EVERY);
        if text != self.autosave.written && (settled || overdue) {
            if let Some(dir) = recovery.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if crate::io::atomic::write_atomic(&recovery, text.as_bytes()).is_ok() {
                self.autosave.written = text;
                self.autosave.last_write = Some(now);
            }
        }
    }

    /// A clean exit leaves no recovery file behind (called once the user decided to quit).
    pub(super) fn clean_exit(&mut self) {
        if let Some(i) = self.autosave.instance.take() {
            i.release();
        }
    }

    /// After a crash: the offer to restore the autosaved work of the window that crashed, one
    /// file at a time (newest first).
    pub(super) fn recovery_offer(&mut self, ctx: &egui::Context) {
        if self.recovery_offers.is_empty() {
            return;
        }
        let w = crate::ui::window_texts::window_texts(self.state.lang);
        let mut decision = None;
        egui::Window::new(w.restore_title)
            .collapsible(false)
            .order(egui::Order::Foreground)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.label(w.restore_text);
                ui.horizontal(|ui| {
                    if ui.button(w.restore).clicked() {
                        decision = Some(true);
                    }
                    if ui.button(w.discard).clicked() {
                        decision = Some(false);
                    }
                });
            });
        let Some(restore) = decision else { return };
        let orphan = self.recovery_offers.remove(0);
        if restore {
            // The work moves into this window's own recovery file before the old one goes,
            // so a crash in between loses nothing.
            if let (Some(own), Ok(text)) = (
                self.autosave.path().map(Path::to_path_buf),
                std::fs::read(&orphan.recovery),
            ) {
                let _ = crate::io::atomic::write_atomic(&own, &text);
            }
            self.restoring = true;
            self.open_project(ctx, &orphan.recovery);
            self.restoring = false;
        }
        orphan.discard();
    }
}
