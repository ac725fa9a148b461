/*
 * pcigarbage: a hostile client of the pci service (docs/pci.md) beside
 * a well-behaved one. Connection A sends malformed requests, each of
 * which must get its error reply, then floods requests without reading
 * the replies until the service drops it; more connections than the
 * service serves are opened at once; connection B must be answered
 * correctly before, between and after. Prints one line per check and
 * exits with the number that failed (tests/boot/echo-test runs it).
 */
#include <stdbool.h>
#include <string.h>

#include "rz/pci.h"
#include "rz/rz.h"

#define MS 1000000ull
#define REPLY_WAIT_NS (2000 * MS)
#define FLOOD_MAX 1000 /* requests sent to A at most before it must be dropped */
#define EXTRA_CONNECTIONS 70

static int checks;
static int failed;
static uint8_t big[RZ_CHANNEL_MAX_BYTES];
static uint8_t reply[sizeof(rz_pci_reply_t) + RZ_PCI_LIST_MAX * sizeof(rz_pci_function_t)];

static void check(bool ok, const char *name) {
    checks++;
    if (!ok) {
        failed++;
    }
    rz_printf("pcigarbage: %s %s\n", ok ? "ok" : "not ok", name);
}

/* Reads the reply to the last request on h into `reply`; its header in *r. */
static bool read_reply(rz_handle_t h, rz_pci_reply_t *r) {
    uint32_t observed;
    if (rz_wait_one(h, RZ_SIG_READABLE, rz_clock_get() + REPLY_WAIT_NS, &observed) != RZ_OK) {
        return false;
    }
    uint32_t len = 0;
    uint32_t handles = 0;
    if (rz_channel_read(h, reply, sizeof reply, 0, 0, &len, &handles) != RZ_OK || len < sizeof *r) {
        return false;
    }
    memcpy(r, reply, sizeof *r);
    return true;
}

/* Sends len bytes (and one handle when h_sent is valid); true when the
 * reply has op and status. */
static bool call(rz_handle_t h, const void *req, uint32_t len, rz_handle_t h_sent, uint32_t op,
                 int32_t status) {
    uint32_t nh = h_sent != RZ_HANDLE_INVALID ? 1 : 0;
    if (rz_channel_write(h, req, len, &h_sent, nh) != RZ_OK) {
        return false;
    }
    rz_pci_reply_t r;
    return read_reply(h, &r) && r.op == op && r.status == status;
}

/* B still lists the host bridge first and reads its identity. */
static bool well_behaved_answered(rz_handle_t b) {
    rz_pci_list_req_t list = {RZ_PCI_OP_LIST, 0};
    rz_pci_reply_t r;
    if (rz_channel_write(b, &list, sizeof list, 0, 0) != RZ_OK || !read_reply(b, &r) ||
        r.status != RZ_OK || r.count == 0) {
        return false;
    }
    rz_pci_function_t f;
    memcpy(&f, reply + sizeof r, sizeof f);
    rz_pci_read_req_t rd = {.op = RZ_PCI_OP_READ, .offset = 0};
    return f.bus == 0 && f.dev == 0 && f.fn == 0 && f.class_code == 0x06 &&
           rz_channel_write(b, &rd, sizeof rd, 0, 0) == RZ_OK && read_reply(b, &r) &&
           r.status == RZ_OK && r.value == ((uint32_t)f.device << 16 | f.vendor);
}

/* A connection to the service; retried while its queue of connections is full. */
static rz_handle_t pci_connect(void) {
    uint64_t deadline = rz_clock_get() + REPLY_WAIT_NS;
    rz_handle_t h = RZ_HANDLE_INVALID;
    while (rz_service_connect(RZ_PCI_SERVICE, sizeof RZ_PCI_SERVICE - 1, deadline, &h) ==
               RZ_ERR_SHOULD_WAIT &&
           rz_clock_get() < deadline) {
        rz_yield();
    }
    return h;
}

