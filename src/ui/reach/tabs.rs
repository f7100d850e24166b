//! The reach panel's tabs: the gap list with its rule and the what-if of hypothetical offices
//! (coverage and facilities per Stadtteil are in [`super::coverage`]).

use egui::{ComboBox, DragValue, RichText, Sense, Ui};

use super::texts::ReachTexts;
use crate::analysis::index::StatusClass;
use crate::i18n::{Noun, Words};
use crate::model::FieldType;
use crate::state::{AppState, Command, FeatureRef, MapTool, NeedRule, ReachCommand, ReachState};
use crate::ui::number::localised;

/// Residents, as the whole a share is of ("13,6 % der Einwohner:innen").
pub(super) const RESIDENTS: (&str, &str) = ("Einwohner:innen", "residents");

fn metres(d: Option<f64>, w: Words) -> String {
    d.map_or_else(|| "–".to_owned(), |d| w.fixed(d, 0))
}

pub(super) fn pct(share: Option<f64>, w: Words) -> String {
    share.map_or_else(|| "–".to_owned(), |s| w.percent(s))
}

/// A share within a radius, saying of what: "13,6 % der Einwohner:innen innerhalb von 500 m".
pub(super) fn share_within(share: Option<f64>, of: (&str, &str), radius: f64, w: Words) -> String {
    let within = format!("{} {}", w.pick("innerhalb von", "within"), w.metres(radius));
    match share {
        Some(s) => format!("{} {within}", w.share_of(s, of)),
        None => format!("– {within}"),
    }
}

fn area_name(state: &AppState, r: &ReachState, i: usize) -> String {
    state
        .layer(r.areas)
        .map(|e| e.layer.feature_title(i))
        .unwrap_or_default()
}

fn facility_name(state: &AppState, r: &ReachState, i: usize, t: &ReachTexts) -> String {
    if i < r.site_lonlat.len() {
        state
            .layer(r.facilities)
            .map(|e| e.layer.feature_title(i))
            .unwrap_or_default()
    } else {
        format!("{} {}", t.new_office, i - r.site_lonlat.len() + 1)
    }
}

fn select(out: &mut Vec<Command>, r: &ReachState, area: usize) {
    out.push(Command::SelectAndReveal(FeatureRef {
        layer: r.areas,
        feature: area,
    }));
}

