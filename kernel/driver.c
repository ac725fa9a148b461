/*
 * The process code's hooks for drivers (see driver.h).
 */
#include "kernel/driver.h"

#include "arch/x86_64/serial.h"
#include "error.h"
#include "kernel/console.h"
#include "kernel/grant.h"
#include "kernel/panic.h"

static bool manifest_or_error(const wasm_module_t *m, struct manifest *out, wasm_error_t *err) {
    struct manifest_error e;
    if (!manifest_of_module(m, out, &e)) {
        wasm_error_set(err, 0, "rz.manifest record %u: %s", e.record, e.what);
        return false;
    }
    return true;
}

bool driver_jit_options(const wasm_module_t *m, struct driver_ports *ports,
                        wasm_jit_options_t *options, wasm_error_t *err) {
    struct manifest man;
    *options = (wasm_jit_options_t){0};
    ports->count = 0;
    if (!manifest_or_error(m, &man, err)) {
        return false;
    }
    for (uint32_t i = 0; i < man.count; i++) {
        const struct manifest_res *r = &man.res[i];
        if (r->kind == RZ_RES_PORT) {
            /* Bounded by the parser: base + size <= 0x10000. */
            ports->ranges[ports->count++] = (wasm_port_range_t){
                (uint32_t)r->base, (uint32_t)r->size,
                ((r->access & RZ_ACCESS_READ) ? WASM_PORT_READ : 0u) |
                    ((r->access & RZ_ACCESS_WRITE) ? WASM_PORT_WRITE : 0u)};
        }
    }
    options->ports = ports->ranges;
    options->port_count = ports->count;
    return true;
}

/* The link entry of a port import: compiled code never calls it (the
 * compiler refuses modules that could reach it indirectly). */
static void port_import_entry(void) {
    panic("port I/O import called: the compiler must have inlined it");
}

bool driver_link_port_import(const wasm_module_t *m, uint32_t i, wasm_extern_t *out) {
    const wasm_import_t *im = &m->imports[i];
    if (im->kind != WASM_EXTERN_FUNC || !wasm_jit_is_port_import(m, im->index)) {
        return false;
    }
    *out = (wasm_extern_t){.kind = WASM_EXTERN_FUNC,
                           .func = {(const void *)port_import_entry, NULL, 0}};
    return true;
}

/* Whether m declares a port of the kernel console's UART: its driver
 * takes the serial line from the kernel (kernel/console.h). */
static bool claims_console_uart(const struct manifest *m) {
    for (uint32_t i = 0; i < m->count; i++) {
        const struct manifest_res *r = &m->res[i];
        if (r->kind == RZ_RES_PORT && r->base < SERIAL_COM1_BASE + SERIAL_COM1_PORTS &&
            SERIAL_COM1_BASE < r->base + r->size) {
            return true;
        }
    }
    return false;
}

bool driver_claim(const char *program, const wasm_module_t *m, const void *owner,
                  wasm_error_t *err) {
    struct manifest man;
    if (!manifest_or_error(m, &man, err)) {
        return false;
    }
    char why[160];
    if (!grant_claim(&grant_boot_table, program, &man, owner, why, sizeof why)) {
        wasm_error_set(err, 0, "%s", why);
        return false;
    }
    if (claims_console_uart(&man)) {
        console_hand_over(owner);
    }
    return true;
}

bool driver_holds_irq(const void *owner, uint32_t line) {
    struct manifest_res irq = {RZ_RES_IRQ, 0, line, 0};
    return grant_holds(&grant_boot_table, owner, &irq);
}

bool driver_holds_mmio(const void *owner, uint64_t phys, uint64_t size, uint32_t access) {
    struct manifest_res r = {RZ_RES_MMIO, access, phys, size};
    return grant_holds(&grant_boot_table, owner, &r);
}

int driver_dma_pick(const void *owner, uint64_t size) {
    return grant_dma_pick(&grant_boot_table, owner, size);
}

void driver_dma_use(const void *owner, int record) {
    grant_dma_use(&grant_boot_table, owner, record);
}

void driver_release(const void *owner) {
    grant_release(&grant_boot_table, owner);
    console_take_back(owner);
}
