/* Host tests of the frame allocator over fake memory maps. */
#include <stdlib.h>

#include "tests/host/panic_catch.h"
#include "kernel/pmm.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static void *test_meta;

static void *test_map_meta(uint64_t phys, uint64_t size) {
    test_meta = malloc(size);
    return test_meta;
}

static void test_done(void) {
    free(test_meta);
    test_meta = NULL;
}

/* 64 MiB of RAM like a PC: low 640 KiB, a hole, then RAM from 1 MiB, with a
 * kernel image and a module reserved. */
static const struct pmm_range small_usable[] = {
    {0, 0x9fc00},
    {MiB, 64 * MiB},
};
static const struct pmm_range small_reserved[] = {
    {MiB, 3 * MiB + 123},          /* kernel image, unaligned end */
    {5 * MiB + 7, 5 * MiB + 8193}, /* a module, unaligned both ends */
};

static void init_small(struct pmm *p) {
    pmm_init(p, small_usable, 2, small_reserved, 2, test_map_meta);
}

static bool in_range(uint64_t a, uint64_t base, uint64_t end) {
    return a >= base && a < end;
}

KTEST(pmm, init_counts_ram_minus_reserved_and_metadata) {
    struct pmm p;
    init_small(&p);
    uint64_t meta_frames = pmm_meta_size(64 * MiB) / PMM_FRAME_SIZE;
    /* 63 MiB from 1 MiB, minus kernel (2 MiB + 1 partial frame), module (3
     * frames touched), metadata. */
    uint64_t expect = 63 * 256 - (512 + 1) - 3 - meta_frames;
    KT_EXPECT_EQ(t, pmm_total_count(&p), expect);
    KT_EXPECT_EQ(t, pmm_free_count(&p), expect);
    KT_EXPECT_EQ(t, pmm_used_count(&p), 0);
    KT_EXPECT(t, p.meta.base >= 3 * MiB + PMM_FRAME_SIZE);
    test_done();
}

KTEST(pmm, alloc_all_gives_each_owned_frame_once) {
    struct pmm p;
    init_small(&p);
    uint64_t total = pmm_total_count(&p);
    uint8_t *seen = calloc(64 * MiB / PMM_FRAME_SIZE, 1);
    uint64_t got = 0, bad = 0;
    for (uint64_t f = pmm_alloc(&p); f != 0; f = pmm_alloc(&p)) {
        bool ok = f % PMM_FRAME_SIZE == 0 && in_range(f, MiB, 64 * MiB) &&
                  !in_range(f, 0, 3 * MiB + 4096) && !in_range(f, 5 * MiB, 5 * MiB + 3 * 4096) &&
                  !in_range(f, p.meta.base, p.meta.end) && !seen[f / PMM_FRAME_SIZE];
        bad += !ok;
        seen[f / PMM_FRAME_SIZE] = 1;
        got++;
    }
    KT_EXPECT_EQ(t, bad, 0);
    KT_EXPECT_EQ(t, got, total);
    KT_EXPECT_EQ(t, pmm_free_count(&p), 0);
    KT_EXPECT_EQ(t, pmm_used_count(&p), total);
    KT_EXPECT_EQ(t, pmm_alloc(&p), 0);
    KT_EXPECT_EQ(t, pmm_alloc_run(&p, 1, PMM_FRAME_SIZE), 0);
    free(seen);
    test_done();
}

KTEST(pmm, free_makes_frame_allocatable_again) {
    struct pmm p;
    init_small(&p);
    uint64_t a = pmm_alloc(&p), b = pmm_alloc(&p);
    KT_EXPECT(t, a != 0 && b != 0 && a != b);
    KT_EXPECT_EQ(t, pmm_used_count(&p), 2);
    pmm_free(&p, a);
    KT_EXPECT_EQ(t, pmm_used_count(&p), 1);
    KT_EXPECT_EQ(t, pmm_alloc(&p), a); /* lowest free frame first */
    pmm_free(&p, a);
    pmm_free(&p, b);
    KT_EXPECT_EQ(t, pmm_used_count(&p), 0);
    test_done();
}

KTEST(pmm, run_is_aligned_contiguous_and_counted) {
    struct pmm p;
    init_small(&p);
    uint64_t before = pmm_free_count(&p);
    uint64_t run = pmm_alloc_run(&p, 16, 2 * MiB);
    KT_EXPECT(t, run != 0);
    KT_EXPECT_EQ(t, run % (2 * MiB), 0);
    KT_EXPECT_EQ(t, pmm_free_count(&p), before - 16);
    /* Freeing frame by frame is allowed: the run is just frames. */
    pmm_free(&p, run + 15 * PMM_FRAME_SIZE);
    pmm_free_run(&p, run, 15);
    KT_EXPECT_EQ(t, pmm_free_count(&p), before);
    test_done();
}

