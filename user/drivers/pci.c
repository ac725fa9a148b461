/*
 * pci: the PCI configuration-space service. At start it enumerates every
 * function reachable from bus 0 through configuration mechanism #1
 * (address to port 0xcf8, data at 0xcfc, the ports of its manifest) and
 * sizes their BARs (pci/enum.c); then it registers the service `pci` and
 * answers requests (rz/pci.h, docs/pci.md) on every connection.
 *
 * One wait_many covers the listener and every connection, and each round
 * serves at most one request per connection, so a client flooding its
 * channel shares the service fairly with the others. A client whose
 * reply does not fit in its queue (it writes without reading) is
 * disconnected rather than waited for: nothing a client sends can make
 * the service block.
 */
#include <stdbool.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "rz/clients.h"
#include "rz/manifest.h"
#include "rz/pci.h"
#include "rz/portio.h"
#include "rz/rz.h"
#include "user/drivers/pci/enum.h"
#include "user/drivers/pci/serve.h"

RZ_MANIFEST_PORTS(0xcf8, 8, RZ_ACCESS_RW);

#define PCI_ADDRESS 0xcf8
#define PCI_DATA 0xcfc
#define PCI_ENABLE 0x80000000u

/* The listener takes one wait item; each connection one more. */
#define CONNECTIONS_MAX (RZ_WAIT_MANY_MAX - 1)

static struct pci_table table;
static rz_clients_t conns = {.max = CONNECTIONS_MAX};
/* Big enough for any message, so a read never leaves one queued. */
static uint8_t request[RZ_CHANNEL_MAX_BYTES];
static rz_handle_t request_handles[RZ_CHANNEL_MAX_HANDLES];
static uint8_t reply[PCI_REPLY_MAX];

static void select_register(struct pci_addr a, uint32_t offset) {
    rz_out32(PCI_ADDRESS, PCI_ENABLE | (uint32_t)a.bus << 16 | (uint32_t)a.dev << 11 |
                              (uint32_t)a.fn << 8 | (offset & 0xfcu));
}

static uint32_t port_read(void *ctx, struct pci_addr a, uint32_t offset) {
    select_register(a, offset);
    return rz_in32(PCI_DATA);
}

static void port_write(void *ctx, struct pci_addr a, uint32_t offset, uint32_t value) {
    select_register(a, offset);
    rz_out32(PCI_DATA, value);
}

static const struct pci_config config = {.read = port_read, .write = port_write};

/* Reads one message from h into the buffers and closes the handles it
 * carried. Returns RZ_OK or channel_read's error. */
static int32_t take_message(rz_handle_t h, uint32_t *len, uint32_t *handles) {
    int32_t err = rz_channel_read(h, request, sizeof request, request_handles,
                                  RZ_CHANNEL_MAX_HANDLES, len, handles);
    if (err == RZ_OK) {
        for (uint32_t i = 0; i < *handles; i++) {
            rz_handle_close(request_handles[i]);
        }
    }
    return err;
}

/* Serves one request of connection i, or drops the connection. */
static void serve_one(uint32_t i) {
    uint32_t len;
    uint32_t handles;
    int32_t err = take_message(conns.channels[i], &len, &handles);
    if (err == RZ_ERR_SHOULD_WAIT) {
        return;
    }
    if (err != RZ_OK) {
        rz_clients_drop(&conns, i); /* closed, or its message cannot be taken (our table is full) */
        return;
    }
    size_t n = pci_serve(&table, &config, request, len, handles, reply);
    if (rz_channel_write(conns.channels[i], reply, (uint32_t)n, 0, 0) != RZ_OK) {
        rz_clients_drop(&conns, i); /* gone, or not reading its replies */
    }
}

int main(void) {
    pci_enumerate(&config, &table);
    if (table.dropped > 0) {
        rz_printf("pci: %u functions beyond the first %u not listed\n", table.dropped, table.count);
    }
    rz_handle_t listener;
    int32_t err = rz_service_register(RZ_PCI_SERVICE, sizeof RZ_PCI_SERVICE - 1, &listener);
    if (err != RZ_OK) {
        rz_printf("pci: service_register: %s\n", rz_error_name(err));
        return err;
    }
    rz_printf("pci: %u functions; serving %s\n", table.count, RZ_PCI_SERVICE);
    for (;;) {
        rz_wait_item_t items[1 + CONNECTIONS_MAX];
        items[0] = (rz_wait_item_t){listener, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, 0, 0};
        uint32_t waited = 1 + rz_clients_wait_items(&conns, items + 1);
        err = rz_wait_many(items, waited, RZ_TIME_INFINITE);
        if (err != RZ_OK) {
            rz_printf("pci: wait_many: %s\n", rz_error_name(err));
            return err;
        }
        /* From the last, so dropping (which moves the later ones down) skips none. */
        for (uint32_t i = waited - 1; i > 0; i--) {
            uint32_t seen = items[i].observed;
            if (seen & RZ_SIG_READABLE) {
                serve_one(i - 1);
            } else if (seen & RZ_SIG_PEER_CLOSED) {
                rz_clients_drop(&conns, i - 1);
            }
        }
        if (items[0].observed & RZ_SIG_READABLE) {
            rz_clients_accept(&conns, listener); /* beyond CONNECTIONS_MAX, closed at once */
        } else if (items[0].observed & RZ_SIG_PEER_CLOSED) {
            return RZ_ERR_PEER_CLOSED;
        }
    }
}
