//! The reach analysis in the registry of analyses: removed with either of its layers, saved
//! with its radii and hypothetical offices, hollow symbols for those offices on exported
//! maps, a section in the Steckbrief.

use super::{ReachCommand, ReachState};
use crate::analysis::reach::ReachSettings;
use crate::export::content::{FacilitySet, MapContent};
use crate::project::{Project, ProjectReach};
use crate::state::analyses::{AnalysisPart, IdOf, Section};
use crate::state::{AppState, Command, LayerId};

impl AnalysisPart for Option<ReachState> {
    fn name(&self) -> &'static str {
        "reach"
    }

    fn on_layer_removed(&mut self, id: LayerId, _position: usize) {
        if self
            .as_ref()
            .is_some_and(|r| r.areas == id || r.facilities == id)
        {
            *self = None;
        }
    }

    fn save(&self, state: &AppState, project: &mut Project) {
        if let Some(r) = self
            && let (Some(areas), Some(facilities)) =
                (state.position(r.areas), state.position(r.facilities))
        {
            project.reach = Some(ProjectReach {
                areas,
                facilities,
                radii: r.settings.radii.clone(),
                k: r.settings.k,
                hypothetical: r.hypothetical.iter().map(|h| [h.lon, h.lat]).collect(),
            });
        }
    }

    fn restore(&self, _state: &AppState, project: &Project, id_of: &IdOf) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some(r) = &project.reach
            && let (Some(areas), Some(facilities)) = (id_of(r.areas), id_of(r.facilities))
        {
            out.push(Command::Reach(ReachCommand::Compute {
                areas,
                facilities,
                settings: ReachSettings {
                    radii: r.radii.clone(),
                    k: r.k,
                },
            }));
            if !r.hypothetical.is_empty() {
                out.push(Command::Reach(ReachCommand::SetHypothetical(
                    r.hypothetical.clone(),
                )));
            }
        }
        out
    }

    fn export_symbols(&self, state: &AppState, content: &mut MapContent) {
        if let Some(r) = self
            && !r.hypothetical.is_empty()
        {
            content.facilities.push(FacilitySet {
                name: crate::state::export::hypothetical_name(r.kind, state.lang.is_english()),
                style: crate::state::export::kind_style(r.kind, true),
                points: r.hypothetical.iter().map(|h| (h.lon, h.lat)).collect(),
            });
        }
    }

    fn export_notes(&self, _state: &AppState, _content: &mut MapContent) {}

    fn steckbrief(&self, state: &AppState, row: usize, english: bool) -> Option<Section> {
        state
            .base_level_shown()
            .then(|| state.reach_section(row, english))
            .flatten()
    }
}
