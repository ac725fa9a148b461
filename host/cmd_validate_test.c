/* Tests of `rz validate`'s exit statuses: valid, rejected, unreadable. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ktest.h"
#include "rz.h"

static int validate_bytes(const uint8_t *bytes, size_t size) {
    char path[] = "/tmp/rz-validate-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        return -1;
    }
    bool written = write(fd, bytes, size) == (ssize_t)size;
    close(fd);
    char *argv[] = {"validate", path, NULL};
    int status = written ? rz_cmd_validate(2, argv) : -1;
    unlink(path);
    return status;
}

KTEST(cmd_validate, valid_module_exits_0) {
    static const uint8_t empty[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    KT_EXPECT_EQ(t, validate_bytes(empty, sizeof empty), RZ_EXIT_OK);
}

KTEST(cmd_validate, malformed_module_exits_1) {
    static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00};
    KT_EXPECT_EQ(t, validate_bytes(bad_magic, sizeof bad_magic), RZ_EXIT_FAIL);
}

KTEST(cmd_validate, unreadable_file_exits_2) {
    char *argv[] = {"validate", "/nonexistent/module.wasm", NULL};
    KT_EXPECT_EQ(t, rz_cmd_validate(2, argv), RZ_EXIT_ERROR);
}

KTEST(cmd_validate, directory_exits_2) {
    char *argv[] = {"validate", "/tmp", NULL};
    KT_EXPECT_EQ(t, rz_cmd_validate(2, argv), RZ_EXIT_ERROR);
}

KTEST(cmd_validate, usage_error_exits_2) {
    char *argv[] = {"validate", NULL};
    KT_EXPECT_EQ(t, rz_cmd_validate(1, argv), RZ_EXIT_ERROR);
}
