#!/usr/bin/env python3
"""Benchmark of `grader run` against a bare shell loop (the floor). Called by bench/run.sh.

Sections (see bench/README.md):
  throughput  C and Python references of longest-substring-length: floor, grader -j1, grader
              default -j, alternated round by round; medians and paired ratios to the floor.
  startup     a one-test problem: `grader run` (build cached) vs the bare program run once;
              and `grader list` over the shipped bank.
  flood       a program writing 200 MiB to stdout, graded on the one-test problem: wall time,
              peak RSS, verdict OLE, nothing left in TMPDIR.

Every raw timing goes to bench/out/<stamp>/*.csv; the Markdown summary is printed at the end and
saved next to them. Exits 1 (with a message) when a grader run ends with an unexpected verdict.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBLEM = "longest-substring-length"

# Targets of the design.
TARGET_C_J1 = 1.3  # grader -j1 / floor, C
TARGET_C_JN = 1.0  # grader default -j / serial floor, C (must be below)
TARGET_PY_J1 = 1.05  # grader -j1 / floor, Python
TARGET_STARTUP_MS = 10.0  # fixed cost of a one-test run
TARGET_FLOOD_S = 1.0  # whole `grader run` of the flood ("well under")
TARGET_LEVEL_MS = 2.0  # per test: the best level (strong) at most this much above `basic`

ONE_TEST_TOML = """format_version = 1
title = "one"

