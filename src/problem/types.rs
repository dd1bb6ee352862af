//! The value types of function signatures: `int float bool string list<T> map<string,T>
//! optional<T> tuple<A,B,...>`, parsed from their text in `problem.toml`.

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
}
