/* Processes' consoles; see process_console.h. */
#include "kernel/process_console.h"

#include <stdbool.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "abi/types.h"
#include "arch/x86_64/serial.h"
#include "kernel/channel.h"
#include "kernel/console.h"
#include "kernel/thread.h"
#include "kernel/wait.h"

/* Bytes written to the kernel log at a time: console_write keeps
 * interrupts off while the serial line takes them (22 ms at 115200
 * baud), and a kill is noticed between two pieces. */
#define LOG_CHUNK 256u

/* A new reference to p's console, or NULL; with_handle also takes a
 * handle count, while p's slot still holds one (a count taken after the
 * slot let go could bring a closed endpoint back). */
static struct kobject *console_get(struct process *p, bool with_handle) {
    uint64_t flags = spin_lock_irqsave(&p->lock);
    struct kobject *ep = p->console;
    if (ep != NULL) {
        kobject_ref(ep);
        if (with_handle) {
            kobject_handle_added(ep);
        }
    }
    spin_unlock_irqrestore(&p->lock, flags);
    return ep;
}

void process_console_set(struct process *p, struct kobject *ep) {
    uint64_t flags = spin_lock_irqsave(&p->lock);
    struct kobject *old = p->console;
    p->console = ep;
    spin_unlock_irqrestore(&p->lock, flags);
    if (old != NULL) {
        kobject_handle_dropped(old);
        kobject_unref(old);
    }
}

void process_console_inherit(struct process *child, struct process *parent) {
    struct kobject *ep = console_get(parent, true);
    if (ep != NULL) {
        process_console_set(child, ep);
    }
}

/* Waits until ep has one of signals; RZ_ERR_CANCELED when killed. */
static int wait_for(struct kobject *ep, uint32_t signals) {
    struct kobject *objs[1] = {ep};
    uint32_t observed;
    struct kobserver observer;
    int err = wait_objects(objs, &signals, &observed, &observer, 1, RZ_TIME_INFINITE);
    return err == RZ_ERR_TIMED_OUT ? RZ_ERR_INTERNAL : err;
}

int process_console_write(struct process *p, const void *bytes, size_t n) {
    struct kobject *ep = console_get(p, false);
    int err = RZ_OK;
    const char *at = bytes;
    while (n > 0 && err == RZ_OK) {
        if (thread_current()->kill_pending) {
            err = RZ_ERR_CANCELED; /* a write may be as long as memory */
            break;
        }
        size_t max = ep == NULL ? LOG_CHUNK : RZ_CONSOLE_MSG_MAX;
        uint32_t chunk = (uint32_t)(n < max ? n : max);
        if (ep == NULL) {
            console_write(at, chunk);
        } else {
            err = channel_write_kernel(ep, at, chunk, NULL, 0);
        }
        if (err == RZ_OK) {
            at += chunk;
            n -= chunk;
        } else if (err == RZ_ERR_SHOULD_WAIT) {
            err = wait_for(ep, RZ_SIG_WRITABLE | RZ_SIG_PEER_CLOSED);
        }
    }
    if (ep != NULL) {
        kobject_unref(ep);
    }
    return err;
}

int process_console_read(struct process *p, void *buf, uint32_t cap, uint32_t *actual) {
    struct kobject *ep = console_get(p, false);
    if (ep == NULL) {
        *actual = (uint32_t)serial_read_wait(buf, cap);
        return *actual == 0 ? RZ_ERR_CANCELED : RZ_OK;
    }
    int err;
    do {
        err = channel_read_kernel(ep, buf, cap, actual);
        if (err == RZ_ERR_SHOULD_WAIT || (err == RZ_OK && *actual == 0)) {
            /* Nothing yet, or a message of handles only: wait for more. */
            err = err == RZ_OK ? RZ_ERR_SHOULD_WAIT : err;
            int werr = wait_for(ep, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED);
            err = werr != RZ_OK ? werr : err;
        }
    } while (err == RZ_ERR_SHOULD_WAIT);
    kobject_unref(ep);
    return err;
}
