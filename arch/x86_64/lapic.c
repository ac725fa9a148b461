/*
 * Local APIC driver (Intel SDM Vol. 3A, chapter 11). The registers are
 * 32-bit MMIO at 16-byte spacing. The timer runs from the APIC bus clock
 * divided by 16, at a rate measured by clock_calibrate (clock.c) against
 * the PIT; nanoseconds become ticks through a 32.32 fixed-point factor.
 */
#include "arch/x86_64/lapic.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/layout.h"
#include "kernel/panic.h"
#include "kernel/vmm.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)

#define REG_ID 0x20
#define REG_TPR 0x80
#define REG_EOI 0xb0
#define REG_SVR 0xf0
#define REG_ESR 0x280
#define REG_ICR_LOW 0x300
#define REG_ICR_HIGH 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CURRENT 0x390
#define REG_TIMER_DIVIDE 0x3e0

#define SVR_ENABLE (1u << 8)
#define ICR_DELIVERY_NMI (4u << 8)
#define ICR_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define LVT_MASKED (1u << 16)
#define LVT_TIMER_PERIODIC (1u << 17)
#define TIMER_DIVIDE_16 0x3

static volatile uint32_t *lapic_regs;

static struct {
    uint64_t rate;         /* ticks per second */
    uint64_t ticks_per_ns; /* 32.32 fixed point */
    trap_handler_fn fn;
    void *ctx;
} timer;

static uint32_t lapic_read(uint32_t reg) {
    return lapic_regs[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t v) {
    lapic_regs[reg / 4] = v;
}

static void lapic_timer_irq(struct trap_frame *tf, void *ctx) {
    (void)ctx;
    if (timer.fn != NULL) {
        timer.fn(tf, timer.ctx);
    }
}

void lapic_init(uint64_t phys) {
    uint64_t base = rdmsr(MSR_APIC_BASE);
    if (phys == 0) {
        phys = base & ~0xfffull;
    }
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    lapic_regs = vmm_map_mmio(phys, PAGE_SIZE);
    lapic_write(REG_TPR, 0);
    lapic_write(REG_LVT_TIMER, LVT_MASKED);
    lapic_write(REG_LVT_LINT0, LVT_MASKED);
    lapic_write(REG_LVT_LINT1, LVT_MASKED);
    lapic_write(REG_LVT_ERROR, LVT_MASKED);
    lapic_write(REG_ESR, 0);
    lapic_write(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
    lapic_write(REG_TIMER_DIVIDE, TIMER_DIVIDE_16);
    trap_set_handler(VEC_LAPIC_TIMER, lapic_timer_irq, NULL);
}

uint32_t lapic_id(void) {
    return lapic_read(REG_ID) >> 24;
}

void lapic_eoi(void) {
    lapic_write(REG_EOI, 0);
}

void lapic_send_nmi_self(void) {
    /* The "self" shorthand allows only fixed delivery, so name our own ID. */
    lapic_write(REG_ICR_HIGH, lapic_id() << 24);
    lapic_write(REG_ICR_LOW, ICR_DELIVERY_NMI | ICR_ASSERT);
    while ((lapic_read(REG_ICR_LOW) & ICR_PENDING) != 0) {
        cpu_relax();
    }
}

void lapic_timer_start_free_running(void) {
    lapic_write(REG_LVT_TIMER, LVT_MASKED);
    lapic_write(REG_TIMER_INIT, 0xffffffffu);
}

uint32_t lapic_timer_current(void) {
    return lapic_read(REG_TIMER_CURRENT);
}

void lapic_timer_set_rate(uint64_t ticks_per_second) {
    if (ticks_per_second == 0 || ticks_per_second >= (1ull << 32)) {
        panic("lapic: implausible timer rate %llu Hz", (unsigned long long)ticks_per_second);
    }
    timer.rate = ticks_per_second;
    timer.ticks_per_ns = (ticks_per_second << 32) / 1000000000ull;
}

uint64_t lapic_timer_rate(void) {
    return timer.rate;
}

/* Count for a delay, at least 1 (0 would stop the timer), at most 32 bits. */
static uint32_t lapic_ticks(uint64_t ns) {
    unsigned __int128 t = ((unsigned __int128)ns * timer.ticks_per_ns) >> 32;
    if (t == 0) {
        return 1;
    }
    return t > 0xffffffffu ? 0xffffffffu : (uint32_t)t;
}

static void lapic_timer_arm(uint64_t ns, uint32_t mode, trap_handler_fn fn, void *ctx) {
    if (timer.rate == 0) {
        panic("lapic: timer used before calibration");
    }
    uint64_t flags = irq_save();
    lapic_write(REG_LVT_TIMER, LVT_MASKED);
    lapic_write(REG_TIMER_INIT, 0);
    timer.fn = fn;
    timer.ctx = ctx;
    lapic_write(REG_LVT_TIMER, mode | VEC_LAPIC_TIMER);
    lapic_write(REG_TIMER_INIT, lapic_ticks(ns));
    irq_restore(flags);
}

void lapic_timer_periodic(uint64_t period_ns, trap_handler_fn fn, void *ctx) {
    lapic_timer_arm(period_ns, LVT_TIMER_PERIODIC, fn, ctx);
}

void lapic_timer_oneshot(uint64_t delay_ns, trap_handler_fn fn, void *ctx) {
    lapic_timer_arm(delay_ns, 0, fn, ctx);
}

void lapic_timer_stop(void) {
    uint64_t flags = irq_save();
    lapic_write(REG_LVT_TIMER, LVT_MASKED);
    lapic_write(REG_TIMER_INIT, 0);
    timer.fn = NULL;
    irq_restore(flags);
}
