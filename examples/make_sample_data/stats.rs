//! Small statistics used to check and report the generated values.

use std::collections::{BTreeMap, BTreeSet};

use geo::MultiPolygon;

/// Pearson correlation of two equally long series (NaN if undefined).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// Minimum and maximum.
pub fn range(x: &[f64]) -> (f64, f64) {
    x.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// Mean.
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Queen contiguity: two areas are neighbours if they share a vertex (compared after rounding
/// to 5 decimals, about 1 m, because neighbouring Stadtteile are digitised separately).
pub fn queen_neighbours(geoms: &[MultiPolygon<f64>]) -> Vec<BTreeSet<usize>> {
    let mut by_vertex: BTreeMap<(i64, i64), BTreeSet<usize>> = BTreeMap::new();
    for (i, mp) in geoms.iter().enumerate() {
        for p in &mp.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                for c in &ring.0 {
                    let key = ((c.x * 1e5).round() as i64, (c.y * 1e5).round() as i64);
                    by_vertex.entry(key).or_default().insert(i);
                }
            }
        }
    }
    let mut out = vec![BTreeSet::new(); geoms.len()];
    for owners in by_vertex.values() {
        for &a in owners {
            for &b in owners {
                if a != b {
                    out[a].insert(b);
                }
            }
        }
    }
    out
}

/// Global Moran's I with row-standardised contiguity weights.
pub fn morans_i(x: &[f64], neighbours: &[BTreeSet<usize>]) -> f64 {
    let n = x.len() as f64;
    let m = mean(x);
    let dev: Vec<f64> = x.iter().map(|v| v - m).collect();
    let (mut num, mut w_sum) = (0.0, 0.0);
    for (i, nb) in neighbours.iter().enumerate() {
        if nb.is_empty() {
            continue;
        }
        let w = 1.0 / nb.len() as f64;
        for &j in nb {
            num += w * dev[i] * dev[j];
            w_sum += w;
        }
    }
    let den: f64 = dev.iter().map(|d| d * d).sum();
    (n / w_sum) * num / den
}
