/*
 * The connections a service's server holds (docs/console.md, "Services"):
 * each connection arrives on the listener as a message of no bytes
 * carrying the server's end of a new channel, and the server keeps those
 * channels, oldest first, until it drops them. The servers of the tree
 * (the drivers serial, vgacon, ps2kbd and pci, and the test service
 * svc_echo) share this table instead of each keeping its own.
 */
#ifndef RZ_SDK_CLIENTS_H
#define RZ_SDK_CLIENTS_H

#include <stdint.h>

#include "rz/syscalls.h"

/* What one table holds at most: as many as one wait_many can watch. */
#define RZ_CLIENTS_CAP RZ_WAIT_MANY_MAX

typedef struct {
    rz_handle_t channels[RZ_CLIENTS_CAP]; /* oldest first */
    uint32_t count;
    uint32_t max; /* the server's limit, at most RZ_CLIENTS_CAP */
} rz_clients_t;

/*
 * Takes one message from listener (the kernel sends nothing but
 * connections there): the connection joins c as its newest client
 * (RZ_OK), or is closed at once when c already holds max
 * (RZ_ERR_NO_RESOURCES; its client sees RZ_SIG_PEER_CLOSED). Otherwise
 * channel_read's error: RZ_ERR_SHOULD_WAIT when no message was waiting.
 */
int32_t rz_clients_accept(rz_clients_t *c, rz_handle_t listener);

/* Closes client i's channel; the clients after it move down one, so the
 * order stays and a loop from the last client down skips none. */
void rz_clients_drop(rz_clients_t *c, uint32_t i);

/* Writes a wait item per client (READABLE or PEER_CLOSED), in the
 * table's order, to items; returns how many. */
uint32_t rz_clients_wait_items(const rz_clients_t *c, rz_wait_item_t *items);

#endif
