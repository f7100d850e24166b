//! Quitting without losing work. The window remembers the project as it was last saved or
//! opened (its project text); quitting — *Beenden*, Ctrl+Q or closing the window — with a
//! different state asks *Änderungen speichern?* with Speichern / Nicht speichern / Abbrechen.
//! The recovery file goes only after the user decided; Abbrechen keeps the window as it was.

use std::path::{Path, PathBuf};

use super::SozialatlasApp;
use crate::ui::window_texts::window_texts;

/// The project text of the state as last saved or opened.
#[derive(Debug, Default)]
pub(super) struct Baseline {
    /// `None` while it is still to be taken (files of the start or of an opened project are
    /// loading in the background).
    text: Option<String>,
    /// Work restored after a crash: unsaved whatever it contains.
    unsaved: bool,
}

/// Where the quit prompt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Prompt {
    #[default]
    Closed,
    Open,
    /// "Speichern" chose a file name in the save dialog; quit once the project is saved.
    SavingThenQuit,
}

impl SozialatlasApp {
    /// The base path that relative paths of the project text are computed from.
    fn baseline_base(&self) -> PathBuf {
        self.project_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("ungespeichert.sozialatlas"))
    }

    fn project_text(&self, base: &Path) -> String {
        self.state.to_project(base, self.basemap_ref()).to_json()
    }

    /// Take the baseline once loading has finished (called every frame; cheap when taken).
    pub(super) fn settle_baseline(&mut self) {
        if self.baseline.text.is_some() || self.baseline.unsaved {
            return;
        }
        if self.state.loading.is_none() && self.relocating.is_none() {
            self.baseline.text = Some(self.project_text(&self.baseline_base()));
        }
    }

    /// Restored work: unsaved until saved.
    pub(super) fn mark_unsaved(&mut self) {
        self.baseline = Baseline {
            text: None,
            unsaved: true,
        };
    }

    /// The project was saved with this text (relative to the project path).
    pub(super) fn saved(&mut self, text: String) {
        self.baseline = Baseline {
            text: Some(text),
            unsaved: false,
        };
    }

    /// Whether the quit prompt is shown (it takes Esc for itself).
    pub(super) fn quit_prompt_open(&self) -> bool {
        self.quit_prompt == Prompt::Open
    }

    /// Whether quitting now would lose work.
    pub fn has_unsaved_changes(&self) -> bool {
        if self.baseline.unsaved {
            return true;
        }
        match &self.baseline.text {
            Some(t) => *t != self.project_text(&self.baseline_base()),
            None => false,
        }
    }

    /// Quit, or ask first when there are unsaved changes.
    pub(super) fn request_quit(&mut self) {
        if self.has_unsaved_changes() {
            self.quit_prompt = Prompt::Open;
        } else {
            self.finish_quit();
        }
    }

    fn finish_quit(&mut self) {
        self.quit_prompt = Prompt::Closed;
        self.clean_exit();
        self.quit = true;
    }

    /// The window's close button: cancelled while the user is asked.
    pub(super) fn close_requested(&mut self, ctx: &egui::Context) {
        if self.quit {
            return;
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.request_quit();
    }

    /// A save that "Speichern" in the prompt started has ended: quit when it succeeded.
    pub(super) fn after_save_for_quit(&mut self, saved: bool) {
        if self.quit_prompt == Prompt::SavingThenQuit {
            if saved {
                self.finish_quit();
            } else {
                self.quit_prompt = Prompt::Closed;
            }
        }
    }

    /// The modal "Änderungen speichern?" prompt.
    pub(super) fn quit_prompt_window(&mut self, ctx: &egui::Context) {
        if self.quit_prompt != Prompt::Open {
            return;
        }
        let w = window_texts(self.state.lang);
        #[derive(Clone, Copy)]
        enum Choice {
            Save,
            Discard,
            Cancel,
        }
        let mut choice = None;
        let modal = egui::Modal::new(egui::Id::unique("beenden_fragen")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(w.quit_title);
            ui.label(w.quit_question);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(w.quit_save).clicked() {
                    choice = Some(Choice::Save);
                }
                if ui.button(w.quit_discard).clicked() {
                    choice = Some(Choice::Discard);
                }
                if ui.button(w.quit_cancel).clicked() {
                    choice = Some(Choice::Cancel);
                }
            });
        });
        if modal.should_close() && choice.is_none() {
            choice = Some(Choice::Cancel);
        }
        match choice {
            Some(Choice::Save) => match self.project_path.clone() {
                Some(p) => {
                    let ok = self.save_project(&p);
                    self.quit_prompt = Prompt::SavingThenQuit;
                    self.after_save_for_quit(ok);
                }
                None => {
                    self.quit_prompt = Prompt::SavingThenQuit;
                    self.ask_project_path();
                }
            },
            Some(Choice::Discard) => self.finish_quit(),
            Some(Choice::Cancel) => self.quit_prompt = Prompt::Closed,
            None => {}
        }
    }
}
