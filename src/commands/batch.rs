//! `grader batch PROBLEM DIR`: discover the submissions, grade them in parallel (resuming from
//! the journal), write the outputs atomically, print a summary. Exit 0 when every submission has
//! a result, 3 when some got a judge error (or the outputs failed), 2 on bad usage.

use super::options;
use crate::batch::lms::{self, Export, Lms};
use crate::batch::output::{self, Batch, Summary};
use crate::batch::roster::{self, Roster};
use crate::batch::{self, Entry, Journal, Plan, Progress, write_atomic};
use crate::error::{Error, Result};
use crate::exit;
use crate::lang::Table;
use crate::problem;
use crate::report::cases::{self, Case, Suite};
use crate::report::{Format, Outputs, Results};
use crate::sandbox::SandboxInfo;
use crate::similar::Similarity;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub const JOURNAL: &str = "journal.jsonl";
pub const GRADEBOOK: &str = "gradebook.csv";
pub const RESULTS: &str = "results.json";
pub const HTML: &str = "report.html";
pub const SIMILARITY: &str = "similarity.csv";
/// Pairs of `--similarity` shown side by side in report.html (the table shows more).
const SIDE_BY_SIDE: usize = 20;

pub fn run(args: &options::Batch) -> Result<u8> {
    if let (Some(x), None) = (&args.lms, &args.roster) {
        return Err(lms_needs_roster(x.lms));
    }
    if let Some(p) = args.tests.as_deref() {
        crate::judge::check_pattern_of("--tests", p)?;
    }
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let problem = crate::package::load(&dir, args.tests_from.as_deref())?;
    let spec_sha256 = problem::spec_sha256_with(&dir, args.tests_from.as_deref())?;
    problem::expect_sha256(
        &problem.id,
        &spec_sha256,
        args.expect_spec_sha256.as_deref(),
    )?;
    if args.similarity && args.shard.is_some() {
        // Each shard would compare the whole class again, and `merge` has no class to compare.
        return Err(Error::usage(
            "`--similarity` compares the whole class: use it on an unsharded batch, or run `grader similar DIR` once beside the shards",
        ));
    }
    let table = Table::load()?;
    if let Some(id) = &args.lang {
        table.get(id)?;
    }
    // A problem whose own code cannot be called is a spec error before any student is graded.
    let pool = crate::sandbox::Helpers::new(&SandboxInfo::probe());
    crate::kinds::check_problem(&problem, &table, &pool)?;
    let (class, mut subs) = batch::discover(&args.source, &table)?;
    let roster = class_roster(args, &mut subs)?;
    let similarity = similarity(args.similarity, &problem, &class, &subs)?;
    let total = subs.len();
    let shard = args.shard.map(|(index, count)| output::Shard {
        index,
        count,
        total,
    });
    if let Some(sh) = shard {
        // Round robin over the students in sorted order: deterministic, and as even as it gets.
        subs = subs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % sh.count == sh.index - 1)
            .map(|(_, s)| s)
            .collect();
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("batch-{}", problem.id)));
    std::fs::create_dir_all(&out).map_err(|e| {
        Error::usage(format!(
            "cannot create the output folder `{}`: {e}",
            out.display()
        ))
    })?;
    let (mut journal, previous) = Journal::open(&out.join(JOURNAL))?;
    let info = SandboxInfo::probe();
    let plan = Plan {
        problem: &problem,
        table: &table,
        info: &info,
        spec_sha256: spec_sha256.clone(),
        lang: args.lang.clone(),
        filter: args.tests.clone(),
        jobs: args.jobs,
        no_cache: args.no_cache,
        class: &class,
    };
    let mut progress: Box<dyn Progress> = if std::io::stderr().is_terminal() {
        Box::new(Bar::default())
    } else {
        Box::new(Lines::default())
    };
    let mut entries = batch::run::run(&plan, &subs, &mut journal, &previous, progress.as_mut())?;
    if let (Some(r), None) = (&roster, shard) {
        // A shard leaves them to `grader merge`, which adds them once.
        entries.extend(r.missing_entries(f64::from(problem.max_score()), &spec_sha256));
        entries.sort_by(|a, b| a.student.cmp(&b.student));
    }
    let tests: Vec<String> = problem
        .tests
        .iter()
        .filter(|t| {
            args.tests
                .as_deref()
                .is_none_or(|p| crate::judge::matches(p, &t.name))
        })
        .map(|t| t.name.clone())
        .collect();
    let max_score = f64::from(problem.max_score());
    let summary = Summary::of(&tests, &entries, max_score);
    let batch = Batch {
        format_version: 1,
        problem: problem.id.clone(),
        title: problem.title.clone(),
        spec_sha256,
        grader_version: env!("CARGO_PKG_VERSION").into(),
        sandbox_level: info.level.to_string(),
        grader_peak_rss_bytes: Some(crate::judge::GraderInfo::now().peak_rss_bytes),
        shard,
        tests,
        summary,
        roster: roster.as_ref(),
        submissions: &entries,
    };
    finish(
        &batch,
        &out,
        &args.outputs,
        &class.base,
        (similarity.as_ref(), args.lms.as_ref()),
    )
}

