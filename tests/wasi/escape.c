/* Attempts to leave the preopen (argv[1]); each must fail with
 * "Capabilities insufficient" (ENOTCAPABLE) or, for a symlink that is the
 * last component and not followed, ELOOP. The runner put `out` -> /etc
 * and `up` -> .. in the directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void try(const char *dir, const char *rel) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    errno = 0;
    int fd = open(path, O_RDONLY);
    printf("%s: %s\n", rel, fd >= 0 ? "OPENED" : strerror(errno));
}

int main(int argc, char **argv) {
    try(argv[1], "../escape.c");
    try(argv[1], "a/../../x");
    try(argv[1], "out/passwd");
    try(argv[1], "up/x");
    errno = 0;
    printf("/etc/passwd: %s\n", open("/etc/passwd", O_RDONLY) >= 0 ? "OPENED" : strerror(errno));
    struct stat st;
    errno = 0;
    printf("stat out/passwd: %s\n", stat("out/passwd", &st) == 0 ? "FOUND" : strerror(errno));
    return 0;
}
