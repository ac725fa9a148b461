/*
 * `rz boot [--timeout S] [--conf LINE]... [--with FILE.wasm]... FILE.wasm...`: runs wasm
 * programs on the real kernel, without interaction. It builds an image
 * (tools/mkimage) whose
 * boot archive holds the programs as bin/NAME, init (bin/init.wasm, from
 * build/user/bin beside rz) and a boot.conf that has init run them in
 * order, boots it in QEMU (tools/qemu: KVM when usable, TCG
 * otherwise, RZ_ACCEL forces one), streams the console to stdout, and ends
 * QEMU once init has reported the end of every program. Standard input
 * goes to the console: a terminal makes `rz boot shell.wasm` interactive,
 * a pipe scripts it.
 *
 * Exit status: the first program's status that is not 0 (0 when all
 * exited with 0): its exit status modulo 256, 125 for a trap (the kernel's
 * trap report is in the output), 126 when it could not be spawned, 137
 * when killed; RZ_EXIT_ERROR (2) when the image cannot be built or the
 * kernel stops (or panics: rz boot then stops a second later, once the
 * backtrace is out) or the time runs out before every program ended.
 *
 * --with puts a program in the archive without running it (for programs
 * that others start). --conf LINE adds a line to boot.conf before the
 * run lines (e.g. `--conf 'grant NAME.wasm service NAME'`). The same file may be named twice (it runs twice);
 * two files with one
 * name may not. The kernel and the tools are found from the rz binary's own place:
 * build/rz next to build/kernel.elf, with tools/ beside build/.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boot_report.h"
#include "rz.h"

extern char **environ;

#define BOOT_PATH_MAX 4096
#define BOOT_PROGRAMS_MAX 64
#define BOOT_CONF_LINES_MAX 16
#define BOOT_TIMEOUT_DEFAULT 120
#define BOOT_LINE_MAX 4096

struct boot_program {
    const char *file;         /* on the host */
    char path[BOOT_PATH_MAX]; /* in the boot archive: bin/NAME */
    bool runs;                /* has a `run` line; false: only in the archive (--with) */
    bool ended;
    int status;
};

struct boot {
    char build_dir[BOOT_PATH_MAX]; /* where rz, kernel.elf live */
    char repo_dir[BOOT_PATH_MAX];  /* its parent: tools/ */
    char work_dir[BOOT_PATH_MAX];  /* temporary: root/ and the ISO */
    struct boot_program programs[BOOT_PROGRAMS_MAX];
    int count;
    const char *conf_lines[BOOT_CONF_LINES_MAX]; /* --conf, in order */
    int conf_count;
};

static bool find_dirs(struct boot *b) {
    char exe[BOOT_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n < 0) {
        perror("rz boot: /proc/self/exe");
        return false;
    }
    exe[n] = '\0';
    snprintf(b->build_dir, sizeof(b->build_dir), "%s", dirname(exe));
    char parent[BOOT_PATH_MAX];
    snprintf(parent, sizeof(parent), "%s", b->build_dir);
    snprintf(b->repo_dir, sizeof(b->repo_dir), "%s", dirname(parent));
    return true;
}

/* Runs argv to its end; true when it exited with 0. */
static bool run_tool(char *const argv[]) {
    pid_t pid;
    int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (err != 0) {
        fprintf(stderr, "rz boot: %s: %s\n", argv[0], strerror(err));
        return false;
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) {
        return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool write_file(const char *path, const void *bytes, size_t size) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "rz boot: %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(bytes, 1, size, f) == size;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "rz boot: %s: write failed\n", path);
    }
    return ok;
}

