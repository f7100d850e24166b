//! Explaining the index: why one area is in its class (each indicator's contribution) and
//! the Indikatorenblatt of the index.

use egui::{Color32, Sense, Ui};

use super::texts::IndexTexts;
use crate::analysis::index::{Part, WITHOUT_CLASS_DE, WITHOUT_CLASS_EN, note};
use crate::state::{AppState, IndexState};

/// The area whose index is explained: the selection on the index layer, else the single
/// brushed area.
fn explained_area(state: &AppState, ix: &IndexState) -> Option<usize> {
    if let Some(s) = state.selection
        && s.layer == ix.request.layer
    {
        return Some(s.feature);
    }
    let th = state.thematic()?;
    (th.layer == ix.request.layer && th.level_layer.is_none() && th.brushed.len() == 1)
        .then(|| th.brushed.first().copied())
        .flatten()
}

pub(super) fn breakdown(ui: &mut Ui, state: &AppState, ix: &IndexState, t: &IndexTexts) {
    let english = state.lang == crate::i18n::Lang::En;
    let w = state.lang.words();
    let Some(area) = explained_area(state, ix).filter(|&a| a < ix.result.len()) else {
        ui.label(t.pick_area);
        return;
    };
    let r = &ix.result;
    ui.heading(ix.titles[area].clone());
    egui::ScrollArea::vertical().show(ui, |ui| {
        let status_class = r.status_class[area];
        let title = match status_class {
            Some(c) => format!(
                "{} {}? {} {}",
                t.why,
                w.quoted(if english { c.label_en() } else { c.label_de() }),
                t.status_index,
                r.status.index[area]
                    .map(|v| w.signed(v, 2))
                    .unwrap_or_default()
            ),
            None => format!(
                "{}: {}",
                if english {
                    WITHOUT_CLASS_EN
                } else {
                    WITHOUT_CLASS_DE
                },
                r.status.validity[area]
                    .as_ref()
                    .err()
                    .map(|e| if english {
                        e.reason_en()
                    } else {
                        e.reason_de()
                    })
                    .unwrap_or_default()
            ),
        };
        ui.strong(title);
        part_table(ui, state, ix, &r.status, area, "status", t, false);
        if let Some(d) = &r.dynamics {
            ui.add_space(8.0);
            let title = match r.dynamics_class[area] {
                Some(c) => format!(
                    "{}: {} ({} {})",
                    t.dynamics_axis,
                    if english { c.label_en() } else { c.label_de() },
                    t.dynamics_index,
                    d.index[area].map(|v| w.signed(v, 2)).unwrap_or_default()
                ),
                None => format!(
                    "{}: {}",
                    t.dynamics_axis,
                    if english {
                        WITHOUT_CLASS_EN
                    } else {
                        WITHOUT_CLASS_DE
                    }
                ),
            };
            ui.strong(title);
            part_table(ui, state, ix, d, area, "dynamik", t, true);
        }
    });
}

/// One part's breakdown: per indicator the value, the mean, z, weight and the contribution to
/// the index as a bar, then the largest contributor in words.
#[allow(clippy::too_many_arguments)]
fn part_table(
    ui: &mut Ui,
    state: &AppState,
    ix: &IndexState,
    part: &Part,
    area: usize,
    id: &str,
    t: &IndexTexts,
    dynamics: bool,
) {
    let english = state.lang == crate::i18n::Lang::En;
    let w = state.lang.words();
    let settings = ix.settings();
    let Some(contrib) = part.contributions(area, settings) else {
        return;
    };
    let values: Option<&Vec<Vec<Option<f64>>>> = if dynamics {
        ix.input.dynamics.as_ref().map(|d| &d.values)
    } else {
        Some(&ix.input.status)
    };
    let scale = contrib.iter().fold(1.0f64, |m, c| m.max(c.abs())).max(1.0);
    egui::Grid::new(("aufschluesselung", id))
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            ui.strong(if dynamics { t.change_pp } else { t.value });
            ui.strong(t.mean);
            ui.strong("z");
            ui.strong(t.weight);
            ui.strong(t.contribution);
            ui.label("");
            ui.end_row();
            for (k, spec) in settings.indicators.iter().enumerate() {
                let v = values.and_then(|v| v.get(k)?.get(area).copied().flatten());
                let label = state.labels.label(&spec.field, english);
                // Rates in %, their change in percentage points.
                let unit = match state.labels.get(&spec.field).map(|m| m.unit.as_str()) {
                    _ if settings.standardized_input => "",
                    Some("%") if dynamics => w.pick(" Pp.", " pp"),
                    Some("%") => " %",
                    _ => "",
                };
                let shown = match v {
                    Some(v) if dynamics => w.signed(v, 1),
                    Some(v) => w.fixed(v, 1),
                    None => String::new(),
                };
                ui.label(format!("{label}: {shown}{unit}"));
                ui.label(if settings.standardized_input {
                    String::new()
                } else {
                    w.fixed(part.means[k], 1)
                });
                ui.label(
                    part.z
                        .get(k)
                        .and_then(|z| z.get(area).copied().flatten())
                        .map(|z| w.signed(z, 2))
                        .unwrap_or_default(),
                );
                ui.label(format!(
                    "{}{}",
                    w.fixed(spec.weight, 2),
                    if spec.flipped { " (−)" } else { "" }
                ));
                ui.label(w.signed(contrib[k], 2));
                bar(ui, contrib[k], scale);
                ui.end_row();
            }
        });
    if let Some((k, c)) = contrib
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        && let Some(spec) = settings.indicators.get(k)
    {
        ui.label(format!(
            "{} {} ({}).",
            t.strongest,
            state.labels.label(&spec.field, english),
            w.signed(*c, 2)
        ));
    }
}

/// A horizontal bar from the middle: red to the right (more need), blue to the left.
fn bar(ui: &mut Ui, value: f64, scale: f64) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 14.0), Sense::hover());
    let p = ui.painter();
    let mid = rect.center().x;
    p.line_segment(
        [egui::pos2(mid, rect.top()), egui::pos2(mid, rect.bottom())],
        egui::Stroke::new(1.0, Color32::GRAY),
    );
    let len = (value / scale) as f32 * rect.width() / 2.0;
    let (x0, x1) = if len >= 0.0 {
        (mid, mid + len)
    } else {
        (mid + len, mid)
    };
    let colour = if value >= 0.0 {
        Color32::from_rgb(198, 60, 44)
    } else {
        Color32::from_rgb(91, 159, 192)
    };
    p.rect_filled(
        egui::Rect::from_x_y_ranges(x0..=x1, rect.top() + 2.0..=rect.bottom() - 2.0),
        1.0,
        colour,
    );
}

pub(super) fn method(ui: &mut Ui, state: &AppState, ix: &IndexState, t: &IndexTexts) {
    let english = state.lang == crate::i18n::Lang::En;
    let name = |f: &str| state.labels.label(f, english);
    let sheet = if english {
        note::index_sheet_en(ix.settings(), Some(&ix.result), &name)
    } else {
        note::index_sheet_de(ix.settings(), Some(&ix.result), &name)
    };
    ui.heading(t.sheet);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (h, body) in sheet {
            ui.strong(h);
            ui.label(body);
            ui.add_space(4.0);
        }
    });
}
