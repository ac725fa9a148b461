/*
 * A process's console: a channel endpoint the kernel holds for it
 * (docs/console.md). The process writes output to it as messages and
 * reads input from it; processes it spawns inherit it. Without one, a
 * process writes to the kernel log and reads the kernel's serial input.
 *
 * The slot holds one reference and one handle count on the endpoint, so
 * the server sees PEER_CLOSED only when every process using the console
 * (and every handle to it) is gone.
 */
#ifndef RZ_KERNEL_PROCESS_CONSOLE_H
#define RZ_KERNEL_PROCESS_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/object.h"
#include "kernel/process.h"

/* Puts ep (a channel endpoint whose reference and handle count move in;
 * NULL detaches) in p's slot and drops what was there. Requires: no
 * spinlock held. */
void process_console_set(struct process *p, struct kobject *ep);

/* Gives child the console parent has (if any). */
void process_console_inherit(struct process *child, struct process *parent);

/* Writes bytes[0..n) to p's console (the kernel log without one), in
 * pieces, blocking while its queue is full; a kill stops it between two
 * pieces. Errors: RZ_ERR_PEER_CLOSED, RZ_ERR_NO_MEMORY, RZ_ERR_CANCELED
 * (killed). */
int process_console_write(struct process *p, const void *bytes, size_t n);

/* Reads 1..cap bytes of input into buf (a kernel buffer), blocking
 * until there is one. Errors: RZ_ERR_PEER_CLOSED, RZ_ERR_CANCELED. */
int process_console_read(struct process *p, void *buf, uint32_t cap, uint32_t *actual);

#endif
