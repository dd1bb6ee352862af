//! The value types of function signatures, parsed from their text in `problem.toml`: `int float
//! bool string any list<T> set<T> iter<T> map<K,V> optional<T> tuple<A,B,...>`, records
//! `{name: string, age: int}`, unions `int | list<int>`, `list_node`, `graph`, and the names of
//! a problem's `[types]` aliases (which may be recursive through a container). What a value of a
//! type is lives in `values` ([`conforms`], [`canonical`], [`show_value`]); the per-language
//! harnesses read a type through its [`ValueType::descriptor`].

mod values;

pub use values::{at_path, canonical, conforms, show_typed, show_value, value_kind};

use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    Int,
    Float,
    Bool,
    String,
    List(Box<ValueType>),
    /// A map with string keys (a JSON object).
    Map(Box<ValueType>),
    /// A map with int, bool or tuple keys: given as a list of `[key, value]` pairs (or, for int
    /// keys, an object whose keys are written as ints), carried as pairs.
    KeyMap(Box<ValueType>, Box<ValueType>),
    Optional(Box<ValueType>),
    Tuple(Vec<ValueType>),
    /// Any JSON value, compared by its shape.
    Any,
    /// Given as a list; compared without order, duplicates meaningless.
    Set(Box<ValueType>),
    /// An iterator of `T`: given to the function as one, and a returned one (a generator) is
    /// collected into a list.
    Iter(Box<ValueType>),
    /// Named fields, given as an object with exactly those keys (an `optional` one may be left
    /// out).
    Record(Vec<(String, ValueType)>),
    /// One of several types: a value takes the first alternative it conforms to.
    Union(Vec<ValueType>),
    /// A name of the problem's `[types]` table.
    Alias(Alias),
    /// A singly linked list of ints (LeetCode's `ListNode` with `val` and `next`), given as the
    /// list of its values.
    ListNode,
    /// An undirected graph of nodes `1..=n` (LeetCode's clone-graph `Node` with `val` and
    /// `neighbors`), given as its adjacency lists; the function takes and returns node 1.
    Graph,
}

/// A name of the `[types]` table and the type it stands for (set once every name is known, so
/// that a type may refer to itself).
#[derive(Clone)]
pub struct Alias {
    pub name: String,
    target: Arc<OnceLock<ValueType>>,
}

impl Alias {
    /// The type the name stands for (`any` while the table is being read).
    pub fn target(&self) -> &ValueType {
        self.target.get().unwrap_or(&ValueType::Any)
    }

    /// A name made outside a `[types]` table, standing for `any` until [`Alias::define`] (the
    /// typed harnesses name a signature's inline records, and rebuild the names around them).
    pub fn new(name: &str) -> Alias {
        Alias {
            name: name.to_string(),
            target: Arc::new(OnceLock::new()),
        }
    }

    /// Sets the type a name made by [`Alias::new`] stands for (a second time does nothing).
    pub fn define(&self, ty: ValueType) {
        let _ = self.target.set(ty);
    }
}

impl PartialEq for Alias {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Alias {}

impl fmt::Debug for Alias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Alias({})", self.name)
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[ValueType], sep: &str) -> fmt::Result {
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{t}")?;
    }
    Ok(())
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::Int => f.write_str("int"),
            ValueType::Float => f.write_str("float"),
            ValueType::Bool => f.write_str("bool"),
            ValueType::String => f.write_str("string"),
            ValueType::Any => f.write_str("any"),
            ValueType::ListNode => f.write_str("list_node"),
            ValueType::Graph => f.write_str("graph"),
            ValueType::Alias(a) => f.write_str(&a.name),
            ValueType::List(t) => write!(f, "list<{t}>"),
            ValueType::Set(t) => write!(f, "set<{t}>"),
            ValueType::Iter(t) => write!(f, "iter<{t}>"),
            ValueType::Map(t) => write!(f, "map<string,{t}>"),
            ValueType::KeyMap(k, t) => write!(f, "map<{k},{t}>"),
            ValueType::Optional(t) => write!(f, "optional<{t}>"),
            ValueType::Tuple(ts) => {
                f.write_str("tuple<")?;
                write_list(f, ts, ",")?;
                f.write_str(">")
            }
            ValueType::Union(ts) => write_list(f, ts, " | "),
            ValueType::Record(fields) => {
                f.write_str("{")?;
                for (i, (name, t)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name}: {t}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl std::str::FromStr for ValueType {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        parse_type(text, &Aliases::default())
    }
}

/// The `[types]` table of a problem: its names, each with the type it stands for.
#[derive(Default, Clone)]
pub struct Aliases(HashMap<String, Alias>);

