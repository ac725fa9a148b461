/* A trap in the guest: rz prints where and exits 125. */
#include <stdio.h>

__attribute__((noinline)) static int crash_here(int x) {
    if (x > 0) {
        __builtin_trap();
    }
    return x;
}

int main(int argc, char **argv) {
    printf("about to trap\n");
    fflush(stdout);
    return crash_here(argc);
}
