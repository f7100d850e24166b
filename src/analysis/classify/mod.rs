//! Classification of indicator values into map classes, with the definitions of PySAL
//! mapclassify 2.x (checked against mapclassify 2.10 by `tests/classify_reference.rs`).
//!
//! Every method produces ascending upper bounds (`bins`); a value `v` belongs to the first class
//! `i` with `v <= bins[i]`, so classes are closed above and open below, as in mapclassify's
//! `bin1d`. The methods and their mapclassify counterparts:
//!
//! | [`Method`]        | mapclassify     | bins                                                        |
//! |-------------------|-----------------|-------------------------------------------------------------|
//! | `Quantile`        | `Quantiles`     | percentiles at `100/k, 2·100/k, …, 100`, duplicates removed  |
//! | `EqualInterval`   | `EqualInterval` | `min + i·(max − min)/k`, last = max                          |
//! | `FisherJenks`     | `FisherJenks`   | maximum of each optimal cluster (exact, no sampling)         |
//! | `StdMean`         | `StdMean`       | mean + {−2, −1, 1, 2}·sd, then max if above mean + 2·sd       |
//! | `BoxPlot`         | `BoxPlot`       | fences and quartiles (hinge 1.5), then max if above the fence |
//! | `Percentiles`     | `Percentiles`   | percentiles 1, 10, 50, 90, 99, 100                           |
//! | `Manual`          | `UserDefined`   | the given breaks, then max if above the last break           |
//!
//! Details that follow mapclassify to the last bit, because they decide the class of values that
//! sit exactly on a break:
//! - Percentiles are `scipy.stats.scoreatpercentile` (linear interpolation between the two
//!   neighbouring order statistics, with scipy's exact weighting), including its rounding noise:
//!   the interpolation between two equal values can land an ulp off the value.
//! - Quantile breaks are de-duplicated by exact equality (`np.unique`), so tied data yields
//!   fewer than `k` classes; breaks that differ only by rounding noise stay separate classes.
//! - Percentiles and BoxPlot keep duplicate breaks; the duplicates are empty classes.
//! - Equal-interval breaks are computed as `np.arange` does (`start + i·delta`).
//! - Mean and standard deviation (ddof = 1) use numpy's pairwise summation in input order.
//!
//! Where mapclassify's arithmetic breaks down on extreme magnitudes, this module does not
//! follow it: −0 and +0 are one value; a standard deviation whose squared deviations overflow
//! (values beyond ~1e154) is computed on scaled values; Fisher-Jenks clusters values above
//! 1e100 or below 1e-100 scaled by a power of two, and merges classes its sums of squares
//! cannot tell apart (distinct values closer than about a millionth of the largest magnitude,
//! e.g. 0 and 1e-20 in data that also holds 1e20), so its bins always ascend strictly — with
//! fewer than `k` classes in that last case.
//!
//! Where mapclassify raises (equal intervals on all-equal data, Fisher-Jenks with fewer distinct
//! values than classes) or yields NaN (standard deviation of one value), [`classify`] returns a
//! [`ClassifyError`] with a German message.
//!
//! The parts: the [`Method`]s with their names (`method`), the bins of each method (`bins`), the
//! numpy/scipy arithmetic they are computed with (`numpy`) and the English wording of a
//! [`ClassifyError`] (`english`). Pure: no UI and no files.

mod bins;
mod english;
mod method;
mod numpy;
#[cfg(test)]
mod tests;

use bins::{
    box_plot_bins, class_counts, equal_interval_bins, fisher_jenks_bins, manual_bins,
    quantile_bins, std_mean_bins,
};
use numpy::score_at_percentile;

pub use method::Method;

/// The smallest number of classes accepted for methods with [`Method::uses_k`].
pub const MIN_CLASSES: usize = 3;
/// The largest number of classes accepted for methods with [`Method::uses_k`], and the most
/// classes manual breaks may produce.
pub const MAX_CLASSES: usize = 9;

/// mapclassify's default multiples of the standard deviation for `StdMean`.
pub const STD_MEAN_MULTIPLES: [f64; 4] = [-2.0, -1.0, 1.0, 2.0];
/// mapclassify's default percentiles for `Percentiles` (GeoDa's percentile map).
pub const PERCENTILES: [f64; 6] = [1.0, 10.0, 50.0, 90.0, 99.0, 100.0];
/// mapclassify's default hinge for `BoxPlot`: fences at 1.5 inter-quartile ranges.
pub const BOX_HINGE: f64 = 1.5;

