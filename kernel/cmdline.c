/* Kernel command line lookup; see cmdline.h. */
#include "kernel/cmdline.h"

#include "lib/string.h"

static bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool cmdline_option(const char *cmdline, const char *key, char *value, size_t value_size) {
    size_t key_len = strlen(key);
    const char *p = cmdline;
    while (*p != '\0') {
        while (is_space(*p)) {
            p++;
        }
        const char *word = p;
        while (*p != '\0' && !is_space(*p)) {
            p++;
        }
        size_t word_len = (size_t)(p - word);
        if (word_len < key_len || strncmp(word, key, key_len) != 0) {
            continue;
        }
        if (word_len != key_len && word[key_len] != '=') {
            continue;
        }
        if (value != 0 && value_size > 0) {
            const char *v = word + key_len + (word_len != key_len);
            size_t n = (size_t)(p - v);
            if (n >= value_size) {
                n = value_size - 1;
            }
            memcpy(value, v, n);
            value[n] = '\0';
        }
        return true;
    }
    return false;
}
