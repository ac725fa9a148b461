/* Channels; the semantics and the lock order are in channel.h. */
#include "kernel/channel.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "kernel/kmalloc.h"
#include "kernel/param.h"
#include "lib/string.h"

struct channel_msg {
    struct channel_msg *next;
    uint32_t num_bytes;
    uint32_t num_handles;
    struct handle_transfer *handles; /* in the same allocation */
    uint8_t *bytes;                  /* in the same allocation */
};

struct channel_shared {
    spinlock_t lock;
    uint32_t refs; /* atomic: endpoints not yet destroyed */
};

struct channel {
    struct kobject obj;
    struct channel_shared *shared;
    /* Guarded by shared->lock. peer is NULL once the peer's last handle
     * closed (or it was destroyed); the queue holds incoming messages. */
    struct channel *peer;
    struct channel_msg *head, *tail;
    uint32_t queued;
};

static struct channel *to_channel(struct kobject *obj) {
    return (struct channel *)obj;
}

static struct channel_msg *msg_alloc(uint32_t num_bytes, uint32_t num_handles) {
    size_t hsize = (size_t)num_handles * sizeof(struct handle_transfer);
    struct channel_msg *m = kmalloc(sizeof(*m) + hsize + num_bytes);
    if (m != NULL) {
        m->next = NULL;
        m->num_bytes = num_bytes;
        m->num_handles = num_handles;
        m->handles = (struct handle_transfer *)(m + 1);
        m->bytes = (uint8_t *)m->handles + hsize;
    }
    return m;
}

/* A new message holding a copy of bytes[0..num_bytes), room for
 * num_handles. Errors: RZ_ERR_OUT_OF_RANGE, RZ_ERR_NO_MEMORY. */
