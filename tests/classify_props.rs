//! Properties of the classification (src/analysis/classify/) on arbitrary finite values:
//! ordinary numbers, heavy ties, constant data, tiny (down to subnormal) and huge magnitudes,
//! and fewer values than classes.
//!
//! For every method, whenever `classify` succeeds:
//! - there is at least one class; `bins`, `counts` have one entry per class; all bins finite;
//! - the bins are **non-decreasing** for every method. They are **strictly ascending** for
//!   `Quantile` (duplicates removed), `FisherJenks` (one bin per cluster maximum) and `Manual`
//!   (breaks must be strictly ascending; the maximum is appended only above the last break).
//!   `EqualInterval`, `StdMean`, `BoxPlot` and `Percentiles` may repeat a bin: ties, a zero
//!   standard deviation or an interval width below the resolution of the values give equal
//!   breaks, which are empty classes;
//! - no value lies above the last bin, and every value falls in exactly one class: the class
//!   `i = class_of(v)` is the only one with `bins[i-1] < v <= bins[i]` (class 0: `v <= bins[0]`);
//! - the counts are exactly the number of values per class and sum to `n`; `n`, `min`, `max`
//!   describe the input;
//! - methods with `k` give at most `k` classes; Fisher-Jenks exactly `k` whenever distinct
//!   values differ by at least a millionth of the largest magnitude (closer ones its sums of
//!   squares cannot separate, and such classes are merged).
//!
//! And `classify` fails only where the module documents it: equal intervals on all-equal data,
//! Fisher-Jenks with fewer distinct values than classes, the standard deviation of a single
//! value, and an overflow only for values near the largest `f64`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use proptest::prelude::*;
use proptest::test_runner::Config;
use sozialatlas::analysis::classify::{
    Classification, ClassifyError, MAX_CLASSES, MIN_CLASSES, Method, classify,
};

/// Values of any finite magnitude, from subnormal to `f64::MAX`, both signs and zero.
fn any_finite() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO
}

fn values() -> impl Strategy<Value = Vec<f64>> {
    let n = 1..80usize;
    prop_oneof![
        // Indicator-like values.
        prop::collection::vec(-1e4..1e4f64, n.clone()),
        // Heavy ties: few distinct values.
        prop::collection::vec((-2i8..3).prop_map(f64::from), n.clone()),
        // Constant data.
        (any_finite(), n.clone()).prop_map(|(v, n)| vec![v; n]),
        // Tiny magnitudes, including subnormals.
        prop::collection::vec(-1e-300..1e-300f64, n.clone()),
        // Large offsets with small differences (breaks below the resolution of the values).
        prop::collection::vec((0u8..4).prop_map(|d| 1e16 + 2.0 * f64::from(d)), n.clone()),
        // Huge magnitudes.
        prop::collection::vec(-1e307..1e307f64, n.clone()),
        // Anything finite.
        prop::collection::vec(any_finite(), n),
    ]
}

/// Strictly ascending manual breaks, one to eight of them (with the appended maximum at most
/// [`MAX_CLASSES`] classes).
fn manual_breaks() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1e4..1e4f64, 1..=MAX_CLASSES - 1).prop_map(|mut b| {
        b.sort_by(f64::total_cmp);
        b.dedup();
        b
    })
}

fn strictly_ascending(method: Method) -> bool {
    matches!(
        method,
        Method::Quantile | Method::FisherJenks | Method::Manual
    )
}

/// Check every invariant of a successful classification of `values`.
fn check(values: &[f64], c: &Classification) -> Result<(), TestCaseError> {
    let m = c.method;
    prop_assert!(c.k() >= 1, "{m:?}: no class");
    prop_assert_eq!(c.counts.len(), c.k(), "{:?}", m);
    prop_assert!(c.bins.iter().all(|b| b.is_finite()), "{m:?}: {:?}", c.bins);
    for w in c.bins.windows(2) {
        if strictly_ascending(m) {
            prop_assert!(
                w[0] < w[1],
                "{m:?}: bins not strictly ascending {:?}",
                c.bins
            );
        } else {
            prop_assert!(w[0] <= w[1], "{m:?}: bins not ascending {:?}", c.bins);
        }
    }
    prop_assert_eq!(c.n, values.len());
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    prop_assert_eq!(c.min, min);
    prop_assert_eq!(c.max, max);
    let last = c.bins[c.k() - 1];
    prop_assert!(max <= last, "{m:?}: max {max} above the last bin {last}");

    let mut histogram = vec![0usize; c.k()];
    for &v in values {
        let i = c.class_of(v);
        prop_assert!(i < c.k());
        prop_assert!(
            v <= c.bins[i],
            "{m:?}: {v} above its class {i}: {:?}",
            c.bins
        );
        if i > 0 {
            prop_assert!(
                v > c.bins[i - 1],
                "{m:?}: {v} not above class {i}: {:?}",
                c.bins
            );
        }
        // Exactly one class: no other class's interval (bins[j-1], bins[j]] holds v.
        let holders = (0..c.k())
            .filter(|&j| v <= c.bins[j] && (j == 0 || v > c.bins[j - 1]))
            .count();
        prop_assert_eq!(
            holders,
            1,
            "{:?}: {} in {} classes: {:?}",
            m,
            v,
            holders,
            &c.bins
        );
        histogram[i] += 1;
    }
    prop_assert_eq!(&histogram, &c.counts, "{:?}", m);
    prop_assert_eq!(c.counts.iter().sum::<usize>(), values.len());
    Ok(())
}

