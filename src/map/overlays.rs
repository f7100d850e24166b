//! The registry of map overlays: what an analysis draws over the areas. The map draws the
//! areas, then every overlay's `below` (under the names and facility symbols: reach rings),
//! then names and symbols, then every overlay's `above` (over everything: hypothetical
//! offices, pins). Adding an analysis's drawing: an `impl MapOverlay` in its own file and one
//! line in [`OVERLAYS`].

use egui::Painter;

use super::frame::ScreenTransform;
use crate::state::AppState;

/// One analysis's drawing on the map.
pub(super) trait MapOverlay: Sync {
    /// Drawn under the area names and the facility symbols.
    fn below(&self, state: &AppState, t: &ScreenTransform, painter: &Painter);
    /// Drawn over everything.
    fn above(&self, state: &AppState, t: &ScreenTransform, painter: &Painter);
}

/// Every overlay, in drawing order.
pub(super) static OVERLAYS: [&dyn MapOverlay; 2] =
    [&super::reach::ReachOverlay, &super::pins::PinsOverlay];
