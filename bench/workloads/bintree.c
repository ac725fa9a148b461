/*
 * Binary trees: builds and walks many complete trees of malloc'd nodes and
 * frees them, plus one long-lived tree. Measures allocation-heavy code: the
 * C library's malloc/free (compiled into the module, so in wasm it is wasm
 * code too), pointer chasing and recursion. The checksum is the node count
 * of every walk.
 */
#include <stdint.h>
#include <stdlib.h>

#include "common.h"

#define MIN_DEPTH 4
#define MAX_DEPTH 17

typedef struct node {
    struct node *left, *right;
} node_t;

static node_t *make(int depth) {
    node_t *n = malloc(sizeof *n);
    if (n == NULL) {
        bench_fail("bintree", "out of memory");
    }
    if (depth > 0) {
        n->left = make(depth - 1);
        n->right = make(depth - 1);
    } else {
        n->left = n->right = NULL;
    }
    return n;
}

static uint32_t check(const node_t *n) {
    return n->left == NULL ? 1 : 1 + check(n->left) + check(n->right);
}

static void release(node_t *n) {
    if (n->left != NULL) {
        release(n->left);
        release(n->right);
    }
    free(n);
}

int main(void) {
    uint64_t hash = BENCH_FNV_INIT;
    node_t *stretch = make(MAX_DEPTH + 1);
    uint32_t total = check(stretch);
    release(stretch);
    node_t *long_lived = make(MAX_DEPTH);
    for (int depth = MIN_DEPTH; depth <= MAX_DEPTH; depth += 2) {
        uint32_t iterations = 1u << (MAX_DEPTH - depth + MIN_DEPTH);
        uint32_t nodes = 0;
        for (uint32_t i = 0; i < iterations; i++) {
            node_t *t = make(depth);
            nodes += check(t);
            release(t);
        }
        hash = bench_fnv(hash, &nodes, sizeof nodes);
        total += nodes;
    }
    total += check(long_lived);
    release(long_lived);
    bench_report("bintree", "depth %d, %u nodes walked, hash %016llx", MAX_DEPTH, total,
                 (unsigned long long)hash);
    return 0;
}
