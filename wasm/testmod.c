/* The unit tests' module builder (see testmod.h). */
#include "testmod.h"
#include "platform.h"

void tm_init(testmod_t *m) {
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    m->len = 0;
    tm_bytes(m, header, sizeof header);
}

void tm_bytes(testmod_t *m, const void *bytes, size_t len) {
    if (m->len + len <= sizeof m->bytes) {
        memcpy(m->bytes + m->len, bytes, len);
        m->len += len;
    }
}

void tm_u32(testmod_t *m, uint32_t v) {
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        if (v != 0) {
            b |= 0x80;
        }
        tm_bytes(m, &b, 1);
    } while (v != 0);
}

void tm_section(testmod_t *m, uint8_t id, const void *contents, size_t len) {
    tm_bytes(m, &id, 1);
    tm_u32(m, (uint32_t)len);
    tm_bytes(m, contents, len);
}

void tm_func_module(testmod_t *m, const void *sig, size_t sig_len, const void *body,
                    size_t body_len) {
    testmod_t s;
    tm_init(m);
    s.len = 0;
    tm_bytes(&s, (const uint8_t[]){0x01, 0x60}, 2);
    tm_bytes(&s, sig, sig_len);
    tm_section(m, 1, s.bytes, s.len);
    tm_section(m, 3, (const uint8_t[]){0x01, 0x00}, 2);
    tm_section(m, 4, (const uint8_t[]){0x01, 0x70, 0x00, 0x01}, 4);
    tm_section(m, 5, (const uint8_t[]){0x01, 0x00, 0x01}, 3);
    tm_section(m, 7, (const uint8_t[]){0x01, 0x01, 'f', 0x00, 0x00}, 5);
    s.len = 0;
    tm_u32(&s, 1);
    tm_u32(&s, (uint32_t)body_len);
    tm_bytes(&s, body, body_len);
    tm_section(m, 10, s.bytes, s.len);
}

char tm_check(const testmod_t *m, wasm_error_t *err) {
    err->message[0] = '\0';
    wasm_module_t *mod = wasm_decode(m->bytes, m->len, err);
    if (mod == NULL) {
        return 'm';
    }
    bool ok = wasm_validate(mod, err);
    wasm_module_free(mod);
    return ok ? 'v' : 'i';
}

int tm_contains(const char *s, const char *part) {
    size_t n = strlen(part);
    for (; *s != '\0'; s++) {
        size_t i = 0;
        while (i < n && s[i] == part[i]) {
            i++;
        }
        if (i == n) {
            return 1;
        }
    }
    return n == 0;
}
