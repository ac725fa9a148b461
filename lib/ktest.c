/*
 * The ktest runner: walks the `ktests` section and prints KTAP. Shared by
 * the host test binary and the kernel, so it uses nothing but the two
 * environment hooks declared in ktest.h.
 */
#include "ktest.h"

/* Bounds of the ktests section, provided by the linker (ELF __start_/__stop_
 * symbols on the host, the kernel linker script in the kernel). */
extern const struct ktest_case __start_ktests[];
extern const struct ktest_case __stop_ktests[];

static void ktest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void ktest_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    ktest_vprintf(fmt, ap);
    va_end(ap);
}

bool ktest_streq(const char *a, const char *b) {
    if (a == 0 || b == 0) {
        return a == b;
    }
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...) {
    va_list ap;
    t->failures++;
    if (t->quiet) {
        return;
    }
    ktest_printf("    # %s.%s: %s:%d: ", t->suite, t->name, file, line);
    va_start(ap, fmt);
    ktest_vprintf(fmt, ap);
    va_end(ap);
    ktest_printf("\n");
}

void ktest_log(const char *fmt, ...) {
    va_list ap;
    ktest_printf("    # ");
    va_start(ap, fmt);
    ktest_vprintf(fmt, ap);
    va_end(ap);
    ktest_printf("\n");
}

static void ktest_print_hex(const char *label, const unsigned char *p, unsigned long n) {
    ktest_printf("    #   %s:", label);
    for (unsigned long i = 0; i < n; i++) {
        ktest_printf(" %02x", p[i]);
    }
    ktest_printf("\n");
}

void ktest_expect_bytes(struct ktest *t, const char *file, int line, const char *what,
                        const void *got, unsigned long got_len, const void *want,
                        unsigned long want_len) {
    const unsigned char *g = got, *w = want;
    bool same = got_len == want_len;
    for (unsigned long i = 0; same && i < got_len; i++) {
        same = g[i] == w[i];
    }
    if (same) {
        return;
    }
    ktest_fail(t, file, line, "%s: bytes differ", what);
    if (t->quiet) {
        return;
    }
    ktest_print_hex("got ", g, got_len);
    ktest_print_hex("want", w, want_len);
}

static bool ktest_matches(const struct ktest_case *c, const char *filter) {
    const char *p = c->suite;
    if (filter == 0) {
        return true;
    }
    /* Compare filter against "suite.name" without building the string. */
    while (*filter != '\0' && *p != '\0' && *filter == *p) {
        filter++;
        p++;
    }
    if (*filter == '\0') {
        return true;
    }
    if (*p != '\0' || *filter != '.') {
        return false;
    }
    filter++;
    p = c->name;
    while (*filter != '\0' && *filter == *p) {
        filter++;
        p++;
    }
    return *filter == '\0';
}

int ktest_run_all(const char *filter) {
    int count = 0, failed = 0, index = 0;
    if (filter != 0 && *filter == '\0') {
        filter = 0;
    }
    for (const struct ktest_case *c = __start_ktests; c < __stop_ktests; c++) {
        count += ktest_matches(c, filter);
    }
    ktest_printf("KTAP version 1\n1..%d\n", count);
    for (const struct ktest_case *c = __start_ktests; c < __stop_ktests; c++) {
        if (!ktest_matches(c, filter)) {
            continue;
        }
        struct ktest t = {c->suite, c->name, 0, 0, false};
        c->fn(&t);
        index++;
        if (t.failures != 0) {
            failed++;
            ktest_printf("not ok %d %s.%s\n", index, c->suite, c->name);
        } else if (t.skip_reason != 0) {
            ktest_printf("ok %d %s.%s # SKIP %s\n", index, c->suite, c->name, t.skip_reason);
        } else {
            ktest_printf("ok %d %s.%s\n", index, c->suite, c->name);
        }
    }
    return failed;
}
