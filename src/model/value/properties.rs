//! From the properties of raw features to a layer's typed attribute table: the union of names,
//! each column typed once, within a cell budget so that memory follows what a file holds.

use super::{Field, RawValue, Schema, Value, type_column};

/// Attribute cells (stored rows × columns) one layer may hold beyond twice the values its file
/// really has. A file whose features use many different property names (an Overpass export:
/// thousands of OSM keys, each on a few features) would otherwise take memory in proportion to
/// features × names, mostly empty cells, not to what the file holds; beyond this the rarest
/// names are dropped and the load report names them. A full table is cut only beyond
/// [`MAX_COLUMNS`].
pub const CELL_BUDGET: usize = 4_000_000;
/// Columns kept at most, however few the features (no one chooses among more in a list).
pub const MAX_COLUMNS: usize = 5_000;
/// Columns kept at least, however many the features (the most frequent names).
pub const MIN_COLUMNS: usize = 8;

/// Typed attributes of a layer and the property names that were not kept.
#[derive(Debug)]
pub struct Typed {
    pub schema: Schema,
    pub values: Vec<Vec<Value>>,
    /// Names left out because the layer would hold too many cells, most frequent first,
    /// with the number of features that had them.
    pub dropped: Vec<(String, usize)>,
}

/// Union of property names in order of first appearance, each column typed once.
pub fn type_properties<'a>(
    rows: impl Iterator<Item = &'a [(String, RawValue)]> + Clone,
) -> (Schema, Vec<Vec<Value>>) {
    let rows: Vec<&[(String, RawValue)]> = rows.collect();
    let typed = type_properties_capped(&rows, rows.len(), usize::MAX);
    (typed.schema, typed.values)
}

/// Like [`type_properties`], but keeps at most as many columns as fit `cell_budget` cells (or
/// twice the values present, if more) for `stored_rows` rows (a MultiPoint stores its values
/// once per point), between
/// [`MIN_COLUMNS`] and [`MAX_COLUMNS`]; the most frequent names win, kept in order of first
/// appearance. Time and memory are linear in the properties the rows really hold plus the
/// kept cells (a name is looked up by hash, never by scanning).
pub fn type_properties_capped(
    rows: &[&[(String, RawValue)]],
    stored_rows: usize,
    cell_budget: usize,
) -> Typed {
    use std::collections::HashMap;
    let mut names: Vec<&str> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        for (k, _) in row.iter() {
            let at = *position.entry(k.as_str()).or_insert_with(|| {
                names.push(k.as_str());
                counts.push(0);
                names.len() - 1
            });
            counts[at] += 1;
        }
    }
    let limit = if cell_budget == usize::MAX {
        usize::MAX
    } else {
        // Values really in the file, as stored (a MultiPoint's once per point).
        let present: usize = counts.iter().sum();
        let per_row = stored_rows as f64 / rows.len().max(1) as f64;
        let real = (present as f64 * per_row) as usize;
        (cell_budget.max(real.saturating_mul(2)) / stored_rows.max(1))
            .clamp(MIN_COLUMNS, MAX_COLUMNS)
    };
    let mut keep = vec![true; names.len()];
    let mut dropped = Vec::new();
    if names.len() > limit {
        let mut order: Vec<usize> = (0..names.len()).collect();
        // Most frequent first; equal counts in order of first appearance (stable sort).
        order.sort_by(|&a, &b| counts[b].cmp(&counts[a]));
        for &i in &order[limit..] {
            keep[i] = false;
            dropped.push((names[i].to_owned(), counts[i]));
        }
    }
    let kept: Vec<usize> = (0..names.len()).filter(|&i| keep[i]).collect();
    let column_of: HashMap<&str, usize> = kept
        .iter()
        .enumerate()
        .map(|(col, &i)| (names[i], col))
        .collect();
    let null = RawValue::Null;
    let mut raw: Vec<Vec<&RawValue>> = kept.iter().map(|_| vec![&null; rows.len()]).collect();
    for (r, row) in rows.iter().enumerate() {
        // The first of repeated names counts (readers already keep one value per name).
        for (k, v) in row.iter().rev() {
            if let Some(&col) = column_of.get(k.as_str()) {
                raw[col][r] = v;
            }
        }
    }
    let mut fields = Vec::with_capacity(kept.len());
    let mut columns = Vec::with_capacity(kept.len());
    for (&i, column) in kept.iter().zip(&raw) {
        let (kind, values) = type_column(names[i], column);
        fields.push(Field {
            name: names[i].to_owned(),
            kind,
        });
        columns.push(values);
    }
    drop(raw);
    // Not `vec![Vec::with_capacity(n); len]`: cloning an empty Vec drops its capacity, and every
    // row would then grow by reallocation (4, then 8 slots for 6 fields).
    let mut values: Vec<Vec<Value>> = (0..rows.len())
        .map(|_| Vec::with_capacity(kept.len()))
        .collect();
    for column in columns {
        for (row, v) in values.iter_mut().zip(column) {
            row.push(v);
        }
    }
    Typed {
        schema: Schema { fields },
        values,
        dropped,
    }
}
