//! The legend of the index map: the 4 × 3 matrix of status class × dynamics class with the
//! number of areas per cell (or the four status / three dynamics classes alone), the
//! "ohne Zuordnung" entry and the method note.

use egui::{Color32, RichText, Sense, Ui};

use super::texts::index_texts;
use crate::analysis::index::{DynamicsClass, StatusClass};
use crate::analysis::palette::{
    DYNAMICS_COLOURS, GESAMT_COLOURS, INDEX_WITHOUT_CLASS, Rgb, STATUS_COLOURS,
};
use crate::state::{AppState, IndexMap, IndexState};

const CELL: egui::Vec2 = egui::vec2(46.0, 24.0);

fn swatch(ui: &mut Ui, colour: Rgb, size: egui::Vec2, text: &str) {
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let [r, g, b] = colour;
    let fill = Color32::from_rgb(r, g, b);
    let p = ui.painter();
    p.rect_filled(rect, 1.0, fill);
    p.rect_stroke(
        rect,
        1.0,
        egui::Stroke::new(0.6, Color32::from_gray(110)),
        egui::StrokeKind::Inside,
    );
    if !text.is_empty() {
        // Dark text on light cells, white on dark ones.
        let light = 0.299 * r as f32 + 0.587 * g as f32 + 0.114 * b as f32 > 150.0;
        p.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(13.0),
            if light {
                Color32::BLACK
            } else {
                Color32::WHITE
            },
        );
    }
}

/// The index legend for the map overlay.
pub fn index_legend(ui: &mut Ui, state: &AppState, ix: &IndexState, map: IndexMap) {
    let t = index_texts(state.lang);
    let english = state.lang == crate::i18n::Lang::En;
    let r = &ix.result;
    ui.set_max_width(crate::theme::LEGEND_WIDTH_CLASSES - 40.0);
    let title = match map {
        IndexMap::Gesamt => t.legend_gesamt,
        IndexMap::Status => t.legend_status,
        IndexMap::Dynamik => t.legend_dynamics,
    };
    let period = match &r.dynamics_label {
        Some(before) if map != IndexMap::Status => format!(" {} – {}", before, ix.edition_label),
        _ => format!(" {}", ix.edition_label),
    };
    ui.label(RichText::new(format!("{title}{period}")).strong());
    let status_name = |c: StatusClass| {
        format!(
            "{} {}",
            c.number(),
            if english { c.label_en() } else { c.label_de() }
        )
    };
    let dyn_name = |c: DynamicsClass| {
        format!(
            "{} {}",
            c.symbol(),
            if english { c.label_en() } else { c.label_de() }
        )
    };
    match map {
        IndexMap::Gesamt if r.dynamics.is_some() => {
            let m = r.matrix();
            egui::Grid::new("index_matrix")
                .spacing([3.0, 3.0])
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(format!("{} | {}:", t.status_axis, t.dynamics_axis)).small(),
                    );
                    for d in DynamicsClass::ALL {
                        ui.label(RichText::new(dyn_name(d)).small());
                    }
                    ui.end_row();
                    for s in StatusClass::ALL {
                        ui.label(status_name(s));
                        for d in DynamicsClass::ALL {
                            swatch(
                                ui,
                                GESAMT_COLOURS[s.index()][d.index()],
                                CELL,
                                &m[s.index()][d.index()].to_string(),
                            );
                        }
                        ui.end_row();
                    }
                });
        }
        IndexMap::Dynamik => {
            let counts = r.dynamics_counts();
            for d in DynamicsClass::ALL {
                ui.horizontal(|ui| {
                    swatch(
                        ui,
                        DYNAMICS_COLOURS[d.index()],
                        CELL,
                        &counts[d.index()].to_string(),
                    );
                    ui.label(dyn_name(d));
                });
            }
        }
        _ => {
            let counts = r.status_counts();
            for s in StatusClass::ALL {
                ui.horizontal(|ui| {
                    swatch(
                        ui,
                        STATUS_COLOURS[s.index()],
                        CELL,
                        &counts[s.index()].to_string(),
                    );
                    ui.label(status_name(s));
                });
            }
        }
    }
    let without = (0..r.len())
        .filter(|&i| ix.colour(i, map) == INDEX_WITHOUT_CLASS)
        .count();
    ui.horizontal(|ui| {
        swatch(ui, INDEX_WITHOUT_CLASS, CELL, &without.to_string());
        ui.label(t.without_class);
    });
    let name = |f: &str| state.labels.label(f, english);
    ui.label(RichText::new(ix.method_note(english, &name)).small().weak());
    ui.add_space(4.0);
}
