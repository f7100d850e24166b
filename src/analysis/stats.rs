//! Descriptive statistics of paired values for the linked views: Pearson's correlation
//! coefficient and the ordinary least-squares line. Pure arithmetic on slices; no UI, no
//! layers, no classification.

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

/// Ordinary least squares y = a + b·x.
pub fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn least_squares_recovers_a_line_and_refuses_degenerate_input() {
        let (a, b) = least_squares(&[0.0, 1.0, 2.0, 3.0], &[1.0, 3.0, 5.0, 7.0]).unwrap();
        assert!(
            (a - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12,
            "{a} {b}"
        );
        // y = 1, 3, 2, 4 over x = 1 … 4: slope 0.8, intercept 0.5.
        let (a, b) = least_squares(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!(
            (a - 0.5).abs() < 1e-12 && (b - 0.8).abs() < 1e-12,
            "{a} {b}"
        );
        assert_eq!(least_squares(&[1.0], &[1.0]), None);
        assert_eq!(least_squares(&[2.0, 2.0, 2.0], &[1.0, 2.0, 3.0]), None);
    }
}
