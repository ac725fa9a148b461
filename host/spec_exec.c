/*
 * The spec runner's execution handlers (spec_handler.h): a script's
 * modules are compiled, linked against the spectest host module and the
 * instances registered earlier in the script, and instantiated; actions
 * invoke exported functions or read exported globals, and the assertions
 * compare results (NaN patterns included), traps and link or
 * instantiation failures with the script's expectations.
 *
 * A module the JIT cannot compile (it uses SIMD) passes once validated;
 * every later command on it is skipped with that reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rz.h"
#include "spec_handler.h"
#include "spectest.h"

#define SPEC_MAX_VALS 1024 /* arguments or results of one call */

/* Host references are numbered from 0; as externref values they are
 * offset so that none is null. */
#define SPEC_HOST_REF_BASE 0x1000

/* A module command's module, or why it cannot be used. */
typedef struct spec_module {
    const char *name; /* its $name in the script, or NULL */
    rz_file_t file;
    wasm_module_t *m;
    wasm_loaded_t code;
    bool loaded;
    wasm_instance_t *inst; /* NULL unless instantiated */
    spec_skip_t skip;      /* commands on it are skipped for this; SPEC_SKIP_COUNT: none */
} spec_module_t;

/* A `register`: imports from module `as` resolve to `module`'s exports. */
typedef struct spec_registration {
    const char *as;
    const spec_module_t *module;
} spec_registration_t;

struct spec_exec {
    wasm_jit_options_t options;
    spec_module_t **modules; /* in script order */
    size_t module_count;
    spec_module_t *current; /* the latest module command's */
    spec_registration_t *registrations;
    size_t registration_count;
};

spec_exec_t *spec_exec_new(const wasm_jit_options_t *options) {
    spec_exec_t *x = calloc(1, sizeof *x);
    if (x == NULL || !spectest_reset()) {
        free(x);
        return NULL;
    }
    x->options = *options;
    return x;
}

/* Frees the modules newest first: importers before what they import. */
void spec_exec_free(spec_exec_t *x) {
    if (x == NULL) {
        return;
    }
    for (size_t i = x->module_count; i-- > 0;) {
        spec_module_t *mod = x->modules[i];
        wasm_instance_free(mod->inst);
        if (mod->loaded) {
            wasm_unload(&mod->code);
        }
        wasm_module_free(mod->m);
        rz_file_free(&mod->file);
        free(mod);
    }
    free(x->modules);
    free(x->registrations);
    free(x);
}

static spec_module_t *find_module(const spec_exec_t *x, const char *name) {
    if (name == NULL) {
        return x->current;
    }
    for (size_t i = x->module_count; i-- > 0;) {
        if (x->modules[i]->name != NULL && strcmp(x->modules[i]->name, name) == 0) {
            return x->modules[i];
        }
    }
    return NULL;
}

/* The external value an import names; false if nothing provides it. */
static bool resolve_import(const spec_exec_t *x, const wasm_import_t *im, wasm_extern_t *out) {
    if (wasm_name_eq(im->module, "spectest", 8)) {
        return spectest_export(im->name, out);
    }
    for (size_t i = x->registration_count; i-- > 0;) {
        const spec_registration_t *r = &x->registrations[i];
        if (wasm_name_eq(im->module, r->as, (uint32_t)strlen(r->as))) {
            return wasm_instance_export(r->module->inst, im->name.bytes, im->name.len, out);
        }
    }
    return false;
}

/* Links and instantiates mod; false with err filled in on failure. */
static bool instantiate(const spec_exec_t *x, spec_module_t *mod, wasm_error_t *err) {
    const wasm_module_t *m = mod->m;
    wasm_extern_t *imports = calloc(m->import_count ? m->import_count : 1, sizeof *imports);
    if (imports == NULL) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *im = &m->imports[i];
        if (!resolve_import(x, im, &imports[i])) {
            snprintf(err->message, sizeof err->message, "unknown import \"%.*s\" \"%.*s\"",
                     (int)im->module.len, im->module.bytes, (int)im->name.len, im->name.bytes);
            free(imports);
            return false;
        }
    }
    mod->inst = wasm_instantiate(&mod->code, imports, err);
    free(imports);
    return mod->inst != NULL;
}

