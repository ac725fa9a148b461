/*
 * What the spec runner's command handlers share (spec_run.c checks modules,
 * spec_exec.c runs code): the state of a script's run, a handler's outcome
 * and its note, and the handler type of the dispatch table.
 */
#ifndef RZ_HOST_SPEC_HANDLER_H
#define RZ_HOST_SPEC_HANDLER_H

#include "spec_run.h"

typedef struct spec_exec spec_exec_t;

typedef struct spec_run {
    const char *dir;   /* the script's module files */
    spec_exec_t *exec; /* its instances and registrations */
} spec_run_t;

typedef enum spec_outcome { SPEC_PASSED, SPEC_FAILED, SPEC_SKIPPED } spec_outcome_t;

/* What a handler says besides its outcome: the failure's explanation or the skip's reason. */
typedef struct spec_note {
    char why[768];
    spec_skip_t skip;
    bool other_phase;
} spec_note_t;

typedef spec_outcome_t spec_handler_t(spec_run_t *run, const spec_command_t *cmd,
                                      spec_note_t *note);

/* spec_exec.c: a script's execution state, compiling with `options`. */
spec_exec_t *spec_exec_new(const wasm_jit_options_t *options);
void spec_exec_free(spec_exec_t *exec);

/* spec_exec.c: the handlers of module (decode, validate, compile, link,
 * instantiate), register, action and the assertions that run code. */
spec_handler_t spec_exec_module, spec_exec_register, spec_exec_action, spec_exec_assert_return,
    spec_exec_assert_trap, spec_exec_assert_exhaustion, spec_exec_assert_unlinkable,
    spec_exec_assert_uninstantiable;

#endif
