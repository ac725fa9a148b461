/*
 * Reading boot.conf (see bootconf.h). The text comes from the boot archive
 * and is checked like any other input: lengths bounded, every byte
 * looked at once, nothing read past len.
 */
#include "kernel/bootconf.h"

#include "kernel/service_name.h"
#include "lib/string.h"

_Static_assert(BOOTCONF_LINE_MAX <= ARCHIVE_NAME_MAX, "any word of a line fits a path");

void bootconf_begin(struct bootconf_cursor *c, const char *text, size_t len) {
    c->text = text;
    c->len = len;
    c->at = 0;
    c->line = 0;
}

static bool is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Splits a line into at most max words (pointers into line, NUL-ended in
 * place); returns the word count, or max + 1 when there are more. */
static size_t split(char *line, char **words, size_t max) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        while (is_space(*p)) {
            p++;
        }
        if (*p == '\0' || *p == '#') {
            return n;
        }
        if (n == max) {
            return max + 1;
        }
        words[n++] = p;
        while (*p != '\0' && *p != '#' && !is_space(*p)) {
            p++;
        }
        if (*p == '#') {
            *p = '\0';
            return n;
        }
        if (*p != '\0') {
            *p++ = '\0';
        }
    }
}

static bool fail(struct bootconf_cursor *c, struct bootconf_error *err, const char *what) {
    err->line = c->line;
    err->what = what;
    c->at = c->len; /* stop reading */
    return false;
}

bool bootconf_next(struct bootconf_cursor *c, struct bootconf_cmd *out,
                   struct bootconf_error *err) {
    err->line = 0;
    err->what = NULL;
    while (c->at < c->len) {
        char line[BOOTCONF_LINE_MAX];
        size_t n = 0;
        c->line++;
        while (c->at < c->len && c->text[c->at] != '\n') {
            if (n + 1 == sizeof line) {
                return fail(c, err, "line too long");
            }
            if (c->text[c->at] == '\0') {
                return fail(c, err, "NUL byte");
            }
            line[n++] = c->text[c->at++];
        }
        if (c->at < c->len) {
            c->at++; /* the newline */
        }
        line[n] = '\0';
        char *words[6];
        size_t count = split(line, words, 6);
        if (count == 0) {
            continue;
        }
        if (strcmp(words[0], "grant") == 0) {
            const char *why;
            if (count > 6) {
                return fail(c, err, "grant: extra words");
            }
            if (!grant_parse(words + 1, count - 1, &out->grant, &why)) {
                return fail(c, err, why);
            }
            out->line = c->line;
            out->kind = BOOTCONF_GRANT;
            return true;
        }
        enum bootconf_kind kind;
        if (strcmp(words[0], "run") == 0) {
            kind = BOOTCONF_RUN;
        } else if (strcmp(words[0], "driver") == 0) {
            kind = BOOTCONF_DRIVER;
        } else if (strcmp(words[0], "console") == 0) {
            kind = BOOTCONF_CONSOLE;
        } else {
            return fail(c, err, "unknown command");
        }
        size_t at = 1; /* the program's word */
        const char *service = "";
        if (kind == BOOTCONF_CONSOLE && count >= 2 && words[1][0] == '@') {
            service = words[1] + 1;
            if (!service_name_ok(service, strlen(service))) {
                return fail(c, err, "console: bad service name");
            }
            at = 2;
        }
        if (count != at + 1) {
            static const char *const missing[] = {
                [BOOTCONF_RUN] = "run: missing program path",
                [BOOTCONF_DRIVER] = "driver: missing program path",
                [BOOTCONF_CONSOLE] = "console: missing program path"};
            static const char *const extra[] = {[BOOTCONF_RUN] = "run: extra words",
                                                [BOOTCONF_DRIVER] = "driver: extra words",
                                                [BOOTCONF_CONSOLE] = "console: extra words"};
            return fail(c, err, count < at + 1 ? missing[kind] : extra[kind]);
        }
        out->line = c->line;
        out->kind = kind;
        memcpy(out->path, words[at], strlen(words[at]) + 1);
        memcpy(out->service, service, strlen(service) + 1);
        return true;
    }
    return false;
}