/// Words a `[types]` name cannot be.
const RESERVED: [&str; 16] = [
    "int",
    "float",
    "bool",
    "string",
    "str",
    "any",
    "list",
    "set",
    "iter",
    "map",
    "optional",
    "tuple",
    "list_node",
    "graph",
    "null",
    "none",
];

impl Aliases {
    /// Reads a `[types]` table: every name may be used in every body (and in the signature).
    /// `Err` names the entry at fault and why: a reserved or invalid name, a body that does not
    /// parse, or a name that reaches itself without a list, set, map or optional between (a value
    /// of it could never end).
    pub fn read<'a>(
        table: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Result<Aliases, (String, String)> {
        let mut aliases = Aliases::default();
        for (name, _) in table.clone() {
            if RESERVED.contains(&name)
                || name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || name.starts_with(|c: char| c.is_ascii_digit())
            {
                return Err((
                    name.to_string(),
                    format!(
                        "`{name}` cannot name a type: use a new identifier (not a built-in type's name)"
                    ),
                ));
            }
            aliases.0.insert(
                name.to_string(),
                Alias {
                    name: name.to_string(),
                    target: Arc::new(OnceLock::new()),
                },
            );
        }
        for (name, body) in table {
            let ty = parse_type(body, &aliases).map_err(|e| (name.to_string(), e))?;
            let _ = aliases.0[name].target.set(ty);
        }
        for name in aliases.0.keys() {
            if let Some(cycle) = aliases.unguarded_cycle(name) {
                return Err((
                    name.clone(),
                    format!(
                        "type `{name}` refers to itself with no list, set, map or optional between ({}): a value of it could never end",
                        cycle.join(" -> ")
                    ),
                ));
            }
        }
        Ok(aliases)
    }

    /// A path from `start` back to itself through unions, tuples and records only.
    fn unguarded_cycle(&self, start: &str) -> Option<Vec<String>> {
        let mut stack = vec![vec![start.to_string()]];
        let mut seen = std::collections::HashSet::new();
        while let Some(path) = stack.pop() {
            let last = path.last()?;
            let mut refs = Vec::new();
            unguarded_refs(self.0[last.as_str()].target(), &mut refs);
            for r in refs {
                let mut next = path.clone();
                next.push(r.clone());
                if r == start {
                    return Some(next);
                }
                if seen.insert(r) {
                    stack.push(next);
                }
            }
        }
        None
    }
}

/// The aliases `ty` reaches without passing a container that may be empty.
fn unguarded_refs(ty: &ValueType, out: &mut Vec<String>) {
    match ty {
        ValueType::Alias(a) => out.push(a.name.clone()),
        ValueType::Union(ts) | ValueType::Tuple(ts) => {
            ts.iter().for_each(|t| unguarded_refs(t, out));
        }
        ValueType::Record(fields) => fields.iter().for_each(|(_, t)| unguarded_refs(t, out)),
        _ => {}
    }
}

/// Parses a type's text, with the names of `aliases`.
pub fn parse_type(text: &str, aliases: &Aliases) -> Result<ValueType, String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut p = Parser {
        s: compact.as_bytes(),
        i: 0,
        aliases,
    };
    let t = p
        .union()
        .map_err(|e| format!("invalid type `{text}`: {e}"))?;
    if p.i != p.s.len() {
        return Err(format!(
            "invalid type `{text}`: unexpected `{}`",
            &compact[p.i..]
        ));
    }
    Ok(t)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    aliases: &'a Aliases,
}

const KNOWN: &str = "expected int, float, bool, string, any, list<T>, set<T>, iter<T>, map<K,V>, optional<T>, tuple<A,B>, {field: T, ...}, list_node, graph, A | B or a name of [types]";

