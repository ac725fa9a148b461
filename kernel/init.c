/*
 * Running boot.conf (see init.h): each `run` spawns a program from the
 * boot archive, waits for its end and reports how it ended; each `grant`
 * adds to the kernel's grant table (kernel/grant.h). A program that
 * cannot be spawned, or a grant that conflicts with an earlier one, is
 * reported and skipped; a malformed line stops the configuration there.
 * Each `driver` gets a kernel thread of its own that runs it and starts
 * it again when it traps (within a limit), so drivers run beside the
 * rest. The `console` program runs last, for ever: init restarts it
 * whenever it ends, so a shell that exits or traps comes back. With
 * `console @SERVICE` each start gets a fresh connection to the service
 * as its console (docs/console.md), so a shell whose console server was
 * restarted comes back on the new one.
 */
#include "kernel/init.h"

#include "abi/errors.h"
#include "kernel/bootconf.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/loader.h"
#include "kernel/process.h"
#include "kernel/process_console.h"
#include "kernel/service.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "lib/string.h"

/* How a program run by init ended. */
enum run_end { RUN_NOT_SPAWNED, RUN_NOT_STARTED, RUN_EXITED, RUN_TRAPPED, RUN_KILLED };

/* Drops a console endpoint init holds as a console slot would (a
 * reference and a handle count). */
static void console_drop(struct kobject *console) {
    if (console != NULL) {
        kobject_handle_dropped(console);
        kobject_unref(console);
    }
}

/* A supervised driver: its path, and its process while it runs. */
struct supervised {
    struct supervised *next; /* in drivers.list */
    struct process *running; /* NULL between runs */
    char path[ARCHIVE_NAME_MAX];
};

/* Every supervised driver, so that init_drivers_stop can end them.
 * Locks: drivers.lock protects list, each running, and stopping; taken
 * before a process's own lock. */
static struct {
    spinlock_t lock;
    struct supervised *list;
    bool stopping; /* init_drivers_stop in progress: no restarts */
} drivers = {.lock = SPINLOCK_INIT("init drivers")};

static void set_running(struct supervised *d, struct process *p) {
    uint64_t flags = spin_lock_irqsave(&drivers.lock);
    d->running = p;
    spin_unlock_irqrestore(&drivers.lock, flags);
}

/* Spawns path with console (NULL: none; it moves into the process),
 * waits for its end and reports it. A driver's process is published in
 * d (NULL for others) while it runs. */