[[tests]]
input = "ab\\n"
output = "2\\n"
"""

# The floor: one bare run of the program per test input, output discarded, no checks.
FLOOR_SCRIPT = 'd=$1; shift; for f in "$d"/**/*.in; do "$@" < "$f" > /dev/null; done'


class BenchError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def tail(text, n=1500):
    text = text.decode(errors="replace") if isinstance(text, bytes) else (text or "")
    return text if len(text) <= n else "…" + text[-n:]


LAST_CPU = [0.0]  # CPU (user + system) of the last timed command's whole process tree


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(argv, **kw):
    """Runs argv, returns (wall seconds, CompletedProcess). The CPU time of the command's whole
    tree (every process is reaped by its parent, so all of it reaches RUSAGE_CHILDREN) is left in
    LAST_CPU: it moves much less than wall time when other processes compete for the cores."""
    c0 = children_cpu()
    t0 = time.perf_counter()
    p = subprocess.run(argv, **kw)
    wall = time.perf_counter() - t0
    LAST_CPU[0] = children_cpu() - c0
    return wall, p


def med(xs):
    return statistics.median(xs)


def fmt_s(xs, unit="s"):
    """median [min–max] of seconds, in s or ms."""
    k, d = (1000.0, 1) if unit == "ms" else (1.0, 3)
    return f"{med(xs) * k:.{d}f} {unit} [{min(xs) * k:.{d}f}–{max(xs) * k:.{d}f}]"


def fmt_ratio(xs):
    return f"{med(xs):.3f}× [{min(xs):.3f}–{max(xs):.3f}]"


def mark(ok):
    return "✅" if ok else "❌ MISSED"


def machine_info():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "kernel": platform.release(),
        "os": platform.freedesktop_os_release().get("PRETTY_NAME", "?")
        if hasattr(platform, "freedesktop_os_release")
        else "?",
    }


def loadavg():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def git_rev(repo):
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "Cargo.toml",
                                "Cargo.lock"], cwd=repo, capture_output=True, text=True).stdout
        return rev + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


class Bench:
    def __init__(self, args):
        self.repo = Path(args.repo).resolve()
        self.grader = self.repo / "target" / "release" / "grader"
        self.python = args.python
        self.c_rounds = args.c_rounds
        self.py_rounds = args.py_rounds
        self.startup_runs = args.startup_runs
        self.flood_runs = args.flood_runs
        self.level_rounds = args.level_rounds
        self.problem_dir = self.repo / "problems" / PROBLEM
        self.tests_dir = self.problem_dir / "tests"
        self.ref_c = self.problem_dir / "reference" / "sol.c"
        self.ref_py = self.problem_dir / "reference" / "sol.py"
        self.flood_src = self.repo / "bench" / "flood.c"
        self.started = datetime.datetime.now().astimezone()
        stamp = self.started.strftime("%Y%m%d-%H%M%S")
        self.out = self.repo / "bench" / "out" / stamp
        self.out.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(tempfile.mkdtemp(prefix="grader-bench-"))
        self.timings = []  # rows of timings.csv
        self.results = {}

    # ---------------------------------------------------------------- helpers

    def grader_run(self, problem, file, *extra, expect="AC", env=None, json_out=False):
        """Times one `grader run`; fails unless it ends with the expected verdict."""
        argv = [str(self.grader), "run", str(problem), str(file), *extra]
        if json_out:
            argv += ["--format", "json"]
        wall, p = timed(argv, cwd=self.repo, stdin=subprocess.DEVNULL,
                        capture_output=True, env=env)
        expected_code = 0 if expect == "AC" else 1
        verdict = None
        report = None
        if json_out:
            try:
                report = json.loads(p.stdout)
                verdict = report.get("verdict")
            except ValueError:
                verdict = None
        else:
            verdict = "AC" if p.returncode == 0 else f"not AC (exit {p.returncode})"
        if p.returncode != expected_code or verdict != expect:
            raise BenchError(
                f"`{' '.join(argv)}` ended with verdict {verdict!r} (exit code {p.returncode}), "
                f"expected {expect}.\n--- stdout (end) ---\n{tail(p.stdout)}\n"
                f"--- stderr (end) ---\n{tail(p.stderr)}")
        return wall, p, report

    def floor_run(self, argv):
        wall, p = timed(["bash", "-O", "globstar", "-c", FLOOR_SCRIPT, "floor",
                         str(self.tests_dir), *argv],
                        stdin=subprocess.DEVNULL, capture_output=True)
        if p.returncode != 0:
            raise BenchError(f"the floor loop failed (exit {p.returncode}): {tail(p.stderr)}")
        return wall

    def record(self, section, lang, command, rnd, warmup, wall, extra=""):
        self.timings.append({
            "section": section, "lang": lang, "command": command, "round": rnd,
            "warmup": int(warmup), "wall_s": f"{wall:.6f}", "cpu_s": f"{LAST_CPU[0]:.6f}",
            "loadavg1": loadavg().split()[0], "note": extra,
        })

    # ---------------------------------------------------------------- setup

    def prepare(self):
        for p in (self.grader, self.ref_c, self.ref_py, self.flood_src):
            if not p.exists():
                raise BenchError(f"missing {p}")
        self.n_tests = len(list(self.tests_dir.glob("**/*.in")))
        self.n_problems = sum(1 for d in (self.repo / "problems").iterdir()
                              if (d / "problem.toml").is_file() or (d / "problem.yaml").is_file())
        log(f"[bench] {self.n_tests} test inputs under {self.tests_dir}")
        log(f"[bench] scratch folder {self.scratch}")
        # The floor's C program: compiled once, like the grader's build.
        self.sol_bin = self.scratch / "sol"
        subprocess.run(["gcc", "-O2", "-o", str(self.sol_bin), str(self.ref_c)], check=True)
        # Sanity of the floor programs on the samples (outside any timing).
        for name, argv in (("C", [str(self.sol_bin)]), ("Python", [self.python, str(self.ref_py)])):
            for inp in sorted((self.tests_dir / "samples").glob("*.in")):
                with open(inp, "rb") as f:
                    got = subprocess.run(argv, stdin=f, capture_output=True).stdout.split()
                want = inp.with_suffix(".out").read_bytes().split()
                if got != want:
                    raise BenchError(f"floor program ({name}) gives {got} on {inp}, expected {want}")
        # The one-test problem, and the submissions copied next to it.
        self.one = self.scratch / "one"
        self.one.mkdir()
        (self.one / "problem.toml").write_text(ONE_TEST_TOML)
        self.one_input = self.scratch / "one.in"
        self.one_input.write_text("ab\n")
        self.one_sol = self.scratch / "sol.c"
        shutil.copyfile(self.ref_c, self.one_sol)
        self.one_flood = self.scratch / "flood.c"
        shutil.copyfile(self.flood_src, self.one_flood)

    # ---------------------------------------------------------------- sections

    def throughput(self, lang, ref, floor_argv, rounds):
        """Alternates floor, grader -j1, grader default -j: one warm-up round, then `rounds`."""
        cmds = ("floor", "grader -j1", "grader default -j")
        walls = {c: [] for c in cmds}
        cpus = {c: [] for c in cmds}
        log(f"[bench] {lang}: 1 warm-up round + {rounds} rounds of {', '.join(cmds)}")
        for rnd in range(rounds + 1):
            warm = rnd == 0
            row = []
            for c in cmds:
                if c == "floor":
                    w = self.floor_run(floor_argv)
                elif warm:
                    # Warm-up runs double as the verification: JSON report, AC, every test run.
                    extra = ["-j1"] if c == "grader -j1" else []
                    w, _, rep = self.grader_run(PROBLEM, ref, *extra, json_out=True)
                    ran = len(rep.get("tests", []))
                    if ran != self.n_tests:
                        raise BenchError(f"{lang} {c}: {ran} tests in the report, expected {self.n_tests}")
                else:
                    extra = ["-j1"] if c == "grader -j1" else []
                    w, _, _ = self.grader_run(PROBLEM, ref, *extra)
                self.record("throughput", lang, c, rnd, warm, w)
                if not warm:
                    walls[c].append(w)
                    cpus[c].append(LAST_CPU[0])
                row.append(f"{c}={w:.3f}s")
            log(f"  {'warm-up' if warm else f'round {rnd}'}: " + "  ".join(row))
        ratios = {c: [g / f for g, f in zip(walls[c], walls["floor"])] for c in cmds[1:]}
        self.results[lang] = {"walls": walls, "ratios": ratios, "cpus": cpus}

    def levels(self):
        """Per-test cost of each sandbox level up to the best one here: C reference, -j1,
        alternated with the floor."""
        _, _, rep = self.grader_run(PROBLEM, self.ref_c, "-j1", json_out=True)
        sb = rep["sandbox"]
        best = sb["level"]
        self.auto_level = f"{best}: {', '.join(sb['features'][6:])}"
        order = ["minimal", "basic", "standard", "strong"]
        self.level_names = order[:order.index(best) + 1]
        cmds = ("floor", *self.level_names)
        walls = {c: [] for c in cmds}
        rounds = self.level_rounds
        log(f"[bench] levels: 1 warm-up round + {rounds} rounds of {', '.join(cmds)} (C, -j1)")
        for rnd in range(rounds + 1):
            warm = rnd == 0
            row = []
            for c in cmds:
                if c == "floor":
                    w = self.floor_run([str(self.sol_bin)])
                else:
                    w, _, _ = self.grader_run(PROBLEM, self.ref_c, "-j1", "--sandbox", c)
                self.record("levels", "C", c, rnd, warm, w)
                if not warm:
                    walls[c].append(w)
                row.append(f"{c}={w:.3f}s")
            log(f"  {'warm-up' if warm else f'round {rnd}'}: " + "  ".join(row))
        per_test = {c: [(g - f) / self.n_tests * 1000 for g, f in zip(walls[c], walls["floor"])]
                    for c in cmds[1:]}
        self.results["levels"] = {"walls": walls, "per_test_ms": per_test}

    def startup(self):
        n = self.startup_runs
        log(f"[bench] start-up: {n} alternating runs of the bare program and `grader run` (one test)")
        # Warm-up: the build of sol.c lands in (or comes from) the cache; page cache is hot.
        for _ in range(2):
            self.grader_run(self.one, self.one_sol)
        bare, grader, bare_cpu, grader_cpu, lst, lst_cpu = [], [], [], [], [], []
        for i in range(1, n + 1):
            with open(self.one_input, "rb") as f:
                w, p = timed([str(self.sol_bin)], stdin=f, capture_output=True)
            if p.returncode != 0 or p.stdout.split() != [b"2"]:
                raise BenchError(f"the bare program printed {p.stdout!r} (exit {p.returncode})")
            self.record("startup", "C", "bare once", i, False, w)
            bare.append(w)
            bare_cpu.append(LAST_CPU[0])
            w, _, _ = self.grader_run(self.one, self.one_sol)
            self.record("startup", "C", "grader one test", i, False, w)
            grader.append(w)
            grader_cpu.append(LAST_CPU[0])
            w = self.list_run()
            self.record("startup", "-", "grader list", i, False, w)
            lst.append(w)
            lst_cpu.append(LAST_CPU[0])
        diffs = [g - b for g, b in zip(grader, bare)]
        log(f"  grader {fmt_s(grader, 'ms')}, bare {fmt_s(bare, 'ms')}, diff {fmt_s(diffs, 'ms')}; "
            f"grader list {fmt_s(lst, 'ms')}")
        self.results["startup"] = {"bare": bare, "grader": grader, "diff": diffs,
                                   "bare_cpu": bare_cpu, "grader_cpu": grader_cpu,
                                   "list": lst, "list_cpu": lst_cpu}

    def list_run(self):
        """Times one `grader list` of the shipped bank; fails unless it lists every problem."""
        bank = self.repo / "problems"
        argv = [str(self.grader), "list", "--problems", str(bank)]
        wall, p = timed(argv, cwd=self.repo, stdin=subprocess.DEVNULL, capture_output=True)
        listed = len(p.stdout.splitlines())
        if p.returncode != 0 or listed != self.n_problems:
            raise BenchError(f"`{' '.join(argv)}` exited {p.returncode} listing {listed} lines, "
                             f"expected {self.n_problems}.\n{tail(p.stdout)}{tail(p.stderr)}")
        return wall

    def flood(self):
        n = self.flood_runs
        log(f"[bench] flood: 200 MiB to stdout, 1 warm-up + {n} runs (TMPDIR = a fresh folder each)")
        rows = []
        for i in range(n + 1):
            warm = i == 0
            tmpdir = self.scratch / f"tmpdir-flood-{i}"
            tmpdir.mkdir()
            timefile = self.scratch / f"time-{i}.txt"
            env = dict(os.environ, TMPDIR=str(tmpdir))
            argv = ["/usr/bin/time", "-o", str(timefile), "-f", "%M",
                    str(self.grader), "run", str(self.one), str(self.one_flood), "--format", "json"]
            wall, p = timed(argv, cwd=self.repo, stdin=subprocess.DEVNULL,
                            capture_output=True, env=env)
            try:
                rep = json.loads(p.stdout)
            except ValueError:
                rep = {}
            verdict = rep.get("verdict")
            tests = rep.get("tests") or [{}]
            if p.returncode != 1 or verdict != "OLE" or tests[0].get("verdict") != "OLE":
                raise BenchError(
                    f"the flood ended with verdict {verdict!r} (exit code {p.returncode}), "
                    f"expected OLE.\n--- stdout (end) ---\n{tail(p.stdout)}\n"
                    f"--- stderr (end) ---\n{tail(p.stderr)}")
            lines = timefile.read_text().split()
            maxrss_kib = int(lines[-1]) if lines and lines[-1].isdigit() else -1
            left = [q for q in tmpdir.rglob("*")]
            left_bytes = sum(q.stat().st_size for q in left if q.is_file())
            big = [str(q) for q in left if q.is_file() and q.stat().st_size >= 1 << 20]
            row = {
                "run": i, "warmup": int(warm), "wall_s": f"{wall:.6f}",
                "verdict": verdict, "exit_code": p.returncode,
                "grader_peak_rss_bytes": (rep.get("grader") or {}).get("peak_rss_bytes", -1),
                "time_maxrss_kib": maxrss_kib,
                "test_output_bytes": tests[0].get("output_bytes"),
                "test_signal": tests[0].get("signal"),
                "test_wall_s": tests[0].get("wall_s"),
                "compile_cached": (rep.get("compile") or {}).get("cached"),
                "tmpdir_entries_left": len(left), "tmpdir_bytes_left": left_bytes,
                "tmpdir_big_files": ";".join(big),
                "message": tests[0].get("message", ""),
            }
            rows.append(row)
            self.record("flood", "C", "grader flood", i, warm, wall,
                        f"verdict={verdict};maxrss_kib={maxrss_kib}")
            log(f"  {'warm-up' if warm else f'run {i}'}: {wall:.3f}s {verdict} "
                f"grader_peak={row['grader_peak_rss_bytes']} B, time %M={maxrss_kib} KiB, "
                f"left in TMPDIR: {len(left)} entries / {left_bytes} B")
        with open(self.out / "flood.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        self.results["flood"] = [r for r in rows if not r["warmup"]]

    # ---------------------------------------------------------------- report

    def summary(self):
        m = machine_info()
        now = datetime.datetime.now().astimezone()
        C, P = self.results["C"], self.results["Python"]
        st, fl = self.results["startup"], self.results["flood"]
        jn = os.cpu_count()
        c_j1, c_jn, p_j1 = (med(C["ratios"]["grader -j1"]), med(C["ratios"]["grader default -j"]),
                            med(P["ratios"]["grader -j1"]))
        d_ms = med(st["diff"]) * 1000
        fl_walls = [float(r["wall_s"]) for r in fl]
        fl_peak = [int(r["grader_peak_rss_bytes"]) for r in fl]
        fl_time = [int(r["time_maxrss_kib"]) for r in fl]
        left_entries = max(int(r["tmpdir_entries_left"]) for r in fl)
        left_bytes = max(int(r["tmpdir_bytes_left"]) for r in fl)
        verdicts = sorted({r["verdict"] for r in fl})
        out_bytes = sorted({r["test_output_bytes"] for r in fl})
        mib = 1 << 20
        flood_ok = med(fl_walls) < TARGET_FLOOD_S

        L = []
        L.append(f"### grader benchmark ({now:%Y-%m-%d %H:%M %Z})")
        L.append("")
        L.append(f"Machine: {m['nproc']} cores, {m['cpu']}, Linux {m['kernel']} ({m['os']}); "
                 f"load average at start {self.load_start}, at end {loadavg()}. "
                 f"Grader {git_rev(self.repo)}; Python {platform.python_version()} "
                 f"(the real interpreter, not a shim). Problem `{PROBLEM}`: {self.n_tests} tests. "
                 f"Rounds after 1 warm-up: C {self.c_rounds}, Python {self.py_rounds}; "
                 f"start-up {self.startup_runs} pairs; flood {self.flood_runs} runs.")
        L.append("")
        L.append("| Measure | Wall, median [min–max] | Wall ratio to floor, paired, median [min–max] "
                 "| Target | Met | CPU user+sys, median (ratio to floor) |")
        L.append("|---|---|---|---|---|---|")

        def cpu_cell(cpus, c):
            base = med(cpus["floor"])
            x = med(cpus[c])
            return f"{x:.3f} s" + ("" if c == "floor" else f" ({x / base:.2f}×)")

        for lang, res, t_j1 in (("C", C, TARGET_C_J1), ("Python", P, TARGET_PY_J1)):
            w, r, cp = res["walls"], res["ratios"], res["cpus"]
            L.append(f"| {lang} floor (bare loop, {self.n_tests} runs) | {fmt_s(w['floor'])} | 1 | — | "
                     f"| {cpu_cell(cp, 'floor')} |")
            ok = med(r["grader -j1"]) <= t_j1
            L.append(f"| {lang} `grader run -j1` | {fmt_s(w['grader -j1'])} | {fmt_ratio(r['grader -j1'])} "
                     f"| ≤ {t_j1}× | {mark(ok)} | {cpu_cell(cp, 'grader -j1')} |")
            if lang == "C":
                ok = med(r["grader default -j"]) < TARGET_C_JN
                tgt, mk = f"< {TARGET_C_JN}× (faster than the serial floor)", mark(ok)
            else:
                tgt, mk = "— (none set)", ""
            L.append(f"| {lang} `grader run` (default -j = {jn}) | {fmt_s(w['grader default -j'])} "
                     f"| {fmt_ratio(r['grader default -j'])} | {tgt} | {mk} | {cpu_cell(cp, 'grader default -j')} |")
        L.append(f"| Start-up: bare program once | {fmt_s(st['bare'], 'ms')} | | | | "
                 f"{med(st['bare_cpu']) * 1000:.1f} ms |")
        L.append(f"| Start-up: `grader run` one-test problem (build cached) | {fmt_s(st['grader'], 'ms')} | | | | "
                 f"{med(st['grader_cpu']) * 1000:.1f} ms |")
        L.append(f"| `grader list` of the shipped bank ({self.n_problems} problems) | {fmt_s(st['list'], 'ms')} "
                 f"| | — (none set) | | {med(st['list_cpu']) * 1000:.1f} ms |")
        L.append(f"| Start-up: fixed cost (grader − bare, paired) | {fmt_s(st['diff'], 'ms')} | | "
                 f"< {TARGET_STARTUP_MS:.0f} ms | {mark(d_ms < TARGET_STARTUP_MS)} | |")
        L.append(f"| Flood (200 MiB to stdout, 8 MiB limit): whole `grader run` wall | {fmt_s(fl_walls, 'ms')} "
                 f"| | well under {TARGET_FLOOD_S:.0f} s | {mark(flood_ok)} | |")
        L.append(f"| Flood: verdict | {', '.join(verdicts)} (output kept: "
                 f"{', '.join(f'{b / mib:.2f} MiB' for b in out_bytes)}) | | OLE | "
                 f"{mark(verdicts == ['OLE'])} | |")
        L.append(f"| Flood: grader's own peak RSS (`grader.peak_rss_bytes`) | "
                 f"{med(fl_peak) / mib:.1f} MiB [{min(fl_peak) / mib:.1f}–{max(fl_peak) / mib:.1f}] | | | | |")
        L.append(f"| Flood: `/usr/bin/time -f %M` of the whole command (includes children) | "
                 f"{med(fl_time) / 1024:.1f} MiB [{min(fl_time) / 1024:.1f}–{max(fl_time) / 1024:.1f}] | | | | |")
        L.append(f"| Flood: left in TMPDIR after the run | {left_entries} entries, {left_bytes} bytes (worst run) "
                 f"| | nothing | {mark(left_entries == 0)} | |")
        lv = self.results["levels"]
        L.append("")
        L.append(f"Sandbox levels (C, `-j1`, {self.level_rounds} rounds; best here = {self.auto_level}):")
        L.append("")
        L.append("| Level | Wall, median [min–max] | Per-test cost over the floor, paired, median [min–max] |")
        L.append("|---|---|---|")
        for c in ("floor", *self.level_names):
            cost = "—" if c == "floor" else (
                f"{med(lv['per_test_ms'][c]):.2f} ms [{min(lv['per_test_ms'][c]):.2f}–"
                f"{max(lv['per_test_ms'][c]):.2f}]")
            L.append(f"| {c} | {fmt_s(lv['walls'][c])} | {cost} |")
        top = self.level_names[-1]
        base = "basic" if "basic" in self.level_names else top
        level_extra = [a - b for a, b in zip(lv["per_test_ms"][top], lv["per_test_ms"][base])]
        L.append(f"| {top} − {base}, paired | | {med(level_extra):.2f} ms "
                 f"(target ≤ {TARGET_LEVEL_MS:.0f} ms: {mark(med(level_extra) <= TARGET_LEVEL_MS)}) |")
        L.append("")
        L.append("Floor = `for f in tests/**/*.in; do PROG < \"$f\" > /dev/null; done` (no checks); "
                 "PROG = the C reference compiled with `gcc -O2`, or `python3 sol.py` with the real "
                 "interpreter (the grader runs `python3 -I sol.py`). Runs alternate floor, -j1, "
                 "default -j within each round; ratios are per round, then the median. CPU = user + system "
                 "time of the command's whole process tree (children included): other load on the "
                 "machine moves it much less than wall time, so it separates overhead from noise.")
        self.md = "\n".join(L) + "\n"
        (self.out / "summary.md").write_text(self.md)
        misses = []
        if c_j1 > TARGET_C_J1:
            misses.append(f"C -j1 ratio {c_j1:.3f} > {TARGET_C_J1}")
        if c_jn >= TARGET_C_JN:
            misses.append(f"C default -j ratio {c_jn:.3f} >= {TARGET_C_JN}")
        if p_j1 > TARGET_PY_J1:
            misses.append(f"Python -j1 ratio {p_j1:.3f} > {TARGET_PY_J1}")
        if d_ms >= TARGET_STARTUP_MS:
            misses.append(f"start-up {d_ms:.1f} ms >= {TARGET_STARTUP_MS} ms")
        if not flood_ok:
            misses.append(f"flood wall {med(fl_walls):.3f} s >= {TARGET_FLOOD_S} s")
        if left_entries:
            misses.append(f"{left_entries} entries left in TMPDIR after the flood")
        if med(level_extra) > TARGET_LEVEL_MS:
            misses.append(f"{top} level costs {med(level_extra):.2f} ms per test more than {base}")
        return misses

    def write_timings(self):
        with open(self.out / "timings.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["section", "lang", "command", "round", "warmup",
                                              "wall_s", "cpu_s", "loadavg1", "note"])
            w.writeheader()
            w.writerows(self.timings)
        m = machine_info()
        (self.out / "machine.txt").write_text(
            f"date={self.started.isoformat()}\nnproc={m['nproc']}\ncpu={m['cpu']}\n"
            f"kernel={m['kernel']}\nos={m['os']}\ngrader={git_rev(self.repo)}\npython={self.python}\n")

    def run(self):
        t0 = time.perf_counter()
        self.load_start = loadavg()
        try:
            self.prepare()
            self.throughput("C", self.ref_c, [str(self.sol_bin)], self.c_rounds)
            self.throughput("Python", self.ref_py, [self.python, str(self.ref_py)], self.py_rounds)
            self.levels()
            self.startup()
            self.flood()
        finally:
            self.write_timings()
            shutil.rmtree(self.scratch, ignore_errors=True)
        misses = self.summary()
        latest = self.repo / "bench" / "out" / "latest"
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(self.out.name)
        print(self.md)
        log(f"[bench] raw timings in {self.out} (also bench/out/latest); "
            f"total {time.perf_counter() - t0:.0f} s")
        if misses:
            log("[bench] targets missed: " + "; ".join(misses))
        else:
            log("[bench] every target met")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ.get
    ap.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent))
    ap.add_argument("--python", default=sys.executable,
                    help="the real Python interpreter for the floor (not a pyenv shim)")
    ap.add_argument("--c-rounds", type=int, default=int(env("BENCH_C_ROUNDS", 15)))
    ap.add_argument("--py-rounds", type=int, default=int(env("BENCH_PY_ROUNDS", 7)))
    ap.add_argument("--startup-runs", type=int, default=int(env("BENCH_STARTUP_RUNS", 30)))
    ap.add_argument("--flood-runs", type=int, default=int(env("BENCH_FLOOD_RUNS", 5)))
    ap.add_argument("--level-rounds", type=int, default=int(env("BENCH_LEVEL_ROUNDS", 9)))
    args = ap.parse_args()
    for name in ("c_rounds", "py_rounds", "startup_runs", "flood_runs", "level_rounds"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1")
    if min(args.c_rounds, args.py_rounds) < 5 or args.startup_runs < 20:
        log("[bench] warning: fewer rounds than the method asks for (>= 5 rounds, >= 20 start-up "
            "pairs): a smoke test, not a measurement")
    try:
        Bench(args).run()
    except BenchError as e:
        print(f"\nbench: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    except subprocess.CalledProcessError as e:
        print(f"\nbench: FAILED: `{' '.join(map(str, e.cmd))}` exited with {e.returncode}",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
