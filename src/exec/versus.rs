//! The one formatter of a measurement against its limit ("wall 18.004s > limit 18.000s",
//! "peak 255.9 MiB < limit 256 MiB"): both sides at the same precision, with as many digits as
//! it takes for two different numbers never to print alike, and the sign computed from the
//! values themselves.

use std::cmp::Ordering;
use std::time::Duration;

/// `<`, `=` or `>`: how `value` stands against `limit`.
fn sign(value: u128, limit: u128) -> &'static str {
    match value.cmp(&limit) {
        Ordering::Less => "<",
        Ordering::Equal => "=",
        Ordering::Greater => ">",
    }
}

/// `a` and `b` in units of `unit`, rounded to `decimals` decimals, as integers.
fn rounded(a: u128, b: u128, unit: u128, decimals: u32) -> (u128, u128) {
    let scale = 10u128.pow(decimals);
    let r = |x: u128| (x * scale * 2 + unit) / (unit * 2);
    (r(a), r(b))
}

/// `x` (in units of `unit`) with `decimals` decimals, or as an integer when it is a whole number.
fn fixed(x: u128, unit: u128, decimals: u32) -> String {
    if x.is_multiple_of(unit) {
        return (x / unit).to_string();
    }
    decimal(x, unit, decimals)
}

/// `x` (in units of `unit`) with exactly `decimals` decimals, rounded half up.
fn decimal(x: u128, unit: u128, decimals: u32) -> String {
    let scale = 10u128.pow(decimals);
    let r = (x * scale * 2 + unit) / (unit * 2);
    format!(
        "{}.{:0width$}",
        r / scale,
        r % scale,
        width = decimals as usize
    )
}

/// Two durations at the same precision: 2 decimals below 10 s, 1 above (as reports print
/// them), more until two different durations differ. Returns both and the sign.
pub fn secs(value: Duration, limit: Duration) -> (String, &'static str, String) {
    let (a, b) = (value.as_nanos(), limit.as_nanos());
    const S: u128 = 1_000_000_000;
    let mut decimals = if a.max(b) < 10 * S { 2 } else { 1 };
    while decimals < 9 && a != b && {
        let (ra, rb) = rounded(a, b, S, decimals);
        ra == rb
    } {
        decimals += 1;
    }
    let show = |x: u128| format!("{}s", decimal(x, S, decimals));
    (show(a), sign(a, b), show(b))
}

