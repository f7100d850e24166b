//! The attribute rows a thematic map works on: one row of typed values per area, either the
//! area layer's own attributes or a joined table edition, possibly aggregated to a higher level.

use crate::model::{AreaLayer, Field, FieldType, Schema, Value};

/// One row of values per area, in schema order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaTable {
    pub schema: Schema,
    pub rows: Vec<Vec<Value>>,
}

impl AreaTable {
    pub fn new(schema: Schema, rows: Vec<Vec<Value>>) -> Self {
        Self { schema, rows }
    }

    /// The attributes of the layer itself.
    pub fn from_layer(layer: &AreaLayer) -> Self {
        Self {
            schema: layer.schema.clone(),
            rows: layer.areas.iter().map(|a| a.values.clone()).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn value(&self, row: usize, field: &str) -> Option<&Value> {
        let i = self.schema.index_of(field)?;
        self.rows.get(row)?.get(i)
    }

    pub fn number(&self, row: usize, field: &str) -> Option<f64> {
        self.value(row, field).and_then(Value::as_f64)
    }

    /// The column of a field as numbers (`None` = keine Angabe or not a number).
    pub fn column(&self, field: &str) -> Vec<Option<f64>> {
        let i = self.schema.index_of(field);
        self.rows
            .iter()
            .map(|r| i.and_then(|i| r.get(i)).and_then(Value::as_f64))
            .collect()
    }

    pub fn numeric_fields(&self) -> impl Iterator<Item = &Field> {
        self.schema
            .fields
            .iter()
            .filter(|f| f.kind == FieldType::Number)
    }

    /// Columns of `other` appended to these (same row count; fields already present are
    /// replaced by `other`'s, so a joined table wins over the layer's own columns).
    pub fn merged(&self, other: &AreaTable) -> AreaTable {
        let mut schema = self.schema.clone();
        let mut rows = self.rows.clone();
        for (j, f) in other.schema.fields.iter().enumerate() {
            let col = schema.index_of(&f.name);
            let target = match col {
                Some(c) => {
                    schema.fields[c] = f.clone();
                    c
                }
                None => {
                    schema.fields.push(f.clone());
                    for r in &mut rows {
                        r.push(Value::Null);
                    }
                    schema.fields.len() - 1
                }
            };
            for (r, row) in rows.iter_mut().enumerate() {
                let v = other
                    .rows
                    .get(r)
                    .and_then(|o| o.get(j))
                    .cloned()
                    .unwrap_or(Value::Null);
                if let Some(slot) = row.get_mut(target) {
                    *slot = v;
                }
            }
        }
        AreaTable { schema, rows }
    }
}
