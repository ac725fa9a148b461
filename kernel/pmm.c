/*
 * Physical frame allocator: a bitmap of free frames with summary levels.
 *
 * free[0] has one bit per frame (1 = free). Each higher level has one bit per
 * word of the level below, set while that word has any free frame, up to a
 * single top word. Finding a free frame reads one word per level; freeing or
 * taking a frame touches a parent only when a word turns empty or non-empty.
 * 64 GiB of RAM costs 2 MiB of bitmap plus 1/64 of that per summary level.
 *
 * Two more bitmaps make every free checkable: `managed` (the frame is RAM
 * this allocator owns) and `ever` (it was handed out once), so a bad free is
 * reported as "not managed", "double free" or "never allocated".
 */
#include "kernel/pmm.h"

#include "kernel/panic.h"

#define BITS 64ull

static uint64_t div_up(uint64_t a, uint64_t b) {
    return (a + b - 1) / b;
}

static uint64_t align_down(uint64_t a, uint64_t align) {
    return a & ~(align - 1);
}

static uint64_t align_up(uint64_t a, uint64_t align) {
    return align_down(a + align - 1, align);
}

static bool bit_get(const uint64_t *map, uint64_t i) {
    return (map[i / BITS] >> (i % BITS)) & 1;
}

static void bit_put(uint64_t *map, uint64_t i, bool on) {
    if (on) {
        map[i / BITS] |= 1ull << (i % BITS);
    } else {
        map[i / BITS] &= ~(1ull << (i % BITS));
    }
}

/* Sets or clears bits [first, first + count), a word at a time where it can. */
static void bits_put_range(uint64_t *map, uint64_t first, uint64_t count, bool on) {
    uint64_t i = first, end = first + count;
    while (i < end) {
        if (i % BITS == 0 && end - i >= BITS) {
            map[i / BITS] = on ? ~0ull : 0;
            i += BITS;
        } else {
            bit_put(map, i, on);
            i++;
        }
    }
}

/* Level sizes for `frames` frames; returns the number of levels. */
static int pmm_level_words(uint64_t frames, uint64_t words[PMM_MAX_LEVELS]) {
    uint64_t n = div_up(frames, BITS);
    int levels = 0;
    for (;;) {
        if (levels == PMM_MAX_LEVELS) {
            panic("pmm: %llu frames need more than %d bitmap levels", (unsigned long long)frames,
                  PMM_MAX_LEVELS);
        }
        words[levels++] = n;
        if (n == 1) {
            return levels;
        }
        n = div_up(n, BITS);
    }
}

uint64_t pmm_meta_size(uint64_t max_phys) {
    uint64_t words[PMM_MAX_LEVELS], total = 0;
    uint64_t frames = max_phys / PMM_FRAME_SIZE;
    if (frames == 0) {
        return 0;
    }
    int levels = pmm_level_words(frames, words);
    for (int k = 0; k < levels; k++) {
        total += words[k];
    }
    total += 2 * words[0]; /* managed and ever */
    return align_up(total * sizeof(uint64_t), PMM_FRAME_SIZE);
}

static bool ranges_overlap(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end) {
    return a < b_end && b < a_end;
}

/* First page-aligned address in usable RAM, clear of reserved ranges and the
 * low 1 MiB, where `size` bytes fit; 0 if none. */
static uint64_t pmm_place_meta(const struct pmm_range *usable, size_t usable_count,
                               const struct pmm_range *reserved, size_t reserved_count,
                               uint64_t size) {
    for (size_t i = 0; i < usable_count; i++) {
        uint64_t end = align_down(usable[i].end, PMM_FRAME_SIZE);
        uint64_t at = align_up(usable[i].base, PMM_FRAME_SIZE);
        if (at < PMM_LOW_LIMIT) {
            at = PMM_LOW_LIMIT;
        }
        bool moved = true;
        while (moved && at < end && end - at >= size) {
            moved = false;
            for (size_t j = 0; j < reserved_count; j++) {
                if (ranges_overlap(at, at + size, reserved[j].base, reserved[j].end)) {
                    at = align_up(reserved[j].end, PMM_FRAME_SIZE);
                    moved = true;
                }
            }
        }
        if (!moved && at < end && end - at >= size) {
            return at;
        }
    }
    return 0;
}