impl Parser<'_> {
    fn word(&mut self) -> String {
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected `{}`", c as char))
        }
    }
    /// `A | B | ...` (one alternative is itself).
    fn union(&mut self) -> Result<ValueType, String> {
        let mut alts = vec![self.parse()?];
        while self.peek() == Some(b'|') {
            self.i += 1;
            alts.push(self.parse()?);
        }
        Ok(if alts.len() == 1 {
            alts.remove(0)
        } else {
            ValueType::Union(alts)
        })
    }
    fn one_arg(&mut self) -> Result<Box<ValueType>, String> {
        self.eat(b'<')?;
        let inner = Box::new(self.union()?);
        self.eat(b'>')?;
        Ok(inner)
    }
    fn record(&mut self) -> Result<ValueType, String> {
        self.eat(b'{')?;
        let mut fields: Vec<(String, ValueType)> = Vec::new();
        loop {
            let name = self.word();
            if name.is_empty() {
                return Err("expected a field's name".into());
            }
            if fields.iter().any(|(n, _)| *n == name) {
                return Err(format!("field `{name}` is declared twice"));
            }
            self.eat(b':')?;
            fields.push((name, self.union()?));
            if self.peek() == Some(b',') {
                self.i += 1;
            } else {
                break;
            }
        }
        self.eat(b'}')?;
        Ok(ValueType::Record(fields))
    }
    fn map(&mut self) -> Result<ValueType, String> {
        self.eat(b'<')?;
        let key = self.union()?;
        self.eat(b',')?;
        let inner = Box::new(self.union()?);
        self.eat(b'>')?;
        let scalar =
            |t: &ValueType| matches!(t, ValueType::Int | ValueType::Bool | ValueType::String);
        Ok(match key {
            ValueType::String => ValueType::Map(inner),
            ValueType::Int | ValueType::Bool => ValueType::KeyMap(Box::new(key), inner),
            ValueType::Tuple(ref ts) if ts.iter().all(scalar) => {
                ValueType::KeyMap(Box::new(key), inner)
            }
            other => {
                return Err(format!(
                    "map keys must be string, int, bool or a tuple of those, not `{other}`"
                ));
            }
        })
    }
    fn parse(&mut self) -> Result<ValueType, String> {
        match self.peek() {
            Some(b'{') => return self.record(),
            Some(b'(') => {
                self.i += 1;
                let t = self.union()?;
                self.eat(b')')?;
                return Ok(t);
            }
            _ => {}
        }
        let word = self.word();
        Ok(match word.as_str() {
            "int" => ValueType::Int,
            "float" => ValueType::Float,
            "bool" => ValueType::Bool,
            "string" | "str" => ValueType::String,
            "any" => ValueType::Any,
            "list_node" => ValueType::ListNode,
            "graph" => ValueType::Graph,
            "list" => ValueType::List(self.one_arg()?),
            "optional" => ValueType::Optional(self.one_arg()?),
            "set" => ValueType::Set(self.one_arg()?),
            "iter" => ValueType::Iter(self.one_arg()?),
            "map" => self.map()?,
            "tuple" => {
                self.eat(b'<')?;
                let mut items = vec![self.union()?];
                while self.peek() == Some(b',') {
                    self.i += 1;
                    items.push(self.union()?);
                }
                self.eat(b'>')?;
                ValueType::Tuple(items)
            }
            "" => return Err(KNOWN.into()),
            other => match self.aliases.0.get(other) {
                Some(a) => ValueType::Alias(a.clone()),
                None => return Err(format!("unknown type `{other}`; {KNOWN}")),
            },
        })
    }
}

impl ValueType {
    /// The type as the harnesses read it: a word (`"int"`, `"list_node"`) or a one-key object
    /// (`{"list": T}`, `{"map": [K, V]}`, `{"record": [[name, T], ...]}`, `{"alias": name}`);
    /// the aliases' own types come apart (see [`alias_descriptors`]).
    pub fn descriptor(&self) -> Value {
        let all = |ts: &[ValueType]| ts.iter().map(ValueType::descriptor).collect::<Vec<_>>();
        match self {
            ValueType::Int => json!("int"),
            ValueType::Float => json!("float"),
            ValueType::Bool => json!("bool"),
            ValueType::String => json!("string"),
            ValueType::Any => json!("any"),
            ValueType::ListNode => json!("list_node"),
            ValueType::Graph => json!("graph"),
            ValueType::List(t) => json!({"list": t.descriptor()}),
            ValueType::Set(t) => json!({"set": t.descriptor()}),
            ValueType::Iter(t) => json!({"iter": t.descriptor()}),
            ValueType::Optional(t) => json!({"optional": t.descriptor()}),
            ValueType::Map(t) => json!({"map": ["string", t.descriptor()]}),
            ValueType::KeyMap(k, t) => json!({"map": [k.descriptor(), t.descriptor()]}),
            ValueType::Tuple(ts) => json!({"tuple": all(ts)}),
            ValueType::Union(ts) => json!({"union": all(ts)}),
            ValueType::Record(fs) => json!({"record": fs
                .iter()
                .map(|(n, t)| json!([n, t.descriptor()]))
                .collect::<Vec<_>>()}),
            ValueType::Alias(a) => json!({"alias": a.name}),
        }
    }

    /// Calls `f` on this type and every type inside it (an alias's body once).
    pub fn visit(&self, f: &mut dyn FnMut(&ValueType)) {
        let mut seen = Vec::new();
        self.visit_inner(f, &mut seen);
    }

