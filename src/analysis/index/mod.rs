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

pub mod input;
pub mod note;
pub mod output;
pub mod sensitivity;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// Values closer than this to a class threshold count as lying on it.
pub const THRESHOLD_TOLERANCE: f64 = 1e-9;

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

/// Why no index could be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndexError {
    #[error("Für den Index ist mindestens ein Indikator nötig.")]
    NoIndicators,
    #[error("Das Gewicht von „{0}“ ist ungültig ({1}): Gewichte müssen Zahlen ≥ 0 sein.")]
    BadWeight(String, f64),
    #[error("Alle Gewichte sind 0 – mindestens ein Indikator braucht ein Gewicht über 0.")]
    ZeroWeights,
    #[error(
        "Zu wenige gültige Gebiete für den {part}: {n} (mindestens 2 nötig). Mindesteinwohnerzahl, \
         Ausschlüsse und fehlende Werte prüfen."
    )]
    TooFewAreas { part: &'static str, n: usize },
    #[error(
        "„{field}“ hat in allen gültigen Gebieten denselben Wert – ohne Streuung lässt sich kein \
         z-Wert bilden ({part})."
    )]
    Constant { part: &'static str, field: String },
    #[error(
        "Die gewichtete Summe hat keine Streuung ({part}) – die Indikatoren heben sich auf; \
         Richtungen und Gewichte prüfen."
    )]
    ConstantSum { part: &'static str },
    #[error("Spalte „{field}“ fehlt in der Tabelle {table}.")]
    MissingColumn { field: String, table: String },
    #[error("Schlüsselspalte „{field}“ fehlt in der Tabelle {table}.")]
    MissingKey { field: String, table: String },
    #[error("Schlüssel „{key}“ kommt in der Tabelle {table} mehrfach vor.")]
    DuplicateKey { key: String, table: String },
}

const STATUS_PART: &str = "Status-Index";
const DYNAMICS_PART: &str = "Dynamik-Index";

/// Compute the index.
pub fn compute(input: &IndexInput, settings: &IndexSettings) -> Result<IndexResult, IndexError> {
    check_settings(settings)?;
    let n = input.keys.len();
    let weights: Vec<f64> = settings.indicators.iter().map(|s| s.weight).collect();
    let signs: Vec<f64> = settings
        .indicators
        .iter()
        .map(IndicatorSpec::sign)
        .collect();

    // Step 1: the valid areas of the status.
    let status_validity: Vec<Result<(), Invalid>> = (0..n)
        .map(|i| status_validity(input, settings, i))
        .collect();
    let status = part(
        &input.status,
        &status_validity,
        &weights,
        &signs,
        settings,
        STATUS_PART,
    )?;
    let status_class = status
        .index
        .iter()
        .map(|v| v.map(|v| StatusClass::of(v, &settings.status_thresholds)))
        .collect();

    let (dynamics, dynamics_class, dynamics_label) = match &input.dynamics {
        None => (None, vec![None; n], None),
        Some(d) => {
            let validity: Vec<Result<(), Invalid>> = (0..n)
                .map(|i| dynamics_validity(input, d, &status_validity, settings, i))
                .collect();
            let p = part(
                &d.values,
                &validity,
                &weights,
                &signs,
                settings,
                DYNAMICS_PART,
            )?;
            let classes = p
                .index
                .iter()
                .map(|v| v.map(|v| DynamicsClass::of(v, &settings.dynamics_thresholds)))
                .collect();
            (Some(p), classes, Some(d.label.clone()))
        }
    };
    Ok(IndexResult {
        keys: input.keys.clone(),
        status,
        status_class,
        dynamics,
        dynamics_class,
        dynamics_label,
    })
}

fn check_settings(settings: &IndexSettings) -> Result<(), IndexError> {
    if settings.indicators.is_empty() {
        return Err(IndexError::NoIndicators);
    }
    for s in &settings.indicators {
        if !s.weight.is_finite() || s.weight < 0.0 {
            return Err(IndexError::BadWeight(s.field.clone(), s.weight));
        }
    }
    if settings.indicators.iter().all(|s| s.weight == 0.0) {
        return Err(IndexError::ZeroWeights);
    }
    Ok(())
}

fn status_validity(input: &IndexInput, settings: &IndexSettings, i: usize) -> Result<(), Invalid> {
    if !input.has_row.get(i).copied().unwrap_or(true) {
        return Err(Invalid::NoData);
    }
    if let Some(e) = input.keys.get(i).and_then(|k| settings.exclusion(k)) {
        return Err(Invalid::Excluded(e.reason.clone()));
    }
    if settings.population_field.is_some() {
        match input.population.get(i).copied().flatten() {
            None => return Err(Invalid::NoPopulation),
            Some(p) if p < settings.min_population => {
                return Err(Invalid::LowPopulation(p, settings.min_population));
            }
            Some(_) => {}
        }
    }
    missing(&input.status, settings, i)
}

