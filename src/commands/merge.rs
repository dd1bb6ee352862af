//! `grader merge -o OUT SHARD_DIR...`: joins the `results.json` of every shard of a batch
//! (`grader batch --shard I/N`) into one gradebook, JSON and HTML report, the same files an
//! unsharded run writes. Refuses shards of different problems, problem versions or settings,
//! a missing or repeated shard, and a student graded twice.

use super::batch::{RESULTS, finish};
use super::options;
use crate::batch::Entry;
use crate::batch::output::{Batch, BatchFile, Summary};
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(args: &options::Merge) -> Result<u8> {
    let mut files = Vec::new();
    for (i, dir) in args.shards.iter().enumerate() {
        let (path, file) = read_shard(dir)?;
        // Every shard has the first's roster (checked below): `--lms` needs one, said before
        // the other shards are read.
        if let (0, None, Some(x)) = (i, &file.roster, &args.lms) {
            return Err(super::batch::lms_needs_roster(x.lms));
        }
        files.push((path, file));
    }
    let (first_path, first) = &files[0];
    let Some(shard) = first.shard else {
        return Err(Error::usage(format!(
            "`{}` is not a shard (run `grader batch --shard I/N`)",
            first_path.display()
        )));
    };
    let mut seen = vec![None::<&Path>; shard.count];
    for (path, f) in &files {
        let same = |what: &str, a: &str, b: &str| {
            if a == b {
                Ok(())
            } else {
                Err(Error::usage(format!(
                    "`{}` has {what} `{b}`, but `{}` has `{a}`: shards must come from the same command",
                    path.display(),
                    first_path.display()
                )))
            }
        };
        same("problem", &first.problem, &f.problem)?;
        same("problem sha256", &first.spec_sha256, &f.spec_sha256)?;
        same("grader version", &first.grader_version, &f.grader_version)?;
        same("tests", &first.tests.join(","), &f.tests.join(","))?;
        if f.roster != first.roster {
            return Err(Error::usage(format!(
                "`{}` was graded with another roster than `{}` (or without one): give every shard the same `--roster`",
                path.display(),
                first_path.display()
            )));
        }
        let Some(sh) = f.shard else {
            return Err(Error::usage(format!(
                "`{}` is not a shard (run `grader batch --shard I/N`)",
                path.display()
            )));
        };
        if sh.count != shard.count || sh.total != shard.total {
            return Err(Error::usage(format!(
                "`{}` is shard {}/{} of {} submissions, but `{}` is of {}/{} of {}",
                path.display(),
                sh.index,
                sh.count,
                sh.total,
                first_path.display(),
                shard.index,
                shard.count,
                shard.total
            )));
        }
        if let Some(other) = seen[sh.index - 1].replace(path) {
            return Err(Error::usage(format!(
                "shard {}/{} is given twice: `{}` and `{}`",
                sh.index,
                sh.count,
                other.display(),
                path.display()
            )));
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_none())
        .map(|(i, _)| format!("{}/{}", i + 1, shard.count))
        .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "missing shard(s) {}: give every shard's output folder",
            missing.join(", ")
        )));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut students = BTreeSet::new();
    for (path, f) in &files {
        for e in &f.submissions {
            if !students.insert(e.student.clone()) {
                return Err(Error::usage(format!(
                    "student `{}` is in two shards (again in `{}`): were the shards run on different folders?",
                    e.student,
                    path.display()
                )));
            }
            entries.push(e.clone());
        }
    }
    if entries.len() != shard.total {
        return Err(Error::usage(format!(
            "the shards hold {} submission(s), but the batch has {}: a shard was cut short; run it again",
            entries.len(),
            shard.total
        )));
    }
    if let Some(r) = &first.roster {
        entries.extend(r.missing_entries(first.summary.max_score, &first.spec_sha256));
    }
    entries.sort_by(|a, b| a.student.cmp(&b.student));
    let levels: BTreeSet<&str> = files
        .iter()
        .map(|(_, f)| f.sandbox_level.as_str())
        .collect();
    let summary = Summary::of(&first.tests, &entries, first.summary.max_score);
    let batch = Batch {
        format_version: first.format_version,
        problem: first.problem.clone(),
        title: first.title.clone(),
        spec_sha256: first.spec_sha256.clone(),
        grader_version: first.grader_version.clone(),
        sandbox_level: levels.into_iter().collect::<Vec<_>>().join(", "),
        grader_peak_rss_bytes: None,
        shard: None,
        tests: first.tests.clone(),
        summary,
        roster: first.roster.as_ref(),
        submissions: &entries,
    };
    std::fs::create_dir_all(&args.out).map_err(|e| {
        Error::usage(format!(
            "cannot create the output folder `{}`: {e}",
            args.out.display()
        ))
    })?;
    finish(
        &batch,
        &args.out,
        &args.outputs,
        Path::new("."),
        (None, args.lms.as_ref()),
    )
}

/// The `results.json` of shard folder `dir`, and its path.
fn read_shard(dir: &Path) -> Result<(std::path::PathBuf, BatchFile)> {
    let path = dir.join(RESULTS);
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::usage(format!(
            "cannot read `{}`: {e}; give the output folders of `grader batch --shard`",
            path.display()
        ))
    })?;
    let file: BatchFile = serde_json::from_slice(&bytes).map_err(|e| {
        Error::usage(format!(
            "`{}` is not a batch's results: {e}",
            path.display()
        ))
    })?;
    Ok((path, file))
}
