//! The generated class of `similar.rs`: 36 two-sum answers written independently (Python and
//! Java; six algorithms, each with its own small choices of style, helpers, input and output) and
//! 4 copies of four of them (renamed and re-commented, functions reordered, reformatted, dead
//! code added), deterministic on every run.

/// A small deterministic generator (xorshift64*): the class is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn coin(&mut self) -> bool {
        self.below(2) == 1
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// The names a student uses (a copy renames them all).
#[derive(Clone)]
struct Names {
    f: String,
    xs: String,
    t: String,
    d: String,
    i: String,
    j: String,
    v: String,
    helper: String,
}

impl Names {
    fn new(r: &mut Rng) -> Names {
        let (i, j) = [("i", "j"), ("a", "b"), ("p", "q"), ("x", "y"), ("u", "w")][r.below(5)];
        Names {
            f: r.pick(&[
                "two_sum",
                "find_pair",
                "solve",
                "pair_sum",
                "search",
                "locate",
            ])
            .into(),
            xs: r
                .pick(&["nums", "arr", "values", "numbers", "data", "items", "lst"])
                .into(),
            t: r.pick(&["target", "goal", "want", "total", "k", "s"])
                .into(),
            d: r.pick(&["seen", "index", "pos", "lookup", "memo", "where_"])
                .into(),
            i: i.into(),
            j: j.into(),
            v: r.pick(&["val", "num", "cur", "elem", "n", "e"]).into(),
            helper: r
                .pick(&["read_ints", "ints", "parse", "tokens", "load"])
                .into(),
        }
    }
    /// Every name changed (with a suffix no generated name has).
    fn renamed(&self, r: &mut Rng) -> Names {
        let mut n = Names::new(r);
        for s in [
            &mut n.f,
            &mut n.xs,
            &mut n.t,
            &mut n.d,
            &mut n.i,
            &mut n.j,
            &mut n.v,
            &mut n.helper,
        ] {
            s.push_str("_z");
        }
        n
    }
}

/// One student's choices: the algorithm and the small ones around it.
#[derive(Clone)]
struct Answer {
    algo: usize,
    flags: [bool; 6],
    input: usize,
    output: usize,
    /// How the program is laid out: functions and `main`, a class, a script.
    shape: usize,
    names: Names,
    comments: Vec<String>,
    /// The solver after `main` (Python) or the helper after the solver (Java).
    reorder: bool,
    dead_code: bool,
    /// Java: braces on their own lines, other spacing.
    reformat: bool,
}

const COMMENTS: &[&str] = &[
    "find the two indices",
    "read the input",
    "hash map of value to index",
    "print the answer",
    "O(n) time",
    "brute force is enough here",
    "sort, then walk from both ends",
    "edge case: no pair",
    "TODO: clean up",
    "indices are 0-based",
];

impl Answer {
    /// Member `g` (0-2) of the three students of one language who chose algorithm `algo`:
    /// each reads, prints and lays out the program its own way, and their small choices differ
    /// (each flag is flipped for one of the three: any two differ on four of the six).
    fn new(r: &mut Rng, algo: usize, g: usize, base: [bool; 6]) -> Answer {
        let mut flags = base;
        for (n, f) in flags.iter_mut().enumerate() {
            *f ^= n % 3 == g;
        }
        let comments = (0..4).map(|_| r.pick(COMMENTS).to_string()).collect();
        Answer {
            algo,
            flags,
            input: r.below(5),
            output: r.below(4),
            shape: (g + algo / 3) % 3,
            names: Names::new(r),
            comments,
            reorder: r.coin(),
            dead_code: false,
            reformat: r.coin(),
        }
    }
    fn c(&self, n: usize) -> &str {
        &self.comments[n % self.comments.len()]
    }
}

