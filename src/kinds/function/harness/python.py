"""grader's harness for Python function answers.

usage: python3 -I -S harness.py CANDIDATE.py < tests.json   (fd 3: the result channel)

Imports the candidate's file as a module (its top-level prints are captured and shown, not
graded), calls the function on each test's arguments, and writes one JSON line per test on a
channel of its own. Nothing the candidate prints to stdout can forge a result.
"""
import faulthandler
import io
import json
import os
import signal
import sys
import time
import traceback

if sys.flags.no_site:
    # Started with -S: no .pth file ran (they run arbitrary code at every start: one host's
    # injected certifi hook alone cost 20 ms). The candidate still imports what is installed:
    # a virtual environment (a problem's requirements) is set up by `site` itself; otherwise
    # the interpreter's site-packages folders go on the path, as `site` would put them.
    import site

    if os.path.exists(os.path.join(os.path.dirname(os.path.dirname(sys.executable)), "pyvenv.cfg")):
        site.main()
    else:
        sys.path.extend(p for p in site.getsitepackages() if os.path.isdir(p) and p not in sys.path)

_spec = json.loads(sys.stdin.read())
sys.stdin = io.StringIO("")
_nonce = _spec["nonce"]
_fd = os.dup(3)
os.close(3)
_chan = os.fdopen(_fd, "w", buffering=1)
_real_stdout = sys.stdout
_CAP = 4096


class _Timeout(BaseException):
    pass


class _OutputLimit(BaseException):
    pass


class _Capture(io.TextIOBase):
    """What the candidate prints: the start kept, every byte counted, and past the output limit
    the call stopped (an endless print must be OLE, never a buffer that grows to an OOM kill)."""

    def __init__(self, limit):
        self.kept = []
        self.kept_len = 0
        self.total = 0
        self.limit = limit

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        self.total += len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))
        if self.kept_len < _CAP:
            part = s[: _CAP - self.kept_len]
            self.kept.append(part)
            self.kept_len += len(part)
        if self.total > self.limit:
            raise _OutputLimit()
        return len(s)

    def getvalue(self):
        return "".join(self.kept)


def _on_prof(signum, frame):
    raise _Timeout()


def _emit(record):
    record["nonce"] = _nonce
    _chan.write(json.dumps(record) + "\n")
    _chan.flush()


def _candidate_traceback(path):
    """The traceback without the harness's own frames."""
    etype, value, tb = sys.exc_info()
    frames = [f for f in traceback.extract_tb(tb) if f.filename == path]
    lines = traceback.format_list(frames) + traceback.format_exception_only(etype, value)
    return "".join(lines)[-_CAP:]


def _encode(value):
    def fallback(o):
        return {"__unencodable__": type(o).__name__, "repr": repr(o)[:200]}

    try:
        return json.loads(json.dumps(value, default=fallback, allow_nan=False))
    except (ValueError, TypeError, RecursionError):
        return {"__unencodable__": type(value).__name__, "repr": repr(value)[:200]}


def _show_call(call):
    args = ", ".join(json.dumps(a)[:40] for a in call[1:])
    return "%s(%s)" % (call[0], args)


def _drive(cls, calls, results):
    """A class-shaped test: the constructor, then each method; the results list is filled as it
    goes, so a failing call can be named."""
    obj = cls(*calls[0][1:])
    results.append(None)
    for call in calls[1:]:
        method = getattr(obj, call[0], None)
        if not callable(method):
            raise AttributeError("%s has no method `%s`" % (type(obj).__name__, call[0]))
        results.append(method(*call[1:]))
    return results


def _driver_fault(path, candidate, record):
    """Whether the exception being handled is the problem's driver's own: raised by the
    driver's code while none of the candidate's was running (a fake the candidate called that
    raises is the candidate's), and not by a call of the candidate with arguments its function
    does not take; or by this harness's call of the driver's `run`. If so, the record says where
    (a judge error, never the candidate's)."""
    etype, value, tb = sys.exc_info()
    frames = traceback.extract_tb(tb)
    driver_file = _spec.get("driver_file") or "problem_harness.py"
    if not frames or frames[-1].filename not in (driver_file, frames[0].filename):
        return False
    if any(f.filename == path for f in frames):
        return False
    name = getattr(candidate, "__name__", "?")
    if isinstance(value, TypeError) and str(value).startswith(name + "("):
        return False
    mine = [f for f in frames if f.filename == driver_file] or frames[-1:]
    exception = "".join(traceback.format_exception_only(etype, value)).strip()
    record["driver_failed"] = {
        "at": "%s:%d" % (mine[-1].filename, mine[-1].lineno),
        "error": exception[-_CAP:],
        "traceback": "".join(traceback.format_list(mine))[-_CAP:] + exception[-_CAP:],
    }
    return True


