//! The Slurm array job of `docs/ci/slurm-array.sh`, run for real: a single-node Slurm from
//! Debian's packages (`munged`, `slurmctld`, `slurmd`, started here with a generated
//! `slurm.conf` in a temporary folder and stopped after), 4 array tasks over a class, one task
//! requeued (killed) mid-run that resumes from its journal, then the merge job; the merged
//! gradebook equals the unsharded one byte for byte. Also the shape of the Kubernetes Indexed
//! Job beside it. Without Slurm the test says so; `.ci/run` (GRADER_REQUIRE_SLURM=1) insists.

#![expect(
    clippy::disallowed_methods,
    reason = "the test starts and drives Slurm's and munge's own programs, not graded programs"
)]

use crate::{Env, assert_exit, root, skipped};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The programs a single-node cluster needs.
const PROGRAMS: [&str; 7] = [
    "munged",
    "slurmctld",
    "slurmd",
    "sbatch",
    "squeue",
    "scontrol",
    "scancel",
];

fn on_path(program: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .any(|d| d.join(program).is_file())
}

/// Whether the cluster can run here; `GRADER_REQUIRE_SLURM=1` makes "no" a failure.
fn slurm_here() -> bool {
    let missing: Vec<&str> = PROGRAMS.into_iter().filter(|p| !on_path(p)).collect();
    let root_user = nix::unistd::geteuid().is_root();
    if missing.is_empty() && root_user {
        return true;
    }
    let why = match missing.is_empty() {
        true => "the single-node Slurm cluster needs root (its daemons run as root)".to_string(),
        false => format!(
            "no {} here (apt-get install slurm-wlm munge)",
            missing.join(", ")
        ),
    };
    assert!(
        std::env::var("GRADER_REQUIRE_SLURM").as_deref() != Ok("1"),
        "GRADER_REQUIRE_SLURM=1 but {why}"
    );
    skipped(&why);
    false
}

/// A free TCP port (bound, then let go: the daemons take it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("0.0.0.0:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A running single-node cluster; dropping it cancels every job and stops the daemons.
struct Cluster {
    dir: PathBuf,
    conf: PathBuf,
    /// PATH for jobs: the grader binary's folder first.
    path: String,
}

impl Cluster {
    fn start(dir: &Path) -> Cluster {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
        let host = host.trim().split('.').next().unwrap().to_string();
        for sub in ["state", "spool", "log", "munge"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let key: Vec<u8> = (0..1024u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let key_file = dir.join("munge/munge.key");
        std::fs::write(&key_file, key).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o400)).unwrap();
        std::fs::set_permissions(dir.join("munge"), std::fs::Permissions::from_mode(0o711))
            .unwrap();
        let d = dir.display();
        let status = Command::new("munged")
            .arg("--force")
            .arg(format!("--key-file={d}/munge/munge.key"))
            .arg(format!("--socket={d}/munge/sock"))
            .arg(format!("--pid-file={d}/munge/pid"))
            .arg(format!("--log-file={d}/log/munge.log"))
            .arg(format!("--seed-file={d}/munge/seed"))
            .status()
            .expect("start munged");
        assert!(status.success(), "munged did not start");
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let conf = dir.join("slurm.conf");
        let (ctld, slurmd) = (free_port(), free_port());
        std::fs::write(
            &conf,
            format!(
                "ClusterName=gradertest\nSlurmctldHost={host}\nSlurmctldPort={ctld}\n\
                 SlurmdPort={slurmd}\nSlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\n\
                 AuthInfo=socket={d}/munge/sock\nCredType=cred/munge\n\
                 StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\n\
                 SlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
                 SlurmctldLogFile={d}/log/slurmctld.log\nSlurmdLogFile={d}/log/slurmd.log\n\
                 ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n\
                 JobAcctGatherType=jobacct_gather/none\n\
                 AccountingStorageType=accounting_storage/none\nSchedulerType=sched/backfill\n\
                 SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\nReturnToService=2\n\
                 MpiDefault=none\nJobRequeue=1\nMinJobAge=600\n\
                 SlurmdParameters=config_overrides\n\
                 NodeName={host} CPUs={cpus} State=UNKNOWN\n\
                 PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n"
            ),
        )
        .unwrap();
        let bin = assert_cmd::cargo::cargo_bin("grader");
        let path = format!(
            "{}:{}",
            bin.parent().unwrap().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let cluster = Cluster {
            dir: dir.to_path_buf(),
            conf,
            path,
        };
        // `-i`: a fresh state, whatever a previous run left in this folder.
        let status = cluster.command("slurmctld").arg("-i").status().unwrap();
        assert!(status.success(), "slurmctld did not start");
        let status = cluster.command("slurmd").status().unwrap();
        assert!(status.success(), "slurmd did not start");
        cluster.wait_for("the node to be idle", Duration::from_secs(60), |c| {
            c.output("sinfo", &["-h", "-o", "%t"]).trim() == "idle"
        });
        cluster
    }

    /// A Slurm program with this cluster's configuration and the grader on PATH.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("SLURM_CONF", &self.conf).env("PATH", &self.path);
        cmd
    }

