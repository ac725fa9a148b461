/*
 * ustar reading (see archive.h). A header block: name[100] at 0, size[12]
 * (octal) at 124, chksum[8] at 148, typeflag at 156, magic "ustar" at 257,
 * prefix[155] at 345. The checksum is the sum of the header's bytes with
 * the checksum field read as spaces. Two zero blocks end the archive; so
 * does the end of the data exactly at a block boundary.
 */
#include "kernel/archive.h"

#include <stdbool.h>

#include "lib/string.h"

#define OFF_NAME 0
#define LEN_NAME 100
#define OFF_SIZE 124
#define LEN_SIZE 12
#define OFF_CHKSUM 148
#define LEN_CHKSUM 8
#define OFF_TYPE 156
#define OFF_MAGIC 257
#define OFF_PREFIX 345
#define LEN_PREFIX 155

void archive_begin(struct archive_cursor *c, const void *base, size_t size) {
    c->base = base;
    c->size = size;
    c->offset = 0;
    c->broken = false;
}

/* An octal field: digits, then only spaces or NULs; at least one digit.
 * Values beyond 2^63 are refused (12 digits cannot reach that, checked
 * anyway so the bound does not depend on the field width). */
static bool parse_octal(const uint8_t *field, size_t len, uint64_t *out) {
    size_t i = 0;
    uint64_t v = 0;
    while (i < len && field[i] == ' ') {
        i++;
    }
    size_t digits = 0;
    for (; i < len && field[i] >= '0' && field[i] <= '7'; i++, digits++) {
        if (v >> 60) {
            return false;
        }
        v = v * 8 + (uint64_t)(field[i] - '0');
    }
    for (; i < len; i++) {
        if (field[i] != ' ' && field[i] != '\0') {
            return false;
        }
    }
    *out = v;
    return digits > 0;
}

static bool checksum_ok(const uint8_t *h) {
    uint64_t want;
    if (!parse_octal(h + OFF_CHKSUM, LEN_CHKSUM, &want)) {
        return false;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < ARCHIVE_BLOCK; i++) {
        sum += (i >= OFF_CHKSUM && i < OFF_CHKSUM + LEN_CHKSUM) ? ' ' : h[i];
    }
    return sum == want;
}

static bool all_zero(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

/* Copies prefix "/" name into out; false when a field is not a string
 * (a name filling all 100 bytes needs no NUL, as ustar allows). */
static bool copy_name(const uint8_t *h, char out[ARCHIVE_NAME_MAX]) {
    size_t plen = strnlen((const char *)h + OFF_PREFIX, LEN_PREFIX);
    size_t nlen = strnlen((const char *)h + OFF_NAME, LEN_NAME);
    if (nlen == 0) {
        return false;
    }
    size_t at = 0;
    if (plen > 0) {
        memcpy(out, h + OFF_PREFIX, plen);
        out[plen] = '/';
        at = plen + 1;
    }
    memcpy(out + at, h + OFF_NAME, nlen);
    out[at + nlen] = '\0';
    return true;
}

static enum archive_status fail(struct archive_cursor *c) {
    c->broken = true; /* sticky: nothing more is read */
    return ARCHIVE_MALFORMED;
}

enum archive_status archive_next(struct archive_cursor *c, struct archive_entry *out) {
    if (c->broken) {
        return ARCHIVE_MALFORMED;
    }
    if (c->offset == c->size) {
        return ARCHIVE_END;
    }
    if (c->size - c->offset < ARCHIVE_BLOCK) {
        return fail(c); /* a truncated header */
    }
    const uint8_t *h = c->base + c->offset;
    if (all_zero(h, ARCHIVE_BLOCK)) {
        c->offset = c->size;
        return ARCHIVE_END;
    }
    uint64_t size;
    if (memcmp(h + OFF_MAGIC, "ustar", 5) != 0 || !checksum_ok(h) ||
        !parse_octal(h + OFF_SIZE, LEN_SIZE, &size) || !copy_name(h, out->name)) {
        return fail(c);
    }
    size_t data_at = c->offset + ARCHIVE_BLOCK;
    size_t room = c->size - data_at;
    if (size > room) {
        return fail(c);
    }
    /* size <= room < SIZE_MAX - 511, so rounding up cannot overflow */
    size_t padded = ((size_t)size + ARCHIVE_BLOCK - 1) / ARCHIVE_BLOCK * ARCHIVE_BLOCK;
    if (padded > room) {
        padded = room; /* the last file's padding may be cut short */
    }
    out->type = h[OFF_TYPE] == '\0' ? '0' : (char)h[OFF_TYPE];
    out->data = c->base + data_at;
    out->size = size;
    c->offset = data_at + padded;
    return ARCHIVE_OK;
}

enum archive_status archive_find(const void *base, size_t size, const char *name,
                                 struct archive_entry *out) {
    struct archive_cursor c;
    enum archive_status s;
    archive_begin(&c, base, size);
    while ((s = archive_next(&c, out)) == ARCHIVE_OK) {
        if (out->type == '0' && strcmp(out->name, name) == 0) {
            return ARCHIVE_OK;
        }
    }
    return s;
}
