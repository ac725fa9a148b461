/*
 * init's children: the programs of boot.conf's run, driver and console
 * lines, each in a slot that remembers how to start it again. init waits
 * on all of them at once (wait_many on their process handles), so a run
 * line's program, the drivers and the consoles proceed together, and
 * reports each end ("init: PATH (pid N) exited with status S", "trapped",
 * "was killed").
 *
 * Restart policy: a driver is started again when it traps, not when it
 * exits or is killed, and given up after CHILD_DRIVER_RESTARTS_MAX
 * restarts within CHILD_DRIVER_WINDOW_NS; a console program is started
 * again whenever it ends. A restart comes at least CHILD_RESTART_MIN_NS
 * after the previous start, so a program that ends at once does not spin.
 *
 * A console line with @SERVICE connects to that service at each start
 * (waiting up to CHILD_CONSOLE_CONNECT_NS for it to be registered) and
 * attaches the connection as init's console for the spawn, then detaches:
 * the program inherits it and init keeps writing to the kernel log. When
 * the service does not come, init says so and tries again a
 * CHILD_RESTART_MIN_NS later, for as long as it takes: a console driver
 * that is restarted, or starts late, gets its shell.
 */
#ifndef RZ_USER_INIT_CHILDREN_H
#define RZ_USER_INIT_CHILDREN_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/bootconf.h"

/* Slots: one per driver and console line, and the run line in progress;
 * one wait_many covers them all. */
#define CHILDREN_MAX 64

#define CHILD_RESTART_MIN_NS 1000000000ull
#define CHILD_DRIVER_RESTARTS_MAX 5
#define CHILD_DRIVER_WINDOW_NS 60000000000ull
/* How long a console @SERVICE start waits for the service to be there. */
#define CHILD_CONSOLE_CONNECT_NS 5000000000ull

/* A slot for cmd's program (run, driver or console), not started yet; -1
 * (reported) when every slot is taken. */
int child_add(const struct bootconf_cmd *cmd);

/* Starts slot's program now; false (reported) when it cannot: the slot
 * is given up when the program cannot be spawned, and tried again later
 * when its console service cannot be reached. */
bool child_start(int slot);

/* True while slot's program runs or waits for a restart. */
bool child_alive(int slot);

/* Frees a slot whose program ended (a run line's, once waited for). */
void child_free(int slot);

/* Waits until one child ends (reporting it and applying the restart
 * policy) or a restart is due (starting it). False when no child runs
 * and none waits for a restart: there is nothing to wait for. */
bool child_wait(void);

#endif
