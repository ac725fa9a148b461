/*
 * Tests of the line editor. Every key's output is played on a model
 * terminal (printable characters and '\b' only, as ledit.h promises) and
 * the screen must then show exactly the buffer with the cursor in place.
 */
#include "user/shell/ledit.h"

#include <string.h>

#include "ktest.h"

#define SCREEN_COLS (2 * LEDIT_LINE_MAX)

struct term {
    char cells[SCREEN_COLS];
    char text[SCREEN_COLS + 1]; /* term_text's result */
    size_t col;
    size_t width;  /* columns ever written */
    bool bad_byte; /* output had a byte the model terminal does not know */
};

static void term_play(struct term *t, const char *bytes, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = bytes[i];
        if (c == '\b') {
            if (t->col > 0) {
                t->col--;
            }
        } else if (c >= ' ' && c < 0x7f && t->col < SCREEN_COLS) {
            t->cells[t->col++] = c;
            if (t->col > t->width) {
                t->width = t->col;
            }
        } else {
            t->bad_byte = true;
        }
    }
}

/* The screen, trailing blanks dropped. */
static const char *term_text(struct term *t) {
    size_t end = t->width;
    while (end > 0 && t->cells[end - 1] == ' ') {
        end--;
    }
    memcpy(t->text, t->cells, end);
    t->text[end] = '\0';
    return t->text;
}

struct fixture {
    struct ledit e;
    struct term term;
};

static void fixture_init(struct fixture *f) {
    ledit_init(&f->e);
    memset(&f->term, 0, sizeof(f->term));
}

/* Feeds `keys` (all but the last must leave the line unfinished) and
 * plays the output; returns the last result. */
static enum ledit_result type(struct fixture *f, const char *keys) {
    enum ledit_result r = LEDIT_MORE;
    for (const char *k = keys; *k != '\0'; k++) {
        r = ledit_feed(&f->e, (uint8_t)*k);
        if (r == LEDIT_MORE) {
            term_play(&f->term, f->e.out, f->e.out_len);
        } else {
            memset(&f->term, 0, sizeof(f->term)); /* the terminal moved to a new line */
        }
    }
    return r;
}

/* What the screen should show: the line, less trailing blanks (a blank
 * typed and a column erased look the same). */
static const char *shown(const struct ledit *e) {
    static char text[LEDIT_LINE_MAX + 1];
    size_t end = e->len;
    while (end > 0 && e->line[end - 1] == ' ') {
        end--;
    }
    memcpy(text, e->line, end);
    text[end] = '\0';
    return text;
}

/* The screen matches the buffer and the cursor. */
static void expect_screen(struct ktest *t, struct fixture *f) {
    KT_EXPECT(t, !f->term.bad_byte);
    KT_EXPECT_STREQ(t, term_text(&f->term), shown(&f->e));
    KT_EXPECT_EQ(t, f->term.col, f->e.cursor);
}

#define LEFT "\x1b[D"
#define RIGHT "\x1b[C"
#define UP "\x1b[A"
#define DOWN "\x1b[B"
#define HOME "\x1b[H"
#define END "\x1b[F"
#define DEL "\x1b[3~"
#define BACKSPACE "\x7f"

KTEST(ledit, typing_then_enter_returns_the_line) {
    struct fixture f;
    fixture_init(&f);
    KT_EXPECT_EQ(t, type(&f, "echo hi"), LEDIT_MORE);
    expect_screen(t, &f);
    KT_EXPECT_EQ(t, type(&f, "\r"), LEDIT_LINE);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "echo hi");
    KT_EXPECT_BYTES(t, f.e.out, f.e.out_len, "\r\n", 2);
}

KTEST(ledit, cr_lf_ends_one_line_not_two) {
    struct fixture f;
    fixture_init(&f);
    KT_EXPECT_EQ(t, type(&f, "a\r"), LEDIT_LINE);
    KT_EXPECT_EQ(t, ledit_feed(&f.e, '\n'), LEDIT_MORE);
    KT_EXPECT_EQ(t, f.e.out_len, 0);
    KT_EXPECT_EQ(t, type(&f, "b\n"), LEDIT_LINE);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "b");
    KT_EXPECT_EQ(t, type(&f, "\n"), LEDIT_LINE); /* LF after LF is an empty line */
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "");
}

KTEST(ledit, insert_in_the_middle_redraws_the_tail) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "ac" LEFT);
    type(&f, "b");
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "abc");
    KT_EXPECT_EQ(t, f.e.cursor, 2);
    KT_EXPECT_BYTES(t, f.e.out, f.e.out_len, "bc\b", 3);
    expect_screen(t, &f);
}

KTEST(ledit, backspace_in_the_middle_blanks_the_last_column) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "abcd" LEFT LEFT BACKSPACE);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "acd");
    KT_EXPECT_EQ(t, f.e.cursor, 1);
    KT_EXPECT_BYTES(t, f.e.out, f.e.out_len, "\bcd \b\b\b", 7);
    expect_screen(t, &f);
}

KTEST(ledit, backspace_and_left_at_start_do_nothing) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "x" HOME BACKSPACE);
    KT_EXPECT_EQ(t, f.e.out_len, 0);
    type(&f, LEFT);
    KT_EXPECT_EQ(t, f.e.out_len, 0);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "x");
    expect_screen(t, &f);
}

KTEST(ledit, delete_key_and_ctrl_d_delete_under_the_cursor) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "abc" HOME DEL);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "bc");
    type(&f, "\x04");
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "c");
    type(&f, END DEL);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "c");
    expect_screen(t, &f);
}

