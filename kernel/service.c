/* The service registry; see service.h. */
#include "kernel/service.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "abi/types.h"
#include "kernel/channel.h"
#include "kernel/clock.h"
#include "kernel/grant.h"
#include "kernel/thread.h"
#include "kernel/waitq.h"
#include "lib/string.h"

struct service {
    char name[RZ_SERVICE_NAME_MAX + 1];
    /* The registry's end of the listening channel: a reference and a
     * handle count (so the server sees PEER_CLOSED only if the registry
     * lets go). NULL: a free slot. */
    struct kobject *peer;
    struct kobject *owner; /* the registering process (a reference), or NULL */
};

/* Guards services; waiters sleep on registered until a name appears.
 * Lock order: service_lock, then a channel's lock, then kobject_lock. */
static spinlock_t service_lock = SPINLOCK_INIT("service");
static struct service services[SERVICE_MAX];
static struct waitq registered = {.waiters = LIST_INIT(registered.waiters)};

/* Whether the server of s has closed its listening end or ended. Locks:
 * service_lock held. */
static bool server_gone(const struct service *s) {
    uint32_t peer = __atomic_load_n(&s->peer->signals, __ATOMIC_ACQUIRE);
    uint32_t owner = s->owner == NULL ? 0 : __atomic_load_n(&s->owner->signals, __ATOMIC_ACQUIRE);
    return (peer & RZ_SIG_PEER_CLOSED) != 0 || (owner & RZ_SIG_TERMINATED) != 0;
}

/* Empties the slots whose server is gone, moving them to dead[] (at most
 * SERVICE_MAX) for the caller to drop without the lock. Locks:
 * service_lock held. */
static size_t sweep_locked(struct service *dead) {
    size_t n = 0;
    for (size_t i = 0; i < SERVICE_MAX; i++) {
        if (services[i].peer != NULL && server_gone(&services[i])) {
            dead[n++] = services[i];
            services[i].peer = NULL;
            services[i].owner = NULL;
        }
    }
    return n;
}

/* Drops what slots held. Requires: no spinlock held. */
static void drop_all(struct service *slots, size_t n) {
    for (size_t i = 0; i < n; i++) {
        kobject_handle_dropped(slots[i].peer);
        kobject_unref(slots[i].peer);
        if (slots[i].owner != NULL) {
            kobject_unref(slots[i].owner);
        }
    }
}

static struct service *find_locked(const char *name) {
    for (size_t i = 0; i < SERVICE_MAX; i++) {
        if (services[i].peer != NULL && strcmp(services[i].name, name) == 0) {
            return &services[i];
        }
    }
    return NULL;
}

int service_register(const char *program, struct kobject *owner, const char *name,
                     struct kobject **listener) {
    if (!grant_allows_service(&grant_boot_table, program, name)) {
        return RZ_ERR_ACCESS_DENIED;
    }
    struct kobject *server_end, *registry_end;
    int err = channel_create(&server_end, &registry_end);
    if (err != RZ_OK) {
        return err;
    }
    kobject_handle_added(registry_end);
    if (owner != NULL) {
        kobject_ref(owner);
    }
    struct service mine = {.peer = registry_end, .owner = owner};
    struct service dead[SERVICE_MAX];
    uint64_t flags = spin_lock_irqsave(&service_lock);
    size_t ndead = sweep_locked(dead);
    struct service *slot = NULL;
    if (find_locked(name) != NULL) {
        err = RZ_ERR_ALREADY_EXISTS;
    } else {
        for (size_t i = 0; i < SERVICE_MAX && slot == NULL; i++) {
            slot = services[i].peer == NULL ? &services[i] : NULL;
        }
        err = slot == NULL ? RZ_ERR_NO_RESOURCES : RZ_OK;
    }
    if (err == RZ_OK) {
        strlcpy(mine.name, name, sizeof mine.name);
        *slot = mine;
        waitq_wake_all(&registered, WAKE_OK);
    }
    spin_unlock_irqrestore(&service_lock, flags);
    drop_all(dead, ndead);
    if (err != RZ_OK) {
        drop_all(&mine, 1);
        kobject_unref(server_end);
        return err;
    }
    *listener = server_end;
    return RZ_OK;
}

int service_connect(const char *name, uint64_t deadline_ns, struct kobject **client) {
    for (;;) {
        struct service dead[SERVICE_MAX];
        uint64_t flags = spin_lock_irqsave(&service_lock);
        size_t ndead = sweep_locked(dead);
        struct service *s = find_locked(name);
        struct kobject *peer = s != NULL ? s->peer : NULL;
        int wake = WAKE_OK;
        if (peer != NULL) {
            kobject_ref(peer);
        } else if (clock_ns() < deadline_ns) {
            wake = waitq_wait(&registered, &service_lock, deadline_ns);
        } else {
            wake = WAKE_TIMED_OUT;
        }
        spin_unlock_irqrestore(&service_lock, flags);
        drop_all(dead, ndead);
        if (wake == WAKE_TIMED_OUT) {
            return RZ_ERR_TIMED_OUT;
        }
        if (wake == WAKE_KILLED) {
            return RZ_ERR_CANCELED;
        }
        if (peer == NULL) {
            continue; /* a name was registered: look again */
        }
        struct kobject *client_end, *server_end;
        int err = channel_create(&client_end, &server_end);
        if (err == RZ_OK) {
            err = channel_write_kernel(peer, NULL, 0, server_end, RZ_DEFAULT_CHANNEL_RIGHTS);
            if (err != RZ_OK) {
                kobject_unref(server_end);
                kobject_unref(client_end);
            }
        }
        kobject_unref(peer);
        if (err == RZ_ERR_PEER_CLOSED) {
            continue; /* the server went away meanwhile: swept next round */
        }
        if (err == RZ_OK) {
            *client = client_end;
        }
        return err;
    }
}

void service_release_owner(struct kobject *owner) {
    struct service dead[SERVICE_MAX];
    size_t n = 0;
    uint64_t flags = spin_lock_irqsave(&service_lock);
    for (size_t i = 0; i < SERVICE_MAX; i++) {
        if (services[i].peer != NULL && services[i].owner == owner) {
            dead[n++] = services[i];
            services[i].peer = NULL;
            services[i].owner = NULL;
        }
    }
    spin_unlock_irqrestore(&service_lock, flags);
    drop_all(dead, n);
}
