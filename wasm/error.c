/*
 * Filling a wasm_error_t: every rejection in the engine goes through here so
 * messages and offsets are formed one way.
 */
#include <stdarg.h>

#include "error.h"
#include "platform.h"

void wasm_error_set(wasm_error_t *err, size_t offset, const char *fmt, ...) {
    if (err == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    wasm_vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->offset = offset;
}

void wasm_format(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    wasm_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}
