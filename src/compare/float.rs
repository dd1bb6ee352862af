//! `float` mode's numbers: which tokens are decimal numbers and when two are close enough.

/// Whether `token` is a decimal number: optional sign, digits, optional fraction, optional
/// exponent (at least one digit before or after the point). Rejects `0x10`, `inf`, `nan`.
pub(super) fn is_decimal(token: &[u8]) -> bool {
    let digits = |from: usize| {
        token[from..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(token.len() - from)
    };
    let mut i = usize::from(matches!(token.first(), Some(b'+' | b'-')));
    let int_digits = digits(i);
    i += int_digits;
    let mut frac_digits = 0;
    if token.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits(i);
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(token.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(token.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = digits(i);
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == token.len()
}

/// The value of a decimal token, if it is one and finite.
pub(super) fn parse_decimal(token: &[u8]) -> Option<f64> {
    if !is_decimal(token) {
        return None;
    }
    let value: f64 = std::str::from_utf8(token).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

/// Whether two tokens are numbers within tolerance.
pub(super) fn numbers_close(expected: &[u8], actual: &[u8], abs: f64, rel: f64) -> bool {
    match (parse_decimal(expected), parse_decimal(actual)) {
        (Some(e), Some(a)) => {
            let diff = (a - e).abs();
            diff <= abs || diff <= rel * e.abs()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;
    use crate::compare::*;

    // ----- float

    #[test]
    fn float_tolerances() {
        let o = opts(Mode::Float);
        assert!(accepts("0.5", "0.5000009", &o));
        assert!(!accepts("0.5", "0.500002", &o));
        // relative tolerance for large values
        assert!(accepts("1000000000", "1000000500", &o));
        assert!(!accepts("1000000000", "1000002000", &o));
        let loose = Options {
            float_abs: 0.1,
            float_rel: 0.0,
            ..opts(Mode::Float)
        };
        assert!(accepts("1.0", "1.05", &loose));
        assert!(!accepts("1.0", "1.2", &loose));
        // numbers in all accepted notations
        assert!(accepts("1e3 -0.5 .25 5.", "1000 -5e-1 0.25 +5", &o));
    }

    #[test]
    fn float_rejects_non_decimal_numbers() {
        let o = opts(Mode::Float);
        assert!(!accepts("16", "0x10", &o));
        assert!(accepts("0x10", "0x10", &o));
        assert!(!accepts("inf", "1e400", &o));
        assert!(accepts("nan", "nan", &o));
        assert!(!accepts("nan", "NaN", &o));
        assert!(accepts("nan", "NaN", &ci(Mode::Float)));
        assert!(!accepts("1", "1.0.0", &o));
    }

    #[test]
    fn float_non_numeric_tokens_exact() {
        let o = opts(Mode::Float);
        assert!(accepts("Case #1: 0.333333", "Case #1: 0.3333333", &o));
        let m = wrong("Case #1: 0.5", "case #1: 0.5", &o);
        assert_eq!(
            m.summary,
            "first difference at line 1, column 1 (token 1): expected `Case`, got `case`"
        );
        assert!(accepts(
            "Case #1: 0.5",
            "case #1: 0.5000001",
            &ci(Mode::Float)
        ));
    }

    #[test]
    fn decimal_grammar() {
        for ok in ["0", "-1", "+2", "3.", ".5", "1e5", "1E+5", "-2.5e-3", "007"] {
            assert!(is_decimal(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "+", ".", "e5", "1e", "1e+", "0x10", "inf", "nan", "1_000", "1,5", "--1", "1.2.3",
        ] {
            assert!(!is_decimal(bad.as_bytes()), "{bad}");
        }
        assert_eq!(parse_decimal(b"1e400"), None);
        assert_eq!(parse_decimal(b"-2.5e-3"), Some(-0.0025));
    }
}