/// `--lms` without a roster: refused, the LMS matches students by ids only the roster has.
pub fn lms_needs_roster(lms: Lms) -> Error {
    let by = match lms {
        Lms::Canvas => "SIS User ID",
        Lms::Moodle => "ID number or email",
    };
    Error::usage(format!(
        "`--lms {}` needs `--roster FILE.csv`: {} matches students by {by}, which only the roster has",
        lms.name().to_lowercase(),
        lms.name()
    ))
}

/// With `--roster`: the roster read and checked, the submissions matched to it (renamed to
/// the roster's ids, sorted again), and who is missing or not in it said on stderr.
fn class_roster(args: &options::Batch, subs: &mut [batch::Submission]) -> Result<Option<Roster>> {
    let Some(path) = &args.roster else {
        return Ok(None);
    };
    let students = roster::load(path, &args.roster_columns)?;
    let r = roster::assign(students, subs);
    let later = if args.shard.is_some() {
        " (`grader merge` adds their MISSING rows)"
    } else {
        ""
    };
    eprintln!(
        "grader: roster: {} student(s), {} submitted, {} missing{}{later}",
        r.students.len(),
        r.students.len() - r.missing.len(),
        r.missing.len(),
        list(&r.missing)
    );
    if !r.not_in_roster.is_empty() {
        eprintln!(
            "grader: {} submission(s) match no roster id, graded and kept (in_roster `no`){}",
            r.not_in_roster.len(),
            list(&r.not_in_roster)
        );
    }
    Ok(Some(r))
}

/// `: a, b, c` (the first 20), or nothing.
fn list(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        n if n <= 20 => format!(": {}", names.join(", ")),
        n => format!(": {}, ... ({} more)", names[..20].join(", "), n - 20),
    }
}

/// With `--similarity`: the class compared, the problem's starters cut out.
fn similarity(
    wanted: bool,
    problem: &problem::Problem,
    class: &batch::Class,
    subs: &[batch::Submission],
) -> Result<Option<Similarity>> {
    if !wanted {
        return Ok(None);
    }
    let base = super::similar::starters(&problem.dir, &problem.id)?;
    let options = crate::similar::Options::default();
    let (report, inputs) = super::similar::compare(class, subs, &base, &options);
    Ok(Some(crate::similar::with_sources(
        report,
        &inputs,
        SIDE_BY_SIDE,
    )))
}

