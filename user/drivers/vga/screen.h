/*
 * The VGA text screen of the vga console driver (user/drivers/vgacon.c):
 * bytes a console client writes, drawn on the 80x25 cells of the text
 * buffer (each cell a character byte and an attribute byte). Plain C over
 * a cells pointer, so it is unit-tested on the host (screen_test.c) and
 * compiled into the driver, where cells is its MMIO window.
 *
 * What the bytes do: a printable byte (0x20..0xfe but 0x7f, code page
 * 437 above 0x7f) is drawn at the cursor, which advances and wraps to
 * the next line after column 79; '\n' goes to the start of the next line
 * (programs write "\n" alone), '\r' to the start of this one; '\b' moves
 * one cell back, to the end of the previous line from column 0 (the
 * shell's line editor redraws with "\b", also across a wrap), never
 * erasing; '\t' moves to the next multiple of 8. Going below the last
 * line scrolls the screen up one line. Other bytes are ignored (no
 * escape sequences: the shell sends none).
 *
 * The device is only ever written: the screen keeps a copy of the cells
 * in RAM and scrolls that (reads of device memory are slow and uncached).
 */
#ifndef RZ_USER_DRIVERS_VGA_SCREEN_H
#define RZ_USER_DRIVERS_VGA_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_TAB 8

struct vga_screen {
    volatile uint16_t *cells;                 /* the device's text buffer */
    uint16_t shadow[VGA_ROWS * VGA_COLS];     /* what cells hold */
    uint32_t row, col;                        /* the cursor; col < VGA_COLS */
    uint16_t attr;                            /* attribute byte, shifted into place */
};

/* Clears the screen to blanks of attribute attr; cursor at the top left. */
void vga_screen_init(struct vga_screen *s, volatile uint16_t *cells, uint8_t attr);

/* Draws n bytes at the cursor. */
void vga_screen_write(struct vga_screen *s, const char *bytes, size_t n);

/* The cursor as a cell index (row * VGA_COLS + col), what the CRT
 * controller's cursor location registers take. */
uint32_t vga_screen_cursor(const struct vga_screen *s);

#endif
