/*
 * The protocol of the `pci` service (user/drivers/pci.c; docs/pci.md):
 * the layouts of its requests and replies. A client connects to the
 * service, writes one request per message and reads one reply per
 * request, in order. All fields are little-endian and naturally aligned;
 * the asserts below fix the sizes.
 *
 *     LIST  rz_pci_list_req_t  -> rz_pci_reply_t + count rz_pci_function_t
 *     READ  rz_pci_read_req_t  -> rz_pci_reply_t (value: the dword)
 *
 * There is no write request: the service refuses to let a client change
 * any function's configuration space (docs/pci.md says why).
 */
#ifndef RZ_SDK_PCI_H
#define RZ_SDK_PCI_H

#include <stdint.h>

#define RZ_PCI_SERVICE "pci"

#define RZ_PCI_OP_LIST 1u /* functions found at start, from index `first` */
#define RZ_PCI_OP_READ 2u /* one dword of a function's configuration space */

#define RZ_PCI_LIST_MAX 64u     /* functions in one LIST reply */
#define RZ_PCI_CONFIG_SIZE 256u /* bytes of configuration space READ reaches */
#define RZ_PCI_BARS 6u          /* base address registers of a type 0 header */

/* LIST: the functions with index first, first + 1, ... (at most
 * RZ_PCI_LIST_MAX); the order is the enumeration's and does not change. */
typedef struct rz_pci_list_req {
    uint32_t op; /* RZ_PCI_OP_LIST */
    uint32_t first;
} rz_pci_list_req_t;

/* READ: the dword at offset (a multiple of 4 below RZ_PCI_CONFIG_SIZE) of
 * function bus:dev.fn, which must be one LIST reports. */
typedef struct rz_pci_read_req {
    uint32_t op; /* RZ_PCI_OP_READ */
    uint8_t bus;
    uint8_t dev;
    uint8_t fn;
    uint8_t reserved; /* 0 */
    uint32_t offset;
} rz_pci_read_req_t;

/* Every reply starts with this; an error reply is only this. */
typedef struct rz_pci_reply {
    uint32_t op;    /* the request's op; 0 when the request had fewer than 4 bytes */
    int32_t status; /* RZ_OK or an RZ_ERR_* code (abi/errors.h) */
    uint32_t value; /* LIST: the number of functions in all; READ: the dword */
    uint32_t count; /* LIST: the rz_pci_function_t records that follow; else 0 */
} rz_pci_reply_t;

/* A BAR as the service decoded it at start. size 0: the BAR is not
 * implemented (or is the upper half of the 64-bit BAR before it). */
#define RZ_PCI_BAR_IO (1u << 0)       /* I/O space (else memory) */
#define RZ_PCI_BAR_64BIT (1u << 1)    /* memory, 64-bit: takes this slot and the next */
#define RZ_PCI_BAR_PREFETCH (1u << 2) /* memory, prefetchable */

typedef struct rz_pci_bar {
    uint64_t base; /* port or physical address */
    uint64_t size; /* bytes (ports for I/O) */
    uint32_t flags;
    uint32_t reserved;
} rz_pci_bar_t;

/* What LIST reports for one function. */
typedef struct rz_pci_function {
    uint8_t bus;
    uint8_t dev;
    uint8_t fn;
    uint8_t header_type; /* without the multi-function bit: 0 device, 1 bridge, 2 CardBus */
    uint16_t vendor;
    uint16_t device;
    uint8_t class_code;
    uint8_t subclass;
    uint8_t prog_if;
    uint8_t revision;
    uint8_t irq_line;
    uint8_t irq_pin;   /* 0 none, 1..4 INTA..INTD */
    uint8_t bar_count; /* BAR slots of the header: 6 (type 0), 2 (type 1), 0 */
    uint8_t reserved;
    rz_pci_bar_t bars[RZ_PCI_BARS];
} rz_pci_function_t;

_Static_assert(sizeof(rz_pci_list_req_t) == 8, "rz_pci_list_req_t is protocol");
_Static_assert(sizeof(rz_pci_read_req_t) == 12, "rz_pci_read_req_t is protocol");
_Static_assert(sizeof(rz_pci_reply_t) == 16, "rz_pci_reply_t is protocol");
_Static_assert(sizeof(rz_pci_bar_t) == 24, "rz_pci_bar_t is protocol");
_Static_assert(sizeof(rz_pci_function_t) == 160, "rz_pci_function_t is protocol");

#endif
