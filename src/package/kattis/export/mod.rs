//! `export`: writes a stdio `problem.toml` problem as an ICPC/Kattis package (legacy format, which
//! problemtools and DOMjudge read): `problem.yaml` with the limits, `.timelimit`, sample tests
//! under `data/sample/`, the others under `data/secret/` (a group's in `data/secret/GROUP/`), each
//! group's comparison as the default validator's `output_validator_flags` in its `testdata.yaml`
//! (or a Kattis-protocol checker as the custom validator), `reference/` as `submissions/accepted/`
//! and `[[expect]]` answers in the verdict folders, the statement converted to LaTeX (`statement`)
//! and an input validator inferred from the tests (`validator`), so that problemtools'
//! `verifyproblem` accepts the package. Comparisons the default validator cannot express exactly
//! are refused.

mod statement;
mod validator;

use crate::error::{Error, Result};
use crate::problem::compare_spec::Mode;
use crate::problem::spec::Protocol;
use crate::problem::{self, CompareSpec, Data, Kind, Problem, TestData, Visibility};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Languages whose runtime cannot start under problemtools' memory limit below a size: it runs
/// a submission under an RLIMIT_AS of the memory limit, and PyPy (problemtools' `python3`)
/// reserves about 200 MiB of address space, Node.js about 740 MiB (x86-64, measured), before
/// running a line. Below the floor (with a margin), their submissions are left out of the
/// package: there they could only crash.
const ADDRESS_SPACE_FLOORS: &[(&str, &str, u64)] = &[
    ("python3", "PyPy", 256 << 20),
    ("javascript", "Node.js", 1 << 30),
];

