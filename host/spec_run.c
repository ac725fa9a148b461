/* The spec runner's module-checking handlers and the dispatch table of
 * every command kind (see spec_run.h); spec_exec.c has the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rz.h"
#include "spec_handler.h"

static const char *const spec_skip_reasons[SPEC_SKIP_COUNT] = {
    [SPEC_SKIP_TEXT] = "text format, not a binary",
    [SPEC_SKIP_SIMD] = "SIMD is not compiled",
    [SPEC_SKIP_NUL_NAME] = "export name with a NUL byte, which the JSON loader cuts",
};

const char *spec_skip_reason(spec_skip_t skip) {
    return skip < SPEC_SKIP_COUNT ? spec_skip_reasons[skip] : "?";
}

/* Reads and checks the command's module, which must be rejected as `want` says. */
static spec_outcome_t expect_rejected(const spec_run_t *run, const spec_command_t *cmd,
                                      rz_verdict_t want, spec_note_t *note) {
    const char *kind = spec_command_kind_name(cmd->kind);
    if (cmd->text_module) {
        note->skip = SPEC_SKIP_TEXT;
        return SPEC_SKIPPED;
    }
    if (cmd->filename == NULL) {
        snprintf(note->why, sizeof note->why, "line %d: %s: no module file", cmd->line, kind);
        return SPEC_FAILED;
    }
    char path[4096];
    rz_file_t file;
    snprintf(path, sizeof path, "%s/%s", run->dir, cmd->filename);
    int error = rz_file_read(path, &file);
    if (error != 0) {
        snprintf(note->why, sizeof note->why, "line %d: %s: %s: %s", cmd->line, kind, path,
                 strerror(error));
        return SPEC_FAILED;
    }
    wasm_error_t err;
    rz_verdict_t got = rz_check(file.bytes, file.size, &err);
    rz_file_free(&file);
    if (got == RZ_VALID) {
        snprintf(note->why, sizeof note->why, "line %d: %s: expected %s (\"%s\"), got valid",
                 cmd->line, kind, rz_verdict_name(want), cmd->text != NULL ? cmd->text : "");
        return SPEC_FAILED;
    }
    note->other_phase = got != want;
    return SPEC_PASSED;
}

static spec_outcome_t run_assert_malformed(spec_run_t *run, const spec_command_t *cmd,
                                           spec_note_t *note) {
    return expect_rejected(run, cmd, RZ_MALFORMED, note);
}

static spec_outcome_t run_assert_invalid(spec_run_t *run, const spec_command_t *cmd,
                                         spec_note_t *note) {
    return expect_rejected(run, cmd, RZ_INVALID, note);
}

static spec_handler_t *const spec_handlers[SPEC_CMD_KIND_COUNT] = {
    [SPEC_CMD_MODULE] = spec_exec_module,
    [SPEC_CMD_REGISTER] = spec_exec_register,
    [SPEC_CMD_ACTION] = spec_exec_action,
    [SPEC_CMD_ASSERT_RETURN] = spec_exec_assert_return,
    [SPEC_CMD_ASSERT_TRAP] = spec_exec_assert_trap,
    [SPEC_CMD_ASSERT_EXHAUSTION] = spec_exec_assert_exhaustion,
    [SPEC_CMD_ASSERT_MALFORMED] = run_assert_malformed,
    [SPEC_CMD_ASSERT_INVALID] = run_assert_invalid,
    [SPEC_CMD_ASSERT_UNLINKABLE] = spec_exec_assert_unlinkable,
    [SPEC_CMD_ASSERT_UNINSTANTIABLE] = spec_exec_assert_uninstantiable,
};

void spec_result_add_failure(spec_result_t *result, const char *line) {
    char **grown = realloc(result->failures, (result->failure_count + 1) * sizeof *grown);
    char *copy = strdup(line);
    result->failed++;
    if (grown == NULL || copy == NULL) {
        /* Out of memory: the failure still counts, only its line is lost. */
        free(copy);
        result->failures = grown != NULL ? grown : result->failures;
        return;
    }
    result->failures = grown;
    result->failures[result->failure_count++] = copy;
}

void spec_run_script(const spec_script_t *script, const char *dir,
                     const wasm_jit_options_t *options, spec_result_t *result) {
    spec_run_t run = {dir, spec_exec_new(options)};
    if (run.exec == NULL) {
        spec_result_add_failure(result, "cannot set up the spectest module's memory");
        return;
    }
    for (size_t i = 0; i < script->count; i++) {
        const spec_command_t *cmd = &script->commands[i];
        spec_note_t note = {"", SPEC_SKIP_COUNT, false};
        switch (spec_handlers[cmd->kind](&run, cmd, &note)) {
        case SPEC_PASSED:
            result->passed++;
            result->other_phase += note.other_phase;
            break;
        case SPEC_FAILED:
            spec_result_add_failure(result, note.why);
            break;
        case SPEC_SKIPPED:
            result->skipped[note.skip]++;
            break;
        }
    }
    spec_exec_free(run.exec);
}

unsigned spec_result_skipped(const spec_result_t *result) {
    unsigned total = 0;
    for (int i = 0; i < SPEC_SKIP_COUNT; i++) {
        total += result->skipped[i];
    }
    return total;
}

void spec_result_free(spec_result_t *result) {
    for (size_t i = 0; i < result->failure_count; i++) {
        free(result->failures[i]);
    }
    free(result->failures);
    memset(result, 0, sizeof *result);
}
