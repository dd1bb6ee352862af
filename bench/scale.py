#!/usr/bin/env python3
"""Scale figures for an instructor: a class of 500 submissions of `two-sum` graded on this machine
with one `grader batch`, then the same class as 4 Slurm array tasks on a single-node Slurm (the
cluster is started here, as in tests/integration/slurm.rs) and the merge job. Called by
bench/scale.sh.

The class: bench/batch.py's mix scaled to 450 submissions (Python, JavaScript and C; AC, WA, RE,
CE, TLE) and 50 hostile ones (a tenth: fork bombs, memory hogs, output floods, sleepers, readers
of host files, writers outside their folder, deep recursion, signal ignorers, network callers,
child-process spawners). Checks: every ordinary submission gets the verdict it was written for;
no hostile one is AC; the merged gradebook equals the unsharded one byte for byte; no process of
the class is left. Reports submissions per minute, the grader's peak RSS, the Slurm run's total
wall (submit to merged) and the merge's own cost. Prints a Markdown table, saved in bench/out/.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import batch  # noqa: E402  (bench/batch.py: the ordinary submissions' templates)

HOSTILE = {
    "fork_bomb": "import os\ndef two_sum(nums, target):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n",
    "memory_hog": "def two_sum(nums, target):\n    keep = []\n    while True:\n        keep.append(bytearray(1 << 24))\n",
    "flood": "def two_sum(nums, target):\n    while True:\n        print('x' * 65536)\n",
    "sleeper": "import time\ndef two_sum(nums, target):\n    time.sleep(3600)\n",
    "reader": "def two_sum(nums, target):\n    return [open('/etc/shadow').read()]\n",
    "writer": "def two_sum(nums, target):\n    open('/tmp/grader-scale-escape', 'w').write('x')\n    return [0, 1]\n",
    "recursion": "def two_sum(nums, target):\n    return two_sum(nums, target)\n",
    "sigignore": "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ndef two_sum(nums, target):\n    while True:\n        pass\n",
    "network": "import socket\ndef two_sum(nums, target):\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n    return [0, 1]\n",
    "spawner": "import subprocess\ndef two_sum(nums, target):\n    subprocess.Popen(['sleep', '3600'])\n    return [0, 1]\n",
}

SLURM_PROGRAMS = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def make_class(repo, folder):
    """450 ordinary submissions (batch.py's mix, scaled) and 50 hostile ones."""
    c_ref = (repo / "problems/two-sum/reference/two_sum.c").read_text()
    expected, n = {}, 0
    for template, ext, verdict, count in batch.MIX:
        for _ in range(round(count * 450 / 200)):
            who = f"student{n:03d}"
            text = c_ref + f"/* {who} */\n" if template == "C_AC" else template.format(who=who)
            (folder / f"{who}.{ext}").write_text(text)
            expected[who] = verdict
            n += 1
    kinds = sorted(HOSTILE)
    for i in range(50):
        who = f"student{n:03d}"
        (folder / f"{who}.py").write_text(f"# {who}\n" + HOSTILE[kinds[i % len(kinds)]])
        expected[who] = "hostile"
        n += 1
    return expected


def check_gradebook(path, expected):
    with open(path) as f:
        got = {row["student"]: row["verdict"] for row in csv.DictReader(f)}
    wrong = {
        s: (v, got.get(s))
        for s, v in expected.items()
        if (got.get(s) != v if v != "hostile" else got.get(s) in (None, "AC"))
    }
    if wrong or len(got) != len(expected):
        raise SystemExit(f"bench: FAILED: verdicts (expected, got): {wrong}")
    counts = {}
    for v in got.values():
        counts[v] = counts.get(v, 0) + 1
    return counts


class Cluster:
    """A single-node Slurm in `folder`, as tests/integration/slurm.rs starts it."""

    def __init__(self, folder, grader_dir):
        self.dir = folder
        for sub in ["state", "spool", "log", "munge"]:
            (folder / sub).mkdir(parents=True)
        key = folder / "munge/munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o400)
        (folder / "munge").chmod(0o711)
        d = str(folder)
        subprocess.run(
            ["munged", "--force", f"--key-file={d}/munge/munge.key", f"--socket={d}/munge/sock",
             f"--pid-file={d}/munge/pid", f"--log-file={d}/log/munge.log",
             f"--seed-file={d}/munge/seed"],
            check=True,
        )
        host = Path("/proc/sys/kernel/hostname").read_text().strip().split(".")[0]
        conf = folder / "slurm.conf"
        ports = []
        import socket
        for _ in range(2):
            s = socket.socket()
            s.bind(("0.0.0.0", 0))
            ports.append(s.getsockname()[1])
            s.close()
        conf.write_text(
            f"ClusterName=graderbench\nSlurmctldHost={host}\nSlurmctldPort={ports[0]}\n"
            f"SlurmdPort={ports[1]}\nSlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\n"
            f"AuthInfo=socket={d}/munge/sock\nCredType=cred/munge\nStateSaveLocation={d}/state\n"
            f"SlurmdSpoolDir={d}/spool\nSlurmctldPidFile={d}/slurmctld.pid\n"
            f"SlurmdPidFile={d}/slurmd.pid\nSlurmctldLogFile={d}/log/slurmctld.log\n"
            f"SlurmdLogFile={d}/log/slurmd.log\nProctrackType=proctrack/linuxproc\n"
            "TaskPlugin=task/none\nJobAcctGatherType=jobacct_gather/none\n"
            "AccountingStorageType=accounting_storage/none\nSchedulerType=sched/backfill\n"
            "SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\nReturnToService=2\n"
            "MpiDefault=none\nMinJobAge=600\nSlurmdParameters=config_overrides\n"
            f"NodeName={host} CPUs={os.cpu_count()} State=UNKNOWN\n"
            "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n"
        )
        self.env = dict(os.environ, SLURM_CONF=str(conf),
                        PATH=f"{grader_dir}:{os.environ.get('PATH', '')}")
        subprocess.run(["slurmctld", "-i"], env=self.env, check=True)
        subprocess.run(["slurmd"], env=self.env, check=True)
        self.wait(lambda: self.out(["sinfo", "-h", "-o", "%t"]).strip() == "idle", 60)

    def out(self, cmd, **kw):
        return subprocess.run(cmd, env=self.env, capture_output=True, text=True, **kw).stdout

    def wait(self, done, limit):
        start = time.time()
        while not done():
            if time.time() - start > limit:
                raise SystemExit("bench: FAILED: the Slurm cluster did not answer in time")
            time.sleep(0.1)

    def stop(self):
        subprocess.run(["scancel", "--user", "root"], env=self.env)
        for f in ["slurmd.pid", "slurmctld.pid", "munge/pid"]:
            try:
                pid = int((self.dir / f).read_text())
                os.kill(pid, 15)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.05)
            except (OSError, ValueError):
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    args = ap.parse_args()
    repo = Path(args.repo)
    grader = repo / "target/release/grader"
    scratch = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        subs = scratch / "subs"
        subs.mkdir()
        expected = make_class(repo, subs)
        env = dict(os.environ, NO_COLOR="1", GRADER_CACHE_DIR=str(scratch / "cache"),
                   GRADER_STATE_DIR=str(scratch / "state"), GRADER_PROBLEMS=str(repo / "problems"))
        log(f"[bench-scale] grader batch of {len(expected)} submissions")
        start = time.perf_counter()
        r = subprocess.run(
            ["/usr/bin/time", "-f", "%M", str(grader), "batch", "two-sum", str(subs), "-o",
             str(scratch / "unsharded")],
            env=env, cwd=scratch, capture_output=True, text=True,
        )
        wall = time.perf_counter() - start
        if r.returncode != 0:
            raise SystemExit(f"bench: FAILED: batch exit {r.returncode}: {r.stderr[-1500:]}")
        time_kib = int(r.stderr.strip().splitlines()[-1])
        own_peak = json.loads((scratch / "unsharded/results.json").read_text())["grader_peak_rss_bytes"]
        counts = check_gradebook(scratch / "unsharded/gradebook.csv", expected)
        if Path("/tmp/grader-scale-escape").exists():
            raise SystemExit("bench: FAILED: a submission wrote /tmp/grader-scale-escape on the host")
        log(f"[bench-scale] batch {wall:.1f} s ({len(expected) / wall * 60:.0f}/min)")

        slurm = None
        if all(shutil.which(p) or Path(f"/usr/sbin/{p}").exists() for p in SLURM_PROGRAMS):
            log("[bench-scale] the same class as 4 Slurm array tasks on one node")
            env["GRADER_CACHE_DIR"] = str(scratch / "cache-slurm")
            cluster = Cluster(scratch / "cluster", grader.parent)
            try:
                cluster.env.update({k: env[k] for k in ["GRADER_CACHE_DIR", "GRADER_STATE_DIR",
                                                        "GRADER_PROBLEMS", "NO_COLOR"]})
                start = time.perf_counter()
                job = cluster.out(
                    ["sbatch", "--parsable", "--array=1-4", "--cpus-per-task=1",
                     str(repo / "docs/ci/slurm-array.sh"), "two-sum", str(subs)],
                    cwd=scratch,
                ).strip()
                merge = cluster.out(
                    ["sbatch", "--parsable", f"--dependency=afterok:{job}", "--wrap",
                     "/usr/bin/time -f 'merge %e s %M KiB' grader merge -o out/two-sum out/two-sum-shard-*"],
                    cwd=scratch,
                ).strip()
                cluster.wait(lambda: not cluster.out(["squeue", "-h"]).strip(), 3600)
                total = time.perf_counter() - start
            finally:
                cluster.stop()
            merged = (scratch / "out/two-sum/gradebook.csv").read_bytes()
            if merged != (scratch / "unsharded/gradebook.csv").read_bytes():
                raise SystemExit("bench: FAILED: the merged gradebook differs from the unsharded one")
            merge_line = next(
                (l for l in (scratch / f"slurm-{merge}.out").read_text().splitlines() if l.startswith("merge ")),
                "merge ? s ? KiB",
            )
            slurm = (total, merge_line)
            log(f"[bench-scale] slurm {total:.1f} s; {merge_line}")
        else:
            log("[bench-scale] no Slurm here (apt-get install slurm-wlm munge): that part is not measured")

        load = os.getloadavg()
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        mix = ", ".join(f"{v} {n}" for v, n in sorted(counts.items()))
        lines = [
            f"Measured with `bench/scale.sh` ({stamp}); {os.cpu_count()} cores, "
            f"{platform.system()} {platform.release()}; load average at end "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}. {len(expected)} submissions of `two-sum`, "
            f"50 of them hostile; verdicts: {mix}; cold build cache.",
            "",
            "| Run | Wall | Submissions per minute | Grader's own peak RSS | `/usr/bin/time %M` | Merge |",
            "|---|---|---|---|---|---|",
            f"| `grader batch` (default -j) | {wall:.1f} s | {len(expected) / wall * 60:.0f} | "
            f"{own_peak / 2**20:.1f} MiB | {time_kib / 1024:.1f} MiB | |",
        ]
        if slurm:
            lines.append(
                f"| 4 Slurm array tasks (-j 1 each, one node) + merge job | {slurm[0]:.1f} s | "
                f"{len(expected) / slurm[0] * 60:.0f} | | | {slurm[1][6:]} |"
            )
        text = "\n".join(lines) + "\n"
        print(text)
        outdir = repo / "bench/out"
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "scale.md").write_text(text)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