/// The solver's body: the algorithm with the student's small choices.
#[expect(unused_variables, reason = "each part uses some of the names")]
fn python_body(a: &Answer) -> String {
    let Names {
        f,
        xs,
        t,
        d,
        i,
        j,
        v,
        helper,
    } = &a.names;
    let fl = a.flags;
    let ret = |x: &str, y: &str| {
        if fl[2] {
            format!("return [{x}, {y}]")
        } else {
            format!("return {x}, {y}")
        }
    };
    let none = if fl[3] {
        "return None"
    } else {
        "return -1, -1"
    };
    match a.algo {
        0 => {
            let n = if fl[0] {
                format!("    n = len({xs})\n")
            } else {
                String::new()
            };
            let len = if fl[0] {
                "n".to_string()
            } else {
                format!("len({xs})")
            };
            let cond = if fl[1] {
                format!("{xs}[{i}] + {xs}[{j}] == {t}")
            } else {
                format!("{t} - {xs}[{i}] == {xs}[{j}]")
            };
            format!(
                "{n}    for {i} in range({len}):\n        for {j} in range({i} + 1, {len}):\n            if {cond}:\n                {}\n    {none}\n",
                ret(i, j)
            )
        }
        1 => {
            let lp = if fl[0] {
                format!("    for {i}, {v} in enumerate({xs}):\n")
            } else {
                format!("    for {i} in range(len({xs})):\n        {v} = {xs}[{i}]\n")
            };
            let look = if fl[1] {
                format!(
                    "        if {t} - {v} in {d}:\n            {}\n",
                    ret(&format!("{d}[{t} - {v}]"), i)
                )
            } else {
                format!(
                    "        {j} = {d}.get({t} - {v})\n        if {j} is not None:\n            {}\n",
                    ret(j, i)
                )
            };
            let store = if fl[4] {
                format!("        if {v} not in {d}:\n            {d}[{v}] = {i}\n")
            } else {
                format!("        {d}[{v}] = {i}\n")
            };
            format!("    {d} = {{}}\n{lp}{look}{store}    {none}\n")
        }
        2 => {
            let build = if fl[0] {
                format!("    {d} = {{{v}: {i} for {i}, {v} in enumerate({xs})}}\n")
            } else {
                format!(
                    "    {d} = dict()\n    for {i} in range(len({xs})):\n        {d}[{xs}[{i}]] = {i}\n"
                )
            };
            let check = if fl[1] {
                format!("{j} is not None and {j} != {i}")
            } else {
                format!("{j} not in (None, {i})")
            };
            let lp = if fl[2] {
                format!("    for {i}, {v} in enumerate({xs}):\n        {j} = {d}.get({t} - {v})\n")
            } else {
                format!(
                    "    for {i} in range(len({xs})):\n        {j} = {d}.get({t} - {xs}[{i}])\n"
                )
            };
            let found = if fl[4] {
                format!("        if {check}:\n            {}\n", ret(i, j))
            } else {
                format!(
                    "        if not ({check}):\n            continue\n        {}\n",
                    ret(i, j)
                )
            };
            format!("{build}{lp}{found}    {none}\n")
        }
        _ => python_body_sorting(a),
    }
}

