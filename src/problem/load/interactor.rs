//! `interactor` of a stdio problem: a program of the problem folder that talks with the answer
//! through pipes and decides each test (Kattis protocol), in place of comparing its output.

use super::*;
use crate::problem::spec::Protocol;

/// Makes every test of a problem with an `interactor` judged by it; refuses one on a function
/// or SQL problem, or beside a custom checker (both would decide).
pub(super) fn interactor(
    ctx: &Ctx,
    wire: &ProblemToml,
    mut tests: Vec<Test>,
) -> Result<(Vec<Test>, Option<Interaction>)> {
    let Some(name) = &wire.interactor else {
        return Ok((tests, None));
    };
    if wire.kind() != Kind::Stdio {
        return Err(ctx.at(
            name.span(),
            "`interactor` is for stdio problems (the answer reads stdin and writes stdout); remove it",
        ));
    }
    if tests.iter().any(|t| t.compare.checker().is_some()) {
        return Err(ctx.at(
            name.span(),
            "`interactor` decides every test: remove `mode = \"custom\"` from [compare] (the interactor is the checker)",
        ));
    }
    let program = problem_file(ctx, name.span(), "interactor", name.get_ref())?;
    for t in &mut tests {
        t.compare = CompareSpec::Checker(Checker {
            program: program.clone(),
            protocol: Protocol::Kattis,
            args: Vec::new(),
            scores: false,
        });
    }
    let interaction = Interaction {
        interactive: true,
        passes: 1,
    };
    Ok((tests, Some(interaction)))
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
        let custom = "[compare]\nmode = \"custom\"\ncustom = { program = \"inter.py\" }\n";
        let dir = problem(&format!("{head}{custom}{TEST}"), true);
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:3:14: `interactor` decides every test"),
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
