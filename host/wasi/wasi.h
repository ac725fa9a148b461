/*
 * WASI preview1 ("wasi_snapshot_preview1") for `rz run`: the state of one
 * running command (arguments, environment, descriptor table, preopened
 * directories) and the host functions, one file per concept:
 *
 *   wasi.c   state, descriptor table, errno translation, guest memory
 *   args.c   args_* and environ_*
 *   clock.c  clocks, random_get, sched_yield, poll_oneoff (clocks), proc_exit
 *   fd.c     fd_read/write/seek/tell/close, fdstat, filestat, prestat
 *   dir.c    fd_readdir
 *   path.c   path_open and path_filestat_get, sandboxed to the preopens
 *   beneath.c   opening a path without leaving a directory (the sandbox)
 *   table.c  the import table matched against modules
 *
 * Every function checks every guest pointer and length against the memory's
 * current size before touching it (wasi_guest()) and answers garbage with an
 * errno, never a crash. The functions reach the state through one pointer
 * (wasi_state()): rz runs one WASI command per process.
 */
#ifndef RZ_HOST_WASI_WASI_H
#define RZ_HOST_WASI_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile/ctx.h"
#include "host_import.h"

/* The errno values of preview1 that the host functions return. */
enum {
    WASI_ESUCCESS = 0,
    WASI_E2BIG = 1,
    WASI_EACCES = 2,
    WASI_EAGAIN = 6,
    WASI_EBADF = 8,
    WASI_EBUSY = 10,
    WASI_EEXIST = 20,
    WASI_EFAULT = 21,
    WASI_EFBIG = 22,
    WASI_EINTR = 27,
    WASI_EINVAL = 28,
    WASI_EIO = 29,
    WASI_EISDIR = 31,
    WASI_ELOOP = 32,
    WASI_EMFILE = 33,
    WASI_ENAMETOOLONG = 37,
    WASI_ENFILE = 41,
    WASI_ENOENT = 44,
    WASI_ENOMEM = 48,
    WASI_ENOSPC = 51,
    WASI_ENOSYS = 52,
    WASI_ENOTDIR = 54,
    WASI_ENOTEMPTY = 55,
    WASI_ENOTSUP = 58,
    WASI_ENOTTY = 59,
    WASI_EOVERFLOW = 61,
    WASI_EPERM = 63,
    WASI_EPIPE = 64,
    WASI_EROFS = 66,
    WASI_ESPIPE = 67,
    WASI_EXDEV = 72,
    WASI_ENOTCAPABLE = 76,
};

