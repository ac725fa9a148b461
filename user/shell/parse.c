/*
 * The command-line parser (parse.h). One pass over the line with a read
 * and a write position; the write position never passes the read one, so
 * the words can be assembled in place.
 */
#include "parse.h"

#include <stddef.h>

static bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

/* Copies one word starting at *rp to *wp, stopping at an unquoted blank,
 * '&' or the end. */
static enum shell_parse_status scan_word(char **rp, char **wp) {
    char *r = *rp, *w = *wp;
    while (*r != '\0' && !is_blank(*r) && *r != '&') {
        char c = *r++;
        if (c == '\\') {
            if (*r == '\0') {
                return SHELL_PARSE_TRAILING_ESCAPE;
            }
            *w++ = *r++;
        } else if (c == '\'') {
            while (*r != '\'') {
                if (*r == '\0') {
                    return SHELL_PARSE_OPEN_QUOTE;
                }
                *w++ = *r++;
            }
            r++;
        } else if (c == '"') {
            while (*r != '"') {
                if (*r == '\0') {
                    return SHELL_PARSE_OPEN_QUOTE;
                }
                if (*r == '\\' && (r[1] == '"' || r[1] == '\\')) {
                    r++;
                }
                *w++ = *r++;
            }
            r++;
        } else {
            *w++ = c;
        }
    }
    *rp = r;
    *wp = w;
    return SHELL_PARSE_OK;
}

static enum shell_parse_status fail(struct shell_cmd *cmd, enum shell_parse_status status) {
    cmd->argc = 0;
    cmd->argv[0] = NULL;
    cmd->background = false;
    return status;
}

/* The command ended at an unquoted '&'; `rest` follows it. */
static enum shell_parse_status end_at_amp(const char *rest, struct shell_cmd *cmd) {
    while (is_blank(*rest)) {
        rest++;
    }
    if (*rest != '\0') {
        return fail(cmd, SHELL_PARSE_AMP_NOT_LAST);
    }
    if (cmd->argc == 0) {
        return fail(cmd, SHELL_PARSE_AMP_ALONE);
    }
    cmd->background = true;
    cmd->argv[cmd->argc] = NULL;
    return SHELL_PARSE_OK;
}

enum shell_parse_status shell_parse(char *line, struct shell_cmd *cmd) {
    char *r = line, *w = line;
    cmd->argc = 0;
    cmd->background = false;
    for (;;) {
        while (is_blank(*r)) {
            r++;
        }
        if (*r == '\0') {
            break;
        }
        if (*r == '&') {
            return end_at_amp(r + 1, cmd);
        }
        if (cmd->argc == SHELL_ARGS_MAX) {
            return fail(cmd, SHELL_PARSE_TOO_MANY_WORDS);
        }
        char *word = w;
        enum shell_parse_status status = scan_word(&r, &w);
        if (status != SHELL_PARSE_OK) {
            return fail(cmd, status);
        }
        /* The NUL ending the word may land on the byte that stopped it
         * (w == r when nothing was unquoted): read that byte first. */
        char stop = *r;
        *w++ = '\0';
        cmd->argv[cmd->argc++] = word;
        if (stop == '&') {
            return end_at_amp(r + 1, cmd);
        }
        if (stop == '\0') {
            break;
        }
        r++;
    }
    cmd->argv[cmd->argc] = NULL;
    return cmd->argc == 0 ? SHELL_PARSE_EMPTY : SHELL_PARSE_OK;
}

const char *shell_parse_message(enum shell_parse_status status) {
    switch (status) {
    case SHELL_PARSE_OK:
        return "ok";
    case SHELL_PARSE_EMPTY:
        return "empty command";
    case SHELL_PARSE_OPEN_QUOTE:
        return "unterminated quote";
    case SHELL_PARSE_TRAILING_ESCAPE:
        return "backslash at end of line";
    case SHELL_PARSE_TOO_MANY_WORDS:
        return "too many words";
    case SHELL_PARSE_AMP_NOT_LAST:
        return "'&' must end the command";
    case SHELL_PARSE_AMP_ALONE:
        return "'&' without a command";
    }
    return "unknown parse status";
}

bool shell_parse_u32(const char *s, uint32_t *out) {
    uint64_t value = 0;
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
        value = value * 10 + (uint64_t)(*s - '0');
        if (value > UINT32_MAX) {
            return false;
        }
    }
    *out = (uint32_t)value;
    return true;
}
