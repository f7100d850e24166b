//! Hand-computed cases. The numbers in the comments were worked out on paper.

use super::*;

const EPS: f64 = 1e-9;

fn input(keys: &[&str], status: Vec<Vec<Option<f64>>>) -> IndexInput {
    IndexInput {
        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        has_row: vec![true; keys.len()],
        population: Vec::new(),
        status,
        dynamics: None,
    }
}

fn col(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().copied().map(Some).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < EPS)
}

#[test]
fn one_indicator_gives_its_own_z_values_as_the_index() -> Result<(), IndexError> {
    // x = 1..5: mean 3, sample variance 10/4 = 2.5, sd = 1.58113883.
    let inp = input(
        &["a", "b", "c", "d", "e"],
        vec![col(&[1.0, 2.0, 3.0, 4.0, 5.0])],
    );
    let r = compute(&inp, &IndexSettings::with_indicators(&["x"]))?;
    let sd = 2.5f64.sqrt();
    assert!((r.status.sds[0] - sd).abs() < EPS);
    assert!((r.status.means[0] - 3.0).abs() < EPS);
    assert!(close(r.status.z[0][0], -2.0 / sd));
    // The sum of one z-column already has mean 0 and sd 1: the index equals z.
    for i in 0..5 {
        assert!(close(r.status.index[i], (i as f64 - 2.0) / sd));
    }
    use StatusClass::*;
    assert_eq!(
        r.status_class,
        vec![
            Some(Hoch),
            Some(Mittel),
            Some(Mittel),
            Some(Mittel),
            Some(Niedrig)
        ]
    );
    assert_eq!(
        r.status_rank(),
        vec![Some(5), Some(4), Some(3), Some(2), Some(1)]
    );
    Ok(())
}

#[test]
fn the_population_sd_divides_by_n() -> Result<(), IndexError> {
    let inp = input(
        &["a", "b", "c", "d", "e"],
        vec![col(&[1.0, 2.0, 3.0, 4.0, 5.0])],
    );
    let mut s = IndexSettings::with_indicators(&["x"]);
    s.sd = SdKind::Population;
    let r = compute(&inp, &s)?;
    // Variance 10/5 = 2, sd √2: z of 5 is 2/√2 = √2.
    assert!((r.status.sds[0] - 2f64.sqrt()).abs() < EPS);
    assert!(close(r.status.index[4], 2f64.sqrt()));
    Ok(())
}

#[test]
fn two_indicators_sum_and_are_standardised_again_with_ties_on_minus_one() -> Result<(), IndexError>
{
    // A = 1..5 and B = (2,1,4,3,5) share mean 3 and sd √2.5. The sums (A + B − 6)/√2.5 are
    // (−3, −3, 1, 1, 4)/√2.5: mean 0, sample sd 3/√2.5, so the index is
    // (−1, −1, 1/3, 1/3, 4/3). −1 lies on the threshold and belongs to "mittel".
    let inp = input(
        &["a", "b", "c", "d", "e"],
        vec![
            col(&[1.0, 2.0, 3.0, 4.0, 5.0]),
            col(&[2.0, 1.0, 4.0, 3.0, 5.0]),
        ],
    );
    let r = compute(&inp, &IndexSettings::with_indicators(&["a", "b"]))?;
    let expected = [-1.0, -1.0, 1.0 / 3.0, 1.0 / 3.0, 4.0 / 3.0];
    for (i, e) in expected.iter().enumerate() {
        assert!(
            close(r.status.index[i], *e),
            "area {i}: {:?}",
            r.status.index[i]
        );
    }
    assert!(close(r.status.sum[0], -3.0 / 2.5f64.sqrt()));
    assert!((r.status.sum_sd - 3.0 / 2.5f64.sqrt()).abs() < EPS);
    use StatusClass::*;
    assert_eq!(
        r.status_class,
        vec![
            Some(Mittel),
            Some(Mittel),
            Some(Mittel),
            Some(Mittel),
            Some(Niedrig)
        ]
    );
    // Tied indices share a rank.
    assert_eq!(
        r.status_rank(),
        vec![Some(4), Some(4), Some(2), Some(2), Some(1)]
    );
    // The contributions add up to the index.
    let c = r
        .status
        .contributions(4, &IndexSettings::with_indicators(&["a", "b"]));
    let c = c.unwrap_or_default();
    assert_eq!(c.len(), 2);
    assert!((c[0] + c[1] - 4.0 / 3.0).abs() < EPS);
    assert!((c[0] - 2.0 / 3.0).abs() < EPS);
    Ok(())
}

