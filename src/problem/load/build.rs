//! The validated problem from its wire form: version and kind tables, groups, tests (inline,
//! `tests/`, `--tests-from`), expectations, each step a function.

use super::*;

/// The folder of a problem's test files.
pub(super) const TESTS_DIR: &str = "tests";

pub(super) fn build(
    ctx: &Ctx,
    dir: &Path,
    id: String,
    wire: ProblemToml,
    tests_from: Option<&Folder>,
) -> Result<Problem> {
    check_version(ctx, &wire)?;
    let kind = wire.kind();
    let (sql, function) = kind_tables(ctx, &wire, kind)?;
    if kind == Kind::Sql {
        refuse_output_compare(ctx, &wire)?;
    }
    let python_requirements = python_requirements(ctx, wire.python.as_ref())?;
    let base_limits = merge_limits(ctx, &TestLimits::default(), &wire.limits, false)?;
    let base_compare = merge_compare(ctx, &default_compare(), &wire.compare)?;
    let mut groups = Groups::declare(ctx, &wire, tests_from)?;
    groups.settle(ctx, base_limits, base_compare)?;

    let mut tests = Tests {
        list: Vec::new(),
        names: HashMap::new(),
        kind,
        function: function.as_ref(),
    };
    tests.inline(ctx, &wire, &groups)?;
    tests.files(ctx, &groups)?;
    if let Some(extra) = tests_from {
        tests.extra(ctx, extra, &groups)?;
    }
    let tests = tests.list;
    check_every_group_has_tests(ctx, &wire, &groups.list, &tests)?;

    let mut expect = expectations(ctx, &wire)?;
    expect.extend(sql_cases(ctx, &wire, sql.as_ref())?);
    check_plan_datasets(ctx, &wire, sql.as_ref(), &tests)?;
    let generator = generator(ctx, &wire, function.as_ref())?;
    let (tests, interaction) = super::interactor::interactor(ctx, &wire, tests)?;
    let hints = hints(ctx, &wire)?;
    let Groups {
        list: groups,
        base_limits,
        ..
    } = groups;

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
        hints,
        limits: base_limits,
        package: None,
        generator,
        interaction,
    })
}

/// `format_version` is the one this grader reads.
pub(super) fn check_version(ctx: &Ctx, wire: &ProblemToml) -> Result<()> {
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
    Ok(())
}

/// The `[sql]` and `[function]` tables, each required by its kind and refused by the others.
fn kind_tables(
    ctx: &Ctx,
    wire: &ProblemToml,
    kind: Kind,
) -> Result<(Option<SqlSpec>, Option<FunctionSig>)> {
    // Where `kind` is written (a missing table is reported there), else the file's start.
    let kind_span = wire.kind.as_ref().map_or(0..0, |k| k.span());
    let sql = match (&wire.sql, kind) {
        (Some(s), Kind::Sql) => Some(sql_spec(
            ctx,
            s,
            wire.tests.iter().any(|t| t.get_ref().dataset.is_some()),
        )?),
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
        (Some(f), Kind::Function) => Some(function_sig(ctx, f, wire.types.as_ref())?),
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
    if let (Some(t), None) = (&wire.types, &function) {
        return Err(ctx.at(t.span(), "[types] is only valid with kind = \"function\""));
    }
    Ok((sql, function))
}

/// Output comparison does not apply to query results: say so rather than ignore it.
fn refuse_output_compare(ctx: &Ctx, wire: &ProblemToml) -> Result<()> {
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
    Ok(())
}

/// The groups of a problem and what each passes on to its tests.
pub(super) struct Groups<'w> {
    list: Vec<Group>,
    /// The `[[groups]]` table of each group (`None`: a sub-folder of `tests/` not declared).
    wire: Vec<Option<&'w spec::GroupToml>>,
    index: HashMap<String, usize>,
    names: Vec<String>,
    /// Whether `[limits] allow_outside_bounds` lets a group or test leave the usual bounds.
    outside_bounds: bool,
    base_limits: TestLimits,
    base_compare: CompareDraft,
    /// Per group: `[limits]` and `[compare]` merged over the problem's.
    limits: Vec<TestLimits>,
    compare: Vec<CompareDraft>,
}

