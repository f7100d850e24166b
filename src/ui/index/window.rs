//! The index result (in the bottom panel): what the map shows, the ranking table (sortable, linked with the
//! map), the breakdown of one area's index into its indicators, the sensitivity list and the
//! Indikatorenblatt of the index.

use egui::{Color32, ComboBox, DragValue, RichText, Sense, Ui};

use super::texts::IndexTexts;
use crate::analysis::index::sensitivity::Variation;
use crate::analysis::index::{Part, WITHOUT_CLASS_DE, WITHOUT_CLASS_EN, note};
use crate::model::value::format_fixed_de;
use crate::state::{AppState, Command, FeatureRef, IndexCommand, IndexMap, IndexState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Ranking,
    Area,
    Sensitivity,
    Method,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Rank,
    Name,
    Dynamics,
}

/// What the window asks of the app beyond commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WindowRequest {
    pub open_wizard: bool,
    pub export_csv: bool,
}

pub struct ResultWindow {
    pub tab: Tab,
    sort: SortBy,
    descending: bool,
    variation_indicator: usize,
    variation_weight: f64,
}

impl Default for ResultWindow {
    fn default() -> Self {
        Self {
            tab: Tab::Ranking,
            sort: SortBy::Rank,
            descending: false,
            variation_indicator: 0,
            variation_weight: 2.0,
        }
    }
}

/// A signed number in German format with a real minus sign.
pub fn signed(v: f64, decimals: usize) -> String {
    let s = format_fixed_de(v.abs(), decimals);
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{s}")
    } else if v > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