/// Whether every two distinct values differ by at least a millionth of the largest magnitude.
/// Fisher-Jenks compares sums of squares; below that, differences vanish in rounding
/// (relative precision ~1e-16 of squares) and the classes the arithmetic cannot tell apart
/// are merged.
fn resolvable(values: &[f64]) -> bool {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let largest = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    sorted
        .windows(2)
        .filter(|w| w[0] != w[1])
        .all(|w| w[1] - w[0] >= largest * 1e-6)
}

/// Whether an error is one the method documents for these values.
fn expected_error(values: &[f64], method: Method, k: usize, e: &ClassifyError) -> bool {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let distinct = 1 + sorted.windows(2).filter(|w| w[0] != w[1]).count();
    let largest = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    match (method, e) {
        (Method::EqualInterval, ClassifyError::AllEqual(_)) => distinct == 1,
        (Method::FisherJenks, ClassifyError::TooFewDistinct { distinct: d, k: kk }) => {
            *d == distinct && *kk == k && distinct < k
        }
        (Method::StdMean, ClassifyError::TooFewForStdDev) => values.len() < 2,
        (_, ClassifyError::Overflow) => largest > 1e300,
        _ => false,
    }
}

proptest! {
    // Failing cases are kept as unit tests in src/analysis/classify/tests.rs, not in a regressions file.
    #![proptest_config(Config { cases: 512, failure_persistence: None, ..Config::default() })]

    #[test]
    fn every_method_gives_ordered_breaks_and_puts_every_value_in_one_class(
        values in values(),
        k in MIN_CLASSES..=MAX_CLASSES,
        manual in manual_breaks(),
    ) {
        for method in Method::ALL {
            match classify(&values, method, k, &manual) {
                Ok(c) => {
                    prop_assert_eq!(c.method, method);
                    if method.uses_k() {
                        prop_assert!(c.k() <= k, "{:?}: {} classes for k = {}", method, c.k(), k);
                    }
                    // Exactly k natural classes when the values can be told apart.
                    if method == Method::FisherJenks && resolvable(&values) {
                        prop_assert_eq!(c.k(), k);
                    }
                    check(&values, &c)?;
                }
                Err(e) => prop_assert!(
                    expected_error(&values, method, k, &e),
                    "{:?}, k = {}: unexpected error {:?}", method, k, e
                ),
            }
        }
    }

    #[test]
    fn non_finite_values_and_invalid_manual_breaks_are_errors_never_panics(
        mut values in prop::collection::vec(-1e4..1e4f64, 1..30),
        at in any::<prop::sample::Index>(),
        bad in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
        breaks in prop::collection::vec(prop_oneof![-1e4..1e4f64, Just(f64::NAN)], 0..12),
    ) {
        let manual = classify(&values, Method::Manual, 0, &breaks);
        let valid_breaks = !breaks.is_empty()
            && breaks.iter().all(|b| b.is_finite())
            && breaks.windows(2).all(|w| w[0] < w[1]);
        prop_assert_eq!(manual.is_ok(), valid_breaks && breaks.len() < MAX_CLASSES
            || valid_breaks && breaks.len() == MAX_CLASSES
                && values.iter().all(|v| *v <= breaks[MAX_CLASSES - 1]));
        if let Ok(c) = manual {
            check(&values, &c)?;
        }
        let i = at.index(values.len());
        values[i] = bad;
        for method in Method::ALL {
            let e = classify(&values, method, 5, &[0.0]).unwrap_err();
            prop_assert!(matches!(e, ClassifyError::NonFinite { .. }), "{:?}", e);
        }
    }
}
