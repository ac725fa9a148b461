/*
 * Running a loaded spec script against the engine. Each command kind has
 * one handler in a dispatch table (spec_run.c): assert_malformed and
 * assert_invalid modules must be rejected, the rest run through the JIT
 * and the runtime (spec_exec.c). A rejection by the other phase than the
 * spec's (wasm_decode() for "malformed", wasm_validate() for "invalid")
 * still passes, as in other engines' spec runners, but is counted, since
 * wasm.h promises the spec's split.
 */
#ifndef RZ_HOST_SPEC_RUN_H
#define RZ_HOST_SPEC_RUN_H

#include <stddef.h>

#include "compile/jit.h"
#include "spec_script.h"

/* Why a command was skipped. */
typedef enum spec_skip {
    SPEC_SKIP_TEXT,     /* its module is in the text format */
    SPEC_SKIP_SIMD,     /* its module or values use SIMD, which the JIT does not compile */
    SPEC_SKIP_NUL_NAME, /* it names an export by a name the JSON cut at a NUL byte */
    SPEC_SKIP_COUNT
} spec_skip_t;

typedef struct spec_result {
    unsigned passed, failed;
    unsigned skipped[SPEC_SKIP_COUNT];
    unsigned other_phase; /* passed, but rejected by the other phase */
    /* One line per failed command: "line N: KIND: expected X, got Y[: message]". */
    size_t failure_count;
    char **failures;
} spec_result_t;

/* Runs every command of `script`, whose module files are in `dir`,
 * compiling with `options`, adding the outcomes to `result` (zero it
 * first). */
void spec_run_script(const spec_script_t *script, const char *dir,
                     const wasm_jit_options_t *options, spec_result_t *result);

/* Records a failure that is not a command's, e.g. a script that would not load. */
void spec_result_add_failure(spec_result_t *result, const char *line);

void spec_result_free(spec_result_t *result);

unsigned spec_result_skipped(const spec_result_t *result);

/* The reason printed for skipped commands, e.g. "SIMD is not compiled". */
const char *spec_skip_reason(spec_skip_t skip);

#endif
