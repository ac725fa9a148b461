/*
 * build/jit-spec: runs the spec suite's scripts through the JIT and the
 * runtime, the execution half that `rz spec` does not run yet (spec_run.h
 * leaves those commands to "the compiler tier"). Until its handlers move
 * into spec_run.c, this is how the tests check compiled code against the
 * whole suite, with the suite's own expectations.
 *
 * Usage: jit-spec SUITE_DIR CACHE_DIR   (prints KTAP, one test per script)
 *
 * Per script: modules are compiled, linked (against earlier registered
 * instances and a host "spectest" module) and instantiated; assert_return,
 * assert_trap, assert_exhaustion and action invoke exports; assert_trap,
 * assert_unlinkable and assert_uninstantiable on a module instantiate it
 * and expect the failure. Scripts for SIMD (not compiled) are skipped, as
 * are commands on text-format modules and "get" actions.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "runtime/instance.h"
#include "rz.h"
#include "spec_cache.h"
#include "spec_script.h"

#define MAX_MODULES 1024 /* per script */
#define MAX_IMPORTS 1024 /* per module */

/* A module of the script, loaded and (unless it failed) instantiated. */
struct loaded {
    char name[128]; /* "$name" from the script, or registered "as" name */
    wasm_module_t *m;
    uint8_t *bytes;
    wasm_loaded_t code;
    wasm_instance_t *inst;
    bool alias; /* a registration: shares another entry's module */
};

struct runner {
    const char *dir;
    struct loaded mods[MAX_MODULES];
    int count;
    struct loaded *current;
    unsigned passed, failed, skipped;
};

/* The "spectest" module every script may import from. */
static uint64_t spectest_i32 = 666, spectest_i64 = 666;
static uint64_t spectest_f32 = 0x4426a666;          /* 666.6f */
static uint64_t spectest_f64 = 0x4084d4cccccccccdull; /* 666.6 */
static uint64_t spectest_entries[20];
static wasm_table_t spectest_table = {spectest_entries, 10, 20, 20, WASM_FUNCREF};
static wasm_memory_t spectest_memory;
static wasm_reservation_t spectest_reservation;

static void spectest_print(wasm_ctx_t *ctx) {
    (void)ctx; /* every print_* import: the arguments are ignored */
}

static bool spectest_setup(void) {
    uint8_t *base = wasm_mem_reserve(WASM_MEM_RESERVATION);
    if (base == NULL || !wasm_mem_commit(base, WASM_PAGE_SIZE)) {
        return false;
    }
    spectest_memory = (wasm_memory_t){base, WASM_PAGE_SIZE, 2};
    spectest_reservation = (wasm_reservation_t){(uintptr_t)base, WASM_MEM_RESERVATION};
    return wasm_reservation_register(&spectest_reservation);
}

/* Each script starts from a fresh spectest: zeroed memory and table. */
static void spectest_reset(void) {
    memset(spectest_memory.base, 0, spectest_memory.size);
    spectest_memory.size = WASM_PAGE_SIZE;
    memset(spectest_entries, 0, sizeof spectest_entries);
    spectest_table.size = 10;
}

static bool name_is(wasm_name_t n, const char *s) {
    return wasm_name_eq(n, s, (uint32_t)strlen(s));
}

static bool spectest_export(wasm_name_t name, wasm_extern_t *x) {
    static const struct {
        const char *name;
        uint64_t *cell;
        wasm_valtype_t type;
    } globals[] = {{"global_i32", &spectest_i32, WASM_I32},
                   {"global_i64", &spectest_i64, WASM_I64},
                   {"global_f32", &spectest_f32, WASM_F32},
                   {"global_f64", &spectest_f64, WASM_F64}};
    *x = (wasm_extern_t){0};
    if (name.len >= 5 && memcmp(name.bytes, "print", 5) == 0) {
        x->kind = WASM_EXTERN_FUNC;
        x->func.code = (const void *)spectest_print;
        return true;
    }
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        if (name_is(name, globals[i].name)) {
            x->kind = WASM_EXTERN_GLOBAL;
            x->global = globals[i].cell;
            x->global_type.type = globals[i].type;
            return true;
        }
    }
    if (name_is(name, "table")) {
        x->kind = WASM_EXTERN_TABLE;
        x->table = &spectest_table;
        return true;
    }
    if (name_is(name, "memory")) {
        x->kind = WASM_EXTERN_MEMORY;
        x->memory = &spectest_memory;
        return true;
    }
    return false;
}

