//! Privacy suppression of small numbers ("Datenschutz").
//!
//! Defaults follow German monitoring practice: areas with fewer than 300 residents show no
//! indicator values at all (Berlin MSS, Hamburg), and counts of 1 or 2 are withheld (BA
//! practice: fewer than 3 cases). A rate whose numerator or denominator count is withheld is
//! withheld too — otherwise the count could be recomputed from it. Zero counts are shown.
//! The residents figure itself is not withheld: it is the reason for the rule, not an indicator.

use crate::analysis::data::AreaTable;
use crate::io::meta::FieldLabels;
use crate::model::conventions::POPULATION_FIELD;
use crate::model::{FieldType, Value};

/// A cell as shown: a number, "keine Angabe" or "unterdrückt".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Datum {
    Value(f64),
    Missing,
    Suppressed,
}

impl Datum {
    pub fn value(self) -> Option<f64> {
        match self {
            Datum::Value(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrivacyRules {
    pub enabled: bool,
    /// Areas with fewer residents show no indicator values.
    pub min_population: f64,
    /// Counts below this (and above zero) are withheld.
    pub min_count: f64,
    /// The residents column.
    pub population_field: String,
}

impl Default for PrivacyRules {
    fn default() -> Self {
        Self {
            enabled: true,
            min_population: 300.0,
            min_count: 3.0,
            population_field: POPULATION_FIELD.to_owned(),
        }
    }
}

impl PrivacyRules {
    /// The rule in one German sentence, for the legend and exports.
    pub fn statement_de(&self) -> String {
        let fmt = crate::model::value::format_number_de;
        let mut parts = Vec::new();
        if self.enabled && self.min_population > 0.0 {
            parts.push(format!(
                "keine Werte für Gebiete unter {} Einwohner:innen",
                fmt(self.min_population)
            ));
        }
        if self.enabled && self.min_count > 0.0 {
            parts.push(format!(
                "Fallzahlen unter {} unterdrückt",
                fmt(self.min_count)
            ));
        }
        if parts.is_empty() {
            "Datenschutz-Unterdrückung ausgeschaltet".to_owned()
        } else {
            format!("Datenschutz: {}", parts.join("; "))
        }
    }

    pub fn statement_en(&self) -> String {
        let mut parts = Vec::new();
        if self.enabled && self.min_population > 0.0 {
            parts.push(format!(
                "no values for areas under {} residents",
                self.min_population
            ));
        }
        if self.enabled && self.min_count > 0.0 {
            parts.push(format!("counts under {} suppressed", self.min_count));
        }
        if parts.is_empty() {
            "Privacy suppression switched off".to_owned()
        } else {
            format!("Privacy: {}", parts.join("; "))
        }
    }
}

/// Which cells of a table are withheld, per row and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    pub cells: Vec<Vec<bool>>,
    /// Rows withheld entirely because of the residents threshold.
    pub small_areas: Vec<usize>,
    /// Number of single cells withheld for small counts (and the rates built on them).
    pub small_counts: usize,
}

impl Suppression {
    pub fn is_suppressed(&self, row: usize, col: usize) -> bool {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .unwrap_or(false)
    }
}

/// Decide the withheld cells of `table`.
pub fn suppress(table: &AreaTable, rules: &PrivacyRules, labels: &FieldLabels) -> Suppression {
    let width = table.schema.fields.len();
    let mut cells = vec![vec![false; width]; table.rows.len()];
    let mut small_areas = Vec::new();
    let mut small_counts = 0;
    if !rules.enabled {
        return Suppression {
            cells,
            small_areas,
            small_counts,
        };
    }
    let pop_col = table.schema.index_of(&rules.population_field);
    let numeric: Vec<usize> = (0..width)
        .filter(|&c| table.schema.fields[c].kind == FieldType::Number)
        .collect();
    let is_count = |c: usize| {
        let name = &table.schema.fields[c].name;
        labels.get(name).is_some_and(|m| m.is_count())
    };
    let rate_parts: Vec<Option<(usize, usize)>> = (0..width)
        .map(|c| {
            let m = labels.get(&table.schema.fields[c].name)?;
            if !m.is_rate() {
                return None;
            }
            Some((
                table.schema.index_of(&m.numerator)?,
                table.schema.index_of(&m.denominator)?,
            ))
        })
        .collect();
    for (r, row) in table.rows.iter().enumerate() {
        let pop = pop_col.and_then(|c| row.get(c)).and_then(Value::as_f64);
        if pop.is_some_and(|p| p < rules.min_population) {
            small_areas.push(r);
            for &c in &numeric {
                if Some(c) != pop_col {
                    cells[r][c] = true;
                }
            }
            continue;
        }
        let small = |c: usize| {
            row.get(c)
                .and_then(Value::as_f64)
                .is_some_and(|v| v > 0.0 && v < rules.min_count)
        };
        for &c in &numeric {
            if Some(c) != pop_col && is_count(c) && small(c) {
                cells[r][c] = true;
                small_counts += 1;
            }
        }
        for &c in &numeric {
            if let Some(Some((z, n))) = rate_parts.get(c)
                && (cells[r][*z] || cells[r][*n])
                && !cells[r][c]
            {
                cells[r][c] = true;
                small_counts += 1;
            }
        }
    }
    Suppression {
        cells,
        small_areas,
        small_counts,
    }
}

/// The displayed cells of one column.
pub fn column_data(table: &AreaTable, suppression: &Suppression, field: &str) -> Vec<Datum> {
    let col = table.schema.index_of(field);
    table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let Some(c) = col else {
                return Datum::Missing;
            };
            if suppression.is_suppressed(r, c) {
                return Datum::Suppressed;
            }
            row.get(c)
                .and_then(Value::as_f64)
                .filter(|v| v.is_finite())
                .map_or(Datum::Missing, Datum::Value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::meta::FieldLabel;
    use crate::model::{Field, Schema};

    fn labels() -> FieldLabels {
        let mut l = FieldLabels::built_in();
        for (field, unit, num, den) in [
            ("kinder", "Personen", "", ""),
            ("kinder_sgb2", "Personen", "", ""),
            ("kinderarmut", "%", "kinder_sgb2", "kinder"),
        ] {
            l.insert(
                field,
                FieldLabel {
                    de: field.to_owned(),
                    en: field.to_owned(),
                    unit: unit.to_owned(),
                    definition: String::new(),
                    definition_en: String::new(),
                    direction: 1,
                    numerator: num.to_owned(),
                    denominator: den.to_owned(),
                    source: String::new(),
                },
            );
        }
        l
    }

    fn table(rows: &[(f64, f64, f64)]) -> AreaTable {
        let f = |n: &str| Field {
            name: n.to_owned(),
            kind: FieldType::Number,
        };
        AreaTable::new(
            Schema {
                fields: vec![
                    f("einwohner"),
                    f("kinder"),
                    f("kinder_sgb2"),
                    f("kinderarmut"),
                ],
            },
            rows.iter()
                .map(|&(ew, k, ks)| {
                    vec![
                        Value::Number(ew),
                        Value::Number(k),
                        Value::Number(ks),
                        Value::Number(ks / k * 100.0),
                    ]
                })
                .collect(),
        )
    }

    #[test]
    fn areas_under_300_residents_show_no_indicator_but_keep_their_residents() {
        let t = table(&[(299.0, 40.0, 10.0), (300.0, 40.0, 10.0)]);
        let s = suppress(&t, &PrivacyRules::default(), &labels());
        assert_eq!(s.small_areas, vec![0]);
        let rate = column_data(&t, &s, "kinderarmut");
        assert_eq!(rate[0], Datum::Suppressed);
        assert_eq!(rate[1], Datum::Value(25.0));
        assert_eq!(column_data(&t, &s, "einwohner")[0], Datum::Value(299.0));
    }

    #[test]
    fn counts_of_one_or_two_and_the_rates_built_on_them_are_withheld_but_zero_is_shown() {
        let t = table(&[
            (5000.0, 200.0, 2.0),
            (5000.0, 200.0, 0.0),
            (5000.0, 200.0, 3.0),
        ]);
        let s = suppress(&t, &PrivacyRules::default(), &labels());
        let counts = column_data(&t, &s, "kinder_sgb2");
        let rates = column_data(&t, &s, "kinderarmut");
        assert_eq!(
            counts,
            vec![Datum::Suppressed, Datum::Value(0.0), Datum::Value(3.0)]
        );
        assert_eq!(rates[0], Datum::Suppressed);
        assert_eq!(rates[1], Datum::Value(0.0));
        assert_eq!(rates[2], Datum::Value(1.5));
        assert_eq!(s.small_counts, 2);
    }

    #[test]
    fn thresholds_are_configurable_and_can_be_switched_off() {
        let t = table(&[(800.0, 200.0, 4.0)]);
        let strict = PrivacyRules {
            min_population: 1000.0,
            min_count: 5.0,
            ..PrivacyRules::default()
        };
        let s = suppress(&t, &strict, &labels());
        assert_eq!(column_data(&t, &s, "kinderarmut")[0], Datum::Suppressed);
        let off = PrivacyRules {
            enabled: false,
            ..strict
        };
        let s = suppress(&t, &off, &labels());
        assert_eq!(column_data(&t, &s, "kinderarmut")[0], Datum::Value(2.0));
    }

    #[test]
    fn missing_values_stay_missing_not_suppressed() {
        let mut t = table(&[(5000.0, 200.0, 20.0)]);
        t.rows[0][3] = Value::Null;
        let s = suppress(&t, &PrivacyRules::default(), &labels());
        assert_eq!(column_data(&t, &s, "kinderarmut")[0], Datum::Missing);
        assert_eq!(column_data(&t, &s, "gibt_es_nicht")[0], Datum::Missing);
    }
}
