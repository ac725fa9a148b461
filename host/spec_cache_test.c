/* Tests of the wast2json cache: convert once, reuse, convert again on change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktest.h"
#include "spec_cache.h"

static bool write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    bool ok = f != NULL && fputs(text, f) != EOF;
    return f != NULL && fclose(f) == 0 && ok;
}

/* The JSON's inode and mtime: a new conversion writes a new file. */
static bool json_identity(const char *path, struct stat *st) {
    return stat(path, st) == 0;
}

static bool same_file(const struct stat *a, const struct stat *b) {
    return a->st_ino == b->st_ino && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* A scratch directory holding one script and the cache it converts into. */
typedef struct fixture {
    char dir[32], wast[128], cache[128];
} fixture_t;

static bool fixture_make(fixture_t *f, const char *name, const char *text) {
    snprintf(f->dir, sizeof f->dir, "/tmp/rz-spec-cache-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        return false;
    }
    snprintf(f->wast, sizeof f->wast, "%s/%s.wast", f->dir, name);
    snprintf(f->cache, sizeof f->cache, "%s/cache", f->dir);
    return write_text(f->wast, text);
}

static int fixture_remove(const fixture_t *f) {
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    return system(cmd);
}

KTEST(spec_cache, converts_once_and_again_after_a_change) {
    fixture_t f;
    KT_ASSERT(t, fixture_make(&f, "tiny", "(module)\n"));

    spec_converted_t conv;
    char err[512], want[300];
    struct stat first, second, third;
    KT_ASSERT(t, spec_cache_convert(f.wast, f.cache, &conv, err, sizeof err));
    snprintf(want, sizeof want, "%s/tiny/tiny.json", f.cache);
    KT_EXPECT_STREQ(t, conv.json, want);
    KT_ASSERT(t, json_identity(conv.json, &first));

    KT_ASSERT(t, spec_cache_convert(f.wast, f.cache, &conv, err, sizeof err));
    KT_ASSERT(t, json_identity(conv.json, &second));
    KT_EXPECT(t, same_file(&first, &second));

    /* A different size changes the stamp even within one mtime tick. */
    KT_ASSERT(t, write_text(f.wast, "(module)\n(module)\n"));
    KT_ASSERT(t, spec_cache_convert(f.wast, f.cache, &conv, err, sizeof err));
    KT_ASSERT(t, json_identity(conv.json, &third));
    KT_EXPECT(t, !same_file(&first, &third));
    KT_EXPECT_EQ(t, fixture_remove(&f), 0);
}

KTEST(spec_cache, wast2json_error_names_its_log) {
    fixture_t f;
    KT_ASSERT(t, fixture_make(&f, "broken", "(module (func (frobnicate)))\n"));

    spec_converted_t conv;
    char err[512], want[300];
    KT_EXPECT(t, !spec_cache_convert(f.wast, f.cache, &conv, err, sizeof err));
    snprintf(want, sizeof want, "wast2json failed (status 1), see %s/broken/wast2json.log",
             f.cache);
    KT_EXPECT_STREQ(t, err, want);
    KT_EXPECT_EQ(t, fixture_remove(&f), 0);
}

KTEST(spec_cache, missing_source_is_an_error) {
    spec_converted_t conv;
    char err[512];
    KT_EXPECT(t, !spec_cache_convert("/nonexistent/x.wast", "/tmp", &conv, err, sizeof err));
    KT_EXPECT_STREQ(t, err, "/nonexistent/x.wast: No such file or directory");
}
