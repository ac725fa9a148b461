/* Tests of the PCI service's requests: LIST paging, READ, and garbage. */
#include "user/drivers/pci/serve.h"

#include <stdlib.h>
#include <string.h>

#include "abi/errors.h"
#include "ktest.h"
#include "user/drivers/pci/fakebus.h"

struct fixture {
    struct fakebus bus;
    struct pci_config cfg;
    struct pci_table table;
    uint8_t reply[PCI_REPLY_MAX];
};

/* A bus with n functions: 00:00.0 and devices 1..n-1 on bus 0. */
static struct fixture *setup(int n) {
    struct fixture *f = calloc(1, sizeof *f);
    for (int i = 0; i < n; i++) {
        struct fake_fn *fn =
            fakebus_add(&f->bus, 0, (uint8_t)i, 0, 0x8086, (uint16_t)(0x1000 + i), 0x02000000u, 0);
        fn->regs[0x2c / 4] = 0xabcd0000u | (uint32_t)i;
    }
    f->cfg = fakebus_config(&f->bus);
    pci_enumerate(&f->cfg, &f->table);
    return f;
}

static rz_pci_reply_t serve(struct fixture *f, const void *req, size_t len, uint32_t handles,
                            size_t *reply_len) {
    *reply_len = pci_serve(&f->table, &f->cfg, req, len, handles, f->reply);
    rz_pci_reply_t r;
    memcpy(&r, f->reply, sizeof r);
    return r;
}

KTEST(pci_serve, list_pages_through_the_functions) {
    struct fixture *f = setup(20);
    rz_pci_list_req_t req = {RZ_PCI_OP_LIST, 0};
    size_t len;
    rz_pci_reply_t r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.op, RZ_PCI_OP_LIST);
    KT_EXPECT_EQ(t, r.status, RZ_OK);
    KT_EXPECT_EQ(t, r.value, 20u);
    KT_EXPECT_EQ(t, r.count, 20u);
    KT_EXPECT_EQ(t, len, sizeof r + 20 * sizeof(rz_pci_function_t));
    rz_pci_function_t fn;
    memcpy(&fn, f->reply + sizeof r + 5 * sizeof fn, sizeof fn);
    KT_EXPECT_EQ(t, fn.dev, 5u);
    KT_EXPECT_EQ(t, fn.device, 0x1005u);
    req.first = 18;
    r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.count, 2u);
    memcpy(&fn, f->reply + sizeof r, sizeof fn);
    KT_EXPECT_EQ(t, fn.dev, 18u);
    req.first = 20;
    r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_OK);
    KT_EXPECT_EQ(t, r.count, 0u);
    KT_EXPECT_EQ(t, len, sizeof r);
    free(f);
}

KTEST(pci_serve, list_reply_holds_at_most_list_max) {
    struct fixture *f = setup(1);
    for (uint32_t i = 1; i < 100; i++) { /* grow the table beyond one reply */
        f->table.fns[f->table.count++] = f->table.fns[0];
    }
    rz_pci_list_req_t req = {RZ_PCI_OP_LIST, 10};
    size_t len;
    rz_pci_reply_t r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.value, 100u);
    KT_EXPECT_EQ(t, r.count, RZ_PCI_LIST_MAX);
    KT_EXPECT_EQ(t, len, PCI_REPLY_MAX);
    free(f);
}

KTEST(pci_serve, list_beyond_the_end_is_out_of_range) {
    struct fixture *f = setup(3);
    rz_pci_list_req_t req = {RZ_PCI_OP_LIST, 4};
    size_t len;
    rz_pci_reply_t r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_OUT_OF_RANGE);
    KT_EXPECT_EQ(t, len, sizeof r);
    req.first = 0xffffffffu;
    r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_OUT_OF_RANGE);
    free(f);
}

KTEST(pci_serve, read_returns_the_dword_of_a_listed_function) {
    struct fixture *f = setup(4);
    rz_pci_read_req_t req = {.op = RZ_PCI_OP_READ, .bus = 0, .dev = 3, .fn = 0, .offset = 0x2c};
    size_t len;
    rz_pci_reply_t r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_OK);
    KT_EXPECT_EQ(t, r.value, 0xabcd0003u);
    KT_EXPECT_EQ(t, len, sizeof r);
    req.offset = 0;
    r = serve(f, &req, sizeof req, 0, &len);
    KT_EXPECT_EQ(t, r.value, 0x10038086u);
    free(f);
}

KTEST(pci_serve, read_refuses_bad_offsets_and_unlisted_functions) {
    struct fixture *f = setup(4);
    size_t len;
    rz_pci_read_req_t req = {.op = RZ_PCI_OP_READ, .dev = 1, .offset = 2};
    KT_EXPECT_EQ(t, serve(f, &req, sizeof req, 0, &len).status, RZ_ERR_INVALID_ARGS);
    req.offset = RZ_PCI_CONFIG_SIZE;
    KT_EXPECT_EQ(t, serve(f, &req, sizeof req, 0, &len).status, RZ_ERR_INVALID_ARGS);
    req.offset = 0xfffffffcu;
    KT_EXPECT_EQ(t, serve(f, &req, sizeof req, 0, &len).status, RZ_ERR_INVALID_ARGS);
    req.offset = 0;
    req.reserved = 1;
    KT_EXPECT_EQ(t, serve(f, &req, sizeof req, 0, &len).status, RZ_ERR_INVALID_ARGS);
    req.reserved = 0;
    req.dev = 9;
    KT_EXPECT_EQ(t, serve(f, &req, sizeof req, 0, &len).status, RZ_ERR_NOT_FOUND);
    req.dev = 1;
    req.fn = 200;
    KT_EXPECT_EQ(t, serve(f, &req, sizeof req, 0, &len).status, RZ_ERR_NOT_FOUND);
    free(f);
}

KTEST(pci_serve, garbage_gets_error_replies) {
    struct fixture *f = setup(2);
    size_t len;
    uint8_t junk[64];
    memset(junk, 0xee, sizeof junk);
    rz_pci_reply_t r = serve(f, junk, 0, 0, &len);
    KT_EXPECT_EQ(t, r.op, 0u);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, len, sizeof r);
    r = serve(f, junk, 3, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_INVALID_ARGS);
    r = serve(f, junk, sizeof junk, 0, &len);
    KT_EXPECT_EQ(t, r.op, 0xeeeeeeeeu);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_NOT_SUPPORTED);
    uint32_t write_op = 3; /* there is no write request */
    r = serve(f, &write_op, sizeof write_op, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_NOT_SUPPORTED);
    rz_pci_list_req_t list = {RZ_PCI_OP_LIST, 0};
    r = serve(f, &list, sizeof list - 1, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_INVALID_ARGS);
    memcpy(junk, &list, sizeof list);
    r = serve(f, junk, sizeof list + 1, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_INVALID_ARGS);
    r = serve(f, &list, sizeof list, 1, &len); /* handles are never expected */
    KT_EXPECT_EQ(t, r.op, RZ_PCI_OP_LIST);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_INVALID_ARGS);
    rz_pci_read_req_t rd = {.op = RZ_PCI_OP_READ};
    memset(junk, 0, sizeof junk);
    memcpy(junk, &rd, sizeof rd);
    r = serve(f, junk, sizeof rd + 4, 0, &len);
    KT_EXPECT_EQ(t, r.status, RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, f->bus.other_writes, 0);
    free(f);
}
