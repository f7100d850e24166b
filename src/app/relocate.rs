//! A project whose data files moved: before it opens, the window lists the files that are not
//! where the project expects them and asks for each ("Suchen…", a file dialog); found files
//! are written into the project, which opens when nothing is missing any more — or at once
//! without the missing files when the user says so. Nothing fails silently.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use super::SozialatlasApp;
use super::dialog::{answer, ask};
use crate::project::Project;

/// A project waiting for its moved files.
pub struct Pending {
    pub project: Project,
    pub path: PathBuf,
    pub missing: Vec<PathBuf>,
    /// The project is a crashed window's recovered work (it opens unsaved, without a path).
    pub recovered: bool,
    /// The file being looked for, and the dialog's answer.
    looking: Option<(PathBuf, Receiver<Vec<PathBuf>>)>,
}

impl Pending {
    pub fn new(project: Project, path: &Path) -> Self {
        let missing = project.missing_files(path);
        Self {
            project,
            path: path.to_path_buf(),
            missing,
            recovered: false,
            looking: None,
        }
    }
}

enum Decision {
    Open,
    Cancel,
}

impl SozialatlasApp {
    /// The window that asks for moved files; opens the project when they are found.
    pub(super) fn relocate_window(&mut self, ctx: &egui::Context) {
        let Some(pending) = &mut self.relocating else {
            return;
        };
        if let Some((old, rx)) = pending.looking.take() {
            let mut slot = Some(rx);
            match answer(&mut slot, ctx) {
                Some(found) => {
                    if let Some(new) = found.into_iter().next() {
                        pending.project.relocate(&pending.path, &old, &new);
                        pending.missing = pending.project.missing_files(&pending.path);
                    }
                }
                None => {
                    if let Some(rx) = slot {
                        pending.looking = Some((old, rx));
                    }
                }
            }
        }
        let de = self.state.lang == crate::i18n::Lang::De;
        let mut decision = if pending.missing.is_empty() {
            Some(Decision::Open)
        } else {
            None
        };
        let mut look_for = None;
        egui::Window::new(if de {
            "Dateien des Projekts fehlen"
        } else {
            "Project files are missing"
        })
        .collapsible(false)
        .order(egui::Order::Foreground)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label(if de {
                "Diese Dateien liegen nicht mehr dort, wo das Projekt sie erwartet. Bitte \
                 suchen – oder das Projekt ohne sie öffnen."
            } else {
                "These files are no longer where the project expects them. Please look for \
                 them, or open the project without them."
            });
            ui.add_space(4.0);
            for m in &pending.missing {
                ui.horizontal(|ui| {
                    let name = m
                        .file_name()
                        .map_or_else(|| m.display().to_string(), |n| n.to_string_lossy().into());
                    ui.strong(name).on_hover_text(m.display().to_string());
                    let button = egui::Button::new(if de { "Suchen…" } else { "Find…" });
                    if ui.add_enabled(pending.looking.is_none(), button).clicked() {
                        look_for = Some(m.clone());
                    }
                });
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                if ui
                    .button(if de {
                        "Ohne sie öffnen"
                    } else {
                        "Open without them"
                    })
                    .clicked()
                {
                    decision = Some(Decision::Open);
                }
                if ui.button(if de { "Abbrechen" } else { "Cancel" }).clicked() {
                    decision = Some(Decision::Cancel);
                }
            });
        });
        if let Some(old) = look_for {
            let dialog = self.dialog.clone();
            dialog.set_english(!de);
            if let Some(rx) = ask("dateisuche", move || dialog.pick_files()) {
                pending.looking = Some((old, rx));
            }
        }
        match decision {
            Some(Decision::Open) => {
                if let Some(p) = self.relocating.take() {
                    self.restoring = p.recovered;
                    self.open_loaded_project(ctx, &p.project, &p.path);
                }
            }
            Some(Decision::Cancel) => self.relocating = None,
            None => {}
        }
    }
}
