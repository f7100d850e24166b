//! The index wizard: four steps (areas, indicators, dynamics, method and classes), prefilled
//! with the MSS defaults for the sample, then "Berechnen".

use egui::{ComboBox, DragValue, RichText, Ui};

use super::texts::{IndexTexts, index_texts};
use crate::analysis::index::{Exclusion, IndexSettings};
use crate::model::{FieldType, Layer};
use crate::state::{AppState, Command, IndexCommand, IndexRequest, LayerId};

/// The MSS index indicators as they are named in the sample.
const DEFAULT_INDICATORS: [&str; 3] = crate::model::conventions::MSS_INDICATORS;

pub struct Wizard {
    pub step: usize,
    pub request: IndexRequest,
    exclude_area: Option<usize>,
    exclude_reason: String,
}

impl Wizard {
    /// The wizard on the last index's settings, or on defaults for the class map's layer.
    pub fn new(state: &AppState) -> Option<Self> {
        if let Some(ix) = state.index()
            && state.layer(ix.request.layer).is_some()
        {
            return Some(Self::with(ix.request.clone()));
        }
        let layer = state.default_join_layer()?;
        let entry = state.layer(layer)?;
        let edition = entry.editions.len().checked_sub(1);
        let comparison = edition.and_then(|e| e.checked_sub(1));
        let schema = state.layer_schema(layer, edition)?;
        let mut fields: Vec<&str> = DEFAULT_INDICATORS
            .into_iter()
            .filter(|f| schema.index_of(f).is_some())
            .collect();
        if fields.is_empty() {
            fields = schema
                .fields
                .iter()
                .filter(|f| f.kind == FieldType::Number)
                .filter(|f| {
                    state
                        .labels
                        .get(&f.name)
                        .is_some_and(|m| m.direction > 0 && m.is_rate())
                })
                .map(|f| f.name.as_str())
                .take(3)
                .collect();
        }
        let mut settings = IndexSettings::with_indicators(&fields);
        settings.population_field = crate::model::conventions::POPULATION_FIELDS
            .into_iter()
            .find(|f| schema.index_of(f).is_some())
            .map(str::to_owned);
        Some(Self::with(IndexRequest {
            layer,
            edition,
            comparison,
            settings,
        }))
    }

    fn with(request: IndexRequest) -> Self {
        Self {
            step: 0,
            request,
            exclude_area: None,
            exclude_reason: String::new(),
        }
    }

