//! The info panel ("Informationen"): all attributes of the selected feature with German labels
//! from the field metadata, numbers in German format, units where known.

use egui::{RichText, Ui};

use crate::i18n::{Lang, Texts};
use crate::model::Layer;
use crate::state::{AppState, Command};

pub fn show(ui: &mut Ui, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
    ui.heading(t.info);
    let Some(sel) = state.selection else {
        ui.label(t.nothing_selected);
        return;
    };
    let Some(entry) = state.layer(sel.layer) else {
        ui.label(t.nothing_selected);
        return;
    };
    let english = state.lang == Lang::En;
    ui.label(
        RichText::new(entry.layer.feature_title(sel.feature))
            .heading()
            .strong(),
    );
    let kind = match &entry.layer {
        Layer::Areas(_) => entry.layer.name().to_owned(),
        Layer::Facilities(f) => format!(
            "{} · {}",
            super::facility_kind_name(f.kind, t),
            entry.layer.name()
        ),
    };
    ui.label(RichText::new(kind).weak());
    if entry.layer.fictitious() {
        ui.label(
            RichText::new(t.fictitious)
                .small()
                .color(crate::theme::BADGE_FICTITIOUS),
        );
    }
    ui.add_space(6.0);
    let values = entry.layer.values(sel.feature).unwrap_or(&[]);
    egui::Grid::new("attribute")
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (field, value) in entry.layer.schema().fields.iter().zip(values) {
                let label = state.labels.label(&field.name, english);
                let unit = state
                    .labels
                    .get(&field.name)
                    .map(|l| l.unit.clone())
                    .unwrap_or_default();
                let mut shown = value.display_de();
                if !unit.is_empty() && value.as_f64().is_some() && unit != "Personen" {
                    shown = format!("{shown} {unit}");
                }
                let r = ui.label(RichText::new(label).strong());
                if let Some(def) = state.labels.get(&field.name).map(|l| l.definition.clone())
                    && !def.is_empty()
                {
                    r.on_hover_text(def);
                }
                ui.label(shown);
                ui.end_row();
            }
            if let Layer::Areas(l) = &entry.layer
                && let Some(a) = l.areas.get(sel.feature)
            {
                let label = if english { "Area" } else { "Fläche" };
                ui.label(RichText::new(label).strong());
                ui.label(format!(
                    "{} km²",
                    crate::model::value::format_number_de(a.area_m2() / 1e6)
                ));
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(t.zoom_selection).clicked() {
            out.push(Command::ZoomToSelection);
        }
        if ui.button(t.clear_selection).clicked() {
            out.push(Command::Select(None));
        }
    });
}