/// A stable UUID for the problem (problemtools warns without one): the SHA-256 of its id, cut to
/// 128 bits and marked as an RFC 9562 version 8 (custom) UUID.
fn uuid(id: &str) -> String {
    let mut b: [u8; 16] = Sha256::digest(format!("grader-export:{id}").as_bytes())[..16]
        .try_into()
        .unwrap_or_default();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::judge(format!("cannot write `{}`: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| io_err(path, e))
}

fn data_bytes(d: &Data) -> Result<Vec<u8>> {
    match d {
        Data::Inline(s) => Ok(s.as_bytes().to_vec()),
        Data::File(p) => std::fs::read(p)
            .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", p.display()))),
    }
}

/// How a test is judged, as a package says it: the default validator's flags, or a custom
/// validator (its program and arguments).
#[derive(Debug, Clone, PartialEq)]
enum Judging {
    Flags(Vec<String>),
    Custom(PathBuf, Vec<String>),
}

fn judging(p: &Problem, c: &CompareSpec, test: &str) -> Result<Judging> {
    if let Some(checker) = c.checker() {
        if checker.protocol != Protocol::Kattis {
            return Err(Error::spec(format!(
                "cannot export `{}`: test `{test}` uses a testlib checker; a package's validators speak the Kattis protocol",
                p.id
            )));
        }
        return Ok(Judging::Custom(
            checker.program.clone(),
            checker.args.clone(),
        ));
    }
    if let Some(flags) = c.kattis() {
        return Ok(Judging::Flags(flags.to_args()));
    }
    let o = &c.options();
    let mut v = Vec::new();
    if o.case_sensitive {
        v.push("case_sensitive".to_string());
    }
    match o.mode {
        Mode::Tokens => {}
        Mode::Float => v.extend([
            "float_absolute_tolerance".to_string(),
            format!("{:e}", o.float_abs),
            "float_relative_tolerance".to_string(),
            format!("{:e}", o.float_rel),
        ]),
        other => {
            return Err(Error::spec(format!(
                "cannot export `{}`: test `{test}` compares in `{}` mode, which the default output validator cannot express (tokens, float, kattis and Kattis-protocol checkers can)",
                p.id,
                format!("{other:?}").to_lowercase()
            )));
        }
    }
    Ok(Judging::Flags(v))
}

/// The arguments as one quoted YAML string (`""` when none: a bare key would be null).
fn yaml_list(items: &[String]) -> String {
    serde_json::to_string(&items.join(" ")).unwrap_or_default()
}

/// Refuses a problem that has no ICPC/Kattis equivalent (before anything is written).
pub fn exportable(p: &Problem, dir: &Path) -> Result<()> {
    if p.package.is_some() {
        return Err(Error::usage(format!(
            "`{}` is already an ICPC/Kattis package",
            dir.display()
        )));
    }
    if p.kind != Kind::Stdio {
        return Err(Error::spec(format!(
            "cannot export `{}`: a {} problem has no ICPC/Kattis equivalent (only stdio problems do)",
            p.id,
            format!("{:?}", p.kind).to_lowercase()
        )));
    }
    if p.interaction.is_some() {
        return Err(Error::spec(format!(
            "cannot export `{}`: interactive and multi-pass problems are not exported yet (`interactor`, `passes`)",
            p.id
        )));
    }
    Ok(())
}

/// What `export` wrote.
pub struct Exported {
    /// Jury submissions written.
    pub submissions: usize,
    /// Lines for the user: a folder name problemtools does not take, submissions left out.
    pub notes: Vec<String>,
}

/// Exports the problem `p` (read from `dir`, [`exportable`]) into the new folder `out`.
pub fn export(p: &Problem, dir: &Path, out: &Path) -> Result<Exported> {
    let plan = plan(p, out)?;
    let table = crate::lang::Table::load()?;
    // Nothing is written before the whole problem is known to be exportable.
    write_package(p, dir, out, plan)?;
    let (submissions, left_out) = write_submissions(p, dir, out, &table)?;
    Ok(Exported {
        submissions,
        notes: notes(p, out, &left_out),
    })
}

/// Every test's place and judging, checked exportable before anything is written.
struct Plan<'p> {
    /// Each data folder with its judging.
    folders: Vec<(String, Judging)>,
    /// The custom output validator, when the tests use one.
    custom: Option<PathBuf>,
    /// Each file of `data/` with its content.
    planned: Vec<(PathBuf, &'p Data)>,
    /// Every test's input (for the input validator).
    inputs: Vec<Vec<u8>>,
}

/// Places every test and its judging: the problem is exportable when this succeeds.
fn plan<'p>(p: &'p Problem, out: &Path) -> Result<Plan<'p>> {
    let mut folders: Vec<(String, Judging)> = Vec::new();
    let mut custom: Option<PathBuf> = None;
    let mut planned: Vec<(PathBuf, &Data)> = Vec::new();
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for t in &p.tests {
        let TestData::Stdio { input, answer } = &t.data else {
            continue;
        };
        let j = judging(p, &t.compare, &t.name)?;
        if let Judging::Custom(program, _) = &j {
            match &custom {
                Some(c) if c != program => {
                    return Err(Error::spec(format!(
                        "cannot export `{}`: a package has one output validator, the tests use two",
                        p.id
                    )));
                }
                _ => custom = Some(program.clone()),
            }
        }
        let folder = match (t.visibility, t.group) {
            (Visibility::Sample, _) => "sample".to_string(),
            (_, Some(g)) => format!("secret/{}", p.groups[g].name),
            (_, None) => "secret".to_string(),
        };
        match folders.iter().find(|(f, _)| *f == folder) {
            Some((_, seen)) if *seen != j => {
                return Err(Error::spec(format!(
                    "cannot export `{}`: the tests of `{folder}` are judged in different ways; a package folder has one set of validator arguments",
                    p.id
                )));
            }
            Some(_) => {}
            None => folders.push((folder.clone(), j.clone())),
        }
        // Package order is lexicographic: number the cases to keep the test order.
        let stem = t.name.rsplit('/').next().unwrap_or(&t.name);
        let name = format!("{:03}-{}", t.index + 1, stem.replace(['/', ' '], "_"));
        let base = out.join("data").join(&folder);
        inputs.push(data_bytes(input)?);
        planned.push((base.join(format!("{name}.in")), input));
        planned.push((base.join(format!("{name}.ans")), answer));
    }
    Ok(Plan {
        folders,
        custom,
        planned,
        inputs,
    })
}

/// Writes the data, `testdata.yaml`, `problem.yaml` (with the custom validator), `.timelimit`,
/// the statement and the input validator.
fn write_package(p: &Problem, dir: &Path, out: &Path, plan: Plan) -> Result<()> {
    let Plan {
        folders,
        custom,
        planned,
        inputs,
    } = plan;
    for (path, data) in planned {
        write(&path, &data_bytes(data)?)?;
    }
    for (folder, j) in &folders {
        let args = match j {
            Judging::Flags(a) | Judging::Custom(_, a) => a,
        };
        write(
            &out.join("data").join(folder).join("testdata.yaml"),
            format!("output_validator_flags: {}\n", yaml_list(args)).as_bytes(),
        )?;
    }
    let mut yaml = format!(
        "# Exported from the grader problem `{}` by `grader export --kattis`.\nname: {}\nuuid: {}\nsource: grader\nlicense: unknown\n",
        p.id,
        serde_json::to_string(&p.title).unwrap_or_default(),
        uuid(&p.id)
    );
    if let Some(program) = &custom {
        yaml.push_str("validation: custom\n");
        let target = out.join("output_validators").join("checker");
        let name = program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(program)
            .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", program.display())))?;
        write(&target.join(name), &bytes)?;
    }
    yaml.push_str(&format!(
        "limits:\n  memory: {}\n  output: {}\n",
        p.limits.memory.div_ceil(1 << 20),
        p.limits.output.div_ceil(1 << 20)
    ));
    write(&out.join("problem.yaml"), yaml.as_bytes())?;
    write(
        &out.join(".timelimit"),
        format!("{}\n", p.limits.time.as_secs_f64()).as_bytes(),
    )?;
    let markdown = problem::inside::statement(dir)?;
    write(
        &out.join("problem_statement/problem.en.tex"),
        statement::to_latex(&p.title, markdown.as_deref()).as_bytes(),
    )?;
    let inputs: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
    write(
        &out.join("input_validators/validate.py"),
        validator::program(&p.id, &validator::infer(&inputs)).as_bytes(),
    )?;
    Ok(())
}

