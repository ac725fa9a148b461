/*
 * init: the first program, started by the kernel with pid 1. It reads
 * boot.conf from the boot archive (archive_read) and runs it
 * (lib/bootconf.h, docs/boot.md): each run line's program in turn, waited
 * for; drivers in the background from their line on; the console programs
 * once every line has run. Grant lines are the kernel's, applied before
 * init started. A malformed line is reported with its number and stops
 * the reading there. init then supervises its children (children.h) and
 * exits when none is left to run or restart.
 *
 * An argument, if given, names another configuration file of the archive
 * to run instead of boot.conf (the kernel tests use it).
 */
#include <string.h>

#include "lib/bootconf.h"
#include "rz/rz.h"
#include "user/init/children.h"

#define CONFIG_DEFAULT "boot.conf"
/* A configuration larger than this is refused rather than cut. */
#define CONFIG_MAX 16384

static char config[CONFIG_MAX];
static struct bootconf_cmd cmd;

/* The configuration's path: the first argument, or CONFIG_DEFAULT. */
static const char *config_path(void) {
    static char args[RZ_PROCESS_ARGS_MAX];
    uint32_t len = 0;
    if (rz_process_args(args, sizeof args, &len) == RZ_OK && len > 0) {
        return args;
    }
    return CONFIG_DEFAULT;
}

/* Reads path whole into config; its length, or -1 (reported). */
static int32_t read_config(const char *path) {
    uint32_t len = 0, got = 0;
    char extra;
    int32_t err;
    do {
        err = rz_archive_read(path, (uint32_t)strlen(path), len, config + len,
                              CONFIG_MAX - len, &got);
        len += got;
    } while (err == RZ_OK && got > 0 && len < CONFIG_MAX);
    if (err == RZ_OK && len == CONFIG_MAX) {
        err = rz_archive_read(path, (uint32_t)strlen(path), len, &extra, 1, &got);
        if (err == RZ_OK && got > 0) {
            rz_printf("init: %s is larger than %d bytes; not run\n", path, CONFIG_MAX);
            return -1;
        }
    }
    if (err == RZ_ERR_NOT_FOUND) {
        rz_printf("init: no %s in the boot archive\n", path);
        return -1;
    }
    if (err != RZ_OK) {
        rz_printf("init: reading %s: %s\n", path, rz_error_name(err));
        return -1;
    }
    return (int32_t)len;
}

/* Runs slot's program and waits for its end, the other children going on
 * meanwhile. */
static void run_and_wait(int slot) {
    if (child_start(slot)) {
        while (child_alive(slot) && child_wait()) {
        }
    }
    child_free(slot);
}

int main(void) {
    const char *path = config_path();
    int32_t len = read_config(path);
    if (len < 0) {
        return 1;
    }
    struct bootconf_cursor c;
    struct bootconf_error err;
    int consoles[CHILDREN_MAX];
    int console_count = 0;
    bootconf_begin(&c, config, (size_t)len);
    while (bootconf_next(&c, &cmd, &err)) {
        int slot = cmd.kind == BOOTCONF_GRANT ? -1 : child_add(&cmd);
        if (slot < 0) {
            continue;
        }
        if (cmd.kind == BOOTCONF_RUN) {
            run_and_wait(slot);
        } else if (cmd.kind == BOOTCONF_DRIVER) {
            child_start(slot);
        } else {
            consoles[console_count++] = slot;
        }
    }
    if (err.what != NULL) {
        rz_printf("init: %s line %u: %s\n", path, err.line, err.what);
    }
    for (int i = 0; i < console_count; i++) {
        child_start(consoles[i]);
    }
    while (child_wait()) {
    }
    return 0;
}
