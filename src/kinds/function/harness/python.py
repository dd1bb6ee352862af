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


# The signature's types (null with a problem's driver): each argument is built into its Python
# form (a set, a dict with int or tuple keys, a ListNode chain, a graph of Nodes, an iterator)
# and each returned value read back into the JSON the grader compares (a generator collected).
_types = _spec.get("types") or {}
_aliases = _types.get("aliases", {})


class ListNode:
    """LeetCode's singly linked list node."""

    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next

    def __repr__(self):
        return "ListNode(%r)" % (self.val,)


class Node:
    """LeetCode's graph node (clone graph): a value and a list of neighbours."""

    def __init__(self, val=0, neighbors=None):
        self.val = val
        self.neighbors = neighbors if neighbors is not None else []

    def __repr__(self):
        return "Node(%r)" % (self.val,)


def _kind(t):
    if isinstance(t, str):
        return t, None
    ((k, d),) = t.items()
    return k, d


def _fits(v, t):
    """Whether the JSON value v has the shape of type t, one level deep (a union's choice)."""
    k, d = _kind(t)
    if k == "alias":
        return _fits(v, _aliases[d])
    if k == "any":
        return True
    if k == "union":
        return any(_fits(v, a) for a in d)
    if v is None:
        return k in ("optional", "list_node", "graph")
    if k == "optional":
        return _fits(v, d)
    if k == "int":
        return type(v) is int
    if k == "float":
        return type(v) in (int, float)
    if k == "bool":
        return type(v) is bool
    if k == "string":
        return type(v) is str
    if k == "tuple":
        return type(v) is list and len(v) == len(d)
    if k == "map" and d[0] == "string":
        return type(v) is dict
    if k == "record":
        return type(v) is dict and all(n in v or _kind(ft)[0] == "optional" for n, ft in d)
    return type(v) is list


class _Record(dict):
    """A record kept in a set or used as a key: a dict, hashed by its items."""

    def __hash__(self):
        return hash(frozenset((k, _hashable(x)) for k, x in self.items()))


def _hashable(v):
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, set):
        return frozenset(v)
    if isinstance(v, dict) and not isinstance(v, _Record):
        return _Record(v)
    return v


def _build_graph(adj):
    if not adj:
        return None
    nodes = [Node(i + 1) for i in range(len(adj))]
    for node, row in zip(nodes, adj):
        node.neighbors = [nodes[j - 1] for j in row]
    return nodes[0]


def _arg(v, t):
    """A test's JSON value as the candidate's function takes a value of type t."""
    k, d = _kind(t)
    if k == "alias":
        return _arg(v, _aliases[d])
    if k == "union":
        for a in d:
            if _fits(v, a):
                return _arg(v, a)
        return v
    if k == "list_node":
        head = None
        for x in reversed(v or []):
            head = ListNode(x, head)
        return head
    if k == "graph":
        return _build_graph(v)
    if v is None or isinstance(t, str):
        return v
    if k == "optional":
        return _arg(v, d)
    if k == "list":
        return [_arg(x, d) for x in v]
    if k == "iter":
        return iter([_arg(x, d) for x in v])
    if k == "set":
        return set(_hashable(_arg(x, d)) for x in v)
    if k == "tuple":
        return [_arg(x, a) for x, a in zip(v, d)]
    if k == "map" and d[0] == "string":
        return {key: _arg(x, d[1]) for key, x in v.items()}
    if k == "map":
        return {_hashable(_arg(key, d[0])): _arg(x, d[1]) for key, x in v}
    if k == "record":
        return {n: _arg(v.get(n), ft) for n, ft in d}
    return v


def _wrong(v, want):
    return {"__unencodable__": type(v).__name__, "repr": "%s; %s was expected" % (repr(v)[:160], want)}


def _read_list(head):
    vals, seen, node = [], set(), head
    while node is not None:
        if not (hasattr(node, "val") and hasattr(node, "next")):
            return _wrong(node, "a ListNode (val, next)")
        if id(node) in seen:
            return {"__unencodable__": "ListNode", "repr": "a cycle: node %d (val %r) links back to an earlier node" % (len(vals) + 1, node.val)}
        seen.add(id(node))
        vals.append(node.val)
        node = node.next
    return vals


