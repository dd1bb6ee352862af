//! The value types of function signatures: `int float bool string list<T> map<string,T>
//! optional<T> tuple<A,B,...>`, parsed from their text in `problem.toml`; whether a JSON value
//! conforms to one ([`conforms`]) and how a value is shown in messages ([`show_value`]).

use super::visible::visible;
use serde_json::Value;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    Int,
    Float,
    Bool,
    String,
    List(Box<ValueType>),
    Map(Box<ValueType>),
    Optional(Box<ValueType>),
    Tuple(Vec<ValueType>),
    /// Any JSON value, compared by its shape (a class's call results; not written in a spec).
    Any,
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::Int => f.write_str("int"),
            ValueType::Float => f.write_str("float"),
            ValueType::Bool => f.write_str("bool"),
            ValueType::String => f.write_str("string"),
            ValueType::Any => f.write_str("any"),
            ValueType::List(t) => write!(f, "list<{t}>"),
            ValueType::Map(t) => write!(f, "map<string,{t}>"),
            ValueType::Optional(t) => write!(f, "optional<{t}>"),
            ValueType::Tuple(ts) => {
                f.write_str("tuple<")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(">")
            }
        }
    }
}

impl std::str::FromStr for ValueType {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut p = Parser {
            s: compact.as_bytes(),
            i: 0,
        };
        let t = p
            .parse()
            .map_err(|e| format!("invalid type `{text}`: {e}"))?;
        if p.i != p.s.len() {
            return Err(format!(
                "invalid type `{text}`: unexpected `{}`",
                &compact[p.i..]
            ));
        }
        Ok(t)
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

const KNOWN: &str =
    "expected int, float, bool, string, list<T>, map<string,T>, optional<T> or tuple<A,B>";

impl Parser<'_> {
    fn word(&mut self) -> &str {
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphanumeric() {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i]).unwrap_or("")
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected `{}`", c as char))
        }
    }
    fn parse(&mut self) -> Result<ValueType, String> {
        let word = self.word().to_string();
        Ok(match word.as_str() {
            "int" => ValueType::Int,
            "float" => ValueType::Float,
            "bool" => ValueType::Bool,
            "string" | "str" => ValueType::String,
            "list" | "optional" => {
                self.eat(b'<')?;
                let inner = Box::new(self.parse()?);
                self.eat(b'>')?;
                if word == "list" {
                    ValueType::List(inner)
                } else {
                    ValueType::Optional(inner)
                }
            }
            "map" => {
                self.eat(b'<')?;
                if self.word() != "string" {
                    return Err("map keys must be `string`".into());
                }
                self.eat(b',')?;
                let inner = Box::new(self.parse()?);
                self.eat(b'>')?;
                ValueType::Map(inner)
            }
            "tuple" => {
                self.eat(b'<')?;
                let mut items = vec![self.parse()?];
                while self.s.get(self.i) == Some(&b',') {
                    self.i += 1;
                    items.push(self.parse()?);
                }
                self.eat(b'>')?;
                ValueType::Tuple(items)
            }
            "" => return Err(KNOWN.into()),
            other => return Err(format!("unknown type `{other}`; {KNOWN}")),
        })
    }
}

/// Shows a value briefly: strings with visible whitespace (the empty string as `""`), long
/// things truncated.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) if s.is_empty() => "\"\"".to_owned(),
        Value::String(s) => {
            let n = s.chars().count();
            if n > 60 {
                format!("\"{}\" ({n} chars)", visible(s, 60))
            } else {
                format!("\"{}\"", visible(s, 60))
            }
        }
        Value::Object(o) if o.contains_key("__unencodable__") => format!(
            "a {} ({})",
            o["__unencodable__"].as_str().unwrap_or("?"),
            o.get("repr").and_then(Value::as_str).unwrap_or("")
        ),
        other => {
            let text = other.to_string();
            if text.chars().count() > 80 {
                format!("{}…", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// The JSON kind of a value, as a message names it.
pub fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null (None)",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(o) if o.contains_key("__unencodable__") => "a value JSON cannot carry",
        Value::Object(_) => "map",
    }
}

/// Checks that `v` is a value of type `ty` (for validating a problem's own test data).
pub fn conforms(v: &Value, ty: &ValueType) -> Result<(), String> {
    fn check(v: &Value, ty: &ValueType, path: &str) -> Result<(), String> {
        let ok = match (ty, v) {
            (ValueType::Any, _) | (ValueType::Optional(_), Value::Null) => true,
            (ValueType::Optional(inner), _) => return check(v, inner, path),
            (ValueType::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (ValueType::Float, Value::Number(_))
            | (ValueType::Bool, Value::Bool(_))
            | (ValueType::String, Value::String(_)) => true,
            (ValueType::List(inner), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    check(item, inner, &format!("{path}[{i}]"))?;
                }
                true
            }
            (ValueType::Tuple(types), Value::Array(items)) if types.len() == items.len() => {
                for (i, (item, t)) in items.iter().zip(types).enumerate() {
                    check(item, t, &format!("{path}[{i}]"))?;
                }
                true
            }
            (ValueType::Map(inner), Value::Object(entries)) => {
                for (k, item) in entries {
                    check(item, inner, &format!("{path}[\"{k}\"]"))?;
                }
                true
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{}should be {ty}, not {} ({})",
                at_path(path),
                show_value(v),
                value_kind(v)
            ))
        }
    }
    check(v, ty, "")
}

/// `at PATH: ` before a message about the part of a value at `PATH` (nothing at the root).
pub fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("at {path}: ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for t in [
            "int",
            "string",
            "list<int>",
            "map<string,list<float>>",
            "optional<string>",
            "tuple<int,string,bool>",
        ] {
            let parsed: ValueType = t.parse().unwrap();
            assert_eq!(parsed.to_string(), t);
        }
        assert_eq!(
            "list< int >".parse::<ValueType>(),
            Ok(ValueType::List(Box::new(ValueType::Int)))
        );
    }

    #[test]
    fn rejects() {
        assert!(
            "integer"
                .parse::<ValueType>()
                .unwrap_err()
                .contains("unknown type `integer`")
        );
        assert!("map<int,int>".parse::<ValueType>().is_err());
        assert!("list<int".parse::<ValueType>().is_err());
        assert!("int>".parse::<ValueType>().is_err());
    }

    #[test]
    fn shows_the_empty_string_as_two_quotes() {
        assert_eq!(show_value(&Value::String(String::new())), "\"\"");
        assert_eq!(show_value(&Value::String(" ".into())), "\"·\"");
    }
}
