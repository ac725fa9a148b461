/*
 * Console output for rz-native programs (rz/rz.h): the process's
 * console (console_write), or the kernel log when it has none. Formatting is the
 * kernel's own lib/fmt.c, compiled to wasm as well: wasi-libc's printf
 * family would import WASI's fd_write.
 */
#include <string.h>

#include "lib/fmt.h"
#include "rz/rz.h"

void rz_print(const char *s) {
    rz_console_write(s, (uint32_t)strlen(s));
}

void rz_printf(const char *fmt, ...) {
    char buf[RZ_PRINTF_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    rz_console_write(buf, (uint32_t)n < sizeof(buf) ? (uint32_t)n : (uint32_t)sizeof(buf) - 1);
}
