/*
 * SHA-256 against FIPS 180-4's examples (and NIST's long-message vector),
 * the padding boundaries, and incremental hashing in odd pieces.
 */
#include "lib/sha256.h"

#include "ktest.h"

/* Hex digest -> bytes (the vectors are written as in the standard). */
static void from_hex(const char *hex, uint8_t out[SHA256_DIGEST_SIZE]) {
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        uint8_t b = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[2 * i + k];
            b = (uint8_t)(b * 16 + (c <= '9' ? c - '0' : c - 'a' + 10));
        }
        out[i] = b;
    }
}

static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

static void expect_digest(struct ktest *t, const void *data, size_t len, const char *hex) {
    uint8_t got[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
    sha256(data, len, got);
    from_hex(hex, want);
    KT_EXPECT_BYTES(t, got, sizeof got, want, sizeof want);
}

KTEST(sha256, fips_180_examples) {
    expect_digest(t, "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_digest(t, two_blocks, str_len(two_blocks),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect_digest(t, "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

KTEST(sha256, one_million_a_in_pieces) {
    static uint8_t a[1000];
    for (size_t i = 0; i < sizeof a; i++) {
        a[i] = 'a';
    }
    struct sha256 s;
    uint8_t got[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
    sha256_init(&s);
    for (int i = 0; i < 1000; i++) {
        sha256_update(&s, a, sizeof a);
    }
    sha256_final(&s, got);
    from_hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want);
    KT_EXPECT_BYTES(t, got, sizeof got, want, sizeof want);
}

/* Lengths where the padding needs one block more or exactly fills one. */
KTEST(sha256, padding_boundaries) {
    static const uint8_t a[64] = {[0 ... 63] = 'a'};
    expect_digest(t, a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    expect_digest(t, a, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    expect_digest(t, a, 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
    expect_digest(t, a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

KTEST(sha256, incremental_equals_one_shot) {
    static uint8_t data[768];
    for (size_t i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t)i;
    }
    static const size_t pieces[] = {1, 63, 64, 65, 7, 200, 0, 368};
    struct sha256 s;
    uint8_t got[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
    sha256_init(&s);
    size_t at = 0;
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
        sha256_update(&s, data + at, pieces[i]);
        at += pieces[i];
    }
    KT_ASSERT(t, at == sizeof data);
    sha256_final(&s, got);
    from_hex("f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363", want);
    KT_EXPECT_BYTES(t, got, sizeof got, want, sizeof want);
}
