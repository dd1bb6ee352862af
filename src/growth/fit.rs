//! Fitting how a program's time grows with its input: `t ≈ c · n^k` by least squares on
//! `(ln n, ln t)`, after the fixed cost (a process's start, measured on the smallest input) is
//! taken off, on the sizes whose time stands clear of the noise and within a factor of
//! [`TOP_RANGE`] of the largest (where the leading term dominates: an n³ loop with an n² part
//! reads as n³ there, not as the mix of smaller sizes). The spread is twice the slope's
//! standard error (about a 95 % interval): noise, a cache step or a change of regime widens
//! it, and an exponent with a spread over [`CLEAR_SPREAD`] (or fewer than three sizes) is
//! "unclear" rather than a guess.

/// A spread past which the exponent is not stated.
pub const CLEAR_SPREAD: f64 = 0.35;

/// Times below this, after the fixed cost is taken off, are noise (seconds).
pub const NOISE_FLOOR: f64 = 0.002;

/// The sizes fitted take at least the largest time over this factor.
pub const TOP_RANGE: f64 = 10.0;

/// The time of each size: the median of its repetitions (a busy machine adds time, never
/// takes it away, and the median ignores the odd slow run).
pub fn median(times: &[f64]) -> f64 {
    let mut t: Vec<f64> = times.iter().copied().filter(|x| x.is_finite()).collect();
    if t.is_empty() {
        return f64::NAN;
    }
    t.sort_by(f64::total_cmp);
    let m = t.len() / 2;
    if t.len() % 2 == 1 {
        t[m]
    } else {
        (t[m - 1] + t[m]) / 2.0
    }
}

/// A fitted growth.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// `k` in `t ≈ c · n^k`.
    pub exponent: f64,
    /// Twice the standard error of `exponent` (zero with two sizes: unknown, so unclear).
    pub spread: f64,
    /// `c`.
    pub coefficient: f64,
    /// The sizes the fit used.
    pub used: usize,
}

impl Fit {
    /// Whether the exponent can be stated.
    pub fn clear(&self) -> bool {
        self.used >= 3 && self.spread <= CLEAR_SPREAD
    }

    /// The time the fit predicts at size `n` (seconds, fixed cost aside).
    pub fn predict(&self, n: f64) -> f64 {
        self.coefficient * n.powf(self.exponent)
    }
}

