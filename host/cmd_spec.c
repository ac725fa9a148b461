/*
 * `rz wast FILE.wast [--ktap] [--bounds-checks]` and
 * `rz spec [--ktap] [--bounds-checks] [DIR|FILE.wast...]`: convert spec
 * scripts with wast2json (cached under build/spec), run them (spec_run.c)
 * and report per file, as plain text or as one KTAP document with one test
 * per script. --bounds-checks compiles with explicit memory bounds checks
 * instead of relying on the guard reservation.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rz.h"
#include "spec_cache.h"
#include "spec_run.h"

#define SUITE_URL "https://github.com/WebAssembly/testsuite"
#define SUITE_COMMIT "9104fa3"

/* The directory holding the running rz binary (build/), where the cache lives. */
static bool build_dir(char out[PATH_MAX]) {
    ssize_t n = readlink("/proc/self/exe", out, PATH_MAX - 1);
    if (n <= 0) {
        return false;
    }
    out[n] = '\0';
    *strrchr(out, '/') = '\0';
    return true;
}

/* Converts, loads and runs one script; any error becomes a failure in `result`. */
static void run_file(const char *wast, const char *cache_root, const wasm_jit_options_t *options,
                     spec_result_t *result) {
    char err[1024], line[1200];
    spec_converted_t conv;
    rz_file_t json;
    spec_script_t script;
    if (!spec_cache_convert(wast, cache_root, &conv, err, sizeof err)) {
        snprintf(line, sizeof line, "conversion: %s", err);
        spec_result_add_failure(result, line);
        return;
    }
    int error = rz_file_read(conv.json, &json);
    if (error != 0) {
        snprintf(line, sizeof line, "%s: %s", conv.json, strerror(error));
        spec_result_add_failure(result, line);
        return;
    }
    /* cJSON needs a NUL-terminated string. */
    char *text = realloc(json.bytes, json.size + 1);
    if (text == NULL) {
        rz_file_free(&json);
        spec_result_add_failure(result, "out of memory");
        return;
    }
    text[json.size] = '\0';
    bool loaded = spec_script_parse(text, &script, err, sizeof err);
    free(text);
    if (!loaded) {
        snprintf(line, sizeof line, "%s: %s", conv.json, err);
        spec_result_add_failure(result, line);
        return;
    }
    spec_run_script(&script, conv.dir, options, result);
    spec_script_free(&script);
}

static void add_totals(spec_result_t *total, const spec_result_t *one) {
    total->passed += one->passed;
    total->failed += one->failed;
    total->other_phase += one->other_phase;
    for (int i = 0; i < SPEC_SKIP_COUNT; i++) {
        total->skipped[i] += one->skipped[i];
    }
}

static void print_counts(const char *label, const spec_result_t *r) {
    printf("%s: %u passed, %u failed, %u skipped", label, r->passed, r->failed,
           spec_result_skipped(r));
    if (r->other_phase != 0) {
        printf(" (%u rejected by the other phase)", r->other_phase);
    }
}

static void print_skip_reasons(const spec_result_t *r) {
    const char *sep = " (";
    for (int i = 0; i < SPEC_SKIP_COUNT; i++) {
        if (r->skipped[i] != 0) {
            printf("%s%u %s", sep, r->skipped[i], spec_skip_reason((spec_skip_t)i));
            sep = "; ";
        }
    }
    printf("%s\n", sep[0] == ';' ? ")" : "");
}

/* The reason most of a script's skipped commands share. */
static spec_skip_t main_skip(const spec_result_t *r) {
    spec_skip_t most = 0;
    for (int i = 1; i < SPEC_SKIP_COUNT; i++) {
        most = r->skipped[i] > r->skipped[most] ? (spec_skip_t)i : most;
    }
    return most;
}

/* Runs the scripts and prints per-file results and totals; returns the exit status. */
static int run_files(char **files, size_t count, bool ktap, const wasm_jit_options_t *options) {
    char dir[PATH_MAX], cache_root[PATH_MAX + 8], stem[256];
    spec_result_t total = {0};
    if (!build_dir(dir)) {
        fprintf(stderr, "rz: cannot find its own directory: %s\n", strerror(errno));
        return RZ_EXIT_ERROR;
    }
    snprintf(cache_root, sizeof cache_root, "%s/spec", dir);
    if (ktap) {
        printf("KTAP version 1\n1..%zu\n", count);
    }
    for (size_t i = 0; i < count; i++) {
        spec_result_t r = {0};
        run_file(files[i], cache_root, options, &r);
        spec_cache_name(files[i], stem, sizeof stem);
        printf("%s", ktap ? "    # " : "");
        print_counts(ktap ? stem : files[i], &r);
        print_skip_reasons(&r);
        for (size_t f = 0; f < r.failure_count; f++) {
            printf("%s%s\n", ktap ? "    # " : "  ", r.failures[f]);
        }
        if (ktap) {
            printf("%s %zu %s", r.failed != 0 ? "not ok" : "ok", i + 1, stem);
            if (r.passed == 0 && r.failed == 0 && spec_result_skipped(&r) != 0) {
                printf(" # SKIP %s", spec_skip_reason(main_skip(&r)));
            }
            printf("\n");
        }
        fflush(stdout);
        add_totals(&total, &r);
        spec_result_free(&r);
    }
    if (count > 1 || ktap) {
        printf("%s", ktap ? "# " : "");
        print_counts(count == 1 ? "total" : "spec totals", &total);
        printf(" in %zu file%s", count, count == 1 ? "" : "s");
        print_skip_reasons(&total);
    }
    return total.failed != 0 ? RZ_EXIT_FAIL : RZ_EXIT_OK;
}