impl ResultWindow {
    /// The result in the bottom panel: what the map shows, settings and export, the tabs.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        t: &IndexTexts,
        out: &mut Vec<Command>,
    ) -> WindowRequest {
        let mut request = WindowRequest::default();
        let Some(ix) = &state.index else {
            return request;
        };
        ui.horizontal_wrapped(|ui| {
            for (tab, label) in [
                (Tab::Ranking, t.tab_ranking),
                (Tab::Area, t.tab_area),
                (Tab::Sensitivity, t.tab_sensitivity),
                (Tab::Method, t.tab_method),
            ] {
                ui.selectable_value(&mut self.tab, tab, label);
            }
            ui.separator();
            request.open_wizard = ui.button(t.settings).clicked();
            request.export_csv = ui.button(t.export_csv).clicked();
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(t.map_shows);
            let mut map = ix.map;
            let has_dyn = ix.result.dynamics.is_some();
            if has_dyn {
                ui.radio_value(&mut map, Some(IndexMap::Gesamt), t.map_gesamt);
            }
            ui.radio_value(&mut map, Some(IndexMap::Status), t.map_status);
            if has_dyn {
                ui.radio_value(&mut map, Some(IndexMap::Dynamik), t.map_dynamics);
            }
            ui.radio_value(&mut map, None, t.map_indicator);
            if map != ix.map {
                out.push(Command::Index(IndexCommand::ShowOnMap(map)));
            }
        });
        ui.separator();
        match self.tab {
            Tab::Ranking => self.ranking(ui, state, ix, t, out),
            Tab::Area => breakdown(ui, state, ix, t),
            Tab::Sensitivity => self.sensitivity(ui, state, ix, t, out),
            Tab::Method => method(ui, state, ix, t),
        }
        request
    }

    fn ranking(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        ix: &IndexState,
        t: &IndexTexts,
        out: &mut Vec<Command>,
    ) {
        let english = state.lang == crate::i18n::Lang::En;
        let r = &ix.result;
        let ranks = r.status_rank();
        let mut rows: Vec<usize> = (0..r.len()).collect();
        let d_index = |i: usize| {
            r.dynamics
                .as_ref()
                .and_then(|d| d.index.get(i).copied().flatten())
        };
        match self.sort {
            SortBy::Rank => rows.sort_by_key(|&i| (ranks[i].is_none(), ranks[i], i)),
            SortBy::Name => rows.sort_by(|a, b| ix.titles[*a].cmp(&ix.titles[*b])),
            SortBy::Dynamics => rows.sort_by(|a, b| {
                let (x, y) = (d_index(*a), d_index(*b));
                y.is_some()
                    .cmp(&x.is_some())
                    .then(y.unwrap_or(0.0).total_cmp(&x.unwrap_or(0.0)))
            }),
        }
        if self.descending {
            rows.reverse();
        }
        let brushed = state
            .thematic
            .as_ref()
            .filter(|th| th.layer == ix.request.layer && th.level_layer.is_none())
            .map(|th| th.brushed.clone())
            .unwrap_or_default();
        let without = if english {
            WITHOUT_CLASS_EN
        } else {
            WITHOUT_CLASS_DE
        };
        let has_dyn = r.dynamics.is_some();
        let mut header = |ui: &mut Ui, label: &str, sort: SortBy| {
            let arrow = if self.sort == sort {
                if self.descending { " ↑" } else { " ↓" }
            } else {
                ""
            };
            if ui
                .add(
                    egui::Button::new(RichText::new(format!("{label}{arrow}")).strong())
                        .frame(false),
                )
                .clicked()
            {
                if self.sort == sort {
                    self.descending = !self.descending;
                } else {
                    self.sort = sort;
                    self.descending = false;
                }
            }
        };
        let mut builder = egui_extras::TableBuilder::new(ui)
            .striped(true)
            .sense(Sense::click())
            .column(egui_extras::Column::exact(48.0))
            .column(egui_extras::Column::initial(220.0).clip(true))
            .column(egui_extras::Column::exact(90.0))
            .column(egui_extras::Column::initial(110.0));
        if has_dyn {
            builder = builder
                .column(egui_extras::Column::exact(90.0))
                .column(egui_extras::Column::initial(90.0));
        }
        builder
            .header(22.0, |mut h| {
                h.col(|ui| header(ui, t.rank, SortBy::Rank));
                h.col(|ui| header(ui, t.area, SortBy::Name));
                h.col(|ui| header(ui, t.status_index, SortBy::Rank));
                h.col(|ui| {
                    ui.strong(t.status_class);
                });
                if has_dyn {
                    h.col(|ui| header(ui, t.dynamics_index, SortBy::Dynamics));
                    h.col(|ui| {
                        ui.strong(t.dynamics_class);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, rows.len(), |mut row| {
                    let i = rows[row.index()];
                    row.set_selected(brushed.contains(&i));
                    let cell = |s: String| egui::Label::new(s).selectable(false);
                    row.col(|ui| {
                        ui.add(cell(ranks[i].map(|r| r.to_string()).unwrap_or_default()));
                    });
                    row.col(|ui| {
                        ui.add(cell(ix.titles[i].clone()));
                    });
                    row.col(|ui| {
                        ui.add(cell(
                            r.status.index[i].map(|v| signed(v, 2)).unwrap_or_default(),
                        ));
                    });
                    row.col(|ui| {
                        let text = match r.status_class[i] {
                            Some(c) => format!(
                                "{} {}",
                                c.number(),
                                if english { c.label_en() } else { c.label_de() }
                            ),
                            None => format!(
                                "{without} ({})",
                                r.status.validity[i]
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
                        ui.add(cell(text));
                    });
                    if has_dyn {
                        row.col(|ui| {
                            ui.add(cell(d_index(i).map(|v| signed(v, 2)).unwrap_or_default()));
                        });
                        row.col(|ui| {
                            let text = r.dynamics_class[i].map_or(without.to_owned(), |c| {
                                format!(
                                    "{} {}",
                                    c.symbol(),
                                    if english { c.label_en() } else { c.label_de() }
                                )
                            });
                            ui.add(cell(text));
                        });
                    }
                    if row.response().clicked() {
                        out.push(Command::Select(Some(FeatureRef {
                            layer: ix.request.layer,
                            feature: i,
                        })));
                    }
                });
            });
    }

    fn sensitivity(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        ix: &IndexState,
        t: &IndexTexts,
        out: &mut Vec<Command>,
    ) {
        let english = state.lang == crate::i18n::Lang::En;
        let name = |f: &str| state.labels.label(f, english);
        let settings = ix.settings();
        ui.horizontal(|ui| {
            let k = settings.indicators.len();
            self.variation_indicator = self.variation_indicator.min(k.saturating_sub(1));
            ComboBox::from_id_salt("variation_indicator")
                .selected_text(
                    settings
                        .indicators
                        .get(self.variation_indicator)
                        .map(|s| name(&s.field))
                        .unwrap_or_default(),
                )
                .show_ui(ui, |ui| {
                    for (i, s) in settings.indicators.iter().enumerate() {
                        ui.selectable_value(&mut self.variation_indicator, i, name(&s.field));
                    }
                });
            ui.add(
                DragValue::new(&mut self.variation_weight)
                    .range(0.0..=10.0)
                    .speed(0.05)
                    .prefix(format!("{} ", t.new_weight)),
            );
            if ui.button(t.add_variation).clicked() && k > 0 {
                out.push(Command::Index(IndexCommand::AddVariation(
                    Variation::Weight {
                        indicator: self.variation_indicator,
                        weight: self.variation_weight,
                    },
                )));
            }
        });
        ui.separator();
        let leave_outs = ix.variations().len() - ix.extra.len();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (n, s) in ix.scenarios.iter().enumerate() {
                let label = if english {
                    s.variation.label_en(settings, &name)
                } else {
                    s.variation.label_de(settings, &name)
                };
                let summary = match &s.changes {
                    Err(e) => format!("{label}: {e}"),
                    Ok(c) if c.is_empty() => format!("{label}: {}", t.no_changes),
                    Ok(_) => format!(
                        "{label}: {} {}, {} {}",
                        s.status_changes(),
                        t.areas_change_status,
                        s.dynamics_changes(),
                        t.areas_change_dynamics
                    ),
                };
                ui.horizontal(|ui| {
                    egui::CollapsingHeader::new(summary)
                        .id_salt(("szenario", n))
                        .show(ui, |ui| {
                            for c in s.changes.iter().flatten() {
                                let mut parts = Vec::new();
                                if let Some((a, b)) = c.status {
                                    parts.push(format!(
                                        "{}: {} → {}",
                                        t.status_axis,
                                        class_name(
                                            a.map(|a| (a.label_de(), a.label_en())),
                                            english
                                        ),
                                        class_name(
                                            b.map(|b| (b.label_de(), b.label_en())),
                                            english
                                        )
                                    ));
                                }
                                if let Some((a, b)) = c.dynamics {
                                    parts.push(format!(
                                        "{}: {} → {}",
                                        t.dynamics_axis,
                                        class_name(
                                            a.map(|a| (a.label_de(), a.label_en())),
                                            english
                                        ),
                                        class_name(
                                            b.map(|b| (b.label_de(), b.label_en())),
                                            english
                                        )
                                    ));
                                }
                                let text = format!(
                                    "{} – {}",
                                    ix.titles.get(c.area).cloned().unwrap_or_default(),
                                    parts.join("; ")
                                );
                                if ui
                                    .add(
                                        egui::Label::new(text)
                                            .selectable(false)
                                            .sense(Sense::click()),
                                    )
                                    .clicked()
                                {
                                    out.push(Command::Select(Some(FeatureRef {
                                        layer: ix.request.layer,
                                        feature: c.area,
                                    })));
                                }
                            }
                        });
                    if n >= leave_outs && ui.small_button(t.remove).clicked() {
                        out.push(Command::Index(IndexCommand::RemoveVariation(
                            n - leave_outs,
                        )));
                    }
                });
            }
        });
    }
}

fn class_name(c: Option<(&'static str, &'static str)>, english: bool) -> &'static str {
    match c {
        Some((de, en)) => {
            if english {
                en
            } else {
                de
            }
        }
        None => {
            if english {
                WITHOUT_CLASS_EN
            } else {
                WITHOUT_CLASS_DE
            }
        }
    }
}

