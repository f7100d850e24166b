//! The needs index in the registry of analyses: removed with its layer, saved with its
//! settings, editions and shown map, its method note on exported maps, a section in the
//! Steckbrief.

use super::analyses::{AnalysisPart, IdOf, Section};
use super::project::{edition_index, map_name, map_of};
use super::{AppState, Command, IndexCommand, IndexRequest, IndexState, LayerId};
use crate::export::content::MapContent;
use crate::project::{Project, ProjectIndex};

impl AnalysisPart for Option<IndexState> {
    fn name(&self) -> &'static str {
        "index"
    }

    fn on_layer_removed(&mut self, id: LayerId, _position: usize) {
        if self.as_ref().is_some_and(|x| x.request.layer == id) {
            *self = None;
        }
    }

    fn save(&self, state: &AppState, project: &mut Project) {
        if let Some(ix) = self
            && let Some(layer) = state.position(ix.request.layer)
        {
            project.index = Some(ProjectIndex {
                layer,
                edition: state.edition_name(ix.request.layer, ix.request.edition),
                comparison: state.edition_name(ix.request.layer, ix.request.comparison),
                settings: ix.request.settings.clone(),
                map: ix.map.map(|m| map_name(m).to_owned()),
            });
        }
    }

    fn restore(&self, state: &AppState, project: &Project, id_of: &IdOf) -> Vec<Command> {
        let Some(ix) = &project.index else {
            return Vec::new();
        };
        let Some(layer) = id_of(ix.layer) else {
            return Vec::new();
        };
        vec![
            Command::Index(IndexCommand::Compute(IndexRequest {
                layer,
                edition: edition_index(state, layer, &ix.edition),
                comparison: edition_index(state, layer, &ix.comparison),
                settings: ix.settings.clone(),
            })),
            Command::Index(IndexCommand::ShowOnMap(map_of(ix.map.as_deref()))),
        ]
    }

    fn export_symbols(&self, _state: &AppState, _content: &mut MapContent) {}

    fn export_notes(&self, state: &AppState, content: &mut MapContent) {
        let english = state.lang.is_english();
        content.method_note = state.shown_index().map(|(ix, _)| {
            let name = |f: &str| state.labels.label(f, english);
            ix.method_note(english, &name)
        });
    }

    fn steckbrief(&self, state: &AppState, row: usize, english: bool) -> Option<Section> {
        state
            .base_level_shown()
            .then(|| state.index_section(row, english))
            .flatten()
    }
}
