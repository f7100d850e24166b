//! The bottom panel (linked views, the index result, the reach analysis) and the index CSV's
//! save dialog.

use egui::Ui;

use super::SozialatlasApp;
use crate::state::{AppState, Command};

/// The bottom panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bottom {
    Views,
    Index,
    Reach,
}

impl SozialatlasApp {
    /// The bottom panel: linked views, the index result or the reach analysis. Returns whether
    /// the index CSV export was asked for.
    pub(super) fn bottom_panel(
        &mut self,
        ui: &mut Ui,
        texts: &crate::i18n::Texts,
        out: &mut Vec<Command>,
    ) -> bool {
        let has = |b: Bottom, s: &AppState| match b {
            Bottom::Views => s.thematic().is_some(),
            Bottom::Index => s.index().is_some(),
            Bottom::Reach => true,
        };
        if !has(self.bottom, &self.state) {
            self.bottom = Bottom::Views;
        }
        if !self.show_views || !(self.state.thematic().is_some() || self.bottom != Bottom::Views) {
            return false;
        }
        let mut export = false;
        egui::Panel::bottom("ansichten")
            .resizable(true)
            .default_size(290.0)
            .min_size(250.0)
            .show(ui, |ui| {
                let it = crate::ui::index::texts::index_texts(self.state.lang);
                let rt = crate::ui::reach::texts::reach_texts(self.state.lang);
                ui.horizontal(|ui| {
                    for (b, label) in [
                        (Bottom::Views, texts.views),
                        (Bottom::Index, it.window_title),
                        (Bottom::Reach, rt.tab),
                    ] {
                        if has(b, &self.state) {
                            ui.selectable_value(&mut self.bottom, b, label);
                        }
                    }
                });
                match self.bottom {
                    Bottom::Index => export = self.index_ui.panel(ui, &self.state, out),
                    Bottom::Reach => self.reach_ui.show(ui, &self.state, out),
                    Bottom::Views => self.views.show(ui, &self.state, texts, out),
                }
            });
        export
    }

    /// Ask where to save the index CSV on a worker thread; the export runs when it answers.
    pub(super) fn save_index_csv(&mut self) {
        self.ask_file(super::Purpose::IndexCsv);
    }
}
