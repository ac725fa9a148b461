/* PIT channel 2 as a calibration reference, channel 0 as a tick; see pit.h. */
#include "arch/x86_64/pit.h"

#include "arch/x86_64/io.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61 /* bit 0: channel 2 gate, bit 1: speaker enable, bit 5: output */
#define PORT_B_OUT2 0x20

#define CMD_CH2_LOHI_MODE0 0xb0
#define CMD_CH2_LATCH 0x80
#define CMD_CH0_LOHI_MODE2 0x34 /* rate generator */

void pit_ch2_start(void) {
    outb(PORT_B, (uint8_t)((inb(PORT_B) & ~0x02) | 0x01));
    outb(PIT_CMD, CMD_CH2_LOHI_MODE0);
    outb(PIT_CH2, 0xff);
    outb(PIT_CH2, 0xff);
    /* The count loads on the next PIT clock (0.84 us); one port read on
     * an ISA-speed bus takes about 1 us, so after two it is loaded. */
    (void)inb(PORT_B);
    (void)inb(PORT_B);
}

uint16_t pit_ch2_read(void) {
    outb(PIT_CMD, CMD_CH2_LATCH);
    uint8_t lo = inb(PIT_CH2);
    uint8_t hi = inb(PIT_CH2);
    return (uint16_t)(lo | hi << 8);
}

bool pit_ch2_expired(void) {
    return (inb(PORT_B) & PORT_B_OUT2) != 0;
}

void pit_ch0_periodic(unsigned hz) {
    uint32_t divisor = PIT_HZ / hz;
    if (divisor > 0xffff) {
        divisor = 0xffff;
    }
    outb(PIT_CMD, CMD_CH0_LOHI_MODE2);
    outb(PIT_CH0, (uint8_t)divisor);
    outb(PIT_CH0, (uint8_t)(divisor >> 8));
}