/* Takes the options both subcommands share; false if argv[i] is none. */
static bool common_option(const char *arg, bool *ktap, wasm_jit_options_t *options) {
    if (strcmp(arg, "--ktap") == 0) {
        *ktap = true;
    } else if (strcmp(arg, "--bounds-checks") == 0) {
        options->bounds_checks = true;
    } else {
        return false;
    }
    return true;
}

int rz_cmd_wast(int argc, char **argv) {
    bool ktap = false;
    wasm_jit_options_t options = {0};
    char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (common_option(argv[i], &ktap, &options)) {
            continue;
        } else if (file == NULL && argv[i][0] != '-') {
            file = argv[i];
        } else {
            file = NULL;
            break;
        }
    }
    if (file == NULL) {
        fprintf(stderr, "usage: rz wast FILE.wast [--ktap] [--bounds-checks]\n");
        return RZ_EXIT_ERROR;
    }
    return run_files(&file, 1, ktap, &options);
}

typedef struct file_list {
    char **paths;
    size_t count;
} file_list_t;

static bool list_add(file_list_t *list, const char *path) {
    char **grown = realloc(list->paths, (list->count + 1) * sizeof *grown);
    char *copy = strdup(path);
    if (grown == NULL || copy == NULL) {
        free(copy);
        list->paths = grown != NULL ? grown : list->paths;
        return false;
    }
    list->paths = grown;
    list->paths[list->count++] = copy;
    return true;
}

static void list_free(file_list_t *list) {
    for (size_t i = 0; i < list->count; i++) {
        free(list->paths[i]);
    }
    free(list->paths);
}

static int is_wast(const struct dirent *e) {
    size_t len = strlen(e->d_name);
    return len > 5 && strcmp(e->d_name + len - 5, ".wast") == 0;
}

/* Adds the top-level .wast files of `dir`, sorted by name. */
static bool list_add_dir(file_list_t *list, const char *dir) {
    struct dirent **entries;
    int n = scandir(dir, &entries, is_wast, alphasort);
    bool ok = n >= 0;
    char path[PATH_MAX + 256];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
        ok = ok && list_add(list, path);
        free(entries[i]);
    }
    free(n >= 0 ? entries : NULL);
    return ok;
}

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* $WASM_TESTSUITE, or ../shared/wasm-testsuite beside the repository holding build/. */
static void default_suite(char out[PATH_MAX]) {
    const char *env = getenv("WASM_TESTSUITE");
    char dir[PATH_MAX];
    if (env != NULL && env[0] != '\0') {
        snprintf(out, PATH_MAX, "%s", env);
    } else if (build_dir(dir)) {
        /* build/ is in the repository root; the suite is beside the root. */
        char guess[PATH_MAX + 32];
        snprintf(guess, sizeof guess, "%s/../../shared/wasm-testsuite", dir);
        if (realpath(guess, out) == NULL) {
            snprintf(out, PATH_MAX, "%s", guess);
        }
    } else {
        snprintf(out, PATH_MAX, "../shared/wasm-testsuite");
    }
}

/* No suite is no failure: say how to get it, and report the spec tests as skipped. */
static int report_missing_suite(const char *suite, bool ktap) {
    const char *p = ktap ? "# " : "";
    if (ktap) {
        printf("KTAP version 1\n1..1\n");
    }
    printf("%sspec testsuite not found at %s; to run the spec tests, from the repository root:\n",
           p, suite);
    printf("%s  git clone %s ../shared/wasm-testsuite\n", p, SUITE_URL);
    printf("%s  git -C ../shared/wasm-testsuite checkout %s\n", p, SUITE_COMMIT);
    printf("%sor set WASM_TESTSUITE to a checkout of that commit\n", p);
    if (ktap) {
        printf("ok 1 spec # SKIP testsuite not found\n");
    }
    return RZ_EXIT_OK;
}

int rz_cmd_spec(int argc, char **argv) {
    bool ktap = false;
    wasm_jit_options_t options = {0};
    file_list_t list = {0};
    bool ok = true, named = false;
    for (int i = 1; i < argc && ok; i++) {
        if (common_option(argv[i], &ktap, &options)) {
            continue;
        }
        named = true;
        if (is_dir(argv[i])) {
            ok = list_add_dir(&list, argv[i]);
        } else if (access(argv[i], R_OK) == 0) {
            ok = list_add(&list, argv[i]);
        } else {
            fprintf(stderr, "rz spec: %s: %s\n", argv[i], strerror(errno));
            ok = false;
        }
    }
    if (ok && !named) {
        char suite[PATH_MAX];
        default_suite(suite);
        if (!is_dir(suite)) {
            return report_missing_suite(suite, ktap);
        }
        ok = list_add_dir(&list, suite);
    }
    if (ok && list.count == 0) {
        fprintf(stderr, "rz spec: no .wast files given\n");
        ok = false;
    }
    int status = ok ? run_files(list.paths, list.count, ktap, &options) : RZ_EXIT_ERROR;
    list_free(&list);
    return status;
}
