/* The workloads' shared generator and output; see common.h. */
#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bench_rng_seed(bench_rng_t *rng, uint64_t seed) {
    /* xorshift must not start at zero. */
    rng->state = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t bench_rng_next(bench_rng_t *rng) {
    uint64_t x = rng->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng->state = x;
    return x * 0x2545f4914f6cdd1dull;
}

uint32_t bench_rng_below(bench_rng_t *rng, uint32_t bound) {
    return (uint32_t)((bench_rng_next(rng) >> 32) * bound >> 32);
}

static const char *const bench_words[] = {
    "the",    "of",      "and",     "a",        "to",       "in",        "is",       "you",
    "that",   "it",      "he",      "was",      "for",      "on",        "are",      "as",
    "with",   "his",     "they",    "at",       "be",       "this",      "have",     "from",
    "or",     "one",     "had",     "by",       "word",     "but",       "not",      "what",
    "all",    "were",    "we",      "when",     "your",     "can",       "said",     "kernel",
    "memory", "process", "module",  "compiler", "register", "interrupt", "page",     "table",
    "stack",  "thread",  "channel", "handle",   "instance", "function",  "validate",
};

void bench_gen_text(bench_rng_t *rng, uint8_t *buf, size_t size) {
    static const char punct[] = ",.;:!?";
    const uint32_t nwords = sizeof bench_words / sizeof bench_words[0];
    size_t at = 0;
    while (at < size) {
        const char *w = bench_words[bench_rng_below(rng, nwords)];
        for (size_t i = 0; w[i] != '\0' && at < size; i++) {
            buf[at++] = (uint8_t)w[i];
        }
        if (at >= size) {
            break;
        }
        uint32_t r = bench_rng_below(rng, 100);
        if (r < 6) {
            buf[at++] = (uint8_t)punct[r];
        } else if (r < 8) {
            buf[at++] = '\n';
        } else if (r < 10) {
            /* A number: digits compress worse than words. */
            uint32_t n = bench_rng_below(rng, 100000);
            char digits[12];
            int len = snprintf(digits, sizeof digits, " %u", n);
            for (int i = 0; i < len && at < size; i++) {
                buf[at++] = (uint8_t)digits[i];
            }
        }
        if (at < size) {
            buf[at++] = ' ';
        }
    }
}

uint64_t bench_fnv(uint64_t hash, const void *data, size_t size) {
    const uint8_t *p = data;
    for (size_t i = 0; i < size; i++) {
        hash = (hash ^ p[i]) * 0x100000001b3ull;
    }
    return hash;
}

static void bench_write_all(int fd, const char *text, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n <= 0) {
            exit(2);
        }
        text += n;
        len -= (size_t)n;
    }
}

void bench_report(const char *name, const char *fmt, ...) {
    char line[256];
    int len = snprintf(line, sizeof line, "%s: ", name);
    va_list ap;
    va_start(ap, fmt);
    len += vsnprintf(line + len, sizeof line - (size_t)len, fmt, ap);
    va_end(ap);
    if (len >= (int)sizeof line - 1) {
        len = (int)sizeof line - 2;
    }
    line[len++] = '\n';
    bench_write_all(1, line, (size_t)len);
}

void bench_fail(const char *name, const char *why) {
    bench_write_all(2, name, strlen(name));
    bench_write_all(2, ": FAILED: ", 10);
    bench_write_all(2, why, strlen(why));
    bench_write_all(2, "\n", 1);
    exit(1);
}
