/* random_get: two 32-byte draws differ and are not all zero. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    unsigned char a[32], b[32], zero[32] = {0};
    if (getentropy(a, sizeof a) != 0 || getentropy(b, sizeof b) != 0) {
        printf("getentropy failed\n");
        return 1;
    }
    printf("random %s\n", memcmp(a, b, 32) != 0 && memcmp(a, zero, 32) != 0 ? "ok" : "bad");
    return 0;
}