#[expect(unused_variables, reason = "each part uses some of the names")]
fn python_body_sorting(a: &Answer) -> String {
    let Names {
        f,
        xs,
        t,
        d,
        i,
        j,
        v,
        helper,
    } = &a.names;
    let fl = a.flags;
    let ret = |x: &str, y: &str| {
        if fl[2] {
            format!("return [{x}, {y}]")
        } else {
            format!("return {x}, {y}")
        }
    };
    let none = if fl[3] {
        "return None"
    } else {
        "return -1, -1"
    };
    match a.algo {
        3 => {
            let order = if fl[0] {
                format!("    order = sorted(range(len({xs})), key=lambda {v}: {xs}[{v}])\n")
            } else {
                format!(
                    "    order = list(range(len({xs})))\n    order.sort(key={xs}.__getitem__)\n"
                )
            };
            let step = if fl[1] {
                format!(
                    "        elif s < {t}:\n            {i} += 1\n        else:\n            {j} -= 1\n"
                )
            } else {
                format!(
                    "        if s > {t}:\n            {j} -= 1\n        if s < {t}:\n            {i} += 1\n"
                )
            };
            let start = if fl[2] {
                format!("    {i}, {j} = 0, len({xs}) - 1\n")
            } else {
                format!("    {i} = 0\n    {j} = len(order) - 1\n")
            };
            let found = if fl[4] {
                format!("            return tuple(sorted((order[{i}], order[{j}])))\n")
            } else {
                format!(
                    "            return min(order[{i}], order[{j}]), max(order[{i}], order[{j}])\n"
                )
            };
            format!(
                "{order}{start}    while {i} < {j}:\n        s = {xs}[order[{i}]] + {xs}[order[{j}]]\n        if s == {t}:\n{found}{step}    {none}\n"
            )
        }
        4 => {
            let pairs = if fl[0] {
                format!("    pairs = sorted(({v}, {i}) for {i}, {v} in enumerate({xs}))\n")
            } else {
                format!("    pairs = sorted(zip({xs}, range(len({xs}))))\n")
            };
            let keys = if fl[1] {
                "    keys = [p[0] for p in pairs]\n".to_string()
            } else {
                "    keys = list(map(lambda p: p[0], pairs))\n".to_string()
            };
            let found = if fl[4] {
                format!(
                    "            return min(pairs[{i}][1], pairs[{j}][1]), max(pairs[{i}][1], pairs[{j}][1])\n"
                )
            } else {
                format!(
                    "            result = sorted([pairs[{i}][1], pairs[{j}][1]])\n            return result[0], result[1]\n"
                )
            };
            let search = if fl[2] {
                format!(
                    "        {j} = bisect.bisect_left(keys, {t} - keys[{i}], {i} + 1)\n        if {j} < len(keys) and keys[{j}] == {t} - keys[{i}]:\n"
                )
            } else {
                format!(
                    "        need = {t} - keys[{i}]\n        {j} = bisect.bisect_left(keys, need, lo={i} + 1)\n        if {j} != len(keys) and keys[{j}] == need:\n"
                )
            };
            format!("{pairs}{keys}    for {i} in range(len(pairs)):\n{search}{found}    {none}\n")
        }
        _ => {
            let group = if fl[0] {
                format!(
                    "    {d} = collections.defaultdict(list)\n    for {i}, {v} in enumerate({xs}):\n        {d}[{v}].append({i})\n"
                )
            } else {
                format!(
                    "    {d} = {{}}\n    for {i}, {v} in enumerate({xs}):\n        {d}.setdefault({v}, []).append({i})\n"
                )
            };
            let walk = if fl[1] {
                format!("    for {v}, where in {d}.items():\n")
            } else {
                format!("    for {v} in sorted({d}):\n        where = {d}[{v}]\n")
            };
            let other = if fl[2] {
                "other".to_string()
            } else {
                format!("{t} - {v}")
            };
            let def = if fl[2] {
                format!("        other = {t} - {v}\n")
            } else {
                String::new()
            };
            let pair = if fl[4] {
                format!(
                    "            {j} = {d}[{other}][0]\n            return min(where[0], {j}), max(where[0], {j})\n"
                )
            } else {
                format!("            return tuple(sorted([where[0], {d}[{other}][0]]))\n")
            };
            format!(
                "{group}{walk}{def}        if {other} == {v}:\n            if len(where) > 1:\n                {}\n        elif {other} in {d}:\n{pair}    {none}\n",
                ret("where[0]", "where[1]")
            )
        }
    }
}

