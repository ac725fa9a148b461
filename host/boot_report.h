/*
 * What `rz boot` reads in a booted kernel's console output: the lines in
 * which init reports how a program of boot.conf ended (user/init/children.c):
 *
 *     init: PATH (pid N) exited with status S
 *     init: PATH (pid N) trapped
 *     init: PATH (pid N) was killed
 *     init: PATH: WHY                  (it could not be spawned)
 *
 * Kept apart from the process handling so that the parsing is unit-tested.
 */
#ifndef RZ_HOST_BOOT_REPORT_H
#define RZ_HOST_BOOT_REPORT_H

#include <stdbool.h>

/* rz boot's exit statuses for ends that are not an exit status. */
#define BOOT_STATUS_TRAPPED 125 /* a wasm trap ended the program */
#define BOOT_STATUS_NOT_RUN 126 /* it could not be spawned */
#define BOOT_STATUS_KILLED 137  /* it was killed */

/*
 * When `line` (without its newline; a trailing '\r' is ignored) is init's
 * report of the end of the program at `path`: true and *status set to its
 * exit status (low 8 bits, as a shell sees it) or one of the statuses
 * above. False for any other line.
 */
bool boot_report_parse(const char *line, const char *path, int *status);

#endif
