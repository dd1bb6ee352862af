//! Names for the records a signature writes inline (`type = "{x: int, y: int}"`), which Java,
//! C++ and Rust need as a class or struct: each gets one after the place it is first met, in
//! PascalCase. A parameter's record is named after the parameter (`origin` → `Origin`, also
//! inside a list, set, map or optional), the function's returned record after the function
//! (`grow` → `GrowResult`; a method's after the method), a record in a field after its record and
//! the field (`GrowResult` field `best` → `GrowResultBest`), one inside a `[types]` entry after
//! the entry. The same record written twice is one class (the first place's name). A name the
//! harness or the language already uses (`Node`, `String`, `Result`, a `[types]` record's class,
//! ...) gets `Record` appended, or a number when another record took it.

use super::records::pascal;
use crate::problem::FunctionSig;
use crate::problem::types::{Alias, ValueType};
use std::collections::HashMap;

/// Class names a generated record cannot take: the harnesses' own types and the languages'
/// common ones.
const RESERVED: &[&str] = &[
    "Json",
    "ListNode",
    "Node",
    "Solution",
    "GraderHarness",
    "Object",
    "String",
    "List",
    "Map",
    "Set",
    "Optional",
    "Long",
    "Integer",
    "Double",
    "Boolean",
    "Vec",
    "Box",
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "HashMap",
    "HashSet",
    "Rc",
    "RefCell",
];

/// `sig` with each record written inline replaced by a name standing for it (the `[types]`
/// names rebuilt around them), so that every record the harness meets has a class name.
pub fn name_records(sig: &FunctionSig) -> FunctionSig {
    let mut namer = Namer {
        rebuilt: HashMap::new(),
        inline: Vec::new(),
        taken: RESERVED.iter().map(|s| s.to_string()).collect(),
    };
    namer.taken.push(pascal(&sig.name));
    for t in sig.types() {
        t.visit(&mut |t| {
            if let ValueType::Alias(a) = t
                && matches!(a.target(), ValueType::Record(_))
            {
                namer.taken.push(pascal(&a.name));
            }
        });
    }
    let mut out = sig.clone();
    for (name, t) in &mut out.params {
        *t = namer.ty(t, &pascal(name));
    }
    if !sig.class {
        out.returns = namer.ty(&sig.returns, &format!("{}Result", pascal(&sig.name)));
    }
    for m in &mut out.methods {
        for (name, t) in &mut m.params {
            *t = namer.ty(t, &pascal(name));
        }
        if let Some(t) = &mut m.returns {
            *t = namer.ty(t, &format!("{}Result", pascal(&m.name)));
        }
    }
    out
}

struct Namer {
    /// The `[types]` names met, rebuilt with their inline records named.
    rebuilt: HashMap<String, Alias>,
    /// The inline records named so far (their fields' records named too), each with its name.
    inline: Vec<(ValueType, Alias)>,
    /// Class names in use.
    taken: Vec<String>,
}

