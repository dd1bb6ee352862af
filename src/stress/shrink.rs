//! Shrinking a failing input, pure: the smaller variants of an input ([`candidates`]), biggest
//! cuts first, and the measure they decrease ([`weight`]). Strings and lists lose chunks (halves,
//! quarters, ... then single elements), maps lose keys, integers move toward 0, booleans to
//! false, characters toward `a`; stdio text loses lines, then tokens, then characters. The
//! search keeps the first variant on which the answer still fails (greedy delta debugging, as
//! property-based testing libraries shrink).

use serde_json::{Map, Value};

/// A test input: a function problem's arguments, or a stdio problem's stdin.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Args(Vec<Value>),
    Text(String),
}

impl Input {
    /// Characters of its strings and elements of its lists and maps (a stdio input: its
    /// characters, line breaks left out): what "at most 6 characters or elements" counts.
    pub fn size(&self) -> usize {
        self.weight().0
    }

    /// The measure every shrink step decreases: the size first, then the magnitude of its
    /// numbers and characters, then its characters' costs in order (`()` before `)(`).
    pub fn weight(&self) -> (usize, u128, Vec<u128>) {
        let mut order = Vec::new();
        let (size, magnitude) = match self {
            Input::Args(args) => args.iter().fold((0, 0), |(s, m), v| {
                let (vs, vm) = value_weight(v, &mut order);
                (s + vs, m + vm)
            }),
            Input::Text(t) => {
                order.extend(t.chars().filter(|c| *c != '\n').map(char_cost));
                (order.len(), order.iter().sum())
            }
        };
        (size, magnitude, order)
    }
}

/// The cost of a character for shrinking: `a` is the simplest, then the other ASCII
/// letters and digits, then the rest by code point.
fn char_cost(c: char) -> u128 {
    let code = u128::from(u32::from(c));
    if c == 'a' { 0 } else { code + 1 }
}

/// A value's size and magnitude; its characters' costs are appended to `order`.
fn value_weight(v: &Value, order: &mut Vec<u128>) -> (usize, u128) {
    match v {
        Value::Null => (0, 0),
        Value::Bool(b) => (0, u128::from(*b)),
        Value::Number(n) => (0, number_cost(n)),
        Value::String(s) => {
            let before = order.len();
            order.extend(s.chars().map(char_cost));
            (order.len() - before, order[before..].iter().sum())
        }
        Value::Array(items) => items.iter().fold((items.len(), 0), |(s, m), v| {
            let (vs, vm) = value_weight(v, order);
            (s + vs, m + vm)
        }),
        Value::Object(map) => map.values().fold((map.len(), 0), |(s, m), v| {
            let (vs, vm) = value_weight(v, order);
            (s + vs, m + vm)
        }),
    }
}

/// 0 for zero; a negative number costs a little more than its opposite.
fn number_cost(n: &serde_json::Number) -> u128 {
    if let Some(i) = n.as_i64() {
        return 2 * u128::from(i.unsigned_abs()) + u128::from(i < 0);
    }
    if let Some(u) = n.as_u64() {
        return 2 * u128::from(u);
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f == 0.0 {
        0
    } else {
        // Whole numbers before fractions; a float is never cheaper than 0.
        let whole = (2.0 * f.abs().trunc()).min(1e30) as u128 + u128::from(f < 0.0);
        whole + u128::from(f.fract() != 0.0) + 1
    }
}

/// The smaller variants of `input`, the biggest cuts first, each lighter by [`Input::weight`].
pub fn candidates(input: &Input, alphabet: &[char]) -> Vec<Input> {
    let mut out = match input {
        Input::Args(args) => {
            let mut out = Vec::new();
            // Cuts in every argument before any simplification.
            for pass in [Pass::Cut, Pass::Simplify] {
                for (i, a) in args.iter().enumerate() {
                    for v in value_candidates(a, pass, alphabet) {
                        let mut next = args.clone();
                        next[i] = v;
                        out.push(Input::Args(next));
                    }
                }
            }
            out
        }
        Input::Text(t) => text_candidates(t, alphabet)
            .into_iter()
            .map(Input::Text)
            .collect(),
    };
    let w = input.weight();
    out.retain(|c| c.weight() < w);
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(format!("{c:?}")));
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Pass {
    /// Fewer elements, characters or keys.
    Cut,
    /// The same shape with simpler numbers and characters.
    Simplify,
}

/// Chunks of at most this many items are also cut at every position, not only at multiples
/// of their size (`[]` in `(()[]{)}`).
const SMALL_CHUNK: usize = 4;

/// The start and length of every chunk to delete from `n` items: halves, quarters, ... down
/// to single items, each size at every aligned position (small ones at every position).
fn chunks(n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut size = n;
    while size >= 1 {
        let step = if size <= SMALL_CHUNK { 1 } else { size };
        let mut start = 0;
        while start < n {
            out.push((start, size.min(n - start)));
            start += step;
        }
        if size == 1 {
            break;
        }
        size = size.div_ceil(2).max(1).min(size - 1);
    }
    out
}

/// Up to this many items, every two separate items are also cut together (a pair that must go
/// at once: `[` and `]` far apart).
const PAIRS_UP_TO: usize = 16;

/// `items` without each chunk of [`chunks`], then (few items) without two separate items.
fn cut<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    let n = items.len();
    let mut out: Vec<Vec<T>> = chunks(n)
        .into_iter()
        .map(|(start, len)| {
            let mut v = items[..start].to_vec();
            v.extend_from_slice(&items[start + len..]);
            v
        })
        .collect();
    if n <= PAIRS_UP_TO {
        for i in 0..n {
            for j in i + 2..n {
                let v = (0..n)
                    .filter(|&k| k != i && k != j)
                    .map(|k| items[k].clone())
                    .collect();
                out.push(v);
            }
        }
    }
    out
}

