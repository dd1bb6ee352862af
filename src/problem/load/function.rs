//! `[function]`: the signature of a function or class answer (parameters, return type, typed
//! methods, check function, drivers) and the checking of each test's arguments against it.

use super::*;

pub(super) fn function_sig(
    ctx: &Ctx,
    f: &Spanned<spec::FunctionToml>,
    types: Option<&Spanned<TypesToml>>,
) -> Result<FunctionSig> {
    let ft = f.get_ref();
    let aliases = aliases(ctx, types)?;
    let parse = |t: &Spanned<String>| -> Result<ValueType> {
        crate::problem::types::parse_type(t.get_ref(), &aliases).map_err(|e| ctx.at(t.span(), e))
    };
    let (name, class) = match (&ft.name, &ft.class) {
        (Some(n), None) => (n, false),
        (None, Some(c)) => (c, true),
        _ => {
            return Err(ctx.at(
                f.span(),
                "[function] needs exactly one of `name` (a function) and `class` (a class driven by each test's `calls`)",
            ));
        }
    };
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(ctx.at(
            f.span(),
            format!("[function] name `{name}` is not an identifier"),
        ));
    }
    let returns = match (&ft.returns, class) {
        (Some(r), false) => parse(r)?,
        (None, false) => {
            return Err(ctx.at(
                f.span(),
                "[function] needs `returns` (the return value's type)",
            ));
        }
        (Some(r), true) => {
            return Err(ctx.at(
                r.span(),
                "a class's call results are compared by their shape: remove `returns`",
            ));
        }
        (None, true) => ValueType::Any,
    };
    if class && !ft.params.is_empty() && ft.methods.is_none() {
        return Err(ctx.at(
            f.span(),
            "a class's `params` are its constructor's, given with its `methods`; without `methods`, remove `params` (each test's `calls` give the arguments)",
        ));
    }
    let mut methods = Vec::new();
    if let Some(ms) = &ft.methods {
        if !class {
            return Err(ctx.at(
                ms.span(),
                "`methods` belong to a class: write class = \"...\" in place of name",
            ));
        }
        for m in ms.get_ref() {
            if m.name.is_empty()
                || m.name.starts_with('_')
                || !m.name.chars().all(|c| c.is_alphanumeric() || c == '_')
            {
                return Err(ctx.at(
                    ms.span(),
                    format!("method name `{}` is not a public identifier", m.name),
                ));
            }
            if methods
                .iter()
                .any(|x: &crate::problem::model::Method| x.name == m.name)
            {
                return Err(ctx.at(ms.span(), format!("method `{}` is declared twice", m.name)));
            }
            methods.push(crate::problem::model::Method {
                name: m.name.clone(),
                params: m
                    .params
                    .iter()
                    .map(|p| Ok((p.name.clone(), parse(&p.ty)?)))
                    .collect::<Result<_>>()?,
                returns: m.returns.as_ref().map(parse).transpose()?,
            });
        }
    }
    let check = match &ft.check {
        Some(c) => Some(problem_file(
            ctx,
            c.span(),
            "the check function",
            c.get_ref(),
        )?),
        None => None,
    };
    let mut drivers = std::collections::BTreeMap::new();
    if let Some(h) = &ft.harness {
        for (lang, file) in h.get_ref() {
            if lang != "python3" && lang != "javascript" {
                return Err(ctx.at(
                    h.span(),
                    format!(
                        "[function] harness: `{lang}` drivers are not supported yet (python3 and javascript are)"
                    ),
                ));
            }
            drivers.insert(
                lang.clone(),
                problem_file(ctx, h.span(), "the harness", file)?,
            );
        }
        if class {
            return Err(ctx.at(
                h.span(),
                "[function] harness drives a function by its `name`; with `class`, tests are `calls`",
            ));
        }
    }
    Ok(FunctionSig {
        name: name.clone(),
        params: ft
            .params
            .iter()
            .map(|p| Ok((p.name.clone(), parse(&p.ty)?)))
            .collect::<Result<_>>()?,
        returns,
        unordered: ft.unordered,
        class,
        methods,
        check,
        drivers,
    })
}

type TypesToml = std::collections::BTreeMap<String, Spanned<String>>;

/// The `[types]` table: an error points at the entry at fault.
fn aliases(
    ctx: &Ctx,
    types: Option<&Spanned<TypesToml>>,
) -> Result<crate::problem::types::Aliases> {
    let Some(types) = types else {
        return Ok(Default::default());
    };
    let table = types
        .get_ref()
        .iter()
        .map(|(name, body)| (name.as_str(), body.get_ref().as_str()));
    crate::problem::types::Aliases::read(table).map_err(|(name, e)| {
        let span = types
            .get_ref()
            .get(&name)
            .map_or_else(|| types.span(), Spanned::span);
        ctx.at(span, format!("[types] {name}: {e}"))
    })
}

