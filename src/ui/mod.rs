//! Panels of the window. Each reads `&AppState` and pushes [`Command`]s; none changes state.
//! Every control has a visible or accessible label, so tests can find it by name.

pub mod analyses;
pub mod basemap;
pub mod export;
pub mod index;
pub mod info;
pub mod join;
pub mod layers;
pub mod legend_card;
pub mod menu;
pub mod messages;
pub mod number;
pub mod overlay;
pub mod reach;
pub mod thematic;
pub mod views;
pub mod window_texts;
pub mod workshop;

pub use crate::state::Command;

/// Where a tool window opens at first: below the menu bar and the messages, beside the side
/// panels (`right`: at the right, left of the info panel), never over the menu.
pub fn window_home(ctx: &egui::Context, right: bool) -> (egui::Align2, egui::Pos2) {
    let r = ctx.content_rect();
    if right {
        (
            egui::Align2::RIGHT_TOP,
            r.right_top() + egui::vec2(-320.0, 90.0),
        )
    } else {
        (
            egui::Align2::LEFT_TOP,
            r.left_top() + egui::vec2(320.0, 90.0),
        )
    }
}
