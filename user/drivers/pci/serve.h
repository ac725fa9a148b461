/*
 * The PCI service's answer to one request (the protocol of rz/pci.h,
 * docs/pci.md): every check of a request in one place, pure but for
 * READ's configuration read, so hostile requests are tested on the host
 * (serve_test.c). The driver's loop (user/drivers/pci.c) only moves
 * messages.
 */
#ifndef RZ_DRIVERS_PCI_SERVE_H
#define RZ_DRIVERS_PCI_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "rz/pci.h"
#include "user/drivers/pci/config.h"
#include "user/drivers/pci/enum.h"

/* The longest reply: a LIST reply with RZ_PCI_LIST_MAX functions. */
#define PCI_REPLY_MAX (sizeof(rz_pci_reply_t) + RZ_PCI_LIST_MAX * sizeof(rz_pci_function_t))

/* Writes the reply to the request of len bytes (which came with handles
 * handles) to reply, which has room for PCI_REPLY_MAX bytes, and returns
 * its length. Never fails: a malformed request gets an error reply. */
size_t pci_serve(const struct pci_table *t, const struct pci_config *cfg, const void *req,
                 size_t len, uint32_t handles, void *reply);

#endif
