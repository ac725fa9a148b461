/* Hostile: loads from the top of its 4 GiB index space, far past its
 * memory: an out-of-bounds trap. */
#include <stdint.h>

int main(void) {
    volatile uint32_t *far = (volatile uint32_t *)(uintptr_t)0xfffffff0u;
    return (int)*far;
}
