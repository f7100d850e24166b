//! The class map in the registry of analyses: removed with its layer, saved by names
//! ("quantile", "stadtteil"), restored as a [`Command::SetThematic`]. The class map colours the
//! areas and makes the legend itself (it is the map's base), so it adds no symbols, notes or
//! Steckbrief section of its own.

use super::analyses::{AnalysisPart, IdOf, Section};
use super::{AppState, Command, LayerId, Thematic};
use crate::export::content::MapContent;
use crate::project::Project;

impl AnalysisPart for Option<Thematic> {
    fn name(&self) -> &'static str {
        "thematic"
    }

    fn on_layer_removed(&mut self, id: LayerId, _position: usize) {
        if self.as_ref().is_some_and(|t| t.layer == id) {
            *self = None;
        }
    }

    fn save(&self, state: &AppState, project: &mut Project) {
        project.thematic = state.project_thematic();
    }

    fn restore(&self, state: &AppState, project: &Project, id_of: &IdOf) -> Vec<Command> {
        project
            .thematic
            .as_ref()
            .and_then(|t| state.thematic_command(t, id_of))
            .into_iter()
            .collect()
    }

    fn export_symbols(&self, _state: &AppState, _content: &mut MapContent) {}

    fn export_notes(&self, _state: &AppState, _content: &mut MapContent) {}

    fn steckbrief(&self, _state: &AppState, _row: usize, _english: bool) -> Option<Section> {
        None
    }
}