    fn output(&self, program: &str, args: &[&str]) -> String {
        let out = self.command(program).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, what: &str, limit: Duration, done: impl Fn(&Cluster) -> bool) {
        let started = Instant::now();
        while !done(self) {
            assert!(
                started.elapsed() < limit,
                "timed out waiting for {what}; slurmctld log:\n{}",
                std::fs::read_to_string(self.dir.join("log/slurmctld.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn pid(&self, file: &str) -> Option<i32> {
        std::fs::read_to_string(self.dir.join(file))
            .ok()?
            .trim()
            .parse()
            .ok()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.command("scancel").args(["--user", "root"]).status();
        for file in ["slurmd.pid", "slurmctld.pid", "munge/pid"] {
            let Some(pid) = self.pid(file) else { continue };
            // SAFETY: kill(2) with a pid read from the daemon's own pid file and a plain
            // signal number; it touches no memory of this process.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            // Until it is gone (its pid file outlives it only briefly).
            let started = Instant::now();
            // SAFETY: as above; signal 0 only asks whether the process exists.
            while unsafe { libc::kill(pid, 0) } == 0 && started.elapsed() < Duration::from_secs(10)
            {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// A class of 12 two-sum answers, each about two seconds long (a sleep per call), a third of
/// them wrong: a task's three students take long enough to be killed in the middle.
fn class(dir: &Path) -> PathBuf {
    let subs = dir.join("submissions");
    std::fs::create_dir_all(&subs).unwrap();
    let right =
        std::fs::read_to_string(root().join("problems/two-sum/reference/two_sum.py")).unwrap();
    let wrong =
        std::fs::read_to_string(root().join("problems/two-sum/wrong/uses_same_twice.py")).unwrap();
    for i in 1..=12 {
        let body = if i % 3 == 0 { &wrong } else { &right };
        let slow = body.replacen(
            "def two_sum(nums, target):\n",
            "def two_sum(nums, target):\n    import time\n    time.sleep(0.25)\n",
            1,
        );
        assert_ne!(&slow, body);
        std::fs::write(subs.join(format!("s{i:02}.py")), slow).unwrap();
    }
    subs
}

fn journal_lines(out: &Path) -> usize {
    std::fs::read_to_string(out.join("journal.jsonl"))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[test]
fn a_slurm_array_job_with_a_requeued_task_merges_into_the_unsharded_gradebook() {
    if !slurm_here() {
        return;
    }
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    let subs = class(work.path());
    // The reference: one unsharded batch.
    let out = env
        .grader()
        .args(["batch", "two-sum"])
        .arg(&subs)
        .arg("-o")
        .arg(work.path().join("unsharded"))
        .output()
        .unwrap();
    // A batch that graded every student exits 0, whatever their verdicts.
    assert_exit(&out, 0);

    let cluster = Cluster::start(&work.path().join("cluster"));
    let script = root().join("docs/ci/slurm-array.sh");
    let sbatch = |args: &[&str]| -> String {
        let out = cluster
            .command("sbatch")
            .current_dir(work.path())
            .env("GRADER_CACHE_DIR", env.cache.path())
            .env("TMPDIR", env.tmp.path())
            .env("GRADER_STATE_DIR", env.state.path())
            .env("GRADER_PROBLEMS", root().join("problems"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sbatch: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // The script's own #SBATCH lines ask for 8 tasks of 4 CPUs; this node has 2.
    let job = sbatch(&[
        "--parsable",
        "--array=1-4",
        "--cpus-per-task=1",
        script.to_str().unwrap(),
        "two-sum",
        subs.to_str().unwrap(),
    ]);
    // Task 2 is killed once it has graded one of its three students, and requeued.
    let shard2 = work.path().join("out/two-sum-shard-2");
    cluster.wait_for(
        "task 2's first graded student",
        Duration::from_secs(120),
        |_| journal_lines(&shard2) >= 1,
    );
    assert!(
        journal_lines(&shard2) < 3,
        "task 2 ended before it could be killed"
    );
    let task2 = format!("{job}_2");
    let out = cluster
        .command("scontrol")
        .args(["requeue", &task2])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // A requeued job waits out the credential lifetime (two minutes) unless told to start.
    cluster.wait_for("task 2 to be pending", Duration::from_secs(30), |c| {
        c.output("squeue", &["-h", "-j", &task2, "-o", "%T"]).trim() == "PENDING"
    });
    let out = cluster
        .command("scontrol")
        .args(["update", &format!("jobid={task2}"), "StartTime=now"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let merge = sbatch(&[
        "--parsable",
        &format!("--dependency=afterok:{job}"),
        "--wrap",
        "grader merge -o out/two-sum out/two-sum-shard-*",
    ]);
    cluster.wait_for("every job to end", Duration::from_secs(300), |c| {
        c.output("squeue", &["-h"]).trim().is_empty()
    });

    let shown = cluster.output("scontrol", &["show", "job", &task2]);
    assert!(shown.contains("Restarts=1"), "{shown}");
    assert!(shown.contains("JobState=COMPLETED"), "{shown}");
    let log = std::fs::read_to_string(work.path().join(format!("slurm-{job}_2.out"))).unwrap();
    assert!(
        log.contains("grader: resuming: 1 of 3 submission(s) already graded")
            || log.contains("grader: resuming: 2 of 3 submission(s) already graded"),
        "task 2 did not resume from its journal: {log}"
    );
    // Each of task 2's students has one final result in its journal: none was graded twice.
    // (A student whose grading the kill cut short may have a JE line, which is not final: the
    // grader journals nothing once it is told to stop, but the sandbox's helper can die of the
    // same signal a moment before the grader hears it.)
    let journal = std::fs::read_to_string(shard2.join("journal.jsonl")).unwrap();
    let mut finals: Vec<String> = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["verdict"] != "JE")
        .map(|e| e["student"].as_str().unwrap().to_string())
        .collect();
    finals.sort();
    assert_eq!(finals, ["s02", "s06", "s10"], "{journal}");
    let merged_state = cluster.output("scontrol", &["show", "job", &merge]);
    assert!(
        merged_state.contains("JobState=COMPLETED"),
        "{merged_state}"
    );
    let unsharded = std::fs::read(work.path().join("unsharded/gradebook.csv")).unwrap();
    let merged = std::fs::read(work.path().join("out/two-sum/gradebook.csv")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&merged),
        String::from_utf8_lossy(&unsharded)
    );
    assert_eq!(merged, unsharded);
    drop(cluster);
    env.assert_clean();
}

/// The Kubernetes Indexed Job beside the Slurm script: an Indexed Job whose completions and
/// parallelism match the shard count its command passes, with `JOB_COMPLETION_INDEX` turned
/// into the 1-based `--shard`.
#[test]
fn the_kubernetes_indexed_job_has_the_shape_of_a_sharded_batch() {
    let text = std::fs::read_to_string(root().join("docs/ci/k8s-indexed-job.yaml")).unwrap();
    let docs: Vec<serde_json::Value> = serde_norway::Deserializer::from_str(&text)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect();
    let job = docs
        .iter()
        .find(|d| d["kind"] == "Job")
        .expect("a Job document");
    assert_eq!(job["apiVersion"], "batch/v1");
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"], "Indexed");
    let n = spec["completions"].as_u64().expect("completions");
    assert_eq!(spec["parallelism"].as_u64(), Some(n));
    let pod = &spec["template"]["spec"];
    assert_eq!(pod["restartPolicy"], "Never");
    let container = &pod["containers"][0];
    let command: Vec<&str> = container["command"]
        .as_array()
        .or(container["args"].as_array())
        .expect("a command")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let line = command.join(" ");
    assert!(line.contains("grader batch"), "{line}");
    assert!(
        line.contains(&format!("--shard \"$((JOB_COMPLETION_INDEX + 1))/{n}\"")),
        "{line}"
    );
    assert!(line.contains("-o"), "{line}");
    // Each shard's folder on a volume that outlives the pod (its journal resumes a retried pod).
    assert!(pod["volumes"].as_array().is_some_and(|v| !v.is_empty()));
    assert!(
        spec["backoffLimitPerIndex"].as_u64().is_some() || spec["backoffLimit"].as_u64().is_some()
    );
}
