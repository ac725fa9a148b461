/*
 * The shell's line editor: turns the bytes typed on a serial terminal into
 * finished command lines, and the edits into the bytes that keep the
 * terminal showing the line as it is in the buffer.
 *
 * It is plain C with no I/O of its own, so that it runs (and is tested
 * under the sanitizers) on the host exactly as in the shell: the caller
 * feeds one input byte at a time and writes out whatever the editor put in
 * its output buffer. The terminal is assumed to understand only printable
 * characters, '\b' (cursor one column left) and "\r\n"; ANSI escape
 * sequences are understood on input only (the keys of a VT100/xterm).
 *
 * Keys: printable characters insert at the cursor; Backspace (DEL or ^H)
 * deletes before it, Delete (ESC [ 3 ~ or ^D on a non-empty line) under
 * it; Left/Right (or ^B/^F) move; Home/End (or ^A/^E) jump; Up/Down (or
 * ^P/^N) walk the history, keeping the line being typed as its newest
 * entry; Enter (CR, LF or CR LF) finishes the line; ^C abandons it; ^D on
 * an empty line is end of input.
 */
#ifndef RZ_USER_SHELL_LEDIT_H
#define RZ_USER_SHELL_LEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line, without its terminating NUL. */
#define LEDIT_LINE_MAX 255
/* Lines kept for Up/Down. */
#define LEDIT_HISTORY 16
/* Worst case output of one key: a history recall erasing and redrawing
 * two full lines. */
#define LEDIT_OUT_MAX (4 * LEDIT_LINE_MAX + 8)

enum ledit_result {
    LEDIT_MORE,   /* keep feeding */
    LEDIT_LINE,   /* a line is finished: ledit_line() until the next feed, which starts anew */
    LEDIT_CANCEL, /* ^C: the line was abandoned */
    LEDIT_EOF,    /* ^D on an empty line */
};

enum ledit_escape {
    LEDIT_ESC_NONE,  /* not inside an escape sequence */
    LEDIT_ESC_START, /* saw ESC */
    LEDIT_ESC_CSI,   /* saw ESC [ (or ESC O), maybe digits */
};

struct ledit {
    char line[LEDIT_LINE_MAX + 1]; /* the line being edited, NUL-terminated */
    size_t len;                    /* bytes in line */
    size_t cursor;                 /* 0..len */
    enum ledit_escape esc;         /* escape sequence parser state */
    unsigned esc_num;              /* the number in ESC [ n ~ */
    bool after_cr;                 /* the last byte was CR: a following LF is its pair */
    bool finished;                 /* the last feed ended the line; the next starts one */
    /* History, oldest first; the line being typed is not in it. */
    char history[LEDIT_HISTORY][LEDIT_LINE_MAX + 1];
    size_t history_len;
    size_t browse;                     /* history_len while not browsing */
    char draft[LEDIT_LINE_MAX + 1];    /* the typed line while browsing */
    char out[LEDIT_OUT_MAX];           /* terminal output of the last feed */
    size_t out_len;
};

void ledit_init(struct ledit *e);

/*
 * Takes one input byte. Ensures: e->out holds e->out_len bytes to write to
 * the terminal (replacing the previous feed's). On LEDIT_LINE the finished
 * line is ledit_line(e) and, when not blank and not a repeat of the newest
 * entry, it has joined the history.
 */
enum ledit_result ledit_feed(struct ledit *e, uint8_t byte);

/* The line as it stands (NUL-terminated). */
const char *ledit_line(const struct ledit *e);

#endif
