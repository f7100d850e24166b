//! The "Thematische Karte" panel: which indicator of which edition is mapped, at which area
//! level, how it is classified and coloured, and the privacy thresholds. Every change becomes
//! one [`Command::SetThematic`]; the state recomputes the map.

use egui::{ComboBox, RichText, Ui};

use crate::analysis::aggregate::Level;
use crate::analysis::classify::{MAX_CLASSES, MIN_CLASSES, Method};
use crate::analysis::palette::Palette;
use crate::analysis::thematic::ThematicSettings;
use crate::i18n::{Bilingual, Lang, Texts};
use crate::model::Layer;
use crate::model::conventions::POPULATION_FIELD;
use crate::state::{AppState, Command, LayerId};
use crate::ui::number::localised;

mod breaks;
mod indicator;

use breaks::breaks_text;
pub use breaks::parse_breaks;
pub use indicator::{direction_text, indicator_label, indicator_tooltip};

/// What the panel asks the window to do beyond commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PanelRequest {
    pub join_table: bool,
    pub indicator_sheet: bool,
    pub index_wizard: bool,
}

#[derive(Default)]
pub struct ThematicPanel {
    /// The manual breaks as typed ("5; 10; 15").
    manual_text: String,
    manual_error: Option<Bilingual>,
}

impl ThematicPanel {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        t: &Texts,
        out: &mut Vec<Command>,
    ) -> PanelRequest {
        let mut request = PanelRequest::default();
        ui.heading(t.thematic_map);
        let Some(th) = state.thematic() else {
            ui.label(RichText::new(t.no_thematic).weak());
            ui.horizontal_wrapped(|ui| {
                if ui.button(t.join_table).clicked() {
                    request.join_table = true;
                }
                if let Some(layer) = state.default_join_layer()
                    && first_settings(state, layer).is_some()
                    && ui.button(t.show_thematic).clicked()
                    && let Some(s) = first_settings(state, layer)
                {
                    out.push(Command::SetThematic(layer, s));
                }
            });
            return request;
        };
        let english = state.lang == Lang::En;
        let layer = th.layer;
        if state
            .index()
            .is_some_and(|ix| ix.map.is_some() && ix.request.layer == layer)
        {
            // The map shows the index; its settings live in the index wizard.
            let it = crate::ui::index::texts::index_texts(state.lang);
            ui.label(RichText::new(it.map_is_index).strong());
            ui.horizontal_wrapped(|ui| {
                if ui.button(it.show_indicator).clicked() {
                    out.push(Command::Index(crate::state::IndexCommand::ShowOnMap(None)));
                }
                if ui.button(it.settings).clicked() {
                    request.index_wizard = true;
                }
            });
            ui.add_space(6.0);
        }
        let old = &th.settings;
        let mut s = old.clone();

        let Some(entry) = state.layer(layer) else {
            return request;
        };
        ui.label(RichText::new(entry.display_name(state.lang)).weak());

        // Edition.
        let edition_name = |e: Option<usize>| match e.and_then(|i| entry.editions.get(i)) {
            Some(ed) => ed.label.clone(),
            None => t.layer_attributes.to_owned(),
        };
        ComboBox::from_label(t.edition)
            .selected_text(edition_name(s.edition))
            .show_ui(ui, |ui| {
                for i in 0..entry.editions.len() {
                    ui.selectable_value(&mut s.edition, Some(i), edition_name(Some(i)));
                }
                ui.selectable_value(&mut s.edition, None, t.layer_attributes);
            });

        // Indicator, with its metadata as tooltip.
        let schema = state.layer_schema(layer, s.edition).unwrap_or_default();
        let fields: Vec<String> = schema
            .fields
            .iter()
            .filter(|f| f.kind == crate::model::FieldType::Number)
            .map(|f| f.name.clone())
            .collect();
        let label = |f: &str| indicator_label(&state.labels, f, english);
        let tooltip = |f: &str| indicator_tooltip(&state.labels, f, t, english);
        let combo = ComboBox::from_label(t.indicator)
            .width(190.0)
            .selected_text(label(&s.field))
            .show_ui(ui, |ui| {
                for f in &fields {
                    let r = ui.selectable_value(&mut s.field, f.clone(), label(f));
                    if let Some(tip) = tooltip(f) {
                        r.on_hover_text(tip);
                    }
                }
            });
        if let Some(tip) = tooltip(&s.field) {
            combo.response.on_hover_text(tip);
        }

        // Area level.
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(t.area_level);
                for level in Level::ALL {
                    if level != Level::Base && level.group_field(&schema).is_none() {
                        continue;
                    }
                    let name = if english {
                        level.label_en()
                    } else {
                        level.label_de()
                    };
                    ui.selectable_value(&mut s.level, level, name);
                }
            });
        }

        // Classification.
        ComboBox::from_label(t.method)
            .width(190.0)
            .selected_text(method_name(s.method, english))
            .show_ui(ui, |ui| {
                for m in Method::ALL {
                    ui.selectable_value(&mut s.method, m, method_name(m, english));
                }
            });
        if s.method.uses_k() {
            ui.add(egui::Slider::new(&mut s.k, MIN_CLASSES..=MAX_CLASSES).text(t.classes));
        }
        if s.method == Method::Manual {
            if old.method != Method::Manual && s.manual.is_empty() {
                // Start from the current breaks, so "manual" first looks like what was shown.
                if let Some(c) = &th.view.classification {
                    s.manual = c.bins.clone();
                }
            }
            self.manual_editor(ui, &mut s, t, state.lang);
        } else if self.manual_text.is_empty() && !s.manual.is_empty() {
            self.manual_text = breaks_text(&s.manual, state.lang.words());
        }

        // Palette.
        ui.horizontal(|ui| {
            ComboBox::from_label(t.palette)
                .selected_text(s.palette.name())
                .show_ui(ui, |ui| {
                    for p in Palette::ALL {
                        ui.horizontal(|ui| {
                            swatches(ui, p, s.reversed);
                            let mut name = p.name().to_owned();
                            if !p.colour_blind_safe() {
                                name = format!("{name} ({})", t.colour_blind_unsafe);
                            }
                            ui.selectable_value(&mut s.palette, p, name);
                        });
                    }
                });
        });
        ui.horizontal(|ui| {
            swatches(ui, s.palette, s.reversed);
            ui.checkbox(&mut s.reversed, t.reverse);
        });

        // Privacy.
        egui::CollapsingHeader::new(t.privacy)
            .default_open(false)
            .show(ui, |ui| {
                ui.checkbox(&mut s.privacy.enabled, t.privacy_enabled);
                ui.add_enabled_ui(s.privacy.enabled, |ui| {
                    ui.horizontal(|ui| {
                        let drag = egui::DragValue::new(&mut s.privacy.min_population)
                            .range(0.0..=100_000.0)
                            .speed(10.0);
                        let r = ui.add(localised(drag, state.lang));
                        let label = ui.label(t.min_population);
                        r.labelled_by(label.id);
                    });
                    ui.horizontal(|ui| {
                        let drag = egui::DragValue::new(&mut s.privacy.min_count)
                            .range(0.0..=100.0)
                            .speed(0.2);
                        let r = ui.add(localised(drag, state.lang));
                        let label = ui.label(t.min_count);
                        r.labelled_by(label.id);
                    });
                });
            });

        for note in &th.view.notes {
            ui.label(RichText::new(note.get(state.lang)).small().weak());
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(t.indicator_sheet).clicked() {
                request.indicator_sheet = true;
            }
            if let Some(e) = s.edition
                && ui.button(t.join_report).clicked()
            {
                out.push(Command::ShowJoinReport(Some((layer, e))));
            }
            if ui.button(t.join_table).clicked() {
                request.join_table = true;
            }
            if ui.button(t.hide_thematic).clicked() {
                out.push(Command::ClearThematic);
            }
        });

        if s.method != old.method
            && s.palette == old.palette
            && s.palette == AppState::suggested_palette(old)
        {
            s.palette = AppState::suggested_palette(&s);
        }
        if s != *old {
            out.push(Command::SetThematic(layer, s));
        }
        request
    }

    fn manual_editor(&mut self, ui: &mut Ui, s: &mut ThematicSettings, t: &Texts, lang: Lang) {
        let w = lang.words();
        if self.manual_text.is_empty() {
            self.manual_text = breaks_text(&s.manual, w);
        }
        let label = ui.label(t.manual_breaks);
        ui.horizontal(|ui| {
            let edit = ui
                .add(egui::TextEdit::singleline(&mut self.manual_text).desired_width(170.0))
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(t.apply).clicked() || enter {
                match parse_breaks(&self.manual_text, w) {
                    Ok(b) => {
                        s.manual = b;
                        self.manual_error = None;
                    }
                    Err(e) => self.manual_error = Some(e),
                }
            }
        });
        if let Some(e) = &self.manual_error {
            ui.label(RichText::new(e.get(lang)).color(ui.visuals().error_fg_color));
        }
    }
}

