// grader's runtime for C++ function answers: a small JSON reader (a tree), conversions from it
// to the candidate's parameter types and JSON writing of the returned value. Generated code;
// everything lives in namespace grader_json.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace grader_json {

// A JSON value; an answer whose signature has `any`, a union or a recursive name takes and
// returns it as `Json` (a global alias of this type).
struct V {
    enum Kind { Null, Bool, Int, Float, Str, Arr, Obj } kind = Null;
    bool b = false;
    long long i = 0;
    double f = 0;
    std::string s;
    std::vector<V> a;
    std::vector<std::pair<std::string, V>> o;
    V() = default;
    V(std::nullptr_t) {}
    V(bool x) : kind(Bool), b(x) {}
    V(int x) : kind(Int), i(x) {}
    V(long long x) : kind(Int), i(x) {}
    V(double x) : kind(Float), f(x) {}
    V(const char* x) : kind(Str), s(x) {}
    V(std::string x) : kind(Str), s(std::move(x)) {}
    V(std::vector<V> x) : kind(Arr), a(std::move(x)) {}
    V(std::vector<std::pair<std::string, V>> x) : kind(Obj), o(std::move(x)) {}
    bool is_null() const { return kind == Null; }
    bool is_bool() const { return kind == Bool; }
    bool is_int() const { return kind == Int; }
    bool is_float() const { return kind == Float; }
    bool is_number() const { return kind == Int || kind == Float; }
    bool is_string() const { return kind == Str; }
    bool is_array() const { return kind == Arr; }
    bool is_object() const { return kind == Obj; }
    bool as_bool() const { return b; }
    long long as_int() const { return kind == Float ? (long long)f : i; }
    double as_float() const { return kind == Int ? double(i) : f; }
    const std::string& as_string() const { return s; }
    // An array's items.
    const std::vector<V>& items() const { return a; }
    // An object's entries, in the order written.
    const std::vector<std::pair<std::string, V>>& entries() const { return o; }
    // The number of an array's items or an object's entries.
    size_t size() const { return kind == Obj ? o.size() : a.size(); }
    const V* get(const char* key) const {
        for (auto& kv : o)
            if (kv.first == key) return &kv.second;
        return nullptr;
    }
    const V* get(const std::string& key) const { return get(key.c_str()); }
};

struct Parser {
    const std::string& t;
    size_t p = 0;
    explicit Parser(const std::string& text) : t(text) {}
    void ws() {
        while (p < t.size() && (t[p] == ' ' || t[p] == '\n' || t[p] == '\r' || t[p] == '\t')) p++;
    }
    static void put_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) out += char(cp);
        else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
        else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
    }
    unsigned hex4() {
        unsigned v = 0;
        for (int k = 0; k < 4; k++) {
            char c = t[p++];
            v = v * 16 + (c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
        }
        return v;
    }
    std::string str() {
        std::string out;
        p++;
        while (p < t.size() && t[p] != '"') {
            char c = t[p++];
            if (c != '\\') { out += c; continue; }
            char e = t[p++];
            switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && t[p] == '\\' && t[p + 1] == 'u') {
                        p += 2;
                        unsigned lo = hex4();
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    put_utf8(out, cp);
                    break;
                }
                default: out += e;
            }
        }
        p++;
        return out;
    }
    V value() {
        ws();
        V v;
        char c = t[p];
        if (c == '{') {
            v.kind = V::Obj;
            p++;
            ws();
            if (t[p] == '}') { p++; return v; }
            for (;;) {
                ws();
                std::string k = str();
                ws();
                p++;  // ':'
                v.o.emplace_back(std::move(k), value());
                ws();
                if (t[p++] == '}') return v;
            }
        } else if (c == '[') {
            v.kind = V::Arr;
            p++;
            ws();
            if (t[p] == ']') { p++; return v; }
            for (;;) {
                v.a.push_back(value());
                ws();
                if (t[p++] == ']') return v;
            }
        } else if (c == '"') {
            v.kind = V::Str;
            v.s = str();
        } else if (c == 't') { v.kind = V::Bool; v.b = true; p += 4; }
        else if (c == 'f') { v.kind = V::Bool; p += 5; }
        else if (c == 'n') { p += 4; }
        else {
            size_t start = p;
            bool flt = false;
            while (p < t.size() && std::string("+-0123456789.eE").find(t[p]) != std::string::npos) {
                if (t[p] == '.' || t[p] == 'e' || t[p] == 'E') flt = true;
                p++;
            }
            std::string num = t.substr(start, p - start);
            v.f = std::strtod(num.c_str(), nullptr);
            if (flt) v.kind = V::Float;
            else { v.kind = V::Int; v.i = std::strtoll(num.c_str(), nullptr, 10); }
        }
        return v;
    }
};

