/*
 * The VGA console driver (user/drivers/vgacon.c) as a process: granted
 * the text buffer, the CRT controller's ports and service `vga`, with no
 * keyboard service to connect to, it serves tests/drivers/vgatext.c, a
 * client that attaches the connection as its console and prints more
 * lines than the screen holds. Kernel C then reads the screen through its
 * own map of 0xb8000: the last lines, scrolled into place, tabs expanded,
 * and the hardware cursor after "end".
 */
#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "kernel/grant.h"
#include "kernel/process.h"
#include "kernel/vmm.h"
#include "ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

#include "drivers/bin/vgacon.wasm.h"
#include "drivers/bin/vgatext.wasm.h"

#define MS 1000000ull
#define COLS 80
#define ROWS 25

static struct grant_table saved;

static void grant_line(struct ktest *t, const char *program, const char *kind, const char *a,
                       const char *b, const char *c) {
    char *words[5] = {(char *)program, (char *)kind, (char *)a, (char *)b, (char *)c};
    size_t n = c != NULL ? 5 : 3;
    struct grant g;
    const char *why = NULL;
    KT_EXPECT(t, grant_parse(words, n, &g, &why) && grant_add(&grant_boot_table, &g, &why));
}

/* Whether row r of the screen starts with text. */
static bool row_is(volatile const uint16_t *cells, uint32_t r, const char *text) {
    for (uint32_t i = 0; text[i] != '\0'; i++) {
        if ((cells[r * COLS + i] & 0xff) != (uint8_t)text[i]) {
            return false;
        }
    }
    return true;
}

static uint32_t crtc_cursor(void) {
    outb(0x3d4, 0x0e);
    uint32_t high = inb(0x3d5);
    outb(0x3d4, 0x0f);
    return high << 8 | inb(0x3d5);
}

static struct process *spawn(struct ktest *t, const char *name, const uint8_t *bytes,
                             size_t size) {
    wasm_error_t err;
    struct process *p = process_spawn(name, bytes, size, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn %s: %s", name, err.message);
        return NULL;
    }
    KT_EXPECT(t, process_start(p));
    return p;
}

KTEST(vgacon, client_text_drawn_scrolled_with_the_cursor_after_it) {
    static volatile uint16_t *cells;
    if (cells == NULL) {
        cells = vmm_map_mmio(0xb8000, 0x8000);
    }
    saved = grant_boot_table;
    grant_boot_table = (struct grant_table){0};
    grant_line(t, "vgacon.wasm", "mmio", "0xb8000", "0x8000", "rw");
    grant_line(t, "vgacon.wasm", "port", "0x3d4", "2", "rw");
    grant_line(t, "vgacon.wasm", "service", "vga", NULL, NULL);
    struct process *server = spawn(t, "vgacon.wasm", vgacon_wasm, sizeof vgacon_wasm);
    struct process *client =
        server != NULL ? spawn(t, "vgatext.wasm", vgatext_wasm, sizeof vgatext_wasm) : NULL;
    if (client != NULL) {
        KT_EXPECT(t, process_wait(client, clock_ns() + 10000 * MS));
        KT_EXPECT_EQ(t, client->state, PROCESS_EXITED);
        KT_EXPECT_EQ(t, client->exit_status, 0);
        /* the client's messages are queued; the server draws them soon */
        uint64_t deadline = clock_ns() + 5000 * MS;
        while (!row_is(cells, ROWS - 1, "end") && clock_ns() < deadline) {
            process_wait(server, clock_ns() + 10 * MS);
        }
        /* lines 0..30 and "end" are 32 rows: the first 7 scrolled away */
        for (uint32_t r = 0; r < ROWS - 1; r++) {
            char want[COLS];
            fmt_snprintf(want, sizeof want, "line %u", r + 7);
            size_t n = strlen(want);
            /* "line 7" or "line 10", then the tab to column 8 */
            if (!row_is(cells, r, want) || (cells[r * COLS + n] & 0xff) != ' ' ||
                (cells[r * COLS + 8] & 0xff) != 't') {
                ktest_fail(t, __FILE__, __LINE__, "row %u does not show \"%s\\ttab\"", r, want);
            }
        }
        KT_EXPECT(t, row_is(cells, ROWS - 1, "end "));
        KT_EXPECT_EQ(t, cells[(ROWS - 1) * COLS] >> 8, 0x07); /* light grey on black */
        KT_EXPECT_EQ(t, crtc_cursor(), (ROWS - 1) * COLS + 3);
        process_release(client);
    }
    if (server != NULL) {
        KT_EXPECT_EQ(t, server->state, PROCESS_RUNNING); /* no keyboard: serving still */
        process_kill(server);
        KT_EXPECT(t, process_wait(server, clock_ns() + 5000 * MS));
        process_release(server);
    }
    grant_boot_table = saved;
}
