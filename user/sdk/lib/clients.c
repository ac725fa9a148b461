/* The connection table of a service's server (rz/clients.h). */
#include "rz/clients.h"

int32_t rz_clients_accept(rz_clients_t *c, rz_handle_t listener) {
    rz_handle_t h;
    uint32_t nb, nh;
    int32_t err = rz_channel_read(listener, 0, 0, &h, 1, &nb, &nh);
    if (err != RZ_OK || nh != 1) {
        return err;
    }
    if (c->count == c->max) {
        rz_handle_close(h);
        return RZ_ERR_NO_RESOURCES;
    }
    c->channels[c->count++] = h;
    return RZ_OK;
}

void rz_clients_drop(rz_clients_t *c, uint32_t i) {
    rz_handle_close(c->channels[i]);
    for (; i + 1 < c->count; i++) {
        c->channels[i] = c->channels[i + 1];
    }
    c->count--;
}

uint32_t rz_clients_wait_items(const rz_clients_t *c, rz_wait_item_t *items) {
    for (uint32_t i = 0; i < c->count; i++) {
        items[i] = (rz_wait_item_t){c->channels[i], RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, 0, 0};
    }
    return c->count;
}
