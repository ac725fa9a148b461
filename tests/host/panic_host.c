/*
 * The host's panic(): kernel code compiled into host-tests calls it on a
 * broken invariant. Inside KT_EXPECT_PANIC it records the message and jumps
 * back into the test; anywhere else it is a real failure and aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel/panic.h"
#include "tests/host/panic_catch.h"

static jmp_buf *panic_catch_env;
static char panic_message[512];

void panic_catch_set(jmp_buf *env) {
    panic_catch_env = env;
}

const char *panic_caught_message(void) {
    return panic_message;
}

void panic(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(panic_message, sizeof panic_message, fmt, ap);
    va_end(ap);
    if (panic_catch_env == NULL) {
        fprintf(stderr, "panic: %s\n", panic_message);
        abort();
    }
    longjmp(*panic_catch_env, 1);
}