/// Two sizes: each in its own unit when one is at least twice the other ("1 GiB > limit
/// 256 MiB"), else both in the unit of the larger, one decimal (none for a whole number), up to
/// three until two different sizes differ; in bytes when even that shows them alike.
pub fn size(value: u64, limit: u64) -> (String, &'static str, String) {
    let (a, b) = (u128::from(value), u128::from(limit));
    let top = a.max(b);
    if top >= 2 * a.min(b).max(1) && top >= 1 << 10 {
        use crate::problem::units::human_size;
        return (human_size(value), sign(a, b), human_size(limit));
    }
    let (unit, name) = [(1u128 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        .into_iter()
        .find(|(u, _)| top >= *u)
        .unwrap_or((1, "B"));
    let mut decimals = 1;
    while decimals < 3 && a != b && {
        let (ra, rb) = rounded(a, b, unit, decimals);
        ra == rb
    } {
        decimals += 1;
    }
    let (ra, rb) = rounded(a, b, unit, decimals);
    let whole = |x: u128| x.is_multiple_of(unit);
    // A whole number prints without decimals: compare what is printed.
    let alike = a != b && (ra == rb || (whole(a) && whole(b) && a / unit == b / unit));
    if unit == 1 || alike {
        return (format!("{a} B"), sign(a, b), format!("{b} B"));
    }
    (
        format!("{} {name}", fixed(a, unit, decimals)),
        sign(a, b),
        format!("{} {name}", fixed(b, unit, decimals)),
    )
}

/// "`what` 18.004s > limit 18.000s".
pub fn secs_vs(what: &str, value: Duration, limit: Duration) -> String {
    let (a, op, b) = secs(value, limit);
    format!("{what} {a} {op} limit {b}")
}

/// "`what` 255.9 MiB < limit 256 MiB".
pub fn size_vs(what: &str, value: u64, limit: u64) -> String {
    let (a, op, b) = size(value, limit);
    format!("{what} {a} {op} limit {b}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_cases_show_which_is_larger() {
        let ms = Duration::from_millis;
        assert_eq!(
            secs_vs("wall", ms(18_004), ms(18_000)),
            "wall 18.004s > limit 18.000s"
        );
        assert_eq!(
            secs_vs("cpu", ms(1_250), ms(1_000)),
            "cpu 1.25s > limit 1.00s"
        );
        assert_eq!(
            secs_vs("cpu", ms(2_000), ms(2_000)),
            "cpu 2.00s = limit 2.00s"
        );
        assert_eq!(
            secs_vs("wall", Duration::from_nanos(1_500_000_001), ms(1_500)),
            "wall 1.500000001s > limit 1.500000000s"
        );
        let mib = 1u64 << 20;
        assert_eq!(
            size_vs("peak", 256 * mib - 70_000, 256 * mib),
            "peak 255.9 MiB < limit 256 MiB"
        );
        // 255.99 MiB would print as 256.0 MiB at one decimal: two tell them apart.
        assert_eq!(
            size_vs("peak", 256 * mib - 10_000, 256 * mib),
            "peak 255.99 MiB < limit 256 MiB"
        );
        assert_eq!(
            size_vs("peak", 256 * mib - 4096, 256 * mib),
            "peak 255.996 MiB < limit 256 MiB"
        );
        assert_eq!(
            size_vs("peak", 256 * mib + 100, 256 * mib),
            "peak 268435556 B > limit 268435456 B"
        );
        assert_eq!(
            size_vs("peak", 256 * mib, 256 * mib),
            "peak 256 MiB = limit 256 MiB"
        );
        assert_eq!(
            size_vs("peak", 300 * mib, 256 * mib),
            "peak 300 MiB > limit 256 MiB"
        );
        assert_eq!(
            size_vs("peak", 1 << 30, 256 * mib),
            "peak 1 GiB > limit 256 MiB"
        );
        assert_eq!(
            size_vs("peak", 900 * mib, 1 << 30),
            "peak 0.9 GiB < limit 1 GiB"
        );
        assert_eq!(
            size_vs("stderr", 300 * mib, 64 * mib),
            "stderr 300 MiB > limit 64 MiB"
        );
        assert_eq!(size_vs("stderr", 300, 64), "stderr 300 B > limit 64 B");
        assert_eq!(
            size_vs("stderr", 3 * mib / 2, mib),
            "stderr 1.5 MiB > limit 1 MiB"
        );
    }

    /// The quantities printed on both sides of `<`/`>`, in bytes or seconds.
    fn numbers(pair: &(String, &str, String)) -> (f64, f64) {
        let n = |s: &str| -> f64 {
            let digits = s.trim_end_matches(|c: char| !c.is_ascii_digit());
            let unit = match s[digits.len()..].trim() {
                "GiB" => (1u64 << 30) as f64,
                "MiB" => (1u64 << 20) as f64,
                "KiB" => 1024.0,
                _ => 1.0,
            };
            digits.parse::<f64>().unwrap() * unit
        };
        (n(&pair.0), n(&pair.2))
    }

    /// Many pairs, near and far: a strict sign never sits between two equal printed numbers,
    /// and the printed order agrees with it.
    #[test]
    fn two_different_measurements_never_print_alike() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let base = next() % (64 << 30);
            let delta = match next() % 4 {
                0 => next() % 16,
                1 => next() % 4096,
                2 => next() % (1 << 20),
                _ => next() % (1 << 30),
            };
            let other = if next() % 2 == 0 {
                base + delta
            } else {
                base.saturating_sub(delta)
            };
            for (a, b) in [(base, other), (other, base)] {
                let p = size(a, b);
                let (na, nb) = numbers(&p);
                match p.1 {
                    ">" => assert!(na > nb, "{p:?} for {a} vs {b}"),
                    "<" => assert!(na < nb, "{p:?} for {a} vs {b}"),
                    _ => assert_eq!(a, b),
                }
                let (da, db) = (Duration::from_nanos(a), Duration::from_nanos(b));
                let p = secs(da, db);
                let (na, nb) = numbers(&p);
                match p.1 {
                    ">" => assert!(na > nb, "{p:?} for {a} vs {b}"),
                    "<" => assert!(na < nb, "{p:?} for {a} vs {b}"),
                    _ => assert_eq!(a, b),
                }
            }
        }
    }
}