static struct loaded *find_module(struct runner *r, const char *name) {
    if (name == NULL) {
        return r->current;
    }
    for (int i = r->count - 1; i >= 0; i--) {
        if (strcmp(r->mods[i].name, name) == 0) {
            return &r->mods[i];
        }
    }
    return NULL;
}

/* Resolves every import of m; false if one names nothing known. */
static bool resolve(struct runner *r, const wasm_module_t *m, wasm_extern_t *out) {
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *im = &m->imports[i];
        bool found = false;
        if (name_is(im->module, "spectest")) {
            found = spectest_export(im->name, &out[i]);
        } else {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)im->module.len, im->module.bytes);
            struct loaded *l = find_module(r, name);
            found = l != NULL && l->inst != NULL &&
                    wasm_instance_export(l->inst, im->name.bytes, im->name.len, &out[i]);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static void fail(struct runner *r, const spec_command_t *cmd, const char *what) {
    r->failed++;
    printf("    # line %d: %s: %s\n", cmd->line, spec_command_kind_name(cmd->kind), what);
}

/*
 * Loads the command's module into a new entry and instantiates it; returns
 * the entry, with inst NULL and err set if instantiation failed, or NULL if
 * the module is not runnable here (text format, SIMD, unresolved import).
 */
static struct loaded *load_module(struct runner *r, const spec_command_t *cmd, wasm_error_t *err) {
    char path[4096];
    size_t size;
    if (cmd->text_module || cmd->filename == NULL || r->count == MAX_MODULES) {
        return NULL;
    }
    struct loaded *l = &r->mods[r->count];
    *l = (struct loaded){0};
    snprintf(l->name, sizeof l->name, "%s", cmd->name ? cmd->name : "");
    snprintf(path, sizeof path, "%s/%s", r->dir, cmd->filename);
    rz_file_t file;
    if (rz_file_read(path, &file) != 0) {
        return NULL;
    }
    l->bytes = file.bytes;
    size = file.size;
    l->m = wasm_decode(l->bytes, size, err);
    if (l->m == NULL || !wasm_validate(l->m, err) || !wasm_load(l->m, NULL, &l->code, err)) {
        wasm_module_free(l->m);
        free(l->bytes);
        return NULL;
    }
    r->count++;
    static wasm_extern_t imports[MAX_IMPORTS];
    if (l->m->import_count > MAX_IMPORTS || !resolve(r, l->m, imports)) {
        snprintf(err->message, sizeof err->message, "unknown import");
        return l;
    }
    l->inst = wasm_instantiate(&l->code, imports, err);
    return l;
}

static void run_module(struct runner *r, const spec_command_t *cmd) {
    wasm_error_t err;
    struct loaded *l = load_module(r, cmd, &err);
    r->current = l;
    if (l == NULL) {
        return;
    }
    if (l->inst == NULL) {
        fail(r, cmd, err.message);
    }
}

/* A module command that must fail to link or instantiate. */
static void run_failing_module(struct runner *r, const spec_command_t *cmd) {
    wasm_error_t err;
    struct loaded *l = load_module(r, cmd, &err);
    if (l == NULL) {
        r->skipped++;
    } else if (l->inst != NULL) {
        fail(r, cmd, "instantiated");
    } else if (strncmp(err.message, cmd->text, strlen(cmd->text)) != 0 &&
               !(cmd->kind == SPEC_CMD_ASSERT_UNLINKABLE &&
                 strncmp(err.message, "incompatible import type", 24) == 0)) {
        char what[700];
        snprintf(what, sizeof what, "expected \"%s\", got \"%s\"", cmd->text, err.message);
        fail(r, cmd, what);
    } else {
        r->passed++;
    }
}

