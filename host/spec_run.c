/* The spec runner's command handlers and their dispatch table (see spec_run.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rz.h"
#include "spec_run.h"

typedef struct spec_run {
    const char *dir; /* the script's module files */
} spec_run_t;

typedef enum spec_outcome { SPEC_PASSED, SPEC_FAILED, SPEC_SKIPPED } spec_outcome_t;

/* What a handler says besides its outcome: the failure's explanation or the skip's reason. */
typedef struct spec_note {
    char why[768];
    spec_skip_t skip;
    bool other_phase;
} spec_note_t;

typedef spec_outcome_t spec_handler_t(const spec_run_t *run, const spec_command_t *cmd,
                                      spec_note_t *note);

static const char *const spec_skip_reasons[SPEC_SKIP_COUNT] = {
    [SPEC_SKIP_TEXT] = "text format, not a binary",
    [SPEC_SKIP_EXECUTION] = "needs execution (compiler tier)",
};

const char *spec_skip_reason(spec_skip_t skip) {
    return skip < SPEC_SKIP_COUNT ? spec_skip_reasons[skip] : "?";
}

/* Reads and checks the command's module, and compares the verdict with `want`. */
static spec_outcome_t expect_verdict(const spec_run_t *run, const spec_command_t *cmd,
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
    if (got == want) {
        return SPEC_PASSED;
    }
    if (want != RZ_VALID && got != RZ_VALID) {
        note->other_phase = true;
        return SPEC_PASSED;
    }
    /* The expected message matters only for a rejection this tier checks. */
    bool show_text = want != RZ_VALID && cmd->text != NULL;
    snprintf(note->why, sizeof note->why, "line %d: %s: expected %s%s%s%s, got %s%s%s", cmd->line,
             kind, rz_verdict_name(want), show_text ? " (\"" : "", show_text ? cmd->text : "",
             show_text ? "\")" : "", rz_verdict_name(got), got != RZ_VALID ? ": " : "",
             got != RZ_VALID ? err.message : "");
    return SPEC_FAILED;
}

static spec_outcome_t run_module(const spec_run_t *run, const spec_command_t *cmd,
                                 spec_note_t *note) {
    return expect_verdict(run, cmd, RZ_VALID, note);
}

static spec_outcome_t run_assert_malformed(const spec_run_t *run, const spec_command_t *cmd,
                                           spec_note_t *note) {
    return expect_verdict(run, cmd, RZ_MALFORMED, note);
}

static spec_outcome_t run_assert_invalid(const spec_run_t *run, const spec_command_t *cmd,
                                         spec_note_t *note) {
    return expect_verdict(run, cmd, RZ_INVALID, note);
}

static spec_outcome_t run_needs_execution(const spec_run_t *run, const spec_command_t *cmd,
                                          spec_note_t *note) {
    note->skip = SPEC_SKIP_EXECUTION;
    return SPEC_SKIPPED;
}

static spec_handler_t *const spec_handlers[SPEC_CMD_KIND_COUNT] = {
    [SPEC_CMD_MODULE] = run_module,
    [SPEC_CMD_REGISTER] = run_needs_execution,
    [SPEC_CMD_ACTION] = run_needs_execution,
    [SPEC_CMD_ASSERT_RETURN] = run_needs_execution,
    [SPEC_CMD_ASSERT_TRAP] = run_needs_execution,
    [SPEC_CMD_ASSERT_EXHAUSTION] = run_needs_execution,
    [SPEC_CMD_ASSERT_MALFORMED] = run_assert_malformed,
    [SPEC_CMD_ASSERT_INVALID] = run_assert_invalid,
    /* Linking and instantiating need the runtime, but these modules must be
     * valid, and that much is checked now. */
    [SPEC_CMD_ASSERT_UNLINKABLE] = run_module,
    [SPEC_CMD_ASSERT_UNINSTANTIABLE] = run_module,
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

void spec_run_script(const spec_script_t *script, const char *dir, spec_result_t *result) {
    spec_run_t run = {dir};
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
