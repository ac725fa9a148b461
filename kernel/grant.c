/*
 * Grants and claims (see grant.h).
 */
#include "kernel/grant.h"

#include "lib/service_name.h"
#include "lib/fmt.h"
#include "lib/string.h"

struct grant_table grant_boot_table;

/* A decimal or 0x-hex number filling the whole word, below 2^63. */
static bool parse_num(const char *s, uint64_t *out) {
    uint64_t v = 0;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9') {
            d = (unsigned)(*s - '0');
        } else if (base == 16 && *s >= 'a' && *s <= 'f') {
            d = (unsigned)(*s - 'a' + 10);
        } else if (base == 16 && *s >= 'A' && *s <= 'F') {
            d = (unsigned)(*s - 'A' + 10);
        } else {
            return false;
        }
        if (d >= base || v > ((1ull << 63) - d) / base) {
            return false;
        }
        v = v * base + d;
    }
    *out = v;
    return true;
}

static bool parse_access(const char *s, uint32_t *out) {
    *out = strcmp(s, "r") == 0    ? RZ_ACCESS_READ
           : strcmp(s, "w") == 0  ? RZ_ACCESS_WRITE
           : strcmp(s, "rw") == 0 ? RZ_ACCESS_RW
                                  : 0;
    return *out != 0;
}

bool grant_parse(char *const *words, size_t count, struct grant *out, const char **why) {
    *out = (struct grant){0};
    if (count < 2) {
        *why = "grant: missing program or resource";
        return false;
    }
    if (strlen(words[0]) >= GRANT_NAME_MAX) {
        *why = "grant: program name too long";
        return false;
    }
    memcpy(out->program, words[0], strlen(words[0]) + 1);
    struct manifest_res *r = &out->res;
    const char *kind = words[1];
    bool ok;
    if (strcmp(kind, "service") == 0) {
        if (count != 3 || !service_name_ok(words[2], strlen(words[2]))) {
            *why = "grant: service needs one name of a-z, 0-9, '.', '_', '-'";
            return false;
        }
        memcpy(out->service, words[2], strlen(words[2]) + 1);
        return true;
    }
    if (strcmp(kind, "port") == 0 || strcmp(kind, "mmio") == 0) {
        r->kind = kind[0] == 'p' ? RZ_RES_PORT : RZ_RES_MMIO;
        ok = count == 5 && parse_num(words[2], &r->base) && parse_num(words[3], &r->size) &&
             parse_access(words[4], &r->access);
    } else if (strcmp(kind, "irq") == 0) {
        r->kind = RZ_RES_IRQ;
        ok = count == 3 && parse_num(words[2], &r->base);
    } else if (strcmp(kind, "dma") == 0) {
        r->kind = RZ_RES_DMA;
        ok = count == 3 && parse_num(words[2], &r->size);
    } else {
        *why = "grant: unknown resource kind";
        return false;
    }
    if (!ok) {
        *why = "grant: wrong number or form of arguments";
        return false;
    }
    /* A grant is checked like a manifest record: one rule for both. */
    struct manifest m;
    struct manifest_error err;
    uint8_t rec[RZ_MANIFEST_RECORD_SIZE];
    uint64_t fields[4] = {r->kind, r->access, r->base, r->size};
    unsigned widths[4] = {4, 4, 8, 8}, at = 0;
    for (unsigned k = 0; k < 4; k++) {
        for (unsigned i = 0; i < widths[k]; i++) {
            rec[at++] = (uint8_t)(fields[k] >> (8 * i));
        }
    }
    if (!manifest_parse(rec, sizeof rec, &m, &err)) {
        *why = err.what;
        return false;
    }
    return true;
}

bool grant_add(struct grant_table *t, const struct grant *g, const char **why) {
    for (uint32_t i = 0; i < t->grant_count; i++) {
        const struct grant *o = &t->grants[i];
        bool same = o->service[0] != '\0' || g->service[0] != '\0'
                        ? strcmp(o->service, g->service) == 0
                        : manifest_res_overlap(&o->res, &g->res);
        if (strcmp(o->program, g->program) != 0 && same) {
            *why = "grant: overlaps a grant to another program";
            return false;
        }
    }
    if (t->grant_count == GRANT_MAX) {
        *why = "grant: too many grants";
        return false;
    }
    t->grants[t->grant_count++] = *g;
    return true;
}

bool grant_allows_service(const struct grant_table *t, const char *program, const char *name) {
    for (uint32_t i = 0; i < t->grant_count; i++) {
        const struct grant *g = &t->grants[i];
        if (g->service[0] != '\0' && strcmp(g->program, program) == 0 &&
            strcmp(g->service, name) == 0) {
            return true;
        }
    }
    return false;
}

/* Whether resource `outer` covers r: same kind, r's access included,
 * and the same line / no larger a buffer / r's range inside. r may come
 * from a syscall's arguments, so its range is compared without forming
 * r->base + r->size (which could wrap). */
