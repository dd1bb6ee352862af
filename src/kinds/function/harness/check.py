"""grader's runner of a problem's check function (`[function] check = "check.py"`).

usage: python3 -I check.py PROBLEM_CHECK.py < items.json   (fd 3: the result channel)

Calls `check(args, expected, got)` once per item; it returns a bool or `(bool, message)`.
Anything else (an exception, another return value, a missing `check`) is reported as an error:
the grader makes it a judge error, never the candidate's fault. `got` is plain JSON data from
the candidate's process: nothing of the candidate's code runs here.
"""
import json
import os
import sys
import traceback

_spec = json.loads(sys.stdin.read())
_fd = os.dup(3)
os.close(3)
_chan = os.fdopen(_fd, "w", buffering=1)


def _emit(record):
    record["nonce"] = _spec["nonce"]
    _chan.write(json.dumps(record) + "\n")
    _chan.flush()


def main():
    path = os.path.abspath(sys.argv[1])
    module = {"__name__": "problem_check", "__file__": path, "__builtins__": __builtins__}
    sys.path.insert(0, os.path.dirname(path))
    try:
        with open(path, "rb") as f:
            exec(compile(f.read(), path, "exec"), module)
        fn = module.get("check")
        if not callable(fn):
            raise NameError("the check file defines no function `check(args, expected, got)`")
    except BaseException:
        _emit({"import_error": traceback.format_exc()[-4096:]})
        return
    for item in _spec["items"]:
        try:
            result = fn(item["args"], item["expected"], item["got"])
            if isinstance(result, bool):
                ok, message = result, ""
            elif isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], bool):
                ok, message = result
            else:
                raise TypeError(
                    "check() returned %s; it should return a bool or (bool, message)"
                    % repr(result)[:200]
                )
            _emit({"i": item["i"], "ok": ok, "message": str(message)[:2048]})
        except BaseException:
            _emit({"i": item["i"], "error": traceback.format_exc()[-4096:]})


main()
