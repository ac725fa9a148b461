/*
 * `rz bench-validate [--seconds S] [--json] FILE.wasm...`: decode+validate
 * throughput, and `rz bench-compile` (same arguments): decode+validate+JIT
 * compile, what `new WebAssembly.Module(bytes)` does in a browser engine.
 * Both run in process, so the figure is the engine's and not process
 * start-up or file reading. Each file is checked in a loop for at least S
 * seconds (default 1) and each pass is timed. The machine is shared, so the
 * rate reported is the module's size over the median pass (robust against
 * passes that lost the CPU), beside the mean and the fastest pass.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "compile/jit.h"
#include "rz.h"

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct bench_result {
    size_t size;
    size_t passes;
    double seconds; /* all passes */
    double median;  /* seconds per pass */
    double best;
} bench_result_t;

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One timed pass: decode and validate, and compile too when asked. False,
 * with err filled in, when the module is rejected or cannot be compiled. */
static bool bench_pass(const rz_file_t *file, bool compile, wasm_error_t *err) {
    wasm_module_t *module;
    if (rz_load(file->bytes, file->size, err, &module) != RZ_VALID) {
        return false;
    }
    bool ok = true;
    if (compile) {
        wasm_jit_code_t code;
        ok = wasm_jit_compile(module, NULL, &code, err);
        if (ok) {
            wasm_jit_code_free(&code);
        }
    }
    wasm_module_free(module);
    return ok;
}

/* Times passes over `file` until `min_seconds` have gone by (and at least 3).
 * Returns false, with the reason printed, when the module is not valid or
 * not compilable (timing a rejection measures nothing useful) or memory
 * runs out. */
static bool bench_one(const char *path, const rz_file_t *file, bool compile, double min_seconds,
                      bench_result_t *r) {
    size_t cap = 64;
    double *times = malloc(cap * sizeof *times);
    double start = now_seconds(), t = start;
    wasm_error_t err;
    r->size = file->size;
    r->passes = 0;
    do {
        if (r->passes == cap) {
            double *grown = realloc(times, (cap *= 2) * sizeof *times);
            if (grown == NULL) {
                free(times);
            }
            times = grown;
        }
        if (times == NULL) {
            fprintf(stderr, "%s: out of memory\n", path);
            return false;
        }
        if (!bench_pass(file, compile, &err)) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            free(times);
            return false;
        }
        double after = now_seconds();
        times[r->passes++] = after - t;
        t = after;
    } while (t - start < min_seconds || r->passes < 3);
    r->seconds = t - start;
    qsort(times, r->passes, sizeof *times, compare_doubles);
    r->median = times[r->passes / 2];
    r->best = times[0];
    free(times);
    return true;
}

static double mb_per_s(size_t bytes, double seconds) {
    return (double)bytes / seconds / 1e6;
}

static void add_json(cJSON *results, const char *path, const bench_result_t *r) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", path);
    cJSON_AddNumberToObject(o, "bytes", (double)r->size);
    cJSON_AddNumberToObject(o, "passes", (double)r->passes);
    cJSON_AddNumberToObject(o, "seconds", r->seconds);
    cJSON_AddNumberToObject(o, "median_mb_per_s", mb_per_s(r->size, r->median));
    cJSON_AddNumberToObject(o, "mean_mb_per_s", mb_per_s(r->size * r->passes, r->seconds));
    cJSON_AddNumberToObject(o, "best_mb_per_s", mb_per_s(r->size, r->best));
    cJSON_AddItemToArray(results, o);
}

static int bench_command(int argc, char **argv, bool compile) {
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
        fprintf(stderr, "usage: rz %s [--seconds S] [--json] FILE.wasm...\n", argv[0]);
        return RZ_EXIT_ERROR;
    }
    int status = RZ_EXIT_OK;
    cJSON *results = cJSON_CreateArray();
    if (!json) {
        printf("%10s %7s %11s %9s %9s  %s\n", "bytes", "passes", "median MB/s", "mean", "best",
               "file");
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
        bool ok = bench_one(argv[i], &file, compile, min_seconds, &r);
        rz_file_free(&file);
        if (!ok) {
            status = RZ_EXIT_FAIL;
        } else if (json) {
            add_json(results, argv[i], &r);
        } else {
            printf("%10zu %7zu %11.1f %9.1f %9.1f  %s\n", r.size, r.passes,
                   mb_per_s(r.size, r.median), mb_per_s(r.size * r.passes, r.seconds),
                   mb_per_s(r.size, r.best), argv[i]);
        }
    }
    if (json) {
        char *text = cJSON_Print(results);
        printf("%s\n", text != NULL ? text : "[]");
        free(text);
    }
    cJSON_Delete(results);
    return status;
}

int rz_cmd_bench_validate(int argc, char **argv) {
    return bench_command(argc, argv, false);
}

int rz_cmd_bench_compile(int argc, char **argv) {
    return bench_command(argc, argv, true);
}
