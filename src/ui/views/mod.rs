//! Linked views of the class map (GeoDa-style): the attribute table, a histogram with the
//! class breaks and a scatter plot of two indicators with Pearson's r. Selecting rows in the
//! table, dragging a range in the histogram or a box in the scatter plot brushes the same rows
//! everywhere, the map included; clicking an area on the map brushes it here.

mod plots;

use std::collections::BTreeSet;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, Size, StripBuilder, TableBuilder};

use crate::analysis::privacy::Datum;
use crate::analysis::thematic::display_datum;
use crate::i18n::{Lang, Texts};
use crate::state::{AppState, Command, Thematic};
use crate::ui::thematic::indicator_label;

/// Widths of the table's columns (points): area name, class, each number; and what the
/// table's frame and scroll bar take.
const NAME_WIDTH: f32 = 170.0;
const CLASS_WIDTH: f32 = 50.0;
const FIELD_WIDTH: f32 = 100.0;
/// Room at the table's edge (the scroll bar floats over the table).
const TABLE_MARGIN: f32 = 6.0;

#[derive(Default)]
pub struct LinkedViews {
    filter: String,
    only_brushed: bool,
    /// Sort column (0 = name, 1 = class, 2… = fields) and direction.
    sort: Option<(usize, bool)>,
    /// Where a drag in the histogram or scatter plot started (plot coordinates).
    hist_drag: Option<f64>,
    scatter_drag: Option<[f64; 2]>,
}

impl LinkedViews {
    pub fn show(&mut self, ui: &mut Ui, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
        let Some(th) = state.thematic() else {
            ui.label(RichText::new(t.no_thematic).weak());
            return;
        };
        // The table gets room for whole columns only, so no column is cut at its edge (more
        // columns scroll in from the right).
        // Each column also takes the item spacing after it.
        let gap = ui.spacing().item_spacing.x;
        let fixed = NAME_WIDTH + CLASS_WIDTH + gap + TABLE_MARGIN;
        let per_field = FIELD_WIDTH + gap;
        let numbers = ((ui.available_width() * 0.6 - fixed) / per_field)
            .floor()
            .max(1.0);
        StripBuilder::new(ui)
            .clip(true)
            .size(Size::exact(fixed + numbers * per_field))
            .size(Size::remainder())
            .size(Size::remainder())
            .horizontal(|mut strip| {
                strip.cell(|ui| self.table(ui, state, th, t, out));
                strip.cell(|ui| self.histogram(ui, state, th, t, out));
                strip.cell(|ui| self.scatter(ui, state, th, t, out));
            });
    }

