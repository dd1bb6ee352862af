#!/usr/bin/env python3
"""Agreement of `grader verify` with contest juries over a corpus of ICPC/Kattis packages.

Usage: bench/agreement.py CORPUS [--grader BIN] [-j N] [--packages P] [--json OUT]

CORPUS is a folder holding one package per subfolder (each with a problem.yaml), or a text
file listing package folders one per line (relative to the file; `#` starts a comment).
Runs `grader verify --format json PKG` on each package (one after the other, N tests in
parallel: the machine is shared) and prints per package and in total: submissions, agreed,
disagreed, skipped (with the reason: a language absent here, ...) and the agreement figure
over the submissions that could run. Writes the summary, every disagreement and every skip
to OUT (default: agreement.json in the current folder). A package without test data (only
generators) or one `verify` refuses is listed with its reason and its submissions counted as
skipped. See bench/README.md#agreement for how the corpus is rebuilt.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_EXT = re.compile(r"\.[A-Za-z0-9+]+$")


def packages(corpus: Path) -> list[Path]:
    if corpus.is_file():
        base = corpus.parent
        lines = [line.split("#", 1)[0].strip() for line in corpus.read_text().splitlines()]
        return [(base / line).resolve() for line in lines if line]
    return sorted(p for p in corpus.iterdir() if (p / "problem.yaml").is_file())


def count_submissions(pkg: Path) -> int:
    """Jury submissions as `verify` counts them: files or folders under submissions/<verdict>/."""
    subs = pkg / "submissions"
    if not subs.is_dir():
        return 0
    n = 0
    for folder in subs.iterdir():
        if folder.is_dir():
            n += sum(1 for s in folder.iterdir() if not s.name.startswith(".") and s.name != "README.md")
    return n


def missing_data(pkg: Path) -> str | None:
    """Why the package cannot be verified for lack of test data, if so: none at all, or a
    package with generators whose secret data was not generated (`bt generate`)."""
    absent = pkg / ".absent-files"
    if absent.is_file():
        n = len(absent.read_text().splitlines())
        return f"{n} files absent from the stored copy of the repository (too large to store)"
    data = pkg / "data"
    if not (data.is_dir() and any(data.rglob("*.in"))):
        return "no test data"
    secret = data / "secret"
    gens = pkg / "generators" / "generators.yaml"
    if gens.exists() and not any(secret.rglob("*.in")) and generates_secret(gens) is not False:
        return "no secret test data: only generators (run `bt generate` in the package first)"
    return None


def generates_secret(gens: Path) -> bool | None:
    """Whether BAPCtools' generators.yaml defines secret test cases (`data: secret: data: []`
    defines none: the package is judged on its samples); None when it cannot be read."""
    try:
        import yaml
        doc = yaml.safe_load(gens.read_text())
    except Exception:
        return None

    def cases(node) -> bool:
        if not isinstance(node, dict):
            return node is not None
        data = node.get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        for item in items:
            for name, case in (item or {}).items():
                # A subgroup (a mapping with its own `data`) or a case (a command or `in:`).
                if isinstance(case, dict) and "data" in case:
                    if cases(case):
                        return True
                elif case is not None or name:
                    return True
        return False

    secret = ((doc or {}).get("data") or {}).get("secret")
    return None if secret is None else cases(secret)


def data_note(pkg: Path) -> str | None:
    """The summary's note on a package judged on its samples alone (its generators.yaml
    defines no secret data), if so."""
    gens = pkg / "generators" / "generators.yaml"
    if gens.exists() and not any((pkg / "data" / "secret").rglob("*.in")):
        return "judged on its samples only: generators.yaml defines no secret test data"
    return None


def exclusions(path: Path) -> list[tuple[re.Pattern, re.Pattern, str]]:
    out = []
    if path.is_file():
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                pkg, sub, reason = line.split(None, 2)
                out.append((re.compile(pkg), re.compile(sub), reason))
    return out


def grader_bin(given: str | None) -> str:
    if given:
        return given
    for kind in ("release", "debug"):
        b = ROOT / "target" / kind / "grader"
        if b.exists():
            return str(b)
    sys.exit("no grader binary: run `cargo build --release` (or give --grader)")


def skip_reason(why: str) -> str:
    """A skip's reason without the file: `Kotlin: language not available` and the like."""
    return why.split(": ", 1)[1] if ": " in why and why.split(": ", 1)[0].count(" ") == 0 else why


