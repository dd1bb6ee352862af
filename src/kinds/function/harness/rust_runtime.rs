// grader's runtime for Rust function answers (appended to the generated grader_harness.rs, after
// the candidate's module): a small JSON reader, conversions to the candidate's parameter types,
// JSON writing of the returned value, per-test timers and the result channel (fd 3).

/// LeetCode's linked list node, in scope of an answer whose signature uses `list_node`.
pub mod grader_nodes {
    #[derive(PartialEq, Eq, Clone, Debug)]
    pub struct ListNode {
        pub val: i32,
        pub next: Option<Box<ListNode>>,
    }
    impl ListNode {
        #[inline]
        pub fn new(val: i32) -> Self {
            ListNode { next: None, val }
        }
    }

    /// A graph's node (`graph`), shaped like the Rust harness's `ListNode`: an answer takes and
    /// returns node 1 as `Option<Rc<RefCell<Node>>>`.
    #[derive(Debug, Default)]
    pub struct Node {
        pub val: i32,
        pub neighbors: Vec<Option<std::rc::Rc<std::cell::RefCell<Node>>>>,
    }
    impl Node {
        #[inline]
        pub fn new(val: i32) -> Self {
            Node { val, neighbors: Vec::new() }
        }
    }
}

/// The JSON value of `any`, unions and recursive names, in scope of an answer whose signature
/// has one, as `Json`.
pub mod grader_value {
    pub use super::grader_json::V as Json;
}

mod grader_json {
    use super::grader_nodes::{ListNode, Node};
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
    use std::hash::Hash;
    use std::rc::Rc;