typedef enum spec_load {
    SPEC_LOAD_OK,        /* instantiated */
    SPEC_LOAD_SKIPPED,   /* note->skip says why */
    SPEC_LOAD_FAILED,    /* unreadable or rejected: note->why says how */
    SPEC_LOAD_UNLINKED,  /* compiled, but linking or instantiating failed: see err */
} spec_load_t;

/* Adds the command's module to the script's modules (as the current one,
 * for a module command) and takes it as far as it goes. */
static spec_load_t load(spec_run_t *run, const spec_command_t *cmd, spec_note_t *note,
                        wasm_error_t *err) {
    spec_exec_t *x = run->exec;
    const char *kind = spec_command_kind_name(cmd->kind);
    spec_module_t *mod = calloc(1, sizeof *mod);
    spec_module_t **grown = realloc(x->modules, (x->module_count + 1) * sizeof *grown);
    if (mod == NULL || grown == NULL) {
        free(mod);
        x->modules = grown != NULL ? grown : x->modules;
        snprintf(note->why, sizeof note->why, "line %d: %s: out of memory", cmd->line, kind);
        return SPEC_LOAD_FAILED;
    }
    x->modules = grown;
    x->modules[x->module_count++] = mod;
    if (cmd->kind == SPEC_CMD_MODULE) {
        x->current = mod;
        mod->name = cmd->name;
    }
    mod->skip = SPEC_SKIP_COUNT;
    if (cmd->text_module) {
        mod->skip = note->skip = SPEC_SKIP_TEXT;
        return SPEC_LOAD_SKIPPED;
    }
    if (cmd->filename == NULL) {
        snprintf(note->why, sizeof note->why, "line %d: %s: no module file", cmd->line, kind);
        return SPEC_LOAD_FAILED;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", run->dir, cmd->filename);
    int error = rz_file_read(path, &mod->file);
    if (error != 0) {
        snprintf(note->why, sizeof note->why, "line %d: %s: %s: %s", cmd->line, kind, path,
                 strerror(error));
        return SPEC_LOAD_FAILED;
    }
    rz_verdict_t verdict = rz_load(mod->file.bytes, mod->file.size, err, &mod->m);
    if (verdict != RZ_VALID) {
        snprintf(note->why, sizeof note->why, "line %d: %s: expected valid, got %s: %s",
                 cmd->line, kind, rz_verdict_name(verdict), err->message);
        return SPEC_LOAD_FAILED;
    }
    /* The JIT compiles everything but SIMD. */
    if (!wasm_load(mod->m, &x->options, &mod->code, err)) {
        mod->skip = note->skip = SPEC_SKIP_SIMD;
        return SPEC_LOAD_SKIPPED;
    }
    mod->loaded = true;
    return instantiate(x, mod, err) ? SPEC_LOAD_OK : SPEC_LOAD_UNLINKED;
}

spec_outcome_t spec_exec_module(spec_run_t *run, const spec_command_t *cmd, spec_note_t *note) {
    wasm_error_t err;
    switch (load(run, cmd, note, &err)) {
    case SPEC_LOAD_OK:
        return SPEC_PASSED;
    case SPEC_LOAD_SKIPPED:
        /* Validated: all this tier checks of a module it cannot compile. */
        return note->skip == SPEC_SKIP_SIMD ? SPEC_PASSED : SPEC_SKIPPED;
    case SPEC_LOAD_FAILED:
        return SPEC_FAILED;
    case SPEC_LOAD_UNLINKED:
        break;
    }
    snprintf(note->why, sizeof note->why, "line %d: module: not instantiated: %s", cmd->line,
             err.message);
    return SPEC_FAILED;
}

/* A module that must fail to link or instantiate with the command's text. */
static spec_outcome_t expect_unusable(spec_run_t *run, const spec_command_t *cmd,
                                      spec_note_t *note) {
    wasm_error_t err;
    const char *kind = spec_command_kind_name(cmd->kind);
    const char *text = cmd->text != NULL ? cmd->text : "";
    switch (load(run, cmd, note, &err)) {
    case SPEC_LOAD_OK:
        snprintf(note->why, sizeof note->why, "line %d: %s: expected \"%s\", got instantiated",
                 cmd->line, kind, text);
        return SPEC_FAILED;
    case SPEC_LOAD_SKIPPED:
        return SPEC_SKIPPED;
    case SPEC_LOAD_FAILED:
        return SPEC_FAILED;
    case SPEC_LOAD_UNLINKED:
        break;
    }
    /* The suite expects "unknown import" also where an import exists with
     * another type; the runtime tells those apart. */
    bool same = strncmp(err.message, text, strlen(text)) == 0 ||
                (cmd->kind == SPEC_CMD_ASSERT_UNLINKABLE &&
                 strncmp(err.message, "incompatible import type", 24) == 0);
    if (same) {
        return SPEC_PASSED;
    }
    snprintf(note->why, sizeof note->why, "line %d: %s: expected \"%s\", got \"%s\"", cmd->line,
             kind, text, err.message);
    return SPEC_FAILED;
}

spec_outcome_t spec_exec_assert_unlinkable(spec_run_t *run, const spec_command_t *cmd,
                                           spec_note_t *note) {
    return expect_unusable(run, cmd, note);
}

spec_outcome_t spec_exec_assert_uninstantiable(spec_run_t *run, const spec_command_t *cmd,
                                               spec_note_t *note) {
    return expect_unusable(run, cmd, note);
}

/* A module usable by later commands: found, and neither skipped nor failed. */
static spec_outcome_t usable_module(const spec_exec_t *x, const spec_command_t *cmd,
                                    const char *name, spec_note_t *note, spec_module_t **out) {
    const char *kind = spec_command_kind_name(cmd->kind);
    spec_module_t *mod = find_module(x, name);
    if (mod == NULL) {
        snprintf(note->why, sizeof note->why, "line %d: %s: no module %s", cmd->line, kind,
                 name != NULL ? name : "yet");
        return SPEC_FAILED;
    }
    if (mod->skip != SPEC_SKIP_COUNT) {
        note->skip = mod->skip;
        return SPEC_SKIPPED;
    }
    if (mod->inst == NULL) {
        snprintf(note->why, sizeof note->why, "line %d: %s: its module was not instantiated",
                 cmd->line, kind);
        return SPEC_FAILED;
    }
    *out = mod;
    return SPEC_PASSED;
}

spec_outcome_t spec_exec_register(spec_run_t *run, const spec_command_t *cmd, spec_note_t *note) {
    spec_exec_t *x = run->exec;
    spec_module_t *mod;
    spec_outcome_t usable = usable_module(x, cmd, cmd->name, note, &mod);
    if (usable != SPEC_PASSED) {
        return usable;
    }
    spec_registration_t *grown =
        realloc(x->registrations, (x->registration_count + 1) * sizeof *grown);
    if (grown == NULL) {
        snprintf(note->why, sizeof note->why, "line %d: register: out of memory", cmd->line);
        return SPEC_FAILED;
    }
    x->registrations = grown;
    x->registrations[x->registration_count++] = (spec_registration_t){cmd->as, mod};
    return SPEC_PASSED;
}

/* An action's outcome: results in vals[0..result_count), or the trap. */
typedef struct spec_call {
    bool returned;
    wasm_trap_t trap;
    size_t result_count;
    uint64_t vals[SPEC_MAX_VALS];
} spec_call_t;

static bool has_v128(const spec_value_t *values, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (values[i].type == SPEC_V128) {
            return true;
        }
    }
    return false;
}

