/*
 * The boot configuration: a text file, boot.conf in the boot archive,
 * saying what init does at boot. One command per line; '#' starts a
 * comment; blank lines are ignored; words are separated by spaces or tabs.
 *
 *     run PATH     spawn the program PATH of the boot archive and wait
 *                  for it to end before the next line
 *     driver PATH  start the driver PATH of the boot archive in the
 *                  background and supervise it: restarted when it traps,
 *                  not when it exits (kernel/init.h)
 *     console [@SERVICE] PATH
 *                  the program that owns the console once every other
 *                  line has run (the shell); restarted whenever it ends.
 *                  With @SERVICE its console is a connection to that
 *                  service (the serial driver's `console`); without,
 *                  the kernel's serial line
 *     grant PROGRAM KIND ...
 *                  grant hardware to the driver PROGRAM from this line
 *                  on (syntax and meaning: kernel/grant.h)
 *
 * The format grows by keywords (arguments and handle grants come with the
 * syscalls that deliver them); an unknown keyword, a missing or extra word
 * or an overlong line is an error naming the line, never skipped.
 */
#ifndef RZ_KERNEL_BOOTCONF_H
#define RZ_KERNEL_BOOTCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "abi/types.h"
#include "kernel/archive.h"
#include "kernel/grant.h"

#define BOOTCONF_LINE_MAX 256

enum bootconf_kind { BOOTCONF_RUN, BOOTCONF_DRIVER, BOOTCONF_CONSOLE, BOOTCONF_GRANT };

struct bootconf_cmd {
    unsigned line;               /* 1-based */
    enum bootconf_kind kind;
    char path[ARCHIVE_NAME_MAX]; /* run, driver, console: the program */
    char service[RZ_SERVICE_NAME_MAX + 1]; /* console: @SERVICE's name, or "" */
    struct grant grant;          /* grant: what, to whom */
};

struct bootconf_error {
    unsigned line;
    const char *what;
};

/* A position in a configuration's text; start with bootconf_begin. */
struct bootconf_cursor {
    const char *text;
    size_t len, at;
    unsigned line;
};

void bootconf_begin(struct bootconf_cursor *c, const char *text, size_t len);

/* The next command into *out: true, or false at the end (err->what NULL)
 * or on a malformed line (err says which and why; reading stops there). */
bool bootconf_next(struct bootconf_cursor *c, struct bootconf_cmd *out, struct bootconf_error *err);

#endif
