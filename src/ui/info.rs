//! The info panel ("Informationen"): all attributes of the selected feature with labels from
//! the field metadata, numbers in the reader's format, units where known.

use egui::{RichText, Ui};

use crate::analysis::aggregate::Level;
use crate::analysis::privacy::Datum;
use crate::i18n::{Lang, Texts};
use crate::model::{FieldType, Layer, Value};
use crate::state::{AppState, Command, Thematic};

/// Long indicator names wrap instead of widening the panel.
const INFO_LABEL_WIDTH: f32 = 170.0;

pub fn show(ui: &mut Ui, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
    ui.heading(t.info);
    if let Some(th) = state.thematic()
        && th.brushed.len() == 1
        && let Some(&row) = th.brushed.first()
        && (th.settings.level != Level::Base
            || state.selection.is_some_and(|s| s.layer == th.layer))
    {
        thematic_row(ui, state, th, row, t, out);
        return;
    }
    let Some(sel) = state.selection else {
        ui.label(t.nothing_selected);
        return;
    };
    let Some(entry) = state.layer(sel.layer) else {
        ui.label(t.nothing_selected);
        return;
    };
    let english = state.lang == Lang::En;
    let w = state.lang.words();
    ui.label(
        RichText::new(entry.layer.feature_title(sel.feature))
            .heading()
            .strong(),
    );
    let kind = match &entry.layer {
        Layer::Areas(_) => entry.display_name(state.lang),
        Layer::Facilities(f) => format!(
            "{} · {}",
            crate::i18n::facility_kind_name(f.kind, t),
            entry.display_name(state.lang)
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
        .max_col_width(INFO_LABEL_WIDTH)
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
                let shown = match value.as_f64() {
                    Some(_) => w.with_unit(&w.value(value), &unit),
                    None if field.name == "quelle" => w.source(&w.value(value)),
                    None => w.value(value),
                };
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
                ui.label(RichText::new(w.pick("Fläche", "Area")).strong());
                ui.label(format!("{} km²", w.number(a.area_m2() / 1e6)));
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

/// A row of the class map: layer attributes and indicators as shown (withheld values say
/// "unterdrückt"), at any level.
fn thematic_row(
    ui: &mut Ui,
    state: &AppState,
    th: &Thematic,
    row: usize,
    t: &Texts,
    out: &mut Vec<Command>,
) {
    let english = state.lang == Lang::En;
    let w = state.lang.words();
    let view = &th.view;
    ui.label(
        RichText::new(view.titles.get(row).cloned().unwrap_or_default())
            .heading()
            .strong(),
    );
    let level = if english {
        th.settings.level.label_en()
    } else {
        th.settings.level.label_de()
    };
    ui.label(RichText::new(level).weak());
    if state.layer(th.layer).is_some_and(|e| e.layer.fictitious()) {
        ui.label(
            RichText::new(t.fictitious)
                .small()
                .color(crate::theme::BADGE_FICTITIOUS),
        );
    }
    ui.add_space(6.0);
    if th.settings.level == Level::Base {
        crate::ui::analyses::info_blocks(ui, state, th.layer, row);
    }
    egui::Grid::new("gebietswerte")
        .num_columns(2)
        .max_col_width(INFO_LABEL_WIDTH)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (c, field) in view.table.schema.fields.iter().enumerate() {
                let value = view
                    .table
                    .rows
                    .get(row)
                    .and_then(|r| r.get(c))
                    .cloned()
                    .unwrap_or(Value::Null);
                let meta = state.labels.get(&field.name);
                let unit = meta.map(|m| m.unit.clone()).unwrap_or_default();
                let shown = if field.kind == FieldType::Number {
                    match view.column(&field.name).get(row).copied() {
                        Some(Datum::Suppressed) => t.suppressed.to_owned(),
                        Some(Datum::Value(v)) => w.with_unit(&w.number(v), &unit),
                        _ => t.no_data.to_owned(),
                    }
                } else if field.name == "quelle" {
                    w.source(&w.value(&value))
                } else {
                    w.value(&value)
                };
                let label = state.labels.label(&field.name, english);
                let strong = field.name == th.settings.field;
                let r = ui.label(if strong {
                    RichText::new(label).strong().underline()
                } else {
                    RichText::new(label).strong()
                });
                if let Some(tip) =
                    super::thematic::indicator_tooltip(&state.labels, &field.name, t, english)
                {
                    r.on_hover_text(tip);
                }
                ui.label(shown);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if th.settings.level == Level::Base && ui.button(t.zoom_selection).clicked() {
            out.push(Command::ZoomToSelection);
        }
        if ui.button(t.clear_selection).clicked() {
            out.push(Command::Select(None));
        }
    });
}
