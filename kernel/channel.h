/*
 * Channels: two endpoints; a message written to one is queued on the
 * other. A message is up to RZ_CHANNEL_MAX_BYTES bytes and
 * RZ_CHANNEL_MAX_HANDLES handles; handles move (leave the writer's table,
 * arrive in the reader's). Each endpoint queues at most CHANNEL_MAX_QUEUED
 * incoming messages.
 *
 * Signals of an endpoint: READABLE while its queue is not empty; WRITABLE
 * while the peer is open and the peer's queue has room; PEER_CLOSED once
 * the peer's last handle is gone. Messages already queued stay readable
 * after the peer closed; messages queued on an endpoint whose last handle
 * closes are dropped with their handles.
 *
 * Locking: both endpoints share one lock (struct channel_shared), taken
 * after the handle table lock and before kobject_lock. Neither operation
 * touches guest memory under a lock: the caller passes kernel pointers
 * already checked by kernel/guest.h, and copies happen outside the locks.
 */
#ifndef RZ_KERNEL_CHANNEL_H
#define RZ_KERNEL_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/handle.h"
#include "kernel/object.h"

/* Whether a message of this size is allowed (the one place of the limit). */
bool channel_sizes_ok(uint32_t num_bytes, uint32_t num_handles);

/* Two connected endpoints, refcount 1 each. Errors: RZ_ERR_NO_MEMORY. */
int channel_create(struct kobject **ep0, struct kobject **ep1);

/*
 * Requires: ep is a channel endpoint; bytes[0..num_bytes) readable.
 * Sends bytes and the handles hs[0..num_handles) of table t (all or
 * nothing). Errors, in order: RZ_ERR_OUT_OF_RANGE (too big),
 * RZ_ERR_NO_MEMORY, then per handle RZ_ERR_BAD_HANDLE,
 * RZ_ERR_INVALID_ARGS (the endpoint or its peer, or repeated),
 * RZ_ERR_ACCESS_DENIED (no TRANSFER), then RZ_ERR_PEER_CLOSED,
 * RZ_ERR_SHOULD_WAIT (peer's queue full).
 */
int channel_write(struct handle_table *t, struct kobject *ep, const void *bytes, uint32_t num_bytes,
                  const rz_handle_t *hs, uint32_t num_handles);

/*
 * Requires: ep is a channel endpoint; bytes[0..bytes_cap) and
 * handles[0..handles_cap) writable (any alignment). Takes the oldest
 * message, installing its handles in t. *actual_bytes and
 * *actual_handles are set on RZ_OK and on RZ_ERR_BUFFER_TOO_SMALL.
 * Errors: RZ_ERR_SHOULD_WAIT (empty, peer open), RZ_ERR_PEER_CLOSED
 * (empty, peer closed), RZ_ERR_BUFFER_TOO_SMALL and RZ_ERR_NO_RESOURCES
 * (the table lacks free slots), both leaving the message queued.
 */
int channel_read(struct handle_table *t, struct kobject *ep, void *bytes, uint32_t bytes_cap,
                 void *handles, uint32_t handles_cap, uint32_t *actual_bytes,
                 uint32_t *actual_handles);

/*
 * The kernel writing on its own behalf (consoles, services): sends
 * bytes[0..num_bytes) and, when obj is not NULL, obj as one handle with
 * rights; the message then owns the caller's reference to obj and a
 * handle count taken here. On error nothing is sent and obj stays the
 * caller's. Errors: RZ_ERR_OUT_OF_RANGE, RZ_ERR_NO_MEMORY,
 * RZ_ERR_PEER_CLOSED, RZ_ERR_SHOULD_WAIT.
 */
int channel_write_kernel(struct kobject *ep, const void *bytes, uint32_t num_bytes,
                         struct kobject *obj, uint32_t rights);

/*
 * The kernel reading a byte stream (a console's input): takes up to
 * bytes_cap bytes from the oldest message into bytes (a kernel buffer);
 * what does not fit stays queued for the next read. Handles in the
 * message are closed. Errors: RZ_ERR_SHOULD_WAIT (empty, peer open),
 * RZ_ERR_PEER_CLOSED (empty, peer closed).
 */
int channel_read_kernel(struct kobject *ep, void *bytes, uint32_t bytes_cap, uint32_t *actual);

#endif