def run_package(pkg: Path, binary: str, jobs: int, timeout: int, excluded: list,
                extra: tuple[str, ...] = ()) -> dict:
    n = count_submissions(pkg)
    entry = {"package": pkg.name, "submissions": n, "agreed": 0, "disagreed": 0, "skipped": 0,
             "excluded": 0, "skips": [], "disagreements": [], "exclusions": [], "refused": None,
             "seconds": 0.0}
    why = missing_data(pkg)
    if why:
        entry.update(skipped=n, refused=why)
        return entry
    entry["note"] = data_note(pkg)
    t0 = time.monotonic()
    env = dict(os.environ)
    try:
        out = subprocess.run([binary, "verify", "--format", "json", "-j", str(jobs), str(pkg), *extra],
                             capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        entry.update(skipped=n, refused=f"verify did not finish within {timeout} s")
        return entry
    entry["seconds"] = round(time.monotonic() - t0, 1)
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError:
        doc = {}
    if "submissions" not in doc:
        msg = (doc.get("error") or {}).get("message") or out.stderr.strip().splitlines()[-1:] or ["?"]
        msg = msg if isinstance(msg, str) else msg[0]
        entry.update(skipped=n, refused=f"exit {out.returncode}: {msg}")
        return entry
    entry["submissions"] = len(doc["submissions"])
    entry["time_limit"] = doc.get("time_limit")
    # Every row, so that a later run of some submissions can be merged with this one.
    entry["rows"] = [{k: row.get(k) for k in ("submission", "expected", "obtained", "ok", "skipped", "time", "extra_time_s")}
                     for row in doc["submissions"]]
    for row in doc["submissions"]:
        reason = next((r for p, sub, r in excluded
                       if p.search(pkg.name) and sub.search(row["submission"])), None)
        if reason:
            entry["excluded"] += 1
            entry["exclusions"].append({"submission": row["submission"], "reason": reason,
                                        "agreed": row.get("ok")})
        elif "skipped" in row:
            entry["skipped"] += 1
            entry["skips"].append({"submission": row["submission"], "reason": skip_reason(row["skipped"])})
        elif row["ok"]:
            entry["agreed"] += 1
        else:
            entry["disagreed"] += 1
            entry["disagreements"].append({k: row.get(k) for k in ("submission", "expected", "obtained", "time", "marks")})
        if row.get("ok") and row.get("extra_time_s"):
            entry["extra_time"] = entry.get("extra_time", 0) + 1
    return entry


def pct(agreed: int, judged: int) -> str:
    return f"{100.0 * agreed / judged:.2f} %" if judged else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--grader", help="the grader binary (default: target/release, else target/debug)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="tests in parallel per package (default 2)")
    ap.add_argument("--packages", help="only packages whose name matches this regex")
    ap.add_argument("--submissions", help="judge only the submissions matching this pattern (verify --submissions)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per package (default 1800)")
    ap.add_argument("--json", type=Path, default=Path("agreement.json"), help="the summary written")
    ap.add_argument("--exclude", type=Path, default=ROOT / "bench" / "agreement-exclude.txt",
                    help="submissions left out, with the reason (default: bench/agreement-exclude.txt)")
    a = ap.parse_args()
    binary = grader_bin(a.grader)
    pkgs = packages(a.corpus)
    if a.packages:
        pkgs = [p for p in pkgs if re.search(a.packages, p.name)]
    excluded = exclusions(a.exclude)
    results = []
    print(f"{'package':<48} {'subs':>5} {'agreed':>6} {'diff':>5} {'skip':>5}  agreement")
    for pkg in pkgs:
        extra = ("--submissions", a.submissions) if a.submissions else ()
        e = run_package(pkg, binary, a.jobs, a.timeout, excluded, extra)
        results.append(e)
        # Written as it goes: an interrupted run keeps what it measured.
        a.json.write_text(json.dumps({"partial": True, "per_package": results}, indent=2) + "\n")
        judged = e["agreed"] + e["disagreed"]
        line = (f"{e['package']:<48} {e['submissions']:>5} {e['agreed']:>6} {e['disagreed']:>5} "
                f"{e['skipped']:>5}  {pct(e['agreed'], judged)}")
        if e["excluded"]:
            line += f"  ({e['excluded']} excluded)"
        if e["refused"]:
            line += f"  (package skipped: {e['refused']})"
        elif e.get("note"):
            line += f"  ({e['note']})"
        print(line, flush=True)
        for x in e["skips"]:
            print(f"    skip {x['submission']}: {x['reason']}", flush=True)
        for d in e["disagreements"]:
            print(f"    DIFF {d['submission']}: expected {d['expected']}, obtained {d['obtained']}"
                  f" ({'; '.join(d['marks'] or [])})", flush=True)
    tot = {k: sum(e[k] for e in results) for k in ("submissions", "agreed", "disagreed", "skipped", "excluded")}
    judged = tot["agreed"] + tot["disagreed"]
    reasons: dict[str, int] = {}
    for e in results:
        if e["refused"]:
            reasons[f"package skipped: {e['refused']}"] = reasons.get(f"package skipped: {e['refused']}", 0) + e["skipped"]
        for s in e["skips"]:
            reasons[s["reason"]] = reasons.get(s["reason"], 0) + 1
    ran = sum(1 for e in results if not e["refused"])
    print(f"{'total':<48} {tot['submissions']:>5} {tot['agreed']:>6} {tot['disagreed']:>5} {tot['skipped']:>5}  {pct(tot['agreed'], judged)}")
    print(f"{len(results)} packages ({ran} verified), {tot['submissions']} submissions: "
          f"agreement {tot['agreed']}/{judged} ({pct(tot['agreed'], judged)}), {tot['skipped']} skipped, "
          f"{tot['excluded']} excluded")
    for e in results:
        for x in e["exclusions"]:
            print(f"  excluded {e['package']}/{x['submission']}: {x['reason']}")
    for r, n in sorted(reasons.items(), key=lambda x: -x[1]):
        print(f"  skipped {n:>4}: {r}")
    summary = {"grader": binary, "packages": len(results), "verified_packages": ran, **tot,
               "judged": judged, "agreement": (tot["agreed"] / judged if judged else None),
               "skip_reasons": reasons, "per_package": results}
    a.json.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"summary written to {a.json}")


if __name__ == "__main__":
    main()
