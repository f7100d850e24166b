//! The index result (in the bottom panel): what the map shows, the ranking table (sortable, linked with the
//! map), the breakdown of one area's index into its indicators, the sensitivity list and the
//! Indikatorenblatt of the index.

use egui::{RichText, Sense, Ui};

use super::texts::IndexTexts;
use crate::analysis::index::{WITHOUT_CLASS_DE, WITHOUT_CLASS_EN};
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
    pub(super) variation_indicator: usize,
    pub(super) variation_weight: f64,
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
        let Some(ix) = state.index() else {
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
            Tab::Area => super::explain::breakdown(ui, state, ix, t),
            Tab::Sensitivity => self.sensitivity(ui, state, ix, t, out),
            Tab::Method => super::explain::method(ui, state, ix, t),
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
        let w = state.lang.words();
        let r = &ix.result;
        let ranks = &ix.ranks;
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
            .thematic()
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
            let clicked = ui
                .horizontal(|ui| {
                    let clicked = ui
                        .add(egui::Button::new(RichText::new(label).strong()).frame(false))
                        .clicked();
                    if self.sort == sort {
                        sort_marker(ui, self.descending);
                    }
                    clicked
                })
                .inner;
            if clicked {
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
                            r.status.index[i]
                                .map(|v| w.signed(v, 2))
                                .unwrap_or_default(),
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
                            ui.add(cell(d_index(i).map(|v| w.signed(v, 2)).unwrap_or_default()));
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
                        out.push(Command::SelectAndReveal(FeatureRef {
                            layer: ix.request.layer,
                            feature: i,
                        }));
                    }
                });
            });
    }
}

/// A small triangle after the sorted column's name: pointing down for the usual order.
fn sort_marker(ui: &mut Ui, reversed: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
    let c = rect.center();
    let (tip, base) = if reversed { (-4.0, 3.0) } else { (4.0, -3.0) };
    ui.painter().add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(c.x - 4.0, c.y + base),
            egui::pos2(c.x + 4.0, c.y + base),
            egui::pos2(c.x, c.y + tip),
        ],
        ui.visuals().strong_text_color(),
        egui::Stroke::NONE,
    ));
}