/// Writes the final files of a batch (or of merged shards) atomically, then the outputs
/// (`--format` on stdout, the report files), and returns the exit code: 3 when some submission
/// got JE, else 0. A report file that cannot be written is a judge error. With `similarity`,
/// also `similarity.csv` and a section of report.html; with `lms` (and the batch's roster),
/// the LMS's import file.
pub fn finish(
    batch: &Batch,
    out: &Path,
    outputs: &Outputs,
    base: &Path,
    (similarity, lms): (Option<&Similarity>, Option<&Export>),
) -> Result<u8> {
    write_atomic(&out.join(GRADEBOOK), &output::csv(batch)?)?;
    let json = output::json(batch)?;
    write_atomic(&out.join(RESULTS), &json)?;
    let mut lms_file = None;
    if let (Some(x), Some(r)) = (lms, batch.roster) {
        let written = lms::write(
            x,
            r,
            batch.submissions,
            &batch.title,
            batch.summary.max_score,
        )?;
        write_atomic(&out.join(x.lms.file()), &written.bytes)?;
        lms_file = Some(out.join(x.lms.file()));
        if !written.blank.is_empty() {
            eprintln!(
                "grader: {} left blank in {} (a judge error, not the student's): run the same command again to retry{}",
                written.blank.len(),
                x.lms.file(),
                list(&written.blank)
            );
        }
    }
    if let Some(s) = similarity {
        let csv = crate::similar::render::csv(&s.report).map_err(Error::judge)?;
        write_atomic(&out.join(SIMILARITY), &csv)?;
    }
    write_atomic(
        &out.join(HTML),
        &crate::batch::html::html(batch, similarity)?,
    )?;
    if outputs.stdout == Format::Human {
        print_summary(batch, out, lms_file.as_deref());
        if let Some(s) = similarity {
            print_similarity(&s.report, out);
        }
    }
    outputs.emit(&Finished {
        batch,
        base,
        json: String::from_utf8_lossy(&json).into_owned(),
    })?;
    let judge_errors = batch
        .submissions
        .iter()
        .filter(|e| e.is_judge_error())
        .count();
    Ok(if judge_errors > 0 {
        exit::JUDGE_ERROR
    } else {
        exit::ACCEPTED
    })
}

/// A finished batch, as the report formats see it.
struct Finished<'a> {
    batch: &'a Batch<'a>,
    /// The class's folder: where annotations point.
    base: &'a Path,
    /// `results.json`.
    json: String,
}

impl Results for Finished<'_> {
    fn json(&self) -> String {
        self.json.clone()
    }
    fn suites(&self) -> Vec<Suite> {
        vec![suite(self.batch, self.base)]
    }
    fn title(&self) -> String {
        format!(
            "grader batch {}: {} submission(s), {} accepted",
            self.batch.problem, self.batch.summary.submissions, self.batch.summary.accepted
        )
    }
}

/// The batch as one suite: a case per student.
fn suite(batch: &Batch, base: &Path) -> Suite {
    let cases = batch
        .submissions
        .iter()
        .map(|e| {
            let file = e
                .file
                .as_deref()
                .map(|f| base.join(f).display().to_string());
            let failing = e
                .first_failure
                .as_deref()
                .and_then(|name| e.tests.iter().find(|t| t.name == name));
            let message = match failing {
                Some(t) => format!(
                    "{} on {}: {}",
                    e.verdict,
                    t.name,
                    t.message.lines().next().unwrap_or("")
                ),
                None => format!("{}: {}", e.verdict, e.message_line()),
            };
            let detail = match (&e.message, failing) {
                (Some(m), _) => format!("{message}\n{m}"),
                (None, Some(t)) => format!("{message}\n{}", t.message),
                (None, None) => message.clone(),
            };
            let line = file.as_deref().and_then(|f| cases::line_in(&detail, f));
            Case {
                classname: batch.problem.clone(),
                name: e.student.clone(),
                time_s: e.wall_s,
                outcome: cases::outcome(&e.verdict, &message, detail),
                file,
                line,
            }
        })
        .collect();
    Suite {
        name: batch.problem.clone(),
        time_s: batch.submissions.iter().map(|e| e.wall_s).sum(),
        cases,
        properties: vec![
            ("grader.version".into(), batch.grader_version.clone()),
            ("sandbox.level".into(), batch.sandbox_level.clone()),
            ("spec.sha256".into(), batch.spec_sha256.clone()),
            (
                "mean_score".into(),
                format!("{}/{}", batch.summary.mean_score, batch.summary.max_score),
            ),
        ],
    }
}