/* Copies each program to root/bin/NAME and writes root/boot.conf. */
static bool make_root(struct boot *b) {
    char path[BOOT_PATH_MAX + 32];
    snprintf(path, sizeof(path), "%s/root/bin", b->work_dir);
    char root[BOOT_PATH_MAX + 8];
    snprintf(root, sizeof(root), "%s/root", b->work_dir);
    if (mkdir(root, 0755) != 0 || mkdir(path, 0755) != 0) {
        perror("rz boot: mkdir");
        return false;
    }
    /* "run PATH\n" each, after the --conf lines. */
    static char conf[(BOOT_PROGRAMS_MAX + BOOT_CONF_LINES_MAX) * (BOOT_PATH_MAX + 8)];
    size_t conf_len = 0;
    for (int i = 0; i < b->conf_count; i++) {
        if (strlen(b->conf_lines[i]) >= BOOT_PATH_MAX || strchr(b->conf_lines[i], '\n') != NULL) {
            fprintf(stderr, "rz boot: --conf line too long or holding a newline\n");
            return false;
        }
        conf_len += (size_t)snprintf(conf + conf_len, sizeof(conf) - conf_len, "%s\n",
                                     b->conf_lines[i]);
    }
    for (int i = 0; i < b->count; i++) {
        char copy[BOOT_PATH_MAX];
        struct boot_program *p = &b->programs[i];
        snprintf(copy, sizeof(copy), "%s", p->file);
        snprintf(p->path, sizeof(p->path), "bin/%s", basename(copy));
        bool copied = false;
        for (int j = 0; j < i; j++) {
            if (strcmp(b->programs[j].path, p->path) == 0) {
                if (strcmp(b->programs[j].file, p->file) != 0) {
                    fprintf(stderr, "rz boot: two programs named %s\n", p->path);
                    return false;
                }
                copied = true; /* the same file again: it runs twice */
            }
        }
        if (p->runs) {
            conf_len +=
                (size_t)snprintf(conf + conf_len, sizeof(conf) - conf_len, "run %s\n", p->path);
        }
        if (copied) {
            continue;
        }
        rz_file_t file;
        int err = rz_file_read(p->file, &file);
        if (err != 0) {
            fprintf(stderr, "rz boot: %s: %s\n", p->file, strerror(err));
            return false;
        }
        snprintf(path, sizeof(path), "%s/root/%s", b->work_dir, p->path);
        bool ok = write_file(path, file.bytes, file.size);
        rz_file_free(&file);
        if (!ok) {
            return false;
        }
    }
    snprintf(path, sizeof(path), "%s/root/boot.conf", b->work_dir);
    return write_file(path, conf, conf_len);
}

