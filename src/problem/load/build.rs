//! The validated problem from its wire form: version and kind tables, groups, tests (inline,
//! `tests/`, `--tests-from`), expectations, each step a function.

use super::*;

pub(super) fn build(
    ctx: &Ctx,
    dir: &Path,
    id: String,
    wire: ProblemToml,
    tests_from: Option<&Folder>,
) -> Result<Problem> {
    let version = *wire.format_version.get_ref();
    if version != spec::FORMAT_VERSION {
        return Err(ctx.at(
            wire.format_version.span(),
            format!(
                "format_version {version} is not supported (this grader reads format_version {}); {}",
                spec::FORMAT_VERSION,
                if version > spec::FORMAT_VERSION {
                    "update the grader"
                } else {
                    "set format_version = 1"
                }
            ),
        ));
    }
    let kind = wire.kind();
    // Where `kind` is written (a missing table is reported there), else the file's start.
    let kind_span = wire.kind.as_ref().map_or(0..0, |k| k.span());
    let sql = match (&wire.sql, kind) {
        (Some(s), Kind::Sql) => Some(sql_spec(ctx, dir, s)?),
        (None, Kind::Sql) => {
            return Err(ctx.at(
                kind_span.clone(),
                "kind = \"sql\" needs an [sql] table (reference = \"reference/answer.sql\" and a schema)",
            ));
        }
        (Some(s), _) => {
            return Err(ctx.at(s.span(), "[sql] is only valid with kind = \"sql\""));
        }
        (None, _) => None,
    };
    let function = match (&wire.function, kind) {
        (Some(f), Kind::Function) => Some(function_sig(ctx, dir, f)?),
        (None, Kind::Function) => {
            return Err(ctx.at(
                kind_span,
                "kind = \"function\" needs a [function] table (name, params, returns)",
            ));
        }
        (Some(f), _) => {
            return Err(ctx.at(
                f.span(),
                "[function] is only valid with kind = \"function\"",
            ));
        }
        (None, _) => None,
    };
    if kind == Kind::Sql {
        // Output comparison does not apply to query results: say so rather than ignore it.
        let c = &wire.compare;
        let top = c.mode.is_some()
            || c.case_sensitive.is_some()
            || c.float_abs.is_some()
            || c.float_rel.is_some()
            || c.unordered.is_some()
            || c.custom.is_some();
        let nested = wire.groups.iter().any(|g| g.get_ref().compare.is_some());
        if top || nested {
            return Err(ctx.file(
                "[compare] does not apply to kind = \"sql\": results compare under [sql.compare]",
            ));
        }
    }
    let python_requirements = python_requirements(ctx, wire.python.as_ref())?;
    let outside_bounds = wire.limits.allow_outside_bounds;
    let base_limits = merge_limits(ctx, &TestLimits::default(), &wire.limits, false)?;
    let base_compare = merge_compare(ctx, dir, &default_compare(), &wire.compare)?;

    // Groups: declared ones, then the subfolders of tests/ that are not declared.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_wire: Vec<Option<&spec::GroupToml>> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    for g in &wire.groups {
        let gt = g.get_ref();
        plain_name(ctx, "group name", &gt.name)?;
        if group_index
            .insert(gt.name.get_ref().clone(), groups.len())
            .is_some()
        {
            return Err(ctx.at(
                g.span(),
                format!("group `{}` is declared twice", gt.name.get_ref()),
            ));
        }
        groups.push(Group {
            name: gt.name.get_ref().clone(),
            points: gt.points,
            score: gt.score.unwrap_or_default(),
            require: Vec::new(),
        });
        group_wire.push(Some(gt));
    }
    let tests_dir = Path::new("tests");
    let mut sub_groups = test_subfolders(ctx.inside, tests_dir)?;
    if let Some(extra) = tests_from {
        sub_groups.extend(test_subfolders(extra, Path::new(""))?);
    }
    for name in &sub_groups {
        if !group_index.contains_key(name) {
            group_index.insert(name.clone(), groups.len());
            groups.push(Group {
                name: name.clone(),
                points: None,
                score: Default::default(),
                require: Vec::new(),
            });
            group_wire.push(None);
        }
    }
    let group_names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
    let lookup_group = |name: &Spanned<String>| -> Result<usize> {
        group_index.get(name.get_ref()).copied().ok_or_else(|| {
            let hint = did_you_mean(name.get_ref(), group_names.iter().map(String::as_str))
                .map(|s| format!(", did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    " (declare it with [[groups]] name = \"...\" or put its tests in tests/NAME/)"
                        .to_string()
                });
            ctx.at(
                name.span(),
                format!("unknown group `{}`{hint}", name.get_ref()),
            )
        })
    };
    for (gi, gw) in group_wire.iter().enumerate() {
        if let Some(gw) = gw {
            for r in &gw.require {
                let target = lookup_group(r)?;
                if target == gi {
                    return Err(ctx.at(
                        r.span(),
                        format!("group `{}` requires itself", gw.name.get_ref()),
                    ));
                }
                groups[gi].require.push(target);
            }
        }
    }
    check_require_cycles(ctx, &groups)?;

    // Per-group resolved settings.
    let mut group_limits = Vec::new();
    let mut group_compare = Vec::new();
    for gw in &group_wire {
        let (l, c) = match gw {
            Some(g) => (
                match &g.limits {
                    Some(l) => merge_limits(ctx, &base_limits, l, outside_bounds)?,
                    None => base_limits.clone(),
                },
                match &g.compare {
                    Some(c) => merge_compare(ctx, dir, &base_compare, c)?,
                    None => base_compare.clone(),
                },
            ),
            None => (base_limits.clone(), base_compare.clone()),
        };
        group_limits.push(l);
        group_compare.push(c);
    }
    let group_visibility = |g: Option<usize>| {
        g.and_then(|g| group_wire[g].and_then(|w| w.visibility))
            .unwrap_or_default()
    };
    let group_hint = |g: Option<usize>| g.and_then(|g| group_wire[g].and_then(|w| w.hint.clone()));

    let mut tests: Vec<Test> = Vec::new();
    let mut names: HashMap<String, ()> = HashMap::new();
    for (i, t) in wire.tests.iter().enumerate() {
        let tt = t.get_ref();
        if let Some(n) = &tt.name {
            plain_name(ctx, "test name", n)?;
        }
        let name = tt
            .name
            .as_ref()
            .map_or_else(|| format!("test-{}", i + 1), |n| n.get_ref().clone());
        if names.insert(name.clone(), ()).is_some() {
            return Err(ctx.at(t.span(), format!("two tests are named `{name}`")));
        }
        let group = tt.group.as_ref().map(lookup_group).transpose()?;
        let data = inline_data(ctx, dir, t, kind, function.as_ref())?;
        let limits = {
            let base = group.map_or(&base_limits, |g| &group_limits[g]);
            match &tt.limits {
                Some(l) => merge_limits(ctx, base, l, outside_bounds)?,
                None => base.clone(),
            }
        };
        let compare = {
            let base = group.map_or(&base_compare, |g| &group_compare[g]);
            match &tt.compare {
                Some(c) => merge_compare(ctx, dir, base, c)?.spec(),
                None => base.spec(),
            }
        };
        tests.push(Test {
            index: tests.len(),
            name,
            group,
            data,
            visibility: tt.visibility.unwrap_or_else(|| group_visibility(group)),
            points: tt.points.unwrap_or(1),
            hint: tt.hint.clone().or_else(|| group_hint(group)),
            limits,
            compare,
        });
    }

    for file_test in discover(ctx.path, ctx.inside, tests_dir, kind, &group_names)? {
        file_test_name(&file_test).map_err(|e| ctx.file(format!("in tests/: {e}")))?;
        if names.insert(file_test.name.clone(), ()).is_some() {
            return Err(ctx.file(format!(
                "test `{}` exists both inline and in tests/",
                file_test.name
            )));
        }
        let group = file_test
            .group
            .as_deref()
            .and_then(|g| group_index.get(g).copied());
        if let (TestData::Function { args, expected }, Some(f)) =
            (&file_test.data, function.as_ref())
        {
            // Pointed at the signature the test file disagrees with.
            let span = wire.function.as_ref().map_or(0..0, |f| f.span());
            check_args(f, args, expected)
                .map_err(|e| ctx.at(span, format!("test `{}`: {e}", file_test.name)))?;
        }
        tests.push(Test {
            index: tests.len(),
            name: file_test.name,
            group,
            data: file_test.data,
            visibility: group_visibility(group),
            points: 1,
            hint: group_hint(group),
            limits: group.map_or(base_limits.clone(), |g| group_limits[g].clone()),
            compare: group.map_or(&base_compare, |g| &group_compare[g]).spec(),
        });
    }
    if let Some(extra) = tests_from {
        for file_test in discover(ctx.path, extra, Path::new(""), kind, &group_names)? {
            file_test_name(&file_test).map_err(|e| {
                Error::usage(format!("--tests-from `{}`: {e}", extra.root().display()))
            })?;
            if names.insert(file_test.name.clone(), ()).is_some() {
                return Err(Error::usage(format!(
                    "--tests-from `{}`: test `{}` has the name of one of the problem's tests; rename it",
                    extra.root().display(),
                    file_test.name
                )));
            }
            let group = file_test
                .group
                .as_deref()
                .and_then(|g| group_index.get(g).copied());
            if let (TestData::Function { args, expected }, Some(f)) =
                (&file_test.data, function.as_ref())
            {
                check_args(f, args, expected).map_err(|e| {
                    Error::spec(format!(
                        "--tests-from `{}`: test `{}`: {e}",
                        extra.root().display(),
                        file_test.name
                    ))
                })?;
            }
            tests.push(Test {
                index: tests.len(),
                name: file_test.name,
                group,
                data: file_test.data,
                visibility: Visibility::Hidden,
                points: 1,
                hint: group_hint(group),
                limits: group.map_or(base_limits.clone(), |g| group_limits[g].clone()),
                compare: group.map_or(&base_compare, |g| &group_compare[g]).spec(),
            });
        }
    }
    if tests.is_empty() {
        // Pointed at the end of the file, where a [[tests]] table would go.
        return Err(ctx.at(
            ctx.text.len()..ctx.text.len(),
            "the problem has no tests: add [[tests]] or files under tests/",
        ));
    }
    for (gi, g) in groups.iter().enumerate() {
        if !tests.iter().any(|t| t.group == Some(gi)) {
            let span = wire.groups.get(gi).map(|s| s.span()).unwrap_or(0..0);
            return Err(ctx.at(span, format!("group `{}` has no tests", g.name)));
        }
    }

    let mut expect = Vec::new();
    for e in &wire.expect {
        let et = e.get_ref();
        let file = problem_file(ctx, dir, e.span(), "[[expect]] file", &et.file)?;
        let verdicts = et.verdict.to_vec();
        for v in &verdicts {
            if spec::verdict_name(v).is_none() {
                return Err(ctx.at(
                    e.span(),
                    format!("unknown verdict `{v}` (expected one of: AC, WA, TLE, MLE, OLE, RE, CE, JE, SK)"),
                ));
            }
        }
        let num = |v: &toml::Value| match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        };
        let score = match &et.score {
            None => None,
            Some(toml::Value::Array(r)) if r.len() == 2 => match (num(&r[0]), num(&r[1])) {
                (Some(lo), Some(hi)) if lo <= hi => Some((lo, hi)),
                _ => None,
            },
            Some(v) => num(v).map(|x| (x, x)),
        };
        if et.score.is_some() && score.is_none() {
            return Err(ctx.at(
                e.span(),
                "[[expect]] score: expected a number or a range [low, high] with low <= high",
            ));
        }
        expect.push(Expect {
            file,
            verdicts,
            lang: et.lang.clone(),
            engine: None,
            score,
        });
    }

    for c in wire.sql.iter().flat_map(|s| &s.get_ref().cases) {
        let ct = c.get_ref();
        let file = problem_file(ctx, dir, c.span(), "[[sql.case]] file", &ct.file)?;
        let words = ct.expect.to_vec();
        let verdicts: Vec<String> = match words.as_slice() {
            [w] if w == "pass" => vec!["AC".into()],
            [w] if w == "fail" => ["WA", "TLE", "MLE", "OLE", "RE", "CE"]
                .map(String::from)
                .to_vec(),
            _ => {
                for v in &words {
                    if spec::verdict_name(v).is_none() {
                        return Err(ctx.at(
                            c.span(),
                            format!(
                                "[[sql.case]] expect: `{v}` is not \"pass\", \"fail\" or a verdict (AC, WA, TLE, MLE, OLE, RE, CE)"
                            ),
                        ));
                    }
                }
                words
            }
        };
        if let Some(e) = ct.engine
            && !sql.as_ref().is_some_and(|s| s.engines.contains(&e))
        {
            return Err(ctx.at(
                c.span(),
                format!(
                    "[[sql.case]] engine = \"{}\" is not one of [sql] engines",
                    e.as_str()
                ),
            ));
        }
        expect.push(Expect {
            file,
            verdicts,
            lang: None,
            engine: ct.engine,
            score: None,
        });
    }

    if let Some(plan) = sql.as_ref().and_then(|s| s.plan.as_ref())
        && let Some(d) = plan
            .datasets
            .iter()
            .find(|d| !tests.iter().any(|t| &t.name == *d))
    {
        return Err(ctx.file(format!(
            "[sql.plan] datasets: no dataset is named `{d}` (the rules apply to named [[tests]])"
        )));
    }

    Ok(Problem {
        id,
        dir: dir.to_path_buf(),
        title: wire.title,
        kind,
        tags: wire.tags,
        difficulty: wire.difficulty,
        function,
        sql,
        python_requirements,
        tests,
        groups,
        expect,
        limits: base_limits,
        package: None,
    })
}