fn dynamics_validity(
    input: &IndexInput,
    d: &DynamicsInput,
    status: &[Result<(), Invalid>],
    settings: &IndexSettings,
    i: usize,
) -> Result<(), Invalid> {
    if status.get(i).is_some_and(Result::is_err) {
        return Err(Invalid::NoStatus);
    }
    if settings.population_field.is_some()
        && let Some(p) = d.population.get(i).copied().flatten()
        && p < settings.min_population
    {
        return Err(Invalid::LowPopulationBefore(p, settings.min_population));
    }
    let _ = input;
    missing(&d.values, settings, i)
}

fn missing(values: &[Vec<Option<f64>>], settings: &IndexSettings, i: usize) -> Result<(), Invalid> {
    let absent: Vec<String> = settings
        .indicators
        .iter()
        .zip(values)
        .filter(|(_, col)| !col.get(i).copied().flatten().is_some_and(f64::is_finite))
        .map(|(s, _)| s.field.clone())
        .collect();
    if absent.is_empty() {
        Ok(())
    } else {
        Err(Invalid::Missing(absent))
    }
}

/// Mean and SD of the values at the valid positions.
pub fn mean_sd(values: impl Iterator<Item = f64> + Clone, kind: SdKind) -> (f64, f64, usize) {
    let (sum, n) = values
        .clone()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        return (f64::NAN, f64::NAN, 0);
    }
    let mean = sum / n as f64;
    let ss: f64 = values.map(|v| (v - mean) * (v - mean)).sum();
    let denom = match kind {
        SdKind::Sample => n.saturating_sub(1),
        SdKind::Population => n,
    };
    let sd = if denom == 0 {
        f64::NAN
    } else {
        (ss / denom as f64).sqrt()
    };
    (mean, sd, n)
}

/// Whether an SD is too small to divide by, relative to the values' magnitude.
fn degenerate(sd: f64, mean: f64) -> bool {
    !sd.is_finite() || sd <= 1e-12 * mean.abs().max(1.0)
}

fn part(
    values: &[Vec<Option<f64>>],
    validity: &[Result<(), Invalid>],
    weights: &[f64],
    signs: &[f64],
    settings: &IndexSettings,
    name: &'static str,
) -> Result<Part, IndexError> {
    let n = validity.len();
    let valid: Vec<usize> = (0..n).filter(|&i| validity[i].is_ok()).collect();
    if valid.len() < 2 {
        return Err(IndexError::TooFewAreas {
            part: name,
            n: valid.len(),
        });
    }
    let mut means = Vec::with_capacity(values.len());
    let mut sds = Vec::with_capacity(values.len());
    let mut z = Vec::with_capacity(values.len());
    for (k, col) in values.iter().enumerate() {
        let at = |i: usize| col.get(i).copied().flatten().unwrap_or(f64::NAN);
        let (mean, sd, _) = mean_sd(valid.iter().map(|&i| at(i)), settings.sd);
        let mut zk = vec![None; n];
        if settings.standardized_input {
            for &i in &valid {
                zk[i] = Some(signs[k] * at(i));
            }
        } else {
            if degenerate(sd, mean) && weights[k] > 0.0 {
                return Err(IndexError::Constant {
                    part: name,
                    field: settings.indicators[k].field.clone(),
                });
            }
            for &i in &valid {
                // An indicator with weight 0 and no spread contributes nothing.
                zk[i] = Some(if degenerate(sd, mean) {
                    0.0
                } else {
                    signs[k] * (at(i) - mean) / sd
                });
            }
        }
        means.push(mean);
        sds.push(sd);
        z.push(zk);
    }
    let mut sum = vec![None; n];
    for &i in &valid {
        let s: f64 = (0..values.len())
            .map(|k| weights[k] * z[k][i].unwrap_or(0.0))
            .sum();
        sum[i] = Some(s);
    }
    let (sum_mean, sum_sd, _) = mean_sd(valid.iter().filter_map(|&i| sum[i]), settings.sd);
    if degenerate(sum_sd, sum_mean) {
        return Err(IndexError::ConstantSum { part: name });
    }
    let index = sum
        .iter()
        .map(|s| s.map(|s| (s - sum_mean) / sum_sd))
        .collect();
    Ok(Part {
        validity: validity.to_vec(),
        n_valid: valid.len(),
        means,
        sds,
        z,
        sum,
        sum_mean,
        sum_sd,
        index,
    })
}
