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

KTEST(spec_cache, converts_once_and_again_after_a_change) {
    char dir[] = "/tmp/rz-spec-cache-XXXXXX", wast[128], cache[128], cmd[300];
    KT_ASSERT(t, mkdtemp(dir) != NULL);
    snprintf(wast, sizeof wast, "%s/tiny.wast", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    KT_ASSERT(t, write_text(wast, "(module)\n"));

    spec_converted_t conv;
    char err[512];
    struct stat first, second, third;
    KT_ASSERT(t, spec_cache_convert(wast, cache, &conv, err, sizeof err));
    char want[300];
    snprintf(want, sizeof want, "%s/tiny/tiny.json", cache);
    KT_EXPECT_STREQ(t, conv.json, want);
    KT_ASSERT(t, json_identity(conv.json, &first));

    KT_ASSERT(t, spec_cache_convert(wast, cache, &conv, err, sizeof err));
    KT_ASSERT(t, json_identity(conv.json, &second));
    KT_EXPECT(t, same_file(&first, &second));

    /* A different size changes the stamp even within one mtime tick. */
    KT_ASSERT(t, write_text(wast, "(module)\n(module)\n"));
    KT_ASSERT(t, spec_cache_convert(wast, cache, &conv, err, sizeof err));
    KT_ASSERT(t, json_identity(conv.json, &third));
    KT_EXPECT(t, !same_file(&first, &third));

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    KT_EXPECT_EQ(t, system(cmd), 0);
}

KTEST(spec_cache, wast2json_error_names_its_log) {
    char dir[] = "/tmp/rz-spec-cache-XXXXXX", wast[128], cache[128], cmd[300];
    KT_ASSERT(t, mkdtemp(dir) != NULL);
    snprintf(wast, sizeof wast, "%s/broken.wast", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    KT_ASSERT(t, write_text(wast, "(module (func (frobnicate)))\n"));

    spec_converted_t conv;
    char err[512], want[300];
    KT_EXPECT(t, !spec_cache_convert(wast, cache, &conv, err, sizeof err));
    snprintf(want, sizeof want, "wast2json failed (status 1), see %s/broken/wast2json.log", cache);
    KT_EXPECT_STREQ(t, err, want);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    KT_EXPECT_EQ(t, system(cmd), 0);
}

KTEST(spec_cache, missing_source_is_an_error) {
    spec_converted_t conv;
    char err[512];
    KT_EXPECT(t, !spec_cache_convert("/nonexistent/x.wast", "/tmp", &conv, err, sizeof err));
    KT_EXPECT_STREQ(t, err, "/nonexistent/x.wast: No such file or directory");
}
