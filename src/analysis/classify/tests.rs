//! Unit tests of `classify`.

use super::numpy::numpy_sum;
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
