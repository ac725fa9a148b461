/*
 * Compiled modules, shared and cached by content: the key is the SHA-256
 * of the module's bytes, so a program spawned twice (or two archive entries
 * with the same bytes) is decoded, validated and compiled once, and every
 * process of it runs the same sealed code region.
 *
 * An entry is referenced by each process using it; at zero references it
 * stays cached (a later spawn compiles nothing) until codecache_trim.
 * Locks: none of its own; callers serialize with preemption disabled
 * (kernel/process.c: one CPU; the work is bounded). With several CPUs it
 * needs a sleeping lock.
 */
#ifndef RZ_KERNEL_CODECACHE_H
#define RZ_KERNEL_CODECACHE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sha256.h"
#include "runtime/instance.h"

struct code_entry {
    uint8_t hash[SHA256_DIGEST_SIZE];
    uint8_t *bytes; /* a private copy: the module points into it */
    size_t size;
    wasm_module_t *module; /* decoded and validated */
    wasm_loaded_t loaded;  /* compiled and registered */
    uint32_t refs;         /* processes using it */
    struct code_entry *next;
};

struct codecache_stats {
    uint64_t compiles; /* modules compiled since boot */
    uint64_t hits;     /* lookups that found compiled code */
    uint64_t entries;  /* entries cached now */
};

/*
 * The compiled module for these bytes, with one more reference: found in
 * the cache, or decoded, validated and compiled now. NULL with err filled
 * in when the module is invalid, the compiler refuses it, or memory runs
 * out (nothing is cached then).
 */
struct code_entry *codecache_get(const uint8_t *bytes, size_t size, wasm_error_t *err);

/* Drops a reference from codecache_get. */
void codecache_put(struct code_entry *e);

/* Frees every entry without references. */
void codecache_trim(void);

struct codecache_stats codecache_stats(void);

#endif