#[expect(unused_variables, reason = "each part uses some of the names")]
fn python(a: &Answer) -> String {
    let Names {
        f,
        xs,
        t,
        d,
        i,
        j,
        v,
        helper,
    } = &a.names;
    let fl = a.flags;
    let ret = |x: &str, y: &str| {
        if fl[2] {
            format!("return [{x}, {y}]")
        } else {
            format!("return {x}, {y}")
        }
    };
    let none = if fl[3] {
        "return None"
    } else {
        "return -1, -1"
    };
    let body = python_body(a);
    let imports = match a.algo {
        4 => "import bisect\n",
        5 if a.flags[0] => "import collections\n",
        _ => "",
    };
    let sys = if a.input != 1 && a.input != 2 || a.output == 3 {
        "import sys\n"
    } else {
        ""
    };
    let read = match a.input {
        0 => format!("def {helper}():\n    return list(map(int, sys.stdin.read().split()))\n"),
        1 => format!("def {helper}():\n    return [int(x) for x in input().split()]\n"),
        2 => format!("def {helper}(line):\n    return list(map(int, line.split()))\n"),
        3 => format!(
            "def {helper}():\n    line = sys.stdin.readline()\n    out = []\n    for word in line.split():\n        out.append(int(word))\n    return out\n"
        ),
        _ => String::new(),
    };
    let load = match a.input {
        0 => format!(
            "    data = {helper}()\n    n, {t} = data[0], data[1]\n    {xs} = data[2:2 + n]\n"
        ),
        1 => format!("    n, {t} = {helper}()\n    {xs} = {helper}()\n"),
        2 => format!(
            "    first = input()\n    n, {t} = {helper}(first)\n    {xs} = {helper}(input())[:n]\n"
        ),
        3 => format!("    head = {helper}()\n    {t} = head[1]\n    {xs} = {helper}()\n"),
        _ => format!(
            "    words = sys.stdin.read().split()\n    n = int(words[0])\n    {t} = int(words[1])\n    {xs} = [int(w) for w in words[2:2 + n]]\n"
        ),
    };
    let show = match a.output {
        0 => "        print(answer[0], answer[1])\n".to_string(),
        1 => "        print(\" \".join(map(str, answer)))\n".to_string(),
        2 => "        print(f\"{answer[0]} {answer[1]}\")\n".to_string(),
        _ => "        sys.stdout.write(\"%d %d\\n\" % (answer[0], answer[1]))\n".to_string(),
    };
    let missing = if fl[3] {
        "answer is None"
    } else {
        "answer[0] < 0"
    };
    let guard = if fl[5] {
        format!("    if len({xs}) < 2:\n        print(-1, -1)\n        return\n")
    } else {
        String::new()
    };
    let dead = if a.dead_code {
        format!(
            "\n\ndef unused_{f}({xs}):\n    total = 0\n    for {v} in {xs}:\n        total += {v} * 2\n    if total < 0:\n        print(\"never\")\n    return total\n"
        )
    } else {
        String::new()
    };
    let call = |prefix: &str| format!("{prefix}answer = {f}({xs}, {t})\n");
    match a.shape {
        // A class with the solver as a method, and a script below it.
        1 => {
            let method: String = body.lines().map(|l| format!("    {l}\n")).collect();
            let script = format!(
                "# {}\n{}{}{}if {missing}:\n    print(-1, -1)\nelse:\n{}",
                a.c(1),
                dedent(&load),
                dedent(&guard.replace("return", "sys.exit(0)")),
                call("").replace(&format!("{f}("), &format!("Solution().{f}(")),
                dedent(&show)
            );
            format!(
                "import sys\n{imports}\n\n{read}\n\nclass Solution:\n    # {}\n    def {f}(self, {xs}, {t}):\n{method}{dead}\n\n{script}",
                a.c(0)
            )
        }
        // Functions, then the top-level code calling them, no `main`.
        2 => {
            let main = format!(
                "def run():\n    # {}\n{load}{guard}{}    if {missing}:\n        sys.stdout.write(\"-1 -1\\n\")\n    else:\n{show}",
                a.c(1),
                call("    ")
            );
            let solver = format!("def {f}({xs}, {t}):\n    # {}\n{body}", a.c(0));
            let (first, second) = if a.reorder {
                (&main, &solver)
            } else {
                (&solver, &main)
            };
            format!("import sys\n{imports}\n\n{read}\n\n{first}\n\n{second}{dead}\n\nrun()\n")
        }
        _ => {
            let solver = format!("# {}\ndef {f}({xs}, {t}):\n{body}", a.c(0));
            let main = format!(
                "def main():\n    # {}\n{load}{guard}{}    if {missing}:\n        print(-1, -1)\n    else:\n{show}",
                a.c(1),
                call("    ")
            );
            let (first, second) = if a.reorder {
                (&main, &solver)
            } else {
                (&solver, &main)
            };
            format!(
                "{imports}{sys}\n\n{read}\n\n{first}\n\n{second}{dead}\n\nif __name__ == \"__main__\":\n    main()\n"
            )
        }
    }
}

/// Python text one level less indented.
fn dedent(text: &str) -> String {
    text.lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect()
}

