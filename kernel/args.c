/* Program arguments (args.h). */
#include "kernel/args.h"

bool args_well_formed(const char *args, uint32_t len) {
    return len == 0 || args[len - 1] == '\0';
}

uint32_t args_count(const char *args, uint32_t len) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < len; i++) {
        n += args[i] == '\0';
    }
    return n;
}

uint32_t args_next(const char *args, uint32_t len, uint32_t off) {
    while (off < len && args[off] != '\0') {
        off++;
    }
    return off < len ? off + 1 : len;
}