    /// Show the wizard; `false` when it is closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        anchor: egui::Pos2,
        out: &mut Vec<Command>,
    ) -> bool {
        let t = index_texts(state.lang);
        let mut open = true;
        let mut close = false;
        egui::Window::new(t.wizard_title)
            .id(egui::Id::unique("index_wizard"))
            .open(&mut open)
            .order(egui::Order::Foreground)
            .default_pos(anchor)
            .pivot(egui::Align2::RIGHT_TOP)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    for (i, s) in t.steps.iter().enumerate() {
                        let text = if i == self.step {
                            RichText::new(*s).strong()
                        } else {
                            RichText::new(*s).weak()
                        };
                        if ui.selectable_label(i == self.step, text).clicked() {
                            self.step = i;
                        }
                    }
                });
                ui.separator();
                match self.step {
                    0 => self.areas(ui, state, t),
                    1 => self.indicators(ui, state, t),
                    2 => self.dynamics(ui, state, t),
                    _ => self.method(ui, t, state.lang),
                }
                ui.separator();
                let usable = self
                    .request
                    .settings
                    .indicators
                    .iter()
                    .any(|s| s.weight > 0.0);
                if !usable {
                    ui.colored_label(egui::Color32::from_rgb(0xB0, 0x3A, 0x2E), t.need_indicator);
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(self.step > 0, egui::Button::new(t.back))
                        .clicked()
                    {
                        self.step -= 1;
                    }
                    if self.step < 3 && ui.button(t.next).clicked() {
                        self.step += 1;
                    }
                    if ui
                        .add_enabled(usable, egui::Button::new(RichText::new(t.compute).strong()))
                        .clicked()
                    {
                        out.push(Command::Index(IndexCommand::Compute(self.request.clone())));
                        close = true;
                    }
                    if ui.button(t.cancel).clicked() {
                        close = true;
                    }
                });
            });
        open && !close
    }

    fn areas(&mut self, ui: &mut Ui, state: &AppState, t: &IndexTexts) {
        let r = &mut self.request;
        let Some(entry) = state.layer(r.layer) else {
            return;
        };
        ui.label(format!("{}: {}", t.layer, entry.display_name(state.lang)));
        let label = |i: Option<usize>| match i {
            Some(i) => entry
                .editions
                .get(i)
                .map_or_else(String::new, |e| e.label.clone()),
            None => t.own_fields.to_owned(),
        };
        ComboBox::from_label(t.edition)
            .selected_text(label(r.edition))
            .show_ui(ui, |ui| {
                for i in (0..entry.editions.len()).rev() {
                    ui.selectable_value(&mut r.edition, Some(i), label(Some(i)));
                }
                ui.selectable_value(&mut r.edition, None, label(None));
            });
        let numeric: Vec<String> = state
            .layer_schema(r.layer, r.edition)
            .map(|s| {
                s.fields
                    .iter()
                    .filter(|f| f.kind == FieldType::Number)
                    .map(|f| f.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let english = state.lang == crate::i18n::Lang::En;
        ui.horizontal(|ui| {
            ComboBox::from_label(t.population_field)
                .selected_text(r.settings.population_field.as_deref().map_or_else(
                    || t.no_population_rule.to_owned(),
                    |f| state.labels.label(f, english),
                ))
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut r.settings.population_field,
                        None,
                        t.no_population_rule,
                    );
                    for f in &numeric {
                        ui.selectable_value(
                            &mut r.settings.population_field,
                            Some(f.clone()),
                            state.labels.label(f, english),
                        );
                    }
                });
        });
        ui.add_enabled_ui(r.settings.population_field.is_some(), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(t.min_population);
                let drag = DragValue::new(&mut r.settings.min_population)
                    .range(0.0..=100_000.0)
                    .speed(10.0);
                ui.add(crate::ui::number::localised(drag, state.lang))
                    .labelled_by(label.id);
            });
        });
        ui.add_space(6.0);
        ui.label(RichText::new(t.exclusions).strong());
        let Layer::Areas(layer) = &entry.layer else {
            return;
        };
        let key_field = entry
            .editions
            .get(r.edition.unwrap_or(usize::MAX))
            .map(|e| e.report.left_key.clone())
            .or_else(|| layer.schema.fields.first().map(|f| f.name.clone()))
            .unwrap_or_default();
        let key_of = |i: usize| {
            layer
                .schema
                .index_of(&key_field)
                .and_then(|k| layer.areas.get(i)?.values.get(k))
                .and_then(crate::analysis::join::key_text)
        };
        let mut remove = None;
        for (i, e) in r.settings.exclusions.iter().enumerate() {
            ui.horizontal(|ui| {
                let name = (0..layer.areas.len())
                    .find(|&a| key_of(a).as_deref() == Some(e.key.as_str()))
                    .map(|a| layer.feature_title(a))
                    .unwrap_or_else(|| e.key.clone());
                ui.label(format!("{name} – {}", e.reason));
                if ui.small_button(t.remove).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            r.settings.exclusions.remove(i);
        }
        ui.horizontal(|ui| {
            ComboBox::from_label(t.exclude_area)
                .width(200.0)
                .selected_text(
                    self.exclude_area
                        .map(|a| layer.feature_title(a))
                        .unwrap_or_default(),
                )
                .show_ui(ui, |ui| {
                    for a in 0..layer.areas.len() {
                        ui.selectable_value(
                            &mut self.exclude_area,
                            Some(a),
                            layer.feature_title(a),
                        );
                    }
                });
        });
        ui.horizontal(|ui| {
            let label = ui.label(t.exclude_reason);
            ui.text_edit_singleline(&mut self.exclude_reason)
                .labelled_by(label.id);
            let key = self.exclude_area.and_then(key_of);
            if ui
                .add_enabled(key.is_some(), egui::Button::new(t.exclude))
                .clicked()
                && let Some(key) = key
            {
                r.settings.exclusions.retain(|e| e.key != key);
                r.settings.exclusions.push(Exclusion {
                    key,
                    reason: self.exclude_reason.trim().to_owned(),
                });
                self.exclude_area = None;
                self.exclude_reason.clear();
            }
        });
    }
}

/// The layer the wizard works on, for the menu's enabled state.
pub fn has_area_layer(state: &AppState) -> Option<LayerId> {
    state.default_join_layer()
}
