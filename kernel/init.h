/*
 * init, the kernel's side of it for now: runs the boot archive's boot.conf
 * (kernel/bootconf.h) at boot, reporting each program's end on the
 * console. Once the userland has an init program, boot.conf names it.
 */
#ifndef RZ_KERNEL_INIT_H
#define RZ_KERNEL_INIT_H

#include <stdbool.h>
#include <stddef.h>

#include "abi/types.h"
#include "kernel/archive.h"

/* The boot configuration's name in the boot archive. */
#define INIT_CONFIG "boot.conf"

/* A console program or driver that ends sooner than this after its start
 * waits out the rest before it is started again. */
#define INIT_RESTART_MIN_NS 1000000000ull

/* A driver that traps is started again, up to this many times in a row
 * within INIT_DRIVER_WINDOW_NS of the first of them; then init gives up. */
#define INIT_DRIVER_RESTARTS_MAX 5
#define INIT_DRIVER_WINDOW_NS 60000000000ull

/* How long init waits for a console line's service to be registered
 * before it says so and tries again. */
#define INIT_CONNECT_NS 10000000000ull

/* A `console [@SERVICE] PATH` line: path "" when there is none. */
struct init_console {
    char path[ARCHIVE_NAME_MAX];
    char service[RZ_SERVICE_NAME_MAX + 1];
};

/* Runs the run, driver and grant lines of a configuration text, in order, and
 * leaves in *console what its `console` line names (path "" if none; the
 * last such line counts). */
void init_run(const char *text, size_t len, struct init_console *console);

/* Starts a kernel thread that runs the driver path and returns at once.
 * The thread reports each end; it starts the driver again after a trap
 * ("init: driver PATH trapped, restart N"), not after an exit, and gives
 * up (saying so) after INIT_DRIVER_RESTARTS_MAX restarts within
 * INIT_DRIVER_WINDOW_NS. False, reported, when there is no memory for
 * the thread. */
bool init_driver(const char *path);

/* Ends every driver init supervises (killed, so not restarted) and
 * returns once their supervisors are gone, their hardware released. For
 * the kernel tests, which run boot.conf's drivers and must not leave
 * them running (the serial driver would own the line). */
void init_drivers_stop(void);
#define INIT_STOP_POLL_NS 1000000ull

/* Runs INIT_CONFIG from the boot archive (saying so when there is none),
 * leaving its console line in *console. */
void init_boot(struct init_console *console);

/* Runs console->path as the console program for ever, restarting it
 * whenever it ends, each time on a new connection to console->service
 * when there is one (waiting for the service to come back); returns only
 * when the program cannot be spawned. */
void init_console(const struct init_console *console);

#endif
