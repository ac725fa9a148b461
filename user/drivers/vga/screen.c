/* The VGA text screen (screen.h). */
#include "screen.h"

#include <string.h>

static uint16_t blank(const struct vga_screen *s) {
    return s->attr | ' ';
}

static void put(struct vga_screen *s, uint32_t at, uint16_t cell) {
    s->shadow[at] = cell;
    s->cells[at] = cell;
}

/* The cells from the shadow copy, whole. */
static void redraw(struct vga_screen *s) {
    for (uint32_t i = 0; i < VGA_ROWS * VGA_COLS; i++) {
        s->cells[i] = s->shadow[i];
    }
}

static void scroll(struct vga_screen *s) {
    memmove(s->shadow, s->shadow + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * sizeof s->shadow[0]);
    for (uint32_t i = (VGA_ROWS - 1) * VGA_COLS; i < VGA_ROWS * VGA_COLS; i++) {
        s->shadow[i] = blank(s);
    }
    redraw(s);
}

static void newline(struct vga_screen *s) {
    s->col = 0;
    if (s->row + 1 == VGA_ROWS) {
        scroll(s);
    } else {
        s->row++;
    }
}

static void backspace(struct vga_screen *s) {
    if (s->col > 0) {
        s->col--;
    } else if (s->row > 0) {
        s->row--;
        s->col = VGA_COLS - 1;
    }
}

static void tab(struct vga_screen *s) {
    s->col = (s->col / VGA_TAB + 1) * VGA_TAB;
    if (s->col >= VGA_COLS) {
        newline(s);
    }
}

static void draw(struct vga_screen *s, uint8_t c) {
    put(s, s->row * VGA_COLS + s->col, s->attr | c);
    if (++s->col == VGA_COLS) {
        newline(s);
    }
}

void vga_screen_init(struct vga_screen *s, volatile uint16_t *cells, uint8_t attr) {
    s->cells = cells;
    s->attr = (uint16_t)(attr << 8);
    s->row = s->col = 0;
    for (uint32_t i = 0; i < VGA_ROWS * VGA_COLS; i++) {
        s->shadow[i] = blank(s);
    }
    redraw(s);
}

void vga_screen_write(struct vga_screen *s, const char *bytes, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)bytes[i];
        if (c == '\n') {
            newline(s);
        } else if (c == '\r') {
            s->col = 0;
        } else if (c == '\b') {
            backspace(s);
        } else if (c == '\t') {
            tab(s);
        } else if (c >= 0x20 && c != 0x7f && c != 0xff) {
            draw(s, c);
        }
    }
}

uint32_t vga_screen_cursor(const struct vga_screen *s) {
    return s->row * VGA_COLS + s->col;
}
