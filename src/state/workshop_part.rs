//! The workshop (saved views, pins, area notes) in the registry of analyses: notes follow
//! their layer's position, the whole workshop is saved and restored, pins go onto exported
//! maps (one symbol set per category, and a source line) when switched on, area notes into
//! the Steckbrief.

use super::analyses::{AnalysisPart, IdOf, Section};
use super::{AppState, Command, LayerId, WorkshopCommand};
use crate::export::content::{FacilitySet, MapContent, Mark, SymbolStyle};
use crate::project::Project;
use crate::workshop::{PinCategory, Workshop};

impl AnalysisPart for Workshop {
    fn name(&self) -> &'static str {
        "workshop"
    }

    fn on_layer_removed(&mut self, _id: LayerId, position: usize) {
        self.layer_removed(position);
    }

    fn save(&self, _state: &AppState, project: &mut Project) {
        project.workshop = self.clone();
    }

    fn restore(&self, _state: &AppState, project: &Project, _id_of: &IdOf) -> Vec<Command> {
        vec![Command::Workshop(WorkshopCommand::Restore(Box::new(
            project.workshop.clone(),
        )))]
    }

    fn export_symbols(&self, state: &AppState, content: &mut MapContent) {
        if !self.pins_in_exports {
            return;
        }
        let english = state.lang.is_english();
        for cat in PinCategory::ALL {
            let points: Vec<(f64, f64)> = self
                .pins
                .iter()
                .filter(|p| p.category == cat)
                .map(|p| (p.lon, p.lat))
                .collect();
            if points.is_empty() {
                continue;
            }
            let [r, g, b] = cat.rgb();
            let label = if english {
                cat.label_en()
            } else {
                cat.label_de()
            };
            content.facilities.push(FacilitySet {
                name: format!("Pin: {label}"),
                style: SymbolStyle {
                    mark: Mark::Circle,
                    fill: [r, g, b, 255],
                    stroke: [0, 0, 0, 255],
                    radius_mm: 1.8,
                    hollow: false,
                },
                points,
            });
        }
    }

    fn export_notes(&self, state: &AppState, content: &mut MapContent) {
        if self.pins_in_exports && !self.pins.is_empty() {
            content.sources.push(if state.lang.is_english() {
                format!("Pins: workshop input ({})", self.pins.len())
            } else {
                format!("Pins: Beiträge aus der Beteiligung ({})", self.pins.len())
            });
        }
    }

    fn steckbrief(&self, state: &AppState, row: usize, english: bool) -> Option<Section> {
        state.notes_section(row, english)
    }
}