/// The solver's body: the algorithm with the student's small choices.
#[expect(unused_variables, reason = "each part uses some of the names")]
fn java_body(a: &Answer) -> String {
    let Names {
        f,
        xs,
        t,
        d,
        i,
        j,
        v,
        helper,
    } = &a.names;
    let fl = a.flags;
    let none = if fl[3] {
        "return null;"
    } else {
        "return new int[] {-1, -1};"
    };
    match a.algo {
        0 => {
            let cond = if fl[1] {
                format!("{xs}[{i}] + {xs}[{j}] == {t}")
            } else {
                format!("{t} - {xs}[{i}] == {xs}[{j}]")
            };
            let n = if fl[0] {
                format!("int n = {xs}.length;\n")
            } else {
                String::new()
            };
            let len = if fl[0] {
                "n".to_string()
            } else {
                format!("{xs}.length")
            };
            if fl[2] {
                format!(
                    "{n}int {i} = 0;\nwhile ({i} < {len}) {{\nint {j} = {i} + 1;\nwhile ({j} < {len}) {{\nif ({cond}) return new int[] {{{i}, {j}}};\n{j}++;\n}}\n{i}++;\n}}\n{none}\n"
                )
            } else {
                format!(
                    "{n}for (int {i} = 0; {i} < {len}; {i}++) {{\nfor (int {j} = {i} + 1; {j} < {len}; {j}++) {{\nif ({cond}) {{\nreturn new int[] {{{i}, {j}}};\n}}\n}}\n}}\n{none}\n"
                )
            }
        }
        1 => {
            let need = if fl[2] {
                format!("int need = {t} - {v};\n")
            } else {
                String::new()
            };
            let want = if fl[2] {
                "need".to_string()
            } else {
                format!("{t} - {v}")
            };
            let look = if fl[1] {
                format!(
                    "if ({d}.containsKey({want})) {{\nreturn new int[] {{{d}.get({want}), {i}}};\n}}\n"
                )
            } else {
                format!(
                    "Integer {j} = {d}.get({want});\nif ({j} != null) {{\nreturn new int[] {{{j}, {i}}};\n}}\n"
                )
            };
            let store = if fl[4] {
                format!("{d}.putIfAbsent({v}, {i});\n")
            } else {
                format!("{d}.put({v}, {i});\n")
            };
            let lp = if fl[0] {
                format!("for (int {i} = 0; {i} < {xs}.length; {i}++) {{\nint {v} = {xs}[{i}];\n")
            } else {
                format!("int {i} = -1;\nfor (int {v} : {xs}) {{\n{i}++;\n")
            };
            format!(
                "Map<Integer, Integer> {d} = new HashMap<>();\n{lp}{need}{look}{store}}}\n{none}\n"
            )
        }
        2 => {
            let check = if fl[1] {
                format!("{j} != null && {j} != {i}")
            } else {
                format!("{j} != null && !{j}.equals({i})")
            };
            let build = if fl[0] {
                format!("for (int {i} = 0; {i} < {xs}.length; {i}++) {d}.put({xs}[{i}], {i});\n")
            } else {
                format!("int pos = 0;\nfor (int {v} : {xs}) {{\n{d}.put({v}, pos++);\n}}\n")
            };
            let found = if fl[4] {
                format!("if ({check}) return new int[] {{{i}, {j}}};\n")
            } else {
                format!(
                    "if ({check}) {{\nint[] res = new int[2];\nres[0] = {i};\nres[1] = {j};\nreturn res;\n}}\n"
                )
            };
            let ty = if fl[2] {
                "HashMap<Integer, Integer>"
            } else {
                "Map<Integer, Integer>"
            };
            format!(
                "{ty} {d} = new HashMap<>();\n{build}for (int {i} = 0; {i} < {xs}.length; {i}++) {{\nInteger {j} = {d}.get({t} - {xs}[{i}]);\n{found}}}\n{none}\n"
            )
        }
        _ => java_body_sorting(a),
    }
}