fn value_candidates(v: &Value, pass: Pass, alphabet: &[char]) -> Vec<Value> {
    match (v, pass) {
        (Value::String(s), Pass::Cut) => {
            let chars: Vec<char> = s.chars().collect();
            cut(&chars)
                .into_iter()
                .map(|c| Value::String(c.into_iter().collect()))
                .collect()
        }
        (Value::String(s), Pass::Simplify) => {
            let chars: Vec<char> = s.chars().collect();
            simpler_chars(&chars, alphabet)
                .into_iter()
                .map(|c| Value::String(c.into_iter().collect()))
                .collect()
        }
        (Value::Array(items), pass) => {
            let mut out: Vec<Value> = match pass {
                Pass::Cut => cut(items).into_iter().map(Value::Array).collect(),
                Pass::Simplify => Vec::new(),
            };
            for (i, item) in items.iter().enumerate() {
                for c in value_candidates(item, pass, alphabet) {
                    let mut next = items.clone();
                    next[i] = c;
                    out.push(Value::Array(next));
                }
            }
            out
        }
        (Value::Object(map), pass) => {
            let keys: Vec<&String> = map.keys().collect();
            let mut out: Vec<Value> = match pass {
                Pass::Cut => cut(&keys)
                    .into_iter()
                    .map(|kept| {
                        let m: Map<String, Value> = kept
                            .into_iter()
                            .map(|k| (k.clone(), map[k].clone()))
                            .collect();
                        Value::Object(m)
                    })
                    .collect(),
                Pass::Simplify => Vec::new(),
            };
            for k in &keys {
                for c in value_candidates(&map[*k], pass, alphabet) {
                    let mut next = map.clone();
                    next.insert((*k).clone(), c);
                    out.push(Value::Object(next));
                }
            }
            out
        }
        (Value::Number(n), Pass::Simplify) => simpler_numbers(n),
        (Value::Bool(true), Pass::Simplify) => vec![Value::Bool(false)],
        _ => Vec::new(),
    }
}

/// Toward 0: 0 itself, 1 of the same sign, then `x - d` for `d` = half of `x`, a quarter, ...
/// down to 1 (the greedy search halves the distance to the smallest failing number each
/// step), and the opposite of a negative number.
fn simpler_numbers(n: &serde_json::Number) -> Vec<Value> {
    if let Some(i) = n.as_i64() {
        let mut out = vec![0, i.signum(), i / 2 + i.signum()];
        let mut d = i / 2;
        while d != 0 {
            out.push(i - d);
            d /= 2;
        }
        if i < 0 && i != i64::MIN {
            out.push(-i);
        }
        let mut seen = Vec::new();
        out.retain(|x| {
            *x != i && !seen.contains(x) && {
                seen.push(*x);
                true
            }
        });
        return out.into_iter().map(Value::from).collect();
    }
    if let Some(u) = n.as_u64() {
        let mut out = vec![0, 1, u / 2 + 1];
        let mut d = u / 2;
        while d != 0 {
            out.push(u - d);
            d /= 2;
        }
        return out
            .into_iter()
            .filter(|x| *x != u)
            .map(Value::from)
            .collect();
    }
    let f = n.as_f64().unwrap_or(0.0);
    [0.0, f.trunc(), (f / 2.0).trunc()]
        .into_iter()
        .filter(|x| *x != f)
        .filter_map(|x| serde_json::Number::from_f64(x).map(Value::Number))
        .collect()
}

