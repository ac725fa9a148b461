/*
 * The VGA console driver (user/drivers/vgacon.c) as a process, granted
 * the text buffer, the CRT controller's ports and service `vga`. Kernel C
 * reads the screen through its own map of 0xb8000 and the cursor through
 * the CRT controller:
 *
 *   - with no keyboard service at all, it serves tests/drivers/vgatext.c,
 *     a client that attaches the connection as its console and prints
 *     more lines than the screen holds: the last lines, scrolled into
 *     place, tabs expanded, the cursor after "end";
 *   - a keyboard service that appears later (tests/drivers/kbdfake.c)
 *     is found, and what it types reaches the client's console_read.
 */
#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "kernel/driver_test_util.h"
#include "kernel/grant.h"
#include "kernel/process.h"
#include "kernel/vmm.h"
#include "ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

#include "drivers/bin/vgacon.wasm.h"
#include "drivers/test/kbdfake.wasm.h"
#include "drivers/test/vgatext.wasm.h"

#define MS 1000000ull
#define COLS 80
#define ROWS 25

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

/* Spawns and starts a program with arguments args (NUL-separated,
 * args_len bytes); NULL, with a failure recorded, if it cannot. */
static struct process *spawn(struct ktest *t, const char *name, const uint8_t *bytes, size_t size,
                             const char *args, uint32_t args_len) {
    wasm_error_t err;
    struct process *p = process_spawn(name, bytes, size, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn %s: %s", name, err.message);
        return NULL;
    }
    process_set_args(p, args, args_len);
    KT_EXPECT(t, process_start(p));
    return p;
}

static volatile uint16_t *cells;

/* Grants vgacon (and kbdfake its service), starts vgacon. */
static struct process *vgacon_start(struct ktest *t) {
    if (cells == NULL) {
        cells = vmm_map_mmio(0xb8000, 0x8000);
    }
    driver_test_grants_begin();
    grant_line(t, "vgacon.wasm", "mmio", "0xb8000", "0x8000", "rw");
    grant_line(t, "vgacon.wasm", "port", "0x3d4", "2", "rw");
    grant_line(t, "vgacon.wasm", "service", "vga", NULL, NULL);
    grant_line(t, "kbdfake.wasm", "service", "kbd", NULL, NULL);
    return spawn(t, "vgacon.wasm", vgacon_wasm, sizeof vgacon_wasm, "", 0);
}

static void vgacon_stop(struct ktest *t, struct process *server) {
    if (server != NULL) {
        if (server->state != PROCESS_RUNNING) { /* it serves until killed */
            ktest_fail(t, __FILE__, __LINE__, "vgacon.wasm ended: state %d, status %d",
                       (int)server->state, (int)server->exit_status);
        }
        process_kill(server);
        KT_EXPECT(t, process_wait(server, clock_ns() + 5000 * MS));
        process_release(server);
    }
    driver_test_grants_end();
}

/* Waits up to 5 s for row r to start with text; whether it did. */
static bool row_shows(struct process *server, uint32_t r, const char *text) {
    uint64_t deadline = clock_ns() + 5000 * MS;
    while (!row_is(cells, r, text) && clock_ns() < deadline) {
        process_wait(server, clock_ns() + 10 * MS);
    }
    return row_is(cells, r, text);
}

/* Waits up to 5 s for the cursor to reach position `at`; where it is.
 * vgacon moves it after drawing the text, so the text can show first. */
static uint32_t cursor_reaches(struct process *server, uint32_t at) {
    uint64_t deadline = clock_ns() + 5000 * MS;
    while (crtc_cursor() != at && clock_ns() < deadline) {
        process_wait(server, clock_ns() + 10 * MS);
    }
    return crtc_cursor();
}

/* Runs a process to its end: whether it exited with 0. */
static void expect_exit_0(struct ktest *t, struct process *p) {
    KT_EXPECT(t, process_wait(p, clock_ns() + 10000 * MS));
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 0);
    process_release(p);
}

KTEST(vgacon, client_text_drawn_scrolled_with_the_cursor_after_it) {
    struct process *server = vgacon_start(t);
    struct process *client =
        server != NULL ? spawn(t, "vgatext.wasm", vgatext_wasm, sizeof vgatext_wasm, "", 0) : NULL;
    if (client != NULL) {
        expect_exit_0(t, client);
        /* lines 0..30 and "end" are 32 rows: the first 7 scrolled away */
        KT_EXPECT(t, row_shows(server, ROWS - 1, "end "));
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
        KT_EXPECT_EQ(t, cells[(ROWS - 1) * COLS] >> 8, 0x07); /* light grey on black */
        KT_EXPECT_EQ(t, cursor_reaches(server, (ROWS - 1) * COLS + 3), (ROWS - 1) * COLS + 3);
    }
    vgacon_stop(t, server); /* no keyboard service all along */
}

KTEST(vgacon, keys_from_service_kbd_reach_the_newest_client) {
    struct process *server = vgacon_start(t);
    struct process *client =
        server != NULL ? spawn(t, "vgatext.wasm", vgatext_wasm, sizeof vgatext_wasm, "keys", 5)
                       : NULL;
    /* the client is connected once it has printed; only then the keyboard
     * comes, and vgacon finds it on its next look (within a second) */
    if (client != NULL && row_shows(server, 0, "ready")) {
        struct process *kbd = spawn(t, "kbdfake.wasm", kbdfake_wasm, sizeof kbdfake_wasm, "", 0);
        if (kbd != NULL) {
            expect_exit_0(t, kbd);
        }
        expect_exit_0(t, client);
        KT_EXPECT(t, row_shows(server, 1, "got ok"));
        KT_EXPECT_EQ(t, cursor_reaches(server, COLS), COLS); /* the "\r" went back to column 0 */
    } else if (client != NULL) {
        ktest_fail(t, __FILE__, __LINE__, "the client never printed \"ready\"");
        process_kill(client);
        process_wait(client, clock_ns() + 5000 * MS);
        process_release(client);
    }
    vgacon_stop(t, server);
}
