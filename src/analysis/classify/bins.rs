//! The class breaks of each method, as mapclassify computes them (see the module
//! documentation of `classify` for the definitions), and the values per class. Must not
//! validate the input values (see [`classify`](super::classify)).

use std::cmp::Ordering;

use super::numpy::{arange, numpy_sum, score_at_percentile};
use super::{BOX_HINGE, ClassifyError, MAX_CLASSES, STD_MEAN_MULTIPLES};

/// mapclassify `quantile`: percentiles at `np.arange(w, 100 + w, w)` with `w = 100 / k` (the
/// last capped at 100), de-duplicated by exact equality and sorted, as `np.unique` does.
pub(super) fn quantile_bins(sorted: &[f64], k: usize) -> Vec<f64> {
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

/// mapclassify `EqualInterval`: `np.arange(min + w, max + w, w)` with `w = (max − min) / k`,
/// cut to `k` elements, last set to the maximum. Errors on all-equal data like mapclassify.
pub(super) fn equal_interval_bins(min: f64, max: f64, k: usize) -> Result<Vec<f64>, ClassifyError> {
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
pub(super) fn fisher_jenks_bins(sorted: &[f64], k: usize) -> Result<Vec<f64>, ClassifyError> {
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
pub(super) fn std_mean_bins(values: &[f64], max: f64) -> Result<Vec<f64>, ClassifyError> {
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
pub(super) fn box_plot_bins(sorted: &[f64]) -> Vec<f64> {
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
pub(super) fn manual_bins(manual: &[f64], max: f64) -> Result<Vec<f64>, ClassifyError> {
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
/// `bin1d`); values above the last bin are counted in the last class, like [`Classification::class_of`](super::Classification::class_of).
pub(super) fn class_counts(sorted: &[f64], bins: &[f64]) -> Vec<usize> {
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