static int msg_new(const void *bytes, uint32_t num_bytes, uint32_t num_handles,
                   struct channel_msg **out) {
    if (!channel_sizes_ok(num_bytes, num_handles)) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    struct channel_msg *m = msg_alloc(num_bytes, num_handles);
    if (m == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    if (num_bytes > 0) {
        memcpy(m->bytes, bytes, num_bytes);
    }
    *out = m;
    return RZ_OK;
}

/*
 * Dropped messages wait here to have their handles closed. Closing a
 * handle can drop another endpoint's queue, whose messages carry more
 * handles, and so on as deep as a program nested channels inside
 * messages: done recursively, that depth would be the kernel stack's. So
 * the first thread to drop messages drains this list in a loop, and a
 * drop that happens meanwhile (nested in it, or in another thread) only
 * appends.
 */
static spinlock_t graveyard_lock = SPINLOCK_INIT("channel_graveyard");
static struct channel_msg *graveyard; /* guarded by graveyard_lock */
static bool graveyard_draining;       /* guarded by graveyard_lock */

/* Frees messages and drops the handles they carry, now or soon (see
 * above). Requires: no lock held. */
static void msg_free_list(struct channel_msg *m) {
    if (m == NULL) {
        return;
    }
    struct channel_msg *tail = m;
    while (tail->next != NULL) {
        tail = tail->next;
    }
    uint64_t flags = spin_lock_irqsave(&graveyard_lock);
    tail->next = graveyard;
    graveyard = m;
    if (graveyard_draining) {
        spin_unlock_irqrestore(&graveyard_lock, flags);
        return;
    }
    graveyard_draining = true;
    while (graveyard != NULL) {
        struct channel_msg *x = graveyard;
        graveyard = x->next;
        spin_unlock_irqrestore(&graveyard_lock, flags);
        handle_transfer_drop(x->handles, x->num_handles);
        kfree(x);
        flags = spin_lock_irqsave(&graveyard_lock);
    }
    graveyard_draining = false;
    spin_unlock_irqrestore(&graveyard_lock, flags);
}

/* Unlinks ch from its peer and takes its queue; returns the queue, to be
 * freed by the caller without locks. */
static struct channel_msg *detach(struct channel *ch) {
    uint64_t flags = spin_lock_irqsave(&ch->shared->lock);
    struct channel *peer = ch->peer;
    if (peer != NULL) {
        peer->peer = NULL;
        ch->peer = NULL;
        kobject_signal(&peer->obj, RZ_SIG_WRITABLE, RZ_SIG_PEER_CLOSED);
    }
    struct channel_msg *queue = ch->head;
    ch->head = ch->tail = NULL;
    ch->queued = 0;
    spin_unlock_irqrestore(&ch->shared->lock, flags);
    return queue;
}

static void channel_on_last_handle(struct kobject *obj) {
    msg_free_list(detach(to_channel(obj)));
}

static void channel_destroy(struct kobject *obj) {
    struct channel *ch = to_channel(obj);
    msg_free_list(detach(ch));
    if (__atomic_sub_fetch(&ch->shared->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        kfree(ch->shared);
    }
    kfree(ch);
}

static const struct kobject_ops channel_ops = {
    .destroy = channel_destroy,
    .on_last_handle = channel_on_last_handle,
};

bool channel_sizes_ok(uint32_t num_bytes, uint32_t num_handles) {
    return num_bytes <= RZ_CHANNEL_MAX_BYTES && num_handles <= RZ_CHANNEL_MAX_HANDLES;
}

int channel_create(struct kobject **ep0, struct kobject **ep1) {
    struct channel_shared *shared = kmalloc(sizeof(*shared));
    struct channel *a = kmalloc(sizeof(*a));
    struct channel *b = kmalloc(sizeof(*b));
    if (shared == NULL || a == NULL || b == NULL) {
        kfree(shared);
        kfree(a);
        kfree(b);
        return RZ_ERR_NO_MEMORY;
    }
    spin_lock_init(&shared->lock, "channel");
    shared->refs = 2;
    struct channel *eps[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        kobject_init(&eps[i]->obj, RZ_OBJ_CHANNEL, &channel_ops, RZ_SIG_WRITABLE);
        eps[i]->shared = shared;
        eps[i]->peer = eps[1 - i];
        eps[i]->head = eps[i]->tail = NULL;
        eps[i]->queued = 0;
    }
    *ep0 = &a->obj;
    *ep1 = &b->obj;
    return RZ_OK;
}

/* Queues m on ch's peer. Locks: t->lock and ch->shared->lock held. */
static int enqueue_locked(struct channel *ch, struct channel_msg *m) {
    struct channel *peer = ch->peer;
    if (peer == NULL) {
        return RZ_ERR_PEER_CLOSED;
    }
    if (peer->queued >= CHANNEL_MAX_QUEUED) {
        return RZ_ERR_SHOULD_WAIT;
    }
    if (peer->tail == NULL) {
        peer->head = m;
    } else {
        peer->tail->next = m;
    }
    peer->tail = m;
    peer->queued++;
    kobject_signal(&peer->obj, 0, RZ_SIG_READABLE);
    if (peer->queued == CHANNEL_MAX_QUEUED) {
        kobject_signal(&ch->obj, RZ_SIG_WRITABLE, 0);
    }
    return RZ_OK;
}

/* Takes the oldest message off ch's queue (it has one). Locks:
 * ch->shared->lock held. */
static void dequeue_locked(struct channel *ch) {
    struct channel_msg *m = ch->head;
    ch->head = m->next;
    m->next = NULL;
    if (ch->head == NULL) {
        ch->tail = NULL;
        kobject_signal(&ch->obj, RZ_SIG_READABLE, 0);
    }
    if (ch->queued-- == CHANNEL_MAX_QUEUED && ch->peer != NULL) {
        kobject_signal(&ch->peer->obj, 0, RZ_SIG_WRITABLE);
    }
}

int channel_write(struct handle_table *t, struct kobject *ep, const void *bytes, uint32_t num_bytes,
                  const rz_handle_t *hs, uint32_t num_handles) {
    struct channel *ch = to_channel(ep);
    struct channel_msg *m;
    int err = msg_new(bytes, num_bytes, num_handles, &m);
    if (err != RZ_OK) {
        return err;
    }
    uint64_t tflags = handle_table_lock(t);
    uint64_t cflags = spin_lock_irqsave(&ch->shared->lock);
    /* An endpoint in its own or its peer's queue could never be closed. */
    err = handle_check_take_locked(t, hs, num_handles, ep,
                                       ch->peer == NULL ? NULL : &ch->peer->obj);
    if (err == RZ_OK) {
        err = enqueue_locked(ch, m);
    }
    if (err == RZ_OK) {
        /* The message is in the queue but nobody can read it before the
         * lock drops, so filling its handles in now is atomic. */
        handle_take_locked(t, hs, num_handles, m->handles);
    }
    spin_unlock_irqrestore(&ch->shared->lock, cflags);
    handle_table_unlock(t, tflags);
    if (err != RZ_OK) {
        kfree(m);
    }
    return err;
}

int channel_read(struct handle_table *t, struct kobject *ep, void *bytes, uint32_t bytes_cap,
                 void *handles, uint32_t handles_cap, uint32_t *actual_bytes,
                 uint32_t *actual_handles) {
    struct channel *ch = to_channel(ep);
    uint64_t tflags = handle_table_lock(t);
    uint64_t cflags = spin_lock_irqsave(&ch->shared->lock);
    struct channel_msg *m = ch->head;
    int err = RZ_OK;
    if (m == NULL) {
        err = ch->peer == NULL ? RZ_ERR_PEER_CLOSED : RZ_ERR_SHOULD_WAIT;
    } else {
        *actual_bytes = m->num_bytes;
        *actual_handles = m->num_handles;
        if (m->num_bytes > bytes_cap || m->num_handles > handles_cap) {
            err = RZ_ERR_BUFFER_TOO_SMALL;
        } else if (m->num_handles > t->free_count) {
            err = RZ_ERR_NO_RESOURCES;
        }
    }
    if (err != RZ_OK) {
        spin_unlock_irqrestore(&ch->shared->lock, cflags);
        handle_table_unlock(t, tflags);
        return err;
    }
    dequeue_locked(ch);
    /* The values go into the message's own storage (a handle value is
     * smaller than a transfer record) and reach guest memory below. */
    rz_handle_t *values = (rz_handle_t *)m->handles;
    _Static_assert(sizeof(rz_handle_t) <= sizeof(struct handle_transfer), "values fit in place");
    for (uint32_t i = 0; i < m->num_handles; i++) {
        struct handle_transfer h = m->handles[i];
        handle_install_locked(t, &h, 1, &values[i]);
    }
    spin_unlock_irqrestore(&ch->shared->lock, cflags);
    handle_table_unlock(t, tflags);
    if (m->num_bytes > 0) {
        memcpy(bytes, m->bytes, m->num_bytes);
    }
    if (m->num_handles > 0) {
        memcpy(handles, values, m->num_handles * sizeof(rz_handle_t));
    }
    kfree(m);
    return RZ_OK;
}

int channel_write_kernel(struct kobject *ep, const void *bytes, uint32_t num_bytes,
                         struct kobject *obj, uint32_t rights) {
    struct channel *ch = to_channel(ep);
    struct channel_msg *m;
    int err = msg_new(bytes, num_bytes, obj != NULL, &m);
    if (err != RZ_OK) {
        return err;
    }
    if (obj != NULL) {
        m->handles[0] = (struct handle_transfer){obj, rights};
    }
    uint64_t flags = spin_lock_irqsave(&ch->shared->lock);
    err = enqueue_locked(ch, m);
    if (err == RZ_OK && obj != NULL) {
        kobject_handle_added(obj); /* before anyone can read the message */
    }
    spin_unlock_irqrestore(&ch->shared->lock, flags);
    if (err != RZ_OK) {
        kfree(m);
    }
    return err;
}

int channel_read_kernel(struct kobject *ep, void *bytes, uint32_t bytes_cap, uint32_t *actual) {
    struct channel *ch = to_channel(ep);
    struct channel_msg *done = NULL;
    uint64_t flags = spin_lock_irqsave(&ch->shared->lock);
    struct channel_msg *m = ch->head;
    if (m == NULL) {
        int err = ch->peer == NULL ? RZ_ERR_PEER_CLOSED : RZ_ERR_SHOULD_WAIT;
        spin_unlock_irqrestore(&ch->shared->lock, flags);
        return err;
    }
    uint32_t n = m->num_bytes < bytes_cap ? m->num_bytes : bytes_cap;
    memcpy(bytes, m->bytes, n);
    m->bytes += n; /* the rest stays queued; the message is one allocation */
    m->num_bytes -= n;
    if (m->num_bytes == 0) {
        dequeue_locked(ch);
        done = m;
    }
    spin_unlock_irqrestore(&ch->shared->lock, flags);
    msg_free_list(done); /* closes the handles it carried */
    *actual = n;
    return RZ_OK;
}
