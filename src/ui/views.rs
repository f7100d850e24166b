//! Linked views of the class map (GeoDa-style): the attribute table, a histogram with the
//! class breaks and a scatter plot of two indicators with Pearson's r. Selecting rows in the
//! table, dragging a range in the histogram or a box in the scatter plot brushes the same rows
//! everywhere, the map included; clicking an area on the map brushes it here.

use std::collections::BTreeSet;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, Size, StripBuilder, TableBuilder};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, Points, Span, VLine};

use crate::analysis::classify::pearson_r;
use crate::analysis::privacy::Datum;
use crate::analysis::thematic::display_datum;
use crate::i18n::{Lang, Texts};
use crate::model::value::format_fixed_de;
use crate::state::{AppState, Command, Thematic};
use crate::theme;
use crate::ui::thematic::indicator_label;

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
        let Some(th) = &state.thematic else {
            ui.label(RichText::new(t.no_thematic).weak());
            return;
        };
        StripBuilder::new(ui)
            .clip(true)
            .size(Size::relative(0.5))
            .size(Size::relative(0.24))
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
                ui.label(format!("{} {}", th.brushed.len(), t.brushed));
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
                    .column(Column::exact(170.0))
                    .column(Column::exact(50.0));
                for _ in &fields {
                    table = table.column(Column::initial(110.0).at_least(60.0).clip(true));
                }
                table
                    .header(22.0, |mut header| {
                        for (i, name) in header_names.iter().enumerate() {
                            header.col(|ui| {
                                let arrow = match self.sort {
                                    Some((c, true)) if c == i => " ▲",
                                    Some((c, false)) if c == i => " ▼",
                                    _ => "",
                                };
                                let r = ui.add(
                                    egui::Button::new(
                                        RichText::new(format!("{name}{arrow}")).strong(),
                                    )
                                    .frame(false)
                                    .truncate(),
                                );
                                if r.clicked() {
                                    self.sort = match self.sort {
                                        Some((c, asc)) if c == i => Some((i, !asc)),
                                        _ => Some((i, i == 0)),
                                    };
                                }
                                if i >= 2
                                    && let Some(f) = fields.get(i - 2)
                                    && let Some(tip) =
                                        super::thematic::indicator_tooltip(&state.labels, f, t)
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
                                        v => display_datum(v, *d),
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
                            }
                        });
                    });
            });
    }

    fn histogram(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        th: &Thematic,
        t: &Texts,
        out: &mut Vec<Command>,
    ) {
        let english = state.lang == Lang::En;
        let view = &th.view;
        ui.label(RichText::new(t.histogram).strong());
        ui.label(
            RichText::new(indicator_label(
                &state.labels,
                &view.settings.field,
                english,
            ))
            .small(),
        );
        let values: Vec<(usize, f64)> = view
            .data
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.value().map(|v| (i, v)))
            .collect();
        let Some(c) = &view.classification else {
            return;
        };
        let (lo, hi) = (c.min, c.max);
        let nbins = ((values.len() as f64).sqrt().ceil() as usize).clamp(5, 30);
        let width = ((hi - lo) / nbins as f64).max(f64::EPSILON);
        let bin_of = |v: f64| (((v - lo) / width) as usize).min(nbins - 1);
        let mut all = vec![0usize; nbins];
        let mut brushed = vec![0usize; nbins];
        for &(i, v) in &values {
            let b = bin_of(v);
            all[b] += 1;
            if th.brushed.contains(&i) {
                brushed[b] += 1;
            }
        }
        let centre = |b: usize| lo + width * (b as f64 + 0.5);
        let bars: Vec<Bar> = (0..nbins)
            .map(|b| {
                let [r, g, bl] = view
                    .colours
                    .get(c.class_of(centre(b)))
                    .copied()
                    .unwrap_or([200, 200, 200]);
                Bar::new(centre(b), all[b] as f64)
                    .width(width * 0.95)
                    .fill(Color32::from_rgb(r, g, bl))
                    .stroke(egui::Stroke::new(0.5, Color32::from_gray(90)))
            })
            .collect();
        let marks: Vec<Bar> = (0..nbins)
            .filter(|&b| brushed[b] > 0)
            .map(|b| {
                Bar::new(centre(b), brushed[b] as f64)
                    .width(width * 0.6)
                    .fill(theme::BRUSH_MARK)
            })
            .collect();
        let drag_start = self.hist_drag;
        let plot = Plot::new("histogramm")
            .sense(egui::Sense::click_and_drag())
            .height(ui.available_height().max(120.0))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([false, true])
            .y_axis_label(if english { "areas" } else { "Gebiete" })
            .x_axis_formatter(|m, _| format_fixed_de(m.value, 1))
            .show(ui, |p| {
                p.bar_chart(BarChart::new(t.histogram, bars));
                if !marks.is_empty() {
                    p.bar_chart(BarChart::new(t.brushed, marks));
                }
                for b in c.bins.iter().take(c.k().saturating_sub(1)) {
                    p.vline(VLine::new("", *b).color(Color32::from_gray(40)).width(1.2));
                }
                if let (Some(start), Some(now)) = (drag_start, p.pointer_coordinate()) {
                    p.span(
                        Span::new("", start.min(now.x)..=start.max(now.x))
                            .fill(Color32::from_rgba_unmultiplied(217, 30, 99, 40)),
                    );
                }
                p.pointer_coordinate()
            });
        let r = &plot.response;
        if r.drag_started() {
            self.hist_drag = plot.inner.map(|p| p.x);
        }
        if r.drag_stopped() {
            if let (Some(a), Some(b)) = (self.hist_drag.take(), plot.inner.map(|p| p.x)) {
                let (x0, x1) = (a.min(b), a.max(b));
                let set = values
                    .iter()
                    .filter(|(_, v)| *v >= x0 && *v <= x1)
                    .map(|(i, _)| *i)
                    .collect();
                out.push(Command::Brush(set));
            }
        } else if r.clicked() {
            // A click selects the areas of the bar under the pointer, or clears.
            let set = plot
                .inner
                .map(|p| {
                    let b = bin_of(p.x.clamp(lo, hi));
                    values
                        .iter()
                        .filter(|(_, v)| bin_of(*v) == b && p.y >= 0.0 && p.y <= all[b] as f64)
                        .map(|(i, _)| *i)
                        .collect()
                })
                .unwrap_or_default();
            out.push(Command::Brush(set));
        }
        r.clone().on_hover_text(t.brush_hint);
    }

    fn scatter(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        th: &Thematic,
        t: &Texts,
        out: &mut Vec<Command>,
    ) {
        let english = state.lang == Lang::En;
        let view = &th.view;
        let x_field = &view.settings.field;
        let Some(y_field) = th.scatter_y.clone() else {
            return;
        };
        let xs = view.column(x_field);
        let ys = view.column(&y_field);
        let pairs: Vec<(usize, f64, f64)> = xs
            .iter()
            .zip(&ys)
            .enumerate()
            .filter_map(|(i, (x, y))| Some((i, x.value()?, y.value()?)))
            .collect();
        let (px, py): (Vec<f64>, Vec<f64>) = pairs.iter().map(|(_, x, y)| (*x, *y)).unzip();
        let r = pearson_r(&px, &py);
        ui.horizontal(|ui| {
            ui.label(RichText::new(t.scatter).strong());
            let r_text = r.map_or("–".to_owned(), |r| format_fixed_de(r, 2));
            ui.label(format!("r = {r_text} (n = {})", pairs.len()));
        });
        let fields: Vec<String> = view
            .table
            .numeric_fields()
            .map(|f| f.name.clone())
            .collect();
        let mut chosen = y_field.clone();
        ui.horizontal(|ui| {
            let label = ui.label(t.y_axis);
            egui::ComboBox::from_id_salt("y_achse")
                .width(170.0)
                .selected_text(indicator_label(&state.labels, &chosen, english))
                .show_ui(ui, |ui| {
                    for f in &fields {
                        ui.selectable_value(
                            &mut chosen,
                            f.clone(),
                            indicator_label(&state.labels, f, english),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if chosen != y_field {
            out.push(Command::SetScatterY(chosen));
        }
        let fit = least_squares(&px, &py);
        let (normal, marked): (Vec<_>, Vec<_>) =
            pairs.iter().partition(|(i, _, _)| !th.brushed.contains(i));
        let to_points = |v: &[&(usize, f64, f64)]| {
            PlotPoints::from(v.iter().map(|(_, x, y)| [*x, *y]).collect::<Vec<_>>())
        };
        let drag_start = self.scatter_drag;
        let xmin = px.iter().copied().fold(f64::INFINITY, f64::min);
        let xmax = px.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let plot = Plot::new("streudiagramm")
            .sense(egui::Sense::click_and_drag())
            .height(ui.available_height().max(120.0))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .x_axis_label(indicator_label(&state.labels, x_field, english))
            .y_axis_label(indicator_label(&state.labels, &y_field, english))
            .show(ui, |p| {
                p.points(
                    Points::new(t.scatter, to_points(&normal))
                        .radius(3.0)
                        .color(Color32::from_rgb(0x31, 0x68, 0x9E)),
                );
                if !marked.is_empty() {
                    p.points(
                        Points::new(t.brushed, to_points(&marked))
                            .radius(4.5)
                            .color(theme::BRUSH_MARK),
                    );
                }
                if let Some((a, b)) = fit
                    && xmin.is_finite()
                {
                    p.line(
                        Line::new("", vec![[xmin, a + b * xmin], [xmax, a + b * xmax]])
                            .color(Color32::from_gray(120))
                            .width(1.0),
                    );
                }
                if let (Some(s), Some(now)) = (drag_start, p.pointer_coordinate()) {
                    let rect = vec![
                        [s[0], s[1]],
                        [now.x, s[1]],
                        [now.x, now.y],
                        [s[0], now.y],
                        [s[0], s[1]],
                    ];
                    p.line(Line::new("", rect).color(theme::BRUSH_MARK).width(1.0));
                }
                p.pointer_coordinate()
            });
        let resp = &plot.response;
        if resp.drag_started() {
            self.scatter_drag = plot.inner.map(|p| [p.x, p.y]);
        }
        if resp.drag_stopped() {
            if let (Some(a), Some(b)) = (self.scatter_drag.take(), plot.inner) {
                let (x0, x1) = (a[0].min(b.x), a[0].max(b.x));
                let (y0, y1) = (a[1].min(b.y), a[1].max(b.y));
                let set = pairs
                    .iter()
                    .filter(|(_, x, y)| *x >= x0 && *x <= x1 && *y >= y0 && *y <= y1)
                    .map(|(i, _, _)| *i)
                    .collect();
                out.push(Command::Brush(set));
            }
        } else if resp.clicked() {
            // A click picks the nearest point within a few pixels, or clears.
            let hit = resp.interact_pointer_pos().and_then(|pos| {
                pairs
                    .iter()
                    .map(|(i, x, y)| {
                        let s = plot
                            .transform
                            .position_from_point(&egui_plot::PlotPoint::new(*x, *y));
                        (*i, s.distance(pos))
                    })
                    .filter(|(_, d)| *d < 8.0)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| i)
            });
            out.push(Command::Brush(hit.into_iter().collect()));
        }
        resp.clone().on_hover_text(t.brush_hint);
    }
}

/// Ordinary least squares y = a + b·x.
fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let b = sxy / sxx;
    Some((my - b * mx, b))
}