fn print_summary(batch: &Batch, out: &Path, lms_file: Option<&Path>) {
    let s = &batch.summary;
    if let Some(sh) = batch.shard {
        crate::outln!(
            "shard {}/{}: {} of {} submission(s); join the shards with `grader merge`",
            sh.index,
            sh.count,
            s.submissions,
            sh.total
        );
    }
    let verdicts: Vec<String> = s.verdicts.iter().map(|(v, n)| format!("{v} {n}")).collect();
    crate::outln!(
        "{}: {} submission(s), {} accepted · {} · mean score {}/{}",
        batch.problem,
        s.submissions,
        s.accepted,
        verdicts.join(", "),
        s.mean_score,
        s.max_score
    );
    let je = s.verdicts.get("JE").copied().unwrap_or(0);
    if je > 0 {
        crate::outln!(
            "{je} judge error(s): the grader failed on those; run the same command again to retry them"
        );
    }
    crate::outln!(
        "wrote {}, {}, {}, {}{}",
        out.join(GRADEBOOK).display(),
        out.join(RESULTS).display(),
        out.join(HTML).display(),
        out.join(JOURNAL).display(),
        lms_file.map_or(String::new(), |f| format!(", {}", f.display()))
    );
}

fn print_similarity(report: &crate::similar::Report, out: &Path) {
    let above: Vec<String> = report
        .pairs
        .iter()
        .filter(|p| p.similarity >= report.threshold)
        .map(|p| format!("{} ~ {} {:.0}%", p.a, p.b, p.similarity * 100.0))
        .collect();
    crate::outln!(
        "similarity: {} pair(s) at or above {} of {} file(s){}{}; wrote {}",
        above.len(),
        report.threshold,
        report.files,
        if above.is_empty() { "" } else { ": " },
        above.join(", "),
        out.join(SIMILARITY).display()
    );
}

/// One line for a finished submission.
fn line(e: &Entry) -> String {
    let at = e
        .first_failure
        .as_deref()
        .map(|t| format!(" on {t}"))
        .unwrap_or_default();
    let why = match e.verdict.as_str() {
        "ERR" | "JE" | "CE" => format!(": {}", e.message_line()),
        _ => String::new(),
    };
    format!(
        "{} {} {}/{}{at}{why}",
        e.student, e.verdict, e.score, e.max_score
    )
}

/// Without a terminal: a plain line per finished submission on stderr.
#[derive(Default)]
struct Lines {
    total: usize,
    done: usize,
}

impl Progress for Lines {
    fn begin(&mut self, total: usize, resumed: usize) {
        self.total = total;
        self.done = resumed;
        if resumed > 0 {
            eprintln!("grader: resuming: {resumed} of {total} submission(s) already graded");
        }
    }
    fn finished(&mut self, entry: &Entry) {
        self.done += 1;
        eprintln!("[{}/{}] {}", self.done, self.total, line(entry));
    }
    fn end(&mut self) {}
}

/// On a terminal: an `indicatif` bar with the ETA, finished submissions printed above it.
#[derive(Default)]
struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress for Bar {
    fn begin(&mut self, total: usize, resumed: usize) {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} submissions · {elapsed_precise} elapsed · ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_position(resumed as u64);
        bar.reset_eta();
        if resumed > 0 {
            bar.println(format!("resuming: {resumed} of {total} already graded"));
        }
        self.bar = Some(bar);
    }
    fn finished(&mut self, entry: &Entry) {
        if let Some(bar) = &self.bar {
            bar.println(line(entry));
            bar.inc(1);
        }
    }
    fn end(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