impl<'w> Groups<'w> {
    /// The declared groups, then the subfolders of `tests/` (and of `--tests-from`) that are
    /// not declared; requirements resolved and free of cycles.
    fn declare(ctx: &Ctx, wire: &'w ProblemToml, tests_from: Option<&Folder>) -> Result<Self> {
        let mut g = Groups {
            list: Vec::new(),
            wire: Vec::new(),
            index: HashMap::new(),
            names: Vec::new(),
            outside_bounds: wire.limits.allow_outside_bounds,
            base_limits: TestLimits::default(),
            base_compare: default_compare(),
            limits: Vec::new(),
            compare: Vec::new(),
        };
        for s in &wire.groups {
            let gt = s.get_ref();
            plain_name(ctx, "group name", &gt.name)?;
            if g.index
                .insert(gt.name.get_ref().clone(), g.list.len())
                .is_some()
            {
                return Err(ctx.at(
                    s.span(),
                    format!("group `{}` is declared twice", gt.name.get_ref()),
                ));
            }
            g.list.push(Group {
                name: gt.name.get_ref().clone(),
                points: gt.points,
                score: gt.score.unwrap_or_default(),
                require: Vec::new(),
            });
            g.wire.push(Some(gt));
        }
        let mut sub_groups = test_subfolders(ctx.inside, Path::new(TESTS_DIR))?;
        if let Some(extra) = tests_from {
            sub_groups.extend(test_subfolders(extra, Path::new(""))?);
        }
        for name in &sub_groups {
            if !g.index.contains_key(name) {
                g.index.insert(name.clone(), g.list.len());
                g.list.push(Group {
                    name: name.clone(),
                    points: None,
                    score: Default::default(),
                    require: Vec::new(),
                });
                g.wire.push(None);
            }
        }
        g.names = g.list.iter().map(|g| g.name.clone()).collect();
        g.require(ctx)?;
        Ok(g)
    }

    /// Resolves each declared group's `require` and refuses cycles.
    fn require(&mut self, ctx: &Ctx) -> Result<()> {
        for gi in 0..self.wire.len() {
            let Some(gw) = self.wire[gi] else { continue };
            for r in &gw.require {
                let target = self.lookup(ctx, r)?;
                if target == gi {
                    return Err(ctx.at(
                        r.span(),
                        format!("group `{}` requires itself", gw.name.get_ref()),
                    ));
                }
                self.list[gi].require.push(target);
            }
        }
        check_require_cycles(ctx, &self.list)
    }

    /// Each group's limits and comparison, merged over the problem's.
    fn settle(
        &mut self,
        ctx: &Ctx,
        base_limits: TestLimits,
        base_compare: CompareDraft,
    ) -> Result<()> {
        for gw in &self.wire {
            let (l, c) = match gw {
                Some(g) => (
                    match &g.limits {
                        Some(l) => merge_limits(ctx, &base_limits, l, self.outside_bounds)?,
                        None => base_limits.clone(),
                    },
                    match &g.compare {
                        Some(c) => merge_compare(ctx, &base_compare, c)?,
                        None => base_compare.clone(),
                    },
                ),
                None => (base_limits.clone(), base_compare.clone()),
            };
            self.limits.push(l);
            self.compare.push(c);
        }
        self.base_limits = base_limits;
        self.base_compare = base_compare;
        Ok(())
    }

