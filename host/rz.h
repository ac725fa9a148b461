/*
 * The `rz` host tool: one binary, one file per subcommand. This header is
 * what the subcommands share: their entry points, the exit statuses they
 * agree on, and reading a whole file.
 */
#ifndef RZ_HOST_RZ_H
#define RZ_HOST_RZ_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses of every subcommand. */
enum {
    RZ_EXIT_OK = 0,          /* everything checked passed */
    RZ_EXIT_FAIL = 1,        /* a module was rejected or a test failed */
    RZ_EXIT_ERROR = 2,       /* usage error, or a file could not be read or run */
    RZ_EXIT_UNSUPPORTED = 3, /* rz fuzz-exec: the JIT or runtime cannot run the module yet */
    RZ_EXIT_TRAP = 125,      /* rz run, rz invoke: the program trapped */
};

/* A subcommand: argv[0] is the subcommand's name; returns an exit status. */
int rz_cmd_validate(int argc, char **argv);
int rz_cmd_wast(int argc, char **argv);
int rz_cmd_spec(int argc, char **argv);
int rz_cmd_bench_validate(int argc, char **argv);
int rz_cmd_bench_compile(int argc, char **argv);
int rz_cmd_run(int argc, char **argv);
int rz_cmd_invoke(int argc, char **argv);
int rz_cmd_fuzz_exec(int argc, char **argv);
int rz_cmd_boot(int argc, char **argv);

typedef struct rz_file {
    uint8_t *bytes; /* malloc'd; never NULL after a successful read */
    size_t size;
} rz_file_t;

/* Reads all of `path`; returns 0, or an errno value with `file` untouched. */
int rz_file_read(const char *path, rz_file_t *file);
void rz_file_free(rz_file_t *file);

#endif
