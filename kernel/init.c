/*
 * Running boot.conf (see init.h): each `run` spawns a program from the
 * boot archive, waits for its end and reports how it ended; each `grant`
 * adds to the kernel's grant table (kernel/grant.h). A program that
 * cannot be spawned, or a grant that conflicts with an earlier one, is
 * reported and skipped; a malformed line stops the configuration there.
 * Each `driver` gets a kernel thread of its own that runs it and starts
 * it again when it traps (within a limit), so drivers run beside the
 * rest. The `console` program runs last, for ever: init restarts it
 * whenever it ends, so a shell that exits or traps comes back.
 */
#include "kernel/init.h"

#include "kernel/bootconf.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/loader.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "lib/string.h"

/* How a program run by init ended. */
enum run_end { RUN_NOT_SPAWNED, RUN_NOT_STARTED, RUN_EXITED, RUN_TRAPPED, RUN_KILLED };

/* Spawns path, waits for its end and reports it. */
static enum run_end run_program(const char *path) {
    wasm_error_t err;
    enum run_end end = RUN_NOT_STARTED;
    struct process *p = process_spawn_from_archive(path, &err);
    if (p == NULL) {
        kprintf("init: %s: %s\n", path, err.message);
        return RUN_NOT_SPAWNED;
    }
    if (!process_start(p)) {
        kprintf("init: %s: no memory for its thread\n", path);
    } else if (process_wait(p, DEADLINE_NEVER)) {
        if (p->state == PROCESS_EXITED) {
            end = RUN_EXITED;
            kprintf("init: %s (pid %u) exited with status %d\n", path, p->pid, p->exit_status);
        } else {
            end = p->state == PROCESS_TRAPPED ? RUN_TRAPPED : RUN_KILLED;
            kprintf("init: %s (pid %u) %s\n", path, p->pid,
                    end == RUN_TRAPPED ? "trapped" : "was killed");
        }
    }
    process_release(p);
    return end;
}

/* Waits out the rest of INIT_RESTART_MIN_NS since start, so a program
 * that ends at once is not restarted in a tight loop. */
static void restart_spacing(uint64_t start) {
    if (clock_ns() - start < INIT_RESTART_MIN_NS) {
        thread_sleep_until(start + INIT_RESTART_MIN_NS);
    }
}

/* A supervised driver's thread: runs it until it ends other than by a
 * trap, or until it has trapped too often in a row. */
static void supervise(void *arg) {
    char *path = arg;
    unsigned restarts = 0, in_window = 0;
    uint64_t window_start = 0;
    for (;;) {
        uint64_t start = clock_ns();
        if (run_program(path) != RUN_TRAPPED) {
            break;
        }
        uint64_t now = clock_ns();
        if (in_window == 0 || now - window_start > INIT_DRIVER_WINDOW_NS) {
            window_start = now;
            in_window = 0;
        }
        if (in_window == INIT_DRIVER_RESTARTS_MAX) {
            kprintf("init: driver %s trapped %u times in a row within a minute; not restarted\n",
                    path, in_window + 1);
            break;
        }
        in_window++;
        restarts++;
        kprintf("init: driver %s trapped, restart %u\n", path, restarts);
        restart_spacing(start);
    }
    kfree(path);
}

bool init_driver(const char *path) {
    size_t len = strlen(path) + 1;
    char *copy = kmalloc(len);
    if (copy != NULL) {
        memcpy(copy, path, len);
        if (thread_create("driver", supervise, copy, THREAD_PRIO_NORMAL, 0) != NULL) {
            return true;
        }
        kfree(copy);
    }
    kprintf("init: driver %s: no memory for its supervisor\n", path);
    return false;
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
        } else if (cmd.kind == BOOTCONF_DRIVER) {
            init_driver(cmd.path);
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
        if (run_program(path) == RUN_NOT_SPAWNED) {
            return;
        }
        restart_spacing(start);
    }
}
