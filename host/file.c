/* Whole-file reading for the `rz` subcommands (see rz.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rz.h"

static int read_all(int fd, uint8_t *buf, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno;
        }
        if (n == 0) {
            return EIO; /* the file shrank while we read it */
        }
        done += (size_t)n;
    }
    return 0;
}

int rz_file_read(const char *path, rz_file_t *file) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    struct stat st;
    int error = 0;
    uint8_t *buf = NULL;
    if (fstat(fd, &st) != 0) {
        error = errno;
    } else if (!S_ISREG(st.st_mode)) {
        error = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    } else if ((buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL) {
        error = ENOMEM;
    } else {
        error = read_all(fd, buf, (size_t)st.st_size);
    }
    close(fd);
    if (error != 0) {
        free(buf);
        return error;
    }
    file->bytes = buf;
    file->size = (size_t)st.st_size;
    return 0;
}

void rz_file_free(rz_file_t *file) {
    free(file->bytes);
    file->bytes = NULL;
    file->size = 0;
}
