/*
 * lspci's text (pcifmt.h). Class names follow the PCI code and ID
 * assignment specification, for the classes a PC or QEMU has.
 */
#include "user/shell/pcifmt.h"

#include "lib/fmt.h"

#define ANY 0xffu /* a class's own name, for subclasses not listed */

static const struct {
    uint8_t class_code;
    uint8_t subclass;
    const char *name;
} class_names[] = {
    {0x00, 0x01, "VGA compatible unclassified device"},
    {0x01, 0x00, "SCSI storage controller"},
    {0x01, 0x01, "IDE interface"},
    {0x01, 0x05, "ATA controller"},
    {0x01, 0x06, "SATA controller"},
    {0x01, 0x08, "Non-Volatile memory controller"},
    {0x01, ANY, "Mass storage controller"},
    {0x02, 0x00, "Ethernet controller"},
    {0x02, ANY, "Network controller"},
    {0x03, 0x00, "VGA compatible controller"},
    {0x03, ANY, "Display controller"},
    {0x04, 0x01, "Multimedia audio controller"},
    {0x04, 0x03, "Audio device"},
    {0x04, ANY, "Multimedia controller"},
    {0x05, ANY, "Memory controller"},
    {0x06, 0x00, "Host bridge"},
    {0x06, 0x01, "ISA bridge"},
    {0x06, 0x04, "PCI bridge"},
    {0x06, ANY, "Bridge"},
    {0x07, 0x00, "Serial controller"},
    {0x07, ANY, "Communication controller"},
    {0x08, ANY, "System peripheral"},
    {0x0c, 0x03, "USB controller"},
    {0x0c, 0x05, "SMBus"},
    {0x0c, ANY, "Serial bus controller"},
    {0x0d, ANY, "Wireless controller"},
};

const char *pcifmt_class_name(uint8_t class_code, uint8_t subclass) {
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++) {
        if (class_names[i].class_code == class_code &&
            (class_names[i].subclass == subclass || class_names[i].subclass == ANY)) {
            return class_names[i].name;
        }
    }
    return NULL;
}

int pcifmt_function(char *buf, size_t cap, const rz_pci_function_t *f) {
    const char *name = pcifmt_class_name(f->class_code, f->subclass);
    return fmt_snprintf(buf, cap, "%02x:%02x.%x %02x%02x: %04x:%04x%s%s", f->bus, f->dev, f->fn,
                        f->class_code, f->subclass, f->vendor, f->device, name ? " " : "",
                        name ? name : "");
}

/* size as lspci writes it: in the largest unit it is a multiple of. */
static int format_size(char *buf, size_t cap, uint64_t size) {
    static const char *const units[] = {"", "K", "M", "G"};
    unsigned u = 0;
    while (u < 3 && size >= 1024 && size % 1024 == 0) {
        size /= 1024;
        u++;
    }
    return fmt_snprintf(buf, cap, "%llu%s", (unsigned long long)size, units[u]);
}

int pcifmt_bar(char *buf, size_t cap, const rz_pci_function_t *f, unsigned i) {
    const rz_pci_bar_t *bar = &f->bars[i];
    if (i >= f->bar_count || bar->size == 0) {
        return 0;
    }
    char size[24];
    format_size(size, sizeof size, bar->size);
    if (bar->flags & RZ_PCI_BAR_IO) {
        return fmt_snprintf(buf, cap, "BAR%u: I/O ports at 0x%llx [size=%s]", i,
                            (unsigned long long)bar->base, size);
    }
    return fmt_snprintf(buf, cap, "BAR%u: memory at 0x%llx [size=%s] %s%s", i,
                        (unsigned long long)bar->base, size,
                        (bar->flags & RZ_PCI_BAR_64BIT) ? "64-bit" : "32-bit",
                        (bar->flags & RZ_PCI_BAR_PREFETCH) ? ", prefetchable" : "");
}