/// "Wo fehlt ein Büro?": the rule, then the ranked list.
pub(super) fn gaps(
    ui: &mut Ui,
    state: &AppState,
    r: &ReachState,
    t: &ReachTexts,
    out: &mut Vec<Command>,
) {
    let english = state.lang == crate::i18n::Lang::En;
    let mut rule = r.rule.clone();
    let mut gap = r.gap_rule.clone();
    let has_index = state.index().is_some_and(|ix| ix.request.layer == r.areas);
    ui.horizontal_wrapped(|ui| {
        let label = match &rule {
            NeedRule::Status(StatusClass::SehrNiedrig) => t.need_very_low.to_owned(),
            NeedRule::Status(_) => t.need_low.to_owned(),
            NeedRule::Indicator { .. } => t.need_indicator.to_owned(),
        };
        ComboBox::from_label(t.need)
            .selected_text(label)
            .show_ui(ui, |ui| {
                if ui.selectable_label(false, t.need_low).clicked() {
                    rule = NeedRule::Status(StatusClass::Niedrig);
                }
                if ui.selectable_label(false, t.need_very_low).clicked() {
                    rule = NeedRule::Status(StatusClass::SehrNiedrig);
                }
                if ui.selectable_label(false, t.need_indicator).clicked() {
                    rule = NeedRule::Indicator {
                        field: crate::model::conventions::SGB2_RATE_FIELD.to_owned(),
                        min: 20.0,
                    };
                }
            });
        if let NeedRule::Indicator { field, min } = &mut rule {
            let fields: Vec<String> = state
                .layer_schema(r.areas, None)
                .map(|s| {
                    s.fields
                        .iter()
                        .filter(|f| f.kind == FieldType::Number)
                        .filter(|f| state.labels.get(&f.name).is_some_and(|m| m.is_rate()))
                        .map(|f| f.name.clone())
                        .collect()
                })
                .unwrap_or_default();
            let label = ui.label(t.at_least);
            ComboBox::from_id_salt("bedarf_indikator")
                .selected_text(state.labels.label(field, english))
                .show_ui(ui, |ui| {
                    for f in &fields {
                        ui.selectable_value(field, f.clone(), state.labels.label(f, english));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add(localised(DragValue::new(min).speed(0.5), state.lang))
                .labelled_by(label.id);
        }
        let label = ui.label(t.farther_than);
        let drag = DragValue::new(&mut gap.min_distance)
            .range(0.0..=20_000.0)
            .speed(25.0);
        ui.add(localised(drag, state.lang)).labelled_by(label.id);
    });
    if rule != r.rule || gap != r.gap_rule {
        out.push(Command::Reach(ReachCommand::SetRule(rule.clone(), gap)));
    }
    if matches!(rule, NeedRule::Status(_)) && !has_index {
        ui.label(RichText::new(t.no_index).weak());
    }
    ui.label(RichText::new(t.rule_hint).small().weak());
    if r.gaps.is_empty() {
        ui.label(t.no_gaps);
        return;
    }
    gap_table(ui, state, r, t, out);
}

fn gap_table(
    ui: &mut Ui,
    state: &AppState,
    r: &ReachState,
    t: &ReachTexts,
    out: &mut Vec<Command>,
) {
    let w = state.lang.words();
    let selected = state
        .selection
        .filter(|s| s.layer == r.areas)
        .map(|s| s.feature);
    egui_extras::TableBuilder::new(ui)
        .striped(true)
        .sense(Sense::click())
        .column(egui_extras::Column::exact(44.0))
        .column(egui_extras::Column::initial(240.0).clip(true))
        .column(egui_extras::Column::exact(80.0))
        .column(egui_extras::Column::exact(90.0))
        .column(egui_extras::Column::remainder().clip(true))
        .header(20.0, |mut h| {
            for label in [t.rank, t.area, t.score, t.distance, t.nearest] {
                h.col(|ui| {
                    ui.strong(label);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, r.gaps.len(), |mut row| {
                let i = r.gaps[row.index()];
                let reach = &r.current[i];
                row.set_selected(selected == Some(i));
                let cell = |s: String| egui::Label::new(s).selectable(false);
                let rank = row.index() + 1;
                row.col(|ui| {
                    ui.add(cell(w.number(rank as f64)));
                });
                row.col(|ui| {
                    ui.add(cell(area_name(state, r, i)));
                });
                row.col(|ui| {
                    ui.add(cell(r.score[i].map(|s| w.fixed(s, 2)).unwrap_or_default()));
                });
                row.col(|ui| {
                    ui.add(cell(metres(reach.dist_edge, w)));
                });
                row.col(|ui| {
                    ui.add(cell(
                        reach
                            .nearest
                            .map(|f| facility_name(state, r, f, t))
                            .unwrap_or_default(),
                    ));
                });
                if row.response().clicked() {
                    select(out, r, i);
                }
            });
        });
}

/// Hypothetical offices and what they change.
pub(super) fn what_if(
    ui: &mut Ui,
    state: &AppState,
    r: &ReachState,
    t: &ReachTexts,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let mut placing = state.tool == MapTool::PlaceOffice;
        let text = if placing { t.placing } else { t.place };
        if ui.toggle_value(&mut placing, text).changed() {
            out.push(Command::SetTool(if placing {
                MapTool::PlaceOffice
            } else {
                MapTool::Select
            }));
        }
        if !r.hypothetical.is_empty() && ui.button(t.remove_all).clicked() {
            out.push(Command::Reach(ReachCommand::ClearHypothetical));
        }
    });
    ui.label(RichText::new(t.what_if_hint).small().weak());
    if r.hypothetical.is_empty() {
        ui.label(t.no_hypothetical);
        return;
    }
    let w = state.lang.words();
    for (i, h) in r.hypothetical.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} {}: {}",
                t.new_office,
                i + 1,
                w.coordinates(h.lon, h.lat, 5)
            ));
            if ui.small_button(t.remove).clicked() {
                out.push(Command::Reach(ReachCommand::RemoveHypothetical(i)));
            }
        });
    }
    ui.separator();
    let c = &r.change;
    ui.label(format!(
        "{} ({}): {}, {} {}",
        t.newly_covered,
        w.metres(r.gap_rule.min_distance),
        w.count_of(c.newly_covered.len(), Noun::AREA),
        w.number(c.residents_newly_covered),
        t.residents
    ));
    let names = |list: &[usize]| {
        list.iter()
            .map(|&i| area_name(state, r, i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let none = w.pick("keine", "none");
    let left = if c.left_list.is_empty() {
        none.to_owned()
    } else {
        names(&c.left_list)
    };
    ui.label(format!("{}: {left}", t.left_list));
    if !c.joined_list.is_empty() {
        ui.label(format!("{}: {}", t.joined_list, names(&c.joined_list)));
    }
    let with_new = crate::state::hypothetical_note(r.hypothetical.len(), r.kind, w.english)
        .unwrap_or_default();
    for (before, after) in r.coverage_real.iter().zip(&r.coverage) {
        // "Einwohner:innen innerhalb von 500 m: heute 13,6 %, mit 1 angenommenem Büro 14,5 %"
        ui.label(format!(
            "{} {} {}: {} {}, {with_new} {}",
            w.pick("Einwohner:innen", "Residents"),
            w.pick("innerhalb von", "within"),
            w.metres(before.radius),
            t.real,
            pct(before.resident_share(), w),
            pct(after.resident_share(), w)
        ));
    }
}
