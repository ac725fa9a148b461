/* The preview1 functions rz provides, with their wasm types (host_import.h). */
#include "wasi/wasi.h"

#define WASI(name, sig)                                                                            \
    { "wasi_snapshot_preview1", #name, sig, (const void *)wasi_##name }

const rz_host_func_t wasi_host_funcs[] = {
    WASI(args_get, "ii:i"),
    WASI(args_sizes_get, "ii:i"),
    WASI(environ_get, "ii:i"),
    WASI(environ_sizes_get, "ii:i"),
    WASI(clock_res_get, "ii:i"),
    WASI(clock_time_get, "iIi:i"),
    WASI(random_get, "ii:i"),
    WASI(sched_yield, ":i"),
    WASI(poll_oneoff, "iiii:i"),
    WASI(proc_exit, "i:"),
    WASI(fd_read, "iiii:i"),
    WASI(fd_write, "iiii:i"),
    WASI(fd_seek, "iIii:i"),
    WASI(fd_tell, "ii:i"),
    WASI(fd_close, "i:i"),
    WASI(fd_fdstat_get, "ii:i"),
    WASI(fd_fdstat_set_flags, "ii:i"),
    WASI(fd_filestat_get, "ii:i"),
    WASI(fd_prestat_get, "ii:i"),
    WASI(fd_prestat_dir_name, "iii:i"),
    WASI(fd_readdir, "iiiIi:i"),
    WASI(path_open, "iiiiiIIii:i"),
    WASI(path_filestat_get, "iiiii:i"),
};

const size_t wasi_host_func_count = sizeof wasi_host_funcs / sizeof wasi_host_funcs[0];
