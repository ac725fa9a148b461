/*
 * Starting init (see init.h). The kernel reads boot.conf only for its
 * grants, which must be in place before any driver starts; init, a wasm
 * program like any other, reads the file again through archive_read and
 * runs its programs. Both read it with lib/bootconf.c, the one
 * definition of the format.
 */
#include "kernel/init.h"

#include "kernel/archive.h"
#include "kernel/console.h"
#include "kernel/loader.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "lib/bootconf.h"

void init_grants(const char *text, size_t len, struct grant_table *t) {
    struct bootconf_cursor c;
    static struct bootconf_cmd cmd; /* one boot thread reads it; too big for its stack */
    struct bootconf_error err;
    bootconf_begin(&c, text, len);
    while (bootconf_next(&c, &cmd, &err)) {
        struct grant g;
        const char *why;
        if (cmd.kind == BOOTCONF_GRANT &&
            (!grant_parse(cmd.words, cmd.count, &g, &why) || !grant_add(t, &g, &why))) {
            kprintf("kernel: %s line %u: %s\n", INIT_CONFIG, cmd.line, why);
        }
    }
}

/* The grants of INIT_CONFIG, when the boot archive has one; init says so
 * when it has none. */
static void apply_boot_grants(void) {
    struct archive_entry e;
    if (loader_find_program(INIT_CONFIG, &e) == ARCHIVE_OK) {
        init_grants((const char *)e.data, (size_t)e.size, &grant_boot_table);
    }
}

void init_start(void) {
    apply_boot_grants();
    wasm_error_t err;
    struct process *p = process_spawn_from_archive(INIT_PROGRAM, &err);
    if (p == NULL) {
        panic("cannot start init: %s: %s", INIT_PROGRAM, err.message);
    }
    process_set_init(p);
    if (!process_start(p)) {
        panic("cannot start init: no memory for its thread");
    }
    process_wait(p, DEADLINE_NEVER);
    rz_process_info_t info;
    process_info(p, &info);
    if (info.state == RZ_PROCESS_EXITED) {
        kprintf("kernel: init (pid %u) exited with status %d; nothing is left to run\n",
                (unsigned)info.pid, (int)info.exit_status);
    } else {
        kprintf("kernel: init (pid %u) %s; nothing is left to run\n", (unsigned)info.pid,
                info.state == RZ_PROCESS_TRAPPED ? "trapped" : "was killed");
    }
    process_release(p);
}
