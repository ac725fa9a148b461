/*
 * A stock WASI program the services checker runs with a console it
 * controls: stdout and stdin go through the console channel the program
 * inherited (printf, fgets), stderr too.
 */
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[64];
    printf("wasi_console: hello\n");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL) {
        return 3;
    }
    printf("wasi_console: got %s", line);
    fprintf(stderr, "wasi_console: bye\n");
    return 0;
}
