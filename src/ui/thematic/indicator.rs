//! How an indicator is named in the panels: its label with unit ("SGB-II-Quote (%)") and its
//! tooltip (name, unit, definition, direction, numerator and denominator, source), in the
//! reader's language.

use crate::i18n::{Texts, Words};
use crate::io::meta::FieldLabels;

/// "SGB-II-Quote (%)", "Familienhaushalte (Haushalte)" / "Family households (households)".
pub fn indicator_label(labels: &FieldLabels, field: &str, english: bool) -> String {
    let name = labels.label(field, english);
    match labels.get(field).map(|m| m.unit.as_str()) {
        Some(u) if !u.is_empty() && u != "Personen" => {
            format!("{name} ({})", Words::new(english).unit(u))
        }
        _ => name,
    }
}

/// Name, unit, definition, direction and source of an indicator, in the reader's language.
pub fn indicator_tooltip(
    labels: &FieldLabels,
    field: &str,
    t: &Texts,
    english: bool,
) -> Option<String> {
    let m = labels.get(field)?;
    let w = Words::new(english);
    let mut lines = vec![format!("{} [{field}]", labels.label(field, english))];
    if !m.unit.is_empty() {
        lines.push(format!("{}: {}", t.unit, w.unit(&m.unit)));
    }
    let definition = m.definition_in(english);
    if !definition.is_empty() {
        lines.push(definition.to_owned());
    }
    lines.push(format!(
        "{}: {}",
        t.direction,
        direction_text(m.direction, t)
    ));
    if m.is_rate() {
        lines.push(format!(
            "{}: {} · {}: {}",
            t.numerator,
            labels.label(&m.numerator, english),
            t.denominator,
            labels.label(&m.denominator, english)
        ));
    }
    if !m.source.is_empty() {
        lines.push(format!("{}: {}", t.source, w.source(&m.source)));
    }
    Some(lines.join("\n"))
}

pub fn direction_text(direction: i8, t: &Texts) -> &'static str {
    match direction {
        d if d > 0 => t.direction_up,
        d if d < 0 => t.direction_down,
        _ => t.direction_neutral,
    }
}
