#!/usr/bin/env python3
"""Input validator of `@ID@`, written by `grader export --kattis`.

The problem states no input grammar, so the rules below are what every one of its test inputs
has in common: the character set, the final newline, blank lines and stray spaces, the number
of lines and of tokens per line, and integer tokens (no leading zeros). Every test input obeys
them; input that breaks them is rejected. Kattis protocol: the input on stdin, exit 42 accepts,
exit 43 rejects with the reason on stderr.
"""

import json
import re
import sys

RULES = json.loads(
    r"""
@RULES@
"""
)

INTEGER = re.compile(r"-?(0|[1-9][0-9]*)\Z")
SPACE_RUN = re.compile(r"[ \t]{2}")


def reject(why):
    sys.stderr.write(why + "\n")
    sys.exit(43)


def check_integers(line_no, tokens):
    for token in tokens:
        if not INTEGER.match(token):
            reject("line %d: %r is not an integer" % (line_no, token[:40]))


def main():
    data = sys.stdin.buffer.read()
    if RULES["nonempty"] and not data:
        reject("the input is empty")
    if not RULES["text"]:
        sys.exit(42)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        reject("the input is not UTF-8: %s" % e)
    for offset, ch in enumerate(text):
        if ch in "\n\t\r":
            continue
        if (ch < " " or "\x7f" <= ch <= "\x9f") or (RULES["ascii"] and ch > "~"):
            reject("character %r at offset %d is not allowed" % (ch, offset))
    if not RULES["cr_allowed"] and "\r" in text:
        reject("the input has a carriage return")
    if not RULES["tabs_allowed"] and "\t" in text:
        reject("the input has a tab")
    if RULES["final_newline"] and text and not text.endswith("\n"):
        reject("the input does not end with a newline")
    lines = text.split("\n")
    if text.endswith("\n") or not text:
        lines.pop()
    for line_no, line in enumerate(lines, 1):
        if not RULES["empty_lines_allowed"] and not line:
            reject("line %d is empty" % line_no)
        if not RULES["edge_spaces_allowed"] and line != line.strip(" \t"):
            reject("line %d starts or ends with a space" % line_no)
        if not RULES["double_spaces_allowed"] and SPACE_RUN.search(line):
            reject("line %d has two spaces in a row" % line_no)
    layout = RULES["lines"]
    if layout is not None:
        if len(lines) != len(layout):
            reject("%d line(s), not %d" % (len(lines), len(layout)))
        for line_no, (line, shape) in enumerate(zip(lines, layout), 1):
            tokens = line.split()
            if shape["tokens"] is not None and len(tokens) != shape["tokens"]:
                reject("line %d has %d token(s), not %d" % (line_no, len(tokens), shape["tokens"]))
            if shape["integers"]:
                check_integers(line_no, tokens)
    elif RULES["integers"]:
        for line_no, line in enumerate(lines, 1):
            check_integers(line_no, line.split())
    sys.exit(42)


main()
