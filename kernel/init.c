/*
 * Running boot.conf (see init.h): each `run` spawns a program from the
 * boot archive, waits for its end and reports how it ended; each `grant`
 * adds to the kernel's grant table (kernel/grant.h). A program that
 * cannot be spawned, or a grant that conflicts with an earlier one, is
 * reported and skipped; a malformed line stops the configuration there.
 * The `console` program runs last, for ever: init restarts it whenever
 * it ends, so a shell that exits or traps comes back.
 */
#include "kernel/init.h"

#include "kernel/bootconf.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/loader.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "lib/string.h"

/* Spawns path, waits for its end and reports it; false when it could
 * not be spawned at all. */
static bool run_program(const char *path) {
    wasm_error_t err;
    struct process *p = process_spawn_from_archive(path, &err);
    if (p == NULL) {
        kprintf("init: %s: %s\n", path, err.message);
        return false;
    }
    if (!process_start(p)) {
        kprintf("init: %s: no memory for its thread\n", path);
    } else if (process_wait(p, DEADLINE_NEVER)) {
        if (p->state == PROCESS_EXITED) {
            kprintf("init: %s (pid %u) exited with status %d\n", path, p->pid, p->exit_status);
        } else {
            kprintf("init: %s (pid %u) %s\n", path, p->pid,
                    p->state == PROCESS_TRAPPED ? "trapped" : "was killed");
        }
    }
    process_release(p);
    return true;
}

void init_run(const char *text, size_t len, char console[ARCHIVE_NAME_MAX]) {
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    console[0] = '\0';
    bootconf_begin(&c, text, len);
    while (bootconf_next(&c, &cmd, &err)) {
        const char *why;
        if (cmd.kind == BOOTCONF_RUN) {
            run_program(cmd.path);
        } else if (cmd.kind == BOOTCONF_CONSOLE) {
            memcpy(console, cmd.path, sizeof cmd.path);
        } else if (!grant_add(&grant_boot_table, &cmd.grant, &why)) {
            kprintf("init: %s line %u: %s\n", INIT_CONFIG, cmd.line, why);
        }
    }
    if (err.what != NULL) {
        kprintf("init: %s line %u: %s\n", INIT_CONFIG, err.line, err.what);
    }
}

void init_boot(char console[ARCHIVE_NAME_MAX]) {
    const uint8_t *base;
    console[0] = '\0';
    size_t size;
    struct archive_entry e;
    if (!loader_boot_archive(&base, &size)) {
        kprintf("init: no boot archive\n");
        return;
    }
    if (archive_find(base, size, INIT_CONFIG, &e) != ARCHIVE_OK) {
        kprintf("init: no %s in the boot archive\n", INIT_CONFIG);
        return;
    }
    init_run((const char *)e.data, (size_t)e.size, console);
}

void init_console(const char *path) {
    for (;;) {
        uint64_t start = clock_ns();
        if (!run_program(path)) {
            return;
        }
        /* One that ends at once is not restarted in a tight loop. */
        if (clock_ns() - start < INIT_RESTART_MIN_NS) {
            thread_sleep_until(start + INIT_RESTART_MIN_NS);
        }
    }
}
