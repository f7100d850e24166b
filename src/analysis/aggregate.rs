//! Aggregation up the area hierarchy (Sozialraum → Stadtteil → Sozialrathaus).
//!
//! The rule: counts are summed; rates are recomputed from the summed numerators and
//! denominators named in the indicator metadata (`zaehler`, `nenner`) — never averaged.
//! A field that is neither a count nor a rate with known parts cannot be aggregated and
//! becomes "keine Angabe" at the higher level, with a note. A sum over a group in which any
//! member lacks the value is "keine Angabe" too (a partial sum would understate).

use std::collections::HashMap;

use geo::{Area as _, MultiPolygon, Polygon, unary_union};

use crate::analysis::data::AreaTable;
use crate::crs::{Crs, Transformer};
use crate::io::meta::FieldLabels;
use crate::model::conventions::{SOZIALRATHAUS_GROUP_FIELDS, STADTTEIL_GROUP_FIELDS};
use crate::model::{Area, AreaLayer, Field, FieldType, Schema, Value};

/// The levels a map can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// The areas of the layer itself.
    Base,
    Stadtteil,
    Sozialrathaus,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Base, Level::Stadtteil, Level::Sozialrathaus];

    /// The attribute of the base layer that names the group, in order of preference.
    pub fn group_fields(self) -> &'static [&'static str] {
        match self {
            Level::Base => &[],
            Level::Stadtteil => &STADTTEIL_GROUP_FIELDS,
            Level::Sozialrathaus => &SOZIALRATHAUS_GROUP_FIELDS,
        }
    }

    /// The group field present in `schema`, if the level is available for it.
    pub fn group_field(self, schema: &Schema) -> Option<&'static str> {
        self.group_fields()
            .iter()
            .copied()
            .find(|f| schema.index_of(f).is_some())
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Level::Base => "Sozialraum",
            Level::Stadtteil => "Stadtteil",
            Level::Sozialrathaus => "Sozialrathaus",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Level::Base => "Social area",
            Level::Stadtteil => "District",
            Level::Sozialrathaus => "Social services centre",
        }
    }
}

/// Which base areas make up each group.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    pub field: String,
    /// Group names, in order of first appearance.
    pub names: Vec<String>,
    /// Base-area indices per group.
    pub members: Vec<Vec<usize>>,
    /// Base areas with no group value (left out of every group).
    pub ungrouped: Vec<usize>,
}

/// Group the rows of `table` by the text of `field`.
pub fn group_by(table: &AreaTable, field: &str) -> Option<Grouping> {
    let col = table.schema.index_of(field)?;
    let mut names = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut ungrouped = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate() {
        let key = match row.get(col) {
            Some(Value::Text(t)) if !t.trim().is_empty() => t.trim().to_owned(),
            Some(Value::Number(n)) => crate::model::value::format_number_de(*n),
            _ => {
                ungrouped.push(i);
                continue;
            }
        };
        let g = *index.entry(key.clone()).or_insert_with(|| {
            names.push(key);
            members.push(Vec::new());
            names.len() - 1
        });
        members[g].push(i);
    }
    Some(Grouping {
        field: field.to_owned(),
        names,
        members,
        ungrouped,
    })
}

/// How one field is aggregated.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    Sum,
    Rate {
        numerator: String,
        denominator: String,
        factor: f64,
    },
    /// Not aggregable: "keine Angabe" at the higher level.
    None,
}

/// "2 Gebiete ohne Angabe in „stadtteil“ gehören zu keiner Gruppe." (and the English).
fn ungrouped_note(n: usize, field: &str) -> crate::i18n::Bilingual {
    use crate::i18n::{Noun, Words};
    let (de, en) = (Words::new(false), Words::new(true));
    crate::i18n::Bilingual::new(
        format!(
            "{} ohne Angabe in „{field}“ {} zu keiner Gruppe.",
            de.count_of(n, Noun::AREA),
            if n == 1 { "gehört" } else { "gehören" }
        ),
        format!(
            "{} without a value in “{field}” {} to no group.",
            en.count_of(n, Noun::AREA),
            if n == 1 { "belongs" } else { "belong" }
        ),
    )
}

/// The rule for a numeric field from the metadata.
pub fn rule_for(field: &str, schema: &Schema, labels: &FieldLabels) -> Rule {
    let Some(meta) = labels.get(field) else {
        return Rule::None;
    };
    if meta.is_rate()
        && schema.index_of(&meta.numerator).is_some()
        && schema.index_of(&meta.denominator).is_some()
    {
        Rule::Rate {
            numerator: meta.numerator.clone(),
            denominator: meta.denominator.clone(),
            factor: meta.rate_factor(),
        }
    } else if meta.is_count() {
        Rule::Sum
    } else {
        Rule::None
    }
}

