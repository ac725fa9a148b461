/* Tests of matching imports to host functions (host_import.c). */
#include "host_import.h"
#include "ktest.h"

static const wasm_valtype_t fd_seek_types[] = {WASM_I32, WASM_I64, WASM_I32, WASM_I32, WASM_I32};
static const wasm_functype_t fd_seek_type = {4, 1, fd_seek_types};
static const wasm_valtype_t log_f64_types[] = {WASM_F64};
static const wasm_functype_t log_f64_type = {1, 0, log_f64_types};
static const wasm_functype_t nothing_type = {0, 0, NULL};

KTEST(host_import, sig_matches_exact_types) {
    KT_EXPECT(t, rz_sig_matches(&fd_seek_type, "iIii:i"));
    KT_EXPECT(t, rz_sig_matches(&log_f64_type, "F:"));
    KT_EXPECT(t, rz_sig_matches(&nothing_type, ":"));
}

KTEST(host_import, sig_rejects_other_types_counts_and_shapes) {
    KT_EXPECT(t, !rz_sig_matches(&fd_seek_type, "iiii:i"));  /* i64 is not i32 */
    KT_EXPECT(t, !rz_sig_matches(&fd_seek_type, "iIii:"));   /* result missing */
    KT_EXPECT(t, !rz_sig_matches(&fd_seek_type, "iIii:ii")); /* one result too many */
    KT_EXPECT(t, !rz_sig_matches(&fd_seek_type, "iIiii"));   /* no ':' */
    KT_EXPECT(t, !rz_sig_matches(&log_f64_type, "f:"));      /* f32 is not f64 */
    KT_EXPECT(t, !rz_sig_matches(&nothing_type, ""));
}