pub(super) fn inline_data(
    ctx: &Ctx,
    dir: &Path,
    t: &Spanned<spec::TestToml>,
    kind: Kind,
    function: Option<&FunctionSig>,
) -> Result<TestData> {
    let tt = t.get_ref();
    if kind == Kind::Sql {
        return sql_data(ctx, dir, t);
    }
    if tt.seed.is_some() || tt.seed_file.is_some() || tt.csv.is_some() || tt.params.is_some() {
        return Err(ctx.at(
            t.span(),
            "`seed`, `seed_file`, `csv` and `params` are only valid in kind = \"sql\" problems",
        ));
    }
    match kind {
        Kind::Function => {
            if tt.input.is_some() || tt.output.is_some() {
                return Err(ctx.at(
                    t.span(),
                    "a function test takes `args` and `expected`, not `input`/`output`",
                ));
            }
            let class = function.is_some_and(|f| f.class);
            let args = match (&tt.args, &tt.calls) {
                (Some(a), None) if !class => Some(a),
                (None, Some(c)) if class => Some(c),
                _ if class => {
                    return Err(ctx.at(
                        t.span(),
                        "a class test takes `calls` and `expected`, not `args`",
                    ));
                }
                (None, Some(_)) => {
                    return Err(ctx.at(
                        t.span(),
                        "`calls` is only valid with [function] class = \"...\"",
                    ));
                }
                _ => None,
            };
            let (Some(args), Some(expected)) = (args, &tt.expected) else {
                return Err(ctx.at(t.span(), "a function test needs `args` and `expected`"));
            };
            let args = serde_json::to_value(args).map_err(|e| ctx.at(t.span(), e))?;
            let expected = serde_json::to_value(expected).map_err(|e| ctx.at(t.span(), e))?;
            if let Some(f) = function {
                check_args(f, &args, &expected).map_err(|e| ctx.at(t.span(), e))?;
            }
            Ok(TestData::Function { args, expected })
        }
        _ => {
            if tt.args.is_some() || tt.expected.is_some() {
                return Err(ctx.at(
                    t.span(),
                    "a stdio test takes `input` and `output`, not `args`/`expected`",
                ));
            }
            let (Some(input), Some(output)) = (&tt.input, &tt.output) else {
                return Err(ctx.at(t.span(), "a stdio test needs `input` and `output`"));
            };
            Ok(TestData::Stdio {
                input: Data::Inline(input.clone()),
                answer: Data::Inline(output.clone()),
            })
        }
    }
}