/// Simpler texts over `alphabet` (the characters of the input as generated; a character of
/// no generated input could leave the problem's domain: brackets, digits): the characters
/// renamed in order of first appearance to the lowest ones of the alphabet (`zbz` becomes
/// `aba`), every occurrence of one character replaced by the lowest, then each single one so.
fn simpler_chars(chars: &[char], alphabet: &[char]) -> Vec<Vec<char>> {
    let Some(&lowest) = alphabet.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut by_appearance: Vec<char> = Vec::new();
    for c in chars {
        if !by_appearance.contains(c) {
            by_appearance.push(*c);
        }
    }
    if by_appearance.len() <= alphabet.len() {
        let rename = |c: &char| {
            let i = by_appearance.iter().position(|x| x == c).unwrap_or(0);
            alphabet[i]
        };
        out.push(chars.iter().map(rename).collect());
    }
    for c in &by_appearance {
        if char_cost(lowest) < char_cost(*c) {
            out.push(
                chars
                    .iter()
                    .map(|x| if x == c { lowest } else { *x })
                    .collect(),
            );
        }
    }
    for (i, c) in chars.iter().enumerate() {
        if char_cost(lowest) < char_cost(*c) {
            let mut next = chars.to_vec();
            next[i] = lowest;
            out.push(next);
        }
    }
    out
}

