//! Values compared by what they mean rather than how an engine spells them: PostgreSQL's
//! `interval` in one canonical text (justified: 30-day months, 24-hour days, the form
//! PostgreSQL's own `=` compares by), and dates, times and timestamps in one ISO spelling
//! (`T` or space, trailing zeros of the seconds' fraction), so SQLite's text and PostgreSQL's
//! binary values meet.

const US_PER_DAY: i128 = 86_400_000_000;
const DAYS_PER_MONTH: i128 = 30;

/// An interval (months, days, microseconds, as PostgreSQL stores it) as canonical text:
/// the span justified into years, months (30 days), days (24 hours) and a clock, each part
/// signed like the whole, as PostgreSQL prints them: `1 year 2 mons 3 days 04:05:06.5`,
/// `-1 days -02:00:00`, `00:00:00` for zero. Two intervals PostgreSQL calls equal (`'1 day'` and
/// `'24 hours'`, `'1 mon'` and `'30 days'`) get the same text.
pub fn interval_text(months: i32, days: i32, micros: i64) -> String {
    let total =
        (i128::from(months) * DAYS_PER_MONTH + i128::from(days)) * US_PER_DAY + i128::from(micros);
    let neg = total < 0;
    let t = total.unsigned_abs();
    let (us_day, us_month) = (US_PER_DAY as u128, (US_PER_DAY * DAYS_PER_MONTH) as u128);
    let all_months = t / us_month;
    let (years, mons) = (all_months / 12, all_months % 12);
    let days = (t % us_month) / us_day;
    let clock_us = t % us_day;
    let sign = if neg { "-" } else { "" };
    let mut parts = Vec::new();
    let mut unit = |n: u128, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!(
                "{sign}{n} {}",
                if n == 1 && !neg { one } else { many }
            ));
        }
    };
    unit(years, "year", "years");
    unit(mons, "mon", "mons");
    unit(days, "day", "days");
    if clock_us > 0 || parts.is_empty() {
        let secs = clock_us / 1_000_000;
        let frac = clock_us % 1_000_000;
        let mut c = format!(
            "{sign}{:02}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        );
        if frac > 0 {
            c.push_str(&format!(".{}", format!("{frac:06}").trim_end_matches('0')));
        }
        if clock_us == 0 {
            c = "00:00:00".into();
        }
        parts.push(c);
    }
    parts.join(" ")
}

/// A date, time or timestamp written in ISO form, in one spelling: `YYYY-MM-DD`,
/// `HH:MM:SS[.f]` or `YYYY-MM-DD HH:MM:SS[.f]` (a `T` becomes a space, seconds are added when
/// missing, the fraction loses its trailing zeros, a `Z` or `+00:00` zone is dropped). `None`
/// for text that is not one of them, compared as it is.
pub fn canonical_time(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let is_date = |at: usize| {
        digits(at..at + 4)
            && b.get(at + 4) == Some(&b'-')
            && digits(at + 5..at + 7)
            && b.get(at + 7) == Some(&b'-')
            && digits(at + 8..at + 10)
    };
    let clock = |rest: &str| -> Option<String> {
        let rest = rest
            .strip_suffix('Z')
            .or_else(|| rest.strip_suffix("+00:00"))
            .or_else(|| rest.strip_suffix("+00"))
            .unwrap_or(rest);
        let r = rest.as_bytes();
        let two = |i: usize| {
            r.get(i..i + 2)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        if !(two(0) && r.get(2) == Some(&b':') && two(3)) {
            return None;
        }
        let (hm, tail) = rest.split_at(5);
        let (sec, frac) = match tail.strip_prefix(':') {
            None if tail.is_empty() => ("00", ""),
            None => return None,
            Some(t) => t.split_at(t.find('.').unwrap_or(t.len())),
        };
        if sec.len() != 2 || !sec.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let frac = match frac.strip_prefix('.') {
            None if frac.is_empty() => "",
            None => return None,
            Some(f) if f.bytes().all(|c| c.is_ascii_digit()) => f.trim_end_matches('0'),
            Some(_) => return None,
        };
        Some(if frac.is_empty() {
            format!("{hm}:{sec}")
        } else {
            format!("{hm}:{sec}.{frac}")
        })
    };
    if is_date(0) {
        if s.len() == 10 {
            return Some(s.to_string());
        }
        let sep = b.get(10)?;
        if *sep != b' ' && *sep != b'T' {
            return None;
        }
        return Some(format!("{} {}", &s[..10], clock(&s[11..])?));
    }
    clock(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_justified_like_postgres_compares_them() {
        let day = 86_400_000_000;
        assert_eq!(interval_text(0, 32, 0), "1 mon 2 days");
        assert_eq!(interval_text(0, 1, 0), interval_text(0, 0, day));
        assert_eq!(interval_text(1, 0, 0), interval_text(0, 30, 0));
        assert_eq!(
            interval_text(14, 1, 3_723_500_000),
            "1 year 2 mons 1 day 01:02:03.5"
        );
        assert_eq!(interval_text(0, 0, 0), "00:00:00");
        assert_eq!(interval_text(0, 0, 1_800_000_000), "00:30:00");
        assert_eq!(interval_text(0, -1, -7_200_000_000), "-1 days -02:00:00");
        assert_eq!(interval_text(0, 0, -1_800_000_000), "-00:30:00");
    }

    #[test]
    fn times_have_one_spelling() {
        assert_eq!(
            canonical_time("2012-07-03T11:00:00.000").as_deref(),
            Some("2012-07-03 11:00:00")
        );
        assert_eq!(
            canonical_time("2012-07-03 11:00").as_deref(),
            Some("2012-07-03 11:00:00")
        );
        assert_eq!(
            canonical_time("2012-07-03 11:00:00.250Z").as_deref(),
            Some("2012-07-03 11:00:00.25")
        );
        assert_eq!(canonical_time("2012-07-03").as_deref(), Some("2012-07-03"));
        assert_eq!(canonical_time("08:30:00.0").as_deref(), Some("08:30:00"));
        for not in [
            "Tennis Court 1",
            "2012-07-03x",
            "12:3",
            "2012-07-03 11:00:00+02:00",
            "",
        ] {
            assert_eq!(canonical_time(not), None, "{not}");
        }
    }
}
