/*
 * `rz validate FILE.wasm`: silent success for a valid module, the engine's
 * message for a rejected one, the OS error for an unreadable file.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "rz.h"

int rz_cmd_validate(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: rz validate FILE.wasm\n");
        return RZ_EXIT_ERROR;
    }
    const char *path = argv[1];
    rz_file_t file;
    int error = rz_file_read(path, &file);
    if (error != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(error));
        return RZ_EXIT_ERROR;
    }
    wasm_error_t err;
    rz_verdict_t verdict = rz_check(file.bytes, file.size, &err);
    rz_file_free(&file);
    if (verdict != RZ_VALID) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return RZ_EXIT_FAIL;
    }
    return RZ_EXIT_OK;
}
