//! Every file the window asks the user for — to open data, a table, where to save a project,
//! an export, a CSV, pins, notes or an offline package — goes through one place: the system
//! dialog runs on a worker thread with a suggested folder and name (the project's folder, the
//! map's title), its answer is handed to the one function that acts on it, and when no system
//! dialog can be shown the window says so and asks for the path in a field of its own. Nothing
//! is silently dropped.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use super::SozialatlasApp;
use super::dialog::{SaveKind, answer, ask};
use crate::state::{Command, IndexCommand, WorkshopCommand};
use crate::ui::window_texts::window_texts;

/// What a file is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Data files, projects or offline packages to open.
    Open,
    /// An indicator table to join.
    Table,
    Project,
    /// The export of the dialog's page (PDF, SVG, PNG).
    Export,
    IndexCsv,
    PinsCsv,
    PinsGeojson,
    NotesCsv,
    /// An offline basemap package (MBTiles).
    Package,
}

impl Purpose {
    fn saves(&self) -> bool {
        !matches!(self, Purpose::Open | Purpose::Table)
    }
}

/// The in-app path field, shown when no system dialog can be.
#[derive(Debug, Clone)]
pub struct PathPrompt {
    pub purpose: Purpose,
    pub text: String,
    error: Option<&'static str>,
    /// The field got the keyboard focus (once, when the prompt opened).
    focused: bool,
}

/// The folder suggested for saving when there is no project yet: the user's documents, else
/// the home folder (never the working directory the program happened to start in).
fn default_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .map_or_else(|| dirs.home_dir().to_path_buf(), Path::to_path_buf),
    )
}

impl SozialatlasApp {
    /// The folder files are suggested in: the project's folder, else the documents folder.
    pub fn suggested_folder(&self) -> Option<PathBuf> {
        self.project_path
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(default_folder)
    }

    /// The suggested path for a file to save.
    pub fn suggested_path(&self, purpose: &Purpose) -> PathBuf {
        let name = match purpose {
            Purpose::Open | Purpose::Table => String::new(),
            Purpose::Project => self
                .project_path
                .as_ref()
                .and_then(|p| p.file_name())
                .map_or_else(
                    || "planung.sozialatlas".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                ),
            Purpose::Export => self.export_dialog.file_name(&self.state),
            Purpose::IndexCsv => self.state.index().map_or_else(
                || "sozialindex.csv".to_owned(),
                |ix| format!("sozialindex_{}.csv", ix.edition_label),
            ),
            Purpose::PinsCsv => "pins.csv".to_owned(),
            Purpose::PinsGeojson => "pins.geojson".to_owned(),
            Purpose::NotesCsv => "notizen.csv".to_owned(),
            Purpose::Package => "hintergrundkarte.mbtiles".to_owned(),
        };
        match self.suggested_folder() {
            Some(d) => d.join(name),
            None => PathBuf::from(name),
        }
    }

    /// Ask for a file (one dialog at a time; a second request while one is open is ignored).
    pub(super) fn ask_file(&mut self, purpose: Purpose) {
        if self.asking.is_some() || self.path_prompt.is_some() {
            return;
        }
        let dialog = self.dialog.clone();
        dialog.set_english(self.state.lang == crate::i18n::Lang::En);
        let suggested = self.suggested_path(&purpose);
        let p = purpose.clone();
        let rx: Option<Receiver<Vec<PathBuf>>> = ask("dateidialog", move || {
            let one = |x: Option<PathBuf>| x.into_iter().collect::<Vec<_>>();
            match p {
                Purpose::Open => dialog.pick_files(),
                Purpose::Table => one(dialog.pick_table()),
                Purpose::Project => one(dialog.save(SaveKind::Project, &suggested)),
                Purpose::Export => one(dialog.save(SaveKind::Export, &suggested)),
                Purpose::IndexCsv | Purpose::PinsCsv | Purpose::NotesCsv => {
                    one(dialog.save(SaveKind::Csv, &suggested))
                }
                Purpose::PinsGeojson => one(dialog.save(SaveKind::Geojson, &suggested)),
                Purpose::Package => one(dialog.save(SaveKind::Package, &suggested)),
            }
        });
        self.asking = rx.map(|rx| (purpose, rx));
    }

    /// "Projekt speichern unter…" (and "Speichern" in the quit prompt for a new project).
    pub(super) fn ask_project_path(&mut self) {
        self.ask_file(Purpose::Project);
    }

