/*
 * From bytes to something runnable: the boot archive the loader handed
 * over, and linking a module's imports against the syscalls.
 *
 * Every import must be a function from module "rz" whose name is a syscall,
 * or from module "wasi_snapshot_preview1" whose name is a WASI function the
 * kernel implements (kernel/wasi/wasi.h), and whose wasm signature is
 * exactly that function's; anything else refuses
 * the module with a message naming the import (nothing is resolved late,
 * nothing is called through a stub).
 */
#ifndef RZ_KERNEL_LOADER_H
#define RZ_KERNEL_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/archive.h"
#include "runtime/instance.h"
#include "wasm.h"

/* The name of the boot archive module on the loader's command line. */
#define LOADER_ARCHIVE_NAME "boot.tar"

/* The boot archive's bytes; false when the loader gave none. */
bool loader_boot_archive(const uint8_t **base, size_t *size);

/* The regular file `path` of the boot archive: ARCHIVE_OK and *out,
 * ARCHIVE_END when there is no such file (or no archive), ARCHIVE_MALFORMED
 * when the archive is broken before it. */
enum archive_status loader_find_program(const char *path, struct archive_entry *out);

/* The regular file of the boot archive named by the len bytes at name
 * (not NUL-terminated: a syscall's argument, already in kernel memory):
 * true with the name, NUL-terminated, in path and the file in *out; false
 * when there is none. */
bool loader_find_named(const char *name, uint32_t len, char path[ARCHIVE_NAME_MAX],
                       struct archive_entry *out);

/* A program's name: its path after the last '/'. */
const char *loader_program_name(const char *path);

/* Fills imports[0 .. m->import_count) with the syscalls they name.
 * False with err explaining the first import that does not link. */
bool loader_link(const wasm_module_t *m, wasm_extern_t *imports, wasm_error_t *err);

#endif