#[expect(unused_variables, reason = "each part uses some of the names")]
fn java_body_sorting(a: &Answer) -> String {
    let Names {
        f,
        xs,
        t,
        d,
        i,
        j,
        v,
        helper,
    } = &a.names;
    let fl = a.flags;
    let none = if fl[3] {
        "return null;"
    } else {
        "return new int[] {-1, -1};"
    };
    match a.algo {
        3 => {
            let sort = if fl[0] {
                format!("Arrays.sort(order, (p, q) -> Integer.compare({xs}[p], {xs}[q]));\n")
            } else {
                format!("Arrays.sort(order, Comparator.comparingInt(p -> {xs}[p]));\n")
            };
            let step = if fl[1] {
                format!(
                    "if (sum == {t}) {{\n{{found}}}} else if (sum < {t}) {{\n{i}++;\n}} else {{\n{j}--;\n}}\n"
                )
            } else {
                format!(
                    "if (sum > {t}) {{\n{j}--;\ncontinue;\n}}\nif (sum < {t}) {{\n{i}++;\ncontinue;\n}}\n{{found}}"
                )
            };
            let found = if fl[4] {
                format!(
                    "return new int[] {{Math.min(order[{i}], order[{j}]), Math.max(order[{i}], order[{j}])}};\n"
                )
            } else {
                format!("int[] res = {{order[{i}], order[{j}]}};\nArrays.sort(res);\nreturn res;\n")
            };
            let step = step.replace("{found}", &found);
            let lp = if fl[2] {
                format!("int {i} = 0, {j} = {xs}.length - 1;\nwhile ({i} < {j}) {{\n")
            } else {
                format!("for (int {i} = 0, {j} = {xs}.length - 1; {i} < {j};) {{\n")
            };
            format!(
                "Integer[] order = new Integer[{xs}.length];\nfor (int {v} = 0; {v} < order.length; {v}++) order[{v}] = {v};\n{sort}{lp}int sum = {xs}[order[{i}]] + {xs}[order[{j}]];\n{step}}}\n{none}\n"
            )
        }
        4 => {
            let pack = if fl[0] {
                format!(
                    "for (int {i} = 0; {i} < {xs}.length; {i}++) keyed[{i}] = ((long) {xs}[{i}] << 20) | {i};\n"
                )
            } else {
                format!(
                    "int c = 0;\nfor (int {v} : {xs}) {{\nkeyed[c] = (long) {v} * (1L << 20) + c;\nc++;\n}}\n"
                )
            };
            let mid = if fl[0] {
                "int mid = (lo + hi) >>> 1;"
            } else {
                "int mid = lo + (hi - lo) / 2;"
            };
            let step = if fl[2] {
                format!("if (m < {t} - {v}) lo = mid + 1; else hi = mid - 1;\n")
            } else {
                format!("if (m > {t} - {v}) {{\nhi = mid - 1;\n}} else {{\nlo = mid + 1;\n}}\n")
            };
            let found = if fl[4] {
                format!(
                    "int {j} = (int) (keyed[mid] & 0xFFFFF);\nint first = (int) (keyed[{i}] & 0xFFFFF);\nreturn new int[] {{Math.min(first, {j}), Math.max(first, {j})}};\n"
                )
            } else {
                format!(
                    "int[] res = {{(int) (keyed[{i}] % (1L << 20)), (int) (keyed[mid] % (1L << 20))}};\nArrays.sort(res);\nreturn res;\n"
                )
            };
            if fl[1] {
                // The library's binary search for the first key of the complement.
                let found = found.replace("mid", "at");
                format!(
                    "long[] keyed = new long[{xs}.length];\n{pack}Arrays.sort(keyed);\nfor (int {i} = 0; {i} + 1 < keyed.length; {i}++) {{\nint {v} = (int) (keyed[{i}] >> 20);\nint at = Arrays.binarySearch(keyed, {i} + 1, keyed.length, (long) ({t} - {v}) << 20);\nif (at < 0) at = -at - 1;\nif (at < keyed.length && (keyed[at] >> 20) == {t} - {v}) {{\n{found}}}\n}}\n{none}\n"
                )
            } else {
                format!(
                    "long[] keyed = new long[{xs}.length];\n{pack}Arrays.sort(keyed);\nfor (int {i} = 0; {i} < keyed.length; {i}++) {{\nint {v} = (int) (keyed[{i}] >> 20);\nint lo = {i} + 1, hi = keyed.length - 1;\nwhile (lo <= hi) {{\n{mid}\nint m = (int) (keyed[mid] >> 20);\nif (m == {t} - {v}) {{\n{found}}}\n{step}}}\n}}\n{none}\n"
                )
            }
        }
        _ => {
            let group = if fl[0] {
                format!(
                    "for (int {i} = 0; {i} < {xs}.length; {i}++) {{\n{d}.computeIfAbsent({xs}[{i}], key -> new ArrayList<>()).add({i});\n}}\n"
                )
            } else {
                format!(
                    "for (int {i} = 0; {i} < {xs}.length; {i}++) {{\nList<Integer> at = {d}.get({xs}[{i}]);\nif (at == null) {{\nat = new ArrayList<>();\n{d}.put({xs}[{i}], at);\n}}\nat.add({i});\n}}\n"
                )
            };
            let map = if fl[1] { "TreeMap" } else { "HashMap" };
            let walk = if fl[2] {
                format!(
                    "for (Map.Entry<Integer, List<Integer>> en : {d}.entrySet()) {{\nint other = {t} - en.getKey();\nList<Integer> mine = en.getValue();\n"
                )
            } else {
                format!(
                    "for (int key : {d}.keySet()) {{\nint other = {t} - key;\nList<Integer> mine = {d}.get(key);\n"
                )
            };
            let same = if fl[2] {
                "other == en.getKey()"
            } else {
                "other == key"
            };
            let pair = if fl[4] {
                format!(
                    "int {j} = {d}.get(other).get(0);\nreturn new int[] {{Math.min(mine.get(0), {j}), Math.max(mine.get(0), {j})}};\n"
                )
            } else {
                format!(
                    "int[] res = new int[] {{mine.get(0), {d}.get(other).get(0)}};\nArrays.sort(res);\nreturn res;\n"
                )
            };
            format!(
                "Map<Integer, List<Integer>> {d} = new {map}<>();\n{group}{walk}if ({same}) {{\nif (mine.size() > 1) return new int[] {{mine.get(0), mine.get(1)}};\n}} else if ({d}.containsKey(other)) {{\n{pair}}}\n}}\n{none}\n"
            )
        }
    }
}

