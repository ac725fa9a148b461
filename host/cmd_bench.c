/*
 * `rz bench-validate [--seconds S] [--json] FILE.wasm...`: decode+validate
 * throughput, in process, so the figure is the engine's and not process
 * start-up or file reading. Each file is checked in a loop for at least S
 * seconds (default 1); the rate is bytes checked per second of wall time.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "rz.h"

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct bench_result {
    size_t size;
    unsigned long iterations;
    double seconds;
    double best; /* fastest single iteration */
} bench_result_t;

/* Returns false (with the engine's message printed) when the module is not valid:
 * timing the rejection of a broken file would measure nothing useful. */
static bool bench_one(const char *path, const rz_file_t *file, double min_seconds,
                      bench_result_t *r) {
    wasm_error_t err;
    r->size = file->size;
    r->iterations = 0;
    r->best = 1e30;
    double start = now_seconds(), t = start;
    do {
        rz_verdict_t verdict = rz_check(file->bytes, file->size, &err);
        if (verdict != RZ_VALID) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            return false;
        }
        double after = now_seconds();
        r->best = after - t < r->best ? after - t : r->best;
        t = after;
        r->iterations++;
    } while (t - start < min_seconds || r->iterations < 3);
    r->seconds = t - start;
    return true;
}

int rz_cmd_bench_validate(int argc, char **argv) {
    double min_seconds = 1.0;
    bool json = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[first], "--seconds") == 0 && first + 1 < argc) {
            min_seconds = atof(argv[++first]);
        } else {
            break;
        }
    }
    if (first >= argc || argv[first][0] == '-') {
        fprintf(stderr, "usage: rz bench-validate [--seconds S] [--json] FILE.wasm...\n");
        return RZ_EXIT_ERROR;
    }
    int status = RZ_EXIT_OK;
    cJSON *results = cJSON_CreateArray();
    if (!json) {
        printf("%-40s %10s %8s %10s %10s\n", "file", "bytes", "iters", "MB/s", "best MB/s");
    }
    for (int i = first; i < argc; i++) {
        rz_file_t file;
        bench_result_t r;
        int error = rz_file_read(argv[i], &file);
        if (error != 0) {
            fprintf(stderr, "%s: %s\n", argv[i], strerror(error));
            status = RZ_EXIT_ERROR;
            continue;
        }
        bool ok = bench_one(argv[i], &file, min_seconds, &r);
        rz_file_free(&file);
        if (!ok) {
            status = RZ_EXIT_FAIL;
            continue;
        }
        double mbps = (double)r.size * (double)r.iterations / r.seconds / 1e6;
        double best = (double)r.size / r.best / 1e6;
        if (!json) {
            printf("%-40s %10zu %8lu %10.1f %10.1f\n", argv[i], r.size, r.iterations, mbps, best);
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", argv[i]);
        cJSON_AddNumberToObject(o, "bytes", (double)r.size);
        cJSON_AddNumberToObject(o, "iterations", (double)r.iterations);
        cJSON_AddNumberToObject(o, "seconds", r.seconds);
        cJSON_AddNumberToObject(o, "mb_per_s", mbps);
        cJSON_AddNumberToObject(o, "best_mb_per_s", best);
        cJSON_AddItemToArray(results, o);
    }
    if (json) {
        char *text = cJSON_Print(results);
        printf("%s\n", text != NULL ? text : "[]");
        free(text);
    }
    cJSON_Delete(results);
    return status;
}
