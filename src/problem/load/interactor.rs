//! `interactor` of a stdio problem: a program of the problem folder that talks with the answer
//! through pipes and decides each test (Kattis protocol), in place of comparing its output.

use super::*;
use crate::problem::spec::Protocol;

/// Makes every test of a problem with an `interactor` judged by it, and reads `passes`;
/// refuses an interactor on a function or SQL problem, beside another custom checker (both
/// would decide), and passes without a Kattis-protocol checker to ask for them.
pub(super) fn interactor(
    ctx: &Ctx,
    wire: &ProblemToml,
    mut tests: Vec<Test>,
) -> Result<(Vec<Test>, Option<Interaction>)> {
    let passes = match &wire.passes {
        None => 1,
        Some(n) if (1..=1000).contains(n.get_ref()) => *n.get_ref(),
        Some(n) => {
            return Err(ctx.at(n.span(), "`passes` must be between 1 and 1000"));
        }
    };
    if let Some(name) = &wire.interactor {
        if let Some(g) = &wire.generator {
            return Err(ctx.at(
                g.span(),
                "[generator] cannot be used with `interactor` (a generated test has no exchange to replay); remove one",
            ));
        }
        if wire.kind() != Kind::Stdio {
            return Err(ctx.at(
                name.span(),
                "`interactor` is for stdio problems (the answer reads stdin and writes stdout); remove it",
            ));
        }
        let program = checker_program(ctx, name.span(), name.get_ref())?;
        for t in &mut tests {
            match t.compare.checker() {
                // The same program with its arguments (an imported package's groups).
                Some(c) if c.program == program && c.protocol == Protocol::Kattis => {}
                Some(_) => {
                    return Err(ctx.at(
                        name.span(),
                        "`interactor` decides every test: remove `mode = \"custom\"` from [compare] (the interactor is the checker)",
                    ));
                }
                None => {
                    t.compare = CompareSpec::Checker(Checker {
                        program: program.clone(),
                        protocol: Protocol::Kattis,
                        args: Vec::new(),
                        scores: false,
                    });
                }
            }
        }
    } else if let Some(n) = wire.passes.as_ref().filter(|_| passes > 1)
        && tests.iter().any(|t| {
            t.compare
                .checker()
                .is_none_or(|c| c.protocol != Protocol::Kattis)
        })
    {
        return Err(ctx.at(
            n.span(),
            "`passes` needs a checker that can ask for another pass (it writes nextpass.in): an `interactor`, or [compare] custom with protocol = \"kattis\"",
        ));
    }
    let interactive = wire.interactor.is_some();
    let interaction = (interactive || passes > 1).then_some(Interaction {
        interactive,
        passes,
    });
    Ok((tests, interaction))
}

#[cfg(test)]
mod tests {
    use crate::problem::{SPEC_FILE, load};

    fn problem(toml: &str, interactor: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), toml).unwrap();
        if interactor {
            std::fs::write(dir.path().join("inter.py"), "exit(42)\n").unwrap();
        }
        dir
    }

    const TEST: &str = "[[tests]]\ninput = \"1\"\noutput = \"1\"\n";

    #[test]
    fn an_interactor_judges_every_test_and_is_refused_where_it_cannot_be() {
        let head = "format_version = 1\ntitle = \"t\"\ninteractor = \"inter.py\"\n";
        let dir = problem(&format!("{head}{TEST}{TEST}"), true);
        let p = load(dir.path()).unwrap();
        assert_eq!(
            p.interaction.as_ref().map(|i| (i.interactive, i.passes)),
            Some((true, 1))
        );
        for t in &p.tests {
            let c = t.compare.checker().expect("the interactor decides");
            assert!(c.program.ends_with("inter.py"), "{:?}", c.program);
        }
        // Missing file, a custom checker beside it, a function problem.
        let dir = problem(&format!("{head}{TEST}"), false);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:3:14:") && err.contains("inter.py"),
            "{err}"
        );
        let custom = "[compare]\nmode = \"custom\"\ncustom = { program = \"inter.py\", protocol = \"testlib\" }\n";
        let dir = problem(&format!("{head}{custom}{TEST}"), true);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:3:14: `interactor` decides every test"),
            "{err}"
        );
        // The same program as a custom checker keeps its arguments (an imported package).
        let same = "[compare]\ncustom = { program = \"inter.py\", protocol = \"kattis\", args = [\"x\"] }\n";
        let p = load(problem(&format!("{head}{same}{TEST}"), true).path()).unwrap();
        assert_eq!(p.tests[0].compare.checker().unwrap().args, ["x"]);
        // Passes: with a Kattis checker (multi-pass, not interactive), else refused.
        let passes = "format_version = 1\ntitle = \"t\"\npasses = 3\n";
        let kattis = "[compare]\ncustom = { program = \"inter.py\", protocol = \"kattis\" }\n";
        let p = load(problem(&format!("{passes}{kattis}{TEST}"), true).path()).unwrap();
        let i = p.interaction.unwrap();
        assert_eq!((i.interactive, i.passes), (false, 3));
        let dir = problem(&format!("{passes}{TEST}"), true);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:3:10: `passes` needs a checker"),
            "{err}"
        );
        let dir = problem(&format!("{head}passes = 0\n{TEST}"), true);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:4:10: `passes` must be between 1 and 1000"),
            "{err}"
        );
        let generator = "[generator]\nfile = \"inter.py\"\n";
        let dir = problem(&format!("{head}{TEST}{generator}"), true);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("[generator] cannot be used with `interactor`"),
            "{err}"
        );
        let function = "kind = \"function\"\n[function]\nname = \"f\"\nparams = []\nreturns = \"int\"\n[[tests]]\nargs = []\nexpected = 1\n";
        let dir = problem(&format!("{head}{function}"), true);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:3:14: `interactor` is for stdio problems"),
            "{err}"
        );
    }
}
