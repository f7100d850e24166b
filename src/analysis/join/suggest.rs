//! Suggesting key columns for a join: every (layer field, table column) pair that matches at
//! least one key, best first. Must not join.

use std::collections::HashSet;

use super::key_text;
use crate::io::table::Table;
use crate::model::value::looks_like_identifier_name;
use crate::model::{AreaLayer, Field, FieldType, Value};

/// A candidate pair of key columns and how many areas it would match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySuggestion {
    /// Field of the area layer.
    pub left: String,
    /// Column of the table.
    pub right: String,
    /// Areas that would get a row.
    pub matches: usize,
}

/// Whether a column can serve as a key: text, or numbers that are all whole.
fn usable_as_key<'a>(field: &Field, mut values: impl Iterator<Item = Option<&'a Value>>) -> bool {
    match field.kind {
        FieldType::Text => true,
        FieldType::Number => values.all(|v| match v {
            Some(Value::Number(n)) => n.fract() == 0.0,
            _ => true,
        }),
        FieldType::Bool | FieldType::Empty => false,
    }
}

/// All (layer field, table column) pairs with at least one matching key, best first: most
/// matches; ties prefer identifier-like names, then equal names, then schema order. A pair that
/// matches only when case is ignored counts those matches, as [`join`](fn@super::join) would
/// use them. Columns of fractional numbers (rates) are never suggested.
pub fn suggest_keys(layer: &AreaLayer, table: &Table) -> Vec<KeySuggestion> {
    let mut lefts: Vec<(&Field, Vec<Option<String>>)> = Vec::new();
    for (i, field) in layer.schema.fields.iter().enumerate() {
        if !usable_as_key(field, layer.areas.iter().map(|a| a.values.get(i))) {
            continue;
        }
        let keys = layer
            .areas
            .iter()
            .map(|a| a.values.get(i).and_then(key_text))
            .collect();
        lefts.push((field, keys));
    }
    let mut rights: Vec<(&Field, HashSet<String>, HashSet<String>)> = Vec::new();
    for (j, field) in table.schema.fields.iter().enumerate() {
        if !usable_as_key(field, table.rows.iter().map(|r| r.get(j))) {
            continue;
        }
        let exact: HashSet<String> = table
            .rows
            .iter()
            .filter_map(|r| r.get(j).and_then(key_text))
            .collect();
        let folded = exact.iter().map(|k| k.to_lowercase()).collect();
        rights.push((field, exact, folded));
    }

    let mut out: Vec<(KeySuggestion, usize, bool)> = Vec::new();
    for (left, keys) in &lefts {
        for (right, exact, folded) in &rights {
            let mut matches = keys
                .iter()
                .flatten()
                .filter(|k| exact.contains(k.as_str()))
                .count();
            if matches == 0 {
                matches = keys
                    .iter()
                    .flatten()
                    .filter(|k| folded.contains(&k.to_lowercase()))
                    .count();
            }
            if matches == 0 {
                continue;
            }
            let id_score = usize::from(looks_like_identifier_name(&left.name))
                + usize::from(looks_like_identifier_name(&right.name));
            let same_name = left.name.to_lowercase() == right.name.to_lowercase();
            out.push((
                KeySuggestion {
                    left: left.name.clone(),
                    right: right.name.clone(),
                    matches,
                },
                id_score,
                same_name,
            ));
        }
    }
    // Stable: equal candidates keep layer-field-major schema order.
    out.sort_by(|(a, a_id, a_same), (b, b_id, b_same)| {
        b.matches
            .cmp(&a.matches)
            .then(b_id.cmp(a_id))
            .then(b_same.cmp(a_same))
    });
    out.into_iter().map(|(s, _, _)| s).collect()
}
