//! A thematic (class) map, computed from its settings: the table of the chosen level, privacy
//! suppression, the classification, a colour per area and the legend with the number of areas
//! and the sum of residents per class. The window, the CLI and (later) the exporter all draw
//! from this one computation, so their numbers agree.

use crate::analysis::aggregate::{Level, aggregate_table, group_by};
use crate::analysis::classify::{Classification, Method, classify};
use crate::analysis::data::AreaTable;
use crate::analysis::palette::{NO_DATA, Palette, Rgb, SUPPRESSED};
use crate::analysis::privacy::{Datum, PrivacyRules, Suppression, column_data, suppress};
use crate::io::meta::FieldLabels;
use crate::model::value::format_fixed_de;
use crate::model::{AreaLayer, Value};

/// Everything the user chooses for a class map.
#[derive(Debug, Clone, PartialEq)]
pub struct ThematicSettings {
    /// The mapped field.
    pub field: String,
    /// The joined edition the field comes from (`None`: the layer's own attributes).
    pub edition: Option<usize>,
    pub level: Level,
    pub method: Method,
    /// Number of classes for methods that take one (3–9).
    pub k: usize,
    /// Upper bounds for manual classes; kept when the edition changes.
    pub manual: Vec<f64>,
    pub palette: Palette,
    pub reversed: bool,
    pub privacy: PrivacyRules,
}

impl ThematicSettings {
    pub fn new(field: &str, edition: Option<usize>) -> Self {
        Self {
            field: field.to_owned(),
            edition,
            level: Level::Base,
            method: Method::Quantile,
            k: 5,
            manual: Vec::new(),
            palette: Palette::DEFAULT_SEQUENTIAL,
            reversed: false,
            privacy: PrivacyRules::default(),
        }
    }
}

/// What a legend entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendKind {
    Class(usize),
    NoData,
    Suppressed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    pub kind: LegendKind,
    /// The class range in German format with unit ("> 7,9 – 12,4 %"), or the entry's name.
    pub label: String,
    pub colour: Rgb,
    pub areas: usize,
    /// Sum of residents of the class's areas (`None` when the table has no residents column).
    pub residents: Option<f64>,
}

/// A computed class map.
#[derive(Debug, Clone)]
pub struct ThematicView {
    pub settings: ThematicSettings,
    /// The rows of the shown level (base areas or groups), layer attributes and edition merged.
    pub table: AreaTable,
    pub suppression: Suppression,
    /// The name of each row's area.
    pub titles: Vec<String>,
    /// The mapped field per row, as displayed.
    pub data: Vec<Datum>,
    pub classification: Option<Classification>,
    /// The class of each row (`None`: keine Angabe or unterdrückt).
    pub classes: Vec<Option<usize>>,
    /// One colour per class.
    pub colours: Vec<Rgb>,
    pub legend: Vec<LegendRow>,
    /// Decimals used for the mapped field.
    pub decimals: usize,
    /// The unit of the mapped field ("%", "Personen" …), empty when unknown.
    pub unit: String,
    /// German notes: aggregation caveats, why no classes could be formed …
    pub notes: Vec<String>,
    /// Base-area indices of each row (one each at the base level).
    pub members: Vec<Vec<usize>>,
}

impl ThematicView {
    /// The fill colour of a row.
    pub fn colour(&self, row: usize) -> Rgb {
        match self.data.get(row) {
            Some(Datum::Suppressed) => SUPPRESSED,
            _ => self
                .classes
                .get(row)
                .copied()
                .flatten()
                .and_then(|c| self.colours.get(c).copied())
                .unwrap_or(NO_DATA),
        }
    }

    /// A value of the mapped field as shown, with unit.
    pub fn format_value(&self, v: f64) -> String {
        with_unit(&format_fixed_de(v, self.decimals), &self.unit)
    }

    /// The displayed cells of any field of the view's table.
    pub fn column(&self, field: &str) -> Vec<Datum> {
        column_data(&self.table, &self.suppression, field)
    }

