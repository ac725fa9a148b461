/*
 * Finding ACPI tables. The boot loader gives us a copy of the RSDP; it
 * points at the XSDT (ACPI 2.0+, 64-bit entries) or the RSDT (32-bit
 * entries). Tables live in firmware-reserved memory, which the direct map
 * covers. Every table's checksum is verified before it is handed out.
 */
#include "arch/x86_64/acpi.h"

#include "arch/x86_64/layout.h"
#include "kernel/console.h"
#include "lib/string.h"

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36
#define SDT_HEADER 36

static struct {
    uint64_t root_phys; /* XSDT or RSDT; 0 if none */
    size_t entry_size;  /* 8 for the XSDT, 4 for the RSDT */
} acpi;

static uint32_t table_length(uint64_t phys) {
    uint32_t len;
    memcpy(&len, (const uint8_t *)phys_to_virt(phys) + 4, 4);
    return len;
}

void acpi_init(const uint8_t *rsdp, size_t rsdp_len) {
    if (rsdp_len < RSDP_V1_LEN || memcmp(rsdp, "RSD PTR ", 8) != 0 ||
        !acpi_checksum_ok(rsdp, RSDP_V1_LEN)) {
        kprintf("acpi: no valid RSDP from the boot loader\n");
        return;
    }
    if (rsdp[15] >= 2 && rsdp_len >= RSDP_V2_LEN && acpi_checksum_ok(rsdp, RSDP_V2_LEN)) {
        memcpy(&acpi.root_phys, rsdp + 24, 8);
        acpi.entry_size = 8;
    } else {
        uint32_t rsdt;
        memcpy(&rsdt, rsdp + 16, 4);
        acpi.root_phys = rsdt;
        acpi.entry_size = 4;
    }
}

const void *acpi_find_table(const char signature[4], size_t *len) {
    if (acpi.root_phys == 0) {
        return NULL;
    }
    const uint8_t *root = phys_to_virt(acpi.root_phys);
    uint32_t root_len = table_length(acpi.root_phys);
    if (root_len < SDT_HEADER || !acpi_checksum_ok(root, root_len)) {
        return NULL;
    }
    for (size_t off = SDT_HEADER; root_len - off >= acpi.entry_size; off += acpi.entry_size) {
        uint64_t phys = 0;
        memcpy(&phys, root + off, acpi.entry_size);
        const uint8_t *t = phys_to_virt(phys);
        if (memcmp(t, signature, 4) != 0) {
            continue;
        }
        uint32_t tlen = table_length(phys);
        if (tlen < SDT_HEADER || !acpi_checksum_ok(t, tlen)) {
            kprintf("acpi: table %.4s at 0x%llx has a bad checksum\n", signature,
                    (unsigned long long)phys);
            return NULL;
        }
        *len = tlen;
        return t;
    }
    return NULL;
}