    /// The group named `name`, or an error with a "did you mean".
    pub(super) fn lookup(&self, ctx: &Ctx, name: &Spanned<String>) -> Result<usize> {
        self.index.get(name.get_ref()).copied().ok_or_else(|| {
            let hint = did_you_mean(name.get_ref(), self.names.iter().map(String::as_str))
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
    }

    /// The group of a test file in the sub-folder `name`, if any.
    pub(super) fn of_folder(&self, name: Option<&str>) -> Option<usize> {
        name.and_then(|g| self.index.get(g).copied())
    }

    fn visibility(&self, g: Option<usize>) -> Visibility {
        g.and_then(|g| self.wire[g].and_then(|w| w.visibility))
            .unwrap_or_default()
    }

    fn hint(&self, g: Option<usize>) -> Option<String> {
        g.and_then(|g| self.wire[g].and_then(|w| w.hint.clone()))
    }

    fn slow(&self, g: Option<usize>) -> bool {
        g.and_then(|g| self.wire[g].and_then(|w| w.slow))
            .unwrap_or(false)
    }

    fn hint_on(&self, g: Option<usize>) -> Vec<spec::HintVerdict> {
        g.and_then(|g| self.wire[g].and_then(|w| w.hint_on.clone()))
            .unwrap_or_else(spec::HintVerdict::default_set)
    }

    fn limits(&self, g: Option<usize>) -> &TestLimits {
        g.map_or(&self.base_limits, |g| &self.limits[g])
    }

    fn compare(&self, g: Option<usize>) -> &CompareDraft {
        g.map_or(&self.base_compare, |g| &self.compare[g])
    }
}

/// The tests of a problem as they are found, in order, with their names kept unique.
pub(super) struct Tests<'f> {
    pub(super) list: Vec<Test>,
    pub(super) names: HashMap<String, ()>,
    pub(super) kind: Kind,
    pub(super) function: Option<&'f FunctionSig>,
}

/// Where a test with keys of its own comes from: its visibility when it says none, or always.
#[derive(Clone, Copy)]
pub(super) enum Source {
    /// The problem's own: a test's `visibility`, else its group's.
    Problem,
    /// `--tests-from`: hidden, whatever it says.
    Private,
}

impl Tests<'_> {
    /// Adds a test with the keys of a `[[tests]]` entry (`tt`), its settings merged over its
    /// group's; `span` is where a clash of names is reported.
    pub(super) fn push(
        &mut self,
        ctx: &Ctx,
        span: std::ops::Range<usize>,
        groups: &Groups,
        (name, group, data): (String, Option<usize>, TestData),
        tt: &spec::TestToml,
        source: Source,
    ) -> Result<()> {
        if self.names.insert(name.clone(), ()).is_some() {
            return Err(ctx.at(span, format!("two tests are named `{name}`")));
        }
        let limits = {
            let base = groups.limits(group);
            match &tt.limits {
                Some(l) => merge_limits(ctx, base, l, groups.outside_bounds)?,
                None => base.clone(),
            }
        };
        let compare = {
            let base = groups.compare(group);
            match &tt.compare {
                Some(c) => merge_compare(ctx, base, c)?.spec(),
                None => base.spec(),
            }
        };
        let visibility = match source {
            Source::Private => Visibility::Hidden,
            Source::Problem => tt.visibility.unwrap_or_else(|| groups.visibility(group)),
        };
        self.list.push(Test {
            index: self.list.len(),
            name,
            group,
            data,
            visibility,
            points: tt.points.unwrap_or(1),
            hint: tt.hint.clone().or_else(|| groups.hint(group)),
            hint_on: tt.hint_on.clone().unwrap_or_else(|| groups.hint_on(group)),
            slow: tt.slow.unwrap_or_else(|| groups.slow(group)),
            limits,
            compare,
        });
        Ok(())
    }

    /// `[[tests]]`: each with its own settings merged over its group's.
    fn inline(&mut self, ctx: &Ctx, wire: &ProblemToml, groups: &Groups) -> Result<()> {
        for (i, t) in wire.tests.iter().enumerate() {
            let tt = t.get_ref();
            if let Some(n) = &tt.name {
                plain_name(ctx, "test name", n)?;
            }
            let name = tt
                .name
                .as_ref()
                .map_or_else(|| format!("test-{}", i + 1), |n| n.get_ref().clone());
            let group = tt
                .group
                .as_ref()
                .map(|g| groups.lookup(ctx, g))
                .transpose()?;
            let data = inline_data(ctx, t, self.kind, self.function)?;
            self.push(
                ctx,
                t.span(),
                groups,
                (name, group, data),
                tt,
                Source::Problem,
            )?;
        }
        Ok(())
    }

