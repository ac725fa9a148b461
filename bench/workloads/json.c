/*
 * A JSON tokenizer over a generated document: strings with escapes
 * (decoded into a scratch buffer), numbers (grammar checked, integer part
 * accumulated), literals and punctuation. Measures byte-at-a-time parsing:
 * a switch over the next character, short unpredictable loops, stores to
 * a second buffer. The checksum is the count of each token kind and a hash
 * over every token's kind and decoded bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define DOC_SIZE (4 << 20)
#define ROUNDS 48
#define MAX_DEPTH 7

enum { TOK_PUNCT, TOK_STRING, TOK_NUMBER, TOK_LITERAL, TOK_KINDS };

typedef struct doc {
    char *text;
    size_t len;
    bench_rng_t rng;
} doc_t;

static const char *const words[] = {"id",    "name",  "kind",   "size",  "owner",   "rights",
                                    "pages", "stack", "handle", "flags", "entries", "comment"};

static void put(doc_t *d, const char *s) {
    size_t n = strlen(s);
    memcpy(d->text + d->len, s, n);
    d->len += n;
}

static void put_string(doc_t *d) {
    static const char *const pieces[] = {
        "kernel",          " ",   "memory", "\\n",  "\\\"quoted\\\"",
        "\\u00e9t\\u00e9", "\\t", "page",   "\\\\", "x86-64"};
    put(d, "\"");
    uint32_t n = 1 + bench_rng_below(&d->rng, 6);
    for (uint32_t i = 0; i < n; i++) {
        put(d, pieces[bench_rng_below(&d->rng, sizeof pieces / sizeof pieces[0])]);
    }
    put(d, "\"");
}

static void put_number(doc_t *d) {
    char num[48];
    bench_rng_t *r = &d->rng;
    uint32_t shape = bench_rng_below(r, 3);
    const char *sign = bench_rng_below(r, 4) == 0 ? "-" : "";
    uint32_t whole = bench_rng_below(r, 1000000);
    /* Drawn in separate statements: the order in which a call's arguments
     * are evaluated is unspecified, and gcc and clang differ. */
    uint32_t frac = bench_rng_below(r, 100000);
    const char *exp_sign = bench_rng_below(r, 2) ? "-" : "+";
    uint32_t exp = bench_rng_below(r, 300);
    if (shape == 0) {
        snprintf(num, sizeof num, "%s%u", sign, whole);
    } else if (shape == 1) {
        snprintf(num, sizeof num, "%s%u.%03u", sign, whole, frac % 1000);
    } else {
        snprintf(num, sizeof num, "%s%u.%ue%s%u", sign, whole % 10, frac, exp_sign, exp);
    }
    put(d, num);
}

/* Stops adding elements when the document is within 1 KiB of full: a
 * scalar is far shorter than that, and closing brackets take one byte per
 * level, so the document always fits. */
static int has_room(const doc_t *d) {
    return d->len + 1024 < DOC_SIZE;
}

static void put_value(doc_t *d, int depth) {
    uint32_t kind = bench_rng_below(&d->rng, depth >= MAX_DEPTH ? 3 : 5);
    if (kind == 0) {
        put_string(d);
    } else if (kind == 1) {
        put_number(d);
    } else if (kind == 2) {
        static const char *const lits[] = {"true", "false", "null"};
        put(d, lits[bench_rng_below(&d->rng, 3)]);
    } else if (kind == 3) {
        put(d, "[");
        uint32_t n = bench_rng_below(&d->rng, 6);
        for (uint32_t i = 0; i < n && has_room(d); i++) {
            put(d, i ? ", " : "");
            put_value(d, depth + 1);
        }
        put(d, "]");
    } else {
        put(d, "{");
        uint32_t n = 1 + bench_rng_below(&d->rng, 5);
        for (uint32_t i = 0; i < n && has_room(d); i++) {
            put(d, i ? ",\n\"" : "\"");
            put(d, words[bench_rng_below(&d->rng, sizeof words / sizeof words[0])]);
            put(d, "\": ");
            put_value(d, depth + 1);
        }
        put(d, "}");
    }
}

typedef struct tally {
    uint64_t count[TOK_KINDS];
    uint64_t hash;
    uint64_t int_sum; /* sum of the integer parts of all numbers, mod 2^64 */
} tally_t;

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes the string starting after its opening quote into out (UTF-8);
 * returns the index after the closing quote, or 0 on a malformed string. */
