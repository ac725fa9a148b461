/*
 * fd_readdir: directory entries as preview1 dirents (24-byte header, then
 * the name), resumed by cookie. The cookie of an entry is its position in
 * the host's listing plus one; each call lists the directory again from the
 * start through its own descriptor, so the guest's descriptor offset is
 * never disturbed. A buffer that fills up ends with a truncated entry, as
 * the ABI specifies (bufused == buf_len means "call again").
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "wasi/wasi.h"

static uint8_t dirent_type(unsigned char d_type) {
    switch (d_type) {
    case DT_REG:
        return WASI_FILETYPE_REGULAR_FILE;
    case DT_DIR:
        return WASI_FILETYPE_DIRECTORY;
    case DT_LNK:
        return WASI_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR:
        return WASI_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK:
        return WASI_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK:
        return WASI_FILETYPE_SOCKET_STREAM;
    default:
        return WASI_FILETYPE_UNKNOWN;
    }
}

uint32_t wasi_fd_readdir(wasm_ctx_t *ctx, uint32_t fd, uint32_t buf, uint32_t buf_len,
                         uint64_t cookie, uint32_t bufused_ptr) {
    wasi_fd_t *f = wasi_fd(fd);
    if (f == NULL) {
        return WASI_EBADF;
    }
    uint8_t *out = wasi_guest(ctx, buf, buf_len);
    if (out == NULL || wasi_guest(ctx, bufused_ptr, 4) == NULL) {
        return WASI_EFAULT;
    }
    int dfd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        return wasi_errno(errno);
    }
    DIR *d = fdopendir(dfd);
    if (d == NULL) {
        int error = errno;
        close(dfd);
        return wasi_errno(error);
    }
    uint64_t pos = 0;
    uint32_t used = 0;
    struct dirent *de;
    errno = 0;
    while (used < buf_len && (de = readdir(d)) != NULL) {
        if (pos++ < cookie) {
            continue;
        }
        uint8_t header[24] = {0};
        uint64_t next = pos, ino = de->d_ino;
        uint32_t namlen = (uint32_t)strlen(de->d_name);
        memcpy(header, &next, 8);
        memcpy(header + 8, &ino, 8);
        memcpy(header + 16, &namlen, 4);
        header[20] = dirent_type(de->d_type);
        uint32_t n = buf_len - used < sizeof header ? buf_len - used : (uint32_t)sizeof header;
        memcpy(out + used, header, n);
        used += n;
        n = buf_len - used < namlen ? buf_len - used : namlen;
        memcpy(out + used, de->d_name, n);
        used += n;
    }
    int error = errno;
    closedir(d);
    if (error != 0 && used < buf_len) {
        return wasi_errno(error);
    }
    return wasi_put_u32(ctx, bufused_ptr, used);
}
