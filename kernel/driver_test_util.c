/* Test modules with manifests, and the tests' own grant tables (see
 * driver_test_util.h). */
#include "kernel/driver_test_util.h"

#include "abi/manifest.h"
#include "kernel/grant.h"
#include "kernel/panic.h"
#include "lib/string.h"

static struct grant_table saved;

static size_t put_leb128(uint8_t *out, uint32_t v) {
    size_t n = 0;
    do {
        out[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        out[n] |= v != 0 ? 0x80 : 0;
        n++;
    } while (v != 0);
    return n;
}

static size_t put_le(uint8_t *out, uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; i++) {
        out[i] = (uint8_t)(v >> (8 * i));
    }
    return bytes;
}

const uint8_t *driver_test_with_manifest(const uint8_t *module, size_t size,
                                         const struct manifest_res *res, unsigned count,
                                         size_t *out_size) {
    static uint8_t buf[DRIVER_TEST_MODULE_MAX];
    size_t name = strlen(RZ_MANIFEST_SECTION);
    uint32_t body = (uint32_t)(1 + name + count * RZ_MANIFEST_RECORD_SIZE);
    if (size + 1 + 5 + body > sizeof buf) {
        panic("driver_test_with_manifest: a module of %zu bytes with %u records is too big", size,
              count);
    }
    size_t n = size;
    memcpy(buf, module, size);
    if (count > 0) {
        buf[n++] = 0; /* custom section */
        n += put_leb128(buf + n, body);
        buf[n++] = (uint8_t)name;
        memcpy(buf + n, RZ_MANIFEST_SECTION, name);
        n += name;
        for (unsigned r = 0; r < count; r++) {
            n += put_le(buf + n, res[r].kind, 4);
            n += put_le(buf + n, res[r].access, 4);
            n += put_le(buf + n, res[r].base, 8);
            n += put_le(buf + n, res[r].size, 8);
        }
    }
    *out_size = n;
    return buf;
}

void driver_test_grants_begin(void) {
    saved = grant_boot_table;
    grant_boot_table = (struct grant_table){0};
}

void driver_test_grant(struct ktest *t, const char *program, const struct manifest_res *res,
                       unsigned count) {
    for (unsigned i = 0; i < count; i++) {
        struct grant g = {.res = res[i]};
        strlcpy(g.program, program, sizeof g.program);
        const char *why = NULL;
        KT_EXPECT(t, grant_add(&grant_boot_table, &g, &why));
    }
}

void driver_test_grants_end(void) {
    grant_boot_table = saved;
}