/// GeoDa's six box-map classes, in German. A box map has six classes when some value lies
/// above the upper fence; otherwise it has five and uses the first five labels (the fifth
/// class then reaches up to the upper fence, which lies at or above the maximum). The lower
/// outlier class always exists and is empty when no value lies at or below the lower fence.
pub const BOX_CLASS_LABELS_DE: [&str; 6] = [
    "Unterer Ausreißer",
    "< 25 %",
    "25–50 %",
    "50–75 %",
    "> 75 %",
    "Oberer Ausreißer",
];
/// [`BOX_CLASS_LABELS_DE`] in English.
pub const BOX_CLASS_LABELS_EN: [&str; 6] = [
    "Lower outlier",
    "< 25 %",
    "25–50 %",
    "50–75 %",
    "> 75 %",
    "Upper outlier",
];
/// The six classes of the percentile map ([`PERCENTILES`]), in German.
pub const PERCENTILE_CLASS_LABELS_DE: [&str; 6] =
    ["< 1 %", "1–10 %", "10–50 %", "50–90 %", "90–99 %", "> 99 %"];
/// The classes of the standard-deviation map, in German. With five bins the last class holds
/// the values above mean + 2 sd; with four bins (maximum at or below mean + 2 sd) the first four
/// labels apply.
pub const STD_MEAN_CLASS_LABELS_DE: [&str; 5] = [
    "unter −2 σ",
    "−2 σ bis −1 σ",
    "−1 σ bis +1 σ",
    "+1 σ bis +2 σ",
    "über +2 σ",
];

/// GeoDa's six box-map class labels in German; see [`BOX_CLASS_LABELS_DE`] for the five-bin case.
pub fn box_class_labels_de() -> [&'static str; 6] {
    BOX_CLASS_LABELS_DE
}

/// The result of [`classify`].
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The method that produced the classes.
    pub method: Method,
    /// Upper bounds of the classes, ascending (duplicates are possible and mark empty classes).
    /// The last bin is the maximum, except for `StdMean` and `BoxPlot` when mean + 2 sd or the
    /// upper fence lies above the maximum, and for `Manual` when the last break does.
    pub bins: Vec<f64>,
    /// Number of values per class, same length as `bins`; sums to `n`.
    pub counts: Vec<usize>,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Number of values classified.
    pub n: usize,
}

impl Classification {
    /// Number of classes.
    pub fn k(&self) -> usize {
        self.bins.len()
    }

    /// The class of `v`: the first `i` with `v <= bins[i]`. Values above the last bin go to the
    /// last class (as mapclassify's `find_bin` does; no classified value is above it). NaN goes
    /// to class 0.
    pub fn class_of(&self, v: f64) -> usize {
        self.bins
            .partition_point(|b| *b < v)
            .min(self.bins.len().saturating_sub(1))
    }

    /// Lower bound of `class`: the minimum for class 0, else the upper bound of the class below.
    /// Class 0 of a box map can have its upper bound (the lower fence) below the minimum; it is
    /// then empty. A class beyond the last one gets the last bin.
    pub fn lower_bound(&self, class: usize) -> f64 {
        match class.checked_sub(1) {
            None => self.min,
            Some(below) => self.upper_bound(below),
        }
    }

    /// Upper bound of `class` (`bins[class]`); a class beyond the last one gets the last bin.
    pub fn upper_bound(&self, class: usize) -> f64 {
        self.bins
            .get(class)
            .or(self.bins.last())
            .copied()
            .unwrap_or(self.max)
    }

    /// The fixed German meaning of `class` for methods whose classes have one (box map,
    /// percentile map, standard deviation); `None` for the other methods or a class out of range.
    pub fn class_label_de(&self, class: usize) -> Option<&'static str> {
        if class >= self.k() {
            return None;
        }
        match self.method {
            Method::BoxPlot => BOX_CLASS_LABELS_DE.get(class).copied(),
            Method::Percentiles => PERCENTILE_CLASS_LABELS_DE.get(class).copied(),
            Method::StdMean => STD_MEAN_CLASS_LABELS_DE.get(class).copied(),
            _ => None,
        }
    }
}

