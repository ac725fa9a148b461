/*
 * wast2json's output for each spec script, kept under build/spec/NAME/
 * (NAME.json plus its NAME.N.wasm and NAME.N.wat modules). A stamp file
 * records which source the conversion came from (path, size, mtime), so an
 * unchanged .wast is converted once, and a changed one again.
 */
#ifndef RZ_HOST_SPEC_CACHE_H
#define RZ_HOST_SPEC_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* A converted script: the directory of its modules and its JSON file. */
typedef struct spec_converted {
    char dir[4096];
    char json[4096];
} spec_converted_t;

/* A script's name: its file name without ".wast"; also its cache directory's. */
void spec_cache_name(const char *wast_path, char *out, size_t size);

/* Converts `wast_path` under `cache_root` unless an up-to-date conversion is
 * there. Returns false and a message (naming wast2json's log) on error. */
bool spec_cache_convert(const char *wast_path, const char *cache_root, spec_converted_t *out,
                        char *err, size_t err_size);

#endif