KTEST(ledit, home_end_and_their_other_encodings) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "hello" HOME);
    KT_EXPECT_EQ(t, f.e.cursor, 0);
    type(&f, END);
    KT_EXPECT_EQ(t, f.e.cursor, 5);
    type(&f, "\x1b[1~");
    KT_EXPECT_EQ(t, f.e.cursor, 0);
    type(&f, "\x1b[4~");
    KT_EXPECT_EQ(t, f.e.cursor, 5);
    type(&f, "\x1bOH");
    KT_EXPECT_EQ(t, f.e.cursor, 0);
    type(&f, "\x05"); /* ^E */
    KT_EXPECT_EQ(t, f.e.cursor, 5);
    type(&f, "\x01" RIGHT "\x06"); /* ^A, Right, ^F */
    KT_EXPECT_EQ(t, f.e.cursor, 2);
    type(&f, "\x1b[1;5D"); /* Ctrl-Left: still a left move */
    KT_EXPECT_EQ(t, f.e.cursor, 1);
    expect_screen(t, &f);
}

KTEST(ledit, history_walks_back_and_returns_to_the_draft) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "first\r");
    type(&f, "second command\r");
    type(&f, "dra");
    type(&f, UP);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "second command");
    expect_screen(t, &f);
    type(&f, UP);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "first");
    expect_screen(t, &f); /* the longer line's tail was blanked */
    type(&f, UP);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "first");
    KT_EXPECT_EQ(t, f.e.out_len, 0);
    type(&f, DOWN DOWN);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "dra");
    expect_screen(t, &f);
    type(&f, DOWN);
    KT_EXPECT_EQ(t, f.e.out_len, 0);
}

KTEST(ledit, history_skips_blank_lines_and_repeats) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "ls\r");
    type(&f, "ls\r");
    type(&f, "   \r");
    type(&f, "\r");
    KT_EXPECT_EQ(t, f.e.history_len, 1);
    type(&f, UP);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "ls");
}

KTEST(ledit, history_keeps_the_newest_when_full) {
    struct fixture f;
    fixture_init(&f);
    char line[8];
    for (int i = 0; i < LEDIT_HISTORY + 3; i++) {
        line[0] = 'c';
        line[1] = (char)('a' + i);
        line[2] = '\r';
        line[3] = '\0';
        type(&f, line);
    }
    KT_EXPECT_EQ(t, f.e.history_len, LEDIT_HISTORY);
    KT_EXPECT_STREQ(t, f.e.history[0], "cd");
    for (int i = 0; i < LEDIT_HISTORY; i++) {
        type(&f, UP);
    }
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "cd");
}

KTEST(ledit, recalled_line_can_be_edited_and_run) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "run hello\r");
    type(&f, UP " &");
    expect_screen(t, &f);
    KT_EXPECT_EQ(t, type(&f, "\r"), LEDIT_LINE);
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "run hello &");
    KT_EXPECT_STREQ(t, f.e.history[0], "run hello");
    KT_EXPECT_STREQ(t, f.e.history[1], "run hello &");
}

KTEST(ledit, ctrl_c_cancels_and_ctrl_d_on_empty_line_is_eof) {
    struct fixture f;
    fixture_init(&f);
    KT_EXPECT_EQ(t, type(&f, "abc\x03"), LEDIT_CANCEL);
    KT_EXPECT_BYTES(t, f.e.out, f.e.out_len, "^C\r\n", 4);
    KT_EXPECT_EQ(t, f.e.history_len, 0);
    KT_EXPECT_EQ(t, type(&f, "\x04"), LEDIT_EOF);
}

KTEST(ledit, full_line_refuses_more_characters) {
    struct fixture f;
    fixture_init(&f);
    for (int i = 0; i < LEDIT_LINE_MAX; i++) {
        type(&f, "x");
    }
    type(&f, HOME "y");
    KT_EXPECT_EQ(t, f.e.len, LEDIT_LINE_MAX);
    KT_EXPECT_EQ(t, f.e.out_len, 0);
    KT_EXPECT_EQ(t, ledit_line(&f.e)[0], 'x');
    expect_screen(t, &f);
}

KTEST(ledit, unknown_keys_and_bytes_are_ignored) {
    struct fixture f;
    fixture_init(&f);
    type(&f, "a\x1b[Zb\x1bxc\t\x80\xff\x1b[99999999~d\x1b[5~");
    KT_EXPECT_STREQ(t, ledit_line(&f.e), "abcd");
    expect_screen(t, &f);
}

/* Random keystrokes (a fixed xorshift seed): after every key the screen
 * still shows the buffer, and no output exceeds its buffer. */
KTEST(ledit, random_edits_keep_screen_and_buffer_equal) {
    static const char *const keys[] = {"a", "b", " ", LEFT, RIGHT, HOME, END, DEL, BACKSPACE,
                                       UP, DOWN, "\x01", "\x05", "\x04"};
    struct fixture f;
    fixture_init(&f);
    uint32_t x = 2463534242u;
    int mismatches = 0;
    for (int step = 0; step < 20000; step++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        const char *key = keys[x % (sizeof(keys) / sizeof(keys[0]))];
        if (x % 97 == 0) {
            key = "\r";
        }
        if (f.e.len == 0 && key[0] == '\x04') {
            continue;
        }
        type(&f, key);
        if (key[0] == '\r') {
            continue;
        }
        if (f.term.bad_byte || f.term.col != f.e.cursor ||
            strcmp(term_text(&f.term), shown(&f.e)) != 0) {
            mismatches++;
        }
        KT_ASSERT(t, f.e.out_len <= LEDIT_OUT_MAX);
    }
    KT_EXPECT_EQ(t, mismatches, 0);
}
