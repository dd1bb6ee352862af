//! Fitting how a program's time grows with its input: `t ≈ c · n^k` by least squares on
//! `(ln n, ln t)`, after the fixed cost (a process's start, measured on the smallest input) is
//! taken off, on the sizes whose time stands clear of the noise. The spread is the largest
//! distance of a local exponent (between neighbouring sizes) from the fit's: noise, a cache
//! step or a change of regime shows there, and an exponent with a spread over
//! [`CLEAR_SPREAD`] (or fewer than three usable sizes) is "unclear" rather than a guess.

/// A spread past which the exponent is not stated.
pub const CLEAR_SPREAD: f64 = 0.35;

/// Times below this, after the fixed cost is taken off, are noise (seconds).
const NOISE_FLOOR: f64 = 0.002;

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
    /// The largest distance of a local exponent from `exponent`.
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

/// Fits `points` (size, seconds), less `fixed` seconds each; `None` with fewer than two sizes
/// clear of the noise.
pub fn fit(points: &[(f64, f64)], fixed: f64) -> Option<Fit> {
    let usable: Vec<(f64, f64)> = points
        .iter()
        .map(|&(n, t)| (n, t - fixed))
        .filter(|&(n, t)| n >= 1.0 && t.is_finite() && t > NOISE_FLOOR)
        .map(|(n, t)| (n.ln(), t.ln()))
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
    let spread = usable
        .windows(2)
        .map(|w| ((w[1].1 - w[0].1) / (w[1].0 - w[0].0) - exponent).abs())
        .fold(0.0, f64::max);
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
                let n = 1000.0 * 2f64.powi(i as i32);
                (n, fixed + 0.005 * (n / 1000.0).powf(k) * (1.0 + noise[i]))
            })
            .collect()
    }

    #[test]
    fn a_clean_power_law_is_found_with_its_fixed_cost_taken_off() {
        for k in [1.0, 2.0, 3.0] {
            let p = points(k, 0.02, &[0.0; 6]);
            let f = fit(&p, 0.02).unwrap();
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
        let f = fit(&p, 0.05).unwrap();
        assert_eq!(f.used, 3);
        assert!((f.exponent - 1.0).abs() < 1e-6);
        assert!(fit(&p[..3], 0.05).is_none());
    }

    #[test]
    fn a_change_of_regime_is_unclear() {
        // Flat, then cubic: no single exponent describes it.
        let p = [
            (1e3, 0.01),
            (2e3, 0.01),
            (4e3, 0.01),
            (8e3, 0.08),
            (16e3, 0.64),
        ];
        let f = fit(&p, 0.0).unwrap();
        assert!(!f.clear(), "{f:?}");
    }

    #[test]
    fn the_median_ignores_one_slow_run() {
        assert_eq!(median(&[0.1, 0.1, 5.0]), 0.1);
        assert_eq!(median(&[0.1, 0.3]), 0.2);
        assert!(median(&[]).is_nan());
    }

    proptest! {
        /// Up to 10 % of multiplicative noise at each size moves a fitted exponent by less than
        /// 0.2 over six doublings.
        #[test]
        fn the_exponent_survives_noise(
            k in 0.5f64..3.5,
            noise in proptest::collection::vec(-0.1f64..0.1, 6),
        ) {
            let f = fit(&points(k, 0.0, &noise), 0.0).unwrap();
            prop_assert!((f.exponent - k).abs() < 0.2, "{:?}", f);
        }
    }
}
