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

use std::cmp::Ordering;

/// A classification method; see the module documentation for the exact definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Classes with (about) equal numbers of values; mapclassify `Quantiles`.
    Quantile,
    /// Classes of equal width between minimum and maximum; mapclassify `EqualInterval`.
    EqualInterval,
    /// Natural breaks minimising the within-class sum of squares; mapclassify `FisherJenks`.
    FisherJenks,
    /// Breaks at the mean ± 1 and 2 standard deviations; mapclassify `StdMean`.
    StdMean,
    /// GeoDa box map: outliers beyond 1.5 IQR and the quartiles; mapclassify `BoxPlot`.
    BoxPlot,
    /// GeoDa percentile map (1, 10, 50, 90, 99, 100 %); mapclassify `Percentiles`.
    Percentiles,
    /// Breaks given by the user; mapclassify `UserDefined`.
    Manual,
}

impl Method {
    /// All methods, in the order the user interface offers them.
    pub const ALL: [Method; 7] = [
        Method::Quantile,
        Method::EqualInterval,
        Method::FisherJenks,
        Method::StdMean,
        Method::BoxPlot,
        Method::Percentiles,
        Method::Manual,
    ];

    /// The name on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            Method::Quantile => "quantile",
            Method::EqualInterval => "equal",
            Method::FisherJenks => "jenks",
            Method::StdMean => "sd",
            Method::BoxPlot => "box",
            Method::Percentiles => "percentile",
            Method::Manual => "manual",
        }
    }

    /// The method with this command-line name (exact, lower case).
    pub fn from_cli_name(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.cli_name() == s)
    }

    /// The German name shown in the user interface.
    pub fn label_de(self) -> &'static str {
        match self {
            Method::Quantile => "Quantile",
            Method::EqualInterval => "Gleiche Intervalle",
            Method::FisherJenks => "Natürliche Unterbrechungen (Fisher-Jenks)",
            Method::StdMean => "Standardabweichung",
            Method::BoxPlot => "Box-Map",
            Method::Percentiles => "Perzentil-Map",
            Method::Manual => "Manuelle Grenzen",
        }
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Method::Quantile => "Quantiles",
            Method::EqualInterval => "Equal intervals",
            Method::FisherJenks => "Natural breaks (Fisher-Jenks)",
            Method::StdMean => "Standard deviation",
            Method::BoxPlot => "Box map",
            Method::Percentiles => "Percentile map",
            Method::Manual => "Manual breaks",
        }
    }

    /// Whether the method takes a number of classes `k` (the others fix their classes).
    pub fn uses_k(self) -> bool {
        matches!(
            self,
            Method::Quantile | Method::EqualInterval | Method::FisherJenks
        )
    }
}

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

