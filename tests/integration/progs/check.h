/*
 * What the checkers of tests/integration/progs share. First the result
 * lines they print, in one place so that they cannot drift apart from
 * what tests/integration/run parses: "PROG: ok NAME" or "PROG: not ok NAME
 * (details)" per check, and last "PROG: done N checks, F failed", where
 * PROG is CHECK_PROGRAM, which the includer defines first. The program
 * exits with F (check_done's result). Then the measure of the handle
 * table the leak checks use.
 */
#ifndef RZ_TESTS_INTEGRATION_CHECK_H
#define RZ_TESTS_INTEGRATION_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/fmt.h"
#include "rz/rz.h"

#ifndef CHECK_PROGRAM
#error "define CHECK_PROGRAM (the name the result lines start with) before including check.h"
#endif

static int check_count, check_failed;

/* Where the lines go: the console, unless the program needs to hold
 * them back for a while (services.c, while it reads its own console). */
static void (*check_print)(const char *line) = rz_print;

/* Counts one check and prints its line; details only when it failed. */
static inline void check_report(bool good, const char *name, const char *details) {
    char line[200];
    check_count++;
    if (good) {
        fmt_snprintf(line, sizeof line, CHECK_PROGRAM ": ok %s\n", name);
    } else {
        check_failed++;
        fmt_snprintf(line, sizeof line, CHECK_PROGRAM ": not ok %s (%s)\n", name, details);
    }
    check_print(line);
}

/* A check that good holds; detail (an error code, a count) is shown if not. */
static inline void check(bool good, const char *name, int64_t detail) {
    char details[24];
    fmt_snprintf(details, sizeof details, "%lld", (long long)detail);
    check_report(good, name, details);
}

/* A check that good holds; got and want are shown if not. */
static inline void check_got(bool good, const char *name, int64_t got, int64_t want) {
    char details[56];
    fmt_snprintf(details, sizeof details, "got %lld, want %lld", (long long)got, (long long)want);
    check_report(good, name, details);
}

/* A check that got equals want. */
static inline void expect_eq(const char *name, int64_t got, int64_t want) {
    check_got(got == want, name, got, want);
}

/* How many handles the table still has room for (at most
 * CHECK_TABLE_PROBE): creates events until it is full, then closes them.
 * A leak check compares it before and after. */
#define CHECK_TABLE_PROBE 4096
static inline uint32_t handle_table_room(void) {
    static rz_handle_t held[CHECK_TABLE_PROBE];
    uint32_t n = 0;
    while (n < CHECK_TABLE_PROBE && rz_event_create(&held[n]) == RZ_OK) {
        n++;
    }
    for (uint32_t i = 0; i < n; i++) {
        rz_handle_close(held[i]);
    }
    return n;
}

/* Prints the last line; returns the number of failed checks. */
static inline int check_done(void) {
    char line[100];
    fmt_snprintf(line, sizeof line, CHECK_PROGRAM ": done %d checks, %d failed\n", check_count,
                 check_failed);
    check_print(line);
    return check_failed;
}

#endif
