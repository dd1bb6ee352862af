//! Human-friendly units of `problem.toml` and `languages.toml`: durations (`500ms`, `2s`),
//! sizes (`256MiB`) and the bounds of limits. Below every layer (`lang` reads them too);
//! parsing happens during deserialization, so a bad value is reported with its position.

use serde::{Deserialize, Deserializer, de};
use std::time::Duration;

/// A duration written as humantime text, e.g. `"500ms"` or `"2s"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dur(pub Duration);

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_duration(&text).map(Dur).map_err(de::Error::custom)
    }
}

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text.trim())
        .map_err(|e| format!("invalid duration `{text}` ({e}); write e.g. \"500ms\" or \"2s\""))?;
    if d.is_zero() {
        return Err(format!("invalid duration `{text}`: must be more than zero"));
    }
    Ok(d)
}

/// The wall-clock limit: `"auto"` (max(2 x time, time + 1s)) or a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wall {
    Auto,
    Fixed(Duration),
}

impl<'de> Deserialize<'de> for Wall {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim() == "auto" {
            return Ok(Wall::Auto);
        }
        parse_duration(&text)
            .map(Wall::Fixed)
            .map_err(|e| de::Error::custom(format!("{e}, or \"auto\"")))
    }
}

impl Wall {
    /// The wall limit for a CPU limit.
    pub fn resolve(self, cpu: Duration) -> Duration {
        match self {
            Wall::Auto => (cpu * 2).max(cpu + Duration::from_secs(1)),
            Wall::Fixed(d) => d,
        }
    }
}

/// A size in bytes, written as `"256MiB"`, `"8 MiB"`, `"512KiB"`, `"1GiB"` or a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SizeText::deserialize(d)?
            .bytes()
            .map(Size)
            .map_err(de::Error::custom)
    }
}

/// A size as written, before it is read: bytes, or a text (`"256MiB"`, or a word such as
/// `"off"` that a caller takes first).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SizeText {
    Bytes(u64),
    Text(String),
}

impl SizeText {
    /// The size in bytes, or why the text is not one.
    pub fn bytes(self) -> Result<u64, String> {
        match self {
            SizeText::Bytes(n) => Ok(n),
            SizeText::Text(t) => parse_size(&t),
        }
    }
}

pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("invalid size `{text}`; write e.g. \"256MiB\", \"64KiB\" or \"1GiB\"");
    let value: f64 = num.parse().map_err(|_| bad())?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" | "k" => 1 << 10,
        "MiB" | "M" => 1 << 20,
        "GiB" | "G" => 1 << 30,
        "KB" | "kB" => 1000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return Err(bad()),
    };
    let bytes = value * factor as f64;
    if bytes < 1.0 {
        return Err(format!("invalid size `{text}`: must be more than zero"));
    }
    Ok(bytes as u64)
}

/// A limit `problem.toml` sets, with the range a problem may use: the sane one by default, the
/// hard one with `allow_outside_bounds = true` (it only keeps numbers from overflowing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Time,
    Wall,
    Memory,
    Output,
}

const MS: u128 = 1_000_000;
const HOUR: u128 = 3_600_000 * MS;
const KIB: u128 = 1 << 10;
const MIB: u128 = 1 << 20;
const GIB: u128 = 1 << 30;