    /// A JSON value: an object's entries in the order written.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub enum V {
        #[default]
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(String),
        Arr(Vec<V>),
        Obj(Vec<(String, V)>),
    }

    impl V {
        pub fn get(&self, key: &str) -> Option<&V> {
            match self {
                V::Obj(o) => o.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }
        pub fn items(&self) -> &[V] {
            match self {
                V::Arr(a) => a,
                _ => &[],
            }
        }
        pub fn f64(&self) -> f64 {
            match self {
                V::Int(i) => *i as f64,
                V::Float(f) => *f,
                _ => 0.0,
            }
        }
        pub fn as_str(&self) -> Option<&str> {
            match self {
                V::Str(s) => Some(s),
                _ => None,
            }
        }
        pub fn as_i64(&self) -> Option<i64> {
            match self {
                V::Int(i) => Some(*i),
                _ => None,
            }
        }
        pub fn is_null(&self) -> bool {
            matches!(self, V::Null)
        }
    }

    impl FromJson for V {
        fn from_json(v: &V) -> Self {
            v.clone()
        }
    }
    impl ToJson for V {
        fn to_json(&self, out: &mut String) {
            match self {
                V::Null => out.push_str("null"),
                V::Bool(b) => b.to_json(out),
                V::Int(i) => i.to_json(out),
                V::Float(f) => f.to_json(out),
                V::Str(s) => put_string(out, s),
                V::Arr(a) => a.to_json(out),
                V::Obj(o) => {
                    out.push('{');
                    for (k, (key, x)) in o.iter().enumerate() {
                        if k > 0 {
                            out.push(',');
                        }
                        put_string(out, key);
                        out.push(':');
                        x.to_json(out);
                    }
                    out.push('}');
                }
            }
        }
    }

    pub struct Parser<'a> {
        t: &'a [u8],
        p: usize,
    }

    impl<'a> Parser<'a> {
        pub fn new(t: &'a str) -> Self {
            Parser { t: t.as_bytes(), p: 0 }
        }
        fn ws(&mut self) {
            while self.p < self.t.len() && self.t[self.p].is_ascii_whitespace() {
                self.p += 1;
            }
        }
        fn hex4(&mut self) -> u32 {
            let s = std::str::from_utf8(&self.t[self.p..self.p + 4]).unwrap_or("0");
            self.p += 4;
            u32::from_str_radix(s, 16).unwrap_or(0)
        }
        fn string(&mut self) -> String {
            let mut out: Vec<u8> = Vec::new();
            self.p += 1;
            while self.p < self.t.len() && self.t[self.p] != b'"' {
                let c = self.t[self.p];
                self.p += 1;
                if c != b'\\' {
                    out.push(c);
                    continue;
                }
                let e = self.t[self.p];
                self.p += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'u' => {
                        let mut cp = self.hex4();
                        if (0xD800..0xDC00).contains(&cp) && self.t.get(self.p) == Some(&b'\\') {
                            self.p += 2;
                            let lo = self.hex4();
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00));
                        }
                        let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    other => out.push(other),
                }
            }
            self.p += 1;
            String::from_utf8_lossy(&out).into_owned()
        }
        pub fn value(&mut self) -> V {
            self.ws();
            match self.t.get(self.p).copied().unwrap_or(b'n') {
                b'{' => {
                    self.p += 1;
                    let mut o = Vec::new();
                    self.ws();
                    if self.t[self.p] == b'}' {
                        self.p += 1;
                        return V::Obj(o);
                    }
                    loop {
                        self.ws();
                        let k = self.string();
                        self.ws();
                        self.p += 1;
                        o.push((k, self.value()));
                        self.ws();
                        self.p += 1;
                        if self.t[self.p - 1] == b'}' {
                            return V::Obj(o);
                        }
                    }
                }
                b'[' => {
                    self.p += 1;
                    let mut a = Vec::new();
                    self.ws();
                    if self.t[self.p] == b']' {
                        self.p += 1;
                        return V::Arr(a);
                    }
                    loop {
                        a.push(self.value());
                        self.ws();
                        self.p += 1;
                        if self.t[self.p - 1] == b']' {
                            return V::Arr(a);
                        }
                    }
                }
                b'"' => V::Str(self.string()),
                b't' => {
                    self.p += 4;
                    V::Bool(true)
                }
                b'f' => {
                    self.p += 5;
                    V::Bool(false)
                }
                b'n' => {
                    self.p += 4;
                    V::Null
                }
                _ => {
                    let start = self.p;
                    while self.p < self.t.len() && b"+-0123456789.eE".contains(&self.t[self.p]) {
                        self.p += 1;
                    }
                    let s = std::str::from_utf8(&self.t[start..self.p]).unwrap_or("0");
                    match s.parse::<i64>() {
                        Ok(i) => V::Int(i),
                        Err(_) => V::Float(s.parse().unwrap_or(0.0)),
                    }
                }
            }
        }
    }

    /// A parameter type the harness can build from JSON.
    pub trait FromJson: Sized {
        fn from_json(v: &V) -> Self;
    }
    macro_rules! ints {
        ($($t:ty),*) => {$(
            impl FromJson for $t {
                fn from_json(v: &V) -> Self {
                    match v { V::Int(i) => *i as $t, other => other.f64() as $t }
                }
            }
            impl ToJson for $t {
                fn to_json(&self, out: &mut String) { out.push_str(&self.to_string()); }
            }
        )*};
    }
    ints!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
    impl FromJson for f64 {
        fn from_json(v: &V) -> Self {
            v.f64()
        }
    }
    impl FromJson for f32 {
        fn from_json(v: &V) -> Self {
            v.f64() as f32
        }
    }
    impl FromJson for bool {
        fn from_json(v: &V) -> Self {
            matches!(v, V::Bool(true))
        }
    }
    impl FromJson for String {
        fn from_json(v: &V) -> Self {
            match v {
                V::Str(s) => s.clone(),
                _ => String::new(),
            }
        }
    }
    impl FromJson for char {
        fn from_json(v: &V) -> Self {
            String::from_json(v).chars().next().unwrap_or('\0')
        }
    }
    impl<T: FromJson> FromJson for Vec<T> {
        fn from_json(v: &V) -> Self {
            v.items().iter().map(T::from_json).collect()
        }
    }
    impl<T: FromJson> FromJson for Box<T> {
        fn from_json(v: &V) -> Self {
            Box::new(T::from_json(v))
        }
    }
    impl<T: FromJson> FromJson for Option<T> {
        fn from_json(v: &V) -> Self {
            match v {
                V::Null => None,
                other => Some(T::from_json(other)),
            }
        }
    }
    /// A map's entries: an object's (string keys), or `[key, value]` pairs (int, tuple keys).
    fn entries<K: FromJson, T: FromJson>(v: &V) -> Vec<(K, T)> {
        match v {
            V::Obj(o) => o
                .iter()
                .map(|(k, x)| (K::from_json(&V::Str(k.clone())), T::from_json(x)))
                .collect(),
            V::Arr(pairs) => pairs
                .iter()
                .map(|p| {
                    let kv = p.items();
                    (
                        K::from_json(kv.first().unwrap_or(&V::Null)),
                        T::from_json(kv.get(1).unwrap_or(&V::Null)),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    impl<K: FromJson + Eq + Hash, T: FromJson> FromJson for HashMap<K, T> {
        fn from_json(v: &V) -> Self {
            entries(v).into_iter().collect()
        }
    }
    impl<K: FromJson + Ord, T: FromJson> FromJson for BTreeMap<K, T> {
        fn from_json(v: &V) -> Self {
            entries(v).into_iter().collect()
        }
    }
    impl<T: FromJson + Eq + Hash> FromJson for HashSet<T> {
        fn from_json(v: &V) -> Self {
            v.items().iter().map(T::from_json).collect()
        }
    }
    impl<T: FromJson + Ord> FromJson for BTreeSet<T> {
        fn from_json(v: &V) -> Self {
            v.items().iter().map(T::from_json).collect()
        }
    }
    impl FromJson for Option<Box<ListNode>> {
        fn from_json(v: &V) -> Self {
            let mut head = None;
            for x in v.items().iter().rev() {
                head = Some(Box::new(ListNode { val: i32::from_json(x), next: head }));
            }
            head
        }
    }

    /// A graph from its adjacency lists (nodes `1..=n`): node 1, or None for no nodes.
    impl FromJson for Option<Rc<RefCell<Node>>> {
        fn from_json(v: &V) -> Self {
            let rows = v.items();
            let nodes: Vec<Rc<RefCell<Node>>> = (1..=rows.len())
                .map(|k| Rc::new(RefCell::new(Node::new(k as i32))))
                .collect();
            for (k, row) in rows.iter().enumerate() {
                for j in row.items() {
                    let nb = usize::from_json(j).checked_sub(1).and_then(|j| nodes.get(j));
                    nodes[k].borrow_mut().neighbors.push(nb.cloned());
                }
            }
            nodes.first().cloned()
        }
    }

    /// A returned type the harness can write as JSON.
    pub trait ToJson {
        fn to_json(&self, out: &mut String);
        /// Whether values of this type are JSON strings (a map with such keys is an object;
        /// with other keys, `[key, value]` pairs).
        fn string_key() -> bool
        where
            Self: Sized,
        {
            false
        }
    }
    pub fn put_string(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    impl ToJson for f64 {
        fn to_json(&self, out: &mut String) {
            if self.is_finite() {
                out.push_str(&format!("{self:?}"));
            } else {
                out.push_str(&format!("{{\"__unencodable__\":\"f64\",\"repr\":\"{self}\"}}"));
            }
        }
    }
    impl ToJson for f32 {
        fn to_json(&self, out: &mut String) {
            (*self as f64).to_json(out)
        }
    }
    impl ToJson for bool {
        fn to_json(&self, out: &mut String) {
            out.push_str(if *self { "true" } else { "false" });
        }
    }
    impl ToJson for String {
        fn to_json(&self, out: &mut String) {
            put_string(out, self);
        }
        fn string_key() -> bool {
            true
        }
    }
    impl ToJson for &str {
        fn to_json(&self, out: &mut String) {
            put_string(out, self);
        }
        fn string_key() -> bool {
            true
        }
    }
    impl ToJson for char {
        fn to_json(&self, out: &mut String) {
            put_string(out, &self.to_string());
        }
    }
    impl<T: ToJson> ToJson for Vec<T> {
        fn to_json(&self, out: &mut String) {
            out.push('[');
            for (i, x) in self.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                x.to_json(out);
            }
            out.push(']');
        }
    }
    impl<T: ToJson> ToJson for Box<T> {
        fn to_json(&self, out: &mut String) {
            (**self).to_json(out)
        }
    }
    impl<T: ToJson> ToJson for Option<T> {
        fn to_json(&self, out: &mut String) {
            match self {
                Some(x) => x.to_json(out),
                None => out.push_str("null"),
            }
        }
    }
    fn put_map<'a, K: ToJson + 'a, T: ToJson + 'a>(
        out: &mut String,
        entries: impl Iterator<Item = (&'a K, &'a T)>,
    ) {
        let object = K::string_key();
        out.push(if object { '{' } else { '[' });
        for (i, (k, x)) in entries.enumerate() {
            if i > 0 {
                out.push(',');
            }
            if !object {
                out.push('[');
            }
            k.to_json(out);
            out.push(if object { ':' } else { ',' });
            x.to_json(out);
            if !object {
                out.push(']');
            }
        }
        out.push(if object { '}' } else { ']' });
    }
    impl<K: ToJson, T: ToJson> ToJson for HashMap<K, T> {
        fn to_json(&self, out: &mut String) {
            put_map(out, self.iter());
        }
    }
    impl<K: ToJson, T: ToJson> ToJson for BTreeMap<K, T> {
        fn to_json(&self, out: &mut String) {
            put_map(out, self.iter());
        }
    }
    fn put_items<'a, T: ToJson + 'a>(out: &mut String, items: impl Iterator<Item = &'a T>) {
        out.push('[');
        for (i, x) in items.enumerate() {
            if i > 0 {
                out.push(',');
            }
            x.to_json(out);
        }
        out.push(']');
    }
    impl<T: ToJson> ToJson for HashSet<T> {
        fn to_json(&self, out: &mut String) {
            put_items(out, self.iter());
        }
    }
    impl<T: ToJson> ToJson for BTreeSet<T> {
        fn to_json(&self, out: &mut String) {
            put_items(out, self.iter());
        }
    }
    impl ToJson for Option<Box<ListNode>> {
        fn to_json(&self, out: &mut String) {
            // Owned boxes cannot form a cycle: the list is read to its end.
            out.push('[');
            let mut node = self.as_deref();
            let mut first = true;
            while let Some(n) = node {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&n.val.to_string());
                node = n.next.as_deref();
            }
            out.push(']');
        }
    }
    impl ToJson for Option<Rc<RefCell<Node>>> {
        /// The graph reached from the node: its nodes valued 1..n, then each one's neighbours.
        fn to_json(&self, out: &mut String) {
            let Some(start) = self else {
                out.push_str("[]");
                return;
            };
            let mut seen: HashSet<*const RefCell<Node>> = HashSet::from([Rc::as_ptr(start)]);
            let mut todo = vec![start.clone()];
            let mut by_val: BTreeMap<i32, Rc<RefCell<Node>>> = BTreeMap::new();
            let mut count = 0;
            while let Some(node) = todo.pop() {
                count += 1;
                let n = node.borrow();
                for nb in n.neighbors.iter().flatten() {
                    if seen.insert(Rc::as_ptr(nb)) {
                        todo.push(nb.clone());
                    }
                }
                by_val.insert(n.val, node.clone());
            }
            let valued = by_val.len() == count
                && by_val.keys().next() == Some(&1)
                && by_val.keys().next_back() == Some(&(count as i32));
            if !valued {
                out.push_str(&format!(
                    "{{\"__unencodable__\":\"graph\",\"repr\":\"nodes not valued 1..{count} once each\"}}"
                ));
                return;
            }
            out.push('[');
            for (k, node) in by_val.values().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push('[');
                for (i, nb) in node.borrow().neighbors.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    match nb {
                        Some(nb) => out.push_str(&nb.borrow().val.to_string()),
                        None => out.push_str("null"),
                    }
                }
                out.push(']');
            }
            out.push(']');
        }
    }
    macro_rules! tuples {
        ($(($($n:tt $t:ident),+)),*) => {$(
            impl<$($t: FromJson),+> FromJson for ($($t,)+) {
                fn from_json(v: &V) -> Self {
                    let items = v.items();
                    ($($t::from_json(items.get($n).unwrap_or(&V::Null)),)+)
                }
            }
            impl<$($t: ToJson),+> ToJson for ($($t,)+) {
                fn to_json(&self, out: &mut String) {
                    out.push('[');
                    $( if $n > 0 { out.push(','); } self.$n.to_json(out); )+
                    out.push(']');
                }
            }
        )*};
    }
    tuples!((0 A), (0 A, 1 B), (0 A, 1 B, 2 C), (0 A, 1 B, 2 C, 3 D), (0 A, 1 B, 2 C, 3 D, 4 E));

    impl ToJson for () {
        fn to_json(&self, out: &mut String) {
            out.push_str("null");
        }
    }

    /// A class test: the index of the call in progress (0 the constructor, the number of calls
    /// the drop), -1 outside the calls; read by the harness when one panics.
    pub static CALL: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(-1);
    pub fn set_call(k: i64) {
        CALL.store(k, std::sync::atomic::Ordering::Relaxed);
    }
    /// The method's name of a call `["name", arg...]`.
    pub fn method(call: &V) -> &str {
        match call.items().first() {
            Some(V::Str(s)) => s,
            _ => "",
        }
    }

    pub fn arg<T: FromJson>(args: &V, i: usize) -> T {
        T::from_json(args.items().get(i).unwrap_or(&V::Null))
    }
}

