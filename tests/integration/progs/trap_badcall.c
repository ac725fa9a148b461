/* Hostile: an indirect call to a table index that holds no function. */
#include <stdint.h>

typedef int (*unary_fn)(int);

int main(void) {
    unary_fn volatile bad = (unary_fn)(uintptr_t)0x7fff;
    return bad(1);
}
