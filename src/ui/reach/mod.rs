//! The reach panel (bottom panel tab "Erreichbarkeit"): choose areas, facilities and radii,
//! then the gap list ("Wo fehlt ein Büro?"), coverage, facilities per Stadtteil, and the
//! what-if of hypothetical offices placed on the map.

mod coverage;
mod tabs;
pub mod texts;

use egui::{ComboBox, DragValue, RichText, Ui};

use crate::analysis::reach::ReachSettings;
use crate::model::{FacilityKind, Layer};
use crate::state::{AppState, Command, LayerId, ReachCommand};
use texts::{ReachTexts, reach_texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Gaps,
    Coverage,
    Groups,
    WhatIf,
}

fn scrolled(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, add);
}

/// What the panel remembers between frames (choices before computing).
pub struct ReachUi {
    pub tab: Tab,
    areas: Option<LayerId>,
    facilities: Option<LayerId>,
    settings: ReachSettings,
}

impl Default for ReachUi {
    fn default() -> Self {
        Self {
            tab: Tab::Gaps,
            areas: None,
            facilities: None,
            settings: ReachSettings::default(),
        }
    }
}

impl ReachUi {
    pub fn show(&mut self, ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
        let t = reach_texts(state.lang);
        self.defaults(state);
        self.setup_row(ui, state, t, out);
        let Some(r) = state.reach() else {
            ui.label(RichText::new(t.not_computed).weak());
            return;
        };
        ui.horizontal_wrapped(|ui| {
            for (tab, label) in [
                (Tab::Gaps, t.tab_gaps),
                (Tab::Coverage, t.tab_coverage),
                (Tab::Groups, t.tab_groups),
                (Tab::WhatIf, t.tab_what_if),
            ] {
                ui.selectable_value(&mut self.tab, tab, label);
            }
        });
        ui.separator();
        // The panel keeps its height; long content scrolls (the gap table scrolls itself).
        match self.tab {
            Tab::Gaps => tabs::gaps(ui, state, r, t, out),
            Tab::Coverage => scrolled(ui, |ui| coverage::coverage(ui, state, r, t, out)),
            Tab::Groups => coverage::groups(ui, r, t, state.lang.words()),
            Tab::WhatIf => scrolled(ui, |ui| tabs::what_if(ui, state, r, t, out)),
        }
    }

    /// Preset the layers: the class map's areas and the first Nachbarschaftsbüro layer.
    fn defaults(&mut self, state: &AppState) {
        if let Some(r) = state.reach() {
            self.areas.get_or_insert(r.areas);
            self.facilities.get_or_insert(r.facilities);
        }
        if self.areas.is_none_or(|id| state.layer(id).is_none()) {
            self.areas = state.default_join_layer();
        }
        if self.facilities.is_none_or(|id| state.layer(id).is_none()) {
            let points = || {
                state.layers.iter().filter_map(|e| match &e.layer {
                    Layer::Facilities(f) => Some((e.id, f.kind)),
                    Layer::Areas(_) => None,
                })
            };
            self.facilities = points()
                .find(|(_, k)| *k == FacilityKind::Nachbarschaftsbuero)
                .or_else(|| points().next())
                .map(|(id, _)| id);
        }
    }

    fn setup_row(&mut self, ui: &mut Ui, state: &AppState, t: &ReachTexts, out: &mut Vec<Command>) {
        let name = |id: Option<LayerId>| {
            id.and_then(|id| state.layer(id))
                .map(|e| e.display_name(state.lang))
                .unwrap_or_default()
        };
        ui.horizontal_wrapped(|ui| {
            ComboBox::from_label(t.areas)
                .selected_text(name(self.areas))
                .show_ui(ui, |ui| {
                    for e in state
                        .layers
                        .iter()
                        .filter(|e| matches!(e.layer, Layer::Areas(_)))
                    {
                        ui.selectable_value(
                            &mut self.areas,
                            Some(e.id),
                            e.display_name(state.lang),
                        );
                    }
                });
            ComboBox::from_label(t.facilities)
                .selected_text(name(self.facilities))
                .show_ui(ui, |ui| {
                    for e in state
                        .layers
                        .iter()
                        .filter(|e| matches!(e.layer, Layer::Facilities(_)))
                    {
                        ui.selectable_value(
                            &mut self.facilities,
                            Some(e.id),
                            e.display_name(state.lang),
                        );
                    }
                });
            let label = ui.label(t.radius);
            for r in self.settings.radii.iter_mut() {
                let drag = DragValue::new(r).range(50.0..=20_000.0).speed(10.0);
                ui.add(crate::ui::number::localised(drag, state.lang))
                    .labelled_by(label.id);
            }
            let label = ui.label(t.k);
            ui.add(DragValue::new(&mut self.settings.k).range(1..=10))
                .labelled_by(label.id);
            let ready = self.areas.is_some() && self.facilities.is_some();
            if ui
                .add_enabled(ready, egui::Button::new(RichText::new(t.compute).strong()))
                .clicked()
                && let (Some(areas), Some(facilities)) = (self.areas, self.facilities)
            {
                out.push(Command::Reach(ReachCommand::Compute {
                    areas,
                    facilities,
                    settings: self.settings.clone(),
                }));
            }
            if let Some(r) = state.reach()
                && ui.button(t.map_distance).clicked()
            {
                let edition = state
                    .thematic()
                    .filter(|th| th.layer == r.areas)
                    .and_then(|th| th.settings.edition);
                let mut s =
                    crate::analysis::thematic::ThematicSettings::new(&r.distance_field(), edition);
                s.method = crate::analysis::classify::Method::Manual;
                s.manual = vec![250.0, 500.0, 1000.0, 1500.0, 2500.0];
                s.palette = crate::analysis::palette::Palette::YlOrRd;
                out.push(Command::SetThematic(r.areas, s));
            }
        });
    }
}

/// The reach of an area in the info panel: the k nearest facilities with their distances.
pub fn info_summary(ui: &mut Ui, state: &AppState, layer: LayerId, row: usize) {
    let Some(r) = state.reach().filter(|r| r.areas == layer) else {
        return;
    };
    let Some(a) = r.current.get(row) else {
        return;
    };
    let t = reach_texts(state.lang);
    if a.k_nearest.is_empty() {
        return;
    }
    let list: Vec<String> = a
        .k_nearest
        .iter()
        .map(|(f, d)| {
            let name = if *f < r.site_lonlat.len() {
                state
                    .layer(r.facilities)
                    .map(|e| e.layer.feature_title(*f))
                    .unwrap_or_default()
            } else {
                format!("{} {}", t.new_office, f - r.site_lonlat.len() + 1)
            };
            format!("{name} ({})", state.lang.words().metres(*d))
        })
        .collect();
    ui.label(RichText::new(format!("{}: {}", t.nearest, list.join("; "))).small());
    ui.add_space(4.0);
}
