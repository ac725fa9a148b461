/*
 * The shell's command-line parser: splits a line into words, in place, the
 * way a POSIX shell does for the simple cases the Ringzero shell needs.
 *
 * Words are separated by spaces and tabs. Single quotes keep everything up
 * to the next single quote; double quotes keep everything up to the next
 * double quote except that a backslash there escapes '"' and '\\'; outside
 * quotes a backslash keeps the next character. An unquoted '&' ends the
 * command and makes it a background one; only blanks may follow it.
 *
 * Plain C without I/O: tested on the host under the sanitizers.
 */
#ifndef RZ_USER_SHELL_PARSE_H
#define RZ_USER_SHELL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Most words in one command (the program name included). */
#define SHELL_ARGS_MAX 16

struct shell_cmd {
    int argc;
    char *argv[SHELL_ARGS_MAX + 1]; /* pointers into the line; argv[argc] is NULL */
    bool background;                /* ended with '&' */
};

enum shell_parse_status {
    SHELL_PARSE_OK,
    SHELL_PARSE_EMPTY,          /* only blanks: nothing to run */
    SHELL_PARSE_OPEN_QUOTE,     /* a quote is not closed */
    SHELL_PARSE_TRAILING_ESCAPE, /* the line ends with a lone backslash */
    SHELL_PARSE_TOO_MANY_WORDS, /* more than SHELL_ARGS_MAX words */
    SHELL_PARSE_AMP_NOT_LAST,   /* something follows '&' */
    SHELL_PARSE_AMP_ALONE,      /* '&' with no command before it */
};

/*
 * Splits `line` (NUL-terminated; rewritten in place: quotes and escapes
 * removed, words NUL-terminated) into *cmd. On anything but SHELL_PARSE_OK
 * *cmd has argc 0 and the line's contents are unspecified.
 */
enum shell_parse_status shell_parse(char *line, struct shell_cmd *cmd);

/* What a status means, for the user. */
const char *shell_parse_message(enum shell_parse_status status);

/* A decimal number without sign, leading '+' or overflow ("0" to
 * "4294967295"): true and *out, false otherwise. */
bool shell_parse_u32(const char *s, uint32_t *out);

#endif
