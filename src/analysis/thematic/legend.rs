//! The class map's legend: one row per class with the number of areas and the residents in
//! it, then "keine Angabe" and "unterdrückt". The rows hold numbers only; their labels ("> 6,8 –
//! 9,1 %", "über 75 % (> 12,3 – 20,1 %)") are written when they are shown, in the reader's
//! language and number format — so the window, the CLI and every exported page word the same
//! classes from one place, and switching the language needs no recomputation.

use super::ThematicView;
use crate::analysis::classify::Method;
use crate::analysis::palette::{NO_DATA, Rgb, SUPPRESSED};
use crate::analysis::privacy::Datum;
use crate::i18n::Words;

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
    pub colour: Rgb,
    pub areas: usize,
    /// Sum of residents of the class's areas (`None` when the table has no residents column).
    pub residents: Option<f64>,
}

/// Class names of GeoDa's box map (six classes; five when there are no upper outliers),
/// German and English.
const BOX_NAMES: [(&str, &str); 6] = [
    ("Ausreißer unten", "lower outliers"),
    ("unter 25 %", "under 25 %"),
    ("25 – 50 %", "25 – 50 %"),
    ("50 – 75 %", "50 – 75 %"),
    ("über 75 %", "over 75 %"),
    ("Ausreißer oben", "upper outliers"),
];
const PERCENTILE_NAMES: [(&str, &str); 6] = [
    ("unter 1 %", "under 1 %"),
    ("1 – 10 %", "1 – 10 %"),
    ("10 – 50 %", "10 – 50 %"),
    ("50 – 90 %", "50 – 90 %"),
    ("90 – 99 %", "90 – 99 %"),
    ("über 99 %", "over 99 %"),
];
const SD_NAMES: [(&str, &str); 5] = [
    ("unter -2 SD", "under -2 SD"),
    ("-2 bis -1 SD", "-2 to -1 SD"),
    ("-1 bis +1 SD", "-1 to +1 SD"),
    ("+1 bis +2 SD", "+1 to +2 SD"),
    ("über +2 SD", "over +2 SD"),
];

impl ThematicView {
    /// A legend row's label in the reader's language: the class range with unit, or "keine
    /// Angabe" / "unterdrückt (Datenschutz)".
    pub fn legend_label(&self, row: &LegendRow, w: Words) -> String {
        match row.kind {
            LegendKind::Class(k) => self.class_label(k, w),
            LegendKind::NoData => w.no_data().to_owned(),
            LegendKind::Suppressed => {
                format!("{} ({})", w.suppressed(), w.pick("Datenschutz", "privacy"))
            }
        }
    }

    /// A class's range with unit ("> 6,8 – 9,1 %"), named for box, percentile and standard
    /// deviation maps ("über 75 % (> 12,3 – 20,1 %)").
    pub fn class_label(&self, class: usize, w: Words) -> String {
        let Some(c) = &self.classification else {
            return String::new();
        };
        let d = self.decimals;
        let lo = c.lower_bound(class);
        let hi = c.bins.get(class).copied().unwrap_or(c.max).min(c.max);
        let range = if class == 0 && c.min > hi {
            // An empty first class whose bound lies below every value (box map fence).
            format!("{} {}", w.pick("bis", "up to"), w.fixed(hi, d))
        } else if class == 0 {
            format!("{} – {}", w.fixed(c.min.min(hi), d), w.fixed(hi, d))
        } else {
            format!("> {} – {}", w.fixed(lo, d), w.fixed(hi, d))
        };
        let range = w.with_unit(&range, &self.unit);
        let name = match c.method {
            // Five bins: no upper outliers, so the last class is "über 75 %".
            Method::BoxPlot => BOX_NAMES.get(class).copied(),
            Method::Percentiles => PERCENTILE_NAMES.get(class).copied(),
            Method::StdMean if c.k() == 5 => SD_NAMES.get(class).copied(),
            _ => None,
        };
        match name {
            Some((de, en)) => format!("{} ({range})", w.pick(de, en)),
            None => range,
        }
    }
}

/// The rows of the legend: classes, then areas without a value and withheld ones.
pub(super) fn legend(view: &ThematicView, residents: Option<&[Option<f64>]>) -> Vec<LegendRow> {
    let pop = |rows: &mut dyn Iterator<Item = usize>| -> Option<f64> {
        let r = residents?;
        Some(rows.filter_map(|i| r.get(i).copied().flatten()).sum())
    };
    let mut out = Vec::new();
    if let Some(c) = &view.classification {
        for class in 0..c.k() {
            let rows = || {
                view.classes
                    .iter()
                    .enumerate()
                    .filter(move |(_, k)| **k == Some(class))
            };
            out.push(LegendRow {
                kind: LegendKind::Class(class),
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
                colour,
                areas: n,
                residents: pop(&mut rows()),
            });
        }
    }
    out
}
