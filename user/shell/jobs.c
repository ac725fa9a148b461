/* The shell's programs and jobs (jobs.h). */
#include "user/shell/jobs.h"

#include <string.h>

#include "abi/rights.h"
#include "lib/fmt.h"
#include "rz/rz.h"

struct job {
    rz_handle_t process; /* RZ_HANDLE_INVALID: a free slot */
    uint32_t pid;
    char name[64];
};

static struct job jobs[JOBS_MAX];

/* Processes ps asks process_list for at a time. */
#define PS_PAGE 16u

static const char *const trap_names[] = {
    [RZ_TRAP_UNREACHABLE] = "unreachable",
    [RZ_TRAP_MEMORY_OUT_OF_BOUNDS] = "out of bounds memory access",
    [RZ_TRAP_DIVIDE_BY_ZERO] = "integer divide by zero",
    [RZ_TRAP_INTEGER_OVERFLOW] = "integer overflow",
    [RZ_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [RZ_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [RZ_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [RZ_TRAP_SIGNATURE_MISMATCH] = "indirect call type mismatch",
    [RZ_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [RZ_TRAP_TABLE_OUT_OF_BOUNDS] = "out of bounds table access",
};

/* How a process stands, in words: "running", "exited with status 3", ... */
static void describe(const rz_process_info_t *info, char *out, size_t size) {
    switch (info->state) {
    case RZ_PROCESS_READY:
        fmt_snprintf(out, size, "ready");
        break;
    case RZ_PROCESS_RUNNING:
        fmt_snprintf(out, size, "running");
        break;
    case RZ_PROCESS_EXITED:
        fmt_snprintf(out, size, "exited with status %d", (int)info->exit_status);
        break;
    case RZ_PROCESS_TRAPPED:
        fmt_snprintf(out, size, "trapped: %s",
                 info->trap < sizeof(trap_names) / sizeof(trap_names[0]) && trap_names[info->trap]
                     ? trap_names[info->trap]
                     : "unknown trap");
        break;
    case RZ_PROCESS_KILLED:
        fmt_snprintf(out, size, "killed");
        break;
    default:
        fmt_snprintf(out, size, "state %u", (unsigned)info->state);
        break;
    }
}

/* Prints "[pid N] NAME: HOW" for an ended job, closes its handle and frees
 * its slot. */
static void reap(struct job *j) {
    rz_process_info_t info;
    char how[64] = "gone";
    if (rz_process_info(j->process, &info, sizeof(info)) == RZ_OK) {
        describe(&info, how, sizeof(how));
    }
    rz_printf("[pid %u] %s: %s\n", (unsigned)j->pid, j->name, how);
    rz_handle_close(j->process);
    j->process = RZ_HANDLE_INVALID;
}

static bool has_ended(const struct job *j) {
    uint32_t observed = 0;
    return rz_wait_one(j->process, RZ_SIG_TERMINATED, 0, &observed) == RZ_OK;
}

/* Spawns `path`, or bin/PATH.wasm when no program has that exact name. */
static int32_t spawn(const char *path, const char *args, uint32_t args_len, rz_handle_t *out,
                     char *name, size_t name_size) {
    fmt_snprintf(name, name_size, "%s", path);
    int32_t err = rz_process_spawn(name, (uint32_t)strlen(name), args, args_len, NULL, 0, out);
    if (err == RZ_ERR_NOT_FOUND && strchr(path, '/') == NULL) {
        fmt_snprintf(name, name_size, "bin/%s.wasm", path);
        err = rz_process_spawn(name, (uint32_t)strlen(name), args, args_len, NULL, 0, out);
    }
    return err;
}

void jobs_run(const struct shell_cmd *cmd) {
    if (cmd->argc < 2) {
        rz_print("run: usage: run PROGRAM [ARG...] [&]\n");
        return;
    }
    /* Arguments travel NUL-separated; the kernel decides whether it can
     * pass them. */
    char args[256];
    uint32_t args_len = 0;
    for (int i = 2; i < cmd->argc; i++) {
        size_t n = strlen(cmd->argv[i]) + 1;
        if (args_len + n > sizeof(args)) {
            rz_print("run: arguments too long\n");
            return;
        }
        memcpy(args + args_len, cmd->argv[i], n);
        args_len += (uint32_t)n;
    }
    struct job *slot = NULL;
    for (int i = 0; i < JOBS_MAX && slot == NULL; i++) {
        if (jobs[i].process == RZ_HANDLE_INVALID) {
            slot = &jobs[i];
        }
    }
    if (slot == NULL) {
        rz_printf("run: %d jobs already; kill one first\n", JOBS_MAX);
        return;
    }
    int32_t err = spawn(cmd->argv[1], args, args_len, &slot->process, slot->name,
                        sizeof(slot->name));
    if (err != RZ_OK) {
        slot->process = RZ_HANDLE_INVALID;
        rz_printf("run: %s: %s\n", cmd->argv[1], rz_error_name(err));
        return;
    }
    rz_process_info_t info;
    slot->pid = rz_process_info(slot->process, &info, sizeof(info)) == RZ_OK ? info.pid : 0;
    if (cmd->background) {
        rz_printf("[pid %u] %s\n", (unsigned)slot->pid, slot->name);
        return;
    }
    rz_wait_one(slot->process, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL);
    reap(slot);
}

void jobs_ps(const struct shell_cmd *cmd) {
    /* Ended jobs first: reaping them closes their handles, so they leave
     * the list. */
    for (int i = 0; i < JOBS_MAX; i++) {
        if (jobs[i].process != RZ_HANDLE_INVALID && has_ended(&jobs[i])) {
            reap(&jobs[i]);
        }
    }
    rz_print("  PID  MEMORY  STATE\n");
    rz_process_entry_t list[PS_PAGE];
    uint32_t first = 0, n;
    do {
        int32_t err = rz_process_list(first, list, PS_PAGE, &n);
        if (err != RZ_OK) {
            rz_printf("ps: %s\n", rz_error_name(err));
            return;
        }
        for (uint32_t i = 0; i < n; i++) {
            const rz_process_info_t *info = &list[i].info;
            char how[64];
            describe(info, how, sizeof(how));
            rz_printf("%5u %6lluK  %s  %s\n", (unsigned)info->pid,
                      (unsigned long long)(info->memory_committed / 1024), how, list[i].name);
        }
        first = n > 0 ? list[n - 1].info.pid + 1 : first;
    } while (n == PS_PAGE);
}

/* Kills pid, which is not a job: a descendant the shell may open. */
static void kill_descendant(uint32_t pid) {
    rz_handle_t h;
    int32_t err = rz_process_open(pid, RZ_RIGHT_MANAGE | RZ_RIGHT_WAIT, &h);
    if (err == RZ_ERR_ACCESS_DENIED) {
        rz_printf("kill: pid %u is not a descendant of this shell\n", (unsigned)pid);
        return;
    }
    if (err == RZ_ERR_NOT_FOUND) {
        rz_printf("kill: pid %u: no such process\n", (unsigned)pid);
        return;
    }
    if (err == RZ_OK) {
        err = rz_process_kill(h);
        if (err == RZ_OK) {
            rz_wait_one(h, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL);
            rz_printf("[pid %u] killed\n", (unsigned)pid);
        }
        rz_handle_close(h);
    }
    if (err != RZ_OK) {
        rz_printf("kill: pid %u: %s\n", (unsigned)pid, rz_error_name(err));
    }
}

void jobs_kill(const struct shell_cmd *cmd) {
    uint32_t pid;
    if (cmd->argc != 2 || !shell_parse_u32(cmd->argv[1], &pid)) {
        rz_print("kill: usage: kill PID (a job, or a process the shell's programs started)\n");
        return;
    }
    for (int i = 0; i < JOBS_MAX; i++) {
        struct job *j = &jobs[i];
        if (j->process != RZ_HANDLE_INVALID && j->pid == pid) {
            int32_t err = rz_process_kill(j->process);
            if (err != RZ_OK) {
                rz_printf("kill: %u: %s\n", (unsigned)pid, rz_error_name(err));
                return;
            }
            rz_wait_one(j->process, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL);
            reap(j);
            return;
        }
    }
    kill_descendant(pid);
}

static void mem_line(uint32_t pid, const rz_process_info_t *info, const char *name) {
    rz_printf("%5u %7lluK %7lluK  %s\n", (unsigned)pid,
              (unsigned long long)(info->memory_committed / 1024),
              (unsigned long long)(info->memory_size / 1024), name);
}

void jobs_mem(void) {
    rz_process_info_t info;
    rz_print("  PID  MEMORY    SIZE  PROGRAM\n");
    for (int i = 0; i < JOBS_MAX; i++) {
        struct job *j = &jobs[i];
        if (j->process != RZ_HANDLE_INVALID && !has_ended(j) &&
            rz_process_info(j->process, &info, sizeof(info)) == RZ_OK) {
            mem_line(j->pid, &info, j->name);
        }
    }
}