KTEST(pmm, run_skips_fragmented_frames) {
    struct pmm p;
    init_small(&p);
    /* Take everything, then free every odd frame except the one before a
     * hole of 8 frames, then the hole: a run of 8 must come from the hole
     * and a run of 9 cannot exist. */
    uint64_t total = pmm_total_count(&p);
    uint64_t *frames = malloc(total * sizeof *frames);
    uint64_t hole = 40 * MiB;
    for (uint64_t i = 0; i < total; i++) {
        frames[i] = pmm_alloc(&p);
    }
    for (uint64_t i = 0; i < total; i++) {
        uint64_t f = frames[i];
        bool in_hole = in_range(f, hole, hole + 8 * PMM_FRAME_SIZE);
        if (in_hole || ((f / PMM_FRAME_SIZE) % 2 == 1 && f != hole - PMM_FRAME_SIZE)) {
            pmm_free(&p, f);
        }
    }
    KT_EXPECT_EQ(t, pmm_alloc_run(&p, 9, PMM_FRAME_SIZE), 0);
    KT_EXPECT_EQ(t, pmm_alloc_run(&p, 8, PMM_FRAME_SIZE), hole);
    KT_EXPECT_EQ(t, pmm_alloc_run(&p, 2, PMM_FRAME_SIZE), 0);
    free(frames);
    test_done();
}

KTEST(pmm, bad_frees_panic_with_address_and_reason) {
    struct pmm p;
    init_small(&p);
    uint64_t a = pmm_alloc(&p);
    KT_EXPECT_PANIC(t, pmm_free(&p, a + 8), "not 4 KiB aligned");
    KT_EXPECT_PANIC(t, pmm_free(&p, 2 * MiB), "frame 0x200000 is not RAM owned");
    KT_EXPECT_PANIC(t, pmm_free(&p, 0x1000), "not RAM owned");
    KT_EXPECT_PANIC(t, pmm_free(&p, 64 * MiB), "not RAM owned");
    KT_EXPECT_PANIC(t, pmm_free(&p, p.meta.base), "not RAM owned");
    KT_EXPECT_PANIC(t, pmm_free(&p, 60 * MiB), "frame 0x3c00000 was never allocated");
    pmm_free(&p, a);
    KT_EXPECT_PANIC(t, pmm_free(&p, a), "double free of frame");
    KT_EXPECT_PANIC(t, pmm_free_run(&p, a, 2), "pmm_free_run: double free");
    KT_EXPECT_PANIC(t, pmm_alloc_run(&p, 1, 3 * PMM_FRAME_SIZE), "not a power of two");
    KT_EXPECT_EQ(t, pmm_used_count(&p), 0);
    test_done();
}

KTEST(pmm, summary_levels_find_frames_far_apart) {
    /* 16 GiB of address space with RAM only at both ends: the search must
     * cross four summary levels to get from one to the other. */
    static const struct pmm_range usable[] = {
        {MiB, 4 * MiB},
        {16 * GiB - MiB, 16 * GiB},
    };
    struct pmm p;
    pmm_init(&p, usable, 2, NULL, 0, test_map_meta);
    KT_EXPECT_EQ(t, p.levels, 4);
    uint64_t total = pmm_total_count(&p), low = 0, high = 0;
    for (uint64_t f = pmm_alloc(&p); f != 0; f = pmm_alloc(&p)) {
        low += in_range(f, MiB, 4 * MiB);
        high += in_range(f, 16 * GiB - MiB, 16 * GiB);
    }
    KT_EXPECT_EQ(t, low + high, total);
    KT_EXPECT_EQ(t, high, 256);
    pmm_free(&p, 16 * GiB - PMM_FRAME_SIZE);
    KT_EXPECT_EQ(t, pmm_alloc(&p), 16 * GiB - PMM_FRAME_SIZE);
    pmm_free_run(&p, 16 * GiB - MiB, 256);
    KT_EXPECT_EQ(t, pmm_alloc_run(&p, 256, MiB), 16 * GiB - MiB);
    test_done();
}

KTEST(pmm, random_alloc_free_matches_model) {
    struct pmm p;
    init_small(&p);
    enum { SLOTS = 4096 };
    uint64_t *held = calloc(SLOTS, sizeof *held);
    uint8_t *owned = calloc(64 * MiB / PMM_FRAME_SIZE, 1);
    uint64_t count = 0, errors = 0;
    srand(7);
    for (int step = 0; step < 200000; step++) {
        int slot = rand() % SLOTS;
        if (held[slot] != 0) {
            owned[held[slot] / PMM_FRAME_SIZE] = 0;
            pmm_free(&p, held[slot]);
            held[slot] = 0;
            count--;
        } else {
            uint64_t f = pmm_alloc(&p);
            errors += f == 0 || owned[f / PMM_FRAME_SIZE];
            owned[f / PMM_FRAME_SIZE] = 1;
            held[slot] = f;
            count++;
        }
        errors += pmm_used_count(&p) != count;
    }
    KT_EXPECT_EQ(t, errors, 0);
    for (int i = 0; i < SLOTS; i++) {
        if (held[i] != 0) {
            pmm_free(&p, held[i]);
        }
    }
    KT_EXPECT_EQ(t, pmm_used_count(&p), 0);
    free(held);
    free(owned);
    test_done();
}

KTEST(pmm, init_panics_when_bitmap_fits_nowhere) {
    static const struct pmm_range usable[] = {{MiB, MiB + PMM_FRAME_SIZE}, {64 * GiB, 64 * GiB}};
    struct pmm p;
    KT_EXPECT_PANIC(t, pmm_init(&p, usable, 2, NULL, 0, test_map_meta), "frame bitmap");
}
