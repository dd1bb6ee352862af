//! Values compared by what they mean rather than how an engine spells them: PostgreSQL's
//! binary values decoded into the cells SQLite gives ([`decode`]),
//! `interval` in one canonical text (justified: 30-day months, 24-hour days, the form
//! PostgreSQL's own `=` compares by), and dates, times and timestamps in one ISO spelling
//! (`T` or space, trailing zeros of the seconds' fraction), so SQLite's text and PostgreSQL's
//! binary values meet.

use super::table::Cell;
use postgres::types::Type;

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

fn be<const N: usize>(raw: &[u8], at: usize) -> Result<[u8; N], String> {
    raw.get(at..at + N)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| "a truncated value".to_string())
}

/// One PostgreSQL value in binary format as the cell SQLite would give.
pub fn decode(ty: &Type, raw: &[u8]) -> Result<Cell, String> {
    Ok(match *ty {
        Type::BOOL => Cell::Int(i64::from(raw.first().copied().unwrap_or(0) != 0)),
        Type::INT2 => Cell::Int(i64::from(i16::from_be_bytes(be(raw, 0)?))),
        Type::INT4 => Cell::Int(i64::from(i32::from_be_bytes(be(raw, 0)?))),
        Type::INT8 => Cell::Int(i64::from_be_bytes(be(raw, 0)?)),
        Type::OID => Cell::Int(i64::from(u32::from_be_bytes(be(raw, 0)?))),
        Type::FLOAT4 => Cell::Real(f64::from(f32::from_be_bytes(be(raw, 0)?))),
        Type::FLOAT8 => Cell::Real(f64::from_be_bytes(be(raw, 0)?)),
        Type::NUMERIC => numeric(raw)?,
        Type::DATE => {
            let days = i32::from_be_bytes(be(raw, 0)?);
            Cell::Text(civil(i64::from(days)))
        }
        Type::TIMESTAMP | Type::TIMESTAMPTZ => {
            let us = i64::from_be_bytes(be(raw, 0)?);
            let days = us.div_euclid(86_400_000_000);
            Cell::Text(format!(
                "{} {}",
                civil(days),
                clock(us.rem_euclid(86_400_000_000))
            ))
        }
        Type::TIME => Cell::Text(clock(i64::from_be_bytes(be(raw, 0)?))),
        Type::TIMETZ => {
            // Microseconds, then the zone's offset in seconds west of UTC.
            let (us, west) = (
                i64::from_be_bytes(be(raw, 0)?),
                i32::from_be_bytes(be(raw, 8)?),
            );
            let east = -i64::from(west);
            let zone = format!(
                "{}{:02}:{:02}",
                if east < 0 { '-' } else { '+' },
                east.abs() / 3600,
                east.abs() / 60 % 60
            );
            Cell::Text(format!("{}{zone}", clock(us)))
        }
        Type::INTERVAL => Cell::Text(interval_text(
            i32::from_be_bytes(be(raw, 12)?),
            i32::from_be_bytes(be(raw, 8)?),
            i64::from_be_bytes(be(raw, 0)?),
        )),
        Type::MONEY => Cell::Real(i64::from_be_bytes(be(raw, 0)?) as f64 / 100.0),
        Type::UUID => {
            let h: String = be::<16>(raw, 0)?
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            Cell::Text(format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            ))
        }
        Type::BYTEA => Cell::Blob(raw.to_vec()),
        Type::JSONB => Cell::Text(String::from_utf8_lossy(raw.get(1..).unwrap_or(&[])).into()),
        Type::TEXT
        | Type::VARCHAR
        | Type::BPCHAR
        | Type::NAME
        | Type::UNKNOWN
        | Type::CHAR
        | Type::JSON
        | Type::XML => Cell::Text(String::from_utf8_lossy(raw).into_owned()),
        ref other => {
            return Err(format!(
                "a result column of type {} cannot be compared: cast it (e.g. CAST(x AS TEXT))",
                other.name()
            ));
        }
    })
}

