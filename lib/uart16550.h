/*
 * The 16550 UART's registers (offsets from the port base) and the bits
 * Ringzero uses, for both programs that drive COM1: the kernel's console
 * (arch/x86_64/serial.c), which has the line until the serial driver
 * claims it, and that driver (user/drivers/serial.c). Both program the
 * same line settings, so they take them from here.
 */
#ifndef RZ_LIB_UART16550_H
#define RZ_LIB_UART16550_H

#define UART_DATA 0 /* RBR/THR; divisor low with DLAB */
#define UART_IER 1  /* divisor high with DLAB */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07 /* enable FIFOs, clear both */
#define MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the IRQ line on PCs */
#define MCR_LOOP 0x10
#define IER_RX_AVAILABLE 0x01
#define LSR_DATA_READY 0x01
#define LSR_BREAK 0x10
#define LSR_THR_EMPTY 0x20
#define UART_TX_FIFO 16 /* bytes the transmit FIFO takes once THRE is set */
#define BAUD_DIVISOR 1  /* 115200 baud */

#endif