// The length of the valid UTF-8 sequence at s[i], or 0.
inline size_t utf8_length(const std::string& s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 && c >= 0xC2 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; k++)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
    return n;
}
// A JSON string; bytes that are not UTF-8 (half a character) become U+FFFD.
inline void put_string(std::string& out, const std::string& s) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = utf8_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            i++;
            continue;
        }
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out.append(s, i, n);
        i += n;
    }
    out += '"';
}

// The bridge: calls the candidate's function on one test's arguments and writes the result.
void call(const V& args, std::string& out);

// A class test: the index of the call in progress (0 the constructor, the number of calls the
// destructor), -1 outside the calls; set by the bridge, read by the harness when one throws.
extern long long current_call;
// Sets current_call and, for k >= 0, tells the grader (a crash or a loop then names the call).
void at_call(long long k);

}  // namespace grader_json

// The conversions, for the bridge only: the harness's own translation unit defines
// GRADER_JSON_CORE_ONLY and compiles without them (and their headers).
#ifndef GRADER_JSON_CORE_ONLY
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <set>
#include <unordered_set>

// LeetCode's node types, defined when the problem's signature uses them (`list_node`, `graph`).
#ifdef GRADER_LIST_NODE
struct ListNode {
    int val;
    ListNode* next;
    ListNode() : val(0), next(nullptr) {}
    ListNode(int x) : val(x), next(nullptr) {}
    ListNode(int x, ListNode* next) : val(x), next(next) {}
};
#endif
#ifdef GRADER_GRAPH_NODE
class Node {
public:
    int val;
    std::vector<Node*> neighbors;
    Node() : val(0) {}
    Node(int _val) : val(_val) {}
    Node(int _val, std::vector<Node*> _neighbors) : val(_val), neighbors(_neighbors) {}
};
#endif

