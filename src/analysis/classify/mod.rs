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

mod english;
#[cfg(test)]
mod tests;
