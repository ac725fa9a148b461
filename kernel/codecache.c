/*
 * The code cache (see codecache.h): a singly linked list, searched by hash.
 * Few distinct programs run at once, so a list is enough; the hash makes a
 * comparison cost 32 bytes, not the module's size.
 */
#include "kernel/codecache.h"

#include "error.h"
#include "kernel/driver.h"
#include "kernel/kmalloc.h"
#include "kernel/panic.h"
#include "lib/string.h"

/* Every entry, referenced or not. */
static struct code_entry *entries;
static struct codecache_stats stats;

static struct code_entry *lookup(const uint8_t hash[SHA256_DIGEST_SIZE]) {
    for (struct code_entry *e = entries; e != NULL; e = e->next) {
        if (memcmp(e->hash, hash, SHA256_DIGEST_SIZE) == 0) {
            return e;
        }
    }
    return NULL;
}

/* Frees an entry whose module is compiled (or not even decoded). */
static void entry_free(struct code_entry *e, bool compiled) {
    if (compiled) {
        wasm_unload(&e->loaded);
    }
    wasm_module_free(e->module);
    kfree(e->bytes);
    kfree(e);
}

/* Decodes, validates and compiles a private copy of the bytes. */
static struct code_entry *compile(const uint8_t *bytes, size_t size,
                                  const uint8_t hash[SHA256_DIGEST_SIZE], wasm_error_t *err) {
    struct code_entry *e = kmalloc(sizeof *e);
    uint8_t *copy = kmalloc(size ? size : 1);
    if (e == NULL || copy == NULL) {
        kfree(e);
        kfree(copy);
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    *e = (struct code_entry){.bytes = copy, .size = size};
    memcpy(e->hash, hash, SHA256_DIGEST_SIZE);
    memcpy(copy, bytes, size);
    e->module = wasm_decode(copy, size, err);
    struct driver_ports ports;
    wasm_jit_options_t options;
    if (e->module == NULL || !wasm_validate(e->module, err) ||
        !driver_jit_options(e->module, &ports, &options, err) ||
        !wasm_load(e->module, &options, &e->loaded, err)) {
        entry_free(e, false);
        return NULL;
    }
    stats.compiles++;
    return e;
}

struct code_entry *codecache_get(const uint8_t *bytes, size_t size, wasm_error_t *err) {
    uint8_t hash[SHA256_DIGEST_SIZE];
    sha256(bytes, size, hash);
    struct code_entry *e = lookup(hash);
    if (e != NULL) {
        stats.hits++;
    } else {
        e = compile(bytes, size, hash, err);
        if (e == NULL) {
            return NULL;
        }
        e->next = entries;
        entries = e;
        stats.entries++;
    }
    e->refs++;
    return e;
}

void codecache_put(struct code_entry *e) {
    if (e->refs == 0) {
        panic("codecache_put: entry without references");
    }
    e->refs--;
}

void codecache_trim(void) {
    struct code_entry **link = &entries;
    while (*link != NULL) {
        struct code_entry *e = *link;
        if (e->refs == 0) {
            *link = e->next;
            entry_free(e, true);
            stats.entries--;
        } else {
            link = &e->next;
        }
    }
}

struct codecache_stats codecache_stats(void) {
    return stats;
}
