/*
 * Hardware grants: which driver may have which hardware, and who has it now.
 *
 * boot.conf names, per program, the resources it may have:
 *
 *     grant PROGRAM port BASE COUNT ACCESS     ACCESS is r, w or rw
 *     grant PROGRAM irq LINE
 *     grant PROGRAM mmio BASE SIZE ACCESS
 *     grant PROGRAM dma SIZE
 *     grant PROGRAM service NAME               may register service NAME
 *
 * (numbers decimal or 0x hex; PROGRAM is the name a process gets, the
 * last component of its path). When a program starts, its manifest is
 * claimed: every resource it declares must lie inside one grant of that
 * program with at least the access it asks for, and must not overlap a
 * resource another running driver has claimed; the refusal names the
 * resource and the reason. The claim is released when the process ends.
 *
 * The table is plain data (host-tested); the kernel keeps one, filled from
 * boot.conf. Locks: none; callers serialize (processes are created and
 * destroyed from one thread, as for the code cache).
 */
#ifndef RZ_KERNEL_GRANT_H
#define RZ_KERNEL_GRANT_H

#include "abi/types.h"
#include "kernel/manifest.h"

/* Grants in boot.conf, and drivers holding hardware at once: a machine
 * has a handful of legacy devices and PCI functions; 32 of each leaves
 * room without making the linear overlap checks costly. */
#define GRANT_MAX 32
#define GRANT_CLAIMS_MAX 32
#define GRANT_NAME_MAX 64

struct grant {
    char program[GRANT_NAME_MAX];
    /* A service grant when service[0] != 0 (res unused); a hardware
     * grant otherwise. */
    char service[RZ_SERVICE_NAME_MAX + 1];
    struct manifest_res res;
};

struct grant_claim {
    const void *owner; /* NULL: free slot */
    char program[GRANT_NAME_MAX];
    struct manifest manifest;
    uint32_t dma_used; /* bit i: DMA record i of manifest has its buffer */
};

struct grant_table {
    uint32_t grant_count;
    struct grant grants[GRANT_MAX];
    struct grant_claim claims[GRANT_CLAIMS_MAX];
};

/*
 * Parses the words after `grant` (count of them in words) into *out.
 * On failure returns false and *why names the problem.
 */
bool grant_parse(char *const *words, size_t count, struct grant *out, const char **why);

/* Adds a grant: false (*why set) when the table is full or it overlaps a
 * grant to another program (one device, one driver). */
bool grant_add(struct grant_table *t, const struct grant *g, const char **why);

/*
 * Claims manifest m for `program` on behalf of `owner` (not NULL): true,
 * or false with why[0..why_size) saying which resource and why not.
 * An empty manifest claims nothing and always succeeds.
 */
bool grant_claim(struct grant_table *t, const char *program, const struct manifest *m,
                 const void *owner, char *why, size_t why_size);

/* Whether owner's claim has a resource covering r (same kind; r's range
 * inside it, r's access included). */
bool grant_holds(const struct grant_table *t, const void *owner, const struct manifest_res *r);

/* The DMA record of owner's claim that a buffer of `size` bytes would
 * use: the smallest one not used yet with at least that size. Its index
 * in the claimed manifest, or -1 when there is none. */
int grant_dma_pick(const struct grant_table *t, const void *owner, uint64_t size);

/* Marks owner's DMA record `record` (from grant_dma_pick) as used. */
void grant_dma_use(struct grant_table *t, const void *owner, int record);

/* Whether a grant gives service name to program. */
bool grant_allows_service(const struct grant_table *t, const char *program, const char *name);

/* Releases what owner claimed (nothing if it claimed nothing). */
void grant_release(struct grant_table *t, const void *owner);

/* The table boot.conf fills and the process code claims from. */
extern struct grant_table grant_boot_table;

#endif