#[test]
fn values_exactly_on_the_thresholds_go_to_the_middle_classes_despite_rounding()
-> Result<(), IndexError> {
    // 3 + 0.1 · (1.5, −1.5, 1, −1, 0.5, −0.5, 0): mean 3, population sd 0.1, so the z-values
    // are 1.5, −1.5, 1, −1, 0.5, −0.5, 0 – up to rounding in the last binary digit.
    let x = [3.15, 2.85, 3.1, 2.9, 3.05, 2.95, 3.0];
    let inp = input(&["a", "b", "c", "d", "e", "f", "g"], vec![col(&x)]);
    let mut s = IndexSettings::with_indicators(&["x"]);
    s.sd = SdKind::Population;
    let r = compute(&inp, &s)?;
    assert!(close(r.status.index[0], 1.5));
    use StatusClass::*;
    assert_eq!(
        r.status_class,
        vec![
            Some(Niedrig), // +1.5: still "niedrig"
            Some(Hoch),    // −1.5
            Some(Mittel),  // +1.0: "mittel"
            Some(Mittel),  // −1.0: "mittel"
            Some(Mittel),
            Some(Mittel),
            Some(Mittel),
        ]
    );
    assert_eq!(
        StatusClass::of(1.5 + 1e-6, &s.status_thresholds),
        SehrNiedrig
    );
    assert_eq!(StatusClass::of(1.0 + 1e-6, &s.status_thresholds), Niedrig);
    assert_eq!(StatusClass::of(-1.0 - 1e-6, &s.status_thresholds), Hoch);
    assert_eq!(
        DynamicsClass::of(-1.0, &s.dynamics_thresholds),
        DynamicsClass::Stabil
    );
    assert_eq!(
        DynamicsClass::of(1.0, &s.dynamics_thresholds),
        DynamicsClass::Stabil
    );
    assert_eq!(
        DynamicsClass::of(1.01, &s.dynamics_thresholds),
        DynamicsClass::Negativ
    );
    assert_eq!(
        DynamicsClass::of(-1.01, &s.dynamics_thresholds),
        DynamicsClass::Positiv
    );
    Ok(())
}

#[test]
fn small_excluded_and_incomplete_areas_get_no_class_and_do_not_move_the_mean()
-> Result<(), IndexError> {
    // The five areas of the two-indicator case plus: f with 200 residents and extreme
    // values, g excluded by hand, h without a value for B.
    let mut inp = input(
        &["a", "b", "c", "d", "e", "f", "g", "h"],
        vec![
            col(&[1.0, 2.0, 3.0, 4.0, 5.0, 90.0, 80.0, 70.0]),
            vec![
                Some(2.0),
                Some(1.0),
                Some(4.0),
                Some(3.0),
                Some(5.0),
                Some(90.0),
                Some(80.0),
                None,
            ],
        ],
    );
    inp.population = col(&[500.0, 300.0, 1000.0, 800.0, 2000.0, 200.0, 5000.0, 700.0]);
    let mut s = IndexSettings::with_indicators(&["a", "b"]);
    s.population_field = Some("einwohner".to_owned());
    s.exclusions.push(Exclusion {
        key: "g".to_owned(),
        reason: "Gewerbegebiet".to_owned(),
    });
    let r = compute(&inp, &s)?;
    assert_eq!(r.status.n_valid, 5, "300 residents is enough (≥)");
    assert!(close(r.status.index[0], -1.0));
    assert!(close(r.status.index[4], 4.0 / 3.0));
    assert_eq!(r.status_class[5], None);
    assert_eq!(
        r.status.validity[5],
        Err(Invalid::LowPopulation(200.0, 300.0))
    );
    assert_eq!(
        r.status.validity[5].clone().err().map(|e| e.reason_de()),
        Some("EW unter 300".to_owned())
    );
    assert_eq!(
        r.status.validity[6],
        Err(Invalid::Excluded("Gewerbegebiet".to_owned()))
    );
    assert_eq!(
        r.status.validity[7],
        Err(Invalid::Missing(vec!["b".to_owned()]))
    );
    assert_eq!(r.status.z[0][5], None);
    assert_eq!(r.status_rank()[6], None);
    assert_eq!(r.status_counts(), [0, 4, 1, 0]);
    Ok(())
}

#[test]
fn a_flipped_indicator_turns_its_z_value_around_and_weights_scale_it() -> Result<(), IndexError> {
    // B flipped with weight 2: sum = zA − 2 zA = −zA for B = A; the index is −zA.
    let inp = input(
        &["a", "b", "c", "d", "e"],
        vec![
            col(&[1.0, 2.0, 3.0, 4.0, 5.0]),
            col(&[10.0, 20.0, 30.0, 40.0, 50.0]),
        ],
    );
    let mut s = IndexSettings::with_indicators(&["a", "b"]);
    s.indicators[1].flipped = true;
    s.indicators[1].weight = 2.0;
    let r = compute(&inp, &s)?;
    let sd = 2.5f64.sqrt();
    assert!(close(r.status.z[1][0], 2.0 / sd));
    assert!(close(r.status.index[0], 2.0 / sd));
    assert_eq!(r.status_class[0], Some(StatusClass::Niedrig));
    assert_eq!(r.status_class[4], Some(StatusClass::Hoch));
    Ok(())
}

