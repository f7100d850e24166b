//! Read access to the application state. The fields are the state module's own; panels, the
//! map, the CLI and tests read them here and change them only through [`super::Command`]s.

use super::{AppState, FeatureRef, IndexState, LayerEntry, LayerId, LoadJob, MapTool, Message};
use super::{ReachState, Thematic};
use crate::i18n::Lang;
use crate::io::meta::FieldLabels;
use crate::workshop::Workshop;

impl AppState {
    /// Raised by every applied command that changes something: equal revisions, equal state.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The layers in drawing order (first drawn first).
    pub fn layers(&self) -> &[LayerEntry] {
        &self.layers
    }

    pub fn selection(&self) -> Option<FeatureRef> {
        self.selection
    }

    /// The window's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Human names and units of fields (from `indikatoren_meta.csv` and built-in ones).
    pub fn labels(&self) -> &FieldLabels {
        &self.labels
    }

    /// Messages for the user, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The background load, while it runs.
    pub fn loading(&self) -> Option<&LoadJob> {
        self.loading.as_ref()
    }

    /// The box the map should fit, with its request number.
    pub fn fit(&self) -> Option<([f64; 4], u64)> {
        self.fit
    }

    /// Whether the pending fit is a saved view (shown exactly, reached with a smooth move).
    pub fn fit_view(&self) -> bool {
        self.fit_view
    }

    /// The layer whose load report is open.
    pub fn report_open(&self) -> Option<LayerId> {
        self.report_open
    }

    /// The class map, if one is shown.
    pub fn thematic(&self) -> Option<&Thematic> {
        self.analyses.thematic.as_ref()
    }

    /// The edition whose join report is open.
    pub fn join_open(&self) -> Option<(LayerId, usize)> {
        self.join_open
    }

    /// The needs index, once computed.
    pub fn index(&self) -> Option<&IndexState> {
        self.analyses.index.as_ref()
    }

    /// The reach analysis, once computed.
    pub fn reach(&self) -> Option<&ReachState> {
        self.analyses.reach.as_ref()
    }

    /// Saved views, pins and area notes.
    pub fn workshop(&self) -> &Workshop {
        &self.analyses.workshop
    }

    /// The position of layer `id` in the layer list (project files name layers by it).
    pub fn position(&self, id: LayerId) -> Option<usize> {
        self.layers.iter().position(|l| l.id == id)
    }

    /// The label ("2024") of edition `i` of layer `layer`.
    pub fn edition_name(&self, layer: LayerId, i: Option<usize>) -> Option<String> {
        i.and_then(|i| self.layer(layer)?.editions.get(i))
            .map(|e| e.label.clone())
    }

    /// The saved view shown last.
    pub fn active_view(&self) -> Option<usize> {
        self.active_view
    }

    /// What a click on the map does.
    pub fn tool(&self) -> MapTool {
        self.tool
    }

    /// The box the map should bring into view when it is not, with its request number.
    pub fn reveal(&self) -> Option<([f64; 4], u64)> {
        self.reveal
    }
}