/// The area whose index is explained: the selection on the index layer, else the single
/// brushed area.
fn explained_area(state: &AppState, ix: &IndexState) -> Option<usize> {
    if let Some(s) = state.selection
        && s.layer == ix.request.layer
    {
        return Some(s.feature);
    }
    let th = state.thematic.as_ref()?;
    (th.layer == ix.request.layer && th.level_layer.is_none() && th.brushed.len() == 1)
        .then(|| th.brushed.first().copied())
        .flatten()
}

fn breakdown(ui: &mut Ui, state: &AppState, ix: &IndexState, t: &IndexTexts) {
    let english = state.lang == crate::i18n::Lang::En;
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
                "{} „{}“? {} {}",
                t.why,
                if english { c.label_en() } else { c.label_de() },
                t.status_index,
                r.status.index[area]
                    .map(|v| signed(v, 2))
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
                    d.index[area].map(|v| signed(v, 2)).unwrap_or_default()
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
                ui.label(format!(
                    "{label}: {}",
                    v.map(|v| format_fixed_de(v, 1)).unwrap_or_default()
                ));
                ui.label(if settings.standardized_input {
                    String::new()
                } else {
                    format_fixed_de(part.means[k], 1)
                });
                ui.label(
                    part.z
                        .get(k)
                        .and_then(|z| z.get(area).copied().flatten())
                        .map(|z| signed(z, 2))
                        .unwrap_or_default(),
                );
                ui.label(format!(
                    "{}{}",
                    format_fixed_de(spec.weight, 2),
                    if spec.flipped { " (−)" } else { "" }
                ));
                ui.label(signed(contrib[k], 2));
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
            signed(*c, 2)
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

fn method(ui: &mut Ui, state: &AppState, ix: &IndexState, t: &IndexTexts) {
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