static size_t scan_string(const char *s, size_t at, size_t end, uint8_t *out, size_t *out_len) {
    size_t w = 0;
    while (at < end) {
        char c = s[at++];
        if (c == '"') {
            *out_len = w;
            return at;
        }
        if (c != '\\') {
            out[w++] = (uint8_t)c;
            continue;
        }
        if (at >= end) {
            return 0;
        }
        char e = s[at++];
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *m = e != '\0' ? strchr(from, e) : NULL;
        if (m != NULL) {
            out[w++] = (uint8_t)to[m - from];
            continue;
        }
        if (e != 'u' || end - at < 4) {
            return 0;
        }
        uint32_t cp = 0;
        for (int i = 0; i < 4; i++) {
            int v = hex_digit(s[at++]);
            if (v < 0) {
                return 0;
            }
            cp = cp << 4 | (uint32_t)v;
        }
        if (cp < 0x80) {
            out[w++] = (uint8_t)cp;
        } else if (cp < 0x800) {
            out[w++] = (uint8_t)(0xc0 | cp >> 6);
            out[w++] = (uint8_t)(0x80 | (cp & 0x3f));
        } else {
            out[w++] = (uint8_t)(0xe0 | cp >> 12);
            out[w++] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
            out[w++] = (uint8_t)(0x80 | (cp & 0x3f));
        }
    }
    return 0;
}

static size_t scan_digits(const char *s, size_t at, size_t end) {
    while (at < end && s[at] >= '0' && s[at] <= '9') {
        at++;
    }
    return at;
}

/* Returns the index after the number starting at `at`, or 0 if malformed. */
static size_t scan_number(const char *s, size_t at, size_t end, uint64_t *whole) {
    if (at < end && s[at] == '-') {
        at++;
    }
    size_t digits = at;
    *whole = 0;
    for (; at < end && s[at] >= '0' && s[at] <= '9'; at++) {
        *whole = *whole * 10 + (uint64_t)(s[at] - '0');
    }
    if (at == digits) {
        return 0;
    }
    if (at < end && s[at] == '.') {
        size_t frac = at + 1;
        at = scan_digits(s, frac, end);
        if (at == frac) {
            return 0;
        }
    }
    if (at < end && (s[at] == 'e' || s[at] == 'E')) {
        at++;
        if (at < end && (s[at] == '+' || s[at] == '-')) {
            at++;
        }
        size_t exp = at;
        at = scan_digits(s, exp, end);
        if (at == exp) {
            return 0;
        }
    }
    return at;
}

/* Returns 0 when the whole document tokenizes, -1 at the first bad token. */
static int tokenize(const char *s, size_t len, uint8_t *scratch, tally_t *t) {
    size_t at = 0;
    while (at < len) {
        char c = s[at];
        size_t start = at, next = 0, out_len = 0;
        int kind;
        uint64_t whole = 0;
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            at++;
            continue;
        case '{':
        case '}':
        case '[':
        case ']':
        case ':':
        case ',':
            kind = TOK_PUNCT;
            next = at + 1;
            break;
        case '"':
            kind = TOK_STRING;
            next = scan_string(s, at + 1, len, scratch, &out_len);
            break;
        case 't':
        case 'f':
        case 'n': {
            kind = TOK_LITERAL;
            const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
            size_t n = strlen(lit);
            next = len - at >= n && memcmp(s + at, lit, n) == 0 ? at + n : 0;
            break;
        }
        default:
            kind = TOK_NUMBER;
            next = scan_number(s, at, len, &whole);
            break;
        }
        if (next == 0) {
            return -1;
        }
        t->count[kind]++;
        t->hash = bench_fnv(t->hash, &kind, 1);
        if (kind == TOK_STRING) {
            t->hash = bench_fnv(t->hash, scratch, out_len);
        } else {
            t->hash = bench_fnv(t->hash, s + start, next - start);
        }
        t->int_sum += whole;
        at = next;
    }
    return 0;
}

int main(void) {
    doc_t d = {.text = malloc(DOC_SIZE), .len = 0};
    uint8_t *scratch = malloc(DOC_SIZE);
    if (d.text == NULL || scratch == NULL) {
        bench_fail("json", "out of memory");
    }
    bench_rng_seed(&d.rng, 7);
    put(&d, "[");
    for (int first = 1; has_room(&d); first = 0) {
        put(&d, first ? "" : ",\n");
        put_value(&d, 0);
    }
    put(&d, "]");
    tally_t t = {.hash = BENCH_FNV_INIT};
    for (int round = 0; round < ROUNDS; round++) {
        if (tokenize(d.text, d.len, scratch, &t) != 0) {
            bench_fail("json", "generated document does not tokenize");
        }
    }
    bench_report("json",
                 "%d x %zu bytes: %llu punct, %llu strings, %llu numbers, %llu literals, "
                 "int sum %llu, hash %016llx",
                 ROUNDS, d.len, (unsigned long long)t.count[TOK_PUNCT],
                 (unsigned long long)t.count[TOK_STRING], (unsigned long long)t.count[TOK_NUMBER],
                 (unsigned long long)t.count[TOK_LITERAL], (unsigned long long)t.int_sum,
                 (unsigned long long)t.hash);
    free(d.text);
    free(scratch);
    return 0;
}
