//! The statistics a batch reports: proportions with Wilson 95% intervals, and the two-proportion
//! z-test for comparing variants.

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `hits` out of `n` at 95%: better than the normal approximation
/// for rare events and small batches.
pub fn wilson(hits: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = hits as f64 / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Two-proportion z-test with pooled variance: returns (z, two-sided p-value).
pub fn two_proportion_z(hits_a: u64, n_a: u64, hits_b: u64, n_b: u64) -> (f64, f64) {
    if n_a == 0 || n_b == 0 {
        return (0.0, 1.0);
    }
    let (pa, pb) = (hits_a as f64 / n_a as f64, hits_b as f64 / n_b as f64);
    let pooled = (hits_a + hits_b) as f64 / (n_a + n_b) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n_a as f64 + 1.0 / n_b as f64)).sqrt();
    if se == 0.0 {
        return (0.0, 1.0);
    }
    let z = (pa - pb) / se;
    (z, 2.0 * normal_upper_tail(z.abs()))
}

/// P(Z > x) for a standard normal, by the complementary error function (W. J. Cody's rational
/// approximation as given in Numerical Recipes' `erfcc`, accurate to about 1e-7).
pub fn normal_upper_tail(x: f64) -> f64 {
    0.5 * erfc(x / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // 5 of 10: the textbook interval is 0.2366 to 0.7634.
        let (lo, hi) = wilson(5, 10);
        assert!(
            (lo - 0.2366).abs() < 1e-4 && (hi - 0.7634).abs() < 1e-4,
            "{lo} {hi}"
        );
        // 0 of 20: the lower bound is 0, the upper 0.1611.
        let (lo, hi) = wilson(0, 20);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.1611).abs() < 1e-4, "{hi}");
    }

    #[test]
    fn z_test_matches_known_values() {
        // 50/100 against 40/100: z = 1.4213, p = 0.1552.
        let (z, p) = two_proportion_z(50, 100, 40, 100);
        assert!((z - 1.4213).abs() < 1e-3, "{z}");
        assert!((p - 0.1552).abs() < 1e-3, "{p}");
        // Equal proportions: no difference.
        let (z, p) = two_proportion_z(30, 60, 15, 30);
        assert!(z.abs() < 1e-12 && (p - 1.0).abs() < 1e-6);
        assert!((normal_upper_tail(1.959_964) - 0.025).abs() < 1e-6);
    }
}
