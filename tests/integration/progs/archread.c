/*
 * archive_read at its edges, on its own file of the boot archive
 * (bin/archread.wasm): read whole in small pieces, the bytes are a wasm
 * module of the size archive_list gives; reading at the end gives 0
 * bytes; past the end, RZ_ERR_OUT_OF_RANGE; a missing file, a name with
 * a NUL or too long for any archive name, RZ_ERR_NOT_FOUND; a pointer
 * outside memory, RZ_ERR_OUT_OF_BOUNDS, before the name is looked at.
 * Prints "archread: ok NAME" / "not ok NAME (...)" lines and "done N
 * checks, F failed"; exits with F.
 */
#include <stdbool.h>
#include <string.h>

#include "rz/rz.h"

#define CHECK_PROGRAM "archread"
#include "check.h"

#define SELF "bin/archread.wasm"
#define BAD ((void *)0xfffffff0u)

/* SELF's size as archive_list reports it (0 if not listed). */
static uint64_t listed_size(void) {
    static rz_archive_entry_t e;
    for (uint32_t i = 0; rz_archive_list(i, &e, sizeof e) == RZ_OK; i++) {
        if (e.name_len == strlen(SELF) && memcmp(e.name, SELF, e.name_len) == 0) {
            return e.size;
        }
    }
    return 0;
}

static int32_t read_at(const char *name, uint64_t offset, void *bytes, uint32_t cap,
                       uint32_t *actual) {
    return rz_archive_read(name, (uint32_t)strlen(name), offset, bytes, cap, actual);
}

int main(void) {
    static uint8_t whole[262144]; /* room for this program, several times over */
    uint64_t size = listed_size();
    uint32_t got = 0, total = 0;
    int32_t err;
    do { /* in pieces of 1000 bytes */
        err = read_at(SELF, total, whole + total, 1000, &got);
        total += got;
    } while (err == RZ_OK && got > 0 && total + 1000 <= sizeof whole);
    check(err == RZ_OK && size > 0 && total == size, "reads_a_file_whole_in_pieces", err);
    check(memcmp(whole, "\0asm", 4) == 0, "the_bytes_are_the_file", whole[0]);
    got = 99;
    err = read_at(SELF, size, whole, sizeof whole, &got);
    check(err == RZ_OK && got == 0, "reading_at_the_end_gives_0_bytes", err);
    err = read_at(SELF, size + 1, whole, sizeof whole, &got);
    check(err == RZ_ERR_OUT_OF_RANGE, "reading_past_the_end_is_out_of_range", err);
    err = read_at(SELF, 1ull << 63, whole, sizeof whole, &got);
    check(err == RZ_ERR_OUT_OF_RANGE, "a_huge_offset_is_out_of_range", err);
    err = read_at(SELF, 4, whole, 0, &got);
    check(err == RZ_OK && got == 0, "a_zero_cap_reads_nothing", err);
    err = read_at("bin/nothing.wasm", 0, whole, sizeof whole, &got);
    check(err == RZ_ERR_NOT_FOUND, "a_missing_file_is_not_found", err);
    err = rz_archive_read("bin/archread.wasm\0x", 19, 0, whole, sizeof whole, &got);
    check(err == RZ_ERR_NOT_FOUND, "a_name_with_a_nul_is_not_found", err);
    static char long_name[300];
    memset(long_name, 'a', sizeof long_name - 1);
    err = read_at(long_name, 0, whole, sizeof whole, &got);
    check(err == RZ_ERR_NOT_FOUND, "an_overlong_name_is_not_found", err);
    err = rz_archive_read(BAD, 64, 0, whole, sizeof whole, &got);
    check(err == RZ_ERR_OUT_OF_BOUNDS, "a_bad_name_pointer_is_out_of_bounds", err);
    err = read_at("bin/nothing.wasm", 0, BAD, 64, &got);
    check(err == RZ_ERR_OUT_OF_BOUNDS, "a_bad_buffer_is_out_of_bounds_before_the_name", err);
    err = read_at(SELF, 0, whole, sizeof whole, BAD);
    check(err == RZ_ERR_OUT_OF_BOUNDS, "a_bad_actual_pointer_is_out_of_bounds", err);
    return check_done();
}