static bool make_image(struct boot *b, char *iso, size_t iso_size) {
    char tool[BOOT_PATH_MAX + 16], kernel[BOOT_PATH_MAX + 16], root[BOOT_PATH_MAX + 8];
    snprintf(tool, sizeof(tool), "%s/tools/mkimage", b->repo_dir);
    snprintf(kernel, sizeof(kernel), "%s/kernel.elf", b->build_dir);
    snprintf(root, sizeof(root), "%s/root", b->work_dir);
    snprintf(iso, iso_size, "%s/boot.iso", b->work_dir);
    if (access(kernel, R_OK) != 0) {
        fprintf(stderr, "rz boot: %s missing: run make first\n", kernel);
        return false;
    }
    char *argv[] = {tool, kernel, root, iso, NULL};
    return run_tool(argv);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Notes a program's end when `line` reports it; true once all ended. */
static bool take_line(struct boot *b, const char *line) {
    bool all = true;
    for (int i = 0; i < b->count; i++) {
        struct boot_program *p = &b->programs[i];
        if (p->runs && !p->ended && boot_report_parse(line, p->path, &p->status)) {
            p->ended = true; /* the first of its runs still going: runs are in order */
            break;
        }
    }
    for (int i = 0; i < b->count; i++) {
        all = all && (b->programs[i].ended || !b->programs[i].runs);
    }
    return all;
}

/* Boots the ISO and streams its console until every program ended.
 * True when they all did. */
static bool boot_and_watch(struct boot *b, const char *iso, double timeout) {
    char tool[BOOT_PATH_MAX + 16];
    snprintf(tool, sizeof(tool), "%s/tools/qemu", b->repo_dir);
    char *argv[] = {tool, (char *)iso, "-display", "none", "-serial", "stdio", "-monitor", "none",
                    NULL};
    int out[2];
    if (pipe(out) != 0) {
        perror("rz boot: pipe");
        return false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    pid_t pid;
    int err = posix_spawn(&pid, tool, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    if (err != 0) {
        fprintf(stderr, "rz boot: %s: %s\n", tool, strerror(err));
        close(out[0]);
        return false;
    }
    char line[BOOT_LINE_MAX];
    size_t line_len = 0;
    bool done = false, panicked = false;
    const char *why = "the kernel stopped";
    double deadline = now_seconds() + timeout;
    while (!done) {
        double left = deadline - now_seconds();
        if (left <= 0) {
            why = panicked ? "the kernel panicked" : "timed out";
            break;
        }
        struct pollfd pfd = {.fd = out[0], .events = POLLIN};
        if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0) {
            continue;
        }
        char chunk[4096];
        ssize_t n = read(out[0], chunk, sizeof(chunk));
        if (n <= 0) {
            break; /* QEMU ended */
        }
        fwrite(chunk, 1, (size_t)n, stdout);
        fflush(stdout);
        for (ssize_t i = 0; i < n && !done; i++) {
            if (chunk[i] == '\n' || line_len == sizeof(line) - 1) {
                line[line_len] = '\0';
                done = take_line(b, line);
                line_len = 0;
                if (!panicked && strncmp(line, "panic: ", 7) == 0) {
                    panicked = true; /* nothing more will end: a second for the backtrace */
                    deadline = now_seconds() + 1;
                }
            } else {
                line[line_len++] = chunk[i];
            }
        }
    }
    close(out[0]);
    kill(pid, SIGTERM); /* QEMU restores a terminal on stdin */
    waitpid(pid, NULL, 0);
    if (!done) {
        fprintf(stderr, "rz boot: %s before every program ended\n", why);
    }
    return done;
}

static int usage(void) {
    fprintf(stderr, "usage: rz boot [--timeout SECONDS] [--conf LINE]... [--with FILE.wasm]... "
                    "FILE.wasm...\n");
    return RZ_EXIT_ERROR;
}

int rz_cmd_boot(int argc, char **argv) {
    static struct boot b;
    double timeout = BOOT_TIMEOUT_DEFAULT;
    int runs = 0;
    for (int i = 1; i < argc; i++) {
        bool with = strcmp(argv[i], "--with") == 0;
        if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            char *end;
            timeout = strtod(argv[++i], &end);
            if (*end != '\0' || !(timeout > 0)) {
                return usage();
            }
            continue;
        }
        if (strcmp(argv[i], "--conf") == 0 && i + 1 < argc &&
            b.conf_count < BOOT_CONF_LINES_MAX) {
            b.conf_lines[b.conf_count++] = argv[++i];
            continue;
        }
        if ((with && i + 1 == argc) || (!with && argv[i][0] == '-') ||
            b.count == BOOT_PROGRAMS_MAX) {
            return usage();
        }
        b.programs[b.count].file = with ? argv[++i] : argv[i];
        b.programs[b.count].runs = !with;
        runs += !with;
        b.count++;
    }
    if (runs == 0) {
        return usage();
    }
    if (!find_dirs(&b) || b.count == BOOT_PROGRAMS_MAX) {
        return RZ_EXIT_ERROR;
    }
    /* The kernel starts init, which runs boot.conf. */
    static char init[BOOT_PATH_MAX + 32];
    snprintf(init, sizeof(init), "%s/user/bin/init.wasm", b.build_dir);
    b.programs[b.count].file = init;
    b.programs[b.count].runs = false;
    b.count++;
    snprintf(b.work_dir, sizeof(b.work_dir), "%s/rz-boot-XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(b.work_dir) == NULL) {
        perror("rz boot: mkdtemp");
        return RZ_EXIT_ERROR;
    }
    char iso[BOOT_PATH_MAX + 16];
    bool ok = make_root(&b) && make_image(&b, iso, sizeof(iso)) &&
              boot_and_watch(&b, iso, timeout);
    char *rm[] = {"rm", "-rf", b.work_dir, NULL};
    run_tool(rm);
    if (!ok) {
        return RZ_EXIT_ERROR;
    }
    for (int i = 0; i < b.count; i++) {
        if (b.programs[i].runs && b.programs[i].status != 0) {
            return b.programs[i].status;
        }
    }
    return RZ_EXIT_OK;
}
