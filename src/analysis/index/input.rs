//! The index input from tables: the indicator columns of the current edition, the residents,
//! and the change against a comparison edition (in percentage points: current − comparison).

use std::collections::HashMap;

use super::{DynamicsInput, IndexError, IndexInput, IndexSettings};
use crate::analysis::data::AreaTable;
use crate::analysis::join::key_text;
use crate::model::Value;

/// The comparison edition of the dynamics, its rows aligned with the current table.
pub struct Comparison<'a> {
    pub table: &'a AreaTable,
    /// The edition label ("2022").
    pub label: String,
    /// The table's name for messages.
    pub name: String,
}

/// The index input of a table whose rows are the areas. `keys`: one per row; `has_row`:
/// whether the area has data at all (`None`: every row does).
pub fn from_rows(
    current: &AreaTable,
    current_name: &str,
    keys: Vec<String>,
    has_row: Option<Vec<bool>>,
    comparison: Option<Comparison>,
    settings: &IndexSettings,
) -> Result<IndexInput, IndexError> {
    let status = indicator_columns(current, current_name, settings)?;
    let population = match &settings.population_field {
        Some(f) => {
            require(current, current_name, f)?;
            current.column(f)
        }
        None => Vec::new(),
    };
    let dynamics = match comparison {
        None => None,
        Some(c) => {
            let before = indicator_columns(c.table, &c.name, settings)?;
            let values = if settings.standardized_input {
                // Published dynamics z-values are used as they are.
                before
            } else {
                status
                    .iter()
                    .zip(&before)
                    .map(|(now, then)| {
                        now.iter()
                            .zip(then)
                            .map(|(a, b)| match (a, b) {
                                (Some(a), Some(b)) => Some(a - b),
                                _ => None,
                            })
                            .collect()
                    })
                    .collect()
            };
            let population = match &settings.population_field {
                Some(f) if c.table.schema.index_of(f).is_some() => c.table.column(f),
                _ => Vec::new(),
            };
            Some(DynamicsInput {
                label: c.label,
                values,
                population,
            })
        }
    };
    let n = keys.len();
    Ok(IndexInput {
        keys,
        has_row: has_row.unwrap_or_else(|| vec![true; n]),
        population,
        status,
        dynamics,
    })
}

/// The keys of a table's rows (blank keys become "").
pub fn keys_of(table: &AreaTable, key: &str, name: &str) -> Result<Vec<String>, IndexError> {
    let i = table
        .schema
        .index_of(key)
        .ok_or_else(|| IndexError::MissingKey {
            field: key.to_owned(),
            table: name.to_owned(),
        })?;
    Ok(table
        .rows
        .iter()
        .map(|r| r.get(i).and_then(key_text).unwrap_or_default())
        .collect())
}

/// The rows of `table` reordered to follow `keys` (rows without a match are empty), and for
/// each key whether the table had a row for it. Duplicate keys in `table` are an error.
pub fn align(
    table: &AreaTable,
    key: &str,
    name: &str,
    keys: &[String],
) -> Result<(AreaTable, Vec<bool>), IndexError> {
    let own = keys_of(table, key, name)?;
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(own.len());
    for (row, k) in own.iter().enumerate() {
        if k.is_empty() {
            continue;
        }
        if by_key.insert(k.as_str(), row).is_some() {
            return Err(IndexError::DuplicateKey {
                key: k.clone(),
                table: name.to_owned(),
            });
        }
    }
    let width = table.schema.fields.len();
    let mut rows = Vec::with_capacity(keys.len());
    let mut found = Vec::with_capacity(keys.len());
    for k in keys {
        match by_key.get(k.as_str()).and_then(|&r| table.rows.get(r)) {
            Some(r) => {
                rows.push(r.clone());
                found.push(true);
            }
            None => {
                rows.push(vec![Value::Null; width]);
                found.push(false);
            }
        }
    }
    Ok((AreaTable::new(table.schema.clone(), rows), found))
}

/// Duplicate keys of a table, an error for a table the index runs on alone.
pub fn check_unique(keys: &[String], name: &str) -> Result<(), IndexError> {
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    for k in keys.iter().filter(|k| !k.is_empty()) {
        if !seen.insert(k.as_str()) {
            return Err(IndexError::DuplicateKey {
                key: k.clone(),
                table: name.to_owned(),
            });
        }
    }
    Ok(())
}

fn require(table: &AreaTable, name: &str, field: &str) -> Result<(), IndexError> {
    if table.schema.index_of(field).is_some() {
        Ok(())
    } else {
        Err(IndexError::MissingColumn {
            field: field.to_owned(),
            table: name.to_owned(),
        })
    }
}

fn indicator_columns(
    table: &AreaTable,
    name: &str,
    settings: &IndexSettings,
) -> Result<Vec<Vec<Option<f64>>>, IndexError> {
    settings
        .indicators
        .iter()
        .map(|s| {
            require(table, name, &s.field)?;
            Ok(table.column(&s.field))
        })
        .collect()
}