/// Pearson's correlation coefficient of the pairs `(xs[i], ys[i])`, for the scatter plot.
/// `None` with fewer than 3 pairs, slices of different length, zero variance in either
/// variable, or a non-finite result.
pub fn pearson_r(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 3 {
        return None;
    }
    let n = xs.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (&x, &y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mean_x, y - mean_y);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    let r = sxy / (sxx.sqrt() * syy.sqrt());
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// `scipy.stats.scoreatpercentile(sorted, per)` with the default 'fraction' interpolation, with
/// scipy's exact arithmetic: index `per / 100 · (n − 1)`, weights `(j − idx, idx − i)` and the
/// weighted sum divided by the sum of the weights. `sorted` must be non-empty and ascending.
fn score_at_percentile(sorted: &[f64], per: f64) -> f64 {
    let per = per.clamp(0.0, 100.0);
    let idx = per / 100.0 * (sorted.len().saturating_sub(1)) as f64;
    let i = idx as usize; // idx >= 0: truncation is floor
    let lower = sorted.get(i).copied().unwrap_or(f64::NAN);
    if i as f64 == idx {
        return lower;
    }
    // idx is not an integer and at most n − 1, so i + 1 <= n − 1.
    let upper = sorted.get(i + 1).copied().unwrap_or(lower);
    let w_lower = (i + 1) as f64 - idx;
    let w_upper = idx - i as f64;
    (lower * w_lower + upper * w_upper) / (w_lower + w_upper)
}

/// mapclassify `quantile`: percentiles at `np.arange(w, 100 + w, w)` with `w = 100 / k` (the
/// last capped at 100), de-duplicated by exact equality and sorted, as `np.unique` does.
fn quantile_bins(sorted: &[f64], k: usize) -> Vec<f64> {
    let w = 100.0 / k as f64;
    let mut pct = arange(w, 100.0 + w, w);
    if let Some(last) = pct.last_mut()
        && *last > 100.0
    {
        *last = 100.0;
    }
    let mut bins: Vec<f64> = pct
        .into_iter()
        .map(|p| score_at_percentile(sorted, p))
        .collect();
    bins.sort_by(f64::total_cmp);
    bins.dedup_by(|a, b| a == b);
    bins
}

/// `np.arange(start, stop, step)` for float64 with numpy's arithmetic: length
/// `ceil((stop − start) / step)`, elements `start`, `start + step`, then `start + i·delta` with
/// `delta = (start + step) − start`.
fn arange(start: f64, stop: f64, step: f64) -> Vec<f64> {
    let len = ((stop - start) / step).ceil();
    if !len.is_finite() || len <= 0.0 {
        return Vec::new();
    }
    let len = len as usize;
    let second = start + step;
    let delta = second - start;
    (0..len)
        .map(|i| match i {
            0 => start,
            1 => second,
            _ => start + i as f64 * delta,
        })
        .collect()
}

/// mapclassify `EqualInterval`: `np.arange(min + w, max + w, w)` with `w = (max − min) / k`,
/// cut to `k` elements, last set to the maximum. Errors on all-equal data like mapclassify.
fn equal_interval_bins(min: f64, max: f64, k: usize) -> Result<Vec<f64>, ClassifyError> {
    if min == max {
        return Err(ClassifyError::AllEqual(min));
    }
    let range = max - min;
    if !range.is_finite() {
        return Err(ClassifyError::Overflow);
    }
    let width = range / k as f64;
    let mut cuts = arange(min + width, max + width, width);
    cuts.truncate(k);
    match cuts.last_mut() {
        Some(last) => *last = max,
        None => return Err(ClassifyError::Overflow),
    }
    Ok(cuts)
}

/// mapclassify `FisherJenks`: the exact optimum (Wang & Song dynamic program via `ckmeans`);
/// each bin is the largest value of its cluster. Fewer distinct values than `k` is an error,
/// as in mapclassify.
fn fisher_jenks_bins(sorted: &[f64], k: usize) -> Result<Vec<f64>, ClassifyError> {
    let distinct = 1 + sorted.windows(2).filter(|w| w[0] != w[1]).count();
    if distinct < k {
        return Err(ClassifyError::TooFewDistinct { distinct, k });
    }
    let nclusters = u8::try_from(k).map_err(|_| ClassifyError::ClassCount(k))?;
    // The dynamic program sums squares, which overflow above ~1e150 and vanish below ~1e-160;
    // its costs are then meaningless and it splits clusters anywhere, ties included. Such
    // values are clustered scaled by a power of two so that the largest magnitude is about 1
    // (exact, unless values span more than ~300 orders of magnitude); bins are the unscaled
    // values. Values of ordinary magnitude are clustered as they are.
    let largest = sorted.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let scaled: Vec<f64>;
    let input = if !(1e-100..=1e100).contains(&largest) {
        let factor = (-largest.log2().floor()).exp2();
        scaled = sorted.iter().map(|v| v * factor).collect();
        &scaled
    } else {
        sorted
    };
    let (_, ranges) = ckmeans::ckmeans_indices(input, nclusters)
        .map_err(|e| ClassifyError::FisherJenks(e.to_string()))?;
    let mut bins = ranges
        .iter()
        .map(|&(_, end)| {
            sorted
                .get(end)
                .copied()
                .ok_or_else(|| ClassifyError::FisherJenks(format!("Cluster endet bei {end}")))
        })
        .collect::<Result<Vec<f64>, _>>()?;
    // Values spanning hundreds of orders of magnitude can still tie in the scaled costs, and
    // the program may then split equal values into two clusters: merge such classes, so
    // that every class is non-empty and the bins strictly ascend.
    bins.dedup();
    Ok(bins)
}

/// mapclassify `StdMean` with the default multiples: `mean + m·sd` for `m` in
/// [`STD_MEAN_MULTIPLES`] (sample standard deviation, ddof = 1), then the maximum if the last
/// cut lies below it. Mean and deviation are computed from `values` in input order with numpy's
/// pairwise summation, so that they agree with numpy to the bit.
fn std_mean_bins(values: &[f64], max: f64) -> Result<Vec<f64>, ClassifyError> {
    let n = values.len();
    if n < 2 {
        return Err(ClassifyError::TooFewForStdDev);
    }
    let mut mean = numpy_sum(values, |v| v) / n as f64;
    let var = numpy_sum(values, |v| (v - mean) * (v - mean)) / (n - 1) as f64;
    let mut sd = var.sqrt();
    if !(mean.is_finite() && sd.is_finite()) {
        // numpy overflows here (a sum or a squared deviation beyond f64::MAX, from values
        // above ~1e154) although mean and deviation are representable: compute them on the
        // values scaled into [-1, 1]. Only reached where numpy's result is not finite.
        (mean, sd) = scaled_mean_sd(values);
    }
    let mut cuts: Vec<f64> = STD_MEAN_MULTIPLES.iter().map(|m| mean + sd * m).collect();
    if cuts.last().is_some_and(|&last| last < max) {
        cuts.push(max);
    }
    Ok(cuts)
}

/// Mean and sample standard deviation (ddof = 1) of finite values, computed on the values
/// divided by the largest magnitude so that no intermediate sum overflows.
fn scaled_mean_sd(values: &[f64]) -> (f64, f64) {
    let scale = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = numpy_sum(values, |v| v / scale) / n;
    let var = numpy_sum(values, |v| (v / scale - mean) * (v / scale - mean)) / (n - 1.0);
    (mean * scale, var.sqrt() * scale)
}

/// mapclassify `BoxPlot` with hinge 1.5: lower fence, q1, median, q3, upper fence, and the
/// maximum only if it lies above the upper fence (then the sixth class holds upper outliers);
/// otherwise the upper fence is the last bin.
fn box_plot_bins(sorted: &[f64]) -> Vec<f64> {
    let q1 = score_at_percentile(sorted, 25.0);
    let q2 = score_at_percentile(sorted, 50.0);
    let q3 = score_at_percentile(sorted, 75.0);
    let max = score_at_percentile(sorted, 100.0);
    let pivot = BOX_HINGE * (q3 - q1);
    let left_fence = q1 - pivot;
    let right_fence = q3 + pivot;
    let mut bins = vec![left_fence, q1, q2, q3, right_fence];
    if right_fence < max {
        bins.push(max);
    }
    bins
}

/// mapclassify `UserDefined`: the breaks, plus the maximum if the last break lies below it.
/// Breaks must be finite and strictly ascending, and give at most [`MAX_CLASSES`] classes.
fn manual_bins(manual: &[f64], max: f64) -> Result<Vec<f64>, ClassifyError> {
    let Some(&last) = manual.last() else {
        return Err(ClassifyError::NoManualBreaks);
    };
    if manual.iter().any(|b| !b.is_finite()) {
        return Err(ClassifyError::NonFiniteManual);
    }
    if manual.windows(2).any(|w| w[0] >= w[1]) {
        return Err(ClassifyError::ManualNotAscending);
    }
    let mut bins = manual.to_vec();
    if last < max {
        bins.push(max);
    }
    if bins.len() > MAX_CLASSES {
        return Err(ClassifyError::TooManyManualClasses(bins.len()));
    }
    Ok(bins)
}

/// Values per class for ascending `bins`: class `i` holds `bins[i−1] < v <= bins[i]` (mapclassify
/// `bin1d`); values above the last bin are counted in the last class, like [`Classification::class_of`].
fn class_counts(sorted: &[f64], bins: &[f64]) -> Vec<usize> {
    let mut counts = Vec::with_capacity(bins.len());
    let mut below = 0;
    for b in bins {
        let upto = sorted.partition_point(|v| v.partial_cmp(b) != Some(Ordering::Greater));
        counts.push(upto.saturating_sub(below));
        below = below.max(upto);
    }
    if let Some(last) = counts.last_mut() {
        *last += sorted.len() - below;
    }
    counts
}

/// `np.add.reduce` over `f(v)` for a contiguous float64 array: numpy's pairwise summation
/// (blocks of at most 128 values summed with eight accumulators, larger ranges halved at a
/// multiple of 8), added to the identity 0.
fn numpy_sum(values: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
    0.0 + pairwise_sum(values, f)
}

fn pairwise_sum(values: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
    const BLOCK: usize = 128;
    let n = values.len();
    if n < 8 {
        values.iter().fold(-0.0, |acc, &v| acc + f(v))
    } else if n <= BLOCK {
        let full = n - n % 8;
        let mut r = [0.0; 8];
        for (acc, &v) in r.iter_mut().zip(values) {
            *acc = f(v);
        }
        for chunk in values[8..full].chunks_exact(8) {
            for (acc, &v) in r.iter_mut().zip(chunk) {
                *acc += f(v);
            }
        }
        let head = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        values[full..].iter().fold(head, |acc, &v| acc + f(v))
    } else {
        let half = n / 2;
        let split = half - half % 8;
        let (a, b) = values.split_at(split);
        pairwise_sum(a, f) + pairwise_sum(b, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIES: [f64; 10] = [1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0];

    fn run(values: &[f64], method: Method, k: usize) -> Classification {
        classify(values, method, k, &[]).unwrap()
    }

    fn integers(n: u32) -> Vec<f64> {
        (0..n).map(f64::from).collect()
    }

    #[test]
    fn method_names_round_trip_and_every_method_is_listed_once() {
        for m in Method::ALL {
            assert_eq!(Method::from_cli_name(m.cli_name()), Some(m));
            assert_eq!(Method::ALL.iter().filter(|&&x| x == m).count(), 1);
            assert!(!m.label_de().is_empty() && !m.label_en().is_empty());
        }
        assert_eq!(Method::from_cli_name("Quantile"), None);
        let with_k: Vec<_> = Method::ALL.into_iter().filter(|m| m.uses_k()).collect();
        assert_eq!(
            with_k,
            [Method::Quantile, Method::EqualInterval, Method::FisherJenks]
        );
    }

    #[test]
    fn empty_input_is_an_error_for_every_method() {
        for m in Method::ALL {
            assert_eq!(classify(&[], m, 5, &[1.0]), Err(ClassifyError::Empty));
        }
        assert_eq!(
            ClassifyError::Empty.to_string(),
            "Keine Werte zum Klassifizieren"
        );
    }

    #[test]
    fn a_non_finite_value_is_an_error_naming_its_position() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = classify(&[1.0, 2.0, bad, 4.0], Method::Quantile, 3, &[]).unwrap_err();
            assert!(matches!(err, ClassifyError::NonFinite { index: 2, .. }));
            assert!(err.to_string().starts_with("Wert Nr. 3 "), "{err}");
        }
    }

    #[test]
    fn class_count_outside_3_to_9_is_rejected_only_for_methods_with_k() {
        let v = integers(20);
        for m in Method::ALL.into_iter().filter(|m| m.uses_k()) {
            assert_eq!(classify(&v, m, 2, &[]), Err(ClassifyError::ClassCount(2)));
            assert_eq!(classify(&v, m, 10, &[]), Err(ClassifyError::ClassCount(10)));
            assert_eq!(run(&v, m, 3).k(), 3);
            assert_eq!(run(&v, m, 9).k(), 9);
        }
        assert_eq!(
            ClassifyError::ClassCount(12).to_string(),
            "Klassenzahl muss zwischen 3 und 9 liegen (angegeben: 12)"
        );
        // Methods without k ignore it.
        assert_eq!(run(&v, Method::Percentiles, 0).k(), 6);
    }

    #[test]
    fn ties_collapse_quantile_classes_like_mapclassify() {
        // mapclassify 2.10: Quantiles(TIES, k=5).bins == [1, 2, 3.8, 9, 21].
        let c = run(&TIES, Method::Quantile, 5);
        assert_eq!(c.bins, [1.0, 2.0, 3.799999999999999, 9.0, 21.0]);
        assert_eq!(c.counts, [3, 2, 1, 2, 2]);
        // k = 9 asks for nine breaks, several of them fall on the tied values and collapse;
        // one interpolates to an ulp below 2.0 and stays a separate, empty class.
        let c = run(&TIES, Method::Quantile, 9);
        assert_eq!(c.k(), 8);
        assert_eq!(c.bins[1], 1.9999999999999991);
        assert_eq!(c.counts, [3, 0, 2, 1, 1, 0, 2, 1]);
    }

    #[test]
    fn all_equal_values_give_one_quantile_class_and_no_equal_intervals() {
        let v = [4.2; 7];
        let c = run(&v, Method::Quantile, 5);
        assert_eq!(
            (c.bins.as_slice(), c.counts.as_slice()),
            (&[4.2][..], &[7][..])
        );
        assert_eq!(
            classify(&v, Method::EqualInterval, 5, &[]),
            Err(ClassifyError::AllEqual(4.2))
        );
        assert_eq!(
            classify(&v, Method::FisherJenks, 3, &[]),
            Err(ClassifyError::TooFewDistinct { distinct: 1, k: 3 })
        );
        let sd = run(&v, Method::StdMean, 0);
        assert_eq!((sd.bins, sd.counts), (vec![4.2; 4], vec![7, 0, 0, 0]));
        let b = run(&v, Method::BoxPlot, 0);
        assert_eq!((b.bins, b.counts), (vec![4.2; 5], vec![7, 0, 0, 0, 0]));
    }

    #[test]
    fn a_single_value_classifies_where_mapclassify_does_and_errors_elsewhere() {
        let v = [7.5];
        let c = run(&v, Method::Quantile, 3);
        assert_eq!((c.k(), c.n, c.min, c.max), (1, 1, 7.5, 7.5));
        assert_eq!(run(&v, Method::Percentiles, 0).counts, [1, 0, 0, 0, 0, 0]);
        assert_eq!(run(&v, Method::BoxPlot, 0).counts, [1, 0, 0, 0, 0]);
        assert_eq!(
            classify(&v, Method::StdMean, 0, &[]),
            Err(ClassifyError::TooFewForStdDev)
        );
        assert!(classify(&v, Method::EqualInterval, 3, &[]).is_err());
        assert!(classify(&v, Method::FisherJenks, 3, &[]).is_err());
        let m = classify(&v, Method::Manual, 0, &[7.5]).unwrap();
        assert_eq!((m.bins, m.counts), (vec![7.5], vec![1]));
    }

    #[test]
    fn equal_intervals_put_a_value_on_a_break_into_the_lower_class() {
        let c = run(&integers(101), Method::EqualInterval, 5);
        assert_eq!(c.bins, [20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(c.counts, [21, 20, 20, 20, 20]);
        assert_eq!(c.class_of(20.0), 0);
        assert_eq!(c.class_of(20.000001), 1);
    }

    #[test]
    fn equal_intervals_follow_numpy_arange_arithmetic() {
        // np.arange(min + w, max + w, w) for min 2, max 8, k 9; the 3rd break is
        // 3.9999999999999996 in numpy, not 4.0.
        let c = run(
            &[2.0, 2.0, 4.0, 4.0, 4.0, 6.0, 8.0, 8.0],
            Method::EqualInterval,
            9,
        );
        assert_eq!(c.bins[2], 3.9999999999999996);
        assert_eq!(c.counts, [2, 0, 0, 3, 0, 0, 1, 0, 2]);
    }

    #[test]
    fn fisher_jenks_finds_separated_clusters_and_bins_are_their_maxima() {
        let v = [1.0, 1.2, 0.9, 10.0, 10.5, 9.8, 30.0, 31.0, 29.5, 30.2];
        let c = run(&v, Method::FisherJenks, 3);
        assert_eq!(c.bins, [1.2, 10.5, 31.0]);
        assert_eq!(c.counts, [3, 3, 4]);
    }

    #[test]
    fn fisher_jenks_with_fewer_distinct_values_than_classes_is_an_error() {
        let err = classify(&TIES, Method::FisherJenks, 9, &[]).unwrap_err();
        assert_eq!(err, ClassifyError::TooFewDistinct { distinct: 7, k: 9 });
        assert!(
            err.to_string()
                .contains("Nur 7 verschiedene Werte für 9 Klassen")
        );
        // Exactly as many distinct values as classes: one class per value.
        let c = run(&TIES, Method::FisherJenks, 7);
        assert_eq!(c.bins, [1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0]);
        assert_eq!(c.counts, [3, 2, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn std_mean_appends_the_maximum_only_above_mean_plus_two_sd() {
        // Mean 5.6, sd 6.6153...: mean + 2 sd = 18.93 < 21, so the max is appended.
        let c = run(&TIES, Method::StdMean, 0);
        assert_eq!(c.k(), 5);
        assert_eq!(c.bins[4], 21.0);
        assert_eq!(c.counts, [0, 0, 8, 1, 1]);
        // Symmetric data: mean + 2 sd lies above the max; four bins, last not the max.
        let c = run(&[1.0, 2.0, 3.0, 4.0, 5.0], Method::StdMean, 0);
        assert_eq!(c.k(), 4);
        assert!(c.bins[3] > c.max);
        assert_eq!(c.counts, [0, 1, 3, 1]);
        assert_eq!(c.class_label_de(2), Some("−1 σ bis +1 σ"));
    }

    #[test]
    fn box_map_has_a_sixth_class_only_with_upper_outliers() {
        let c = run(&integers(101), Method::BoxPlot, 0);
        assert_eq!(c.bins, [-50.0, 25.0, 50.0, 75.0, 150.0]);
        assert_eq!(c.counts, [0, 26, 25, 25, 25]);
        let mut v = integers(101);
        v.extend([-500.0, 900.0]);
        let c = run(&v, Method::BoxPlot, 0);
        assert_eq!(c.k(), 6);
        assert_eq!(c.bins[5], 900.0);
        assert_eq!((c.counts[0], c.counts[5]), (1, 1));
        assert_eq!(c.class_label_de(0), Some("Unterer Ausreißer"));
        assert_eq!(c.class_label_de(5), Some("Oberer Ausreißer"));
        assert_eq!(c.class_label_de(6), None);
        assert_eq!(box_class_labels_de()[5], "Oberer Ausreißer");
    }

    #[test]
    fn box_map_counts_a_value_on_the_lower_fence_as_an_outlier() {
        // q1 = 2, q3 = 4, IQR 2, lower fence -1: a value of exactly -1 is in class 0 (v <= bin).
        let v = [-1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0];
        let c = run(&v, Method::BoxPlot, 0);
        assert_eq!(c.bins[0], -1.0);
        assert_eq!(c.counts[0], 1);
    }

    #[test]
    fn percentile_map_keeps_duplicate_bins_as_empty_classes() {
        let c = run(&TIES, Method::Percentiles, 0);
        assert_eq!(c.bins, [1.0, 1.0, 2.5, 13.799999999999997, 20.28, 21.0]);
        assert_eq!(c.counts, [3, 0, 2, 4, 0, 1]);
        assert_eq!(c.class_label_de(5), Some("> 99 %"));
    }

    #[test]
    fn manual_breaks_below_the_maximum_get_the_maximum_appended() {
        let c = classify(&TIES, Method::Manual, 0, &[1.0, 2.0, 5.0]).unwrap();
        assert_eq!(c.bins, [1.0, 2.0, 5.0, 21.0]);
        assert_eq!(c.counts, [3, 2, 2, 3]);
        let c = classify(&TIES, Method::Manual, 0, &[0.0, 3.0, 30.0]).unwrap();
        assert_eq!(c.bins, [0.0, 3.0, 30.0]);
        assert_eq!(c.counts, [0, 6, 4]);
    }

    #[test]
    fn manual_breaks_are_validated() {
        let m = |b: &[f64]| classify(&TIES, Method::Manual, 0, b);
        assert_eq!(m(&[]), Err(ClassifyError::NoManualBreaks));
        assert_eq!(m(&[1.0, f64::NAN]), Err(ClassifyError::NonFiniteManual));
        assert_eq!(m(&[3.0, 2.0]), Err(ClassifyError::ManualNotAscending));
        assert_eq!(m(&[2.0, 2.0]), Err(ClassifyError::ManualNotAscending));
        assert_eq!(
            ClassifyError::ManualNotAscending.to_string(),
            "Manuelle Grenzen müssen aufsteigend sein"
        );
        let nine: Vec<f64> = (1..=9).map(f64::from).collect();
        assert_eq!(m(&nine), Err(ClassifyError::TooManyManualClasses(10)));
        assert_eq!(m(&nine[..8]).unwrap().k(), 9);
    }

    #[test]
    fn class_of_is_closed_above_and_clamps_values_beyond_the_last_bin() {
        let c = classify(&TIES, Method::Manual, 0, &[1.0, 2.0, 5.0]).unwrap();
        assert_eq!(c.class_of(-100.0), 0);
        assert_eq!(c.class_of(1.0), 0);
        assert_eq!(c.class_of(1.5), 1);
        assert_eq!(c.class_of(5.0), 2);
        assert_eq!(c.class_of(21.0), 3);
        assert_eq!(c.class_of(1e9), 3);
        assert_eq!(c.lower_bound(0), 1.0);
        assert_eq!(c.lower_bound(2), 2.0);
        assert_eq!(c.upper_bound(3), 21.0);
        assert_eq!(c.lower_bound(99), 21.0);
    }

    #[test]
    fn counts_agree_with_class_of_and_sum_to_n_for_every_method() {
        let v: Vec<f64> = (0..500)
            .map(|i| (f64::from(i) * 0.37).sin() * 40.0 + f64::from(i % 7))
            .collect();
        for m in Method::ALL {
            let c = classify(&v, m, 6, &[-10.0, 0.0, 10.0]).unwrap();
            assert_eq!(c.counts.iter().sum::<usize>(), c.n, "{m:?}");
            assert_eq!(c.counts.len(), c.k(), "{m:?}");
            assert!(c.bins.windows(2).all(|w| w[0] <= w[1]), "{m:?}");
            let mut by_class = vec![0; c.k()];
            for &x in &v {
                by_class[c.class_of(x)] += 1;
            }
            assert_eq!(by_class, c.counts, "{m:?}");
        }
    }

    #[test]
    fn extreme_magnitudes_classify_or_report_overflow() {
        let tiny: Vec<f64> = (1..=50).map(|i| f64::from(i) * 1e-300).collect();
        for m in Method::ALL.into_iter().filter(|&m| m != Method::Manual) {
            let c = run(&tiny, m, 5);
            assert_eq!(c.counts.iter().sum::<usize>(), 50, "{m:?}");
        }
        let huge = [-1e308, 0.0, 1e308];
        assert_eq!(
            classify(&huge, Method::EqualInterval, 3, &[]),
            Err(ClassifyError::Overflow)
        );
        assert_eq!(
            classify(&huge, Method::StdMean, 0, &[]),
            Err(ClassifyError::Overflow)
        );
        let c = run(&huge, Method::FisherJenks, 3);
        assert_eq!(c.bins, huge);
        let c = run(&huge, Method::Quantile, 3);
        assert_eq!(c.counts.iter().sum::<usize>(), 3);
    }

    // The next three cases were found by the property tests in tests/classify_props.rs.

    #[test]
    fn std_mean_of_values_whose_squares_overflow_is_still_computed() {
        // numpy's squared deviations overflow (≈1e373); mean and sd are representable.
        let v = [0.0, -6.860303418033652e186];
        let c = run(&v, Method::StdMean, 0);
        let (mean, sd) = (v[1] / 2.0, -v[1] / 2.0_f64.sqrt());
        let rel = |a: f64, b: f64| ((a - b) / b).abs();
        assert!(rel(c.bins[1], mean - sd) < 1e-12, "{:?}", c.bins);
        assert!(rel(c.bins[2], mean + sd) < 1e-12, "{:?}", c.bins);
        assert_eq!(c.counts, [0, 0, 2, 0]);
        // Where the breaks themselves exceed f64, it stays an overflow.
        assert_eq!(
            classify(&[-1e308, 1e308], Method::StdMean, 0, &[]),
            Err(ClassifyError::Overflow)
        );
    }

    #[test]
    fn fisher_jenks_never_splits_equal_values_even_across_hundreds_of_magnitudes() {
        let cases: [(&[f64], usize); 2] = [
            (
                &[
                    1.6803726490247534e224,
                    3.6305608947529298e19,
                    -0.0,
                    -9.660106139620915e-309,
                    3.4902730345807036e251,
                    -1.737636147278217e211,
                    0.0,
                    1.4991930495961477e-120,
                ],
                7,
            ),
            (
                &[
                    0.0,
                    -0.0,
                    2.7052461340313184e-22,
                    -6.0437433643721994e134,
                    1.6794338773186682e-153,
                    2.7024375074866646e242,
                    1.6838317384121523e-273,
                    -8.503681226187564e283,
                ],
                5,
            ),
        ];
        for (v, k) in cases {
            let c = run(v, Method::FisherJenks, k);
            assert!(c.bins.windows(2).all(|w| w[0] < w[1]), "{:?}", c.bins);
            assert!(c.counts.iter().all(|&n| n > 0), "{:?}", c.counts);
            assert_eq!(c.counts.iter().sum::<usize>(), v.len());
        }
    }

    #[test]
    fn fisher_jenks_of_tiny_values_equals_that_of_the_same_values_at_unit_scale() {
        let v: Vec<f64> = [1, 2, 3, 10, 11, 12, 30, 31, 60, 61, 62, 63]
            .iter()
            .map(|&i| f64::from(i))
            .collect();
        let tiny: Vec<f64> = v.iter().map(|x| x * 1e-200).collect();
        let huge: Vec<f64> = v.iter().map(|x| x * 1e200).collect();
        let c = run(&v, Method::FisherJenks, 4);
        assert_eq!(c.bins, [3.0, 12.0, 31.0, 63.0]);
        for scaled in [tiny, huge] {
            let s = run(&scaled, Method::FisherJenks, 4);
            assert_eq!(s.counts, c.counts, "{:?}", s.bins);
        }
    }

    #[test]
    fn sums_follow_numpy_pairwise_summation() {
        // numpy 2.4: np.array([0.1] * 1000).sum() == 100.00000000000001, whereas a plain
        // left-to-right sum gives 99.9999999999986.
        let v = vec![0.1; 1000];
        assert_eq!(numpy_sum(&v, |x| x), 100.00000000000001);
        assert_eq!(v.iter().sum::<f64>(), 99.9999999999986);
        assert_eq!(numpy_sum(&[], |x| x), 0.0);
        assert_eq!(numpy_sum(&[1.0, 2.0, 3.0], |x| x * x), 14.0);
    }

    #[test]
    fn percentiles_interpolate_linearly_like_scipy() {
        let v = integers(1000);
        assert_eq!(score_at_percentile(&v, 25.0), 249.75);
        assert_eq!(score_at_percentile(&v, 100.0), 999.0);
        assert_eq!(score_at_percentile(&v, 0.0), 0.0);
        assert_eq!(score_at_percentile(&[3.0], 50.0), 3.0);
    }

    #[test]
    fn pearson_r_of_perfect_and_degenerate_pairs() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson_r(&xs, &[2.0, 4.0, 6.0, 8.0]).unwrap() - 1.0).abs() < 1e-12);
        assert!((pearson_r(&xs, &[8.0, 6.0, 4.0, 2.0]).unwrap() + 1.0).abs() < 1e-12);
        let r = pearson_r(&xs, &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((r - 0.8).abs() < 1e-12, "{r}");
        assert_eq!(pearson_r(&xs[..2], &[1.0, 2.0]), None);
        assert_eq!(pearson_r(&xs, &[5.0; 4]), None);
        assert_eq!(pearson_r(&xs, &[1.0, 2.0, 3.0]), None);
        assert_eq!(pearson_r(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]), None);
    }
}
