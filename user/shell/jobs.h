/*
 * The shell's programs: `run` starts a program of the boot archive with
 * process_spawn and waits for it (or not, with '&'); the shell keeps the
 * handles of those still running as jobs, which `kill` ends
 * (process_kill); `kill` reaches any other descendant of the shell (a
 * process a job started) through process_open. `ps` reports the jobs that ended and lists every process
 * of the system (process_list).
 */
#ifndef RZ_USER_SHELL_JOBS_H
#define RZ_USER_SHELL_JOBS_H

#include "user/shell/parse.h"

/* Jobs the shell tracks at once. */
#define JOBS_MAX 16

void jobs_run(const struct shell_cmd *cmd);
void jobs_ps(const struct shell_cmd *cmd);
void jobs_kill(const struct shell_cmd *cmd);
/* For mem: the linear memory committed and reserved by each running job. */
void jobs_mem(void);

#endif