#[test]
fn dynamics_use_the_change_and_give_three_classes() -> Result<(), IndexError> {
    // Change (0.5, −0.5, 0, 1, −1): mean 0, sample variance 2.5/4, sd 0.790569; the dynamics
    // index is 0.632, −0.632, 0, 1.265, −1.265.
    let mut inp = input(
        &["a", "b", "c", "d", "e"],
        vec![col(&[1.0, 2.0, 3.0, 4.0, 5.0])],
    );
    let before = [0.5, 2.5, 3.0, 3.0, 6.0];
    let change: Vec<f64> = [1.0, 2.0, 3.0, 4.0, 5.0]
        .iter()
        .zip(before)
        .map(|(a, b)| a - b)
        .collect();
    inp.dynamics = Some(DynamicsInput {
        label: "2022".to_owned(),
        values: vec![col(&change)],
        population: Vec::new(),
    });
    let r = compute(&inp, &IndexSettings::with_indicators(&["x"]))?;
    let d = r
        .dynamics
        .as_ref()
        .map(|d| d.index.clone())
        .unwrap_or_default();
    let sd = (2.5f64 / 4.0).sqrt();
    assert!(close(d[3], 1.0 / sd));
    use DynamicsClass::*;
    assert_eq!(
        r.dynamics_class,
        vec![
            Some(Stabil),
            Some(Stabil),
            Some(Stabil),
            Some(Negativ),
            Some(Positiv)
        ]
    );
    // Gesamtindex: a is hoch/stabil, d mittel/negativ, e niedrig/positiv.
    let m = r.matrix();
    assert_eq!(m[StatusClass::Hoch.index()][Stabil.index()], 1);
    assert_eq!(m[StatusClass::Mittel.index()][Negativ.index()], 1);
    assert_eq!(m[StatusClass::Niedrig.index()][Positiv.index()], 1);
    assert_eq!(m.iter().flatten().sum::<usize>(), 5);
    Ok(())
}

#[test]
fn areas_without_comparison_values_have_status_but_no_dynamics() -> Result<(), IndexError> {
    let mut inp = input(&["a", "b", "c", "d"], vec![col(&[1.0, 2.0, 3.0, 4.0])]);
    inp.population = col(&[400.0, 400.0, 400.0, 400.0]);
    inp.dynamics = Some(DynamicsInput {
        label: "2022".to_owned(),
        values: vec![vec![Some(0.1), Some(-0.2), None, Some(0.4)]],
        population: col(&[400.0, 250.0, 400.0, 400.0]),
    });
    let mut s = IndexSettings::with_indicators(&["x"]);
    s.population_field = Some("einwohner".to_owned());
    let r = compute(&inp, &s)?;
    assert_eq!(r.status.n_valid, 4);
    let d = r
        .dynamics
        .as_ref()
        .map(|d| d.validity.clone())
        .unwrap_or_default();
    assert_eq!(d[1], Err(Invalid::LowPopulationBefore(250.0, 300.0)));
    assert_eq!(d[2], Err(Invalid::Missing(vec!["x".to_owned()])));
    assert!(r.dynamics_class[0].is_some());
    assert_eq!(r.dynamics_class[1], None);
    Ok(())
}

#[test]
fn standardised_input_is_taken_as_given_and_only_the_sum_is_standardised() -> Result<(), IndexError>
{
    // Published z-values (−1, 0, 1) and (−1, 0, 1): sum (−2, 0, 2), sample sd 2 → (−1, 0, 1).
    let inp = input(
        &["a", "b", "c"],
        vec![col(&[-1.0, 0.0, 1.0]), col(&[-1.0, 0.0, 1.0])],
    );
    let mut s = IndexSettings::with_indicators(&["s1", "s2"]);
    s.standardized_input = true;
    let r = compute(&inp, &s)?;
    assert_eq!(r.status.z[0], col(&[-1.0, 0.0, 1.0]));
    assert!(close(r.status.sum[2], 2.0));
    assert!(close(r.status.index[2], 1.0));
    assert_eq!(r.status_class[2], Some(StatusClass::Mittel));
    Ok(())
}

#[test]
fn bad_settings_and_degenerate_data_give_german_errors() {
    let inp = input(&["a", "b", "c"], vec![col(&[2.0, 2.0, 2.0])]);
    let e = compute(&inp, &IndexSettings::with_indicators(&["x"]));
    assert!(matches!(e, Err(IndexError::Constant { .. })));
    let e = compute(&inp, &IndexSettings::default());
    assert_eq!(e, Err(IndexError::NoIndicators));
    let mut s = IndexSettings::with_indicators(&["x"]);
    s.indicators[0].weight = -1.0;
    assert!(matches!(compute(&inp, &s), Err(IndexError::BadWeight(..))));
    s.indicators[0].weight = 0.0;
    assert_eq!(compute(&inp, &s), Err(IndexError::ZeroWeights));
    let one = input(&["a"], vec![col(&[1.0])]);
    let e = compute(&one, &IndexSettings::with_indicators(&["x"]));
    assert!(matches!(e, Err(IndexError::TooFewAreas { n: 1, .. })));
    if let Err(e) = e {
        assert!(e.to_string().contains("Zu wenige gültige Gebiete"));
    }
}
