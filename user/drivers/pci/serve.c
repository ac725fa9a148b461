/*
 * Requests of the PCI service (serve.h). The checks, in order: at least
 * the op's 4 bytes, no handles, a known op, the op's exact length, then
 * the op's own fields. The first that fails is the reply's status.
 */
#include "user/drivers/pci/serve.h"

#include <string.h>

#include "abi/errors.h"

static size_t reply_status(void *reply, uint32_t op, int32_t status) {
    rz_pci_reply_t r = {.op = op, .status = status};
    memcpy(reply, &r, sizeof r);
    return sizeof r;
}

static size_t serve_list(const struct pci_table *t, const rz_pci_list_req_t *req, void *reply) {
    if (req->first > t->count) {
        return reply_status(reply, req->op, RZ_ERR_OUT_OF_RANGE);
    }
    uint32_t count = t->count - req->first;
    if (count > RZ_PCI_LIST_MAX) {
        count = RZ_PCI_LIST_MAX;
    }
    rz_pci_reply_t r = {.op = req->op, .status = RZ_OK, .value = t->count, .count = count};
    memcpy(reply, &r, sizeof r);
    memcpy((uint8_t *)reply + sizeof r, &t->fns[req->first], count * sizeof(rz_pci_function_t));
    return sizeof r + count * sizeof(rz_pci_function_t);
}

static size_t serve_read(const struct pci_table *t, const struct pci_config *cfg,
                         const rz_pci_read_req_t *req, void *reply) {
    if (req->reserved != 0 || req->offset % 4 != 0 || req->offset >= RZ_PCI_CONFIG_SIZE) {
        return reply_status(reply, req->op, RZ_ERR_INVALID_ARGS);
    }
    struct pci_addr a = {req->bus, req->dev, req->fn};
    if (pci_table_find(t, a) == NULL) {
        return reply_status(reply, req->op, RZ_ERR_NOT_FOUND);
    }
    rz_pci_reply_t r = {
        .op = req->op, .status = RZ_OK, .value = cfg->read(cfg->ctx, a, req->offset)};
    memcpy(reply, &r, sizeof r);
    return sizeof r;
}

size_t pci_serve(const struct pci_table *t, const struct pci_config *cfg, const void *req,
                 size_t len, uint32_t handles, void *reply) {
    uint32_t op;
    if (len < sizeof op) {
        return reply_status(reply, 0, RZ_ERR_INVALID_ARGS);
    }
    memcpy(&op, req, sizeof op);
    if (handles != 0) {
        return reply_status(reply, op, RZ_ERR_INVALID_ARGS);
    }
    switch (op) {
    case RZ_PCI_OP_LIST: {
        rz_pci_list_req_t r;
        if (len != sizeof r) {
            return reply_status(reply, op, RZ_ERR_INVALID_ARGS);
        }
        memcpy(&r, req, sizeof r);
        return serve_list(t, &r, reply);
    }
    case RZ_PCI_OP_READ: {
        rz_pci_read_req_t r;
        if (len != sizeof r) {
            return reply_status(reply, op, RZ_ERR_INVALID_ARGS);
        }
        memcpy(&r, req, sizeof r);
        return serve_read(t, cfg, &r, reply);
    }
    default:
        return reply_status(reply, op, RZ_ERR_NOT_SUPPORTED);
    }
}