    /// The row of the view that contains a base area.
    pub fn row_of_base(&self, base: usize) -> Option<usize> {
        self.members.iter().position(|m| m.contains(&base))
    }
}

fn with_unit(number: &str, unit: &str) -> String {
    match unit.trim() {
        "" | "Personen" | "Haushalte" | "Anzahl" => number.to_owned(),
        u => format!("{number} {u}"),
    }
}

/// The merged table of a layer: its attributes plus an edition's columns.
pub fn base_table(layer: &AreaLayer, edition: Option<&AreaTable>) -> AreaTable {
    let own = AreaTable::from_layer(layer);
    match edition {
        Some(e) => own.merged(e),
        None => own,
    }
}

/// The rows of one area level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRows {
    pub table: AreaTable,
    /// The name of each row's area.
    pub titles: Vec<String>,
    /// Base-area indices of each row.
    pub members: Vec<Vec<usize>>,
    /// German notes from the aggregation.
    pub notes: Vec<String>,
}

/// The rows of a level: the base table itself, or its aggregation by the level's group field.
pub fn level_table(
    layer: &AreaLayer,
    base: &AreaTable,
    level: Level,
    labels: &FieldLabels,
) -> Result<LevelRows, String> {
    if level == Level::Base {
        let titles = (0..layer.areas.len())
            .map(|i| layer.feature_title(i))
            .collect();
        let members = (0..base.len()).map(|i| vec![i]).collect();
        return Ok(LevelRows {
            table: base.clone(),
            titles,
            members,
            notes: Vec::new(),
        });
    }
    let Some(field) = level.group_field(&base.schema) else {
        return Err(format!(
            "Die Ebene hat kein Feld für die Zuordnung zu „{}“ (erwartet: {}).",
            level.label_de(),
            level.group_fields().join(", ")
        ));
    };
    let Some(grouping) = group_by(base, field) else {
        return Err(format!("Feld „{field}“ fehlt."));
    };
    let agg = aggregate_table(base, &grouping, labels);
    Ok(LevelRows {
        table: agg.table,
        titles: grouping.names,
        members: grouping.members,
        notes: agg.notes,
    })
}

/// Compute the class map for the rows of a level.
pub fn build_view(
    rows: LevelRows,
    labels: &FieldLabels,
    settings: &ThematicSettings,
) -> ThematicView {
    let LevelRows {
        table,
        titles,
        members,
        mut notes,
    } = rows;
    let suppression = suppress(&table, &settings.privacy, labels);
    let data = column_data(&table, &suppression, &settings.field);
    let values: Vec<f64> = data.iter().filter_map(|d| d.value()).collect();
    let classification = if values.is_empty() {
        notes.push("Keine Werte zum Klassifizieren.".to_owned());
        None
    } else {
        match classify(&values, settings.method, settings.k, &settings.manual) {
            Ok(c) => Some(c),
            Err(e) => {
                notes.push(e.to_string());
                None
            }
        }
    };
    let classes: Vec<Option<usize>> = data
        .iter()
        .map(|d| {
            let v = d.value()?;
            classification.as_ref().map(|c| c.class_of(v))
        })
        .collect();
    let k = classification.as_ref().map_or(0, Classification::k);
    let colours = settings.palette.colours(k, settings.reversed);
    let unit = labels
        .get(&settings.field)
        .map(|m| m.unit.clone())
        .unwrap_or_default();
    let decimals = decimals_for(&values, &unit);
    let residents = table
        .schema
        .index_of(&settings.privacy.population_field)
        .map(|_| table.column(&settings.privacy.population_field));
    let mut view = ThematicView {
        settings: settings.clone(),
        table,
        suppression,
        titles,
        data,
        classification,
        classes,
        colours,
        legend: Vec::new(),
        decimals,
        unit,
        notes,
        members,
    };
    view.legend = legend(&view, residents.as_deref());
    view
}

