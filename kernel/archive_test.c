/*
 * The boot archive reader over archives built here byte by byte: well-
 * formed ones read back exactly; every kind of damage (checksum, magic,
 * octal fields, sizes past the end, truncation, names) is MALFORMED, and
 * no corruption of a header makes the reader touch memory outside the
 * archive (the host build runs this under ASan).
 */
#include "kernel/archive.h"

#include "ktest.h"
#include "lib/string.h"

#define MAX_ARCHIVE (8 * ARCHIVE_BLOCK)

struct tar {
    uint8_t bytes[MAX_ARCHIVE];
    size_t len;
};

/* len - 1 octal digits, zero-padded, then a NUL. */
static void put_octal(uint8_t *field, size_t len, uint64_t v) {
    for (size_t i = len - 1; i-- > 0; v /= 8) {
        field[i] = (uint8_t)('0' + v % 8);
    }
    field[len - 1] = '\0';
}

static void seal_header(uint8_t *h) {
    memset(h + 148, ' ', 8);
    uint64_t sum = 0;
    for (size_t i = 0; i < ARCHIVE_BLOCK; i++) {
        sum += h[i];
    }
    put_octal(h + 148, 7, sum);
    h[155] = ' ';
}

/* Appends a header and its data; returns the header. */
static uint8_t *tar_add(struct tar *t, const char *name, char type, const void *data, size_t size) {
    uint8_t *h = t->bytes + t->len;
    memset(h, 0, ARCHIVE_BLOCK);
    memcpy(h, name, strnlen(name, 100));
    put_octal(h + 100, 8, 0644);
    put_octal(h + 124, 12, size);
    h[156] = (uint8_t)type;
    static const char magic[8] = {'u', 's', 't', 'a', 'r', '\0', '0', '0'}; /* POSIX ustar */
    memcpy(h + 257, magic, sizeof magic);
    seal_header(h);
    t->len += ARCHIVE_BLOCK;
    memset(t->bytes + t->len, 0, (size + ARCHIVE_BLOCK - 1) / ARCHIVE_BLOCK * ARCHIVE_BLOCK);
    memcpy(t->bytes + t->len, data, size);
    t->len += (size + ARCHIVE_BLOCK - 1) / ARCHIVE_BLOCK * ARCHIVE_BLOCK;
    return h;
}

static void tar_end(struct tar *t) {
    memset(t->bytes + t->len, 0, 2 * ARCHIVE_BLOCK);
    t->len += 2 * ARCHIVE_BLOCK;
}

static void build_sample(struct tar *t) {
    t->len = 0;
    tar_add(t, "boot.conf", '0', "run hello\n", 10);
    tar_add(t, "bin/", '5', "", 0);
    tar_add(t, "bin/hello.wasm", '0', "\0asm\1\0\0\0", 8);
    tar_end(t);
}

static enum archive_status count_entries(const uint8_t *p, size_t n, int *count) {
    struct archive_cursor c;
    struct archive_entry e;
    enum archive_status s;
    archive_begin(&c, p, n);
    *count = 0;
    while ((s = archive_next(&c, &e)) == ARCHIVE_OK) {
        (*count)++;
        /* what an entry points at lies inside the archive */
        if (e.data < p || e.size > (uint64_t)(p + n - e.data)) {
            return ARCHIVE_OK; /* reported as a failure by the caller */
        }
    }
    return s;
}

KTEST(archive, reads_entries_in_order) {
    static struct tar tar;
    build_sample(&tar);
    struct archive_cursor c;
    struct archive_entry e;
    archive_begin(&c, tar.bytes, tar.len);
    KT_ASSERT(t, archive_next(&c, &e) == ARCHIVE_OK);
    KT_EXPECT_STREQ(t, e.name, "boot.conf");
    KT_EXPECT_EQ(t, e.type, '0');
    KT_EXPECT_BYTES(t, e.data, e.size, "run hello\n", 10);
    KT_ASSERT(t, archive_next(&c, &e) == ARCHIVE_OK);
    KT_EXPECT_STREQ(t, e.name, "bin/");
    KT_EXPECT_EQ(t, e.type, '5');
    KT_ASSERT(t, archive_next(&c, &e) == ARCHIVE_OK);
    KT_EXPECT_STREQ(t, e.name, "bin/hello.wasm");
    KT_EXPECT_BYTES(t, e.data, e.size, "\0asm\1\0\0\0", 8);
    KT_EXPECT_EQ(t, archive_next(&c, &e), ARCHIVE_END);
    KT_EXPECT_EQ(t, archive_next(&c, &e), ARCHIVE_END);
}

KTEST(archive, find_returns_regular_files_only) {
    static struct tar tar;
    struct archive_entry e;
    build_sample(&tar);
    KT_ASSERT(t, archive_find(tar.bytes, tar.len, "bin/hello.wasm", &e) == ARCHIVE_OK);
    KT_EXPECT_EQ(t, e.size, 8);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "bin/", &e), ARCHIVE_END);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "bin/hello", &e), ARCHIVE_END);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, 0, "boot.conf", &e), ARCHIVE_END);
}