/// Checks a function test's data against the signature: the number and types of the arguments
/// and the type of the expected value.
pub(super) fn check_args(
    f: &FunctionSig,
    args: &serde_json::Value,
    expected: &serde_json::Value,
) -> std::result::Result<(), String> {
    let values = args.as_array().map_or(&[][..], Vec::as_slice);
    if f.class {
        return check_calls(f, values, expected);
    }
    if values.len() != f.params.len() {
        return Err(format!(
            "`args` has {} value(s) but `{}` takes {} parameter(s)",
            values.len(),
            f.name,
            f.params.len()
        ));
    }
    for (v, (name, ty)) in values.iter().zip(&f.params) {
        crate::problem::types::conforms(v, ty).map_err(|e| format!("argument `{name}`: {e}"))?;
    }
    crate::problem::types::conforms(expected, &f.returns).map_err(|e| format!("`expected`: {e}"))
}

/// Checks a class test's `calls` (`[["LRUCache", 2], ["put", 1, 1], ...]`: the constructor
/// first, then methods) against its `expected` (one value per call).
pub(super) fn check_calls(
    f: &FunctionSig,
    calls: &[serde_json::Value],
    expected: &serde_json::Value,
) -> std::result::Result<(), String> {
    for (i, call) in calls.iter().enumerate() {
        let name = call
            .as_array()
            .and_then(|c| c.first())
            .and_then(serde_json::Value::as_str);
        match name {
            None => {
                return Err(format!(
                    "`calls`[{i}] should be a list that starts with a method's name, like [\"get\", 1]"
                ));
            }
            Some(n) if i == 0 && n != f.name => {
                return Err(format!(
                    "`calls` should start with the constructor [\"{}\", ...], not [\"{n}\", ...]",
                    f.name
                ));
            }
            Some(n) if i > 0 && (n.starts_with('_') || n.is_empty()) => {
                return Err(format!("`calls`[{i}]: `{n}` is not a public method's name"));
            }
            _ => {}
        }
    }
    if calls.is_empty() {
        return Err(format!(
            "`calls` is empty: it should start with [\"{}\", ...]",
            f.name
        ));
    }
    let expected = match expected.as_array() {
        Some(e) if e.len() == calls.len() => e,
        _ => {
            return Err(format!(
                "`expected` should be a list of {} value(s), one per call (null for the constructor)",
                calls.len()
            ));
        }
    };
    if f.methods.is_empty() {
        return Ok(());
    }
    // Typed methods: every call names one, with arguments and an expected value of its types.
    for (i, (call, want)) in calls.iter().zip(expected).enumerate() {
        let items = call.as_array().map_or(&[][..], Vec::as_slice);
        let name = items
            .first()
            .and_then(serde_json::Value::as_str)
            .unwrap_or("");
        let (params, returns) = if i == 0 {
            (&f.params, None)
        } else {
            match f.method(name) {
                Some(m) => (&m.params, m.returns.as_ref()),
                None => {
                    let names: Vec<&str> = f.methods.iter().map(|m| m.name.as_str()).collect();
                    return Err(format!(
                        "`calls`[{i}]: `{name}` is not one of the class's `methods` ({})",
                        names.join(", ")
                    ));
                }
            }
        };
        let args = &items[1.min(items.len())..];
        if args.len() != params.len() {
            return Err(format!(
                "`calls`[{i}]: `{name}` takes {} argument(s), not {}",
                params.len(),
                args.len()
            ));
        }
        for (v, (pname, ty)) in args.iter().zip(params) {
            crate::problem::types::conforms(v, ty)
                .map_err(|e| format!("`calls`[{i}]: argument `{pname}` of `{name}`: {e}"))?;
        }
        match returns {
            Some(ty) => crate::problem::types::conforms(want, ty)
                .map_err(|e| format!("`expected`[{i}] (`{name}`): {e}"))?,
            None if !want.is_null() && i == 0 => {
                return Err(
                    "`expected`[0] should be null: the constructor returns nothing".to_string(),
                );
            }
            None if !want.is_null() => {
                return Err(format!(
                    "`expected`[{i}] should be null: `{name}` returns nothing (give it `returns`)"
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// The spelling of null in TOML tests (TOML has none): the string `"@null"`, anywhere a value
/// goes. `"@@null"` is the string `"@null"` (one `@` less, for any run of two or more).
pub const NULL_SPELLING: &str = "@null";

/// A TOML string of a test: `None` for `"@null"` (null), else its text, one `@` less for
/// `"@@null"`, `"@@@null"`, ... (`"@@null"` is the string `"@null"`).
pub(super) fn unescape_null(s: &str) -> Option<&str> {
    if s == NULL_SPELLING {
        return None;
    }
    let escaped = s.strip_prefix('@').filter(|rest| {
        rest.strip_suffix("null")
            .is_some_and(|ats| !ats.is_empty() && ats.bytes().all(|b| b == b'@'))
    });
    Some(escaped.unwrap_or(s))
}

/// A TOML test value as the JSON the harnesses read: `"@null"` is null (`"@@null"` the string
/// `"@null"`), a date-time its text; `nan` and `inf` are refused, as JSON cannot carry them.
pub(super) fn toml_json(v: &toml::Value) -> std::result::Result<serde_json::Value, String> {
    use serde_json::Value as J;
    Ok(match v {
        toml::Value::String(s) => unescape_null(s).map_or(J::Null, |t| J::String(t.to_string())),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f)
                .map(J::Number)
                .ok_or_else(|| {
                    format!("`{f}` is not a value a test can hold (JSON has no nan or inf)")
                })?
        }
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(
            items
                .iter()
                .map(toml_json)
                .collect::<std::result::Result<_, _>>()?,
        ),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| Ok((k.clone(), toml_json(v)?)))
                .collect::<std::result::Result<_, String>>()?,
        ),
    })
}

/// A function test's data from its keys, however written (an inline `[[tests]]` entry, a JSON
/// or JSON Lines record): `args` (or a class's `calls`) and `expected`, checked against the
/// signature. `io`: the test also has `input` or `output`.
pub(super) fn function_data(
    function: Option<&FunctionSig>,
    args: Option<serde_json::Value>,
    calls: Option<serde_json::Value>,
    expected: Option<serde_json::Value>,
    io: bool,
) -> std::result::Result<TestData, String> {
    if io {
        return Err("a function test takes `args` and `expected`, not `input`/`output`".into());
    }
    let class = function.is_some_and(|f| f.class);
    let args = match (args, calls) {
        (Some(a), None) if !class => Some(a),
        (None, Some(c)) if class => Some(c),
        _ if class => return Err("a class test takes `calls` and `expected`, not `args`".into()),
        (None, Some(_)) => {
            return Err("`calls` is only valid with [function] class = \"...\"".into());
        }
        _ => None,
    };
    let (Some(args), Some(expected)) = (args, expected) else {
        return Err("a function test needs `args` and `expected`".into());
    };
    if !args.is_array() {
        return Err(if class {
            "`calls` should be a list of calls, like [[\"LRUCache\", 2], [\"get\", 1]]".into()
        } else {
            "`args` should be a list, one value per parameter".into()
        });
    }
    if let Some(f) = function {
        check_args(f, &args, &expected)?;
    }
    Ok(TestData::Function { args, expected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load_spec(toml: &str) -> Result<Problem> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), toml).unwrap();
        load(dir.path())
    }

    const HEAD: &str =
        "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\n";

    #[test]
    fn at_null_is_null_anywhere_a_value_goes_and_escapes_with_one_more_at() {
        let p = load_spec(&format!(
            "{HEAD}params = [{{ name = \"a\", type = \"optional<int>\" }}, {{ name = \"b\", type = \"list<optional<string>>\" }}]\n\
             returns = \"map<string,optional<string>>\"\n[[tests]]\n\
             args = [\"@null\", [\"@null\", \"@@null\", \"@@@null\", \"@nul\", \"x@null\"]]\n\
             expected = {{ k = \"@null\", m = \"@@null\" }}\n"
        ))
        .unwrap();
        let TestData::Function { args, expected } = &p.tests[0].data else {
            panic!("not a function test");
        };
        assert_eq!(
            args,
            &json!([null, [null, "@null", "@@null", "@nul", "x@null"]])
        );
        assert_eq!(expected, &json!({"k": null, "m": "@null"}));
        // The type check sees the null: an int parameter refuses it.
        let err = load_spec(&format!(
            "{HEAD}params = [{{ name = \"a\", type = \"int\" }}]\nreturns = \"int\"\n[[tests]]\nargs = [\"@null\"]\nexpected = 1\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("problem.toml:8:1:") && err.contains("argument `a`"),
            "{err}"
        );
    }

    #[test]
    fn unescape_null_takes_one_at_off_an_escaped_null() {
        assert_eq!(unescape_null("@null"), None);
        assert_eq!(unescape_null("@@null"), Some("@null"));
        assert_eq!(unescape_null("@@@null"), Some("@@null"));
        for text in ["@nul", "x@null", "null", "@null ", "@x@null", ""] {
            assert_eq!(unescape_null(text), Some(text));
        }
    }

    #[test]
    fn a_class_test_in_toml_expects_null_for_the_constructor() {
        let p = load_spec(
            "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nclass = \"C\"\n\
             [[tests]]\ncalls = [[\"C\", 2], [\"get\", 1]]\nexpected = [\"@null\", 3]\n",
        )
        .unwrap();
        let TestData::Function { expected, .. } = &p.tests[0].data else {
            panic!("not a function test");
        };
        assert_eq!(expected, &json!([null, 3]));
    }

    #[test]
    fn a_bare_null_in_toml_says_how_to_spell_it() {
        let err = load_spec(&format!(
            "{HEAD}returns = \"optional<int>\"\n[[tests]]\nargs = []\nexpected = null\n"
        ))
        .unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Spec);
        let err = err.to_string();
        assert!(err.contains("problem.toml:9:12:"), "{err}");
        assert!(err.contains("TOML has no null: write \"@null\""), "{err}");
    }

    #[test]
    fn nan_in_a_test_is_refused_where_it_is() {
        let err = load_spec(&format!(
            "{HEAD}returns = \"float\"\n[[tests]]\nargs = []\nexpected = nan\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("problem.toml:7:1:") && err.contains("JSON has no nan"),
            "{err}"
        );
    }
}