    /// The test files under `tests/`, with their group's settings.
    fn files(&mut self, ctx: &Ctx, groups: &Groups) -> Result<()> {
        let found = discover(
            ctx.path,
            ctx.inside,
            Path::new(TESTS_DIR),
            self.kind,
            &groups.names,
        )?;
        self.found(
            ctx,
            groups,
            (found, Source::Problem),
            &|e| ctx.file(format!("in tests/: {e}")),
            &|name| ctx.file(format!("test `{name}` exists both inline and in tests/")),
        )
    }

    /// The tests of `--tests-from`, all hidden.
    fn extra(&mut self, ctx: &Ctx, extra: &Folder, groups: &Groups) -> Result<()> {
        let shown = extra.root().display();
        let found = discover(ctx.path, extra, Path::new(""), self.kind, &groups.names)?;
        self.found(
            ctx,
            groups,
            (found, Source::Private),
            &|e| Error::usage(format!("--tests-from `{shown}`: {e}")),
            &|name| {
                Error::usage(format!(
                    "--tests-from `{shown}`: test `{name}` has the name of one of the problem's tests; rename it"
                ))
            },
        )
    }

    /// The tests `discover` found (the problem's own, or `--tests-from`'s, all hidden), with
    /// their group's settings; `bad_name` and `taken` make the errors of a name that cannot be
    /// a test's and of a name already taken.
    fn found(
        &mut self,
        ctx: &Ctx,
        groups: &Groups,
        (found, source): (Vec<FileTest>, Source),
        bad_name: &dyn Fn(String) -> Error,
        taken: &dyn Fn(&str) -> Error,
    ) -> Result<()> {
        for file_test in found {
            file_test_name(&file_test).map_err(bad_name)?;
            let group = groups.of_folder(file_test.group.as_deref());
            let data = match file_test.data {
                FileData::Test(data) => data,
                FileData::Records { file, text, lines } => {
                    let from = (&file_test.group, file.as_path(), text.as_str(), lines);
                    self.records(ctx, groups, from, source)?;
                    continue;
                }
            };
            if self.names.insert(file_test.name.clone(), ()).is_some() {
                return Err(taken(&file_test.name));
            }
            self.list.push(Test {
                index: self.list.len(),
                name: file_test.name,
                group,
                data,
                visibility: match source {
                    Source::Problem => groups.visibility(group),
                    Source::Private => Visibility::Hidden,
                },
                points: 1,
                hint: groups.hint(group),
                hint_on: groups.hint_on(group),
                slow: groups.slow(group),
                limits: groups.limits(group).clone(),
                compare: groups.compare(group).spec(),
            });
        }
        Ok(())
    }
}

/// A problem has tests, and every group some of them.
fn check_every_group_has_tests(
    ctx: &Ctx,
    wire: &ProblemToml,
    groups: &[Group],
    tests: &[Test],
) -> Result<()> {
    if tests.is_empty() {
        return Err(no_tests(ctx));
    }
    for (gi, g) in groups.iter().enumerate() {
        if !tests.iter().any(|t| t.group == Some(gi)) {
            let span = wire.groups.get(gi).map(|s| s.span()).unwrap_or(0..0);
            return Err(ctx.at(span, format!("group `{}` has no tests", g.name)));
        }
    }
    Ok(())
}

/// A problem without tests, pointed at the end of the file, where a [[tests]] table would go.
pub(super) fn no_tests(ctx: &Ctx) -> Error {
    ctx.at(
        ctx.text.len()..ctx.text.len(),
        "the problem has no tests: add [[tests]] or files under tests/",
    )
}

/// `[[hints]]`: their texts in order, trimmed; an empty one is refused at its position.
fn hints(ctx: &Ctx, wire: &ProblemToml) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for h in &wire.hints {
        let text = h.get_ref().text.get_ref().trim();
        if text.is_empty() {
            return Err(ctx.at(
                h.get_ref().text.span(),
                "[[hints]] text is empty: write the hint, or remove the [[hints]] entry",
            ));
        }
        out.push(text.to_string());
    }
    Ok(out)
}

