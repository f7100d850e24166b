//! The needs index in the window: the wizard that sets it up, the result window (ranking,
//! breakdown, sensitivity, Indikatorenblatt) and the matrix legend of the index map.

mod explain;
pub mod legend;
mod sensitivity;
mod steps;
pub mod texts;
pub mod window;
pub mod wizard;

use crate::state::{AppState, Command};
use window::{ResultWindow, WindowRequest};
use wizard::Wizard;

/// The index windows and what they remember between frames.
#[derive(Default)]
pub struct IndexUi {
    pub wizard: Option<Wizard>,
    pub result: ResultWindow,
    /// A new index arrived this frame (the app then shows it in the bottom panel).
    pub fresh: bool,
    /// The generation of the index seen last frame, to show a new result when it arrives.
    seen: Option<u64>,
}

impl IndexUi {
    pub fn open_wizard(&mut self, state: &AppState) {
        self.wizard = Wizard::new(state);
    }

    /// Show the wizard when open (its right edge at the map's top right corner), and switch
    /// the bottom panel to a freshly computed index.
    pub fn show_wizard(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        map_rect: egui::Rect,
        out: &mut Vec<Command>,
    ) {
        let anchor = map_rect.right_top() + egui::vec2(-12.0, 12.0);
        if let Some(w) = &mut self.wizard
            && !w.show(ctx, state, anchor, out)
        {
            self.wizard = None;
        }
        let current = state.index().map(|ix| ix.generation);
        self.fresh = current.is_some() && current != self.seen;
        self.seen = current;
    }

    /// The index result in the bottom panel; returns whether a CSV export was asked for.
    pub fn panel(&mut self, ui: &mut egui::Ui, state: &AppState, out: &mut Vec<Command>) -> bool {
        let t = texts::index_texts(state.lang);
        let WindowRequest {
            open_wizard,
            export_csv,
        } = self.result.show(ui, state, t, out);
        if open_wizard {
            self.open_wizard(state);
        }
        export_csv
    }
}

/// The index of an area in the info panel: status class, index and rank, dynamics class.
pub fn info_summary(ui: &mut egui::Ui, state: &AppState, layer: crate::state::LayerId, row: usize) {
    let Some(ix) = state.index().filter(|ix| ix.request.layer == layer) else {
        return;
    };
    let t = texts::index_texts(state.lang);
    let english = state.lang == crate::i18n::Lang::En;
    let r = &ix.result;
    let Some(valid) = r.status.validity.get(row) else {
        return;
    };
    let text = match (r.status_class[row], r.status.index[row], valid) {
        (Some(c), Some(v), _) => {
            let rank = ix
                .ranks
                .get(row)
                .copied()
                .flatten()
                .map_or(String::new(), |k| {
                    format!(", {} {k}/{}", t.rank, r.status.n_valid)
                });
            format!(
                "{}: {} {} ({}{rank})",
                t.status_index,
                c.number(),
                if english { c.label_en() } else { c.label_de() },
                state.lang.words().signed(v, 2)
            )
        }
        (_, _, Err(e)) => format!(
            "{}: {} ({})",
            t.status_index,
            t.without_class,
            if english {
                e.reason_en()
            } else {
                e.reason_de()
            }
        ),
        _ => return,
    };
    ui.label(egui::RichText::new(text).strong());
    if r.dynamics.is_some() {
        let d = r.dynamics_class[row].map_or(t.without_class.to_owned(), |c| {
            format!(
                "{} {}",
                c.symbol(),
                if english { c.label_en() } else { c.label_de() }
            )
        });
        ui.label(format!("{}: {d}", t.dynamics_index));
    }
    ui.add_space(4.0);
}
