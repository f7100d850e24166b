//! The layer panel ("Ebenen"): visibility, drawing style, zoom, load report and removal per
//! layer, the legend of symbols, and a search over feature names that selects and zooms.

use egui::{RichText, Ui};

use crate::i18n::Texts;
use crate::model::Layer;
use crate::paint::{c32, symbol_shape};
use crate::state::{AppState, AreaStyle, Command, FeatureRef};
use crate::theme;

/// UI-only state of the panel.
#[derive(Debug, Default)]
pub struct LayersPanel {
    pub search: String,
}

const MAX_HITS: usize = 12;

impl LayersPanel {
    pub fn show(&mut self, ui: &mut Ui, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
        ui.heading(t.layers);
        if state.layers.is_empty() {
            ui.label(t.no_layers);
        }
        // Top of the drawing order first, as in every GIS. One row per layer (symbol, name,
        // count, options), so the panel stays short enough for the class map below it.
        let w = super::window_texts::window_texts(state.lang);
        for entry in state.layers.iter().rev() {
            let mut visible = entry.visible;
            ui.horizontal(|ui| {
                legend_swatch(ui, entry.style, &entry.layer);
                if ui
                    .checkbox(&mut visible, entry.display_name(state.lang))
                    .changed()
                {
                    out.push(Command::SetVisible(entry.id, visible));
                }
                if entry.layer.fictitious() {
                    ui.label(
                        RichText::new(t.fictitious_short)
                            .small()
                            .color(theme::BADGE_FICTITIOUS),
                    )
                    .on_hover_text(t.fictitious);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let options =
                        format!("{}: {}", w.layer_options, entry.display_name(state.lang));
                    let menu = ui.menu_button("…", |ui| layer_menu(ui, entry, t, out));
                    menu.response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, &options)
                    });
                    menu.response.on_hover_text(w.layer_options);
                    ui.label(
                        RichText::new(state.lang.words().number(entry.layer.len() as f64))
                            .small()
                            .weak(),
                    )
                    .on_hover_text(t.features);
                });
            });
            // Skipped features are never hidden in a menu.
            if !entry.report.skipped.is_empty() {
                let text = format!(
                    "{} ({} {})",
                    t.show_report,
                    entry.report.skipped.len(),
                    t.skipped
                );
                if ui
                    .small_button(RichText::new(text).color(theme::BADGE_FICTITIOUS))
                    .clicked()
                {
                    out.push(Command::ShowReport(Some(entry.id)));
                }
            }
        }
        ui.separator();
        self.search_box(ui, state, t, out);
    }

    fn search_box(&mut self, ui: &mut Ui, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
        let l = ui.label(t.find_area);
        ui.text_edit_singleline(&mut self.search).labelled_by(l.id);
        let needle = self.search.trim().to_lowercase();
        if needle.len() < 2 {
            return;
        }
        let mut hits = 0;
        for entry in state.layers.iter().rev() {
            let Layer::Areas(layer) = &entry.layer else {
                continue;
            };
            for i in 0..layer.areas.len() {
                let title = layer.feature_title(i);
                if !title.to_lowercase().contains(&needle) {
                    continue;
                }
                hits += 1;
                if hits > MAX_HITS {
                    return;
                }
                let chosen = state.selection
                    == Some(FeatureRef {
                        layer: entry.id,
                        feature: i,
                    });
                if ui
                    .selectable_label(
                        chosen,
                        format!("{title} ({})", entry.display_name(state.lang)),
                    )
                    .clicked()
                {
                    out.push(Command::SelectAndReveal(FeatureRef {
                        layer: entry.id,
                        feature: i,
                    }));
                }
            }
        }
        if hits == 0 {
            ui.label(RichText::new("–").weak());
        }
    }
}

/// A layer's options: its type (points), how it is drawn (areas), zoom, load report, removal.
fn layer_menu(ui: &mut Ui, entry: &crate::state::LayerEntry, t: &Texts, out: &mut Vec<Command>) {
    // The type of a point layer decides its symbol and the names of its distances.
    if let Layer::Facilities(f) = &entry.layer {
        let mut kind = f.kind;
        ui.label(RichText::new(t.facility_kind).strong());
        for k in crate::model::FacilityKind::ALL {
            ui.radio_value(&mut kind, k, crate::i18n::facility_kind_name(k, t));
        }
        if kind != f.kind {
            out.push(Command::SetFacilityKind(entry.id, kind));
        }
        ui.separator();
    }
    if let Layer::Areas(_) = entry.layer {
        let mut style = entry.style;
        ui.radio_value(&mut style, AreaStyle::Fill, t.area_layer);
        ui.radio_value(&mut style, AreaStyle::Boundary, t.boundary_layer);
        if style != entry.style {
            out.push(Command::SetAreaStyle(entry.id, style));
        }
        ui.separator();
    }
    if ui.button(t.zoom_to_layer).clicked() {
        out.push(Command::ZoomToLayer(entry.id));
        ui.close();
    }
    if ui.button(t.show_report).clicked() {
        out.push(Command::ShowReport(Some(entry.id)));
        ui.close();
    }
    if ui.button(t.remove_layer).clicked() {
        out.push(Command::RemoveLayer(entry.id));
        ui.close();
    }
}

/// A small picture of how the layer is drawn.
fn legend_swatch(ui: &mut Ui, style: AreaStyle, layer: &Layer) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 14.0), egui::Sense::hover());
    let painter = ui.painter();
    match layer {
        Layer::Areas(_) if style == AreaStyle::Fill => {
            painter.rect_filled(rect, 2.0, theme::AREA_FILL);
            painter.rect_stroke(
                rect,
                2.0,
                egui::Stroke::new(1.0, theme::AREA_OUTLINE),
                egui::StrokeKind::Inside,
            );
        }
        Layer::Areas(_) => {
            painter.rect_stroke(
                rect,
                0.0,
                egui::Stroke::new(2.0, theme::BOUNDARY_OUTLINE),
                egui::StrokeKind::Inside,
            );
        }
        Layer::Facilities(f) => {
            let s = theme::symbol(f.kind);
            painter.add(symbol_shape(
                s.shape,
                rect.center(),
                s.radius.clamp(3.0, 6.5),
                c32(s.fill),
                egui::Stroke::new(1.0, s.stroke),
            ));
        }
    }
}