/// Decimals that show the values' differences: none for whole numbers, one for rates (as the
/// statistical offices publish them), two for small fractions.
fn decimals_for(values: &[f64], unit: &str) -> usize {
    if values.iter().all(|v| v.fract() == 0.0) {
        0
    } else if unit.contains('%') {
        1
    } else {
        let max = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if max >= 10.0 { 1 } else { 2 }
    }
}

/// German class names of GeoDa's box map (six classes; five when there are no upper outliers).
const BOX_NAMES: [&str; 6] = [
    "Ausreißer unten",
    "unter 25 %",
    "25 – 50 %",
    "50 – 75 %",
    "über 75 %",
    "Ausreißer oben",
];
const PERCENTILE_NAMES: [&str; 6] = [
    "unter 1 %",
    "1 – 10 %",
    "10 – 50 %",
    "50 – 90 %",
    "90 – 99 %",
    "über 99 %",
];
const SD_NAMES: [&str; 5] = [
    "unter -2 SD",
    "-2 bis -1 SD",
    "-1 bis +1 SD",
    "+1 bis +2 SD",
    "über +2 SD",
];

fn legend(view: &ThematicView, residents: Option<&[Option<f64>]>) -> Vec<LegendRow> {
    let pop = |rows: &mut dyn Iterator<Item = usize>| -> Option<f64> {
        let r = residents?;
        Some(rows.filter_map(|i| r.get(i).copied().flatten()).sum())
    };
    let mut out = Vec::new();
    if let Some(c) = &view.classification {
        for class in 0..c.k() {
            let lo = c.lower_bound(class);
            let hi = c.bins.get(class).copied().unwrap_or(c.max).min(c.max);
            let range = if class == 0 && c.min > hi {
                // An empty first class whose bound lies below every value (box map fence).
                format!("bis {}", format_fixed_de(hi, view.decimals))
            } else if class == 0 {
                format!(
                    "{} – {}",
                    format_fixed_de(c.min.min(hi), view.decimals),
                    format_fixed_de(hi, view.decimals)
                )
            } else {
                format!(
                    "> {} – {}",
                    format_fixed_de(lo, view.decimals),
                    format_fixed_de(hi, view.decimals)
                )
            };
            let range = with_unit(&range, &view.unit);
            let name = match c.method {
                Method::BoxPlot => box_name(class, c.k()),
                Method::Percentiles => PERCENTILE_NAMES.get(class).copied(),
                Method::StdMean if c.k() == 5 => SD_NAMES.get(class).copied(),
                _ => None,
            };
            let label = match name {
                Some(n) => format!("{n} ({range})"),
                None => range,
            };
            let rows = || {
                view.classes
                    .iter()
                    .enumerate()
                    .filter(move |(_, k)| **k == Some(class))
            };
            out.push(LegendRow {
                kind: LegendKind::Class(class),
                label,
                colour: view.colours.get(class).copied().unwrap_or(NO_DATA),
                areas: rows().count(),
                residents: pop(&mut rows().map(|(i, _)| i)),
            });
        }
    }
    for (kind, colour, wanted) in [
        (LegendKind::NoData, NO_DATA, Datum::Missing),
        (LegendKind::Suppressed, SUPPRESSED, Datum::Suppressed),
    ] {
        let rows = || {
            view.data
                .iter()
                .enumerate()
                .filter(move |(i, d)| {
                    **d == wanted
                        || (wanted == Datum::Missing
                            && matches!(d, Datum::Value(_))
                            && view.classes.get(*i).copied().flatten().is_none())
                })
                .map(|(i, _)| i)
        };
        let n = rows().count();
        if n > 0 {
            out.push(LegendRow {
                kind,
                label: match kind {
                    LegendKind::Suppressed => "unterdrückt (Datenschutz)".to_owned(),
                    _ => "keine Angabe".to_owned(),
                },
                colour,
                areas: n,
                residents: pop(&mut rows()),
            });
        }
    }
    out
}

