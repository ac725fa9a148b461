/*
 * The line editor (ledit.h). Every edit changes the buffer first and then
 * redraws only what moved: the tail from the cursor to the end of the
 * line, padded with spaces where the line got shorter, and '\b's back to
 * the cursor. So the screen never needs more than '\b' and printable
 * characters, and the tests can check it against a model terminal.
 */
#include "ledit.h"

#include <string.h>

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f
/* A number in ESC [ n ~ longer than this is not a key we know. */
#define ESC_NUM_MAX 1000

static void emit(struct ledit *e, const char *bytes, size_t n) {
    if (n > sizeof(e->out) - e->out_len) {
        n = sizeof(e->out) - e->out_len; /* cannot happen: LEDIT_OUT_MAX is the worst case */
    }
    memcpy(e->out + e->out_len, bytes, n);
    e->out_len += n;
}

static void emit_repeat(struct ledit *e, char c, size_t n) {
    while (n-- > 0) {
        emit(e, &c, 1);
    }
}

/* Writes line[from, len) then moves the cursor back to `cursor`,
 * blanking `erase` stale columns after the new end first. */
static void redraw_tail(struct ledit *e, size_t from, size_t erase) {
    emit(e, e->line + from, e->len - from);
    emit_repeat(e, ' ', erase);
    emit_repeat(e, '\b', e->len - e->cursor + erase);
}

static void insert(struct ledit *e, char c) {
    if (e->len == LEDIT_LINE_MAX) {
        return;
    }
    memmove(e->line + e->cursor + 1, e->line + e->cursor, e->len - e->cursor);
    e->line[e->cursor] = c;
    e->len++;
    e->cursor++;
    redraw_tail(e, e->cursor - 1, 0);
}

static void delete_at_cursor(struct ledit *e) {
    if (e->cursor == e->len) {
        return;
    }
    memmove(e->line + e->cursor, e->line + e->cursor + 1, e->len - e->cursor - 1);
    e->len--;
    redraw_tail(e, e->cursor, 1);
}

static void backspace(struct ledit *e) {
    if (e->cursor == 0) {
        return;
    }
    e->cursor--;
    emit(e, "\b", 1);
    delete_at_cursor(e);
}

static void move_left(struct ledit *e) {
    if (e->cursor > 0) {
        e->cursor--;
        emit(e, "\b", 1);
    }
}

static void move_right(struct ledit *e) {
    if (e->cursor < e->len) {
        emit(e, e->line + e->cursor, 1);
        e->cursor++;
    }
}

static void move_home(struct ledit *e) {
    emit_repeat(e, '\b', e->cursor);
    e->cursor = 0;
}

static void move_end(struct ledit *e) {
    emit(e, e->line + e->cursor, e->len - e->cursor);
    e->cursor = e->len;
}

/* Replaces the whole line by `text` (NUL-terminated, at most
 * LEDIT_LINE_MAX bytes), cursor at its end. */
static void replace_line(struct ledit *e, const char *text) {
    size_t old_len = e->len;
    move_home(e);
    e->len = strlen(text);
    memcpy(e->line, text, e->len);
    e->cursor = e->len;
    redraw_tail(e, 0, old_len > e->len ? old_len - e->len : 0);
}

static void history_up(struct ledit *e) {
    if (e->browse == 0) {
        return;
    }
    if (e->browse == e->history_len) {
        memcpy(e->draft, e->line, e->len);
        e->draft[e->len] = '\0';
    }
    e->browse--;
    replace_line(e, e->history[e->browse]);
}

static void history_down(struct ledit *e) {
    if (e->browse == e->history_len) {
        return;
    }
    e->browse++;
    replace_line(e, e->browse == e->history_len ? e->draft : e->history[e->browse]);
}

static bool is_blank(const char *s) {
    for (; *s != '\0'; s++) {
        if (*s != ' ') {
            return false;
        }
    }
    return true;
}

static void history_add(struct ledit *e, const char *line) {
    if (is_blank(line)) {
        return;
    }
    if (e->history_len > 0 && strcmp(e->history[e->history_len - 1], line) == 0) {
        return;
    }
    if (e->history_len == LEDIT_HISTORY) {
        memmove(e->history[0], e->history[1], sizeof(e->history[0]) * (LEDIT_HISTORY - 1));
        e->history_len--;
    }
    strcpy(e->history[e->history_len], line);
    e->history_len++;
}