static bool type_has_v128(const wasm_functype_t *t) {
    for (uint32_t i = 0; i < t->param_count + t->result_count; i++) {
        if (t->types[i] == WASM_V128) {
            return true;
        }
    }
    return false;
}

/* The export the action names. Names come from the JSON as C strings, cut
 * at a NUL byte: a name matching more than one export that way is
 * ambiguous, and the command skipped. */
static spec_outcome_t find_export(const spec_module_t *mod, const spec_command_t *cmd,
                                  spec_note_t *note, const wasm_export_t **out) {
    const char *field = cmd->action.field;
    size_t len = strlen(field), found = 0;
    for (uint32_t i = 0; i < mod->m->export_count; i++) {
        wasm_name_t n = mod->m->exports[i].name;
        if ((n.len == len || (n.len > len && n.bytes[len] == '\0')) &&
            memcmp(n.bytes, field, len) == 0) {
            *out = &mod->m->exports[i];
            found++;
        }
    }
    if (found == 1) {
        return SPEC_PASSED;
    }
    if (found > 1) {
        note->skip = SPEC_SKIP_NUL_NAME;
        return SPEC_SKIPPED;
    }
    snprintf(note->why, sizeof note->why, "line %d: %s: no export \"%s\"", cmd->line,
             spec_command_kind_name(cmd->kind), field);
    return SPEC_FAILED;
}

