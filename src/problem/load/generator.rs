//! `[generator]`: the program that prints one random test for `grader stress`, checked to be a
//! file inside the problem folder, on a kind it can generate for.

use super::*;

/// The largest size `grader stress` asks a generator for, unless the problem or `--max-size`
/// says otherwise.
pub const DEFAULT_MAX_SIZE: usize = 100;

/// The problem's generator, if it declares one: a file inside the problem folder, for a stdio
/// problem or a function problem with a plain function (not SQL, not a class).
pub(super) fn generator(
    ctx: &Ctx,
    wire: &ProblemToml,
    function: Option<&FunctionSig>,
) -> Result<Option<Generator>> {
    let Some(g) = &wire.generator else {
        return Ok(None);
    };
    if wire.kind() == Kind::Sql {
        return Err(ctx.at(
            g.span(),
            "[generator] is for stdio and function problems, not kind = \"sql\"; remove the table",
        ));
    }
    if function.is_some_and(|f| f.class) {
        return Err(ctx.at(
            g.span(),
            "[generator] is for problems with a function `name`, not a `class`; remove the table",
        ));
    }
    let file = &g.get_ref().file;
    let name = file.get_ref();
    let path = problem_file(ctx, file.span(), "generator", name)?;
    let max_size = match &g.get_ref().max_size {
        None => DEFAULT_MAX_SIZE,
        Some(m) if (1..=10_000_000).contains(m.get_ref()) => *m.get_ref() as usize,
        Some(m) => {
            return Err(ctx.at(
                m.span(),
                "[generator] max_size must be between 1 and 10000000",
            ));
        }
    };
    Ok(Some(Generator {
        name: name.clone(),
        file: path,
        max_size,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FUNCTION: &str = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nparams = [{ name = \"s\", type = \"string\" }]\nreturns = \"int\"\n[[tests]]\nargs = [\"a\"]\nexpected = 1\n";

    fn load_with(head: &str, table: &str, files: &[&str]) -> Result<Problem> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), format!("{head}{table}")).unwrap();
        for f in files {
            std::fs::write(dir.path().join(f), "print('[]')\n").unwrap();
        }
        let p = load(dir.path());
        drop(dir);
        p
    }

    #[test]
    fn a_generator_is_a_file_inside_the_folder() {
        let p = load_with(FUNCTION, "[generator]\nfile = \"gen.py\"\n", &["gen.py"]).unwrap();
        let g = p.generator.unwrap();
        assert_eq!(g.name, "gen.py");
        assert!(g.file.ends_with("gen.py"));
        assert_eq!(g.max_size, DEFAULT_MAX_SIZE);
        let p = load_with(
            FUNCTION,
            "[generator]\nfile = \"gen.py\"\nmax_size = 5000\n",
            &["gen.py"],
        );
        assert_eq!(p.unwrap().generator.unwrap().max_size, 5000);
        let err = load_with(
            FUNCTION,
            "[generator]\nfile = \"gen.py\"\nmax_size = 0\n",
            &["gen.py"],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("problem.toml:13:12: [generator] max_size must be"),
            "{err}"
        );
        assert!(load_with(FUNCTION, "", &[]).unwrap().generator.is_none());
        let err = load_with(FUNCTION, "[generator]\nfile = \"nope.py\"\n", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "problem.toml:12:8: generator `nope.py` does not exist in the problem folder"
            ),
            "{err}"
        );
        let err = load_with(FUNCTION, "[generator]\nfile = \"../gen.py\"\n", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("problem.toml:12:8:"), "{err}");
        assert!(err.contains("outside"), "{err}");
    }

    #[test]
    fn unknown_keys_and_kinds_are_refused_with_their_position() {
        let err = load_with(
            FUNCTION,
            "[generator]\nfile = \"gen.py\"\nsize = 3\n",
            &["gen.py"],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("problem.toml:13:1: unknown key `size`"),
            "{err}"
        );
        let err = load_with(FUNCTION, "[generator]\nfil = \"gen.py\"\n", &["gen.py"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `file`?"), "{err}");
        let sql = "format_version = 1\ntitle = \"t\"\nkind = \"sql\"\n[sql]\nreference = \"gen.py\"\nschema = \"CREATE TABLE T(x);\"\n[[tests]]\nseed = \"\"\n";
        let err = load_with(sql, "[generator]\nfile = \"gen.py\"\n", &["gen.py"])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":9:1: [generator] is for stdio and function problems"),
            "{err}"
        );
        let class = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"]]\nexpected = [1]\n";
        let err = load_with(class, "[generator]\nfile = \"gen.py\"\n", &["gen.py"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a `class`"), "{err}");
    }
}