/* Marks the frames of [base, end) managed or not. Managed ranges are
 * rounded inward (only whole frames of RAM count), unmanaged ones outward
 * (a frame partly reserved is reserved). */
static void pmm_mark(struct pmm *p, uint64_t base, uint64_t end, bool managed) {
    uint64_t first, last;
    if (managed) {
        first = align_up(base, PMM_FRAME_SIZE) / PMM_FRAME_SIZE;
        last = align_down(end, PMM_FRAME_SIZE) / PMM_FRAME_SIZE;
    } else {
        first = align_down(base, PMM_FRAME_SIZE) / PMM_FRAME_SIZE;
        last = align_up(end, PMM_FRAME_SIZE) / PMM_FRAME_SIZE;
    }
    if (last > p->frame_count) {
        last = p->frame_count;
    }
    if (first < last) {
        bits_put_range(p->managed, first, last - first, managed);
    }
}

void pmm_init(struct pmm *p, const struct pmm_range *usable, size_t usable_count,
              const struct pmm_range *reserved, size_t reserved_count,
              void *(*map_meta)(uint64_t phys, uint64_t size)) {
    uint64_t max_phys = 0;
    for (size_t i = 0; i < usable_count; i++) {
        if (usable[i].end > max_phys) {
            max_phys = usable[i].end;
        }
    }
    uint64_t size = pmm_meta_size(max_phys);
    uint64_t at =
        size == 0 ? 0 : pmm_place_meta(usable, usable_count, reserved, reserved_count, size);
    if (at == 0) {
        panic("pmm: no usable RAM range holds the %llu-byte frame bitmap (RAM up to 0x%llx)",
              (unsigned long long)size, (unsigned long long)max_phys);
    }
    uint64_t *meta = map_meta(at, size);
    for (uint64_t i = 0; i < size / sizeof(uint64_t); i++) {
        meta[i] = 0;
    }
    p->frame_count = max_phys / PMM_FRAME_SIZE;
    p->levels = pmm_level_words(p->frame_count, p->words);
    p->meta = (struct pmm_range){at, at + size};
    for (int k = 0; k < p->levels; k++) {
        p->free[k] = meta;
        meta += p->words[k];
    }
    p->managed = meta;
    p->ever = meta + p->words[0];

    for (size_t i = 0; i < usable_count; i++) {
        pmm_mark(p, usable[i].base, usable[i].end, true);
    }
    for (size_t i = 0; i < reserved_count; i++) {
        pmm_mark(p, reserved[i].base, reserved[i].end, false);
    }
    pmm_mark(p, 0, PMM_LOW_LIMIT, false);
    pmm_mark(p, p->meta.base, p->meta.end, false);

    p->managed_frames = 0;
    for (uint64_t w = 0; w < p->words[0]; w++) {
        p->free[0][w] = p->managed[w];
        p->managed_frames += (uint64_t)__builtin_popcountll(p->managed[w]);
    }
    p->free_frames = p->managed_frames;
    for (int k = 1; k < p->levels; k++) {
        for (uint64_t w = 0; w < p->words[k - 1]; w++) {
            bit_put(p->free[k], w, p->free[k - 1][w] != 0);
        }
    }
}

/* Clears the free bit of `frame`, emptying summary bits as words empty. */
static void pmm_take(struct pmm *p, uint64_t frame) {
    uint64_t i = frame;
    for (int k = 0; k < p->levels; k++) {
        bit_put(p->free[k], i, false);
        if (p->free[k][i / BITS] != 0) {
            break;
        }
        i /= BITS;
    }
    bit_put(p->ever, frame, true);
    p->free_frames--;
}

/* Sets the free bit of `frame`, filling summary bits as words fill. */
static void pmm_give(struct pmm *p, uint64_t frame) {
    uint64_t i = frame;
    for (int k = 0; k < p->levels; k++) {
        bool was_empty = p->free[k][i / BITS] == 0;
        bit_put(p->free[k], i, true);
        if (!was_empty) {
            break;
        }
        i /= BITS;
    }
    p->free_frames++;
}

/* Number of bits at level k. */
static uint64_t pmm_level_bits(const struct pmm *p, int k) {
    return k == 0 ? p->frame_count : p->words[k - 1];
}