namespace grader_json {

// Conversions from a JSON value to a C++ type.
template <class T> struct From;
template <class T> T from(const V& v) { return From<T>::get(v); }
#define GRADER_INT(T) template <> struct From<T> { static T get(const V& v) { return v.kind == V::Float ? static_cast<T>(v.f) : static_cast<T>(v.i); } };
GRADER_INT(int) GRADER_INT(long) GRADER_INT(long long) GRADER_INT(unsigned) GRADER_INT(unsigned long)
GRADER_INT(unsigned long long) GRADER_INT(short) GRADER_INT(char)
#undef GRADER_INT
template <> struct From<double> { static double get(const V& v) { return v.kind == V::Int ? double(v.i) : v.f; } };
template <> struct From<float> { static float get(const V& v) { return float(From<double>::get(v)); } };
template <> struct From<bool> { static bool get(const V& v) { return v.b; } };
template <> struct From<std::string> { static std::string get(const V& v) { return v.s; } };
template <class T> struct From<std::vector<T>> {
    static std::vector<T> get(const V& v) {
        std::vector<T> out;
        out.reserve(v.a.size());
        for (auto& x : v.a) out.push_back(from<T>(x));
        return out;
    }
};
template <class T> struct From<std::map<std::string, T>> {
    static std::map<std::string, T> get(const V& v) {
        std::map<std::string, T> out;
        for (auto& kv : v.o) out.emplace(kv.first, from<T>(kv.second));
        return out;
    }
};
template <class T> struct From<std::unordered_map<std::string, T>> {
    static std::unordered_map<std::string, T> get(const V& v) {
        std::unordered_map<std::string, T> out;
        for (auto& kv : v.o) out.emplace(kv.first, from<T>(kv.second));
        return out;
    }
};
template <class T> struct From<std::set<T>> {
    static std::set<T> get(const V& v) {
        std::set<T> out;
        for (auto& x : v.a) out.insert(from<T>(x));
        return out;
    }
};
template <class T> struct From<std::unordered_set<T>> {
    static std::unordered_set<T> get(const V& v) {
        std::unordered_set<T> out;
        for (auto& x : v.a) out.insert(from<T>(x));
        return out;
    }
};
// A map with int or tuple keys arrives as [key, value] pairs.
template <class K, class T> struct From<std::map<K, T>> {
    static std::map<K, T> get(const V& v) {
        std::map<K, T> out;
        for (auto& p : v.a) out.emplace(from<K>(p.a.at(0)), from<T>(p.a.at(1)));
        return out;
    }
};
template <class K, class T> struct From<std::unordered_map<K, T>> {
    static std::unordered_map<K, T> get(const V& v) {
        std::unordered_map<K, T> out;
        for (auto& p : v.a) out.emplace(from<K>(p.a.at(0)), from<T>(p.a.at(1)));
        return out;
    }
};
#ifdef GRADER_LIST_NODE
template <> struct From<ListNode*> {
    static ListNode* get(const V& v) {
        ListNode* head = nullptr;
        for (size_t k = v.a.size(); k-- > 0;) head = new ListNode(int(v.a[k].i), head);
        return head;
    }
};
#endif
#ifdef GRADER_GRAPH_NODE
template <> struct From<Node*> {
    static Node* get(const V& v) {
        std::vector<Node*> nodes;
        for (size_t k = 0; k < v.a.size(); k++) nodes.push_back(new Node(int(k + 1)));
        for (size_t k = 0; k < v.a.size(); k++)
            for (auto& j : v.a[k].a) nodes[k]->neighbors.push_back(nodes.at(size_t(j.i - 1)));
        return nodes.empty() ? nullptr : nodes[0];
    }
};
#endif
template <class T> struct From<std::optional<T>> {
    static std::optional<T> get(const V& v) {
        if (v.kind == V::Null) return std::nullopt;
        return from<T>(v);
    }
};
// A record's optional field that leads back to the record: null is a null pointer.
template <class T> struct From<std::shared_ptr<T>> {
    static std::shared_ptr<T> get(const V& v) {
        if (v.kind == V::Null) return nullptr;
        return std::make_shared<T>(from<T>(v));
    }
};
template <class A, class B> struct From<std::pair<A, B>> {
    static std::pair<A, B> get(const V& v) { return {from<A>(v.a.at(0)), from<B>(v.a.at(1))}; }
};
template <class... Ts> struct From<std::tuple<Ts...>> {
    template <size_t... I>
    static std::tuple<Ts...> build(const V& v, std::index_sequence<I...>) {
        return std::tuple<Ts...>(from<Ts>(v.a.at(I))...);
    }
    static std::tuple<Ts...> get(const V& v) { return build(v, std::index_sequence_for<Ts...>{}); }
};

template <> struct From<V> { static V get(const V& v) { return v; } };

// A JSON value that converts to whatever type the candidate's parameter has.
struct Arg {
    const V& v;
    template <class T> operator T() const { return from<T>(v); }
};

// JSON writing of the returned value.
inline void put(std::string& out, bool b) { out += b ? "true" : "false"; }
inline void put(std::string& out, const std::string& s) { put_string(out, s); }
inline void put(std::string& out, const char* s) { put_string(out, s ? s : ""); }
inline void put(std::string& out, char c) { put_string(out, std::string(1, c)); }
template <class T>
typename std::enable_if<std::is_integral<T>::value && !std::is_same<T, bool>::value && !std::is_same<T, char>::value>::type
put(std::string& out, T n) { out += std::to_string(n); }
template <class T>
typename std::enable_if<std::is_floating_point<T>::value>::type put(std::string& out, T x) {
    if (!std::isfinite(x)) { out += "{\"__unencodable__\":\"float\",\"repr\":\"" + std::string(std::isnan(x) ? "nan" : "inf") + "\"}"; return; }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", double(x));
    out += buf;
    if (std::string(buf).find_first_of(".eE") == std::string::npos) out += ".0";
}
template <class T> void put(std::string& out, const std::vector<T>& xs);
template <class T> void put(std::string& out, const std::optional<T>& x);
template <class T> void put(std::string& out, const std::shared_ptr<T>& x);
void put(std::string& out, const V& v);
template <class M> void put_map(std::string& out, const M& m);
template <class T> void put(std::string& out, const std::map<std::string, T>& m) { put_map(out, m); }
template <class T> void put(std::string& out, const std::unordered_map<std::string, T>& m) { put_map(out, m); }
template <class A, class B> void put(std::string& out, const std::pair<A, B>& x);
template <class... Ts> void put(std::string& out, const std::tuple<Ts...>& x);
template <class T> void put(std::string& out, const std::set<T>& xs);
template <class T> void put(std::string& out, const std::unordered_set<T>& xs);
template <class K, class T> void put(std::string& out, const std::map<K, T>& m);
template <class K, class T> void put(std::string& out, const std::unordered_map<K, T>& m);
template <class C> void put_items(std::string& out, const C& xs) {
    out += '[';
    bool first = true;
    for (const auto& x : xs) {
        if (!first) out += ',';
        first = false;
        put(out, x);
    }
    out += ']';
}
template <class M> void put_pairs(std::string& out, const M& m) {
    out += '[';
    bool first = true;
    for (const auto& kv : m) {
        if (!first) out += ',';
        first = false;
        out += '[';
        put(out, kv.first);
        out += ',';
        put(out, kv.second);
        out += ']';
    }
    out += ']';
}
template <class T> void put(std::string& out, const std::set<T>& xs) { put_items(out, xs); }
template <class T> void put(std::string& out, const std::unordered_set<T>& xs) { put_items(out, xs); }
template <class K, class T> void put(std::string& out, const std::map<K, T>& m) { put_pairs(out, m); }
template <class K, class T> void put(std::string& out, const std::unordered_map<K, T>& m) { put_pairs(out, m); }
#ifdef GRADER_LIST_NODE
// A returned list is read node by node; a cycle is named, never followed forever.
inline void put(std::string& out, const ListNode* head) {
    size_t start = out.size();
    std::set<const ListNode*> seen;
    out += '[';
    size_t n = 0;
    for (const ListNode* p = head; p; p = p->next, n++) {
        if (!seen.insert(p).second) {
            out.resize(start);
            out += "{\"__unencodable__\":\"ListNode\",\"repr\":\"a cycle: node " + std::to_string(n + 1) + " (val " + std::to_string(p->val) + ") links back to an earlier node\"}";
            return;
        }
        if (n > 0) out += ',';
        out += std::to_string(p->val);
    }
    out += ']';
}
#endif
#ifdef GRADER_GRAPH_NODE
// A returned graph is read from its node: its nodes valued 1..n, then each one's neighbours.
inline void put(std::string& out, const Node* start) {
    if (!start) { out += "[]"; return; }
    std::set<const Node*> seen{start};
    std::vector<const Node*> todo{start}, order;
    while (!todo.empty()) {
        const Node* node = todo.back();
        todo.pop_back();
        order.push_back(node);
        for (const Node* nb : node->neighbors)
            if (nb && seen.insert(nb).second) todo.push_back(nb);
    }
    std::map<int, const Node*> by_val;
    for (const Node* node : order) by_val.emplace(node->val, node);
    if (by_val.size() != order.size() || by_val.begin()->first != 1 || by_val.rbegin()->first != int(order.size())) {
        out += "{\"__unencodable__\":\"graph\",\"repr\":\"nodes not valued 1.." + std::to_string(order.size()) + " once each\"}";
        return;
    }
    out += '[';
    for (auto& kv : by_val) {
        if (kv.first > 1) out += ',';
        out += '[';
        bool first = true;
        for (const Node* nb : kv.second->neighbors) {
            if (!first) out += ',';
            first = false;
            out += nb ? std::to_string(nb->val) : "null";
        }
        out += ']';
    }
    out += ']';
}
#endif
template <class T> void put(std::string& out, const std::vector<T>& xs) {
    out += '[';
    bool first = true;
    for (const auto& x : xs) {
        if (!first) out += ',';
        first = false;
        put(out, static_cast<const T&>(x));
    }
    out += ']';
}
template <class T> void put(std::string& out, const std::optional<T>& x) {
    if (x) put(out, *x);
    else out += "null";
}
template <class T> void put(std::string& out, const std::shared_ptr<T>& x) {
    if (x) put(out, *x);
    else out += "null";
}
template <class M> void put_map(std::string& out, const M& m) {
    out += '{';
    bool first = true;
    for (const auto& kv : m) {
        if (!first) out += ',';
        first = false;
        put_string(out, kv.first);
        out += ':';
        put(out, kv.second);
    }
    out += '}';
}
// A dynamic value as it is.
inline void put(std::string& out, const V& v) {
    switch (v.kind) {
        case V::Null: out += "null"; break;
        case V::Bool: put(out, v.b); break;
        case V::Int: out += std::to_string(v.i); break;
        case V::Float: put(out, v.f); break;
        case V::Str: put_string(out, v.s); break;
        case V::Arr: put_items(out, v.a); break;
        case V::Obj: {
            out += '{';
            for (size_t k = 0; k < v.o.size(); k++) {
                if (k > 0) out += ',';
                put_string(out, v.o[k].first);
                out += ':';
                put(out, v.o[k].second);
            }
            out += '}';
        }
    }
}
template <class A, class B> void put(std::string& out, const std::pair<A, B>& x) {
    out += '[';
    put(out, x.first);
    out += ',';
    put(out, x.second);
    out += ']';
}
template <class... Ts> void put(std::string& out, const std::tuple<Ts...>& x) {
    out += '[';
    bool first = true;
    std::apply([&](const auto&... item) { ((out += first ? "" : ",", first = false, put(out, item)), ...); }, x);
    out += ']';
}

}  // namespace grader_json

