//! The needs index of German social monitoring (Berlin "Monitoring Soziale Stadtentwicklung",
//! the MSS method, by default): valid areas, z-values of the status indicators, a weighted
//! status sum standardised again into the Status-Index, four status classes; the same for the
//! change of the indicators between two editions (Dynamik-Index, three classes); and the
//! 4 × 3 Gesamtindex. Every choice is a setting (see [`IndexSettings`]) and is written out in
//! the method note ([`note`]). Pure: no UI crate is used here.
//!
//! Choices, all documented in the Indikatorenblatt of the index:
//! - The standard deviation is the sample SD (n − 1) by default, the population SD (n) on
//!   request; the same kind is used for the indicators and for the re-standardised sum.
//! - One set of valid areas per part: residents ≥ the minimum (when a population field is
//!   given), not excluded by hand, and a value for every indicator. Means and SDs are taken
//!   over exactly that set, unweighted by population.
//! - Class boundaries belong to the middle class: a Status-Index of exactly −1.0 or +1.0 is
//!   "mittel", +1.5 is "niedrig"; values within 1e-9 of a threshold count as on it, so that
//!   rounding in the last binary digit cannot move an area across.

mod classes;
mod compute;
pub mod input;
pub mod note;
pub mod output;
pub mod sensitivity;
mod sheet;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use classes::{
    DynamicsClass, Invalid, StatusClass, THRESHOLD_TOLERANCE, WITHOUT_CLASS_DE, WITHOUT_CLASS_EN,
};
pub use compute::{IndexError, compute, mean_sd};

/// Which standard deviation standardises the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SdKind {
    /// Σ(x − mean)² / (n − 1), as SPSS and spreadsheet `STABW` compute it.
    #[default]
    Sample,
    /// Σ(x − mean)² / n (`STABW.N`).
    Population,
}

impl SdKind {
    pub fn label_de(self) -> &'static str {
        match self {
            SdKind::Sample => "Stichproben-Standardabweichung (n − 1)",
            SdKind::Population => "Standardabweichung der Grundgesamtheit (n)",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SdKind::Sample => "sample standard deviation (n − 1)",
            SdKind::Population => "population standard deviation (n)",
        }
    }
}

/// One indicator of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSpec {
    pub field: String,
    /// `false`: higher values mean more disadvantage (the MSS indicators); `true`: higher
    /// values mean less, so the z-value's sign is flipped.
    pub flipped: bool,
    /// Weight in the status (and dynamics) sum; ≥ 0.
    pub weight: f64,
}

impl IndicatorSpec {
    pub fn new(field: &str) -> Self {
        Self {
            field: field.to_owned(),
            flipped: false,
            weight: 1.0,
        }
    }

    /// +1 or −1.
    pub fn sign(&self) -> f64 {
        if self.flipped { -1.0 } else { 1.0 }
    }
}

/// An area left out of the index by hand, with the reason shown for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub key: String,
    pub reason: String,
}

/// Everything the user chooses for the index. Defaults: the Berlin MSS method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexSettings {
    pub indicators: Vec<IndicatorSpec>,
    /// The residents column for the validity rule; `None`: no population rule.
    pub population_field: Option<String>,
    /// Areas with fewer residents get no index ("ohne Zuordnung").
    pub min_population: f64,
    pub exclusions: Vec<Exclusion>,
    pub sd: SdKind,
    /// Status-Index thresholds: hoch < t0 ≤ mittel ≤ t1 < niedrig ≤ t2 < sehr niedrig.
    pub status_thresholds: [f64; 3],
    /// Dynamik-Index thresholds: positiv < t0 ≤ stabil ≤ t1 < negativ.
    pub dynamics_thresholds: [f64; 2],
    /// The indicator values are already z-values (as monitoring reports publish them):
    /// they are used as they are (direction applied), only the sum is standardised.
    pub standardized_input: bool,
}

impl Default for IndexSettings {
    fn default() -> Self {
        Self {
            indicators: Vec::new(),
            population_field: None,
            min_population: 300.0,
            exclusions: Vec::new(),
            sd: SdKind::Sample,
            status_thresholds: [-1.0, 1.0, 1.5],
            dynamics_thresholds: [-1.0, 1.0],
            standardized_input: false,
        }
    }
}

impl IndexSettings {
    /// The MSS defaults for a set of indicator fields (equal weights, higher = worse).
    pub fn with_indicators(fields: &[&str]) -> Self {
        Self {
            indicators: fields.iter().map(|f| IndicatorSpec::new(f)).collect(),
            ..Self::default()
        }
    }

