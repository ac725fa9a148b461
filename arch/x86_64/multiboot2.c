/*
 * Multiboot2 info parser (spec: "Multiboot2 Specification version 2.0",
 * section 3.6). The block is a u32 total_size, a u32 reserved, then tags,
 * each {u32 type, u32 size, payload} padded to 8 bytes, ending with type 0.
 * Pure code over a byte buffer, so the host unit tests feed it
 * hand-built blocks.
 */
#include "arch/x86_64/multiboot2.h"

#include "lib/string.h"

enum {
    TAG_END = 0,
    TAG_CMDLINE = 1,
    TAG_MODULE = 3,
    TAG_MMAP = 6,
    TAG_FRAMEBUFFER = 8,
    TAG_ACPI_OLD = 14,
    TAG_ACPI_NEW = 15,
};

#define TAG_HEADER 8
#define MMAP_HEADER 16 /* tag header + entry_size + entry_version */
#define MMAP_ENTRY_MIN 24
#define MODULE_HEADER 16
#define FRAMEBUFFER_MIN 30

static uint32_t get32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static uint64_t get64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* Copies a NUL-terminated string of at most max_len bytes from p. */
static void copy_string(char *dst, size_t dst_size, const uint8_t *p, size_t max_len) {
    size_t n = strnlen((const char *)p, max_len);
    if (n >= dst_size) {
        n = dst_size - 1;
    }
    memcpy(dst, p, n);
    dst[n] = '\0';
}

static void parse_mmap(const uint8_t *tag, uint32_t size, struct boot_info *out) {
    if (size < MMAP_HEADER) {
        return;
    }
    uint32_t entry_size = get32(tag + 8);
    if (entry_size < MMAP_ENTRY_MIN) {
        return;
    }
    for (uint32_t off = MMAP_HEADER; size - off >= entry_size; off += entry_size) {
        if (out->mem_count == BOOT_MAX_MEM_REGIONS) {
            return;
        }
        struct boot_mem_region *r = &out->mem[out->mem_count++];
        r->base = get64(tag + off);
        r->length = get64(tag + off + 8);
        r->type = get32(tag + off + 16);
    }
}

static void parse_module(const uint8_t *tag, uint32_t size, struct boot_info *out) {
    if (size < MODULE_HEADER || out->module_count == BOOT_MAX_MODULES) {
        return;
    }
    struct boot_module *m = &out->modules[out->module_count++];
    m->start = get32(tag + 8);
    m->end = get32(tag + 12);
    copy_string(m->string, sizeof(m->string), tag + MODULE_HEADER, size - MODULE_HEADER);
}

static void parse_framebuffer(const uint8_t *tag, uint32_t size, struct boot_info *out) {
    if (size < FRAMEBUFFER_MIN) {
        return;
    }
    out->has_framebuffer = true;
    out->framebuffer.phys = get64(tag + 8);
    out->framebuffer.pitch = get32(tag + 16);
    out->framebuffer.width = get32(tag + 20);
    out->framebuffer.height = get32(tag + 24);
    out->framebuffer.bpp = tag[28];
    out->framebuffer.type = tag[29];
}

static void parse_acpi(const uint8_t *tag, uint32_t size, struct boot_info *out) {
    size_t n = size - TAG_HEADER;
    if (n > BOOT_ACPI_RSDP_MAX) {
        n = BOOT_ACPI_RSDP_MAX;
    }
    /* The new (2.0+) RSDP wins over the old one, whatever the tag order. */
    if (out->acpi_rsdp_len > n) {
        return;
    }
    memcpy(out->acpi_rsdp, tag + TAG_HEADER, n);
    out->acpi_rsdp_len = n;
}

uint32_t multiboot2_total_size(const void *info) {
    return get32(info);
}

bool multiboot2_parse(const void *info, size_t size, struct boot_info *out) {
    const uint8_t *base = info;
    if (size < TAG_HEADER + TAG_HEADER) {
        return false;
    }
    uint32_t total = get32(base);
    if (total > size || total < TAG_HEADER + TAG_HEADER) {
        return false;
    }
    for (uint32_t off = TAG_HEADER; total - off >= TAG_HEADER;) {
        const uint8_t *tag = base + off;
        uint32_t type = get32(tag), tag_size = get32(tag + 4);
        if (tag_size < TAG_HEADER || tag_size > total - off || type == TAG_END) {
            break;
        }
        switch (type) {
        case TAG_CMDLINE:
            copy_string(out->cmdline, sizeof(out->cmdline), tag + TAG_HEADER,
                        tag_size - TAG_HEADER);
            break;
        case TAG_MODULE:
            parse_module(tag, tag_size, out);
            break;
        case TAG_MMAP:
            parse_mmap(tag, tag_size, out);
            break;
        case TAG_FRAMEBUFFER:
            parse_framebuffer(tag, tag_size, out);
            break;
        case TAG_ACPI_OLD:
        case TAG_ACPI_NEW:
            parse_acpi(tag, tag_size, out);
            break;
        default:
            break;
        }
        uint32_t next = (tag_size + 7u) & ~7u;
        if (next > total - off) {
            break;
        }
        off += next;
    }
    return true;
}
