/*
 * The boot configuration's format: a text file, boot.conf in the boot
 * archive, saying what happens at boot (reference: docs/boot.md). One
 * command per line; '#' starts a comment; blank lines are ignored; words
 * are separated by spaces or tabs.
 *
 *     run PATH [ARGS...]      init runs the program PATH of the boot archive
 *                             with ARGS and waits for its end
 *     driver PATH [ARGS...]   init runs it in the background, restarting it
 *                             when it traps
 *     console [@SERVICE] PATH [ARGS...]
 *                             init runs it once the other lines have run and
 *                             restarts it whenever it ends; with @SERVICE,
 *                             connected to that service as its console
 *     grant PROGRAM KIND ...  the kernel grants hardware or a service name
 *                             to PROGRAM (kernel/grant.h)
 *
 * This file is the one definition of that syntax. Two readers use it: the
 * kernel, which applies the grant lines before anything runs (policy stays
 * in the kernel), and init (user/init), which runs the rest. Both stop at
 * the first malformed line (an unknown keyword, a missing word, too many
 * words, an overlong line, a service name that breaks the rule of
 * lib/service_name.h), which is an error naming the line; what the words
 * of a grant mean is the kernel's to check (kernel/grant.h).
 *
 * Plain freestanding C with no library calls: it builds into the kernel,
 * into init (wasm32) and into the host tests.
 */
#ifndef RZ_LIB_BOOTCONF_H
#define RZ_LIB_BOOTCONF_H

#include <stdbool.h>
#include <stddef.h>

/* Longest line, newline excluded, is BOOTCONF_LINE_MAX - 1 bytes. */
#define BOOTCONF_LINE_MAX 256
/* Most words after the keyword (and after @SERVICE). */
#define BOOTCONF_WORDS_MAX 32

enum bootconf_kind { BOOTCONF_RUN, BOOTCONF_DRIVER, BOOTCONF_CONSOLE, BOOTCONF_GRANT };

/*
 * One command. words[0..count) are the words after the keyword (and after
 * a console's @SERVICE), each NUL-ended inside text: for run, driver and
 * console the program's path and then its arguments (count >= 1); for
 * grant what kernel/grant.h parses. The pointers point into the struct
 * itself: do not copy it.
 */
struct bootconf_cmd {
    unsigned line; /* 1-based */
    enum bootconf_kind kind;
    const char *service; /* console @SERVICE: the name without '@'; else NULL */
    char *words[BOOTCONF_WORDS_MAX];
    size_t count;
    char text[BOOTCONF_LINE_MAX];
};

struct bootconf_error {
    unsigned line;
    const char *what; /* NULL: no error */
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