mod grader_main {
    use super::grader_json::{self, Parser, V};
    use std::io::{Read, Write};
    use std::os::fd::FromRawFd;

    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    #[repr(C)]
    struct Itimerval {
        interval_sec: i64,
        interval_usec: i64,
        value_sec: i64,
        value_usec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
        fn setitimer(which: i32, new: *const Itimerval, old: *mut Itimerval) -> i32;
    }
    const CLOCK_MONOTONIC: i32 = 1;
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    const ITIMER_VIRTUAL: i32 = 1;

    fn secs(clock: i32) -> f64 {
        let mut ts = Timespec { sec: 0, nsec: 0 };
        // SAFETY: ts is a valid timespec for the call to write.
        unsafe { clock_gettime(clock, &mut ts) };
        ts.sec as f64 + ts.nsec as f64 / 1e9
    }

    fn cpu_timer(limit: f64) {
        let t = Itimerval {
            interval_sec: 0,
            interval_usec: 0,
            value_sec: limit as i64,
            value_usec: ((limit - (limit as i64) as f64) * 1e6) as i64,
        };
        // SAFETY: t is a valid itimerval; the old value is not asked for.
        unsafe { setitimer(ITIMER_VIRTUAL, &t, std::ptr::null_mut()) };
    }

    thread_local! {
        static PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    pub fn run(call: fn(&V) -> String) {
        // SAFETY: fd 3 is the result channel the grader opened for this process.
        let mut chan = unsafe { std::fs::File::from_raw_fd(3) };
        let mut text = String::new();
        let _ = std::io::stdin().read_to_string(&mut text);
        let spec = Parser::new(&text).value();
        let nonce = match spec.get("nonce") {
            Some(V::Str(s)) => s.clone(),
            _ => String::new(),
        };
        let fail_fast = matches!(spec.get("fail_fast"), Some(V::Bool(true)));
        let mut emit = |mut record: String| {
            record.pop();
            record.push_str(",\"nonce\":");
            grader_json::put_string(&mut record, &nonce);
            record.push_str("}\n");
            let _ = chan.write_all(record.as_bytes());
        };
        std::panic::set_hook(Box::new(|info| {
            let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
                s.to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "Box<dyn Any>".to_string()
            };
            let at = info.location().map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
            PANIC.with(|p| *p.borrow_mut() = format!("panicked{at}: {msg}"));
        }));
        emit("{\"import_stdout\":\"\"}".to_string());
        let empty = V::Null;
        for test in spec.get("tests").map(V::items).unwrap_or(&[]) {
            let i = match test.get("i") {
                Some(V::Int(i)) => *i,
                _ => 0,
            };
            emit(format!("{{\"start\":{i}}}"));
            let limit = test.get("cpu_limit").map_or(1.0, V::f64) + test.get("grace").map_or(0.0, V::f64);
            let args = test.get("args").unwrap_or(&empty);
            grader_json::set_call(-1);
            cpu_timer(limit);
            let (cpu0, wall0) = (secs(CLOCK_PROCESS_CPUTIME_ID), secs(CLOCK_MONOTONIC));
            let outcome = std::panic::catch_unwind(|| call(args));
            let (cpu, wall) = (secs(CLOCK_PROCESS_CPUTIME_ID) - cpu0, secs(CLOCK_MONOTONIC) - wall0);
            cpu_timer(0.0);
            let _ = std::io::stdout().flush();
            let mut record = format!("{{\"i\":{i}");
            let failed = outcome.is_err();
            match outcome {
                Ok(value) => record.push_str(&format!(",\"value\":{value}")),
                Err(_) => {
                    record.push_str(",\"error\":");
                    let msg = PANIC.with(|p| p.borrow().clone());
                    grader_json::put_string(&mut record, &msg);
                    let call = grader_json::CALL.load(std::sync::atomic::Ordering::Relaxed);
                    if call >= 0 {
                        record.push_str(&format!(",\"call\":{call}"));
                    }
                }
            }
            record.push_str(&format!(",\"cpu\":{cpu:.6},\"wall\":{wall:.6}}}"));
            emit(record);
            if fail_fast && failed {
                break;
            }
        }
    }
}

fn main() {
    grader_main::run(grader_call);
}