    /// The dialog's answer, once it is there.
    pub(super) fn poll_files(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some((purpose, rx)) = self.asking.take() else {
            return;
        };
        let mut slot = Some(rx);
        match answer(&mut slot, ctx) {
            Some(paths) if !paths.is_empty() => self.deliver(ctx, &purpose, paths, commands),
            Some(_) if !self.dialog.available() => {
                let text = if purpose.saves() {
                    self.suggested_path(&purpose).display().to_string()
                } else {
                    self.suggested_folder()
                        .map(|d| format!("{}{}", d.display(), std::path::MAIN_SEPARATOR))
                        .unwrap_or_default()
                };
                self.path_prompt = Some(PathPrompt {
                    purpose,
                    text,
                    error: None,
                    focused: false,
                });
            }
            Some(_) => self.cancelled(&purpose),
            None => match slot {
                Some(rx) => self.asking = Some((purpose, rx)),
                // The dialog's thread ended without an answer: as if cancelled.
                None => self.cancelled(&purpose),
            },
        }
    }

    fn cancelled(&mut self, purpose: &Purpose) {
        if *purpose == Purpose::Project {
            self.after_save_for_quit(false);
        }
    }

    /// Act on the chosen files.
    fn deliver(
        &mut self,
        ctx: &egui::Context,
        purpose: &Purpose,
        paths: Vec<PathBuf>,
        commands: &mut Vec<Command>,
    ) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::Open => {
                let paths = self.take_mbtiles(ctx, paths);
                let paths = self.take_projects(ctx, paths);
                if !paths.is_empty() {
                    commands.push(Command::OpenPaths(paths));
                }
            }
            Purpose::Table => {
                self.join_dialog = Some(crate::ui::join::JoinDialog::open(&self.state, first));
            }
            Purpose::Project => {
                let ok = self.save_project(&first);
                self.after_save_for_quit(ok);
            }
            Purpose::Export => {
                self.export_dialog.start(&self.state, first);
            }
            Purpose::IndexCsv => commands.push(Command::Index(IndexCommand::ExportCsv(first))),
            Purpose::PinsCsv | Purpose::PinsGeojson => {
                commands.push(Command::Workshop(WorkshopCommand::ExportPins(first)));
            }
            Purpose::NotesCsv => {
                commands.push(Command::Workshop(WorkshopCommand::ExportNotes(first)));
            }
            Purpose::Package => {
                if let Some(source) = self.map.basemap().map(|b| b.source().clone()) {
                    let bbox = self
                        .basemap_ui
                        .package_bbox(self.map.visible_bbox(), self.state.all_bbox());
                    self.basemap_ui.start(&source, bbox, first);
                }
            }
        }
    }

    /// The path field shown when no system dialog can be.
    pub(super) fn path_prompt_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(prompt) = &mut self.path_prompt else {
            return;
        };
        let w = window_texts(self.state.lang);
        let saves = prompt.purpose.saves();
        let mut done: Option<bool> = None;
        egui::Window::new(if saves {
            w.path_title_save
        } else {
            w.path_title_open
        })
        .collapsible(false)
        .order(egui::Order::Foreground)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(w.path_no_dialog);
            ui.horizontal(|ui| {
                ui.label(w.path_label);
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut prompt.text)
                        .desired_width(460.0)
                        .id_salt("pfad_eingabe"),
                );
                edit.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, w.path_label)
                });
                if !prompt.focused {
                    edit.request_focus();
                    prompt.focused = true;
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    done = Some(true);
                }
            });
            if let Some(e) = prompt.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                let ok = if saves {
                    w.path_ok_save
                } else {
                    w.path_ok_open
                };
                if ui.button(ok).clicked() {
                    done = Some(true);
                }
                if ui.button(w.quit_cancel).clicked() {
                    done = Some(false);
                }
            });
        });
        match done {
            Some(true) => {
                let path = PathBuf::from(prompt.text.trim());
                let problem = if saves {
                    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                    (path.file_name().is_none() || dir.is_some_and(|d| !d.is_dir()))
                        .then_some(w.path_no_folder)
                } else {
                    (!path.is_file()).then_some(w.path_missing)
                };
                if problem.is_some() {
                    prompt.error = problem;
                } else if let Some(p) = self.path_prompt.take() {
                    self.deliver(ctx, &p.purpose, vec![path], commands);
                }
            }
            Some(false) => {
                if let Some(p) = self.path_prompt.take() {
                    self.cancelled(&p.purpose);
                }
            }
            None => {}
        }
    }
}