/// The characters of `input`'s strings (of its text), simplest first: what [`candidates`] may
/// put in place of others.
pub fn alphabet(input: &Input) -> Vec<char> {
    fn walk(v: &Value, out: &mut Vec<char>) {
        match v {
            Value::String(s) => out.extend(s.chars()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(m) => m.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match input {
        Input::Args(args) => args.iter().for_each(|a| walk(a, &mut out)),
        Input::Text(t) => out.extend(t.chars().filter(|c| !c.is_whitespace())),
    }
    out.sort_by_key(|c| char_cost(*c));
    out.dedup();
    out
}

/// Smaller stdin texts: without chunks of lines, then without single tokens of a line, then
/// without single characters, then with simpler characters. A final line break stays.
fn text_candidates(text: &str, alphabet: &[char]) -> Vec<String> {
    let (body, end) = match text.strip_suffix('\n') {
        Some(b) => (b, "\n"),
        None => (text, ""),
    };
    let lines: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\n').collect()
    };
    let join = |lines: &[String]| {
        if lines.is_empty() {
            String::new()
        } else {
            format!("{}{end}", lines.join("\n"))
        }
    };
    let owned: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut out: Vec<String> = cut(&owned).iter().map(|l| join(l)).collect();
    for (i, line) in lines.iter().enumerate() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.len() > 1 {
            for kept in cut(&tokens) {
                let mut next = owned.clone();
                next[i] = kept.join(" ");
                out.push(join(&next));
            }
        }
    }
    for pass in [Pass::Cut, Pass::Simplify] {
        for (i, line) in lines.iter().enumerate() {
            for c in value_candidates(&Value::String(line.to_string()), pass, alphabet) {
                let mut next = owned.clone();
                next[i] = c.as_str().unwrap_or_default().to_string();
                out.push(join(&next));
            }
        }
    }
    out
}

/// Shrinks `input` while `fails` holds, keeping the first failing candidate of each round, until
/// no candidate fails or `rounds` rounds have passed. `fails` sees a round's candidates and
/// returns the index of the first one that still fails. Returns the smallest input and the
/// number of steps taken.
pub fn shrink<E>(
    input: Input,
    rounds: usize,
    mut fails: impl FnMut(&[Input]) -> Result<Option<usize>, E>,
) -> Result<(Input, usize), E> {
    let alphabet = alphabet(&input);
    let mut current = input;
    let mut steps = 0;
    while steps < rounds {
        let cands = candidates(&current, &alphabet);
        if cands.is_empty() {
            break;
        }
        match fails(&cands)? {
            Some(i) if i < cands.len() => {
                current = cands[i].clone();
                steps += 1;
            }
            _ => break,
        }
    }
    Ok((current, steps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn first_failing(
        pred: impl Fn(&Input) -> bool,
    ) -> impl FnMut(&[Input]) -> Result<Option<usize>, ()> {
        move |cands: &[Input]| Ok(cands.iter().position(&pred))
    }

    fn arg_str(i: &Input) -> String {
        match i {
            Input::Args(a) => a[0].as_str().unwrap_or_default().to_string(),
            Input::Text(t) => t.clone(),
        }
    }

    #[test]
    fn a_string_shrinks_to_the_smallest_that_still_fails() {
        // Fails when some character repeats: the smallest such string is "aa" (the lowest
        // character of the input, twice).
        let repeats = |i: &Input| {
            let s = arg_str(i);
            let mut seen = std::collections::HashSet::new();
            !s.chars().all(|c| seen.insert(c))
        };
        let start = Input::Args(vec![json!("xyzqwertyuiopqasdf")]);
        let (small, steps) = shrink(start, 1000, first_failing(repeats)).unwrap();
        assert_eq!(small, Input::Args(vec![json!("aa")]));
        assert!(steps > 0);
    }

    #[test]
    fn the_rightmost_tie_shrinks_to_three_characters() {
        // The `>=` mistake of longest-substring: the rightmost longest window differs from the
        // leftmost one. The smallest such input has three characters ("aba").
        fn windows(s: &[char], leftmost: bool) -> String {
            let (mut best, mut start, mut left) = (0, 0, 0);
            let mut seen = std::collections::HashSet::new();
            for right in 0..s.len() {
                while seen.contains(&s[right]) {
                    seen.remove(&s[left]);
                    left += 1;
                }
                seen.insert(s[right]);
                let len = right - left + 1;
                if len > best || (!leftmost && len == best) {
                    best = len;
                    start = left;
                }
            }
            s[start..start + best].iter().collect()
        }
        let differs = |i: &Input| {
            let s: Vec<char> = arg_str(i).chars().collect();
            windows(&s, true) != windows(&s, false)
        };
        let start = Input::Args(vec![json!("xyzzabcdbcdazz")]);
        assert!(differs(&start));
        let (small, _) = shrink(start, 1000, first_failing(differs)).unwrap();
        assert_eq!(small.size(), 3, "{small:?}");
        assert_eq!(small, Input::Args(vec![json!("aba")]));
    }

    #[test]
    fn two_separate_characters_go_together() {
        // Counts of each bracket kind match, yet the string is not balanced: `)(` is the
        // smallest, reached only by cutting two separate characters at once.
        let counts_match_but_unbalanced = |i: &Input| {
            let s = arg_str(i);
            let counts = |c| s.chars().filter(|x| *x == c).count();
            let balanced = {
                let mut stack = Vec::new();
                s.chars().all(|c| match c {
                    '(' | '[' | '{' => {
                        stack.push(c);
                        true
                    }
                    _ => {
                        stack.pop()
                            == Some(match c {
                                ')' => '(',
                                ']' => '[',
                                _ => '{',
                            })
                    }
                }) && stack.is_empty()
            };
            counts('(') == counts(')')
                && counts('[') == counts(']')
                && counts('{') == counts('}')
                && !balanced
        };
        let start = Input::Args(vec![json!("])}([{")]);
        let (small, _) = shrink(start, 1000, first_failing(counts_match_but_unbalanced)).unwrap();
        assert_eq!(small.size(), 2, "{small:?}");
        assert!(counts_match_but_unbalanced(&small));
    }

    #[test]
    fn integers_go_toward_zero_and_maps_lose_keys() {
        // Fails when the map holds a key whose value is at least 3, and the int is odd.
        let pred = |i: &Input| match i {
            Input::Args(a) => {
                a[0].as_object()
                    .is_some_and(|m| m.values().any(|v| v.as_i64().unwrap_or(0) >= 3))
                    && a[1].as_i64().unwrap_or(0) % 2 != 0
            }
            _ => false,
        };
        let start = Input::Args(vec![
            json!({"sku-001": 50, "sku-002": -4, "gone": 7, "x": 0}),
            json!(-77),
        ]);
        let (small, _) = shrink(start, 1000, first_failing(pred)).unwrap();
        let Input::Args(a) = &small else { panic!() };
        assert_eq!(a[0].as_object().unwrap().len(), 1, "{small:?}");
        assert_eq!(a[0].as_object().unwrap().values().next(), Some(&json!(3)));
        assert_eq!(a[1], json!(1));
    }

    #[test]
    fn a_number_shrinks_to_the_boundary_in_few_steps() {
        // Fails past 32 bits: the smallest failing number is 2^31, found by halving the distance.
        let past_32_bits = |i: &Input| match i {
            Input::Args(a) => a[0].as_i64().unwrap_or(0) > i64::from(i32::MAX),
            _ => false,
        };
        let (small, steps) = shrink(
            Input::Args(vec![json!(2_999_999_991_i64)]),
            1000,
            first_failing(past_32_bits),
        )
        .unwrap();
        assert_eq!(small, Input::Args(vec![json!(2_147_483_648_i64)]));
        assert!(steps <= 64, "{steps} steps");
    }

    #[test]
    fn stdio_text_loses_lines_then_tokens_then_characters() {
        let pred = |i: &Input| arg_str(i).contains("zz");
        let start = Input::Text("hello world\n3 4 5 zz 6\nlast line zz\n".into());
        let (small, _) = shrink(start, 1000, first_failing(pred)).unwrap();
        assert_eq!(small, Input::Text("zz\n".into()));
        let cands = candidates(&Input::Text("a b\nc\n".into()), &['a']);
        assert_eq!(cands[0], Input::Text(String::new()));
        assert!(cands.contains(&Input::Text("c\n".into())));
        assert!(cands.contains(&Input::Text("b\nc\n".into())));
    }

    #[test]
    fn nothing_smaller_than_the_simplest_input() {
        let simplest = Input::Args(vec![json!(""), json!(0), json!(false)]);
        assert!(candidates(&simplest, &['a']).is_empty());
        assert!(candidates(&Input::Text(String::new()), &['a']).is_empty());
        let a = Input::Args(vec![json!("a")]);
        assert_eq!(
            candidates(&a, &['a', 'b']),
            vec![Input::Args(vec![json!("")])]
        );
        // Only characters of the alphabet come in: brackets stay brackets.
        let b = Input::Args(vec![json!(")(}")]);
        for c in candidates(&b, &alphabet(&b)) {
            let Input::Args(a) = &c else { unreachable!() };
            assert!(
                a[0].as_str().unwrap().chars().all(|c| ")(}".contains(c)),
                "{c:?}"
            );
        }
        assert!(candidates(&b, &alphabet(&b)).contains(&Input::Args(vec![json!("()}")])));
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::String),
            Just(Value::Null),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,4}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn every_candidate_is_lighter(args in prop::collection::vec(arb_value(), 0..4)) {
            let input = Input::Args(args);
            let w = input.weight();
            for c in candidates(&input, &alphabet(&input)) {
                prop_assert!(c.weight() < w, "{:?} is not lighter than {:?}", c, input);
            }
        }

        #[test]
        fn every_text_candidate_is_lighter_and_keeps_the_final_line_break(text in "[a-c \\n]{0,30}") {
            let input = Input::Text(text.clone());
            for c in candidates(&input, &alphabet(&input)) {
                prop_assert!(c.weight() < input.weight());
                let Input::Text(t) = &c else { unreachable!() };
                prop_assert!(t.is_empty() || !text.ends_with('\n') || t.ends_with('\n'));
            }
        }

        #[test]
        fn shrinking_ends_on_an_input_that_fails_with_no_failing_candidate(
            s in "[a-e]{0,24}",
            n in any::<i32>(),
        ) {
            // Fails when the string holds a `c` or the number is above 10.
            let pred = |i: &Input| match i {
                Input::Args(a) => a[0].as_str().unwrap_or("").contains('c') || a[1].as_i64().unwrap_or(0) > 10,
                _ => false,
            };
            let start = Input::Args(vec![json!(s), json!(n)]);
            prop_assume!(pred(&start));
            let (small, _) = shrink(start, 10_000, first_failing(pred)).unwrap();
            prop_assert!(pred(&small));
            prop_assert!(!candidates(&small, &['a', 'b', 'c', 'd', 'e']).iter().any(pred));
            let Input::Args(a) = &small else { unreachable!() };
            prop_assert!(a == &vec![json!("c"), json!(0)] || a == &vec![json!(""), json!(11)], "{small:?}");
        }
    }
}
