/* The shell's ls and mem (sysinfo.h). */
#include "user/shell/sysinfo.h"

#include "rz/rz.h"
#include "user/shell/jobs.h"

#define FRAME_KIB 4u

void sysinfo_ls(const struct shell_cmd *cmd) {
    rz_archive_entry_t e;
    int32_t err;
    uint32_t i = 0;
    while ((err = rz_archive_list(i, &e, sizeof(e))) == RZ_OK) {
        rz_printf("%8llu  %.*s\n", (unsigned long long)e.size, (int)e.name_len, e.name);
        i++;
    }
    if (err != RZ_ERR_NOT_FOUND) {
        rz_printf("ls: %s\n", rz_error_name(err));
        return;
    }
    rz_printf("%u files\n", (unsigned)i);
}

void sysinfo_mem(const struct shell_cmd *cmd) {
    rz_memory_stats_t s;
    int32_t err = rz_memory_stats(&s, sizeof(s));
    if (err != RZ_OK) {
        rz_printf("mem: %s\n", rz_error_name(err));
        return;
    }
    rz_printf("frames: %llu free, %llu used, %llu total (%lluK free)\n",
              (unsigned long long)s.frames_free, (unsigned long long)s.frames_used,
              (unsigned long long)s.frames_total,
              (unsigned long long)(s.frames_free * FRAME_KIB));
    rz_printf("kernel heap: %lluK\n", (unsigned long long)(s.heap_bytes / 1024));
    jobs_mem();
}