def main():
    path = os.path.abspath(sys.argv[1])
    name = _spec["function"]
    module = {"__name__": "solution", "__file__": path, "__builtins__": __builtins__}
    sys.path.insert(0, os.path.dirname(path))
    driver = None
    if _spec.get("driver"):
        # The problem's driver, next to this harness, loads first: it may prepare what the
        # candidate's file imports (a configured Django). run(solution, *args) then drives the
        # candidate's function or class with fakes of its own and returns the value to compare.
        driver = {"__name__": "grader_driver", "__builtins__": __builtins__}
        driver_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grader_driver.py")
        try:
            with open(driver_path, "rb") as f:
                exec(compile(f.read(), _spec.get("driver_file") or "problem_harness.py", "exec"), driver)
        except BaseException:
            _emit({"driver_error": traceback.format_exc()[-_CAP:]})
            return
    captured = _Capture(_spec.get("output_limit", 8 << 20))
    sys.stdout = captured
    try:
        with open(path, "rb") as f:
            code = compile(f.read(), path, "exec")
        exec(code, module)
    except _OutputLimit:
        sys.stdout = _real_stdout
        _emit({"import_error": "printed past the output limit", "ole": captured.total, "stdout": ""})
        return
    except BaseException:
        sys.stdout = _real_stdout
        _emit({"import_error": _candidate_traceback(path), "stdout": captured.getvalue()[:_CAP]})
        return
    sys.stdout = _real_stdout
    _emit({"import_stdout": captured.getvalue()[:_CAP]})
    fn = module.get(name)
    if not callable(fn):
        _emit({"import_error": "the file defines no function or class `%s`" % name, "stdout": ""})
        return
    if driver is not None:
        candidate = fn

        def fn(*args):
            return driver["run"](candidate, *args)

    signal.signal(signal.SIGPROF, _on_prof)
    # A loop inside C code never returns to the interpreter, so the SIGPROF handler cannot run:
    # SIGVTALRM keeps its default action and ends the process a little later, and faulthandler's
    # own thread ends a call that waits (sleep, a lock) at the wall limit.
    signal.signal(signal.SIGVTALRM, signal.SIG_DFL)
    for test in _spec["tests"]:
        captured = _Capture(test.get("output_limit", 8 << 20))
        record = {"i": test["i"]}
        results = []
        _emit({"start": test["i"]})
        sys.stdout = captured
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            faulthandler.dump_traceback_later(test["wall_limit"], exit=True, file=sys.stderr)
            # Interrupted only past the grace (a call that ends within it is judged TLE by its
            # time, and may be graded again alone); SIGVTALRM is the backstop behind it.
            signal.setitimer(signal.ITIMER_VIRTUAL, test["cpu_limit"] + 2 * test["grace"])
            signal.setitimer(signal.ITIMER_PROF, test["cpu_limit"] + test["grace"])
            if _spec.get("class"):
                value = _drive(fn, test["args"], results)
            else:
                value = fn(*test["args"])
            signal.setitimer(signal.ITIMER_PROF, 0)
            record["value"] = _encode(value)
        except _Timeout:
            record["tle"] = True
        except _OutputLimit:
            signal.setitimer(signal.ITIMER_PROF, 0)
            record["ole"] = captured.total
        except MemoryError:
            signal.setitimer(signal.ITIMER_PROF, 0)
            record["mle"] = True
        except BaseException:
            signal.setitimer(signal.ITIMER_PROF, 0)
            if driver is not None and _driver_fault(path, candidate, record):
                pass
            else:
                record["error"] = _candidate_traceback(path)
            if _spec.get("class"):
                call = test["args"][len(results)]
                record["error"] += "call %d, %s: %s" % (
                    len(results) + 1,
                    _show_call(call),
                    record["error"].strip().splitlines()[-1] if record["error"].strip() else "?",
                )
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            faulthandler.cancel_dump_traceback_later()
            sys.stdout = _real_stdout
        record["cpu"] = time.process_time() - cpu0
        record["wall"] = time.perf_counter() - wall0
        record["stdout"] = captured.getvalue()[:_CAP]
        _emit(record)
        if _spec.get("fail_fast") and any(k in record for k in ("tle", "mle", "ole", "error")):
            break
        if _spec.get("stop_after_timeout") and "tle" in record:
            break


main()
