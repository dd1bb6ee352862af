"""grader's check of a problem's Python driver or check function, before any answer runs.

usage: python3 -I -S validate.py FUNCTION FILE COUNT

Reads FILE without running it (its syntax tree only: a driver's top-level code may configure
Django or write files) and says whether its top-level `def FUNCTION` can be called with COUNT
positional arguments. Prints one JSON object: {"ok": true}, {"unknown": "why"} (FUNCTION is
bound some other way: an import, an assignment, a decorator), or {"error": "...", "line": N}.
"""
import ast
import json
import sys


def verdict(function, path, count):
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
    except SyntaxError as e:
        return {"error": "is not valid Python 3: %s" % e.msg, "line": e.lineno or 0, "col": e.offset or 0}
    except (OSError, ValueError) as e:
        return {"error": "cannot read it: %s" % e, "line": 0}
    found = None
    for node in tree.body:
        names = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [(a.asname or a.name).split(".")[0] for a in node.names]
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        if function in names:
            found = node
    if found is None:
        if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in tree.body):
            return {"unknown": "`from ... import *` may define it"}
        return {"error": "defines no function `%s`" % function, "line": 0}
    if not isinstance(found, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return {"unknown": "`%s` is not a plain `def`" % function}
    if found.decorator_list:
        return {"unknown": "`%s` is decorated" % function}
    a = found.args
    positional = list(getattr(a, "posonlyargs", [])) + list(a.args)
    required = len(positional) - len(a.defaults)
    keyword_only = [k.arg for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is None]
    params = [p.arg for p in positional]
    if a.vararg:
        params.append("*" + a.vararg.arg)
    params += [k.arg for k in a.kwonlyargs]
    if a.kwarg:
        params.append("**" + a.kwarg.arg)
    fits = required <= count and (count <= len(positional) or a.vararg is not None) and not keyword_only
    out = {"params": params, "line": found.lineno}
    if not fits:
        out["error"] = "mismatch"
    else:
        out["ok"] = True
    return out


if __name__ == "__main__":
    print(json.dumps(verdict(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
