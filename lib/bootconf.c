/*
 * Reading boot.conf (see bootconf.h). The text comes from the boot archive
 * and is checked like any other input: lengths bounded, every byte
 * looked at once, nothing read past len.
 */
#include "lib/bootconf.h"

#include "lib/service_name.h"

/* The keyword, @SERVICE and BOOTCONF_WORDS_MAX words. */
#define LINE_WORDS_MAX (BOOTCONF_WORDS_MAX + 2)

void bootconf_begin(struct bootconf_cursor *c, const char *text, size_t len) {
    c->text = text;
    c->len = len;
    c->at = 0;
    c->line = 0;
}

static bool is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r';
}

static bool same(const char *a, const char *b) {
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static size_t length(const char *s) {
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
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

/* Copies the next line into out->text; false (err set) when it is too
 * long or holds a NUL. */
static bool take_line(struct bootconf_cursor *c, struct bootconf_cmd *out,
                      struct bootconf_error *err) {
    size_t n = 0;
    c->line++;
    while (c->at < c->len && c->text[c->at] != '\n') {
        if (n + 1 == sizeof out->text) {
            return fail(c, err, "line too long");
        }
        if (c->text[c->at] == '\0') {
            return fail(c, err, "NUL byte");
        }
        out->text[n++] = c->text[c->at++];
    }
    if (c->at < c->len) {
        c->at++; /* the newline */
    }
    out->text[n] = '\0';
    return true;
}

bool bootconf_next(struct bootconf_cursor *c, struct bootconf_cmd *out,
                   struct bootconf_error *err) {
    static const char *const names[] = {
        [BOOTCONF_RUN] = "run", [BOOTCONF_DRIVER] = "driver",
        [BOOTCONF_CONSOLE] = "console", [BOOTCONF_GRANT] = "grant"};
    static const char *const missing[] = {[BOOTCONF_RUN] = "run: missing program path",
                                          [BOOTCONF_DRIVER] = "driver: missing program path",
                                          [BOOTCONF_CONSOLE] = "console: missing program path"};
    err->line = 0;
    err->what = NULL;
    while (c->at < c->len) {
        if (!take_line(c, out, err)) {
            return false;
        }
        char *words[LINE_WORDS_MAX];
        size_t count = split(out->text, words, LINE_WORDS_MAX);
        if (count == 0) {
            continue;
        }
        if (count > LINE_WORDS_MAX) {
            return fail(c, err, "too many words");
        }
        size_t kind = 0;
        while (kind < sizeof names / sizeof names[0] && !same(words[0], names[kind])) {
            kind++;
        }
        if (kind == sizeof names / sizeof names[0]) {
            return fail(c, err, "unknown command");
        }
        size_t first = 1;
        out->service = NULL;
        if (kind == BOOTCONF_CONSOLE && count > 1 && words[1][0] == '@') {
            out->service = words[1] + 1;
            if (!service_name_ok(out->service, length(out->service))) {
                return fail(c, err, "console: bad service name");
            }
            first = 2;
        }
        if (count - first > BOOTCONF_WORDS_MAX) {
            return fail(c, err, "too many words");
        }
        if (kind != BOOTCONF_GRANT && count == first) {
            return fail(c, err, missing[kind]);
        }
        out->line = c->line;
        out->kind = (enum bootconf_kind)kind;
        out->count = count - first;
        for (size_t i = 0; i < out->count; i++) {
            out->words[i] = words[first + i];
        }
        return true;
    }
    return false;
}
