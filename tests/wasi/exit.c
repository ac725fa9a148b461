/* Exit statuses: `exit N` calls exit(N) (proc_exit) after buffered
 * output; `return N` returns N from main. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    printf("before exit\n"); /* still buffered when exit() flushes it */
    int n = atoi(argv[2]);
    if (strcmp(argv[1], "exit") == 0) {
        exit(n);
    }
    return n;
}
