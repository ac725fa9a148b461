/*
 * build/fuzz-replay DIR...: runs every file in the given directories (one
 * level, sorted, README files excepted) through the fuzz target, built with
 * ASan and UBSan, and prints one KTAP test per file. A file that once
 * crashed the engine passes when the engine now returns from it; a crash
 * stops the run, which tools/run-tests reports as a failed stage.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_input(const struct dirent *e) {
    return e->d_name[0] != '.' && strncmp(e->d_name, "README", 6) != 0;
}

/* Replays one file as test `index`; false when it cannot be read. */
static bool replay(const char *path, int index) {
    rz_file_t file;
    int error = rz_file_read(path, &file);
    if (error != 0) {
        printf("    # %s: %s\nnot ok %d %s\n", path, strerror(error), index, path);
        return false;
    }
    printf("    # %s: %zu bytes\n", path, file.size);
    fflush(stdout);
    LLVMFuzzerTestOneInput(file.bytes, file.size);
    rz_file_free(&file);
    printf("ok %d %s\n", index, path);
    fflush(stdout);
    return true;
}

int main(int argc, char **argv) {
    struct dirent **lists[argc];
    int counts[argc], total = 0, index = 0;
    bool ok = true;
    for (int d = 1; d < argc; d++) {
        counts[d] = scandir(argv[d], &lists[d], is_input, alphasort);
        if (counts[d] < 0) {
            perror(argv[d]);
            return RZ_EXIT_ERROR;
        }
        total += counts[d];
    }
    printf("KTAP version 1\n1..%d\n", total);
    for (int d = 1; d < argc; d++) {
        for (int i = 0; i < counts[d]; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[d], lists[d][i]->d_name);
            ok = replay(path, ++index) && ok;
            free(lists[d][i]);
        }
        free(lists[d]);
    }
    return ok ? RZ_EXIT_OK : RZ_EXIT_FAIL;
}