    pub fn exclusion(&self, key: &str) -> Option<&Exclusion> {
        self.exclusions.iter().find(|e| e.key == key)
    }
}

/// The per-area input of the index, aligned by area.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndexInput {
    /// The key of each area.
    pub keys: Vec<String>,
    /// Whether the area has a row in the table at all.
    pub has_row: Vec<bool>,
    /// Residents per area (`None`: unknown); empty when no population rule applies.
    pub population: Vec<Option<f64>>,
    /// `[indicator][area]`: the status values.
    pub status: Vec<Vec<Option<f64>>>,
    /// The dynamics values: the change in percentage points (or, with standardised input,
    /// the published dynamics z-values), `[indicator][area]`.
    pub dynamics: Option<DynamicsInput>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DynamicsInput {
    /// The label of the comparison edition ("2022").
    pub label: String,
    pub values: Vec<Vec<Option<f64>>>,
    /// Residents in the comparison edition (empty: not known).
    pub population: Vec<Option<f64>>,
}

/// The result of one part (status or dynamics).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Per area: `Ok(())` when valid, else why not.
    pub validity: Vec<Result<(), Invalid>>,
    pub n_valid: usize,
    /// Mean and SD of each indicator over the valid areas (of the values as given, before the
    /// direction is applied); with standardised input the mean and SD of the given z-values.
    pub means: Vec<f64>,
    pub sds: Vec<f64>,
    /// `[indicator][area]`: z-values with the direction applied (`None` outside the valid set).
    pub z: Vec<Vec<Option<f64>>>,
    /// Σ weight · z per area.
    pub sum: Vec<Option<f64>>,
    pub sum_mean: f64,
    pub sum_sd: f64,
    /// The sum standardised over the valid areas.
    pub index: Vec<Option<f64>>,
}

impl Part {
    /// Each indicator's share of an area's index: weight · (z − mean z) / SD of the sum. The
    /// shares add up to the index (the mean of z is 0 unless the input was standardised
    /// elsewhere).
    pub fn contributions(&self, area: usize, settings: &IndexSettings) -> Option<Vec<f64>> {
        self.index.get(area).copied().flatten()?;
        let mut out = Vec::with_capacity(self.z.len());
        for (k, spec) in settings.indicators.iter().enumerate() {
            let z = self.z.get(k)?.get(area).copied().flatten()?;
            let mean_z = self.mean_z(k);
            out.push(spec.weight * (z - mean_z) / self.sum_sd);
        }
        Some(out)
    }

    fn mean_z(&self, k: usize) -> f64 {
        let col = &self.z[k];
        let (s, n) = col
            .iter()
            .flatten()
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        if n == 0 { 0.0 } else { s / n as f64 }
    }
}

/// The computed index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexResult {
    pub keys: Vec<String>,
    pub status: Part,
    pub status_class: Vec<Option<StatusClass>>,
    pub dynamics: Option<Part>,
    pub dynamics_class: Vec<Option<DynamicsClass>>,
    /// The label of the comparison edition of the dynamics.
    pub dynamics_label: Option<String>,
}

impl IndexResult {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Areas per Gesamtindex cell: `[status][dynamics]`.
    pub fn matrix(&self) -> [[usize; 3]; 4] {
        let mut m = [[0; 3]; 4];
        for (s, d) in self.status_class.iter().zip(&self.dynamics_class) {
            if let (Some(s), Some(d)) = (s, d) {
                m[s.index()][d.index()] += 1;
            }
        }
        m
    }

    /// Areas per status class.
    pub fn status_counts(&self) -> [usize; 4] {
        let mut c = [0; 4];
        for s in self.status_class.iter().flatten() {
            c[s.index()] += 1;
        }
        c
    }

    pub fn dynamics_counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for d in self.dynamics_class.iter().flatten() {
            c[d.index()] += 1;
        }
        c
    }

    /// Rank by Status-Index, 1 = the highest index (most disadvantaged); ties share the
    /// better rank ("1, 2, 2, 4").
    pub fn status_rank(&self) -> Vec<Option<usize>> {
        let mut order: Vec<(usize, f64)> = self
            .status
            .index
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut ranks = vec![None; self.len()];
        let mut prev: Option<f64> = None;
        let mut rank = 0;
        for (pos, (i, v)) in order.iter().enumerate() {
            if prev.is_none_or(|p| (p - v).abs() > THRESHOLD_TOLERANCE) {
                rank = pos + 1;
            }
            prev = Some(*v);
            ranks[*i] = Some(rank);
        }
        ranks
    }
}
