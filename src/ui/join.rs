//! Windows around indicator tables: choosing the key columns of a join (with suggestions),
//! the join report, and the "Indikatorenblatt" with every indicator's metadata.

use std::path::PathBuf;

use egui::{ComboBox, RichText, Ui};

use crate::analysis::join::{KeySuggestion, suggest_keys};
use crate::i18n::{Bilingual, Lang, Noun, Texts};
use crate::io::table::{Table, read_table};
use crate::model::Layer;
use crate::state::{AppState, Command, LayerId};
use crate::ui::thematic::{area_layers, direction_text};

/// The open "Tabelle verknüpfen" window.
pub struct JoinDialog {
    path: PathBuf,
    table: Result<Table, Bilingual>,
    layer: Option<LayerId>,
    left: String,
    right: String,
    suggestions: Vec<KeySuggestion>,
}

impl JoinDialog {
    pub fn open(state: &AppState, path: PathBuf) -> Self {
        let table = read_table(&path).map_err(|e| e.bilingual());
        let mut d = Self {
            path,
            table,
            layer: state.default_join_layer(),
            left: String::new(),
            right: String::new(),
            suggestions: Vec::new(),
        };
        d.suggest(state);
        d
    }

    fn suggest(&mut self, state: &AppState) {
        self.suggestions.clear();
        let (Ok(table), Some(Layer::Areas(layer))) = (
            &self.table,
            self.layer.and_then(|l| state.layer(l)).map(|e| &e.layer),
        ) else {
            return;
        };
        self.suggestions = suggest_keys(layer, table);
        if let Some(best) = self.suggestions.first() {
            self.left = best.left.clone();
            self.right = best.right.clone();
        } else {
            self.left = layer
                .schema
                .fields
                .first()
                .map(|f| f.name.clone())
                .unwrap_or_default();
            self.right = table
                .schema
                .fields
                .first()
                .map(|f| f.name.clone())
                .unwrap_or_default();
        }
    }

    /// Draw the window; returns false when it should close.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        t: &Texts,
        out: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        let (pivot, pos) = super::window_home(ctx, false);
        egui::Window::new(t.join_table)
            .open(&mut open)
            .pivot(pivot)
            .default_pos(pos)
            .collapsible(false)
            .default_width(460.0)
            .show(ctx, |ui| close = self.contents(ui, state, t, out));
        open && !close
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        t: &Texts,
        out: &mut Vec<Command>,
    ) -> bool {
        ui.label(RichText::new(self.path.display().to_string()).weak());
        let layers = area_layers(state);
        if layers.is_empty() {
            ui.label(t.no_area_layer);
            return ui.button(t.close).clicked();
        }
        let before = self.layer;
        let name_of = |id: Option<LayerId>| {
            layers
                .iter()
                .find(|(l, _)| Some(*l) == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        ComboBox::from_label(t.target_layer)
            .selected_text(name_of(self.layer))
            .show_ui(ui, |ui| {
                for (id, name) in &layers {
                    ui.selectable_value(&mut self.layer, Some(*id), name);
                }
            });
        if self.layer != before {
            self.suggest(state);
        }
        let table = match &self.table {
            Ok(table) => table,
            Err(e) => {
                ui.label(RichText::new(e.get(state.lang)).color(ui.visuals().error_fg_color));
                return ui.button(t.close).clicked();
            }
        };
        let w = state.lang.words();
        ui.label(format!(
            "{}, {}",
            table.report.summary(w.english),
            w.count_of(table.schema.fields.len(), Noun::COLUMN)
        ));
        for note in &table.report.notes {
            ui.label(RichText::new(note.get(state.lang)).small());
        }
        let Some(Layer::Areas(layer)) = self.layer.and_then(|l| state.layer(l)).map(|e| &e.layer)
        else {
            return false;
        };
        ComboBox::from_label(t.left_key)
            .selected_text(&self.left)
            .show_ui(ui, |ui| {
                for f in &layer.schema.fields {
                    ui.selectable_value(&mut self.left, f.name.clone(), &f.name);
                }
            });
        ComboBox::from_label(t.right_key)
            .selected_text(&self.right)
            .show_ui(ui, |ui| {
                for f in &table.schema.fields {
                    ui.selectable_value(&mut self.right, f.name.clone(), &f.name);
                }
            });
        if !self.suggestions.is_empty() {
            ui.label(RichText::new(format!("{}:", t.matches)).strong());
            for s in self.suggestions.iter().take(4) {
                let text = format!(
                    "{} = {} ({} {})",
                    s.left,
                    s.right,
                    state.lang.words().number(s.matches as f64),
                    t.matches
                );
                if ui
                    .selectable_label(s.left == self.left && s.right == self.right, text)
                    .clicked()
                {
                    self.left = s.left.clone();
                    self.right = s.right.clone();
                }
            }
        }
        let mut done = false;
        ui.horizontal(|ui| {
            if ui.button(t.join).clicked()
                && let Some(layer) = self.layer
            {
                out.push(Command::JoinTable {
                    layer,
                    path: self.path.clone(),
                    left_key: self.left.clone(),
                    right_key: self.right.clone(),
                });
                done = true;
            }
            if ui.button(t.cancel).clicked() {
                done = true;
            }
        });
        done
    }
}

/// The join report of the edition chosen with [`Command::ShowJoinReport`].
pub fn report_window(ctx: &egui::Context, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
    let Some((layer, edition)) = state.join_open else {
        return;
    };
    let Some(e) = state.layer(layer).and_then(|l| l.editions.get(edition)) else {
        return;
    };
    let mut open = true;
    let (pivot, pos) = super::window_home(ctx, false);
    let title =
        crate::model::names::table_title(&e.table_name, Some(&e.label), state.lang.is_english());
    egui::Window::new(format!("{} – {title}", t.join_report))
        .open(&mut open)
        .pivot(pivot)
        .default_pos(pos)
        .default_width(480.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    ui.label(e.report.to_text(state.lang.is_english()));
                });
        });
    if !open {
        out.push(Command::ShowJoinReport(None));
    }
}

/// The "Indikatorenblatt": name, unit, definition, direction, numerator/denominator and
/// source of every indicator with metadata.
pub fn indicator_sheet(ctx: &egui::Context, state: &AppState, t: &Texts, open: &mut bool) {
    let english = state.lang == Lang::En;
    let w = state.lang.words();
    let (pivot, pos) = super::window_home(ctx, false);
    egui::Window::new(t.indicator_sheet)
        .open(open)
        .pivot(pivot)
        .default_pos(pos)
        .default_width(720.0)
        .default_height(520.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (field, m) in state
                    .labels
                    .iter()
                    .filter(|(_, m)| !m.definition_in(english).is_empty())
                {
                    let name = if english { &m.en } else { &m.de };
                    ui.label(RichText::new(format!("{name}  [{field}]")).strong());
                    egui::Grid::new(("blatt", field))
                        .num_columns(2)
                        .spacing([10.0, 2.0])
                        .show(ui, |ui| {
                            let mut row = |k: &str, v: &str| {
                                if !v.is_empty() {
                                    ui.label(RichText::new(k).weak());
                                    ui.label(v);
                                    ui.end_row();
                                }
                            };
                            row(t.unit, &w.unit(&m.unit));
                            row(t.definition, m.definition_in(english));
                            row(t.direction, direction_text(m.direction, t));
                            if m.is_rate() {
                                row(t.numerator, &state.labels.label(&m.numerator, english));
                                row(t.denominator, &state.labels.label(&m.denominator, english));
                            }
                            row(t.source, &w.source(&m.source));
                        });
                    ui.separator();
                }
            });
        });
}