KTEST(archive, prefix_and_full_width_name_are_joined) {
    static struct tar tar;
    struct archive_entry e;
    char name[101];
    memset(name, 'n', 100);
    name[100] = '\0';
    tar.len = 0;
    uint8_t *h = tar_add(&tar, name, '0', "x", 1); /* 100 bytes, no NUL */
    memcpy(h + 345, "some/dir", 8);
    seal_header(h);
    tar_end(&tar);
    KT_ASSERT(t, archive_find(tar.bytes, tar.len, "some/dir/", &e) != ARCHIVE_OK);
    struct archive_cursor c;
    archive_begin(&c, tar.bytes, tar.len);
    KT_ASSERT(t, archive_next(&c, &e) == ARCHIVE_OK);
    KT_EXPECT_EQ(t, strlen(e.name), 8 + 1 + 100);
    KT_EXPECT(t, memcmp(e.name, "some/dir/nnnn", 13) == 0);
}

KTEST(archive, damaged_headers_are_malformed) {
    static struct tar tar;
    struct archive_entry e;
    struct archive_cursor c;
    build_sample(&tar);
    tar.bytes[0] ^= 1; /* checksum no longer matches */
    archive_begin(&c, tar.bytes, tar.len);
    KT_EXPECT_EQ(t, archive_next(&c, &e), ARCHIVE_MALFORMED);
    KT_EXPECT_EQ(t, archive_next(&c, &e), ARCHIVE_MALFORMED); /* sticky */

    build_sample(&tar);
    memcpy(tar.bytes + 257, "ustaR", 5);
    seal_header(tar.bytes);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "x", &e), ARCHIVE_MALFORMED);

    build_sample(&tar);
    memcpy(tar.bytes + 124, "0000000001x", 11); /* not octal */
    seal_header(tar.bytes);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "x", &e), ARCHIVE_MALFORMED);

    build_sample(&tar);
    memcpy(tar.bytes + 124, "77777777777", 11); /* 8 GiB: past the end */
    seal_header(tar.bytes);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "x", &e), ARCHIVE_MALFORMED);

    build_sample(&tar);
    memset(tar.bytes + 124, ' ', 12); /* no digits */
    seal_header(tar.bytes);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "x", &e), ARCHIVE_MALFORMED);

    build_sample(&tar);
    memset(tar.bytes, 0, 100); /* empty name */
    seal_header(tar.bytes);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, tar.len, "x", &e), ARCHIVE_MALFORMED);
}

KTEST(archive, truncation_is_malformed_never_read_past) {
    static struct tar tar;
    struct archive_entry e;
    build_sample(&tar);
    /* cut inside the first header, and inside the third file's header */
    KT_EXPECT_EQ(t, archive_find(tar.bytes, 100, "x", &e), ARCHIVE_MALFORMED);
    KT_EXPECT_EQ(t, archive_find(tar.bytes, 3 * ARCHIVE_BLOCK + 10, "x", &e), ARCHIVE_MALFORMED);
    /* the file's data cut short: its size runs past the end */
    KT_EXPECT_EQ(t, archive_find(tar.bytes, 4 * ARCHIVE_BLOCK + 4, "x", &e), ARCHIVE_MALFORMED);
    /* the end of the data right after a file's padding also ends it */
    int n;
    KT_EXPECT_EQ(t, count_entries(tar.bytes, 5 * ARCHIVE_BLOCK, &n), ARCHIVE_END);
    KT_EXPECT_EQ(t, n, 3);
}

/* Every byte of every header, set to values that matter to a parser: the
 * reader returns END or MALFORMED and every entry it returned was inside
 * the archive. ASan checks the reads. */
KTEST(archive, every_header_byte_corrupted_stays_in_bounds) {
    static struct tar tar, copy;
    static const uint8_t values[] = {0, ' ', '0', '7', '8', 0x80, 0xff};
    unsigned bad = 0, total = 0;
    build_sample(&tar);
    static const size_t headers[] = {0, ARCHIVE_BLOCK * 2, ARCHIVE_BLOCK * 3};
    for (size_t hi = 0; hi < 3; hi++) {
        for (size_t i = 0; i < ARCHIVE_BLOCK; i++) {
            for (size_t v = 0; v < sizeof values; v++) {
                copy = tar;
                copy.bytes[headers[hi] + i] = values[v];
                if (i < 148 || i >= 156) {
                    seal_header(copy.bytes + headers[hi]); /* get past the checksum */
                }
                int n;
                enum archive_status s = count_entries(copy.bytes, copy.len, &n);
                total++;
                if (s != ARCHIVE_END && s != ARCHIVE_MALFORMED) {
                    bad++;
                }
            }
        }
    }
    KT_EXPECT_EQ(t, bad, 0);
    KT_EXPECT_EQ(t, total, 3 * ARCHIVE_BLOCK * sizeof values);
}