/* The lowest free frame >= from, or frame_count if there is none. */
static uint64_t pmm_next_free(const struct pmm *p, uint64_t from) {
    uint64_t pos = from;
    int k = 0;
    for (;;) {
        if (pos >= pmm_level_bits(p, k)) {
            return p->frame_count;
        }
        uint64_t word = p->free[k][pos / BITS] & (~0ull << (pos % BITS));
        if (word != 0) {
            uint64_t i = align_down(pos, BITS) + (uint64_t)__builtin_ctzll(word);
            while (k > 0) {
                k--;
                i = i * BITS + (uint64_t)__builtin_ctzll(p->free[k][i]);
            }
            return i;
        }
        if (k + 1 == p->levels) {
            return p->frame_count;
        }
        pos = pos / BITS + 1;
        k++;
    }
}

/* The first frame in [first, first + count) that is not free, or
 * first + count if all are free. */
static uint64_t pmm_first_taken(const struct pmm *p, uint64_t first, uint64_t count) {
    uint64_t i = first, end = first + count;
    while (i < end) {
        uint64_t taken = ~p->free[0][i / BITS] & (~0ull << (i % BITS));
        if (taken != 0) {
            uint64_t at = align_down(i, BITS) + (uint64_t)__builtin_ctzll(taken);
            return at < end ? at : end;
        }
        i = align_down(i, BITS) + BITS;
    }
    return end;
}

uint64_t pmm_alloc(struct pmm *p) {
    if (p->free_frames == 0) {
        return 0;
    }
    uint64_t frame = pmm_next_free(p, 0);
    pmm_take(p, frame);
    return frame * PMM_FRAME_SIZE;
}

uint64_t pmm_alloc_run(struct pmm *p, uint64_t count, uint64_t align) {
    if (align < PMM_FRAME_SIZE || (align & (align - 1)) != 0) {
        panic("pmm_alloc_run: alignment 0x%llx is not a power of two >= 4 KiB",
              (unsigned long long)align);
    }
    uint64_t step = align / PMM_FRAME_SIZE;
    if (count == 0 || count > p->free_frames) {
        return 0;
    }
    uint64_t start = pmm_next_free(p, 0);
    while (start < p->frame_count) {
        uint64_t s = align_up(start, step);
        if (s < start || s > p->frame_count || p->frame_count - s < count) {
            return 0;
        }
        uint64_t taken = pmm_first_taken(p, s, count);
        if (taken == s + count) {
            for (uint64_t i = s; i < s + count; i++) {
                pmm_take(p, i);
            }
            return s * PMM_FRAME_SIZE;
        }
        start = pmm_next_free(p, taken + 1);
    }
    return 0;
}

/* Panics unless `phys` is a frame this allocator handed out. */
static void pmm_check_free(const struct pmm *p, uint64_t phys, const char *who) {
    uint64_t frame = phys / PMM_FRAME_SIZE;
    if (phys % PMM_FRAME_SIZE != 0) {
        panic("%s: address 0x%llx is not 4 KiB aligned", who, (unsigned long long)phys);
    }
    if (frame >= p->frame_count || !bit_get(p->managed, frame)) {
        panic("%s: frame 0x%llx is not RAM owned by the frame allocator", who,
              (unsigned long long)phys);
    }
    if (bit_get(p->free[0], frame)) {
        if (bit_get(p->ever, frame)) {
            panic("%s: double free of frame 0x%llx", who, (unsigned long long)phys);
        }
        panic("%s: frame 0x%llx was never allocated", who, (unsigned long long)phys);
    }
}

void pmm_free(struct pmm *p, uint64_t phys) {
    pmm_check_free(p, phys, "pmm_free");
    pmm_give(p, phys / PMM_FRAME_SIZE);
}

void pmm_free_run(struct pmm *p, uint64_t phys, uint64_t count) {
    for (uint64_t i = 0; i < count; i++) {
        pmm_check_free(p, phys + i * PMM_FRAME_SIZE, "pmm_free_run");
    }
    for (uint64_t i = 0; i < count; i++) {
        pmm_give(p, phys / PMM_FRAME_SIZE + i);
    }
}