// The JSON value of `any`, unions and recursive names, by a name of the answer's own.
using Json = grader_json::V;

namespace grader_json {

// Calls a free function with arguments of its own parameter types, read from the test's JSON.
template <class R, class... A, size_t... I>
void invoke_with(R (*f)(A...), const V& args, std::string& out, std::index_sequence<I...>) {
    std::tuple<std::decay_t<A>...> vals(from<std::decay_t<A>>(args.a.at(I))...);
    put(out, f(std::get<I>(vals)...));
}
// A member function (LeetCode's `class Solution`): called on a default-constructed object.
template <class C, class F, class... A, size_t... I>
void invoke_member(F f, const V& args, std::string& out, std::index_sequence<I...>) {
    C object{};
    std::tuple<std::decay_t<A>...> vals(from<std::decay_t<A>>(args.a.at(I))...);
    put(out, (object.*f)(std::get<I>(vals)...));
}
template <size_t N, class C, class R, class... A>
void invoke(R (C::*f)(A...), const V& args, std::string& out) {
    static_assert(sizeof...(A) == N, "the function takes the wrong number of parameters");
    invoke_member<C, decltype(f), A...>(f, args, out, std::index_sequence_for<A...>{});
}
template <size_t N, class C, class R, class... A>
void invoke(R (C::*f)(A...) const, const V& args, std::string& out) {
    static_assert(sizeof...(A) == N, "the function takes the wrong number of parameters");
    invoke_member<C, decltype(f), A...>(f, args, out, std::index_sequence_for<A...>{});
}
// A class test's method call `["name", arg...]` on the object, with arguments of the method's own
// parameter types; a method returning void gives null.
template <class R, class C, class F, class... A, size_t... I>
void call_method_with(C& obj, F f, const V& call, std::string& out, std::tuple<A...>*, std::index_sequence<I...>) {
    std::tuple<std::decay_t<A>...> vals(from<std::decay_t<A>>(call.a.at(I + 1))...);
    if constexpr (std::is_void<R>::value) {
        (obj.*f)(std::get<I>(vals)...);
        out += "null";
    } else {
        put(out, (obj.*f)(std::get<I>(vals)...));
    }
}
template <size_t N, class C, class R, class... A>
void call_method(C& obj, R (C::*f)(A...), const V& call, std::string& out) {
    static_assert(sizeof...(A) == N, "the method takes the wrong number of parameters");
    call_method_with<R>(obj, f, call, out, static_cast<std::tuple<A...>*>(nullptr), std::index_sequence_for<A...>{});
}
template <size_t N, class C, class R, class... A>
void call_method(C& obj, R (C::*f)(A...) const, const V& call, std::string& out) {
    static_assert(sizeof...(A) == N, "the method takes the wrong number of parameters");
    call_method_with<R>(obj, f, call, out, static_cast<std::tuple<A...>*>(nullptr), std::index_sequence_for<A...>{});
}

template <size_t N, class R, class... A>
void invoke(R (*f)(A...), const V& args, std::string& out) {
    static_assert(!std::is_void<R>::value, "the function must return its answer (it returns void)");
    static_assert(sizeof...(A) == N, "the function takes the wrong number of parameters");
    invoke_with(f, args, out, std::index_sequence_for<A...>{});
}

}  // namespace grader_json
#endif
