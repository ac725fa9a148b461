/* The smallest rz-native program: a greeting, exit status 0. (bin/hello.wasm
 * is a test program written in WAT; this one is the SDK's.) */
#include "rz/rz.h"

int main(void) {
    rz_printf("hello from %s, %d\n", "ringzero", 42);
    return 0;
}