def _read_graph(start):
    if start is None:
        return []
    if not hasattr(start, "neighbors"):
        return _wrong(start, "a Node (val, neighbors)")
    seen, order, todo = {id(start)}, [], [start]
    while todo:
        node = todo.pop()
        order.append(node)
        for nb in node.neighbors:
            if not hasattr(nb, "neighbors"):
                return _wrong(nb, "a Node (val, neighbors)")
            if id(nb) not in seen:
                seen.add(id(nb))
                todo.append(nb)
    by_val = {}
    for node in order:
        by_val.setdefault(node.val, node)
    if len(by_val) != len(order) or set(by_val) != set(range(1, len(order) + 1)):
        vals = sorted((n.val for n in order), key=repr)
        return {"__unencodable__": "graph", "repr": "nodes valued %r, not 1..%d once each" % (vals[:20], len(order))}
    return [[nb.val for nb in by_val[i].neighbors] for i in range(1, len(order) + 1)]


def _out(v, t):
    """A returned value of type t as JSON: iterables collected, sets and int-keyed maps as
    lists, records from dicts or objects, nodes read back."""
    k, d = _kind(t)
    if k == "alias":
        return _out(v, _aliases[d])
    if k == "union":
        if hasattr(v, "__next__"):
            v = list(v)
        for a in d:
            r = _out(v, a)
            if _fits(r, a) and not (isinstance(r, dict) and "__unencodable__" in r):
                return r
        return v
    if k == "list_node":
        return _read_list(v)
    if k == "graph":
        return _read_graph(v)
    if v is None or isinstance(t, str):
        return v
    if k == "optional":
        return _out(v, d)
    if k in ("list", "iter", "set"):
        if isinstance(v, (str, bytes, dict)) or (k != "set" and isinstance(v, (set, frozenset))):
            return v
        try:
            items = iter(v)
        except TypeError:
            return v
        return [_out(x, d) for x in items]
    if k == "tuple":
        if isinstance(v, (list, tuple)) and len(v) == len(d):
            return [_out(x, a) for x, a in zip(v, d)]
        return v
    if k == "map" and isinstance(v, dict):
        if d[0] == "string":
            return {key: _out(x, d[1]) for key, x in v.items()}
        return [[_out(key, d[0]), _out(x, d[1])] for key, x in v.items()]
    if k == "record":
        fields = dict((n, ft) for n, ft in d)
        if isinstance(v, dict):
            return {n: _out(x, fields.get(n, "any")) for n, x in v.items()}
        if hasattr(v, "_asdict"):
            return {n: _out(x, fields.get(n, "any")) for n, x in v._asdict().items()}
        if all(hasattr(v, n) for n in fields):
            return {n: _out(getattr(v, n), ft) for n, ft in fields.items()}
    return v


_SCALARS = ("int", "float", "bool", "string", "any")


def _plain(t):
    """Whether values of t are the JSON values themselves (nothing to build or read back)."""
    k, d = _kind(t)
    if isinstance(t, str):
        return k in _SCALARS
    if k in ("list", "optional"):
        return _plain(d)
    if k == "tuple":
        return all(_plain(x) for x in d)
    if k == "map":
        return d[0] == "string" and _plain(d[1])
    return False


def _call(fn, args):
    if not _types:
        return fn(*args)
    params = _types["params"]
    args = [a if _plain(t) else _arg(a, t) for a, t in zip(args, params)] + list(args[len(params):])
    value = fn(*args)
    if _plain(_types["returns"]) and (value is None or type(value) in (list, dict, str, int, float, bool)):
        return value
    return _out(value, _types["returns"])


def _call_method(method, name, args):
    m = _types.get("methods", {}).get(name) if _types else None
    if not m:
        return method(*args)
    return _out(method(*[_arg(a, t) for a, t in zip(args, m["params"])]), m["returns"])


def _show_call(call):
    args = ", ".join(json.dumps(a)[:40] for a in call[1:])
    return "%s(%s)" % (call[0], args)


def _drive(cls, calls, results):
    """A class-shaped test: the constructor, then each method; the results list is filled as it
    goes, so a failing call can be named."""
    args = calls[0][1:]
    if _types:
        args = [_arg(a, t) for a, t in zip(args, _types["params"])] + list(args[len(_types["params"]):])
    obj = cls(*args)
    results.append(None)
    for call in calls[1:]:
        method = getattr(obj, call[0], None)
        if not callable(method):
            raise AttributeError("%s has no method `%s`" % (type(obj).__name__, call[0]))
        results.append(_call_method(method, call[0], call[1:]))
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
    if _types.get("list_node") or _types.get("graph"):
        # LeetCode's names, as its editor has them: the node classes and typing's.
        import typing

        module.update((n, getattr(typing, n)) for n in ("Optional", "List", "Dict", "Set", "Tuple", "Iterator", "Generator", "Any"))
        module["ListNode"] = ListNode
        module["Node"] = Node
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
                value = _call(fn, test["args"])
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
