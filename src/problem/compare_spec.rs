//! The comparison a problem asks for, as data: the built-in modes and their options ([`Options`],
//! [`Mode`], [`Unit`]) and the flags of the ICPC/Kattis default output validator ([`Flags`]),
//! with the parsing of its arguments. The comparisons themselves are the `compare` layer's.

/// How a program's output is compared with the expected answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Bytes identical.
    Exact,
    /// Line by line; CRLF as LF, trailing spaces/tabs and trailing blank lines ignored.
    Lines,
    /// Whitespace-separated tokens must be equal (the default).
    Tokens,
    /// Like `Tokens`, but decimal numbers are compared with a tolerance.
    Float,
    /// The multiset of lines or tokens (see [`Options::unordered`]) must be equal.
    Unordered,
    /// The expected answer holds one regex per line (a trailing `\r` is dropped, trailing empty
    /// lines ignored); each output line, normalised as in `Lines`, must fully match its regex.
    /// Output lines over 16 MiB never match; patterns left over at the end of the output are
    /// accepted only if they all match an empty line (they stand for ignored blank lines).
    Regex,
}

/// The items compared by [`Mode::Unordered`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Lines, normalised as in [`Mode::Lines`].
    Lines,
    /// Whitespace-separated tokens.
    Tokens,
}

/// Comparison settings.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Options {
    /// The comparison mode; default [`Mode::Tokens`].
    pub mode: Mode,
    /// When false, letters compare ASCII case-insensitively, in every mode but `exact` (regexes
    /// are then compiled case-insensitive); default true.
    pub case_sensitive: bool,
    /// Absolute tolerance of `float` mode; default 1e-6.
    pub float_abs: f64,
    /// Relative tolerance of `float` mode; default 1e-6.
    pub float_rel: f64,
    /// The items compared by `unordered` mode; default [`Unit::Lines`].
    pub unordered: Unit,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mode: Mode::Tokens,
            case_sensitive: true,
            float_abs: 1e-6,
            float_rel: 1e-6,
            unordered: Unit::Lines,
        }
    }
}

/// The default validator's flags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    pub case_sensitive: bool,
    pub space_change_sensitive: bool,
    /// Absolute tolerance (none: not set; problemtools' -1).
    pub float_abs: Option<f64>,
    /// Relative tolerance.
    pub float_rel: Option<f64>,
}

impl Flags {
    /// The flags spelled as the default validator's arguments (the inverse of [`Flags::parse`]).
    pub fn to_args(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.case_sensitive {
            v.push("case_sensitive".to_string());
        }
        if self.space_change_sensitive {
            v.push("space_change_sensitive".to_string());
        }
        if let Some(a) = self.float_abs {
            v.extend(["float_absolute_tolerance".to_string(), format!("{a:e}")]);
        }
        if let Some(r) = self.float_rel {
            v.extend(["float_relative_tolerance".to_string(), format!("{r:e}")]);
        }
        v
    }

    /// Parses the validator's arguments; an unknown flag or a missing number is an error (the
    /// default validator ends with a judge error on them).
    pub fn parse(args: &[String]) -> Result<Flags, String> {
        let mut f = Flags::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut number = |name: &str| {
                it.next()
                    .and_then(|v| c_double(v.as_bytes()))
                    .ok_or_else(|| format!("`{name}` needs a number after it"))
            };
            match a.as_str() {
                "case_sensitive" => f.case_sensitive = true,
                "space_change_sensitive" => f.space_change_sensitive = true,
                "float_absolute_tolerance" => f.float_abs = Some(number(a)?),
                "float_relative_tolerance" => f.float_rel = Some(number(a)?),
                "float_tolerance" => {
                    let v = number(a)?;
                    f.float_abs = Some(v);
                    f.float_rel = Some(v);
                }
                other => {
                    return Err(format!(
                        "unknown default validator flag `{other}` (known: case_sensitive, space_change_sensitive, float_tolerance, float_absolute_tolerance, float_relative_tolerance)"
                    ));
                }
            }
        }
        Ok(f)
    }

    /// Whether numbers are compared with a tolerance.
    pub fn uses_floats(&self) -> bool {
        self.float_abs.is_some_and(|v| v >= 0.0) || self.float_rel.is_some_and(|v| v >= 0.0)
    }

    /// The closest built-in comparison, used only to explain a difference.
    pub fn compare_options(&self) -> Options {
        Options {
            mode: if self.space_change_sensitive {
                Mode::Exact
            } else if self.uses_floats() {
                Mode::Float
            } else {
                Mode::Tokens
            },
            case_sensitive: self.case_sensitive,
            float_abs: self.float_abs.unwrap_or(-1.0),
            float_rel: self.float_rel.unwrap_or(-1.0),
            ..Options::default()
        }
    }
}

/// The value of `token` if the whole of it reads as a finite C `double` (`sscanf("%lf%10s")`
/// matching exactly one item, then neither infinite nor NaN).
pub fn c_double(token: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(token).ok()?;
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-') => (-1.0, &s[1..]),
        Some(b'+') => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    let value = if body.len() > 2 && (body.starts_with("0x") || body.starts_with("0X")) {
        hex_double(&body[2..])?
    } else {
        // glibc's scanf consumes a dangling exponent marker: "1e", "1e+" read as 1.
        let body = body
            .strip_suffix(['e', 'E'])
            .or_else(|| {
                body.strip_suffix(['+', '-'])
                    .and_then(|b| b.strip_suffix(['e', 'E']))
            })
            .filter(|b| !b.ends_with(['e', 'E']))
            .unwrap_or(body);
        // Decimal: digits, optional point and digits (at least one digit), optional exponent.
        // Rust's parser also takes "inf"/"nan", which C would take too and then reject.
        let ok = body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
        if !ok || !body.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    let v = sign * value;
    v.is_finite().then_some(v)
}

/// A hexadecimal floating constant after its `0x`: hex digits, an optional point and hex digits,
/// an optional binary exponent `p[+-]digits`.
fn hex_double(s: &str) -> Option<f64> {
    if s == "." {
        // glibc reads "0x." as 0.
        return Some(0.0);
    }
    let (mantissa, exp) = match s.find(['p', 'P']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    // A dangling binary exponent marker ("0x1p", "0x1p+") is consumed, as glibc does.
    let exp = exp.filter(|e| !matches!(*e, "" | "+" | "-"));
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    if let Some(e) = exp {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let e: i32 = e
            .parse()
            .unwrap_or(if e.starts_with('-') { -10000 } else { 10000 });
        v *= 2f64.powi(e);
    }
    Some(v)
}
