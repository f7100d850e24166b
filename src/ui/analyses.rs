//! The registry of analyses in the panels: each analysis that has something to say about one
//! area adds a block to the info panel (the index's class and rank, the reach's distance and
//! nearest office). Adding an analysis's block: a function of [`InfoBlock`]'s shape in its
//! own `ui/<analysis>/` folder and one line in [`INFO_BLOCKS`].

use egui::Ui;

use crate::state::{AppState, LayerId};

/// An analysis's block in the info panel for row `row` of the class map on `layer` (draws
/// nothing when the analysis has nothing for that area).
pub type InfoBlock = fn(&mut Ui, &AppState, LayerId, usize);

/// Every analysis's info block, in the order they are shown.
pub static INFO_BLOCKS: [InfoBlock; 2] = [super::index::info_summary, super::reach::info_summary];

/// Every analysis's block for one area of the class map.
pub fn info_blocks(ui: &mut Ui, state: &AppState, layer: LayerId, row: usize) {
    for block in INFO_BLOCKS {
        block(ui, state, layer, row);
    }
}