/// An aggregated table: one row per group, with a name column first.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregated {
    pub table: AreaTable,
    /// Notes: fields that could not be aggregated, areas without a group.
    pub notes: Vec<crate::i18n::Bilingual>,
}

/// Sum counts and recompute rates per group. The first column is the group field (text);
/// the other numeric fields of `table` follow; text fields other than the group are dropped.
pub fn aggregate_table(table: &AreaTable, grouping: &Grouping, labels: &FieldLabels) -> Aggregated {
    let mut fields = vec![Field {
        name: grouping.field.clone(),
        kind: FieldType::Text,
    }];
    let numeric: Vec<&Field> = table
        .numeric_fields()
        .filter(|f| f.name != grouping.field)
        .collect();
    fields.extend(numeric.iter().map(|f| (*f).clone()));
    let schema = Schema { fields };

    let sum = |members: &[usize], field: &str| -> Option<f64> {
        let mut s = 0.0;
        for &m in members {
            s += table.number(m, field)?;
        }
        Some(s)
    };
    let mut notes = Vec::new();
    let rules: Vec<Rule> = numeric
        .iter()
        .map(|f| rule_for(&f.name, &table.schema, labels))
        .collect();
    let not_aggregable: Vec<&str> = numeric
        .iter()
        .zip(&rules)
        .filter(|(_, r)| **r == Rule::None)
        .map(|(f, _)| f.name.as_str())
        .collect();
    if !not_aggregable.is_empty() {
        let fields = not_aggregable.join(", ");
        notes.push(crate::bilingual!(
            "Nicht zusammenfassbar (weder Anzahl noch Quote mit Zähler und Nenner in den \
             Metadaten): {fields}",
            "Not aggregated (neither a count nor a rate with numerator and denominator in the \
             metadata): {fields}"
        ));
    }
    if !grouping.ungrouped.is_empty() {
        notes.push(ungrouped_note(grouping.ungrouped.len(), &grouping.field));
    }
    let rows = grouping
        .names
        .iter()
        .zip(&grouping.members)
        .map(|(name, members)| {
            let mut row = vec![Value::Text(name.clone())];
            for (f, rule) in numeric.iter().zip(&rules) {
                let v = match rule {
                    Rule::Sum => sum(members, &f.name),
                    Rule::Rate {
                        numerator,
                        denominator,
                        factor,
                    } => match (sum(members, numerator), sum(members, denominator)) {
                        (Some(z), Some(n)) if n > 0.0 => Some(z / n * factor),
                        _ => None,
                    },
                    Rule::None => None,
                };
                row.push(v.map_or(Value::Null, Value::Number));
            }
            row
        })
        .collect();
    Aggregated {
        table: AreaTable::new(schema, rows),
        notes,
    }
}

/// Holes and parts smaller than this (m²) are slivers between neighbouring source polygons
/// (coordinates rounded to ~0.1 m) and are dropped from the union.
const SLIVER_M2: f64 = 500.0;

/// The union of each group's areas as a new layer (attributes: the group name).
pub fn aggregate_layer(layer: &AreaLayer, grouping: &Grouping, name: &str) -> AreaLayer {
    let back = Transformer::new(layer.metric_crs, Crs::WGS84).ok();
    let schema = Schema {
        fields: vec![Field {
            name: grouping.field.clone(),
            kind: FieldType::Text,
        }],
    };
    let mut areas = Vec::with_capacity(grouping.names.len());
    for (g, (group, members)) in grouping.names.iter().zip(&grouping.members).enumerate() {
        let parts: Vec<&MultiPolygon<f64>> = members
            .iter()
            .filter_map(|&m| layer.areas.get(m).map(|a| &a.metric))
            .collect();
        let metric = drop_slivers(unary_union(parts));
        let geometry = match &back {
            Some(t) => t
                .transform_multi_polygon(&metric)
                .unwrap_or_else(|_| union_wgs84(layer, members)),
            None => union_wgs84(layer, members),
        };
        areas.push(Area::new(
            g,
            vec![Value::Text(group.clone())],
            geometry,
            metric,
        ));
    }
    let mut out = AreaLayer::new(name.to_owned(), schema, areas, layer.metric_crs);
    out.fictitious = layer.fictitious;
    out
}

