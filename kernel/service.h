/*
 * Named services: the way programs find each other (docs/console.md).
 * A server registers a name boot.conf grants its program and gets a
 * listening channel endpoint; service_connect creates a channel, sends
 * one end to the listener as a message of 0 bytes and 1 handle, and gives
 * the client the other. The registry keeps the listener's peer endpoint;
 * once the server's end is gone (PEER_CLOSED), or the process that
 * registered the name has ended, the name is free again, so a restarted
 * server registers it anew. (The process's end counts because a listener
 * can outlive it: a program can leave endpoints in each other's queues,
 * where nothing closes them.)
 *
 * The server gets the listener without RZ_RIGHT_WRITE: nothing reads the
 * registry's end, and messages there would only keep what they carry.
 */
#ifndef RZ_KERNEL_SERVICE_H
#define RZ_KERNEL_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/rights.h"
#include "kernel/object.h"
#include "lib/service_name.h"

/* Names registered at once: a system has a handful of services. */
#define SERVICE_MAX 32

/* The rights of the server's handle to its listener (see above). */
#define SERVICE_LISTENER_RIGHTS (RZ_DEFAULT_CHANNEL_RIGHTS & ~RZ_RIGHT_WRITE)

/*
 * Registers name (valid, NUL-terminated) for `program` and returns the
 * listening endpoint (a reference for the caller) in *listener. owner,
 * when not NULL, is the registering process: the registry keeps a
 * reference, and its RZ_SIG_TERMINATED frees the name.
 * Errors: RZ_ERR_ACCESS_DENIED (no grant), RZ_ERR_ALREADY_EXISTS,
 * RZ_ERR_NO_RESOURCES (SERVICE_MAX live names), RZ_ERR_NO_MEMORY.
 */
int service_register(const char *program, struct kobject *owner, const char *name,
                     struct kobject **listener);

/*
 * Connects to name (valid, NUL-terminated), waiting for it to be
 * registered until deadline_ns; *client receives the client's endpoint
 * (a reference). Errors: RZ_ERR_TIMED_OUT, RZ_ERR_SHOULD_WAIT (the
 * listener's queue is full), RZ_ERR_NO_MEMORY, RZ_ERR_CANCELED (killed).
 */
int service_connect(const char *name, uint64_t deadline_ns, struct kobject **client);

/* Unregisters every name owner registered: its process is ending, and
 * the registry's reference must not keep it listed. Requires: no
 * spinlock held. */
void service_release_owner(struct kobject *owner);

#endif
