/*
 * lspci (lspci.h): connects to the pci service, pages through LIST and
 * prints each function with pcifmt. The service is awaited for a few
 * seconds (it may still be starting at boot) and each reply for one, so
 * a service that is missing or stops answering costs the shell that
 * long, never the prompt.
 */
#include "user/shell/lspci.h"

#include <string.h>

#include "rz/pci.h"
#include "rz/rz.h"
#include "user/shell/pcifmt.h"

#define NS_PER_MS 1000000ull
#define CONNECT_WAIT_NS (5000 * NS_PER_MS)
#define REPLY_WAIT_NS (1000 * NS_PER_MS)
#define REPLY_MAX (sizeof(rz_pci_reply_t) + RZ_PCI_LIST_MAX * sizeof(rz_pci_function_t))

static uint8_t reply[REPLY_MAX];

/* Sends LIST from first and reads the reply into `reply`. */
static int32_t list(rz_handle_t h, uint32_t first, rz_pci_reply_t *hdr) {
    rz_pci_list_req_t req = {RZ_PCI_OP_LIST, first};
    int32_t err = rz_channel_write(h, &req, sizeof req, 0, 0);
    if (err != RZ_OK) {
        return err;
    }
    uint32_t observed;
    err = rz_wait_one(h, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, rz_clock_get() + REPLY_WAIT_NS,
                      &observed);
    if (err != RZ_OK) {
        return err;
    }
    uint32_t len = 0;
    uint32_t handles = 0;
    err = rz_channel_read(h, reply, sizeof reply, 0, 0, &len, &handles);
    if (err != RZ_OK) {
        return err;
    }
    if (len < sizeof *hdr) {
        return RZ_ERR_INTERNAL;
    }
    memcpy(hdr, reply, sizeof *hdr);
    if (hdr->status != RZ_OK) {
        return hdr->status;
    }
    if (hdr->op != RZ_PCI_OP_LIST || hdr->count > RZ_PCI_LIST_MAX ||
        len != sizeof *hdr + hdr->count * sizeof(rz_pci_function_t)) {
        return RZ_ERR_INTERNAL; /* not the protocol */
    }
    return RZ_OK;
}

static void print_function(const rz_pci_function_t *f, bool verbose) {
    char line[128];
    pcifmt_function(line, sizeof line, f);
    rz_printf("%s\n", line);
    if (!verbose) {
        return;
    }
    if (f->irq_pin != 0) {
        rz_printf("\tinterrupt pin INT%c, line %u\n", 'A' + f->irq_pin - 1, f->irq_line);
    }
    for (unsigned i = 0; i < RZ_PCI_BARS; i++) {
        if (pcifmt_bar(line, sizeof line, f, i) > 0) {
            rz_printf("\t%s\n", line);
        }
    }
}

void lspci_run(const struct shell_cmd *cmd) {
    bool verbose = cmd->argc == 2 && strcmp(cmd->argv[1], "-v") == 0;
    if (cmd->argc > 2 || (cmd->argc == 2 && !verbose)) {
        rz_print("lspci: usage: lspci [-v]\n");
        return;
    }
    rz_handle_t h;
    int32_t err = rz_service_connect(RZ_PCI_SERVICE, sizeof RZ_PCI_SERVICE - 1,
                                     rz_clock_get() + CONNECT_WAIT_NS, &h);
    if (err != RZ_OK) {
        rz_printf("lspci: service %s: %s\n", RZ_PCI_SERVICE, rz_error_name(err));
        return;
    }
    uint32_t first = 0;
    rz_pci_reply_t hdr;
    do {
        err = list(h, first, &hdr);
        if (err != RZ_OK) {
            rz_printf("lspci: %s\n", rz_error_name(err));
            break;
        }
        for (uint32_t i = 0; i < hdr.count; i++) {
            rz_pci_function_t f;
            memcpy(&f, reply + sizeof hdr + i * sizeof f, sizeof f);
            print_function(&f, verbose);
        }
        first += hdr.count;
    } while (hdr.count > 0 && first < hdr.value);
    rz_handle_close(h);
}
