/*
 * A WASI echo built with stock wasi-libc: its argv comes from args_get,
 * the program's name first. tests/integration/run starts it from the
 * shell with arguments.
 */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("wasi_echo: argc %d:", argc);
    for (int i = 0; i < argc; i++) {
        printf(" [%s]", argv[i]);
    }
    printf("\n");
    return 0;
}
