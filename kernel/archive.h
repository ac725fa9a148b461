/*
 * The boot archive: a POSIX ustar archive (what `tar --format=ustar`
 * writes) that the boot loader hands over as a Multiboot2 module, holding
 * the wasm programs and the boot configuration.
 *
 * The reader trusts nothing in it: every header is checked (magic,
 * checksum, octal fields, NUL-terminated names) and every file's data must
 * lie inside the archive, with overflow-safe arithmetic, before an entry is
 * returned. A malformed archive yields ARCHIVE_MALFORMED, never a read out
 * of bounds. Entries point into the archive's bytes; nothing is copied.
 */
#ifndef RZ_KERNEL_ARCHIVE_H
#define RZ_KERNEL_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARCHIVE_BLOCK 512
/* prefix (155) + '/' + name (100) + NUL */
#define ARCHIVE_NAME_MAX 257

enum archive_status {
    ARCHIVE_OK,
    ARCHIVE_END,       /* no more entries */
    ARCHIVE_MALFORMED, /* a header or a size is invalid; stop reading */
};

struct archive_entry {
    char name[ARCHIVE_NAME_MAX]; /* prefix/name, NUL-terminated */
    char type;                   /* ustar typeflag; '0' for a regular file */
    const uint8_t *data;         /* inside the archive */
    uint64_t size;
};

/* A position in an archive; start with archive_begin. */
struct archive_cursor {
    const uint8_t *base;
    size_t size;
    size_t offset; /* of the next header */
    bool broken;   /* a malformed header was met */
};

void archive_begin(struct archive_cursor *c, const void *base, size_t size);

/* The next entry (any type) into *out. Once END or MALFORMED is returned,
 * every later call returns the same. */
enum archive_status archive_next(struct archive_cursor *c, struct archive_entry *out);

/* The regular file called `name` (NUL-terminated): ARCHIVE_OK and *out,
 * ARCHIVE_END when there is none, ARCHIVE_MALFORMED when the archive is
 * broken before it is found. */
enum archive_status archive_find(const void *base, size_t size, const char *name,
                                 struct archive_entry *out);

#endif