fn union_wgs84(layer: &AreaLayer, members: &[usize]) -> MultiPolygon<f64> {
    unary_union(
        members
            .iter()
            .filter_map(|&m| layer.areas.get(m).map(|a| &a.geometry)),
    )
}

fn drop_slivers(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| p.unsigned_area() >= SLIVER_M2)
            .map(|p| {
                let (ext, holes) = p.into_inner();
                let holes = holes
                    .into_iter()
                    .filter(|h| Polygon::new(h.clone(), vec![]).unsigned_area() >= SLIVER_M2)
                    .collect();
                Polygon::new(ext, holes)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::meta::FieldLabel;

    fn labels() -> FieldLabels {
        let mut l = FieldLabels::built_in();
        let mut add = |field: &str, unit: &str, num: &str, den: &str| {
            l.insert(
                field,
                FieldLabel {
                    de: field.to_owned(),
                    en: field.to_owned(),
                    unit: unit.to_owned(),
                    definition: String::new(),
                    definition_en: String::new(),
                    direction: 0,
                    numerator: num.to_owned(),
                    denominator: den.to_owned(),
                    source: String::new(),
                },
            );
        };
        add("ew", "Personen", "", "");
        add("sgb2", "Personen", "", "");
        add("quote", "%", "sgb2", "ew");
        add("mittel", "Jahre", "", "");
        l
    }

    fn table() -> AreaTable {
        let f = |n: &str, kind| Field {
            name: n.to_owned(),
            kind,
        };
        let schema = Schema {
            fields: vec![
                f("stadtteil", FieldType::Text),
                f("ew", FieldType::Number),
                f("sgb2", FieldType::Number),
                f("quote", FieldType::Number),
                f("mittel", FieldType::Number),
            ],
        };
        let row = |st: &str, ew: f64, sgb2: f64, mittel: f64| {
            vec![
                Value::Text(st.to_owned()),
                Value::Number(ew),
                Value::Number(sgb2),
                Value::Number(sgb2 / ew * 100.0),
                Value::Number(mittel),
            ]
        };
        AreaTable::new(
            schema,
            vec![
                row("A", 1000.0, 100.0, 40.0),
                row("A", 9000.0, 90.0, 50.0),
                row("B", 500.0, 50.0, 30.0),
            ],
        )
    }

    #[test]
    fn rates_are_recomputed_from_summed_parts_not_averaged() {
        let t = table();
        let g = group_by(&t, "stadtteil").unwrap();
        assert_eq!(g.names, vec!["A", "B"]);
        let agg = aggregate_table(&t, &g, &labels());
        let a = agg.table.number(0, "quote").unwrap();
        // (100 + 90) / (1000 + 9000) = 1.9 %, while the mean of 10 % and 1 % would be 5.5 %.
        assert!((a - 1.9).abs() < 1e-12, "{a}");
        assert_eq!(agg.table.number(0, "ew"), Some(10_000.0));
        assert_eq!(agg.table.number(0, "sgb2"), Some(190.0));
        assert!((agg.table.number(1, "quote").unwrap() - 10.0).abs() < 1e-12);
    }

    #[test]
    fn fields_without_a_rule_become_no_data_with_a_note() {
        let t = table();
        let g = group_by(&t, "stadtteil").unwrap();
        let agg = aggregate_table(&t, &g, &labels());
        assert_eq!(agg.table.value(0, "mittel"), Some(&Value::Null));
        assert!(
            agg.notes.iter().any(|n| n.de.contains("mittel")),
            "{:?}",
            agg.notes
        );
    }

    #[test]
    fn a_missing_member_value_makes_the_group_sum_missing() {
        let mut t = table();
        t.rows[1][2] = Value::Null;
        let g = group_by(&t, "stadtteil").unwrap();
        let agg = aggregate_table(&t, &g, &labels());
        assert_eq!(agg.table.value(0, "sgb2"), Some(&Value::Null));
        assert_eq!(agg.table.value(0, "quote"), Some(&Value::Null));
        assert_eq!(agg.table.number(1, "sgb2"), Some(50.0));
    }

    #[test]
    fn rows_without_a_group_are_listed() {
        let mut t = table();
        t.rows[2][0] = Value::Null;
        let g = group_by(&t, "stadtteil").unwrap();
        assert_eq!(g.ungrouped, vec![2]);
        assert_eq!(g.names, vec!["A"]);
    }

    #[test]
    fn grouping_by_an_unknown_field_gives_nothing() {
        assert!(group_by(&table(), "gibt_es_nicht").is_none());
    }
}