/// `[[expect]]`: the submissions of the problem folder and the verdicts (and score) they get.
fn expectations(ctx: &Ctx, wire: &ProblemToml) -> Result<Vec<Expect>> {
    let mut expect = Vec::new();
    for e in &wire.expect {
        let et = e.get_ref();
        // A file, or a folder: one multi-file submission.
        let file = match ctx.inside.find(&et.file) {
            Ok(_) => ctx.inside.path(&et.file),
            Err(r) => {
                return Err(ctx.at(
                    e.span(),
                    ctx.inside.message("[[expect]] file", &et.file, &r),
                ));
            }
        };
        let verdicts = et.verdict.to_vec();
        for v in &verdicts {
            if spec::verdict_name(v.strip_prefix('!').unwrap_or(v)).is_none() {
                return Err(ctx.at(
                    e.span(),
                    format!("unknown verdict `{v}` (expected one of: AC, WA, TLE, MLE, OLE, RE, CE, JE, SK, or `!AC` for anything but AC)"),
                ));
            }
        }
        // `!AC`: anything but those; a list is all of one sort.
        let negated = verdicts.iter().filter(|v| v.starts_with('!')).count();
        if negated > 0 && negated < verdicts.len() {
            return Err(ctx.at(
                e.span(),
                "[[expect]] verdict: either verdicts it may get (`[\"WA\", \"TLE\"]`) or ones it must not (`[\"!AC\", \"!CE\"]`), not both",
            ));
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
    Ok(expect)
}

/// `[[sql.case]]`: the regression answers of an SQL problem and their expected outcome.
fn sql_cases(ctx: &Ctx, wire: &ProblemToml, sql: Option<&SqlSpec>) -> Result<Vec<Expect>> {
    let mut expect = Vec::new();
    for c in wire.sql.iter().flat_map(|s| &s.get_ref().cases) {
        let ct = c.get_ref();
        let file = problem_file(ctx, c.span(), "[[sql.case]] file", &ct.file)?;
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
            && !sql.is_some_and(|s| s.engines.contains(&e))
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
    Ok(expect)
}

/// `[sql.plan] datasets` name tests of the problem.
/// Pointed at the `[sql.plan]` table.
fn check_plan_datasets(
    ctx: &Ctx,
    wire: &ProblemToml,
    sql: Option<&SqlSpec>,
    tests: &[Test],
) -> Result<()> {
    if let Some(plan) = sql.and_then(|s| s.plan.as_ref())
        && let Some(d) = plan
            .datasets
            .iter()
            .find(|d| !tests.iter().any(|t| &t.name == *d))
    {
        let span = wire
            .sql
            .as_ref()
            .and_then(|s| s.get_ref().plan.as_ref())
            .map_or(0..0, |p| p.span());
        return Err(ctx.at(
            span,
            format!(
                "[sql.plan] datasets: no dataset is named `{d}` (the rules apply to named [[tests]])"
            ),
        ));
    }
    Ok(())
}

/// Whether a test has keys only an SQL dataset takes.
pub(super) fn sql_keys(tt: &spec::TestToml) -> bool {
    tt.seed.is_some()
        || tt.seed_file.is_some()
        || tt.csv.is_some()
        || tt.params.is_some()
        || tt.dataset.is_some()
}

pub(super) fn inline_data(
    ctx: &Ctx,
    t: &Spanned<spec::TestToml>,
    kind: Kind,
    function: Option<&FunctionSig>,
) -> Result<TestData> {
    let tt = t.get_ref();
    if kind == Kind::Sql {
        return sql_data(ctx, t);
    }
    if sql_keys(tt) {
        return Err(ctx.at(
            t.span(),
            "`seed`, `seed_file`, `csv`, `dataset` and `params` are only valid in kind = \"sql\" problems",
        ));
    }
    match kind {
        Kind::Function => {
            let at = |e| ctx.at(t.span(), e);
            let list = |v: &Option<Vec<toml::Value>>| {
                v.as_ref()
                    .map(|items| items.iter().map(toml_json).collect())
                    .transpose()
                    .map(|v| v.map(serde_json::Value::Array))
                    .map_err(at)
            };
            let args = list(&tt.args)?;
            let calls = list(&tt.calls)?;
            let expected = tt
                .expected
                .as_ref()
                .map(toml_json)
                .transpose()
                .map_err(at)?;
            let io = tt.input.is_some() || tt.output.is_some();
            function_data(function, args, calls, expected, io).map_err(|e| ctx.at(t.span(), e))
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
