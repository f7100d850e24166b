//! The sensitivity tab of the index result: each indicator left out in turn and the weight
//! changes the user adds, with the areas that change class.

use egui::{ComboBox, DragValue, Sense, Ui};

use super::texts::IndexTexts;
use super::window::ResultWindow;
use crate::analysis::index::sensitivity::Variation;
use crate::analysis::index::{WITHOUT_CLASS_DE, WITHOUT_CLASS_EN};
use crate::state::{AppState, Command, FeatureRef, IndexCommand, IndexState};

impl ResultWindow {
    pub(super) fn sensitivity(
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
            let label = ui.label(t.weight);
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
                })
                .response
                .labelled_by(label.id);
            let drag = DragValue::new(&mut self.variation_weight)
                .range(0.0..=10.0)
                .speed(0.05)
                .prefix(format!("{} ", t.new_weight));
            ui.add(crate::ui::number::localised(drag, state.lang))
                .labelled_by(label.id);
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
                    Err(e) if english => format!("{label}: {}", e.english()),
                    Err(e) => format!("{label}: {e}"),
                    Ok(c) if c.is_empty() => format!("{label}: {}", t.no_changes),
                    Ok(_) => format!(
                        "{label}: {}",
                        class_changes(s.status_changes(), s.dynamics_changes(), state.lang)
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
                                        "{}: {} {} {} {}",
                                        t.status_axis,
                                        t.from,
                                        class_name(
                                            a.map(|a| (a.label_de(), a.label_en())),
                                            english
                                        ),
                                        t.to,
                                        class_name(
                                            b.map(|b| (b.label_de(), b.label_en())),
                                            english
                                        )
                                    ));
                                }
                                if let Some((a, b)) = c.dynamics {
                                    parts.push(format!(
                                        "{}: {} {} {} {}",
                                        t.dynamics_axis,
                                        t.from,
                                        class_name(
                                            a.map(|a| (a.label_de(), a.label_en())),
                                            english
                                        ),
                                        t.to,
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
                                    out.push(Command::SelectAndReveal(FeatureRef {
                                        layer: ix.request.layer,
                                        feature: c.area,
                                    }));
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

/// "1 Gebiet wechselt die Statusklasse, 2 die Dynamikklasse" / "1 area changes status
/// class, 2 change dynamics class".
fn class_changes(status: usize, dynamics: usize, lang: crate::i18n::Lang) -> String {
    let w = lang.words();
    let areas = w.count_of(status, crate::i18n::Noun::AREA);
    let n = w.number(dynamics as f64);
    match (w.english, status == 1) {
        (false, true) => format!("{areas} wechselt die Statusklasse, {n} die Dynamikklasse"),
        (false, false) => format!("{areas} wechseln die Statusklasse, {n} die Dynamikklasse"),
        (true, true) => format!("{areas} changes status class, {n} dynamics class"),
        (true, false) => format!("{areas} change status class, {n} dynamics class"),
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
