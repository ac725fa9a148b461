/*
 * Entry point of build/host-tests: every plain-C unit test of the tree,
 * linked into one binary built with AddressSanitizer and UBSan.
 * Usage: host-tests [suite[.name]]   (a prefix filter; default: all)
 */
#include <stdio.h>

#include "ktest.h"

void ktest_vprintf(const char *fmt, va_list ap) {
    vprintf(fmt, ap);
    fflush(stdout);
}

int main(int argc, char **argv) {
    return ktest_run_all(argc > 1 ? argv[1] : NULL) == 0 ? 0 : 1;
}