/* File types (filetype). */
enum {
    WASI_FILETYPE_UNKNOWN = 0,
    WASI_FILETYPE_BLOCK_DEVICE = 1,
    WASI_FILETYPE_CHARACTER_DEVICE = 2,
    WASI_FILETYPE_DIRECTORY = 3,
    WASI_FILETYPE_REGULAR_FILE = 4,
    WASI_FILETYPE_SOCKET_STREAM = 6,
    WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

/* fdflags */
enum {
    WASI_FDFLAG_APPEND = 1,
    WASI_FDFLAG_DSYNC = 2,
    WASI_FDFLAG_NONBLOCK = 4,
    WASI_FDFLAG_RSYNC = 8,
    WASI_FDFLAG_SYNC = 16,
};

/* Rights are reported, not enforced beyond the host's open mode: every
 * descriptor claims all 29 preview1 rights. */
#define WASI_RIGHTS_ALL 0x1fffffffull
#define WASI_RIGHT_FD_READ (1ull << 1)
#define WASI_RIGHT_FD_WRITE (1ull << 6)

/* Longest path accepted from the guest (Linux's PATH_MAX). */
#define WASI_PATH_MAX 4096

/* Most descriptors a command may have open at once. */
#define WASI_MAX_FDS 128

typedef struct wasi_fd {
    int host;            /* host descriptor; -1 when the slot is free */
    const char *preopen; /* guest name of a preopened directory, else NULL */
} wasi_fd_t;

typedef struct wasi {
    int argc;
    char **argv; /* argv[0] is the program name the guest sees */
    int envc;
    char **envp; /* "NAME=value" */
    wasi_fd_t fds[WASI_MAX_FDS];
} wasi_t;

/* A preopened directory: host path and the name the guest sees. */
typedef struct wasi_preopen {
    const char *host_path;
    const char *guest_path;
} wasi_preopen_t;

/*
 * Sets up `w` (descriptors 0-2 are the host's stdin, stdout and stderr,
 * then one per preopen in order) and makes it the state the host functions
 * use. The strings must outlive `w`. Returns 0, or the host errno of the
 * preopen that could not be opened (*failed says which).
 */
int wasi_init(wasi_t *w, int argc, char **argv, int envc, char **envp,
              const wasi_preopen_t *preopens, size_t preopen_count, size_t *failed);
/* Closes every descriptor the guest left open except 0-2. */
void wasi_free(wasi_t *w);
wasi_t *wasi_state(void);

/* The host functions of preview1, for rz_program_open(). */
extern const rz_host_func_t wasi_host_funcs[];
extern const size_t wasi_host_func_count;

/* -- For the files implementing the functions. -- */

/* Host pointer to guest bytes [ptr, ptr + len) of memory 0, or NULL when
 * any of it lies outside the memory's current size (or there is no memory). */
void *wasi_guest(wasm_ctx_t *ctx, uint32_t ptr, uint64_t len);
/* Little-endian stores into guest memory: WASI_EFAULT when out of range. */
uint32_t wasi_put_u32(wasm_ctx_t *ctx, uint32_t ptr, uint32_t v);
uint32_t wasi_put_u64(wasm_ctx_t *ctx, uint32_t ptr, uint64_t v);
/* The descriptor slot of guest fd `fd`, or NULL when it is not open. */
wasi_fd_t *wasi_fd(uint32_t fd);
/* Installs a host descriptor in the lowest free slot; false when full. */
bool wasi_fd_add(int host, uint32_t *fd);
/* The preview1 errno for a host errno value. */
uint32_t wasi_errno(int host_errno);
/* The preview1 filetype of a host st_mode. */
uint8_t wasi_filetype(unsigned mode);

/* The preview1 functions (table.c lists them with their types). */
uint32_t wasi_args_get(wasm_ctx_t *ctx, uint32_t argv, uint32_t buf);
uint32_t wasi_args_sizes_get(wasm_ctx_t *ctx, uint32_t argc_ptr, uint32_t size_ptr);
uint32_t wasi_environ_get(wasm_ctx_t *ctx, uint32_t environ, uint32_t buf);
uint32_t wasi_environ_sizes_get(wasm_ctx_t *ctx, uint32_t count_ptr, uint32_t size_ptr);
uint32_t wasi_clock_res_get(wasm_ctx_t *ctx, uint32_t id, uint32_t res_ptr);
uint32_t wasi_clock_time_get(wasm_ctx_t *ctx, uint32_t id, uint64_t precision, uint32_t time_ptr);
uint32_t wasi_random_get(wasm_ctx_t *ctx, uint32_t buf, uint32_t len);
uint32_t wasi_sched_yield(wasm_ctx_t *ctx);
uint32_t wasi_poll_oneoff(wasm_ctx_t *ctx, uint32_t in, uint32_t out, uint32_t nsubs,
                          uint32_t nevents_ptr);
void wasi_proc_exit(wasm_ctx_t *ctx, uint32_t code);
uint32_t wasi_fd_read(wasm_ctx_t *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                      uint32_t nread_ptr);
uint32_t wasi_fd_write(wasm_ctx_t *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                       uint32_t nwritten_ptr);
uint32_t wasi_fd_seek(wasm_ctx_t *ctx, uint32_t fd, uint64_t offset, uint32_t whence,
                      uint32_t newoffset_ptr);
uint32_t wasi_fd_tell(wasm_ctx_t *ctx, uint32_t fd, uint32_t offset_ptr);
uint32_t wasi_fd_close(wasm_ctx_t *ctx, uint32_t fd);
uint32_t wasi_fd_fdstat_get(wasm_ctx_t *ctx, uint32_t fd, uint32_t stat_ptr);
uint32_t wasi_fd_fdstat_set_flags(wasm_ctx_t *ctx, uint32_t fd, uint32_t flags);
uint32_t wasi_fd_filestat_get(wasm_ctx_t *ctx, uint32_t fd, uint32_t stat_ptr);
uint32_t wasi_fd_prestat_get(wasm_ctx_t *ctx, uint32_t fd, uint32_t prestat_ptr);
uint32_t wasi_fd_prestat_dir_name(wasm_ctx_t *ctx, uint32_t fd, uint32_t path, uint32_t len);
uint32_t wasi_fd_readdir(wasm_ctx_t *ctx, uint32_t fd, uint32_t buf, uint32_t buf_len,
                         uint64_t cookie, uint32_t bufused_ptr);
uint32_t wasi_path_open(wasm_ctx_t *ctx, uint32_t dirfd, uint32_t dirflags, uint32_t path,
                        uint32_t path_len, uint32_t oflags, uint64_t rights_base,
                        uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_ptr);
uint32_t wasi_path_filestat_get(wasm_ctx_t *ctx, uint32_t dirfd, uint32_t flags, uint32_t path,
                                uint32_t path_len, uint32_t stat_ptr);

/*
 * Opens `path` relative to directory `dirfd` with open(2)'s flags and mode
 * (mode only with O_CREAT), refusing with -EXDEV any path that leaves the
 * directory: `..` above it, an absolute path, a symlink leading out.
 * Returns the descriptor or -errno. wasi_open_walk() is the fallback used
 * where the host lacks openat2, exported for its tests.
 */
int wasi_open_beneath(int dirfd, const char *path, int flags, unsigned mode);
int wasi_open_walk(int dirfd, const char *path, int flags, unsigned mode);

/* Writes a preview1 filestat (64 bytes) for host stat `st` at guest `ptr`. */
struct stat;
uint32_t wasi_put_filestat(wasm_ctx_t *ctx, uint32_t ptr, const struct stat *st);

#endif