#[expect(unused_variables, reason = "each part uses some of the names")]
fn java(a: &Answer) -> String {
    let Names {
        f,
        xs,
        t,
        d,
        i,
        j,
        v,
        helper,
    } = &a.names;
    let fl = a.flags;
    let none = if fl[3] {
        "return null;"
    } else {
        "return new int[] {-1, -1};"
    };
    let body = java_body(a);
    let (reader, read_all) = match a.input {
        0 => (
            format!(
                "static int[] {helper}(Scanner in, int n) {{\nint[] out = new int[n];\nfor (int k = 0; k < n; k++) out[k] = in.nextInt();\nreturn out;\n}}\n"
            ),
            format!(
                "Scanner in = new Scanner(System.in);\nint n = in.nextInt();\nint {t} = in.nextInt();\nint[] {xs} = {helper}(in, n);\n"
            ),
        ),
        1 => (
            format!(
                "static int[] {helper}(String line) {{\nStringTokenizer st = new StringTokenizer(line);\nint[] out = new int[st.countTokens()];\nfor (int k = 0; k < out.length; k++) out[k] = Integer.parseInt(st.nextToken());\nreturn out;\n}}\n"
            ),
            format!(
                "BufferedReader br = new BufferedReader(new InputStreamReader(System.in));\nint[] head = {helper}(br.readLine());\nint {t} = head[1];\nint[] {xs} = {helper}(br.readLine());\n"
            ),
        ),
        2 => (
            format!(
                "static int[] {helper}(BufferedReader br) throws IOException {{\nreturn Arrays.stream(br.readLine().trim().split(\"\\\\s+\")).mapToInt(Integer::parseInt).toArray();\n}}\n"
            ),
            format!(
                "BufferedReader br = new BufferedReader(new InputStreamReader(System.in));\nint {t} = {helper}(br)[1];\nint[] {xs} = {helper}(br);\n"
            ),
        ),
        3 => (
            String::new(),
            format!(
                "Scanner sc = new Scanner(System.in);\nint n = sc.nextInt(), {t} = sc.nextInt();\nint[] {xs} = new int[n];\nfor (int k = 0; k < n; k++) {{\n{xs}[k] = sc.nextInt();\n}}\n"
            ),
        ),
        _ => (
            String::new(),
            format!(
                "BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));\nString[] first = reader.readLine().split(\" \");\nint n = Integer.parseInt(first[0]);\nint {t} = Integer.parseInt(first[1]);\nString[] rest = reader.readLine().split(\" \");\nint[] {xs} = new int[n];\nfor (int k = 0; k < n; k++) {xs}[k] = Integer.parseInt(rest[k]);\n"
            ),
        ),
    };
    let read_all = if fl[5] {
        format!("{read_all}if ({xs}.length < 2) {{\nSystem.out.println(\"-1 -1\");\nreturn;\n}}\n")
    } else {
        read_all
    };
    let missing = if fl[3] {
        "answer == null"
    } else {
        "answer[0] < 0"
    };
    let show = match a.output {
        0 => "System.out.println(answer[0] + \" \" + answer[1]);\n",
        1 => "System.out.printf(\"%d %d%n\", answer[0], answer[1]);\n",
        2 => "System.out.println(String.format(\"%d %d\", answer[0], answer[1]));\n",
        _ => {
            "StringBuilder sb = new StringBuilder();\nsb.append(answer[0]).append(' ').append(answer[1]);\nSystem.out.println(sb);\n"
        }
    };
    let dead = if a.dead_code {
        format!(
            "static long unused{f}(int[] {xs}) {{\nlong total = 0;\nfor (int {v} : {xs}) {{\ntotal += {v} * 2L;\n}}\nif (total < 0) {{\nSystem.out.println(\"never\");\n}}\nreturn total;\n}}\n"
        )
    } else {
        String::new()
    };
    // Shape 0: static methods in Main; 1: a Solver class of its own; 2: an instance method.
    let (modifier, call) = match a.shape {
        0 => ("static ", format!("{f}({xs}, {t})")),
        1 => ("", format!("new Solver().{f}({xs}, {t})")),
        _ => ("", format!("new Main().{f}({xs}, {t})")),
    };
    let solver = format!(
        "// {}\n{modifier}int[] {f}(int[] {xs}, int {t}) {{\n{body}}}\n",
        a.c(0)
    );
    let main = if a.shape == 2 {
        format!(
            "public static void main(String[] args) throws IOException {{\n// {}\n{read_all}int[] answer = {call};\nif ({missing}) {{\nSystem.out.println(\"-1 -1\");\nreturn;\n}}\n{show}}}\n",
            a.c(1)
        )
    } else {
        format!(
            "public static void main(String[] args) throws IOException {{\n// {}\n{read_all}int[] answer = {call};\nif ({missing}) {{\nSystem.out.println(\"-1 -1\");\n}} else {{\n{show}}}\n}}\n",
            a.c(1)
        )
    };
    let (solver, outside) = if a.shape == 1 {
        (String::new(), format!("\nclass Solver {{\n{solver}}}\n"))
    } else {
        (solver, String::new())
    };
    let parts = if a.reorder {
        [main, dead, reader, solver]
    } else {
        [reader, solver, dead, main]
    };
    let text = format!(
        "import java.io.*;\nimport java.util.*;\n\npublic class Main {{\n{}}}\n{outside}",
        parts.join("\n")
    );
    indent_java(&text, a.reformat)
}

