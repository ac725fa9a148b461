/* The smallest command: stdout through fd_write, exit status 0. */
#include <stdio.h>

int main(void) {
    printf("hello, world\n");
    return 0;
}
