/*
 * The shell: reads the console (console_read), edits lines with ledit,
 * splits them with shell_parse and runs the built-in commands. The line
 * editing and parsing are in their own files because they are plain C
 * tested on the host; this file is the glue to the syscalls.
 *
 * Commands: help, echo, uptime, exit; run, ps, kill for programs
 * (jobs.c); ls and mem (sysinfo.c); lspci (lspci.c).
 */
#include <string.h>

#include "rz/rz.h"
#include "user/shell/jobs.h"
#include "user/shell/ledit.h"
#include "user/shell/lspci.h"
#include "user/shell/parse.h"
#include "user/shell/sysinfo.h"

#define PROMPT "rz> "
#define NS_PER_MS 1000000ull

struct builtin {
    const char *name;
    const char *usage;
    void (*run)(const struct shell_cmd *cmd);
};

static struct ledit editor;
static bool exit_requested;
static int exit_status;

static void cmd_help(const struct shell_cmd *cmd);

static void cmd_echo(const struct shell_cmd *cmd) {
    for (int i = 1; i < cmd->argc; i++) {
        rz_printf("%s%s", i > 1 ? " " : "", cmd->argv[i]);
    }
    rz_print("\n");
}

static void cmd_uptime(const struct shell_cmd *cmd) {
    uint64_t ms = rz_clock_get() / NS_PER_MS;
    rz_printf("up %llu.%03u s\n", (unsigned long long)(ms / 1000), (unsigned)(ms % 1000));
}

static void cmd_exit(const struct shell_cmd *cmd) {
    uint32_t status = 0;
    if (cmd->argc > 2 || (cmd->argc == 2 && !shell_parse_u32(cmd->argv[1], &status))) {
        rz_print("exit: usage: exit [STATUS]\n");
        return;
    }
    exit_requested = true;
    exit_status = (int)status;
}

static const struct builtin builtins[] = {
    {"help", "help", cmd_help},
    {"echo", "echo [WORD...]", cmd_echo},
    {"uptime", "uptime", cmd_uptime},
    {"run", "run PROGRAM [ARG...] [&]  (a program of the boot archive; & leaves it running)",
     jobs_run},
    {"ps", "ps                        (every process)", jobs_ps},
    {"kill", "kill PID", jobs_kill},
    {"ls", "ls                        (the files of the boot archive)", sysinfo_ls},
    {"mem", "mem                       (free and used memory, and the jobs')", sysinfo_mem},
    {"lspci", "lspci [-v]                (PCI functions, from the pci service; -v: BARs)", lspci_run},
    {"exit", "exit [STATUS]", cmd_exit},
};
#define BUILTIN_COUNT (sizeof(builtins) / sizeof(builtins[0]))

static void cmd_help(const struct shell_cmd *cmd) {
    rz_print("commands:\n");
    for (size_t i = 0; i < BUILTIN_COUNT; i++) {
        rz_printf("  %s\n", builtins[i].usage);
    }
    rz_print("keys: Left/Right, Home/End, Backspace/Delete, Up/Down (history), ^C, ^D\n");
}

static void run_line(const char *line) {
    char words[LEDIT_LINE_MAX + 1];
    struct shell_cmd cmd;
    strcpy(words, line);
    enum shell_parse_status status = shell_parse(words, &cmd);
    if (status == SHELL_PARSE_EMPTY) {
        return;
    }
    if (status != SHELL_PARSE_OK) {
        rz_printf("shell: %s\n", shell_parse_message(status));
        return;
    }
    if (cmd.background && strcmp(cmd.argv[0], "run") != 0) {
        rz_print("shell: '&' is for run\n");
        return;
    }
    for (size_t i = 0; i < BUILTIN_COUNT; i++) {
        if (strcmp(cmd.argv[0], builtins[i].name) == 0) {
            builtins[i].run(&cmd);
            return;
        }
    }
    rz_printf("shell: %s: unknown command (help lists them)\n", cmd.argv[0]);
}

/* Feeds one typed byte; false once the shell should end. */
static bool take_byte(uint8_t byte) {
    enum ledit_result r = ledit_feed(&editor, byte);
    rz_console_write(editor.out, (uint32_t)editor.out_len);
    switch (r) {
    case LEDIT_MORE:
        return true;
    case LEDIT_LINE:
        run_line(ledit_line(&editor));
        break;
    case LEDIT_CANCEL:
        break;
    case LEDIT_EOF:
        rz_print("exit\n");
        return false;
    }
    if (exit_requested) {
        return false;
    }
    rz_print(PROMPT);
    return true;
}

int main(void) {
    ledit_init(&editor);
    rz_print("Ringzero shell; help lists the commands\n" PROMPT);
    for (;;) {
        uint8_t in[64];
        uint32_t n = 0;
        int32_t err = rz_console_read(in, sizeof(in), &n);
        if (err == RZ_ERR_PEER_CLOSED) {
            return 1; /* the console went away: whoever runs the shell starts it anew */
        }
        if (err != RZ_OK) {
            rz_printf("shell: console_read: error %d\n", (int)err);
            return 1;
        }
        for (uint32_t i = 0; i < n; i++) {
            if (!take_byte(in[i])) {
                return exit_status;
            }
        }
    }
}