static uint64_t value_bits(const spec_value_t *v) {
    switch (v->kind) {
    case SPEC_VALUE_REF_NULL: return 0;
    case SPEC_VALUE_REF_HOST: return v->u.bits + SPEC_HOST_REF_BASE;
    default: return v->u.bits;
    }
}

/* Invokes the function or reads the global the command's action names. */
static spec_outcome_t perform(spec_run_t *run, const spec_command_t *cmd, spec_note_t *note,
                              spec_call_t *call) {
    const spec_action_t *a = &cmd->action;
    const char *kind = spec_command_kind_name(cmd->kind);
    spec_module_t *mod;
    const wasm_export_t *e;
    spec_outcome_t o = usable_module(run->exec, cmd, a->module, note, &mod);
    o = o == SPEC_PASSED ? find_export(mod, cmd, note, &e) : o;
    if (o != SPEC_PASSED) {
        return o;
    }
    if (has_v128(a->args, a->arg_count) || has_v128(cmd->expected, cmd->expected_count)) {
        note->skip = SPEC_SKIP_SIMD;
        return SPEC_SKIPPED;
    }
    wasm_extern_kind_t want = a->is_get ? WASM_EXTERN_GLOBAL : WASM_EXTERN_FUNC;
    if (e->kind != want) {
        snprintf(note->why, sizeof note->why, "line %d: %s: \"%s\" is not a %s", cmd->line,
                 kind, a->field, a->is_get ? "global" : "function");
        return SPEC_FAILED;
    }
    if (a->is_get) {
        wasm_extern_t g;
        wasm_instance_export(mod->inst, e->name.bytes, e->name.len, &g);
        call->vals[0] = *g.global;
        call->result_count = 1;
        call->returned = true;
        return SPEC_PASSED;
    }
    const wasm_functype_t *t = wasm_func_type(mod->m, e->index);
    if (type_has_v128(t)) {
        note->skip = SPEC_SKIP_SIMD;
        return SPEC_SKIPPED;
    }
    if (a->arg_count != t->param_count || t->result_count > SPEC_MAX_VALS) {
        snprintf(note->why, sizeof note->why, "line %d: %s: %s: %zu arguments for %u parameters",
                 cmd->line, kind, a->field, a->arg_count, t->param_count);
        return SPEC_FAILED;
    }
    for (size_t i = 0; i < a->arg_count; i++) {
        call->vals[i] = value_bits(&a->args[i]);
    }
    call->result_count = t->result_count;
    call->returned = wasm_invoke(mod->inst, e->index, call->vals, &call->trap);
    if (!call->returned && call->trap.kind == WASM_TRAP_NONE) {
        snprintf(note->why, sizeof note->why, "line %d: %s: %s cannot be called", cmd->line,
                 kind, a->field);
        return SPEC_FAILED;
    }
    return SPEC_PASSED;
}

spec_outcome_t spec_exec_action(spec_run_t *run, const spec_command_t *cmd, spec_note_t *note) {
    spec_call_t call;
    spec_outcome_t o = perform(run, cmd, note, &call);
    if (o != SPEC_PASSED || call.returned) {
        return o;
    }
    snprintf(note->why, sizeof note->why, "line %d: action: %s: trapped: %s", cmd->line,
             cmd->action.field, wasm_trap_message(call.trap.kind));
    return SPEC_FAILED;
}

static bool nan_matches(spec_type_t type, spec_nan_t nan, uint64_t bits) {
    uint64_t quiet = type == SPEC_F32 ? 0x7fc00000u : 0x7ff8000000000000ull;
    uint64_t magnitude = bits & (type == SPEC_F32 ? 0x7fffffffu : 0x7fffffffffffffffull);
    /* canonical: only the quiet bit of the payload; arithmetic: at least it */
    return nan == SPEC_NAN_CANONICAL ? magnitude == quiet : (magnitude & quiet) == quiet;
}

