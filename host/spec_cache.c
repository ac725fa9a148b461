/* The wast2json conversion cache under build/spec (see spec_cache.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spec_cache.h"

extern char **environ;

#define STAMP_NAME "stamp"

/* What identifies a conversion's source: its real path, size and mtime. */
static bool make_stamp(const char *wast_path, char *stamp, size_t size, char *err,
                       size_t err_size) {
    char real[PATH_MAX];
    struct stat st;
    if (realpath(wast_path, real) == NULL || stat(real, &st) != 0) {
        snprintf(err, err_size, "%s: %s", wast_path, strerror(errno));
        return false;
    }
    snprintf(stamp, size, "%s\n%lld\n%lld.%09ld\n", real, (long long)st.st_size,
             (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    return true;
}

static bool stamp_matches(const char *stamp_path, const char *stamp) {
    char old[PATH_MAX + 128];
    FILE *f = fopen(stamp_path, "r");
    if (f == NULL) {
        return false;
    }
    size_t n = fread(old, 1, sizeof old - 1, f);
    fclose(f);
    old[n] = '\0';
    return strcmp(old, stamp) == 0;
}

static bool make_dir(const char *path, char *err, size_t err_size) {
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        snprintf(err, err_size, "mkdir %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

/* Empties `dir` (it holds only files we wrote), so no stale module survives. */
static void clear_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d == NULL) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            unlinkat(dirfd(d), e->d_name, 0);
        }
    }
    closedir(d);
}

/* Runs wast2json with its messages going to `log_path`; returns its exit status or -1. */
static int run_wast2json(const char *wast_path, const char *json_path, const char *log_path,
                         char *err, size_t err_size) {
    char *argv[] = {"wast2json", (char *)wast_path, "-o", (char *)json_path, NULL};
    posix_spawn_file_actions_t actions;
    pid_t pid;
    int status;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    int error = posix_spawnp(&pid, "wast2json", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        snprintf(err, err_size, "cannot run wast2json (wabt; tools/setup installs it): %s",
                 strerror(error));
        return -1;
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, err_size, "waitpid: %s", strerror(errno));
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool write_stamp(const char *dir, const char *stamp, char *err, size_t err_size) {
    char tmp[4200], final[4200];
    snprintf(tmp, sizeof tmp, "%s/%s.tmp", dir, STAMP_NAME);
    snprintf(final, sizeof final, "%s/%s", dir, STAMP_NAME);
    FILE *f = fopen(tmp, "w");
    if (f == NULL || fputs(stamp, f) == EOF || fclose(f) != 0 || rename(tmp, final) != 0) {
        snprintf(err, err_size, "%s: %s", tmp, strerror(errno));
        return false;
    }
    return true;
}

void spec_cache_name(const char *wast_path, char *out, size_t size) {
    const char *base = strrchr(wast_path, '/');
    base = base != NULL ? base + 1 : wast_path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".wast") == 0) {
        len -= 5;
    }
    snprintf(out, size, "%.*s", (int)len, base);
}

bool spec_cache_convert(const char *wast_path, const char *cache_root, spec_converted_t *out,
                        char *err, size_t err_size) {
    char stamp[PATH_MAX + 128], stamp_path[4200], log_path[4200], name[256];
    spec_cache_name(wast_path, name, sizeof name);
    snprintf(out->dir, sizeof out->dir, "%s/%s", cache_root, name);
    snprintf(out->json, sizeof out->json, "%s/%s.json", out->dir, name);
    snprintf(stamp_path, sizeof stamp_path, "%s/%s", out->dir, STAMP_NAME);
    snprintf(log_path, sizeof log_path, "%s/wast2json.log", out->dir);
    if (!make_stamp(wast_path, stamp, sizeof stamp, err, err_size)) {
        return false;
    }
    if (stamp_matches(stamp_path, stamp) && access(out->json, R_OK) == 0) {
        return true;
    }
    if (!make_dir(cache_root, err, err_size) || !make_dir(out->dir, err, err_size)) {
        return false;
    }
    clear_dir(out->dir);
    int status = run_wast2json(wast_path, out->json, log_path, err, err_size);
    if (status < 0) {
        return false;
    }
    if (status != 0) {
        snprintf(err, err_size, "wast2json failed (status %d), see %s", status, log_path);
        return false;
    }
    return write_stamp(out->dir, stamp, err, err_size);
}