/// Days since 2000-01-01 as `YYYY-MM-DD`.
fn civil(days: i64) -> String {
    // Howard Hinnant's days-to-civil, from 1970-01-01 (10957 days before 2000-01-01).
    let z = days + 10_957 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Microseconds since midnight as `HH:MM:SS[.ffffff]`.
fn clock(us: i64) -> String {
    let secs = us / 1_000_000;
    let frac = us % 1_000_000;
    let base = format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    if frac == 0 {
        base
    } else {
        format!("{base}.{}", format!("{frac:06}").trim_end_matches('0'))
    }
}

/// NUMERIC (base-10000 digits) as a number: an integer when it has no decimals and fits, else a
/// float (compared with the problem's tolerance, like SQLite's REAL).
fn numeric(raw: &[u8]) -> Result<Cell, String> {
    let ndigits = i16::from_be_bytes(be(raw, 0)?) as i64;
    let weight = i16::from_be_bytes(be(raw, 2)?) as i64;
    let sign = u16::from_be_bytes(be(raw, 4)?);
    let dscale = u16::from_be_bytes(be(raw, 6)?);
    match sign {
        0xC000 => return Ok(Cell::Real(f64::NAN)),
        0xD000 => return Ok(Cell::Real(f64::INFINITY)),
        0xF000 => return Ok(Cell::Real(f64::NEG_INFINITY)),
        _ => {}
    }
    let digit = |i: i64| -> Result<u16, String> {
        if i < 0 || i >= ndigits {
            Ok(0)
        } else {
            Ok(u16::from_be_bytes(be(raw, 8 + 2 * i as usize)?))
        }
    };
    let mut int = String::new();
    for i in 0..=weight {
        let d = digit(i)?;
        if int.is_empty() {
            if d != 0 {
                int = d.to_string();
            }
        } else {
            int.push_str(&format!("{d:04}"));
        }
    }
    if int.is_empty() {
        int.push('0');
    }
    let mut frac = String::new();
    for j in 1..=(ndigits - 1 - weight).max(0) {
        frac.push_str(&format!("{:04}", digit(weight + j)?));
    }
    let neg = sign == 0x4000;
    if dscale == 0
        && frac.trim_end_matches('0').is_empty()
        && let Ok(i) = int.parse::<i64>()
    {
        return Ok(Cell::Int(if neg { -i } else { i }));
    }
    let text = format!("{}{int}.{}", if neg { "-" } else { "" }, frac);
    text.trim_end_matches('.')
        .parse::<f64>()
        .map(Cell::Real)
        .map_err(|e| format!("cannot read NUMERIC {text}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_dates_decode() {
        // 1.5000: ndigits 2, weight 0, sign +, dscale 4, digits 1, 5000
        let raw = [0, 2, 0, 0, 0, 0, 0, 4, 0, 1, 0x13, 0x88];
        assert_eq!(numeric(&raw).unwrap(), Cell::Real(1.5));
        // -123456789: digits 1, 2345, 6789, weight 2
        let raw = [0, 3, 0, 2, 0x40, 0, 0, 0, 0, 1, 0x09, 0x29, 0x1a, 0x85];
        assert_eq!(numeric(&raw).unwrap(), Cell::Int(-123_456_789));
        // 0.0012: weight -1, digits 12, dscale 4
        let raw = [0, 1, 0xff, 0xff, 0, 0, 0, 4, 0, 12];
        assert_eq!(numeric(&raw).unwrap(), Cell::Real(0.0012));
        assert_eq!(civil(0), "2000-01-01");
        assert_eq!(civil(8766), "2024-01-01");
        assert_eq!(civil(-1), "1999-12-31");
        assert_eq!(clock(3_723_500_000), "01:02:03.5");
    }

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
    fn intervals_and_uuids_decode() {
        // 1 day 02:00:00 as microseconds, days, months: 7_200_000_000 us, 1 day, 0 months.
        let mut raw = 7_200_000_000i64.to_be_bytes().to_vec();
        raw.extend(1i32.to_be_bytes());
        raw.extend(0i32.to_be_bytes());
        assert_eq!(
            decode(&Type::INTERVAL, &raw).unwrap(),
            Cell::Text("1 day 02:00:00".into())
        );
        let uuid: Vec<u8> = (0..16).collect();
        assert_eq!(
            decode(&Type::UUID, &uuid).unwrap(),
            Cell::Text("00010203-0405-0607-0809-0a0b0c0d0e0f".into())
        );
        assert!(decode(&Type::UUID, &uuid[..3]).is_err());
        let e = decode(&Type::POINT, &[0; 16]).unwrap_err();
        assert!(e.contains("type point cannot be compared: cast it"), "{e}");
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