/// Indents Java by its braces; `allman` puts each opening brace on its own line.
fn indent_java(text: &str, allman: bool) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('}') {
            depth = depth.saturating_sub(1);
        }
        let pad = "    ".repeat(depth);
        if allman && line.ends_with(" {") && !line.starts_with('}') {
            out.push_str(&format!("{pad}{}\n{pad}{{\n", line.trim_end_matches(" {")));
        } else {
            out.push_str(&format!("{pad}{line}\n"));
        }
        if line.ends_with('{') {
            depth += 1;
        }
    }
    out
}

/// Two file names, or a file name and its text.
pub(super) type Two = (String, String);

/// The class: `(file name, text)` of 40 answers, and the 4 copied pairs.
pub(super) fn class() -> (Vec<Two>, Vec<Two>) {
    let mut r = Rng(0x5eed_2026);
    let mut files = Vec::new();
    let mut answers: Vec<(String, Answer, bool)> = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..12 {
        let mut f = [false; 6];
        f.iter_mut().for_each(|f| *f = r.coin());
        bases.push(f);
    }
    for s in 0..36 {
        // Alternating languages; per language, algorithms 0-5 in turn, three students each.
        let java = s % 2 == 1;
        let algo = (s / 2) % 6;
        let g = s / 12;
        let a = Answer::new(&mut r, algo, g, bases[algo * 2 + usize::from(java)]);
        let name = format!("student{:02}.{}", s + 1, if java { "java" } else { "py" });
        answers.push((name, a, java));
    }
    let mut copies = Vec::new();
    // Four copies, each of a different original: two in Python, two in Java.
    for (n, (of, how)) in [(0usize, 0), (2, 1), (3, 2), (9, 3)]
        .into_iter()
        .enumerate()
    {
        let (orig, a, java) = answers[of].clone();
        let mut c = a.clone();
        c.names = a.names.renamed(&mut r);
        match how {
            // Renamed and re-commented.
            0 => c.comments = vec!["my own solution".into(), "reads n and the target".into()],
            // Functions reordered.
            1 => c.reorder = !a.reorder,
            // Reformatted and re-commented.
            2 => {
                c.reformat = !a.reformat;
                c.comments = vec!["two pointers would also work".into()];
            }
            // Dead code added.
            _ => c.dead_code = true,
        }
        let name = format!("student{:02}.{}", 37 + n, if java { "java" } else { "py" });
        copies.push((orig.clone(), name.clone()));
        answers.push((name, c, java));
    }
    for (name, a, is_java) in &answers {
        files.push((name.clone(), if *is_java { java(a) } else { python(a) }));
    }
    (files, copies)
}