static bool covers(const struct manifest_res *outer, const struct manifest_res *r) {
    if (outer->kind != r->kind || (r->access & ~outer->access) != 0) {
        return false;
    }
    return r->kind == RZ_RES_IRQ   ? r->base == outer->base
           : r->kind == RZ_RES_DMA ? r->size <= outer->size
                                   : r->base >= outer->base && r->size <= outer->size &&
                                         r->base - outer->base <= outer->size - r->size;
}

/* Whether r lies inside one grant to program, with the access it asks. */
static bool granted(const struct grant_table *t, const char *program,
                    const struct manifest_res *r) {
    for (uint32_t i = 0; i < t->grant_count; i++) {
        const struct grant *g = &t->grants[i];
        if (g->service[0] == '\0' && strcmp(g->program, program) == 0 && covers(&g->res, r)) {
            return true;
        }
    }
    return false;
}

static void describe(const struct manifest_res *r, char *out, size_t size) {
    if (r->kind == RZ_RES_IRQ) {
        fmt_snprintf(out, size, "irq %llu", (unsigned long long)r->base);
    } else if (r->kind == RZ_RES_DMA) {
        fmt_snprintf(out, size, "dma %llu bytes", (unsigned long long)r->size);
    } else {
        fmt_snprintf(out, size, "%s 0x%llx+0x%llx %s", manifest_kind_name(r->kind),
                     (unsigned long long)r->base, (unsigned long long)r->size,
                     r->access == RZ_ACCESS_RW ? "rw" : r->access == RZ_ACCESS_READ ? "r" : "w");
    }
}

/* The running driver holding something that overlaps r, if any. */
static const struct grant_claim *holder(const struct grant_table *t, const struct manifest_res *r) {
    for (uint32_t c = 0; c < GRANT_CLAIMS_MAX; c++) {
        const struct grant_claim *cl = &t->claims[c];
        for (uint32_t i = 0; cl->owner != NULL && i < cl->manifest.count; i++) {
            if (manifest_res_overlap(r, &cl->manifest.res[i])) {
                return cl;
            }
        }
    }
    return NULL;
}

bool grant_claim(struct grant_table *t, const char *program, const struct manifest *m,
                 const void *owner, char *why, size_t why_size) {
    if (m->count == 0) {
        return true;
    }
    struct grant_claim *slot = NULL;
    for (uint32_t c = 0; c < GRANT_CLAIMS_MAX && slot == NULL; c++) {
        if (t->claims[c].owner == NULL) {
            slot = &t->claims[c];
        }
    }
    for (uint32_t i = 0; i < m->count; i++) {
        char res[64];
        describe(&m->res[i], res, sizeof res);
        const struct grant_claim *h = holder(t, &m->res[i]);
        if (!granted(t, program, &m->res[i])) {
            fmt_snprintf(why, why_size, "%s: manifest asks for %s, which boot.conf does not grant it",
                         program, res);
            return false;
        }
        if (h != NULL) {
            fmt_snprintf(why, why_size, "%s: %s is held by the running driver %s", program, res,
                         h->program);
            return false;
        }
    }
    if (slot == NULL) {
        fmt_snprintf(why, why_size, "%s: too many drivers running", program);
        return false;
    }
    slot->owner = owner;
    size_t n = strnlen(program, sizeof slot->program - 1);
    memcpy(slot->program, program, n);
    slot->program[n] = '\0';
    slot->manifest = *m;
    return true;
}

bool grant_holds(const struct grant_table *t, const void *owner, const struct manifest_res *r) {
    for (uint32_t c = 0; c < GRANT_CLAIMS_MAX; c++) {
        const struct grant_claim *cl = &t->claims[c];
        for (uint32_t i = 0; owner != NULL && cl->owner == owner && i < cl->manifest.count; i++) {
            if (covers(&cl->manifest.res[i], r)) {
                return true;
            }
        }
    }
    return false;
}

static const struct grant_claim *claim_of(const struct grant_table *t, const void *owner) {
    for (uint32_t c = 0; owner != NULL && c < GRANT_CLAIMS_MAX; c++) {
        if (t->claims[c].owner == owner) {
            return &t->claims[c];
        }
    }
    return NULL;
}

int grant_dma_pick(const struct grant_table *t, const void *owner, uint64_t size) {
    const struct grant_claim *cl = claim_of(t, owner);
    int best = -1;
    for (uint32_t i = 0; cl != NULL && i < cl->manifest.count; i++) {
        const struct manifest_res *r = &cl->manifest.res[i];
        if (r->kind == RZ_RES_DMA && r->size >= size && !(cl->dma_used & (1u << i)) &&
            (best < 0 || r->size < cl->manifest.res[best].size)) {
            best = (int)i;
        }
    }
    return best;
}

void grant_dma_use(struct grant_table *t, const void *owner, int record) {
    struct grant_claim *cl = (struct grant_claim *)claim_of(t, owner);
    cl->dma_used |= 1u << record;
}

void grant_release(struct grant_table *t, const void *owner) {
    for (uint32_t c = 0; c < GRANT_CLAIMS_MAX; c++) {
        if (t->claims[c].owner == owner) {
            t->claims[c] = (struct grant_claim){0};
        }
    }
}