static enum run_end run_program(const char *path, struct kobject *console, struct supervised *d) {
    wasm_error_t err;
    enum run_end end = RUN_NOT_STARTED;
    struct process *p = process_spawn_from_archive(path, &err);
    if (p == NULL) {
        kprintf("init: %s: %s\n", path, err.message);
        console_drop(console);
        return RUN_NOT_SPAWNED;
    }
    if (console != NULL) {
        process_console_set(p, console);
    }
    if (d != NULL) {
        set_running(d, p);
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
    if (d != NULL) {
        set_running(d, NULL);
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

static bool stopping(void) {
    uint64_t flags = spin_lock_irqsave(&drivers.lock);
    bool stop = drivers.stopping;
    spin_unlock_irqrestore(&drivers.lock, flags);
    return stop;
}

/* A supervised driver's thread: runs it until it ends other than by a
 * trap, or until it has trapped too often in a row. */
static void supervise(void *arg) {
    struct supervised *d = arg;
    unsigned restarts = 0, in_window = 0;
    uint64_t window_start = 0;
    for (;;) {
        uint64_t start = clock_ns();
        if (run_program(d->path, NULL, d) != RUN_TRAPPED || stopping()) {
            break;
        }
        uint64_t now = clock_ns();
        if (in_window == 0 || now - window_start > INIT_DRIVER_WINDOW_NS) {
            window_start = now;
            in_window = 0;
        }
        if (in_window == INIT_DRIVER_RESTARTS_MAX) {
            kprintf("init: driver %s trapped %u times in a row within a minute; not restarted\n",
                    d->path, in_window + 1);
            break;
        }
        in_window++;
        restarts++;
        kprintf("init: driver %s trapped, restart %u\n", d->path, restarts);
        restart_spacing(start);
    }
    uint64_t flags = spin_lock_irqsave(&drivers.lock);
    struct supervised **link = &drivers.list;
    while (*link != d) {
        link = &(*link)->next;
    }
    *link = d->next;
    spin_unlock_irqrestore(&drivers.lock, flags);
    kfree(d);
}

bool init_driver(const char *path) {
    struct supervised *d = kmalloc(sizeof *d);
    if (d != NULL) {
        *d = (struct supervised){0};
        strlcpy(d->path, path, sizeof d->path);
        uint64_t flags = spin_lock_irqsave(&drivers.lock);
        d->next = drivers.list;
        drivers.list = d;
        spin_unlock_irqrestore(&drivers.lock, flags);
        if (thread_create("driver", supervise, d, THREAD_PRIO_NORMAL, 0) != NULL) {
            return true;
        }
        flags = spin_lock_irqsave(&drivers.lock);
        drivers.list = d->next;
        spin_unlock_irqrestore(&drivers.lock, flags);
        kfree(d);
    }
    kprintf("init: driver %s: no memory for its supervisor\n", path);
    return false;
}

void init_drivers_stop(void) {
    uint64_t flags = spin_lock_irqsave(&drivers.lock);
    drivers.stopping = true;
    for (;;) {
        for (struct supervised *d = drivers.list; d != NULL; d = d->next) {
            if (d->running != NULL) {
                process_kill(d->running);
            }
        }
        if (drivers.list == NULL) {
            break;
        }
        spin_unlock_irqrestore(&drivers.lock, flags);
        thread_sleep_until(clock_ns() + INIT_STOP_POLL_NS);
        flags = spin_lock_irqsave(&drivers.lock);
    }
    drivers.stopping = false;
    spin_unlock_irqrestore(&drivers.lock, flags);
}

void init_run(const char *text, size_t len, struct init_console *console) {
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    *console = (struct init_console){0};
    bootconf_begin(&c, text, len);
    while (bootconf_next(&c, &cmd, &err)) {
        const char *why;
        if (cmd.kind == BOOTCONF_RUN) {
            run_program(cmd.path, NULL, NULL);
        } else if (cmd.kind == BOOTCONF_DRIVER) {
            init_driver(cmd.path);
        } else if (cmd.kind == BOOTCONF_CONSOLE) {
            memcpy(console->path, cmd.path, sizeof cmd.path);
            memcpy(console->service, cmd.service, sizeof cmd.service);
        } else if (!grant_add(&grant_boot_table, &cmd.grant, &why)) {
            kprintf("init: %s line %u: %s\n", INIT_CONFIG, cmd.line, why);
        }
    }
    if (err.what != NULL) {
        kprintf("init: %s line %u: %s\n", INIT_CONFIG, err.line, err.what);
    }
}

void init_boot(struct init_console *console) {
    const uint8_t *base;
    *console = (struct init_console){0};
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

/* A connection to service, held as a console slot holds it, or NULL
 * (reported) when the service does not come within INIT_CONNECT_NS. */
static struct kobject *console_connect(const char *service) {
    struct kobject *ep;
    int err = service_connect(service, clock_ns() + INIT_CONNECT_NS, &ep);
    if (err != RZ_OK) {
        kprintf("init: console service %s: error %d\n", service, err);
        return NULL;
    }
    kobject_handle_added(ep);
    return ep;
}

void init_console(const struct init_console *console) {
    for (;;) {
        uint64_t start = clock_ns();
        struct kobject *ep = NULL;
        if (console->service[0] != '\0') {
            ep = console_connect(console->service);
        }
        if ((console->service[0] == '\0' || ep != NULL) &&
            run_program(console->path, ep, NULL) == RUN_NOT_SPAWNED) {
            return;
        }
        restart_spacing(start);
    }
}