static void start_line(struct ledit *e) {
    e->len = 0;
    e->cursor = 0;
    e->line[0] = '\0';
    e->esc = LEDIT_ESC_NONE;
    e->browse = e->history_len;
    e->finished = false;
}

void ledit_init(struct ledit *e) {
    memset(e, 0, sizeof(*e));
    start_line(e);
}

/* The final byte of ESC [ ... or ESC O ...: which key it was. */
static void escape_key(struct ledit *e, uint8_t byte) {
    switch (byte) {
    case 'A':
        history_up(e);
        break;
    case 'B':
        history_down(e);
        break;
    case 'C':
        move_right(e);
        break;
    case 'D':
        move_left(e);
        break;
    case 'H':
        move_home(e);
        break;
    case 'F':
        move_end(e);
        break;
    case '~':
        if (e->esc_num == 1 || e->esc_num == 7) {
            move_home(e);
        } else if (e->esc_num == 4 || e->esc_num == 8) {
            move_end(e);
        } else if (e->esc_num == 3) {
            delete_at_cursor(e);
        }
        break;
    default:
        break; /* a key we do not edit with */
    }
}

/* Feeds a byte that continues an escape sequence. */
static void escape_feed(struct ledit *e, uint8_t byte) {
    if (e->esc == LEDIT_ESC_START) {
        e->esc = (byte == '[' || byte == 'O') ? LEDIT_ESC_CSI : LEDIT_ESC_NONE;
        e->esc_num = 0;
        return;
    }
    if (byte >= '0' && byte <= '9') {
        if (e->esc_num < ESC_NUM_MAX) {
            e->esc_num = e->esc_num * 10 + (byte - '0');
        }
        return;
    }
    if (byte == ';') {
        return; /* modifiers (ESC [ 1 ; 5 C): the key is what counts */
    }
    e->esc = LEDIT_ESC_NONE;
    escape_key(e, byte);
}

static enum ledit_result finish(struct ledit *e, enum ledit_result result) {
    e->line[e->len] = '\0';
    e->finished = true;
    if (result == LEDIT_LINE) {
        emit(e, "\r\n", 2);
        history_add(e, e->line);
    } else if (result == LEDIT_CANCEL) {
        emit(e, "^C\r\n", 4);
    }
    return result;
}

static enum ledit_result feed(struct ledit *e, uint8_t byte) {
    bool after_cr = e->after_cr;
    e->out_len = 0;
    e->after_cr = byte == '\r';
    if (e->finished) {
        start_line(e);
        if (after_cr && byte == '\n') {
            return LEDIT_MORE; /* the LF of a CR LF that ended the last line */
        }
    }
    if (e->esc != LEDIT_ESC_NONE) {
        escape_feed(e, byte);
        return LEDIT_MORE;
    }
    if (byte >= ' ' && byte < KEY_DEL) {
        insert(e, (char)byte);
        return LEDIT_MORE;
    }
    switch (byte) {
    case '\r':
    case '\n':
        return finish(e, LEDIT_LINE);
    case CTRL('C'):
        return finish(e, LEDIT_CANCEL);
    case CTRL('D'):
        if (e->len == 0) {
            return finish(e, LEDIT_EOF);
        }
        delete_at_cursor(e);
        break;
    case KEY_DEL:
    case CTRL('H'):
        backspace(e);
        break;
    case KEY_ESC:
        e->esc = LEDIT_ESC_START;
        break;
    case CTRL('A'):
        move_home(e);
        break;
    case CTRL('E'):
        move_end(e);
        break;
    case CTRL('B'):
        move_left(e);
        break;
    case CTRL('F'):
        move_right(e);
        break;
    case CTRL('P'):
        history_up(e);
        break;
    case CTRL('N'):
        history_down(e);
        break;
    default:
        break; /* other control bytes and non-ASCII: ignored */
    }
    return LEDIT_MORE;
}

/* Edits keep the buffer's length; the NUL is written once, here. */
enum ledit_result ledit_feed(struct ledit *e, uint8_t byte) {
    enum ledit_result result = feed(e, byte);
    e->line[e->len] = '\0';
    return result;
}

const char *ledit_line(const struct ledit *e) {
    return e->line;
}
