/*
 * Timestamps for the process create+start+exit benchmark (bench/sip/run):
 * prints the clock first thing and last thing. The gap from one run's
 * "end" to the next run's "start" is the previous process's exit plus
 * init spawning (validate and compile, or the code cache) and starting
 * the next: boot.conf runs them back to back.
 */
#include "rz/rz.h"

int main(void) {
    uint64_t start = rz_clock_get();
    rz_printf("stamp: start %llu\n", (unsigned long long)start);
    uint64_t end = rz_clock_get();
    rz_printf("stamp: end %llu\n", (unsigned long long)end);
    return 0;
}