/// A runtime left out of the package: (file name, runtime, the memory limit it needs).
type LeftOut = (String, &'static str, u64);

/// Jury submissions, but those whose runtime cannot start under problemtools' limit: how many
/// were written, and which were left out.
fn write_submissions(
    p: &Problem,
    dir: &Path,
    out: &Path,
    table: &crate::lang::Table,
) -> Result<(usize, Vec<LeftOut>)> {
    let mut left_out: Vec<LeftOut> = Vec::new();
    let keep = |f: &Path, left_out: &mut Vec<LeftOut>| {
        let Ok(lang) = table.detect(f, None) else {
            return true;
        };
        match ADDRESS_SPACE_FLOORS
            .iter()
            .find(|(id, _, floor)| lang.id == *id && p.limits.memory < *floor)
        {
            Some((_, runtime, floor)) => {
                let name = f.file_name().unwrap_or_default().to_string_lossy();
                left_out.push((name.into_owned(), runtime, *floor));
                false
            }
            None => true,
        }
    };
    let mut count = 0;
    for f in problem::inside::files_in(dir, "reference", "problem folder")? {
        if keep(&f, &mut left_out) {
            let bytes = std::fs::read(&f).map_err(|e| io_err(&f, e))?;
            let name = f.file_name().unwrap_or_default();
            write(&out.join("submissions/accepted").join(name), &bytes)?;
            count += 1;
        }
    }
    for e in &p.expect {
        let folder = match e.verdicts.as_slice() {
            // "Anything but AC" is what a jury's rejected/ folder says; other negations have no
            // folder.
            [v] if v == "!AC" => "rejected",
            vs if vs.iter().any(|v| v.starts_with('!')) => continue,
            [v] if v == "AC" => "accepted",
            [v] if v == "WA" => "wrong_answer",
            vs if vs.iter().all(|v| ["TLE", "OLE"].contains(&v.as_str())) => "time_limit_exceeded",
            vs if vs.iter().all(|v| ["RE", "MLE"].contains(&v.as_str())) => "run_time_error",
            vs if vs.iter().all(|v| v != "AC") => "rejected",
            _ => continue,
        };
        if !keep(&e.file, &mut left_out) {
            continue;
        }
        if let (Ok(bytes), Some(name)) = (std::fs::read(&e.file), e.file.file_name()) {
            write(&out.join("submissions").join(folder).join(name), &bytes)?;
            count += 1;
        }
    }
    Ok((count, left_out))
}

/// Says when the folder's name is not a short name problemtools takes, and what was left out.
fn notes(p: &Problem, out: &Path, left_out: &[LeftOut]) -> Vec<String> {
    let mut notes = Vec::new();
    let folder = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if folder.is_empty()
        || !folder
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        let short: String =
            p.id.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
        notes.push(format!(
            "note: a package's folder name is its short name, which problemtools wants as [a-z0-9]+ (`{short}`, not `{folder}`)"
        ));
    }
    for (name, runtime, floor) in left_out {
        notes.push(format!(
            "left out `{name}`: problemtools runs it under an address-space limit of the memory limit ({} MiB), where {runtime} cannot start (kept from {} MiB up)",
            p.limits.memory >> 20,
            floor >> 20
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_is_stable_and_marked_version_8() {
        let u = uuid("longest-substring-length");
        assert_eq!(u, uuid("longest-substring-length"));
        assert_ne!(u, uuid("sum"));
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('8'), "{u}");
        assert!(
            matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{u}"
        );
    }

    #[test]
    fn validator_flags_are_one_quoted_yaml_string() {
        assert_eq!(yaml_list(&[]), "\"\"");
        assert_eq!(
            yaml_list(&["float_relative_tolerance".into(), "1e-6".into()]),
            "\"float_relative_tolerance 1e-6\""
        );
    }
}