/// Fits `points` (size, seconds), less `fixed` seconds each, on the sizes above `floor`
/// seconds (the noise) and within [`TOP_RANGE`] of the largest; `None` with fewer than two.
pub fn fit(points: &[(f64, f64)], fixed: f64, floor: f64) -> Option<Fit> {
    let net: Vec<(f64, f64)> = points
        .iter()
        .map(|&(n, t)| (n, t - fixed))
        .filter(|&(n, t)| n >= 1.0 && t.is_finite())
        .collect();
    let top = net.iter().map(|p| p.1).fold(0.0, f64::max);
    let clear: Vec<(f64, f64)> = net
        .into_iter()
        .filter(|&(_, t)| t > floor.max(NOISE_FLOOR))
        .collect();
    // The top decade, but at least the three largest sizes: a steep growth (n³ and more) spans
    // a decade in two steps, and two points say nothing of their spread.
    let in_range = clear.iter().filter(|p| p.1 >= top / TOP_RANGE).count();
    let keep = in_range.max(3).min(clear.len());
    let usable: Vec<(f64, f64)> = clear[clear.len() - keep..]
        .iter()
        .map(|&(n, t)| (n.ln(), t.ln()))
        .collect();
    if usable.len() < 2 {
        return None;
    }
    let count = usable.len() as f64;
    let mx = usable.iter().map(|p| p.0).sum::<f64>() / count;
    let my = usable.iter().map(|p| p.1).sum::<f64>() / count;
    let sxx: f64 = usable.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = usable.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let exponent = sxy / sxx;
    let coefficient = (my - exponent * mx).exp();
    let spread = if usable.len() > 2 {
        let residual: f64 = usable
            .iter()
            .map(|p| (p.1 - my - exponent * (p.0 - mx)).powi(2))
            .sum();
        2.0 * (residual / (count - 2.0) / sxx).sqrt()
    } else {
        0.0
    };
    Some(Fit {
        exponent,
        spread,
        coefficient,
        used: usable.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn points(k: f64, fixed: f64, noise: &[f64]) -> Vec<(f64, f64)> {
        (0..noise.len())
            .map(|i| {
                // Sizes a square root of two apart, as `grader growth` measures near the top.
                let n = 1000.0 * 2f64.sqrt().powi(i as i32);
                (n, fixed + 0.005 * (n / 1000.0).powf(k) * (1.0 + noise[i]))
            })
            .collect()
    }

    #[test]
    fn a_clean_power_law_is_found_with_its_fixed_cost_taken_off() {
        for k in [1.0, 2.0, 3.0] {
            let p = points(k, 0.02, &[0.0; 6]);
            let f = fit(&p, 0.02, 0.0).unwrap();
            assert!((f.exponent - k).abs() < 1e-6, "{f:?}");
            assert!(f.spread < 1e-6 && f.clear(), "{f:?}");
        }
    }

    #[test]
    fn noise_below_the_floor_is_left_out_and_too_few_sizes_are_not_a_fit() {
        // Linear, but the first sizes take less than the noise floor over the fixed cost.
        let p: Vec<(f64, f64)> = [10.0, 20.0, 40.0, 1e6, 2e6, 4e6]
            .iter()
            .map(|&n| (n, 0.05 + 1e-8 * n))
            .collect();
        let f = fit(&p, 0.05, 0.0).unwrap();
        assert_eq!(f.used, 3);
        assert!((f.exponent - 1.0).abs() < 1e-6);
        assert!(fit(&p[..3], 0.05, 0.0).is_none());
        // A floor above the smallest of the large sizes leaves two: a fit, but unclear.
        let f = fit(&p, 0.05, 0.015).unwrap();
        assert_eq!(f.used, 2);
        assert!(!f.clear());
    }

    #[test]
    fn the_leading_term_decides_where_it_dominates() {
        // n² + n³/1000: read on the sizes near the largest, about n³.
        let p: Vec<(f64, f64)> = (0..8)
            .map(|i| {
                let n = 100.0 * 2f64.powi(i);
                (n, 1e-8 * (n * n + n * n * n / 1000.0))
            })
            .collect();
        let f = fit(&p, 0.0, 0.0).unwrap();
        assert!((f.exponent - 3.0).abs() < 0.3, "{f:?}");
    }

    #[test]
    fn a_change_of_regime_is_unclear() {
        // Flat within the top range, then steep: no single exponent describes it.
        let p = [(1e3, 0.1), (2e3, 0.1), (4e3, 0.1), (8e3, 0.8), (16e3, 0.9)];
        let f = fit(&p, 0.0, 0.0).unwrap();
        assert!(!f.clear(), "{f:?}");
    }

    #[test]
    fn the_median_ignores_one_slow_run() {
        assert_eq!(median(&[0.1, 0.1, 5.0]), 0.1);
        assert_eq!(median(&[0.1, 0.3]), 0.2);
        assert!(median(&[]).is_nan());
    }

    proptest! {
        /// Up to 5 % of multiplicative noise at each size moves a fitted exponent by less than
        /// 0.25, steep growths included (they keep three sizes).
        #[test]
        fn the_exponent_survives_noise(
            k in 0.5f64..3.5,
            noise in proptest::collection::vec(-0.05f64..0.05, 6),
        ) {
            let f = fit(&points(k, 0.0, &noise), 0.0, 0.0).unwrap();
            prop_assert!((f.exponent - k).abs() < 0.25, "{:?}", f);
        }
    }
}