/// Why values could not be classified. Messages are German; they are shown to the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassifyError {
    /// No values at all.
    #[error("Keine Werte zum Klassifizieren")]
    Empty,
    /// A value is NaN or infinite (callers drop missing values before).
    #[error("Wert Nr. {} ist keine endliche Zahl ({value}); nur endliche Werte lassen sich klassifizieren", index + 1)]
    NonFinite {
        /// Position of the value in the input (0-based).
        index: usize,
        /// The value.
        value: f64,
    },
    /// `k` is outside [`MIN_CLASSES`]..=[`MAX_CLASSES`] for a method that uses it.
    #[error("Klassenzahl muss zwischen {MIN_CLASSES} und {MAX_CLASSES} liegen (angegeben: {0})")]
    ClassCount(usize),
    /// Equal intervals need a range: all values are equal.
    #[error(
        "Alle Werte sind gleich ({0}); gleiche Intervalle brauchen mindestens zwei verschiedene Werte"
    )]
    AllEqual(f64),
    /// Fisher-Jenks needs at least `k` distinct values.
    #[error(
        "Nur {distinct} verschiedene Werte für {k} Klassen; natürliche Unterbrechungen brauchen mindestens so viele verschiedene Werte wie Klassen"
    )]
    TooFewDistinct {
        /// Number of distinct values.
        distinct: usize,
        /// Requested number of classes.
        k: usize,
    },
    /// The standard deviation needs at least two values.
    #[error("Die Standardabweichung braucht mindestens zwei Werte")]
    TooFewForStdDev,
    /// A break or statistic is not finite because the values are too large.
    #[error("Die Werte sind zu groß, um Klassengrenzen zu berechnen")]
    Overflow,
    /// Manual classification without breaks.
    #[error("Keine manuellen Grenzen angegeben")]
    NoManualBreaks,
    /// A manual break is NaN or infinite.
    #[error("Manuelle Grenzen müssen endliche Zahlen sein")]
    NonFiniteManual,
    /// Manual breaks are not strictly ascending.
    #[error("Manuelle Grenzen müssen aufsteigend sein")]
    ManualNotAscending,
    /// Manual breaks (plus the appended maximum) give more than [`MAX_CLASSES`] classes.
    #[error("Höchstens {MAX_CLASSES} Klassen möglich; die manuellen Grenzen ergeben {0}")]
    TooManyManualClasses(usize),
    /// The Fisher-Jenks computation failed (not expected for finite values).
    #[error("Natürliche Unterbrechungen konnten nicht berechnet werden: {0}")]
    FisherJenks(String),
}

/// Classify finite values (callers drop "keine Angabe"/suppressed before). `k` is used by
/// methods with [`Method::uses_k`]; `manual` only by [`Method::Manual`].
///
/// Sorts once (O(n log n)); percentiles are read from the sorted values and class counts found
/// by binary search. Fisher-Jenks adds the O(k·n log n) dynamic program of the `ckmeans` crate.
pub fn classify(
    values: &[f64],
    method: Method,
    k: usize,
    manual: &[f64],
) -> Result<Classification, ClassifyError> {
    if values.is_empty() {
        return Err(ClassifyError::Empty);
    }
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(ClassifyError::NonFinite { index, value });
    }
    if method.uses_k() && !(MIN_CLASSES..=MAX_CLASSES).contains(&k) {
        return Err(ClassifyError::ClassCount(k));
    }
    // −0 and +0 are one value: adding +0 turns −0 into +0 and changes nothing else. Without
    // this, sorting puts −0 before +0 and Fisher-Jenks can split them into two classes.
    let mut sorted: Vec<f64> = values.iter().map(|&v| v + 0.0).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Err(ClassifyError::Empty);
    };
    let mut bins = match method {
        Method::Quantile => quantile_bins(&sorted, k),
        Method::EqualInterval => equal_interval_bins(min, max, k)?,
        Method::FisherJenks => fisher_jenks_bins(&sorted, k)?,
        Method::StdMean => std_mean_bins(values, max)?,
        Method::BoxPlot => box_plot_bins(&sorted),
        Method::Percentiles => PERCENTILES
            .iter()
            .map(|&p| score_at_percentile(&sorted, p))
            .collect(),
        Method::Manual => manual_bins(manual, max)?,
    };
    if bins.iter().any(|b| !b.is_finite()) {
        return Err(ClassifyError::Overflow);
    }
    // Interpolating between equal values can put a later percentile an ulp below an earlier
    // one; keep the bins ascending so that `class_of` and the counts stay well defined. The
    // class of every value is unchanged by this.
    let mut running = f64::NEG_INFINITY;
    for b in &mut bins {
        if *b < running {
            *b = running;
        } else {
            running = *b;
        }
    }
    let counts = class_counts(&sorted, &bins);
    Ok(Classification {
        method,
        bins,
        counts,
        min,
        max,
        n: sorted.len(),
    })
}
