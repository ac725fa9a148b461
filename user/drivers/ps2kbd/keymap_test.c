/* Tests of scan code set 1 translation, with the codes QEMU's sendkey
 * produces. */
#include "user/drivers/ps2kbd/keymap.h"

#include <string.h>

#include "ktest.h"

/* Feeds codes (n of them) and collects what they type into out (NUL-terminated). */
static size_t feed(struct kbd_state *s, const uint8_t *codes, size_t n, char *out, size_t cap) {
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t bytes[KBD_OUT_MAX];
        size_t k = kbd_translate(s, codes[i], bytes);
        for (size_t j = 0; j < k && len + 1 < cap; j++) {
            out[len++] = (char)bytes[j];
        }
    }
    out[len] = '\0';
    return len;
}

#define FEED(...)                                                                                  \
    do {                                                                                           \
        static const uint8_t codes_[] = {__VA_ARGS__};                                             \
        feed(&s, codes_, sizeof codes_, got, sizeof got);                                          \
    } while (0)

KTEST(kbd_translate, letters_digits_and_releases) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x23, 0xa3, 0x17, 0x97, 0x02, 0x82, 0x0b, 0x8b, 0x39, 0xb9); /* h i 1 0 space */
    KT_EXPECT_STREQ(t, got, "hi10 ");
}

KTEST(kbd_translate, shift_gives_upper_case_and_symbols) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x2a, 0x1e, 0x9e, 0x03, 0x83, 0xaa, 0x1e, 0x9e); /* shift+a shift+2, release, a */
    KT_EXPECT_STREQ(t, got, "A@a");
    FEED(0x36, 0x27, 0x0c, 0xb6, 0x27); /* right shift ; - */
    KT_EXPECT_STREQ(t, got, ":_;");
}

KTEST(kbd_translate, caps_lock_toggles_letters_only_and_ignores_repeats) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x3a, 0x3a, 0x3a, 0xba, 0x1e, 0x02, 0x2a, 0x1e, 0xaa); /* caps (repeating), a 1 shift+a */
    KT_EXPECT_STREQ(t, got, "A1a");
    FEED(0x3a, 0xba, 0x1e);
    KT_EXPECT_STREQ(t, got, "a");
}

KTEST(kbd_translate, ctrl_letters_are_control_codes) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x1d, 0x2e, 0xae, 0x20, 0xa0, 0x9d, 0x2e); /* ctrl+c ctrl+d, release, c */
    KT_EXPECT_EQ(t, got[0], 0x03);
    KT_EXPECT_EQ(t, got[1], 0x04);
    KT_EXPECT_STREQ(t, got + 2, "c");
    FEED(0xe0, 0x1d, 0x2e, 0xe0, 0x9d, 0x2e); /* right ctrl */
    KT_EXPECT_EQ(t, got[0], 0x03);
    KT_EXPECT_STREQ(t, got + 1, "c");
}

KTEST(kbd_translate, enter_backspace_tab_escape) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x1c, 0x0e, 0x0f, 0x01, 0xe0, 0x1c);
    KT_EXPECT_STREQ(t, got, "\r\x7f\t\x1b\r");
}

KTEST(kbd_translate, arrows_and_editing_keys_are_ansi_sequences) {
    struct kbd_state s = {0};
    char got[64];
    FEED(0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0x4d, 0xe0, 0x4b);
    KT_EXPECT_STREQ(t, got, "\x1b[A\x1b[B\x1b[C\x1b[D");
    FEED(0xe0, 0x47, 0xe0, 0x4f, 0xe0, 0x53, 0xe0, 0x52, 0xe0, 0x49, 0xe0, 0x51);
    KT_EXPECT_STREQ(t, got, "\x1b[H\x1b[F\x1b[3~\x1b[2~\x1b[5~\x1b[6~");
}

KTEST(kbd_translate, keypad_without_e0_types_digits) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x48, 0x4b, 0x4e, 0x53, 0x37);
    KT_EXPECT_STREQ(t, got, "84+.*");
}

KTEST(kbd_translate, fake_shifts_and_pause_type_nothing_and_change_nothing) {
    struct kbd_state s = {0};
    char got[32];
    /* shift held, then e0 aa e0 48 e0 2a around an arrow (the keyboard's
     * own "shift off" while the key is down): shift stays held */
    FEED(0x2a, 0xe0, 0xaa, 0xe0, 0x48, 0xe0, 0x2a, 0x1e);
    KT_EXPECT_STREQ(t, got, "\x1b[AA");
    s = (struct kbd_state){0};
    FEED(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x1e);
    KT_EXPECT_STREQ(t, got, "a");
}

KTEST(kbd_translate, unknown_codes_type_nothing) {
    struct kbd_state s = {0};
    char got[32];
    FEED(0x00, 0x38, 0x3b, 0x45, 0x57, 0x58, 0x7f, 0xe0, 0x5b, 0xfa, 0x1e);
    KT_EXPECT_STREQ(t, got, "a");
}
