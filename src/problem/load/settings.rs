//! The settings a problem, a group and a test layer over each other: `[limits]` and `[compare]`
//! (the custom checker's program, tolerances, the mode), merged in that order.

use super::*;

/// A custom checker named by `[compare] custom.program`: a file, or a folder of sources (every
/// file below it too), inside the problem folder.
pub(super) fn checker_program(
    ctx: &Ctx,
    span: std::ops::Range<usize>,
    name: &str,
) -> Result<PathBuf> {
    let what = "custom checker";
    let refuse = |p: &Path, r: Refusal| ctx.at(span.clone(), ctx.inside.message(what, p, &r));
    match ctx.inside.find(name) {
        Ok(Found::File) => {}
        Ok(Found::Folder) => {
            ctx.inside.walk(name).map_err(|(p, r)| refuse(&p, r))?;
        }
        Err(r) => return Err(refuse(Path::new(name), r)),
    }
    Ok(ctx.inside.path(name))
}

/// `over` on top of `base`, each limit it sets checked against its bounds (lifted by
/// `allow_outside_bounds` in this table or the problem's `[limits]`).
pub(super) fn merge_limits(
    ctx: &Ctx,
    base: &TestLimits,
    over: &LimitsToml,
    outside_bounds: bool,
) -> Result<TestLimits> {
    let outside = outside_bounds || over.allow_outside_bounds;
    let check = |limit: Limit, span: std::ops::Range<usize>, value: u128| {
        limit.check(value, outside).map_err(|e| ctx.at(span, e))
    };
    if let Some(t) = &over.time {
        check(Limit::Time, t.span(), t.get_ref().0.as_nanos())?;
    }
    if let Some(w) = &over.wall
        && let Wall::Fixed(d) = w.get_ref()
    {
        check(Limit::Wall, w.span(), d.as_nanos())?;
    }
    if let Some(m) = &over.memory {
        check(Limit::Memory, m.span(), m.get_ref().0.into())?;
    }
    if let Some(o) = &over.output {
        check(Limit::Output, o.span(), o.get_ref().0.into())?;
    }
    Ok(TestLimits {
        time: over.time.as_ref().map_or(base.time, |d| d.get_ref().0),
        wall: over.wall.as_ref().map_or(base.wall, |w| *w.get_ref()),
        memory: over.memory.as_ref().map_or(base.memory, |s| s.get_ref().0),
        output: over.output.as_ref().map_or(base.output, |s| s.get_ref().0),
        refuse_allocations: over.refuse_allocations.unwrap_or(base.refuse_allocations),
        time_factors: over.time_factors.unwrap_or(base.time_factors),
        jury: base.jury,
    })
}

/// A comparison tolerance: a finite number, zero or more.
pub(super) fn tolerance(ctx: &Ctx, key: &str, v: &Spanned<f64>) -> Result<f64> {
    let x = *v.get_ref();
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(ctx.at(
            v.span(),
            format!("{key} = {x} is not a tolerance; write a finite number, 0 or more (e.g. 1e-6)"),
        ))
    }
}

/// A comparison while `[compare]` tables are merged (problem, group, test): the settings of the
/// three ways of judging, kept side by side so that a later table may switch between them;
/// [`CompareDraft::spec`] says which one decides.
#[derive(Debug, Clone)]
pub(super) struct CompareDraft {
    options: compare::Options,
    /// Set when the mode is `custom`.
    checker: Option<Checker>,
    /// Set when the mode is `kattis` (`options` then only explains a difference).
    kattis: Option<compare::Flags>,
}

impl CompareDraft {
    /// The comparison a test gets: the default validator, else the checker, else the mode.
    pub(super) fn spec(&self) -> CompareSpec {
        match (&self.kattis, &self.checker) {
            (Some(flags), _) => CompareSpec::Kattis(flags.clone()),
            (None, Some(c)) => CompareSpec::Checker(c.clone()),
            (None, None) => CompareSpec::Builtin(self.options.clone()),
        }
    }
}

pub(super) fn default_compare() -> CompareDraft {
    CompareDraft {
        options: compare::Options::default(),
        checker: None,
        kattis: None,
    }
}

pub(super) fn merge_compare(
    ctx: &Ctx,
    base: &CompareDraft,
    over: &CompareToml,
) -> Result<CompareDraft> {
    let mut out = base.clone();
    let mode = over.mode.as_ref().map(|m| *m.get_ref());
    let mode_span = over.mode.as_ref().map_or(0..0, |m| m.span());
    let o = &mut out.options;
    if let Some(v) = over.case_sensitive {
        o.case_sensitive = v;
    }
    if let Some(v) = &over.float_abs {
        o.float_abs = tolerance(ctx, "float_abs", v)?;
    }
    if let Some(v) = &over.float_rel {
        o.float_rel = tolerance(ctx, "float_rel", v)?;
    }
    if let Some(v) = over.unordered {
        o.unordered = v;
    }
    if let Some(cs) = &over.custom {
        let c = cs.get_ref();
        let program = checker_program(ctx, cs.span(), &c.program)?;
        if c.scores && c.protocol != spec::Protocol::Kattis {
            return Err(ctx.at(
                cs.span(),
                "[compare] custom.scores reads score.txt from the feedback folder of the kattis protocol; set protocol = \"kattis\" or remove scores",
            ));
        }
        out.checker = Some(Checker {
            program,
            protocol: c.protocol,
            args: c.args.clone(),
            scores: c.scores,
        });
        out.kattis = None;
    }
    if let Some(spanned_args) = &over.kattis_args {
        let args = spanned_args.get_ref();
        if mode.is_some_and(|m| m != spec::CompareMode::Kattis) || over.custom.is_some() {
            return Err(ctx.at(
                spanned_args.span(),
                "[compare] kattis_args are the flags of mode = \"kattis\" (the ICPC/Kattis default output validator); remove the other mode",
            ));
        }
        let flags = compare::Flags::parse(args)
            .map_err(|e| ctx.at(spanned_args.span(), format!("[compare] kattis_args: {e}")))?;
        out.options = flags.compare_options();
        out.kattis = Some(flags);
        out.checker = None;
    }
    if let (Some(mode), Some(_)) = (mode, &over.custom)
        && mode != spec::CompareMode::Custom
    {
        let mode = format!("{mode:?}").to_lowercase();
        return Err(ctx.at(
            mode_span.clone(),
            format!(
                "[compare] sets both `custom` and mode = \"{mode}\"; a custom checker needs mode = \"custom\" (or no mode)"
            ),
        ));
    }
    if mode == Some(spec::CompareMode::Kattis) {
        if out.kattis.is_none() {
            let flags = compare::Flags::default();
            out.options = flags.compare_options();
            out.kattis = Some(flags);
        }
        out.checker = None;
    } else if let Some(mode) = mode {
        use spec::CompareMode as M;
        out.kattis = None;
        let o = &mut out.options;
        o.mode = match mode {
            M::Exact => compare::Mode::Exact,
            M::Lines => compare::Mode::Lines,
            M::Tokens => compare::Mode::Tokens,
            M::Float => compare::Mode::Float,
            M::Unordered => compare::Mode::Unordered,
            M::Regex => compare::Mode::Regex,
            M::Kattis => o.mode,
            M::Custom => {
                if out.checker.is_none() {
                    return Err(ctx.at(
                        mode_span,
                        "mode = \"custom\" needs custom = { program = \"checker.py\", protocol = \"kattis\" }",
                    ));
                }
                o.mode
            }
        };
        if mode != M::Custom {
            out.checker = None;
        }
    }
    // `custom = {...}` without a mode selects the custom checker.
    Ok(out)
}
