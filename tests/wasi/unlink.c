/* Uses a WASI function rz does not provide (path_unlink_file): rz must
 * refuse the module at link time, naming the import, and run nothing. */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("running\n");
    return remove(argv[1]) == 0 ? 0 : 1;
}
