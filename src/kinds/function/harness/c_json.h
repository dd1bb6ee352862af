/* grader's runtime for C function answers: a small JSON reader (a tree) and JSON writing into a
 * growing buffer. Generated code; every name starts with grader_. */
#ifndef GRADER_JSON_H
#define GRADER_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum grader_kind { GRADER_NULL, GRADER_BOOL, GRADER_INT, GRADER_FLOAT, GRADER_STR, GRADER_ARR, GRADER_OBJ };

typedef struct grader_value {
    enum grader_kind kind;
    bool b;
    long long i;
    double f;
    char* s;
    size_t n;                    /* items of an array or object */
    struct grader_value* items;
    char** keys;                 /* object keys */
} grader_value;

typedef struct {
    char* data;
    size_t len, cap;
} grader_buf;

static inline void grader_put(grader_buf* b, const char* s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = (char*)realloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}
static inline void grader_puts(grader_buf* b, const char* s) { grader_put(b, s, strlen(s)); }

/* The length of the valid UTF-8 sequence at s, or 0. */
static inline size_t grader_utf8_length(const unsigned char* s) {
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 && c >= 0xC2 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E && c <= 0xF4 ? 4 : 0;
    for (size_t k = 1; k < n; k++)
        if ((s[k] >> 6) != 0x2) return 0;
    return n;
}

/* A JSON string; bytes that are not UTF-8 (half a character) become U+FFFD; NULL is null. */
static inline void grader_put_string(grader_buf* b, const char* s) {
    if (!s) {
        grader_puts(b, "null");
        return;
    }
    grader_puts(b, "\"");
    const unsigned char* p = (const unsigned char*)s;
    while (*p) {
        size_t n = grader_utf8_length(p);
        if (n == 0) {
            grader_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        if (*p == '"') grader_puts(b, "\\\"");
        else if (*p == '\\') grader_puts(b, "\\\\");
        else if (*p < 0x20) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\u%04x", *p);
            grader_puts(b, tmp);
        } else grader_put(b, (const char*)p, n);
        p += n;
    }
    grader_puts(b, "\"");
}
static inline void grader_put_int(grader_buf* b, long long v) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    grader_puts(b, tmp);
}
static inline void grader_put_float(grader_buf* b, double v) {
    char tmp[40];
    if (v != v || v - v != 0) {
        grader_puts(b, v != v ? "{\"__unencodable__\":\"double\",\"repr\":\"nan\"}" : "{\"__unencodable__\":\"double\",\"repr\":\"inf\"}");
        return;
    }
    snprintf(tmp, sizeof tmp, "%.17g", v);
    grader_puts(b, tmp);
    if (!strpbrk(tmp, ".eE")) grader_puts(b, ".0");
}
static inline void grader_put_bool(grader_buf* b, bool v) { grader_puts(b, v ? "true" : "false"); }

typedef struct {
    const char* t;
    size_t p;
} grader_parser;

static inline void grader_ws(grader_parser* ps) {
    while (ps->t[ps->p] == ' ' || ps->t[ps->p] == '\n' || ps->t[ps->p] == '\r' || ps->t[ps->p] == '\t') ps->p++;
}
static inline unsigned grader_hex4(grader_parser* ps) {
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = ps->t[ps->p++];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
    }
    return v;
}
static inline char* grader_str(grader_parser* ps) {
    grader_buf out = {0, 0, 0};
    grader_put(&out, "", 0);
    ps->p++;
    while (ps->t[ps->p] && ps->t[ps->p] != '"') {
        char c = ps->t[ps->p++];
        if (c != '\\') {
            grader_put(&out, &c, 1);
            continue;
        }
        char e = ps->t[ps->p++];
        char one = e;
        switch (e) {
            case 'n': one = '\n'; break;
            case 't': one = '\t'; break;
            case 'r': one = '\r'; break;
            case 'b': one = '\b'; break;
            case 'f': one = '\f'; break;
            case 'u': {
                unsigned cp = grader_hex4(ps);
                if (cp >= 0xD800 && cp < 0xDC00 && ps->t[ps->p] == '\\' && ps->t[ps->p + 1] == 'u') {
                    ps->p += 2;
                    unsigned lo = grader_hex4(ps);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                char u[4];
                size_t n;
                if (cp < 0x80) { u[0] = (char)cp; n = 1; }
                else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
                else if (cp < 0x10000) { u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
                else { u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
                grader_put(&out, u, n);
                continue;
            }
        }
        grader_put(&out, &one, 1);
    }
    ps->p++;
    return out.data;
}
static inline grader_value grader_parse(grader_parser* ps) {
    grader_value v;
    memset(&v, 0, sizeof v);
    grader_ws(ps);
    char c = ps->t[ps->p];
    if (c == '{' || c == '[') {
        bool obj = c == '{';
        char close = obj ? '}' : ']';
        size_t cap = 4;
        v.kind = obj ? GRADER_OBJ : GRADER_ARR;
        v.items = (grader_value*)malloc(cap * sizeof *v.items);
        if (obj) v.keys = (char**)malloc(cap * sizeof *v.keys);
        ps->p++;
        grader_ws(ps);
        if (ps->t[ps->p] == close) {
            ps->p++;
            return v;
        }
        for (;;) {
            if (v.n == cap) {
                cap *= 2;
                v.items = (grader_value*)realloc(v.items, cap * sizeof *v.items);
                if (obj) v.keys = (char**)realloc(v.keys, cap * sizeof *v.keys);
            }
            if (obj) {
                grader_ws(ps);
                v.keys[v.n] = grader_str(ps);
                grader_ws(ps);
                ps->p++; /* ':' */
            }
            v.items[v.n++] = grader_parse(ps);
            grader_ws(ps);
            if (ps->t[ps->p++] == close) return v;
        }
    } else if (c == '"') {
        v.kind = GRADER_STR;
        v.s = grader_str(ps);
    } else if (c == 't') { v.kind = GRADER_BOOL; v.b = true; ps->p += 4; }
    else if (c == 'f') { v.kind = GRADER_BOOL; ps->p += 5; }
    else if (c == 'n') { ps->p += 4; }
    else {
        size_t start = ps->p;
        bool flt = false;
        while (ps->t[ps->p] && strchr("+-0123456789.eE", ps->t[ps->p])) {
            if (strchr(".eE", ps->t[ps->p])) flt = true;
            ps->p++;
        }
        v.f = strtod(ps->t + start, NULL);
        if (flt) v.kind = GRADER_FLOAT;
        else {
            v.kind = GRADER_INT;
            v.i = strtoll(ps->t + start, NULL, 10);
            v.f = (double)v.i;
        }
    }
    return v;
}
static inline const grader_value* grader_get(const grader_value* v, const char* key) {
    for (size_t k = 0; k < v->n && v->kind == GRADER_OBJ; k++)
        if (strcmp(v->keys[k], key) == 0) return &v->items[k];
    return NULL;
}
static inline double grader_float(const grader_value* v) { return v->kind == GRADER_INT ? (double)v->i : v->f; }

/* The bridge: calls the candidate's function on one test's arguments and writes the result. */
void grader_call(const grader_value* args, grader_buf* out);
/* A class test: tells the grader which call runs (0 the constructor, the number of calls the
 * free), so that a crash or an endless loop names it; -1 after the last. */
void grader_at_call(long long k);

#endif
