/*
 * conbench: console output throughput (bench/serial/run). Prints a start
 * marker, CONBENCH_BYTES of 64-byte lines in writes of CONBENCH_WRITE
 * bytes, and an end marker with the byte count and the time the writes
 * took by the guest's clock. Run without a console its writes are the
 * kernel's direct, polled path; with a console (the serial driver's) they
 * are messages the driver writes to the UART. The host times the markers'
 * arrival, which counts the driver's queue too.
 */
#include <stdint.h>

#include "abi/errors.h"
#include "rz/rz.h"

#define CONBENCH_BYTES (1024 * 1024)
#define CONBENCH_WRITE 4096
#define LINE_BYTES 64

static char chunk[CONBENCH_WRITE];

int main(void) {
    for (int i = 0; i < CONBENCH_WRITE; i++) {
        chunk[i] = i % LINE_BYTES == LINE_BYTES - 1 ? '\n' : (char)('a' + i % 26);
    }
    rz_print("conbench: start\n");
    uint64_t start = rz_clock_get();
    for (int done = 0; done < CONBENCH_BYTES; done += CONBENCH_WRITE) {
        if (rz_console_write(chunk, CONBENCH_WRITE) != RZ_OK) {
            rz_print("conbench: console_write failed\n");
            return 1;
        }
    }
    uint64_t ns = rz_clock_get() - start;
    rz_printf("conbench: end %d bytes in %llu ns\n", CONBENCH_BYTES, (unsigned long long)ns);
    return 0;
}
