//! The wizard's later steps: indicators with direction and weight, the comparison edition of
//! the dynamics, and method and class thresholds.

use egui::{ComboBox, DragValue, RichText, Ui};

use super::texts::IndexTexts;
use super::wizard::Wizard;
use crate::analysis::index::{IndexSettings, IndicatorSpec, SdKind};
use crate::i18n::Lang;
use crate::model::FieldType;
use crate::state::AppState;
use crate::ui::number::localised;
use crate::ui::thematic::indicator_label;

impl Wizard {
    pub(super) fn indicators(&mut self, ui: &mut Ui, state: &AppState, t: &IndexTexts) {
        let r = &mut self.request;
        ui.label(t.indicators_hint);
        let english = state.lang == crate::i18n::Lang::En;
        let Some(schema) = state.layer_schema(r.layer, r.edition) else {
            return;
        };
        // Rates first (the usual index indicators), then other numbers that are not counts.
        let mut fields: Vec<&str> = schema
            .fields
            .iter()
            .filter(|f| f.kind == FieldType::Number)
            .filter(|f| !state.labels.get(&f.name).is_some_and(|m| m.is_count()))
            .filter(|f| Some(&f.name) != r.settings.population_field.as_ref())
            .map(|f| f.name.as_str())
            .collect();
        fields.sort_by_key(|f| !state.labels.get(f).is_some_and(|m| m.is_rate()));
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                egui::Grid::new("index_indicators")
                    .num_columns(3)
                    .striped(true)
                    .show(ui, |ui| {
                        for f in fields {
                            let pos = r.settings.indicators.iter().position(|s| s.field == f);
                            let mut on = pos.is_some();
                            let label = indicator_label(&state.labels, f, english);
                            let check = ui.checkbox(&mut on, label);
                            if check.changed() {
                                match (on, pos) {
                                    (true, None) => {
                                        let mut spec = IndicatorSpec::new(f);
                                        spec.flipped =
                                            state.labels.get(f).is_some_and(|m| m.direction < 0);
                                        r.settings.indicators.push(spec);
                                    }
                                    (false, Some(i)) => {
                                        r.settings.indicators.remove(i);
                                    }
                                    _ => {}
                                }
                            }
                            let pos = r.settings.indicators.iter().position(|s| s.field == f);
                            match pos.and_then(|i| r.settings.indicators.get_mut(i)) {
                                Some(spec) => {
                                    ComboBox::from_id_salt(("richtung", f))
                                        .selected_text(if spec.flipped {
                                            t.direction_flipped
                                        } else {
                                            t.direction_up
                                        })
                                        .show_ui(ui, |ui| {
                                            ui.selectable_value(
                                                &mut spec.flipped,
                                                false,
                                                t.direction_up,
                                            );
                                            ui.selectable_value(
                                                &mut spec.flipped,
                                                true,
                                                t.direction_flipped,
                                            );
                                        })
                                        .response
                                        .labelled_by(check.id);
                                    let drag = DragValue::new(&mut spec.weight)
                                        .range(0.0..=10.0)
                                        .speed(0.05)
                                        .prefix(format!("{} ", t.weight));
                                    ui.add(localised(drag, state.lang)).labelled_by(check.id);
                                }
                                None => {
                                    ui.label("");
                                    ui.label("");
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
    }

    pub(super) fn dynamics(&mut self, ui: &mut Ui, state: &AppState, t: &IndexTexts) {
        let r = &mut self.request;
        let Some(entry) = state.layer(r.layer) else {
            return;
        };
        ui.label(t.dynamics_hint);
        let label = |i: Option<usize>| match i.and_then(|i| entry.editions.get(i)) {
            Some(e) => e.label.clone(),
            None => t.no_dynamics.to_owned(),
        };
        ComboBox::from_label(t.comparison)
            .selected_text(label(r.comparison))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut r.comparison, None, t.no_dynamics);
                for i in (0..entry.editions.len()).rev() {
                    if Some(i) != r.edition {
                        ui.selectable_value(&mut r.comparison, Some(i), label(Some(i)));
                    }
                }
            });
        if r.comparison.is_some() && r.comparison == r.edition {
            r.comparison = None;
        }
        ui.add_space(4.0);
        ui.label(
            RichText::new(match (r.edition, r.comparison) {
                (Some(_), Some(_)) => format!(
                    "{}: {} − {}",
                    t.dynamics_axis,
                    label(r.edition),
                    label(r.comparison)
                ),
                _ => String::new(),
            })
            .weak(),
        );
    }

    pub(super) fn method(&mut self, ui: &mut Ui, t: &IndexTexts, lang: Lang) {
        let s = &mut self.request.settings;
        ui.horizontal(|ui| {
            ui.label(t.sd);
            ui.radio_value(&mut s.sd, SdKind::Sample, t.sd_sample);
            ui.radio_value(&mut s.sd, SdKind::Population, t.sd_population);
        });
        ui.checkbox(&mut s.standardized_input, t.standardized);
        ui.add_space(4.0);
        ui.label(t.status_thresholds);
        ui.horizontal(|ui| {
            for (v, name) in s.status_thresholds.iter_mut().zip(t.status_bounds) {
                let label = ui.label(RichText::new(name).small());
                let drag = DragValue::new(v)
                    .speed(0.05)
                    .range(-5.0..=5.0)
                    .max_decimals(2);
                ui.add(localised(drag, lang)).labelled_by(label.id);
            }
        });
        ui.label(t.dynamics_thresholds);
        ui.horizontal(|ui| {
            for (v, name) in s.dynamics_thresholds.iter_mut().zip(t.dynamics_bounds) {
                let label = ui.label(RichText::new(name).small());
                let drag = DragValue::new(v)
                    .speed(0.05)
                    .range(-5.0..=5.0)
                    .max_decimals(2);
                ui.add(localised(drag, lang)).labelled_by(label.id);
            }
        });
        // Keep the thresholds in order.
        s.status_thresholds[1] = s.status_thresholds[1].max(s.status_thresholds[0]);
        s.status_thresholds[2] = s.status_thresholds[2].max(s.status_thresholds[1]);
        s.dynamics_thresholds[1] = s.dynamics_thresholds[1].max(s.dynamics_thresholds[0]);
        if ui.button(t.mss_defaults).clicked() {
            let d = IndexSettings::default();
            s.sd = d.sd;
            s.status_thresholds = d.status_thresholds;
            s.dynamics_thresholds = d.dynamics_thresholds;
            s.standardized_input = false;
        }
    }
}
