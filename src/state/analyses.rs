//! The registry of analyses in the application state: the class map, the needs index, the
//! reach analysis and the workshop (views, pins, notes). Each keeps its state in one field of
//! [`Analyses`] and plugs into the rest of the state through [`AnalysisPart`]: what happens
//! when a layer is removed, how it is saved into and restored from a project file, what it
//! adds to an exported map and to a Steckbrief.
//!
//! Adding an analysis: a field here, one line in [`Analyses::parts`] and
//! [`Analyses::parts_mut`] (both destructure the struct without `..`, so a field that is not
//! listed does not compile), and an `impl AnalysisPart` beside its state (every method is
//! required, so a forgotten aspect does not compile either). `CONTRIBUTING.md` walks through
//! it with the reach analysis.

use super::{AppState, Command, IndexState, LayerId, ReachState, Thematic};
use crate::export::content::MapContent;
use crate::project::Project;
use crate::workshop::Workshop;

/// Turns a layer's position in a project file into the id it got when opened.
pub(crate) type IdOf<'a> = dyn Fn(usize) -> Option<LayerId> + 'a;

/// A section of a Steckbrief (area profile): heading and lines.
pub(crate) type Section = (String, Vec<String>);

/// One analysis's part of the application state.
pub(crate) trait AnalysisPart {
    /// A stable name ("reach"), for messages and tests.
    fn name(&self) -> &'static str;

    /// Layer `id` (at `position` in the layer list) is being removed: forget what refers to it.
    fn on_layer_removed(&mut self, id: LayerId, position: usize);

    /// Write this analysis into `project` (layers by position, as `state` lists them).
    fn save(&self, state: &AppState, project: &mut Project);

    /// The commands that bring this analysis back from `project`, once its layers and tables
    /// are open (`id_of` maps the file's layer positions to the new ids).
    fn restore(&self, state: &AppState, project: &Project, id_of: &IdOf) -> Vec<Command>;

    /// What this analysis draws on an exported map besides the areas (symbol sets), added
    /// before the legend is made.
    fn export_symbols(&self, state: &AppState, content: &mut MapContent);

    /// What this analysis adds to an exported map's text after the legend: source lines, a
    /// method note.
    fn export_notes(&self, state: &AppState, content: &mut MapContent);

    /// This analysis's section of the Steckbrief of the class map's row `row`.
    fn steckbrief(&self, state: &AppState, row: usize, english: bool) -> Option<Section>;
}

/// The state of every analysis.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analyses {
    /// The class map, if one is shown.
    pub(crate) thematic: Option<Thematic>,
    /// The needs index, once computed.
    pub(crate) index: Option<IndexState>,
    /// The reach analysis, once computed.
    pub(crate) reach: Option<ReachState>,
    /// Saved views, pins and area notes.
    pub(crate) workshop: Workshop,
}

impl Analyses {
    /// Every analysis, in the order it is saved, restored and exported (the class map first:
    /// the others build on it).
    pub(crate) fn parts(&self) -> [&dyn AnalysisPart; 4] {
        let Analyses {
            thematic,
            index,
            reach,
            workshop,
        } = self;
        [thematic, index, reach, workshop]
    }

    /// The same, to change.
    pub(crate) fn parts_mut(&mut self) -> [&mut dyn AnalysisPart; 4] {
        let Analyses {
            thematic,
            index,
            reach,
            workshop,
        } = self;
        [thematic, index, reach, workshop]
    }
}

impl AppState {
    /// The names of the registered analyses, in registry order.
    pub fn analysis_names(&self) -> Vec<&'static str> {
        self.analyses.parts().iter().map(|p| p.name()).collect()
    }
}
