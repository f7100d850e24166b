//! The computation: valid areas, z-values, weighted sums, re-standardisation, classes.

use super::{
    DynamicsClass, DynamicsInput, IndexInput, IndexResult, IndexSettings, IndicatorSpec, Invalid,
    Part, SdKind, StatusClass,
};

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

impl IndexError {
    /// The message in English (its `Display` is German, for the CLI).
    pub fn english(&self) -> String {
        let part = |p: &str| match p {
            STATUS_PART => "status index",
            _ => "dynamics index",
        };
        match self {
            IndexError::NoIndicators => "The index needs at least one indicator.".to_owned(),
            IndexError::BadWeight(f, w) => {
                format!("The weight of “{f}” is invalid ({w}): weights must be numbers ≥ 0.")
            }
            IndexError::ZeroWeights => {
                "All weights are 0 – at least one indicator needs a weight above 0.".to_owned()
            }
            IndexError::TooFewAreas { part: p, n } => format!(
                "Too few valid areas for the {}: {n} (at least 2 needed). Check the minimum \
                 residents, exclusions and missing values.",
                part(p)
            ),
            IndexError::Constant { part: p, field } => format!(
                "“{field}” has the same value in all valid areas – without spread no z-value \
                 can be formed ({}).",
                part(p)
            ),
            IndexError::ConstantSum { part: p } => format!(
                "The weighted sum has no spread ({}) – the indicators cancel out; check \
                 directions and weights.",
                part(p)
            ),
            IndexError::MissingColumn { field, table } => {
                format!("Column “{field}” is missing in the table {table}.")
            }
            IndexError::MissingKey { field, table } => {
                format!("Key column “{field}” is missing in the table {table}.")
            }
            IndexError::DuplicateKey { key, table } => {
                format!("Key “{key}” occurs more than once in the table {table}.")
            }
        }
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> crate::i18n::Bilingual {
        crate::i18n::Bilingual::new(self.to_string(), self.english())
    }
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