    fn visit_inner(&self, f: &mut dyn FnMut(&ValueType), seen: &mut Vec<String>) {
        f(self);
        match self {
            ValueType::List(t)
            | ValueType::Set(t)
            | ValueType::Iter(t)
            | ValueType::Optional(t)
            | ValueType::Map(t) => t.visit_inner(f, seen),
            ValueType::KeyMap(k, t) => {
                k.visit_inner(f, seen);
                t.visit_inner(f, seen);
            }
            ValueType::Tuple(ts) | ValueType::Union(ts) => {
                ts.iter().for_each(|t| t.visit_inner(f, seen));
            }
            ValueType::Record(fs) => fs.iter().for_each(|(_, t)| t.visit_inner(f, seen)),
            ValueType::Alias(a) if !seen.contains(&a.name) => {
                seen.push(a.name.clone());
                a.target().visit_inner(f, seen);
            }
            _ => {}
        }
    }

    /// Whether this type uses `pred` anywhere inside it.
    pub fn uses(&self, pred: &dyn Fn(&ValueType) -> bool) -> bool {
        let mut found = false;
        self.visit(&mut |t| found |= pred(t));
        found
    }
}

/// The aliases used by `types`, by name, with their descriptors (for the harnesses).
pub fn alias_descriptors<'a>(
    types: impl Iterator<Item = &'a ValueType>,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for t in types {
        t.visit(&mut |t| {
            if let ValueType::Alias(a) = t {
                out.entry(a.name.clone())
                    .or_insert_with(|| a.target().descriptor());
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for t in [
            "int",
            "string",
            "any",
            "list<int>",
            "map<string,list<float>>",
            "map<int,string>",
            "map<tuple<int,int>,bool>",
            "optional<string>",
            "tuple<int,string,bool>",
            "set<tuple<int,int>>",
            "iter<int>",
            "int | list<int>",
            "list<int | string>",
            "{name: string, age: int}",
            "list_node",
            "graph",
        ] {
            let parsed: ValueType = t.parse().unwrap();
            assert_eq!(parsed.to_string(), t);
        }
        assert_eq!(
            "list< int >".parse::<ValueType>(),
            Ok(ValueType::List(Box::new(ValueType::Int)))
        );
        assert_eq!(
            "(int|string)".parse::<ValueType>(),
            Ok(ValueType::Union(vec![ValueType::Int, ValueType::String]))
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
        let e = "map<float,int>".parse::<ValueType>().unwrap_err();
        assert!(e.contains("map keys must be string, int"), "{e}");
        assert!("map<list<int>,int>".parse::<ValueType>().is_err());
        assert!("list<int".parse::<ValueType>().is_err());
        assert!("int>".parse::<ValueType>().is_err());
        assert!("int |".parse::<ValueType>().is_err());
        let e = "{a: int, a: int}".parse::<ValueType>().unwrap_err();
        assert!(e.contains("field `a` is declared twice"), "{e}");
        assert!("{}".parse::<ValueType>().is_err());
    }

    #[test]
    fn recursive_aliases_need_a_container_between() {
        let a = Aliases::read([("nested", "int | list<nested>")]).unwrap();
        let t = parse_type("list<nested>", &a).unwrap();
        assert_eq!(t.to_string(), "list<nested>");
        let ValueType::List(inner) = &t else { panic!() };
        let ValueType::Alias(alias) = &**inner else {
            panic!()
        };
        assert_eq!(alias.target().to_string(), "int | list<nested>");
        // Mutual recursion through a map is fine; through a union or a tuple alone it is not.
        assert!(Aliases::read([("a", "map<string,b> | int"), ("b", "a | bool")]).is_ok());
        let (name, e) = Aliases::read([("a", "b | int"), ("b", "tuple<a,int>")])
            .err()
            .unwrap();
        assert!(["a", "b"].contains(&name.as_str()), "{name}");
        assert!(e.contains("refers to itself") && e.contains("->"), "{e}");
        let (name, e) = Aliases::read([("t", "{next: t}")]).err().unwrap();
        assert_eq!(name, "t");
        assert!(e.contains("t -> t"), "{e}");
        assert!(Aliases::read([("t", "{next: optional<t>, v: int}")]).is_ok());
        let (_, e) = Aliases::read([("a", "list<zzz>")]).err().unwrap();
        assert!(e.contains("unknown type `zzz`"), "{e}");
        let (_, e) = Aliases::read([("list", "int")]).err().unwrap();
        assert!(e.contains("cannot name a type"), "{e}");
        // The harnesses get each alias's body apart.
        let d = alias_descriptors([&t].into_iter());
        assert_eq!(
            d["nested"],
            json!({"union": ["int", {"list": {"alias": "nested"}}]})
        );
    }
}