/// Settings for a first map of a layer: its newest edition, first indicator.
/// The class map to start with: a rate of the newest joined edition, or — for a layer that
/// brings its own indicators (a grid, a shapefile with attributes) — its first numeric field,
/// a rate when the metadata knows one.
fn first_settings(state: &AppState, layer: LayerId) -> Option<ThematicSettings> {
    let entry = state.layer(layer)?;
    let Some(edition) = entry.editions.len().checked_sub(1) else {
        let fields = &entry.layer.schema().fields;
        let numeric = |f: &&crate::model::Field| f.kind == crate::model::FieldType::Number;
        let field = fields
            .iter()
            .filter(numeric)
            .find(|f| state.labels.get(&f.name).is_some_and(|m| m.is_rate()))
            .or_else(|| {
                fields.iter().filter(numeric).find(|f| {
                    let n = f.name.to_lowercase();
                    !(n.contains(POPULATION_FIELD) || n.contains("bev") || n.ends_with("_id"))
                })
            })
            .or_else(|| fields.iter().find(numeric))?;
        return Some(ThematicSettings::new(&field.name, None));
    };
    let field = entry
        .editions
        .get(edition)?
        .schema
        .fields
        .iter()
        .find(|f| {
            f.kind == crate::model::FieldType::Number
                && state.labels.get(&f.name).is_some_and(|m| m.is_rate())
        })?;
    Some(ThematicSettings::new(&field.name, Some(edition)))
}

pub fn method_name(m: Method, english: bool) -> &'static str {
    if english { m.label_en() } else { m.label_de() }
}

fn swatches(ui: &mut Ui, p: Palette, reversed: bool) {
    let colours = p.colours(5, reversed);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(50.0, 12.0), egui::Sense::hover());
    let w = rect.width() / colours.len() as f32;
    for (i, [r, g, b]) in colours.into_iter().enumerate() {
        let x = rect.left() + w * i as f32;
        ui.painter().rect_filled(
            egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height())),
            0.0,
            egui::Color32::from_rgb(r, g, b),
        );
    }
}

/// Area layers that can carry a class map.
pub fn area_layers(state: &AppState) -> Vec<(LayerId, String)> {
    state
        .layers
        .iter()
        .filter(|l| matches!(l.layer, Layer::Areas(_)))
        .map(|l| (l.id, l.display_name(state.lang)))
        .collect()
}