static bool is_nan(spec_type_t t, uint64_t v) {
    if (t == SPEC_F32) {
        return (v & 0x7f800000) == 0x7f800000 && (v & 0x7fffff) != 0;
    }
    return (v & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (v & 0xfffffffffffffull) != 0;
}

/* Host references are numbered from 0; as externref values they are
 * offset so that none is null. */
#define HOST_REF_BASE 0x1000

static bool matches(const spec_value_t *x, uint64_t got) {
    if (x->type == SPEC_I32 || x->type == SPEC_F32) {
        got &= 0xffffffffu;
    }
    switch (x->kind) {
    case SPEC_VALUE_BITS: return got == x->u.bits;
    case SPEC_VALUE_NAN: return is_nan(x->type, got); /* canonical is a NaN too */
    case SPEC_VALUE_REF_NULL: return got == 0;
    case SPEC_VALUE_REF_HOST: return got == x->u.bits + HOST_REF_BASE;
    default: return x->type != SPEC_FUNCREF || got != 0; /* (ref.func) */
    }
}

static void run_action(struct runner *r, const spec_command_t *cmd) {
    const spec_action_t *a = &cmd->action;
    struct loaded *l = find_module(r, a->module);
    uint64_t vals[MAX_IMPORTS] = {0};
    bool simd = false;
    for (size_t i = 0; i < a->arg_count && i < MAX_IMPORTS; i++) {
        const spec_value_t *v = &a->args[i];
        simd |= v->type == SPEC_V128;
        vals[i] = v->kind == SPEC_VALUE_REF_NULL   ? 0
                  : v->kind == SPEC_VALUE_REF_HOST ? v->u.bits + HOST_REF_BASE
                                                   : v->u.bits;
    }
    for (size_t i = 0; i < cmd->expected_count; i++) {
        simd |= cmd->expected[i].type == SPEC_V128;
    }
    wasm_extern_t x;
    /* spec_action_t names are C strings: a name with a NUL byte arrives
     * cut short, and an empty one may stand for such a name */
    bool ambiguous = a->field[0] == '\0';
    if (a->is_get || simd || ambiguous || l == NULL || l->inst == NULL ||
        !wasm_instance_export(l->inst, a->field, (uint32_t)strlen(a->field), &x) ||
        x.kind != WASM_EXTERN_FUNC) {
        r->skipped++;
        return;
    }
    uint32_t func = UINT32_MAX;
    for (uint32_t i = 0; i < l->m->export_count; i++) {
        if (name_is(l->m->exports[i].name, a->field)) {
            func = l->m->exports[i].index;
        }
    }
    wasm_trap_t trap;
    bool returned = wasm_invoke(l->inst, func, vals, &trap);
    char what[300];
    if (!returned && trap.kind == WASM_TRAP_NONE) {
        r->skipped++;
    } else if (cmd->kind == SPEC_CMD_ASSERT_TRAP || cmd->kind == SPEC_CMD_ASSERT_EXHAUSTION) {
        const char *msg = wasm_trap_message(trap.kind);
        if (!returned && strncmp(cmd->text, msg, strlen(msg)) == 0) {
            r->passed++;
        } else {
            snprintf(what, sizeof what, "%s: expected trap \"%s\", got %s", a->field, cmd->text,
                     returned ? "a return" : msg);
            fail(r, cmd, what);
        }
    } else if (!returned) {
        snprintf(what, sizeof what, "%s: trapped: %s", a->field, wasm_trap_message(trap.kind));
        fail(r, cmd, what);
    } else if (cmd->kind == SPEC_CMD_ASSERT_RETURN) {
        bool ok = true;
        for (size_t i = 0; i < cmd->expected_count; i++) {
            ok &= matches(&cmd->expected[i], vals[i]);
        }
        if (ok) {
            r->passed++;
        } else {
            snprintf(what, sizeof what, "%s: wrong result 0x%llx", a->field,
                     (unsigned long long)vals[0]);
            fail(r, cmd, what);
        }
    }
}

static void run_register(struct runner *r, const spec_command_t *cmd) {
    struct loaded *l = find_module(r, cmd->name);
    if (l == NULL || l->inst == NULL || r->count == MAX_MODULES) {
        return;
    }
    struct loaded *alias = &r->mods[r->count++];
    *alias = *l;
    alias->alias = true;
    snprintf(alias->name, sizeof alias->name, "%s", cmd->as);
}

static void run_script(struct runner *r, const spec_script_t *s) {
    for (size_t i = 0; i < s->count; i++) {
        const spec_command_t *cmd = &s->commands[i];
        switch (cmd->kind) {
        case SPEC_CMD_MODULE:
            run_module(r, cmd);
            break;
        case SPEC_CMD_REGISTER:
            run_register(r, cmd);
            break;
        case SPEC_CMD_ACTION:
        case SPEC_CMD_ASSERT_RETURN:
        case SPEC_CMD_ASSERT_EXHAUSTION:
            run_action(r, cmd);
            break;
        case SPEC_CMD_ASSERT_TRAP:
            if (cmd->has_action) {
                run_action(r, cmd);
            } else {
                run_failing_module(r, cmd);
            }
            break;
        case SPEC_CMD_ASSERT_UNLINKABLE:
        case SPEC_CMD_ASSERT_UNINSTANTIABLE:
            run_failing_module(r, cmd);
            break;
        default: /* malformed and invalid modules are rz spec's */
            break;
        }
    }
}

/* Frees a script's modules, newest first (importers before exporters). */
static void release(struct runner *r) {
    for (int i = r->count - 1; i >= 0; i--) {
        struct loaded *l = &r->mods[i];
        if (l->alias) {
            continue;
        }
        wasm_instance_free(l->inst);
        wasm_unload(&l->code);
        wasm_module_free(l->m);
        free(l->bytes);
    }
    r->count = 0;
    r->current = NULL;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    if (argc != 3 || !spectest_setup()) {
        fprintf(stderr, "usage: jit-spec SUITE_DIR CACHE_DIR\n");
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (d == NULL) {
        printf("KTAP version 1\n1..0 # SKIP no spec suite at %s\n", argv[1]);
        return 0;
    }
    char *names[1024];
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && n < 1024;) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".wast") == 0) {
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    printf("KTAP version 1\n1..%d\n", n);
    int failed_files = 0;
    static struct runner r;
    for (int i = 0; i < n; i++) {
        char wast[4096], err[1024];
        spec_converted_t conv;
        rz_file_t json;
        spec_script_t script;
        snprintf(wast, sizeof wast, "%s/%s", argv[1], names[i]);
        names[i][strlen(names[i]) - 5] = '\0';
        if (strncmp(names[i], "simd", 4) == 0) {
            printf("ok %d jit_spec.%s # SKIP SIMD is not compiled\n", i + 1, names[i]);
            free(names[i]);
            continue;
        }
        memset(&r, 0, sizeof r);
        spectest_reset();
        bool loaded = spec_cache_convert(wast, argv[2], &conv, err, sizeof err) &&
                      rz_file_read(conv.json, &json) == 0;
        if (loaded) {
            char *text = realloc(json.bytes, json.size + 1);
            text[json.size] = '\0';
            loaded = spec_script_parse(text, &script, err, sizeof err);
            free(text);
        }
        if (!loaded) {
            printf("    # cannot load: %s\n", err);
            printf("not ok %d jit_spec.%s\n", i + 1, names[i]);
            failed_files++;
            free(names[i]);
            continue;
        }
        r.dir = conv.dir;
        run_script(&r, &script);
        release(&r);
        spec_script_free(&script);
        printf("    # %u passed, %u failed, %u skipped\n", r.passed, r.failed, r.skipped);
        printf("%s %d jit_spec.%s\n", r.failed ? "not ok" : "ok", i + 1, names[i]);
        failed_files += r.failed != 0;
        free(names[i]);
    }
    return failed_files != 0;
}
