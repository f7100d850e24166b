//! The words that go with an index: the short method note printed under every map, table and
//! CSV that uses it, and the Indikatorenblatt of the index, which documents every choice of the
//! computation (formula, standard deviation, valid areas, thresholds and their boundaries,
//! directions, weights, dynamics, missing values).

use super::{IndexResult, IndexSettings};

/// How field names are shown (their labels from the indicator metadata).
pub type NameOf<'a> = &'a dyn Fn(&str) -> String;

pub(super) fn num_de(v: f64) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    };
    let s = s.replace('.', ",").replace('-', "−");
    if v > 0.0 { format!("+{s}") } else { s }
}

pub(super) fn num_en(v: f64) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    };
    if v > 0.0 { format!("+{s}") } else { s }
}

pub(super) fn weight_de(w: f64) -> String {
    format!("{w}").replace('.', ",")
}

pub(super) fn indicator_list(settings: &IndexSettings, name: NameOf, de: bool) -> String {
    settings
        .indicators
        .iter()
        .map(|s| {
            let dir = if s.flipped {
                if de { "umgekehrt" } else { "reversed" }
            } else {
                "+"
            };
            let w = if de {
                weight_de(s.weight)
            } else {
                format!("{}", s.weight)
            };
            if de {
                format!("{} ({dir}, Gewicht {w})", name(&s.field))
            } else {
                format!("{} ({dir}, weight {w})", name(&s.field))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Counts of areas without an index, by kind of reason: (below the minimum, excluded, other).
fn invalid_counts(result: &IndexResult) -> (usize, usize, usize) {
    use super::Invalid;
    let mut c = (0, 0, 0);
    for v in &result.status.validity {
        match v {
            Ok(()) => {}
            Err(Invalid::LowPopulation(..)) | Err(Invalid::NoPopulation) => c.0 += 1,
            Err(Invalid::Excluded(_)) => c.1 += 1,
            Err(_) => c.2 += 1,
        }
    }
    c
}

/// The short method note (one paragraph), German.
pub fn method_note_de(settings: &IndexSettings, result: &IndexResult, name: NameOf) -> String {
    let t = &settings.status_thresholds;
    let mut s = format!(
        "Status-Index (MSS-Verfahren): {}. {} über {} gültige Gebiete; gewichtete Summe erneut \
         standardisiert. Klassen: hoch < {}; mittel {} bis {}; niedrig über {} bis {}; sehr \
         niedrig > {}.",
        indicator_list(settings, name, true),
        if settings.standardized_input {
            "Eingangswerte bereits z-standardisiert".to_owned()
        } else {
            format!("z-Werte mit {}", settings.sd.label_de())
        },
        result.status.n_valid,
        num_de(t[0]),
        num_de(t[0]),
        num_de(t[1]),
        num_de(t[1]),
        num_de(t[2]),
        num_de(t[2]),
    );
    if let (Some(d), Some(label)) = (&result.dynamics, &result.dynamics_label) {
        let t = &settings.dynamics_thresholds;
        s.push_str(&format!(
            " Dynamik-Index: Veränderung seit {label} in Prozentpunkten, {} gültige Gebiete; \
             positiv < {}, stabil {} bis {}, negativ > {}.",
            d.n_valid,
            num_de(t[0]),
            num_de(t[0]),
            num_de(t[1]),
            num_de(t[1]),
        ));
    }
    let (low, excluded, other) = invalid_counts(result);
    if low + excluded + other > 0 {
        let mut parts = Vec::new();
        if low > 0 {
            parts.push(format!(
                "{low} mit weniger als {} EW",
                weight_de(settings.min_population)
            ));
        }
        if excluded > 0 {
            parts.push(format!("{excluded} als Ausreißer ausgeschlossen"));
        }
        if other > 0 {
            parts.push(format!("{other} mit fehlenden Werten"));
        }
        s.push_str(&format!(" Ohne Zuordnung: {}.", parts.join(", ")));
    }
    s
}

/// The short method note, English.
pub fn method_note_en(settings: &IndexSettings, result: &IndexResult, name: NameOf) -> String {
    let t = &settings.status_thresholds;
    let mut s = format!(
        "Status index (MSS method): {}. {} over {} valid areas; weighted sum standardised again. \
         Classes: high < {}; medium {} to {}; low above {} to {}; very low > {}.",
        indicator_list(settings, name, false),
        if settings.standardized_input {
            "Input values already z-standardised".to_owned()
        } else {
            format!("z-values with the {}", settings.sd.label_en())
        },
        result.status.n_valid,
        num_en(t[0]),
        num_en(t[0]),
        num_en(t[1]),
        num_en(t[1]),
        num_en(t[2]),
        num_en(t[2]),
    );
    if let (Some(d), Some(label)) = (&result.dynamics, &result.dynamics_label) {
        let t = &settings.dynamics_thresholds;
        s.push_str(&format!(
            " Dynamics index: change since {label} in percentage points, {} valid areas; \
             positive < {}, stable {} to {}, negative > {}.",
            d.n_valid,
            num_en(t[0]),
            num_en(t[0]),
            num_en(t[1]),
            num_en(t[1]),
        ));
    }
    let (low, excluded, other) = invalid_counts(result);
    if low + excluded + other > 0 {
        s.push_str(&format!(
            " Not assigned: {low} below {} residents, {excluded} excluded as outliers, {other} \
             with missing values.",
            settings.min_population
        ));
    }
    s
}

pub use super::sheet::{index_sheet_de, index_sheet_en};
