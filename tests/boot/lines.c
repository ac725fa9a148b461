/*
 * lines: numbered lines for the boot test (tests/boot/echo-test), which
 * checks that a program's output crosses its console and the serial
 * driver complete and in order. The first LINES_ONE_BY_ONE lines are one
 * console write each; the rest go in one write of several KiB, which the
 * kernel splits into console messages of at most 4096 bytes.
 */
#include "lib/fmt.h"
#include "rz/rz.h"

#define LINES 300
#define LINES_ONE_BY_ONE 200
#define LINE_TEXT "abcdefghijklmnopqrstuvwxyz0123456789"

static char block[(LINES - LINES_ONE_BY_ONE) * 64];

int main(void) {
    for (int i = 1; i <= LINES_ONE_BY_ONE; i++) {
        rz_printf("lines: %03d/%d %s\n", i, LINES, LINE_TEXT);
    }
    size_t used = 0;
    for (int i = LINES_ONE_BY_ONE + 1; i <= LINES; i++) {
        used += (size_t)fmt_snprintf(block + used, sizeof block - used, "lines: %03d/%d %s\n", i,
                                     LINES, LINE_TEXT);
    }
    rz_print(block);
    return 0;
}
