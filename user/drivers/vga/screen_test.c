/* Tests of the VGA text screen (screen.h) over a plain array of cells. */
#include "screen.h"

#include <string.h>

#include "ktest.h"

#define ATTR 0x1f

static uint16_t cells[VGA_ROWS * VGA_COLS];
static struct vga_screen screen;

static struct vga_screen *fresh(void) {
    memset(cells, 0xee, sizeof cells);
    vga_screen_init(&screen, cells, ATTR);
    return &screen;
}

static void write_str(struct vga_screen *s, const char *str) {
    vga_screen_write(s, str, strlen(str));
}

/* The characters of row r, columns [from, from + n), as a string. */
static const char *row_text(uint32_t r, uint32_t from, uint32_t n) {
    static char buf[VGA_COLS + 1];
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = (char)(cells[r * VGA_COLS + from + i] & 0xff);
    }
    buf[n] = '\0';
    return buf;
}

KTEST(vga_screen, init_clears_every_cell_and_homes_the_cursor) {
    fresh();
    for (uint32_t i = 0; i < VGA_ROWS * VGA_COLS; i++) {
        KT_ASSERT(t, cells[i] == (ATTR << 8 | ' '));
    }
    KT_EXPECT_EQ(t, vga_screen_cursor(&screen), 0);
}

KTEST(vga_screen, text_drawn_with_the_attribute_at_the_cursor) {
    struct vga_screen *s = fresh();
    write_str(s, "Hi");
    KT_EXPECT_EQ(t, cells[0], ATTR << 8 | 'H');
    KT_EXPECT_EQ(t, cells[1], ATTR << 8 | 'i');
    KT_EXPECT_EQ(t, vga_screen_cursor(s), 2);
}

KTEST(vga_screen, newline_carriage_return_and_tab_move_the_cursor) {
    struct vga_screen *s = fresh();
    write_str(s, "ab\ncd");
    KT_EXPECT_STREQ(t, row_text(1, 0, 2), "cd");
    write_str(s, "\rX");
    KT_EXPECT_STREQ(t, row_text(1, 0, 2), "Xd");
    write_str(s, "\tT");
    KT_EXPECT_EQ(t, cells[VGA_COLS + 8] & 0xff, 'T');
    write_str(s, "\t\t\t\t\t\t\t\t\t"); /* 16, 24, .., 72, then past 79: next line */
    KT_EXPECT_EQ(t, vga_screen_cursor(s), 2 * VGA_COLS);
}

KTEST(vga_screen, backspace_moves_back_without_erasing_and_across_a_wrap) {
    struct vga_screen *s = fresh();
    write_str(s, "abc\b\b");
    KT_EXPECT_EQ(t, vga_screen_cursor(s), 1);
    KT_EXPECT_STREQ(t, row_text(0, 0, 3), "abc");
    write_str(s, "\b\b\b"); /* stops at the top left */
    KT_EXPECT_EQ(t, vga_screen_cursor(s), 0);
    char line[VGA_COLS + 1];
    memset(line, 'x', VGA_COLS);
    line[VGA_COLS] = '\0';
    write_str(s, line); /* fills row 0; the cursor wraps to row 1 */
    KT_EXPECT_EQ(t, vga_screen_cursor(s), VGA_COLS);
    write_str(s, "\b \b"); /* the shell's erase, across the wrap */
    KT_EXPECT_EQ(t, vga_screen_cursor(s), VGA_COLS - 1);
    KT_EXPECT_EQ(t, cells[VGA_COLS - 1] & 0xff, ' ');
}

KTEST(vga_screen, writing_below_the_last_line_scrolls_up) {
    struct vga_screen *s = fresh();
    for (int r = 0; r < VGA_ROWS; r++) {
        char line[8];
        line[0] = 'L';
        line[1] = (char)('a' + r);
        line[2] = '\n';
        vga_screen_write(s, line, 3);
    }
    /* 25 lines and a newline: "La" went off the top */
    KT_EXPECT_STREQ(t, row_text(0, 0, 2), "Lb");
    KT_EXPECT_STREQ(t, row_text(VGA_ROWS - 2, 0, 2), "Ly");
    KT_EXPECT_EQ(t, cells[(VGA_ROWS - 1) * VGA_COLS], ATTR << 8 | ' ');
    KT_EXPECT_EQ(t, vga_screen_cursor(s), (VGA_ROWS - 1) * VGA_COLS);
    write_str(s, "end");
    KT_EXPECT_STREQ(t, row_text(VGA_ROWS - 1, 0, 3), "end");
}

KTEST(vga_screen, control_bytes_other_than_the_four_ignored) {
    struct vga_screen *s = fresh();
    write_str(s, "a\x1b\x07\x7f" "b");
    KT_EXPECT_STREQ(t, row_text(0, 0, 3), "ab ");
    KT_EXPECT_EQ(t, vga_screen_cursor(s), 2);
}
