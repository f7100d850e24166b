//! Our classification against PySAL mapclassify.
//!
//! The reference figures in `tests/data/mapclassify_reference.json` were produced by
//! mapclassify 2.10.0 (numpy 2.4.6, scipy 1.17.1) with the script
//! `tests/reference/mapclassify_reference.py`; its header says how to re-run it. Every case
//! there is compared: bins within 1e-9 relative (see [`close`]), counts exactly, and a case
//! where mapclassify raises must be an error here as well.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::BTreeMap;

use serde_json::Value;
use sozialatlas::analysis::classify::{Method, classify};

const MAPCLASSIFY_VERSION: &str = "2.10.0";

fn reference() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mapclassify_reference.json"
    );
    let text = std::fs::read_to_string(path).expect("reference JSON is committed");
    serde_json::from_str(&text).expect("reference JSON parses")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array of numbers")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// Within 1e-9 relative to the larger magnitude. Breaks that are a difference of large terms
/// (mean − 2 sd, a fence) can lie near zero; for those the tolerance is 1e-9 of the data's
/// largest magnitude instead, as the rounding noise is relative to that.
fn close(ours: f64, theirs: f64, scale: f64) -> bool {
    let tol = 1e-9 * ours.abs().max(theirs.abs()).max(scale);
    (ours - theirs).abs() <= tol
}

struct Case<'a> {
    name: String,
    values: &'a [f64],
    method: Method,
    k: usize,
    manual: Vec<f64>,
    expected: &'a Value,
}

/// Every case of the reference with a readable name: data set, method, `k` or manual breaks.
fn cases(reference: &Value) -> Vec<(String, Value)> {
    reference["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let mut name = format!(
                "{}/{}",
                c["dataset"].as_str().unwrap(),
                c["method"].as_str().unwrap()
            );
            if let Some(k) = c.get("k") {
                name.push_str(&format!("/k={k}"));
            }
            if let Some(m) = c.get("manual") {
                name.push_str(&format!("/manual={m}"));
            }
            (name, c.clone())
        })
        .collect()
}

fn check(case: &Case) -> Result<(), String> {
    let got = classify(case.values, case.method, case.k, &case.manual);
    if let Some(err) = case.expected.get("error") {
        return match got {
            Err(_) => Ok(()),
            Ok(c) => Err(format!(
                "mapclassify raises ({err}), we classify: bins {:?}, counts {:?}",
                c.bins, c.counts
            )),
        };
    }
    let c = got.map_err(|e| format!("mapclassify classifies, we fail: {e}"))?;
    let bins = floats(&case.expected["bins"]);
    let counts: Vec<usize> = case.expected["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect();
    let scale = case.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let bins_ok =
        bins.len() == c.bins.len() && bins.iter().zip(&c.bins).all(|(t, o)| close(*o, *t, scale));
    if !bins_ok || counts != c.counts {
        return Err(format!(
            "\n    mapclassify bins {bins:?} counts {counts:?}\n    ours        bins {:?} counts {:?}",
            c.bins, c.counts
        ));
    }
    if c.counts.iter().sum::<usize>() != case.values.len() {
        return Err("counts do not sum to n".into());
    }
    Ok(())
}

#[test]
fn every_mapclassify_reference_case_matches() {
    let reference = reference();
    let datasets: BTreeMap<String, Vec<f64>> = reference["datasets"]
        .as_object()
        .expect("datasets")
        .iter()
        .map(|(name, d)| (name.clone(), floats(&d["values"])))
        .collect();
    let mut failures = Vec::new();
    let all = cases(&reference);
    for (name, expected) in &all {
        let method = expected["method"].as_str().unwrap();
        let case = Case {
            name: name.clone(),
            values: &datasets[expected["dataset"].as_str().unwrap()],
            method: Method::from_cli_name(method)
                .unwrap_or_else(|| panic!("{name}: unknown method {method}")),
            k: expected
                .get("k")
                .map_or(0, |k| k.as_u64().unwrap() as usize),
            manual: expected.get("manual").map(floats).unwrap_or_default(),
            expected,
        };
        if let Err(why) = check(&case) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from mapclassify:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn the_reference_covers_every_method_and_names_its_mapclassify_version() {
    let reference = reference();
    assert_eq!(reference["mapclassify_version"], MAPCLASSIFY_VERSION);
    let methods: Vec<&str> = reference["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["method"].as_str().unwrap())
        .collect();
    for m in Method::ALL {
        assert!(
            methods.contains(&m.cli_name()),
            "no reference case for {}",
            m.cli_name()
        );
    }
    for k in [3, 5, 7, 9] {
        assert!(
            reference["cases"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["method"] == "jenks" && c["k"] == k && c.get("bins").is_some()),
            "no classified Fisher-Jenks case with k = {k}"
        );
    }
}
