/* Lists a preopen (argv[1]) after creating 40 files in it, sorted, without
 * . and ..: fd_readdir through opendir/readdir, with more entries than
 * one buffer holds. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    char path[512];
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof path, "%s/file-with-a-long-name-%02d", argv[1], i);
        int fd = open(path, O_WRONLY | O_CREAT, 0644);
        if (fd < 0) {
            return 1;
        }
        close(fd);
    }
    DIR *d = opendir(argv[1]);
    if (d == NULL) {
        printf("opendir failed\n");
        return 1;
    }
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < 64) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    printf("%d entries\n", n);
    printf("first %s\nlast %s\n", names[0], names[n - 1]);
    return 0;
}
