/* File I/O inside a preopen (argv[1]): create, write, seek, read back,
 * append, stat, and the errors for a missing file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[256];

static const char *in_dir(const char *dir, const char *name) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

int main(int argc, char **argv) {
    const char *dir = argv[1];
    int fd = open(in_dir(dir, "data.txt"), O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("open: %s\n", strerror(errno));
        return 1;
    }
    printf("write=%zd\n", write(fd, "0123456789", 10));
    printf("seek=%lld\n", (long long)lseek(fd, 3, SEEK_SET));
    char buf[16] = {0};
    printf("read=%zd '%s'\n", read(fd, buf, 4), buf);
    printf("cur=%lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("end=%lld\n", (long long)lseek(fd, -2, SEEK_END));
    struct stat st;
    printf("fstat=%d size=%lld reg=%d\n", fstat(fd, &st), (long long)st.st_size,
           S_ISREG(st.st_mode));
    close(fd);

    FILE *f = fopen(in_dir(dir, "data.txt"), "a");
    fputs("abc\n", f);
    fclose(f);
    f = fopen(in_dir(dir, "data.txt"), "r");
    char line[64];
    printf("line='%s'\n", fgets(line, sizeof line, f) ? line : "(none)");
    fclose(f);

    printf("stat dir=%d isdir=%d\n", stat(dir, &st), S_ISDIR(st.st_mode));
    errno = 0;
    printf("missing=%d %s\n", open(in_dir(dir, "missing"), O_RDONLY), strerror(errno));
    errno = 0;
    printf("excl=%d %s\n", open(in_dir(dir, "data.txt"), O_WRONLY | O_CREAT | O_EXCL, 0644),
           strerror(errno));
    return 0;
}
