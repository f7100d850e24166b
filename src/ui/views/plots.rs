//! The histogram (class breaks, brushed share per bar; drag a range to brush) and the
//! scatter plot (Pearson's r, least-squares line; drag a box to brush) of the linked views.

use egui::{Color32, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, Line, Plot, PlotPoints, Points, Span, VLine};

use super::LinkedViews;
use crate::analysis::stats::{least_squares, pearson_r};
use crate::i18n::{Lang, Noun, Texts, Words};
use crate::model::value::{format_fixed, format_tick};
use crate::state::{AppState, Command, Thematic};
use crate::theme;
use crate::ui::thematic::indicator_label;

impl LinkedViews {
    pub(super) fn histogram(
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
            .set_margin_fraction(egui::vec2(0.08, 0.05))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([false, true])
            .custom_x_axes(vec![x_axis(
                indicator_label(&state.labels, &view.settings.field, english),
                english,
            )])
            .custom_y_axes(vec![y_axis(
                if english { "Areas" } else { "Gebiete" }.to_owned(),
                english,
            )])
            .label_formatter(|_| None)
            .show(ui, |p| {
                let w = state.lang.words();
                let decimals = view.decimals;
                let bin = move |b: &Bar| {
                    let (from, to) = (b.argument - width / 2.0, b.argument + width / 2.0);
                    format!(
                        "{} – {}\n{}",
                        w.fixed(from, decimals),
                        w.fixed(to, decimals),
                        w.count_of(b.value.round() as usize, Noun::AREA)
                    )
                };
                p.bar_chart(
                    BarChart::new(t.histogram, bars)
                        .element_formatter(Box::new(move |b: &Bar, _: &BarChart| bin(b))),
                );
                if !marks.is_empty() {
                    p.bar_chart(
                        BarChart::new(t.brushed, marks)
                            .element_formatter(Box::new(move |b: &Bar, _: &BarChart| bin(b))),
                    );
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

    pub(super) fn scatter(
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
        // Wraps in a narrow panel rather than cutting off r and n.
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t.scatter).strong());
            let r_text = r.map_or("–".to_owned(), |r| format_fixed(r, 2, english));
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
            // As wide as the cell allows, never wider (it was cut off in a narrow panel).
            let room = (ui.available_width() - 24.0).clamp(60.0, 200.0);
            egui::ComboBox::from_id_salt("y_achse")
                .width(room)
                .truncate()
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
            // Room beside the outermost points, so the last tick's number is not cut off.
            .set_margin_fraction(egui::vec2(0.1, 0.06))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .custom_x_axes(vec![x_axis(
                indicator_label(&state.labels, x_field, english),
                english,
            )])
            .custom_y_axes(vec![y_axis(
                indicator_label(&state.labels, &y_field, english),
                english,
            )])
            .label_formatter(hover_label(
                state.lang.words(),
                state.labels.label(x_field, english),
                state.labels.label(&y_field, english),
            ))
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

/// What hovering a point of the scatter plot says: its two values, named, in the reader's
/// number format (egui_plot's own label would write "x = 12.500").
fn hover_label(
    w: Words,
    x_name: String,
    y_name: String,
) -> impl Fn(&egui_plot::HoverPosition<'_>) -> Option<String> {
    move |pos| match pos {
        egui_plot::HoverPosition::NearDataPoint { position, .. } => Some(format!(
            "{x_name}: {}\n{y_name}: {}",
            w.number(position.x),
            w.number(position.y)
        )),
        egui_plot::HoverPosition::Elsewhere { .. } => None,
    }
}

/// A value axis with tick numbers that fit a narrow plot (closer than egui_plot's default
/// spacing, which hid every tick below 60 points) in the reader's number format.
fn x_axis(label: String, english: bool) -> AxisHints<'static> {
    AxisHints::new_x()
        .label(label)
        .label_spacing(28.0..=48.0)
        .formatter(move |m, _| format_tick(m.value, m.step_size, english))
}

fn y_axis(label: String, english: bool) -> AxisHints<'static> {
    AxisHints::new_y()
        .label(label)
        .formatter(move |m, _| format_tick(m.value, m.step_size, english))
}
