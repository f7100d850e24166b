//! The reach panel's coverage tabs: the share of residents (and of a target group, and of the
//! areas) within each radius — each share saying of what — and facilities per 1,000 of the
//! target group per Stadtteil.

use egui::{ComboBox, RichText, Ui};

use super::tabs::{RESIDENTS, share_within};
use super::texts::ReachTexts;
use crate::analysis::reach::coverage::Coverage;
use crate::i18n::{Noun, Words};
use crate::model::FieldType;
use crate::state::{AppState, Command, ReachCommand, ReachState};

/// One radius: the share of residents within it (with the counts), of the target group,
/// and of the areas — each share saying of what.
fn coverage_line(c: &Coverage, target: Option<(&str, &str)>, w: Words) -> String {
    let of = w.pick("von", "of");
    let count =
        |covered: f64, total: f64| format!("({} {of} {})", w.number(covered), w.number(total));
    let mut s = format!(
        "{} {}",
        share_within(c.resident_share(), RESIDENTS, c.radius, w),
        count(c.residents_covered, c.residents)
    );
    if let (Some((total, covered)), Some(group)) = (c.target, target) {
        s.push_str(&format!(
            "; {} {}",
            pct_of(c.target_share(), group, w),
            count(covered, total)
        ));
    }
    s.push_str(&format!(
        "; {} {}",
        pct_of(
            c.area_share(),
            (w.noun(2, Noun::AREA), w.noun(2, Noun::AREA)),
            w
        ),
        count(c.areas_covered as f64, c.areas as f64)
    ));
    s
}

fn pct_of(share: Option<f64>, of: (&str, &str), w: Words) -> String {
    share.map_or_else(|| "–".to_owned(), |s| w.share_of(s, of))
}

/// A target group's name as the whole of a share: "der Einwohner:innen ab 65 Jahren" / "of
/// residents aged 65 and over".
fn group_name(label: &str, english: bool) -> String {
    let mut chars = label.chars();
    match (english, chars.next()) {
        (true, Some(first)) if !chars.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => label.to_owned(),
    }
}

/// Coverage within each radius, with the target group.
pub(super) fn coverage(
    ui: &mut Ui,
    state: &AppState,
    r: &ReachState,
    t: &ReachTexts,
    out: &mut Vec<Command>,
) {
    let english = state.lang == crate::i18n::Lang::En;
    target_choice(ui, state, r, t, out);
    let target = r
        .target
        .as_ref()
        .map(|(f, _)| group_name(&state.labels.label(f, english), english));
    for c in &r.coverage {
        let group = target.as_deref().map(|g| (g, g));
        ui.label(coverage_line(c, group, state.lang.words()));
    }
}

fn target_choice(
    ui: &mut Ui,
    state: &AppState,
    r: &ReachState,
    t: &ReachTexts,
    out: &mut Vec<Command>,
) {
    let english = state.lang == crate::i18n::Lang::En;
    let counts: Vec<String> = state
        .layer_schema(r.areas, None)
        .map(|s| {
            s.fields
                .iter()
                .filter(|f| f.kind == FieldType::Number)
                .filter(|f| {
                    state
                        .labels
                        .get(&f.name)
                        .is_some_and(|m| m.is_count() && m.unit == "Personen")
                })
                .map(|f| f.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let current = r.target.as_ref().map(|(f, _)| f.clone());
    let mut chosen = current.clone();
    ComboBox::from_label(t.target_group)
        .selected_text(chosen.as_deref().map_or_else(
            || t.no_target.to_owned(),
            |f| state.labels.label(f, english),
        ))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, t.no_target);
            for f in &counts {
                ui.selectable_value(&mut chosen, Some(f.clone()), state.labels.label(f, english));
            }
        });
    if chosen != current {
        out.push(Command::Reach(ReachCommand::SetTarget(chosen)));
    }
}

/// Facilities per 1,000 of the target group, per Stadtteil.
pub(super) fn groups(ui: &mut Ui, r: &ReachState, t: &ReachTexts, w: Words) {
    if r.per_group.is_empty() {
        ui.label(RichText::new(t.choose_target).weak());
        return;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("je_stadtteil")
            .striped(true)
            .show(ui, |ui| {
                ui.strong(t.group);
                ui.strong(t.facilities);
                ui.strong(t.target_group);
                ui.strong(t.per_1000);
                ui.end_row();
                for g in &r.per_group {
                    ui.label(&g.name);
                    ui.label(w.number(g.facilities as f64));
                    ui.label(w.number(g.target));
                    ui.label(g.per_1000.map_or_else(|| "–".to_owned(), |v| w.fixed(v, 2)));
                    ui.end_row();
                }
            });
    });
}
