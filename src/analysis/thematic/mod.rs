//! A thematic (class) map, computed from its settings: the table of the chosen level, privacy
//! suppression, the classification, a colour per area and the legend with the number of areas
//! and the sum of residents per class. The window, the CLI and the exporter all draw from this
//! one computation, so their numbers agree; its words (legend labels, values, notes) are
//! written in the reader's language when shown ([`legend`]).

mod legend;
pub mod record;

pub use legend::{LegendKind, LegendRow};

use crate::analysis::aggregate::{Level, aggregate_table, group_by};
use crate::analysis::classify::{Classification, Method, classify};
use crate::analysis::data::AreaTable;
use crate::analysis::palette::{NO_DATA, Palette, Rgb, SUPPRESSED};
use crate::analysis::privacy::{Datum, PrivacyRules, Suppression, column_data, suppress};
use crate::i18n::{Bilingual, Words};
use crate::io::meta::FieldLabels;
use crate::model::AreaLayer;

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
    /// Notes: aggregation caveats, why no classes could be formed …
    pub notes: Vec<Bilingual>,
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

    /// A value of the mapped field as shown, with unit: "13,6 %" / "13.6 %".
    pub fn format_value(&self, v: f64, w: Words) -> String {
        w.with_unit(&w.fixed(v, self.decimals), &self.unit)
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
    /// Notes from the aggregation.
    pub notes: Vec<Bilingual>,
}

/// The rows of a level: the base table itself, or its aggregation by the level's group field.
pub fn level_table(
    layer: &AreaLayer,
    base: &AreaTable,
    level: Level,
    labels: &FieldLabels,
) -> Result<LevelRows, Bilingual> {
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
        let expected = level.group_fields().join(", ");
        return Err(Bilingual::new(
            format!(
                "Die Ebene hat kein Feld für die Zuordnung zu „{}“ (erwartet: {expected}).",
                level.label_de()
            ),
            format!(
                "The layer has no field that assigns its areas to “{}” (expected: {expected}).",
                level.label_en()
            ),
        ));
    };
    let Some(grouping) = group_by(base, field) else {
        return Err(crate::bilingual!(
            "Feld „{field}“ fehlt.",
            "The field “{field}” is missing."
        ));
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
        notes.push(Bilingual::new(
            "Keine Werte zum Klassifizieren.",
            "No values to classify.",
        ));
        None
    } else {
        match classify(&values, settings.method, settings.k, &settings.manual) {
            Ok(c) => Some(c),
            Err(e) => {
                notes.push(e.bilingual());
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
    view.legend = legend::legend(&view, residents.as_deref());
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

/// The value of a row's field as text for tables: the number in the reader's format, or
/// "keine Angabe" / "unterdrückt".
pub fn display_datum(d: Datum, decimals: usize, w: Words) -> String {
    match d {
        Datum::Value(v) => w.fixed(v, decimals),
        Datum::Missing => w.no_data().to_owned(),
        Datum::Suppressed => w.suppressed().to_owned(),
    }
}

#[cfg(test)]
mod tests;