impl Namer {
    /// `base`, or the first of `base2`, `base3`... no class has (`Record` appended to a
    /// reserved name, prepended to one that is no identifier).
    fn fresh(&self, base: &str) -> String {
        let base = if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            format!("Record{base}")
        } else if RESERVED.contains(&base) {
            format!("{base}Record")
        } else {
            base.to_string()
        };
        let mut name = base.clone();
        let mut k = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{k}");
            k += 1;
        }
        name
    }

    fn fields(&mut self, fields: &[(String, ValueType)], class: &str) -> ValueType {
        ValueType::Record(
            fields
                .iter()
                .map(|(f, t)| (f.clone(), self.ty(t, &format!("{class}{}", pascal(f)))))
                .collect(),
        )
    }

    /// `ty` with its inline records named, the first after `base`.
    fn ty(&mut self, ty: &ValueType, base: &str) -> ValueType {
        let mut inner = |t: &ValueType| Box::new(self.ty(t, base));
        match ty {
            ValueType::List(t) => ValueType::List(inner(t)),
            ValueType::Set(t) => ValueType::Set(inner(t)),
            ValueType::Iter(t) => ValueType::Iter(inner(t)),
            ValueType::Optional(t) => ValueType::Optional(inner(t)),
            ValueType::Map(t) => ValueType::Map(inner(t)),
            ValueType::KeyMap(k, t) => ValueType::KeyMap(k.clone(), inner(t)),
            ValueType::Tuple(ts) => ValueType::Tuple(ts.iter().map(|t| self.ty(t, base)).collect()),
            ValueType::Union(ts) => ValueType::Union(ts.iter().map(|t| self.ty(t, base)).collect()),
            ValueType::Record(fields) => {
                let class = self.fresh(base);
                let record = self.fields(fields, &class);
                if let Some((_, a)) = self.inline.iter().find(|(r, _)| *r == record) {
                    return ValueType::Alias(a.clone());
                }
                let alias = Alias::new(&self.fresh(base));
                alias.define(record.clone());
                self.taken.push(alias.name.clone());
                self.inline.push((record, alias.clone()));
                ValueType::Alias(alias)
            }
            ValueType::Alias(a) => {
                if let Some(b) = self.rebuilt.get(&a.name) {
                    return ValueType::Alias(b.clone());
                }
                let b = Alias::new(&a.name);
                self.rebuilt.insert(a.name.clone(), b.clone());
                let class = pascal(&a.name);
                b.define(match a.target() {
                    ValueType::Record(fields) => self.fields(fields, &class),
                    other => self.ty(other, &class),
                });
                ValueType::Alias(b)
            }
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::types::{Aliases, parse_type};

    fn sig(params: &[(&str, &str)], returns: &str, aliases: &Aliases) -> FunctionSig {
        let params = params
            .iter()
            .map(|(n, t)| (n.to_string(), parse_type(t, aliases).unwrap()))
            .collect();
        FunctionSig::plain("grow", params, parse_type(returns, aliases).unwrap())
    }

    #[test]
    fn inline_records_are_named_where_first_met() {
        let aliases = Aliases::read([
            ("origin", "{name: string}"),
            ("pts", "list<{x: int, y: int}>"),
        ])
        .unwrap();
        let s = sig(
            &[
                ("origin_point", "{x: int, y: int}"),
                ("node", "list<{id: int}>"),
                ("who", "origin"),
                ("more", "pts"),
            ],
            "{best: {x: int, y: int}, far: optional<{d: float}>, who: {name: string}}",
            &aliases,
        );
        let named = name_records(&s);
        let shown: Vec<String> = named.params.iter().map(|(_, t)| t.to_string()).collect();
        // `node` is the graph's class: the record's is `NodeRecord`.
        assert_eq!(shown, ["OriginPoint", "list<NodeRecord>", "origin", "pts"]);
        assert_eq!(named.returns.to_string(), "GrowResult");
        let ValueType::Alias(result) = &named.returns else {
            panic!()
        };
        // The same record is one class; one shaped like a [types] record is its own, whose name
        // (`Origin`) is taken by that record.
        assert_eq!(
            result.target().to_string(),
            "{best: OriginPoint, far: optional<GrowResultFar>, who: GrowResultWho}"
        );
        let ValueType::Alias(pts) = &named.params[3].1 else {
            panic!()
        };
        assert_eq!(pts.target().to_string(), "list<OriginPoint>");
        // Names already taken get a number.
        let s = sig(
            &[("p", "{a: int}"), ("q", "{b: int}")],
            "{c: int}",
            &Aliases::default(),
        );
        let mut s2 = s.clone();
        s2.params[1].0 = "p_".into();
        let named = name_records(&s2);
        assert_eq!(named.params[1].1.to_string(), "P2");
        assert_eq!(name_records(&s).params[1].1.to_string(), "Q");
    }
}