    fn table(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        th: &Thematic,
        t: &Texts,
        out: &mut Vec<Command>,
    ) {
        let english = state.lang == Lang::En;
        let view = &th.view;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t.table).strong());
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(t.filter)
                    .desired_width(140.0),
            )
            .labelled_by(ui.label(t.filter).id);
            ui.checkbox(&mut self.only_brushed, t.only_brushed);
            if !th.brushed.is_empty() {
                ui.label(format!(
                    "{} {}",
                    state.lang.words().number(th.brushed.len() as f64),
                    t.brushed
                ));
                if ui.button(t.clear_brush).clicked() {
                    out.push(Command::Brush(BTreeSet::new()));
                }
            }
        });
        // Columns: name, class, the mapped field first, then the other numbers.
        let mut fields: Vec<String> = vec![view.settings.field.clone()];
        fields.extend(
            view.table
                .numeric_fields()
                .map(|f| f.name.clone())
                .filter(|f| *f != view.settings.field),
        );
        let columns: Vec<Vec<Datum>> = fields.iter().map(|f| view.column(f)).collect();
        let decimals: Vec<usize> = fields
            .iter()
            .zip(&columns)
            .map(|(f, c)| {
                if *f == view.settings.field {
                    view.decimals
                } else if c.iter().filter_map(|d| d.value()).all(|v| v.fract() == 0.0) {
                    0
                } else {
                    1
                }
            })
            .collect();
        let needle = self.filter.trim().to_lowercase();
        let mut rows: Vec<usize> = (0..th.rows())
            .filter(|&r| !self.only_brushed || th.brushed.contains(&r))
            .filter(|&r| {
                needle.is_empty()
                    || view
                        .titles
                        .get(r)
                        .is_some_and(|n| n.to_lowercase().contains(&needle))
            })
            .collect();
        if let Some((col, asc)) = self.sort {
            let key = |r: usize| -> (u8, f64, String) {
                match col {
                    0 => (0, 0.0, view.titles.get(r).cloned().unwrap_or_default()),
                    1 => match view.classes.get(r).copied().flatten() {
                        Some(c) => (0, c as f64, String::new()),
                        None => (1, 0.0, String::new()),
                    },
                    c => match columns.get(c - 2).and_then(|col| col.get(r)) {
                        Some(Datum::Value(v)) => (0, *v, String::new()),
                        _ => (1, 0.0, String::new()),
                    },
                }
            };
            rows.sort_by(|a, b| {
                let (ka, kb) = (key(*a), key(*b));
                // Missing values last in both directions.
                ka.0.cmp(&kb.0).then_with(|| {
                    let o = ka.1.total_cmp(&kb.1).then_with(|| ka.2.cmp(&kb.2));
                    if asc { o } else { o.reverse() }
                })
            });
        }
        let header_names: Vec<String> = [
            (if english { "Area" } else { "Gebiet" }).to_owned(),
            t.class_col.to_owned(),
        ]
        .into_iter()
        .chain(
            fields
                .iter()
                .map(|f| indicator_label(&state.labels, f, english)),
        )
        .collect();
        egui::ScrollArea::horizontal()
            .id_salt("tabelle_h")
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt("attributtabelle")
                    .striped(true)
                    .sense(egui::Sense::click())
                    .column(Column::exact(NAME_WIDTH))
                    .column(Column::exact(CLASS_WIDTH));
                for _ in &fields {
                    table = table.column(Column::exact(FIELD_WIDTH).clip(true));
                }
                table
                    .header(36.0, |mut header| {
                        for (i, name) in header_names.iter().enumerate() {
                            header.col(|ui| {
                                let arrow = match self.sort {
                                    Some((c, true)) if c == i => " ▲",
                                    Some((c, false)) if c == i => " ▼",
                                    _ => "",
                                };
                                // Long indicator names wrap onto a second line instead
                                // of being cut off.
                                let r = ui.add(
                                    egui::Label::new(
                                        RichText::new(format!("{name}{arrow}")).strong(),
                                    )
                                    .wrap()
                                    .selectable(false)
                                    .sense(egui::Sense::click()),
                                );
                                if r.clicked() {
                                    self.sort = match self.sort {
                                        Some((c, asc)) if c == i => Some((i, !asc)),
                                        _ => Some((i, i == 0)),
                                    };
                                }
                                if i >= 2
                                    && let Some(f) = fields.get(i - 2)
                                    && let Some(tip) = super::thematic::indicator_tooltip(
                                        &state.labels,
                                        f,
                                        t,
                                        english,
                                    )
                                {
                                    r.on_hover_text(tip);
                                }
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(20.0, rows.len(), |mut row| {
                            let Some(&r) = rows.get(row.index()) else {
                                return;
                            };
                            row.set_selected(th.brushed.contains(&r));
                            // Cell texts are not selectable: a click anywhere in the
                            // row brushes it.
                            row.col(|ui| {
                                ui.add(
                                    egui::Label::new(
                                        view.titles.get(r).cloned().unwrap_or_default(),
                                    )
                                    .selectable(false),
                                );
                            });
                            row.col(|ui| {
                                ui.horizontal(|ui| {
                                    let class = view.classes.get(r).copied().flatten();
                                    let [cr, cg, cb] = view.colour(r);
                                    let (rect, _) = ui.allocate_exact_size(
                                        egui::vec2(12.0, 12.0),
                                        egui::Sense::hover(),
                                    );
                                    ui.painter().rect_filled(
                                        rect,
                                        2.0,
                                        Color32::from_rgb(cr, cg, cb),
                                    );
                                    ui.label(class.map_or("–".to_owned(), |c| (c + 1).to_string()));
                                });
                            });
                            for (col, d) in columns.iter().zip(&decimals) {
                                row.col(|ui| {
                                    let datum = col.get(r).copied().unwrap_or(Datum::Missing);
                                    let text = match datum {
                                        Datum::Missing => t.no_data.to_owned(),
                                        Datum::Suppressed => t.suppressed.to_owned(),
                                        v => display_datum(v, *d, state.lang.words()),
                                    };
                                    ui.with_layout(
                                        egui::Layout::right_to_left(egui::Align::Center),
                                        |ui| ui.add(egui::Label::new(text).selectable(false)),
                                    );
                                });
                            }
                            let response = row.response();
                            if response.clicked() {
                                let add = response.ctx.input(|i| {
                                    i.modifiers.ctrl || i.modifiers.shift || i.modifiers.command
                                });
                                let mut set = if add {
                                    th.brushed.clone()
                                } else {
                                    BTreeSet::new()
                                };
                                if add && set.contains(&r) {
                                    set.remove(&r);
                                } else {
                                    set.insert(r);
                                }
                                out.push(Command::Brush(set));
                                if !add {
                                    out.push(Command::RevealRow(r));
                                }
                            }
                        });
                    });
            });
    }
}
