//! The classes of the index: four status classes, three dynamics classes, the thresholds'
//! boundary rule, and why an area has no class ("ohne Zuordnung").

use serde::{Deserialize, Serialize};

/// Values closer than this to a class threshold count as lying on it.
pub const THRESHOLD_TOLERANCE: f64 = 1e-9;

/// The four status classes (1 = best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StatusClass {
    Hoch,
    Mittel,
    Niedrig,
    SehrNiedrig,
}

impl StatusClass {
    pub const ALL: [StatusClass; 4] = [
        StatusClass::Hoch,
        StatusClass::Mittel,
        StatusClass::Niedrig,
        StatusClass::SehrNiedrig,
    ];

    /// 1 hoch … 4 sehr niedrig, the MSS numbering.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in tables and the CSV ("sehr niedrig").
    pub fn label_de(self) -> &'static str {
        match self {
            StatusClass::Hoch => "hoch",
            StatusClass::Mittel => "mittel",
            StatusClass::Niedrig => "niedrig",
            StatusClass::SehrNiedrig => "sehr niedrig",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            StatusClass::Hoch => "high",
            StatusClass::Mittel => "medium",
            StatusClass::Niedrig => "low",
            StatusClass::SehrNiedrig => "very low",
        }
    }

    /// The class of a Status-Index value; boundaries belong to the middle classes.
    pub fn of(index: f64, t: &[f64; 3]) -> StatusClass {
        if below(index, t[0]) {
            StatusClass::Hoch
        } else if !above(index, t[1]) {
            StatusClass::Mittel
        } else if !above(index, t[2]) {
            StatusClass::Niedrig
        } else {
            StatusClass::SehrNiedrig
        }
    }
}

/// The three dynamics classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DynamicsClass {
    Positiv,
    Stabil,
    Negativ,
}

impl DynamicsClass {
    pub const ALL: [DynamicsClass; 3] = [
        DynamicsClass::Positiv,
        DynamicsClass::Stabil,
        DynamicsClass::Negativ,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label_de(self) -> &'static str {
        match self {
            DynamicsClass::Positiv => "positiv",
            DynamicsClass::Stabil => "stabil",
            DynamicsClass::Negativ => "negativ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            DynamicsClass::Positiv => "positive",
            DynamicsClass::Stabil => "stable",
            DynamicsClass::Negativ => "negative",
        }
    }

    /// "+", "±", "−" as in the MSS tables.
    pub fn symbol(self) -> &'static str {
        match self {
            DynamicsClass::Positiv => "+",
            DynamicsClass::Stabil => "±",
            DynamicsClass::Negativ => "−",
        }
    }

    pub fn of(index: f64, t: &[f64; 2]) -> DynamicsClass {
        if below(index, t[0]) {
            DynamicsClass::Positiv
        } else if !above(index, t[1]) {
            DynamicsClass::Stabil
        } else {
            DynamicsClass::Negativ
        }
    }
}

/// The text of the CSV and tables for areas without a class.
pub const WITHOUT_CLASS_DE: &str = "ohne Zuordnung";
pub const WITHOUT_CLASS_EN: &str = "not assigned";

fn below(x: f64, t: f64) -> bool {
    x < t - THRESHOLD_TOLERANCE
}

fn above(x: f64, t: f64) -> bool {
    x > t + THRESHOLD_TOLERANCE
}

/// Why an area has no index in a part.
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    /// No row in the table for the area.
    NoData,
    /// Residents below the minimum (the value, the minimum).
    LowPopulation(f64, f64),
    /// The population rule is on, but the area has no residents value.
    NoPopulation,
    /// Left out by hand, with the reason.
    Excluded(String),
    /// These indicators have no value.
    Missing(Vec<String>),
    /// Residents below the minimum in the comparison edition (dynamics only).
    LowPopulationBefore(f64, f64),
    /// No status, so no dynamics either.
    NoStatus,
}

impl Invalid {
    /// The reason as shown in the table and written to the CSV ("EW unter 300").
    pub fn reason_de(&self) -> String {
        match self {
            Invalid::NoData => "keine Daten".to_owned(),
            Invalid::LowPopulation(_, min) => format!("EW unter {}", plain(*min)),
            Invalid::NoPopulation => "Einwohnerzahl fehlt".to_owned(),
            Invalid::Excluded(r) if r.trim().is_empty() => "Ausreißer".to_owned(),
            Invalid::Excluded(r) => format!("Ausreißer: {}", r.trim()),
            Invalid::Missing(fields) => format!("fehlende Werte: {}", fields.join(", ")),
            Invalid::LowPopulationBefore(_, min) => {
                format!("EW unter {} im Vergleichsjahr", plain(*min))
            }
            Invalid::NoStatus => "kein Status-Index".to_owned(),
        }
    }

    pub fn reason_en(&self) -> String {
        match self {
            Invalid::NoData => "no data".to_owned(),
            Invalid::LowPopulation(_, min) => format!("fewer than {} residents", plain(*min)),
            Invalid::NoPopulation => "no residents value".to_owned(),
            Invalid::Excluded(r) if r.trim().is_empty() => "outlier".to_owned(),
            Invalid::Excluded(r) => format!("outlier: {}", r.trim()),
            Invalid::Missing(fields) => format!("missing values: {}", fields.join(", ")),
            Invalid::LowPopulationBefore(_, min) => {
                format!(
                    "fewer than {} residents in the comparison year",
                    plain(*min)
                )
            }
            Invalid::NoStatus => "no status index".to_owned(),
        }
    }
}

/// A number without needless decimals ("300", "2.5").
fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
