/*
 * The shell's views of the system: `ls` lists the boot archive
 * (archive_list) and `mem` shows the frame allocator, the kernel heap
 * (memory_stats) and the memory of the shell's jobs (process_info).
 */
#ifndef RZ_USER_SHELL_SYSINFO_H
#define RZ_USER_SHELL_SYSINFO_H

#include "user/shell/parse.h"

void sysinfo_ls(const struct shell_cmd *cmd);
void sysinfo_mem(const struct shell_cmd *cmd);

#endif
