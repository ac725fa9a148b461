/*
 * Host-only: lets a unit test state that a statement must panic, and with
 * which message. The host panic() (panic_host.c) longjmps back to the most
 * recent KT_EXPECT_PANIC and keeps the formatted message; a panic outside
 * KT_EXPECT_PANIC prints the message and aborts the test binary.
 */
#ifndef RZ_TESTS_HOST_PANIC_CATCH_H
#define RZ_TESTS_HOST_PANIC_CATCH_H

#include <setjmp.h>
#include <string.h>

#include "ktest.h"

/* Arms (env != NULL) or disarms (NULL) the catch point used by panic(). */
void panic_catch_set(jmp_buf *env);
/* The message of the last caught panic. */
const char *panic_caught_message(void);

/* Runs `stmt`, which must panic with a message containing `want`. */
#define KT_EXPECT_PANIC(t, stmt, want)                                                             \
    do {                                                                                           \
        jmp_buf kt_env_;                                                                           \
        if (setjmp(kt_env_) == 0) {                                                                \
            panic_catch_set(&kt_env_);                                                             \
            stmt;                                                                                  \
            panic_catch_set(NULL);                                                                 \
            ktest_fail((t), __FILE__, __LINE__, "expected %s to panic", #stmt);                    \
        } else {                                                                                   \
            panic_catch_set(NULL);                                                                 \
            if (strstr(panic_caught_message(), (want)) == NULL) {                                  \
                ktest_fail((t), __FILE__, __LINE__, "panic message \"%s\" lacks \"%s\"",           \
                           panic_caught_message(), (want));                                        \
            }                                                                                      \
        }                                                                                          \
    } while (0)

#endif
