//! numpy's and scipy's float arithmetic reproduced to the bit, so that breaks agree with
//! mapclassify on values that sit exactly on a break: `scoreatpercentile`, `np.arange` and the
//! pairwise summation of `np.add.reduce`. Pure arithmetic on slices; knows no method.

/// `scipy.stats.scoreatpercentile(sorted, per)` with the default 'fraction' interpolation, with
/// scipy's exact arithmetic: index `per / 100 · (n − 1)`, weights `(j − idx, idx − i)` and the
/// weighted sum divided by the sum of the weights. `sorted` must be non-empty and ascending.
pub(super) fn score_at_percentile(sorted: &[f64], per: f64) -> f64 {
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

/// `np.arange(start, stop, step)` for float64 with numpy's arithmetic: length
/// `ceil((stop − start) / step)`, elements `start`, `start + step`, then `start + i·delta` with
/// `delta = (start + step) − start`.
pub(super) fn arange(start: f64, stop: f64, step: f64) -> Vec<f64> {
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

/// `np.add.reduce` over `f(v)` for a contiguous float64 array: numpy's pairwise summation
/// (blocks of at most 128 values summed with eight accumulators, larger ranges halved at a
/// multiple of 8), added to the identity 0.
pub(super) fn numpy_sum(values: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
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