impl Limit {
    /// The key's name in `[limits]`.
    pub fn key(self) -> &'static str {
        match self {
            Limit::Time => "time",
            Limit::Wall => "wall",
            Limit::Memory => "memory",
            Limit::Output => "output",
        }
    }

    /// (low, high) inclusive, in nanoseconds for times and bytes for sizes.
    fn range(self, outside_bounds: bool) -> (u128, u128) {
        match (self, outside_bounds) {
            (Limit::Time | Limit::Wall, false) => (MS, HOUR),
            (Limit::Time | Limit::Wall, true) => (1_000, 7 * 24 * HOUR),
            (Limit::Memory, false) => (MIB, 64 * GIB),
            (Limit::Memory, true) => (64 * KIB, 16 * 1024 * GIB),
            (Limit::Output, false) => (KIB, GIB),
            (Limit::Output, true) => (1, 1024 * GIB),
        }
    }

    fn show(self, v: u128) -> String {
        match self {
            Limit::Time | Limit::Wall => {
                humantime::format_duration(Duration::from_nanos(v.min(u64::MAX as u128) as u64))
                    .to_string()
            }
            Limit::Memory | Limit::Output => human_size(v.min(u64::MAX as u128) as u64),
        }
    }

    /// Refuses a value outside the range, saying the range and how to lift it.
    pub fn check(self, value: u128, outside_bounds: bool) -> Result<(), String> {
        self.outside(value, outside_bounds).map_or(Ok(()), |e| {
            Err(if outside_bounds {
                e
            } else {
                format!(
                    "{e}; use a value in it, or set allow_outside_bounds = true in this [limits] table"
                )
            })
        })
    }

    /// Refuses a value outside the sane range where nothing can lift it (an ICPC/Kattis package).
    pub fn check_sane(self, value: u128) -> Result<(), String> {
        self.outside(value, false)
            .map_or(Ok(()), |e| Err(format!("{e}; use a value in it")))
    }

    fn outside(self, value: u128, outside_bounds: bool) -> Option<String> {
        let (low, high) = self.range(outside_bounds);
        if (low..=high).contains(&value) {
            return None;
        }
        let range = format!("{} to {}", self.show(low), self.show(high));
        let what = if outside_bounds {
            "what the grader can enforce"
        } else {
            "the sane range"
        };
        Some(format!(
            "{} limit {} is outside {what} ({range})",
            self.key(),
            self.show(value)
        ))
    }

    /// [`Limit::check`] of a duration.
    pub fn check_duration(self, d: Duration, outside_bounds: bool) -> Result<(), String> {
        self.check(d.as_nanos(), outside_bounds)
    }
}

/// Formats bytes for people: `256 MiB`, `9.1 MiB`, `812 KiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (name, size) in UNITS {
        if bytes >= size {
            let v = bytes as f64 / size as f64;
            return if v >= 100.0 || v.fract() == 0.0 {
                format!("{v:.0} {name}")
            } else {
                format!("{v:.1} {name}")
            };
        }
    }
    format!("{bytes} B")
}

/// Formats a duration in seconds for people: `0.01s`, `1.25s`.
pub fn human_secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        format!("{s:.2}s")
    } else {
        format!("{s:.1}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("8 MiB"), Ok(8 << 20));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("0MiB").is_err());
    }

    #[test]
    fn durations_and_wall() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("fast").is_err());
        let one = Duration::from_secs(1);
        assert_eq!(Wall::Auto.resolve(one), Duration::from_secs(2));
        assert_eq!(
            Wall::Auto.resolve(Duration::from_millis(200)),
            Duration::from_millis(1200)
        );
        assert_eq!(
            Wall::Auto.resolve(Duration::from_secs(3)),
            Duration::from_secs(6)
        );
    }

    #[test]
    fn limits_have_sane_bounds() {
        let s = Duration::from_secs;
        assert!(
            Limit::Time
                .check_duration(s(18_446_744_073), false)
                .is_err()
        );
        assert!(Limit::Time.check_duration(s(18_446_744_073), true).is_err());
        assert!(Limit::Time.check_duration(s(3600), false).is_ok());
        assert!(Limit::Time.check_duration(s(3601), false).is_err());
        assert!(Limit::Time.check_duration(s(3601), true).is_ok());
        assert!(
            Limit::Wall
                .check_duration(Duration::from_nanos(1), false)
                .is_err()
        );
        assert!(
            Limit::Wall
                .check_duration(Duration::from_millis(1), false)
                .is_ok()
        );
        assert!(Limit::Memory.check(1, false).is_err());
        assert!(Limit::Memory.check(1 << 20, false).is_ok());
        assert!(Limit::Memory.check(64 << 30, false).is_ok());
        assert!(Limit::Memory.check((64 << 30) + 1, false).is_err());
        assert!(Limit::Output.check(1023, false).is_err());
        assert!(Limit::Output.check(1023, true).is_ok());
        let e = Limit::Memory.check(1, false).unwrap_err();
        assert!(
            e.contains("memory limit 1 B") && e.contains("1 MiB to 64 GiB"),
            "{e}"
        );
        assert!(e.contains("allow_outside_bounds = true"), "{e}");
    }

    #[test]
    fn human() {
        assert_eq!(human_size(256 << 20), "256 MiB");
        assert_eq!(human_size(9_500_000), "9.1 MiB");
        assert_eq!(human_size(512), "512 B");
    }
}
