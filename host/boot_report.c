/* Parsing init's end-of-program reports (boot_report.h). */
#include "boot_report.h"

#include <stdlib.h>
#include <string.h>

/* `s` minus a trailing "\r", compared with `want`. */
static bool equals_line(const char *s, const char *want) {
    size_t n = strlen(want);
    return strncmp(s, want, n) == 0 && (s[n] == '\0' || (s[n] == '\r' && s[n + 1] == '\0'));
}

/* Parses an optionally negative decimal int ending the line. */
static bool parse_status(const char *s, int *out) {
    char *end;
    if (*s == '\0' || *s == ' ') {
        return false;
    }
    long v = strtol(s, &end, 10);
    if (end == s || !equals_line(end, "") || v < -2147483648L || v > 2147483647L) {
        return false;
    }
    *out = (int)(v & 0xff);
    return true;
}

bool boot_report_parse(const char *line, const char *path, int *status) {
    static const char prefix[] = "init: ";
    size_t path_len = strlen(path);
    if (strncmp(line, prefix, sizeof(prefix) - 1) != 0) {
        return false;
    }
    line += sizeof(prefix) - 1;
    if (strncmp(line, path, path_len) != 0) {
        return false;
    }
    line += path_len;
    if (strncmp(line, ": ", 2) == 0) {
        *status = BOOT_STATUS_NOT_RUN;
        return true;
    }
    if (strncmp(line, " (pid ", 6) != 0) {
        return false;
    }
    line += 6;
    if (*line < '0' || *line > '9') {
        return false;
    }
    while (*line >= '0' && *line <= '9') {
        line++;
    }
    if (strncmp(line, ") ", 2) != 0) {
        return false;
    }
    line += 2;
    static const char exited[] = "exited with status ";
    if (strncmp(line, exited, sizeof(exited) - 1) == 0) {
        return parse_status(line + sizeof(exited) - 1, status);
    }
    if (equals_line(line, "trapped")) {
        *status = BOOT_STATUS_TRAPPED;
        return true;
    }
    if (equals_line(line, "was killed")) {
        *status = BOOT_STATUS_KILLED;
        return true;
    }
    return false;
}
