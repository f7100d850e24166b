//! The join of a table to an area layer: exact key matching first, case-insensitive only when
//! that matches nothing, the first row of a key wins, and every mismatch is collected into the
//! [`JoinReport`]. Must not word the report (see `report`).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::{Edition, JoinError, JoinReport, edition_label, key_text};
use crate::io::table::Table;
use crate::model::{AreaLayer, Schema, Value};

/// Join `table` to `layer`: area field `left_key` = table column `right_key`.
pub fn join(
    layer: &AreaLayer,
    left_key: &str,
    table: &Table,
    right_key: &str,
) -> Result<Edition, JoinError> {
    let names = |s: &Schema| {
        s.fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let li = layer
        .schema
        .index_of(left_key)
        .ok_or_else(|| JoinError::UnknownField {
            field: left_key.to_owned(),
            layer: layer.name.clone(),
            available: names(&layer.schema),
        })?;
    let ri = table
        .schema
        .index_of(right_key)
        .ok_or_else(|| JoinError::UnknownColumn {
            column: right_key.to_owned(),
            table: table.name.clone(),
            available: names(&table.schema),
        })?;

    let area_keys: Vec<Option<String>> = layer
        .areas
        .iter()
        .map(|a| a.values.get(li).and_then(key_text))
        .collect();
    let row_keys: Vec<Option<String>> = table
        .rows
        .iter()
        .map(|r| r.get(ri).and_then(key_text))
        .collect();

    let mut case_insensitive = false;
    let mut lookup = Lookup::new(&area_keys, &row_keys, false);
    if lookup.matched == 0 {
        let folded = Lookup::new(&area_keys, &row_keys, true);
        if folded.matched > 0 {
            lookup = folded;
            case_insensitive = true;
        }
    }
    if lookup.matched == 0 {
        let first = |keys: &[Option<String>]| keys.iter().flatten().next().cloned();
        return Err(JoinError::NoMatch {
            left_key: left_key.to_owned(),
            right_key: right_key.to_owned(),
            table: table.name.clone(),
            left_example: first(&area_keys).unwrap_or_default(),
            right_example: first(&row_keys).unwrap_or_default(),
        });
    }

    let schema = Schema {
        fields: table
            .schema
            .fields
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != ri)
            .map(|(_, f)| f.clone())
            .collect(),
    };
    let width = schema.fields.len();
    let mut values = Vec::with_capacity(layer.areas.len());
    let mut areas_without_data = Vec::new();
    for (i, key) in area_keys.iter().enumerate() {
        let row = key
            .as_ref()
            .and_then(|k| lookup.first_row.get(&fold(k, case_insensitive)))
            .and_then(|&r| table.rows.get(r));
        match row {
            Some(row) => {
                let mut v: Vec<Value> = row
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != ri)
                    .map(|(_, v)| v.clone())
                    .collect();
                v.resize(width, Value::Null);
                values.push(v);
            }
            None => {
                areas_without_data.push(match key {
                    Some(k) => k.clone(),
                    None => format!("{} (ohne Schlüssel)", layer.feature_title(i)),
                });
                values.push(vec![Value::Null; width]);
            }
        }
    }

    let area_set: HashSet<String> = area_keys
        .iter()
        .flatten()
        .map(|k| fold(k, case_insensitive))
        .collect();
    let mut listed = HashSet::new();
    let mut rows_without_area = Vec::new();
    for key in row_keys.iter().flatten() {
        let folded = fold(key, case_insensitive);
        if !area_set.contains(&folded) && listed.insert(folded) {
            rows_without_area.push(key.clone());
        }
    }

    Ok(Edition {
        label: edition_label(&table.name),
        table_name: table.name.clone(),
        path: table.path.clone(),
        schema,
        values,
        report: JoinReport {
            table: table.name.clone(),
            left_key: left_key.to_owned(),
            right_key: right_key.to_owned(),
            matched: layer.areas.len() - areas_without_data.len(),
            rows_without_area,
            areas_without_data,
            duplicate_keys: lookup.duplicates,
            duplicate_area_keys: repeated(&area_keys),
            empty_keys: row_keys.iter().filter(|k| k.is_none()).count(),
            case_insensitive,
        },
    })
}

/// The keys that occur more than once, each once, in order of first occurrence.
fn repeated(keys: &[Option<String>]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    keys.iter()
        .flatten()
        .filter(|k| !seen.insert(k.as_str()) && reported.insert(k.as_str()))
        .cloned()
        .collect()
}

fn fold(key: &str, case_insensitive: bool) -> String {
    if case_insensitive {
        key.to_lowercase()
    } else {
        key.to_owned()
    }
}

/// The first table row per (possibly case-folded) key, the duplicate keys and the number of
/// areas that find a row.
struct Lookup {
    first_row: HashMap<String, usize>,
    duplicates: Vec<String>,
    matched: usize,
}

impl Lookup {
    fn new(area_keys: &[Option<String>], row_keys: &[Option<String>], folded: bool) -> Self {
        let mut first_row = HashMap::new();
        let mut duplicates = Vec::new();
        let mut reported = HashSet::new();
        for (r, key) in row_keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let k = fold(key, folded);
            match first_row.entry(k) {
                Entry::Occupied(seen) => {
                    if reported.insert(seen.key().clone()) {
                        duplicates.push(key.clone());
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(r);
                }
            }
        }
        let matched = area_keys
            .iter()
            .flatten()
            .filter(|k| first_row.contains_key(&fold(k, folded)))
            .count();
        Self {
            first_row,
            duplicates,
            matched,
        }
    }
}