static bool value_matches(const spec_value_t *want, uint64_t got) {
    if (want->type == SPEC_I32 || want->type == SPEC_F32) {
        got &= 0xffffffffu;
    }
    switch (want->kind) {
    case SPEC_VALUE_BITS: return got == want->u.bits;
    case SPEC_VALUE_NAN: return nan_matches(want->type, want->nan[0], got);
    case SPEC_VALUE_REF_NULL: return got == 0;
    case SPEC_VALUE_REF_HOST: return got == want->u.bits + SPEC_HOST_REF_BASE;
    case SPEC_VALUE_ANY: break;
    }
    /* A type alone: any number, or any non-null reference (ref.func). */
    return (want->type != SPEC_FUNCREF && want->type != SPEC_EXTERNREF) || got != 0;
}

static void describe(const spec_value_t *v, char *out, size_t size) {
    static const char *const nans[] = {"", "nan:canonical", "nan:arithmetic"};
    switch (v->kind) {
    case SPEC_VALUE_NAN: snprintf(out, size, "%s", nans[v->nan[0]]); break;
    case SPEC_VALUE_REF_NULL: snprintf(out, size, "ref.null"); break;
    case SPEC_VALUE_ANY: snprintf(out, size, "a non-null reference"); break;
    default: snprintf(out, size, "0x%llx", (unsigned long long)value_bits(v)); break;
    }
}

spec_outcome_t spec_exec_assert_return(spec_run_t *run, const spec_command_t *cmd,
                                       spec_note_t *note) {
    spec_call_t call;
    const char *field = cmd->action.field;
    spec_outcome_t o = perform(run, cmd, note, &call);
    if (o != SPEC_PASSED) {
        return o;
    }
    if (!call.returned) {
        snprintf(note->why, sizeof note->why, "line %d: assert_return: %s: trapped: %s",
                 cmd->line, field, wasm_trap_message(call.trap.kind));
        return SPEC_FAILED;
    }
    if (call.result_count != cmd->expected_count) {
        snprintf(note->why, sizeof note->why,
                 "line %d: assert_return: %s: expected %zu results, got %zu", cmd->line, field,
                 cmd->expected_count, call.result_count);
        return SPEC_FAILED;
    }
    for (size_t i = 0; i < cmd->expected_count; i++) {
        if (!value_matches(&cmd->expected[i], call.vals[i])) {
            char want[64];
            describe(&cmd->expected[i], want, sizeof want);
            snprintf(note->why, sizeof note->why,
                     "line %d: assert_return: %s: result %zu: expected %s, got 0x%llx", cmd->line,
                     field, i, want, (unsigned long long)call.vals[i]);
            return SPEC_FAILED;
        }
    }
    return SPEC_PASSED;
}

/* An action that must trap with the command's text (which may say more
 * than the engine's phrase, e.g. "integer overflow" for a conversion). */
static spec_outcome_t expect_trap(spec_run_t *run, const spec_command_t *cmd, spec_note_t *note) {
    spec_call_t call;
    spec_outcome_t o = perform(run, cmd, note, &call);
    if (o != SPEC_PASSED) {
        return o;
    }
    const char *text = cmd->text != NULL ? cmd->text : "";
    const char *msg = call.returned ? "a return" : wasm_trap_message(call.trap.kind);
    if (!call.returned && strncmp(text, msg, strlen(msg)) == 0) {
        return SPEC_PASSED;
    }
    snprintf(note->why, sizeof note->why, "line %d: %s: %s: expected trap \"%s\", got %s",
             cmd->line, spec_command_kind_name(cmd->kind), cmd->action.field, text, msg);
    return SPEC_FAILED;
}

spec_outcome_t spec_exec_assert_trap(spec_run_t *run, const spec_command_t *cmd,
                                     spec_note_t *note) {
    /* On a module: its instantiation must trap. */
    return cmd->has_action ? expect_trap(run, cmd, note) : expect_unusable(run, cmd, note);
}

spec_outcome_t spec_exec_assert_exhaustion(spec_run_t *run, const spec_command_t *cmd,
                                           spec_note_t *note) {
    return expect_trap(run, cmd, note);
}
