/* Prints its arguments (not argv[0], which is the path rz was given) and
 * how many environment variables it sees (rz passes none). */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    int envc = 0;
    for (char **e = environ; e != NULL && *e != NULL; e++) {
        envc++;
    }
    printf("envc=%d home=%s\n", envc, getenv("HOME") ? getenv("HOME") : "(unset)");
    return 0;
}
