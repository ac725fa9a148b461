/*
 * ktest: the one test framework of Ringzero, used unchanged by host unit
 * tests (run under ASan/UBSan) and by tests compiled into the kernel.
 *
 * A test is a function declared with KTEST(suite, name) in a file named
 * after the code it checks (`foo_test.c` beside `foo.c`). The macro places a
 * descriptor in the `ktests` linker section; ktest_run_all() walks that
 * section and prints KTAP (https://docs.kernel.org/dev-tools/ktap.html).
 *
 * The environment supplies two functions: ktest_vprintf() for output and,
 * optionally, nothing else. Expectations never abort a test: a failing
 * KT_EXPECT records the failure, prints why, and the test goes on, so one
 * run shows every broken expectation. Use KT_ASSERT when continuing would
 * be meaningless (it returns from the test function).
 */
#ifndef RZ_KTEST_H
#define RZ_KTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

struct ktest {
    const char *suite;
    const char *name;
    int failures;
    const char *skip_reason; /* set by KT_SKIP */
    bool quiet;              /* count failures without printing them (tests of ktest) */
};

struct ktest_case {
    const char *suite;
    const char *name;
    void (*fn)(struct ktest *t);
};

#define KTEST_SECTION "ktests"

#define KTEST(suite_, name_)                                                                       \
    static void ktest_fn_##suite_##_##name_(struct ktest *t);                                     \
    static const struct ktest_case ktest_case_##suite_##_##name_                                   \
        __attribute__((used, section(KTEST_SECTION), aligned(8))) = {                              \
            #suite_, #name_, ktest_fn_##suite_##_##name_};                                         \
    static void ktest_fn_##suite_##_##name_(struct ktest *t)

/* Records a failure with its location and a printf-style explanation. */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prints a KTAP diagnostic line ("# ...") for the running test. */
void ktest_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define KT_EXPECT(t, cond)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            ktest_fail((t), __FILE__, __LINE__, "expected %s", #cond);                             \
        }                                                                                          \
    } while (0)

#define KT_ASSERT(t, cond)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            ktest_fail((t), __FILE__, __LINE__, "assertion %s failed", #cond);                     \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* Integer comparison that prints both sides (as unsigned 64-bit hex and decimal). */
#define KT_EXPECT_EQ(t, a, b)                                                                      \
    do {                                                                                           \
        uint64_t kt_a_ = (uint64_t)(a), kt_b_ = (uint64_t)(b);                                     \
        if (kt_a_ != kt_b_) {                                                                      \
            ktest_fail((t), __FILE__, __LINE__, "%s == %s: 0x%llx (%lld) != 0x%llx (%lld)", #a,    \
                       #b, (unsigned long long)kt_a_, (long long)kt_a_,                            \
                       (unsigned long long)kt_b_, (long long)kt_b_);                               \
        }                                                                                          \
    } while (0)

/* String equality; both sides printed on failure. */
#define KT_EXPECT_STREQ(t, a, b)                                                                   \
    do {                                                                                           \
        const char *kt_a_ = (a), *kt_b_ = (b);                                                     \
        if (!ktest_streq(kt_a_, kt_b_)) {                                                          \
            ktest_fail((t), __FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,              \
                       kt_a_ ? kt_a_ : "(null)", kt_b_ ? kt_b_ : "(null)");                        \
        }                                                                                          \
    } while (0)

/* Byte-array equality, e.g. an instruction encoding against known bytes. */
#define KT_EXPECT_BYTES(t, got, got_len, want, want_len)                                           \
    ktest_expect_bytes((t), __FILE__, __LINE__, #got, (got), (got_len), (want), (want_len))

/* Marks the test skipped, with the reason KTAP shows, and leaves it. */
#define KT_SKIP(t, reason)                                                                         \
    do {                                                                                           \
        (t)->skip_reason = (reason);                                                               \
        return;                                                                                    \
    } while (0)

bool ktest_streq(const char *a, const char *b);
void ktest_expect_bytes(struct ktest *t, const char *file, int line, const char *what,
                        const void *got, unsigned long got_len, const void *want,
                        unsigned long want_len);

/*
 * Runs every registered test whose "suite.name" starts with `filter` (NULL or
 * "" for all), printing one KTAP document. Returns the number of failures.
 */
int ktest_run_all(const char *filter);

/* Supplied by the environment (host: stdout; kernel: the console). */
void ktest_vprintf(const char *fmt, va_list ap);

#endif