fn box_name(class: usize, k: usize) -> Option<&'static str> {
    // Five bins: no upper outliers, so the last class is "über 75 %".
    if k == 5 && class == 4 {
        return BOX_NAMES.get(4).copied();
    }
    BOX_NAMES.get(class).copied()
}

/// The value of a row's field as text for tables: the number in German format, or
/// "keine Angabe" / "unterdrückt".
pub fn display_datum(d: Datum, decimals: usize) -> String {
    match d {
        Datum::Value(v) => format_fixed_de(v, decimals),
        Datum::Missing => "keine Angabe".to_owned(),
        Datum::Suppressed => "unterdrückt".to_owned(),
    }
}

/// Text cells (names, keys) of a row.
pub fn text_cell(table: &AreaTable, row: usize, field: &str) -> String {
    match table.value(row, field) {
        Some(Value::Text(t)) => t.clone(),
        Some(v) => v.display_de(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, FieldType, Schema};

    fn view(values: &[Option<f64>], pops: &[f64], method: Method, k: usize) -> ThematicView {
        let schema = Schema {
            fields: vec![
                Field {
                    name: "einwohner".into(),
                    kind: FieldType::Number,
                },
                Field {
                    name: "x".into(),
                    kind: FieldType::Number,
                },
            ],
        };
        let rows = values
            .iter()
            .zip(pops)
            .map(|(v, p)| vec![Value::Number(*p), v.map_or(Value::Null, Value::Number)])
            .collect();
        let n = values.len();
        let mut s = ThematicSettings::new("x", None);
        s.method = method;
        s.k = k;
        build_view(
            LevelRows {
                table: AreaTable::new(schema, rows),
                titles: (0..n).map(|i| format!("G{i}")).collect(),
                members: (0..n).map(|i| vec![i]).collect(),
                notes: Vec::new(),
            },
            &FieldLabels::built_in(),
            &s,
        )
    }

    #[test]
    fn the_legend_counts_areas_and_residents_per_class_and_names_missing_and_suppressed() {
        let v = view(
            &[Some(1.0), Some(2.0), Some(3.0), Some(4.0), None, Some(9.0)],
            &[1000.0, 2000.0, 3000.0, 4000.0, 500.0, 100.0],
            Method::Quantile,
            3,
        );
        let classes: usize = v
            .legend
            .iter()
            .filter(|r| matches!(r.kind, LegendKind::Class(_)))
            .map(|r| r.areas)
            .sum();
        assert_eq!(classes, 4);
        let missing = v
            .legend
            .iter()
            .find(|r| r.kind == LegendKind::NoData)
            .unwrap();
        assert_eq!((missing.areas, missing.residents), (1, Some(500.0)));
        let hidden = v
            .legend
            .iter()
            .find(|r| r.kind == LegendKind::Suppressed)
            .unwrap();
        assert_eq!((hidden.areas, hidden.residents), (1, Some(100.0)));
        let total: f64 = v.legend.iter().filter_map(|r| r.residents).sum();
        assert_eq!(total, 10_600.0);
        assert_eq!(v.colour(5), SUPPRESSED);
        assert_eq!(v.colour(4), NO_DATA);
    }

    #[test]
    fn legend_ranges_are_german_and_follow_the_bins() {
        let v = view(
            &[Some(1.25), Some(2.5), Some(1234.5)],
            &[1000.0; 3],
            Method::EqualInterval,
            3,
        );
        assert!(v.legend[0].label.starts_with("1,2 – "), "{:?}", v.legend[0]);
        assert!(v.legend[2].label.ends_with("1.234,5"), "{:?}", v.legend[2]);
        assert!(v.legend[1].label.starts_with("> "), "{:?}", v.legend[1]);
    }

    #[test]
    fn no_values_give_no_classes_and_a_note() {
        let v = view(&[None, None], &[1000.0, 1000.0], Method::Quantile, 5);
        assert!(v.classification.is_none());
        assert!(!v.notes.is_empty());
        assert_eq!(v.colour(0), NO_DATA);
    }
}
