/*
 * Symbol lookup over the .ksyms table the second link pass embeds (see
 * tools/gen-ksyms for the format): a binary search for the last symbol at
 * or below the address.
 */
#include "kernel/ksyms.h"

#include <stddef.h>

struct ksym {
    uint64_t addr;
    uint32_t name;
    uint32_t reserved;
};

_Static_assert(sizeof(struct ksym) == 16, "tools/gen-ksyms emits 16-byte entries");

extern const struct ksym ksym_table[];
extern const uint64_t ksym_count;
extern const char ksym_names[];
extern const char __text_start[], __text_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset) {
    if (addr < (uint64_t)__text_start || addr >= (uint64_t)__text_end || ksym_count == 0 ||
        addr < ksym_table[0].addr) {
        return NULL;
    }
    size_t lo = 0, hi = ksym_count; /* answer in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ksym_table[mid].addr <= addr) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    *offset = addr - ksym_table[lo].addr;
    return ksym_names + ksym_table[lo].name;
}