static void malformed(rz_handle_t a) {
    uint32_t op = 0x77;
    check(call(a, &op, 0, RZ_HANDLE_INVALID, 0, RZ_ERR_INVALID_ARGS), "empty_request");
    check(call(a, &op, 3, RZ_HANDLE_INVALID, 0, RZ_ERR_INVALID_ARGS), "three_bytes");
    check(call(a, &op, 4, RZ_HANDLE_INVALID, 0x77, RZ_ERR_NOT_SUPPORTED), "unknown_op");
    op = 3;
    check(call(a, &op, 4, RZ_HANDLE_INVALID, 3, RZ_ERR_NOT_SUPPORTED), "write_refused");
    rz_pci_list_req_t list[2] = {{RZ_PCI_OP_LIST, 0}};
    check(call(a, list, sizeof list[0] + 1, RZ_HANDLE_INVALID, RZ_PCI_OP_LIST, RZ_ERR_INVALID_ARGS),
          "list_too_long");
    list[0].first = 0xffffffffu;
    check(call(a, list, sizeof list[0], RZ_HANDLE_INVALID, RZ_PCI_OP_LIST, RZ_ERR_OUT_OF_RANGE),
          "list_beyond_the_end");
    rz_pci_read_req_t rd = {.op = RZ_PCI_OP_READ, .offset = 2};
    check(call(a, &rd, sizeof rd, RZ_HANDLE_INVALID, RZ_PCI_OP_READ, RZ_ERR_INVALID_ARGS),
          "read_unaligned");
    rd = (rz_pci_read_req_t){.op = RZ_PCI_OP_READ, .bus = 0xff, .dev = 0x1f, .fn = 7};
    check(call(a, &rd, sizeof rd, RZ_HANDLE_INVALID, RZ_PCI_OP_READ, RZ_ERR_NOT_FOUND),
          "read_of_an_absent_function");
    rz_handle_t ev;
    rz_event_create(&ev);
    list[0].first = 0;
    check(call(a, list, sizeof list[0], ev, RZ_PCI_OP_LIST, RZ_ERR_INVALID_ARGS),
          "request_with_a_handle");
    memset(big, 0xa5, sizeof big);
    check(call(a, big, sizeof big, RZ_HANDLE_INVALID, 0xa5a5a5a5u, RZ_ERR_NOT_SUPPORTED),
          "largest_message");
}

/* Writes requests to a without reading a reply: the service must drop a. */
static bool flood_is_dropped(rz_handle_t a) {
    rz_pci_read_req_t rd = {.op = RZ_PCI_OP_READ};
    for (int i = 0; i < FLOOD_MAX; i++) {
        int32_t err = rz_channel_write(a, &rd, sizeof rd, 0, 0);
        if (err == RZ_ERR_PEER_CLOSED) {
            return true;
        }
        if (err == RZ_ERR_SHOULD_WAIT) {
            uint32_t observed;
            rz_wait_one(a, RZ_SIG_WRITABLE | RZ_SIG_PEER_CLOSED, rz_clock_get() + REPLY_WAIT_NS,
                        &observed);
        } else if (err != RZ_OK) {
            return false;
        }
    }
    return false;
}

/* Opens more connections than the service takes: some are closed at
 * once, and the others (and b) are still served. */
static void too_many_connections(rz_handle_t b) {
    rz_handle_t extra[EXTRA_CONNECTIONS];
    int opened = 0;
    for (int i = 0; i < EXTRA_CONNECTIONS; i++) {
        extra[i] = pci_connect();
        opened += extra[i] != RZ_HANDLE_INVALID;
    }
    check(opened == EXTRA_CONNECTIONS, "extra_connections_made");
    check(well_behaved_answered(b), "well_behaved_answered_among_many");
    uint32_t observed = 0;
    rz_wait_one(extra[EXTRA_CONNECTIONS - 1], RZ_SIG_PEER_CLOSED, rz_clock_get() + REPLY_WAIT_NS,
                &observed);
    check(observed & RZ_SIG_PEER_CLOSED, "connection_beyond_the_limit_closed");
    for (int i = 0; i < EXTRA_CONNECTIONS; i++) {
        rz_handle_close(extra[i]);
    }
}

int main(void) {
    rz_handle_t a = pci_connect();
    rz_handle_t b = pci_connect();
    check(a != RZ_HANDLE_INVALID && b != RZ_HANDLE_INVALID, "connected");
    check(well_behaved_answered(b), "well_behaved_answered");
    malformed(a);
    check(well_behaved_answered(b), "well_behaved_answered_after_garbage");
    check(flood_is_dropped(a), "flooding_client_dropped");
    check(well_behaved_answered(b), "well_behaved_answered_after_flood");
    too_many_connections(b);
    check(well_behaved_answered(pci_connect()), "new_connection_answered");
    rz_printf("pcigarbage: done %d checks, %d failed\n", checks, failed);
    return failed;
}
