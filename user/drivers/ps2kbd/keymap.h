/*
 * Scan code set 1 to typed bytes, for the PS/2 keyboard driver
 * (user/drivers/ps2kbd.c; the i8042 translates the keyboard's set 2 to
 * set 1). US layout; shift, caps lock and ctrl; the editing keys as the
 * ANSI escape sequences a terminal sends, which the shell's line editor
 * reads (docs/drivers.md lists them). Pure, so tested on the host
 * (keymap_test.c).
 */
#ifndef RZ_DRIVERS_PS2KBD_KEYMAP_H
#define RZ_DRIVERS_PS2KBD_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes one scan code types (ESC [ 3 ~). */
#define KBD_OUT_MAX 4

/* Modifier state and the prefix bytes seen so far; zero is the state
 * after reset (nothing held, caps lock off). */
struct kbd_state {
    bool lshift, rshift;
    bool lctrl, rctrl;
    bool caps;       /* caps lock on */
    bool caps_held;  /* its key is down: typematic repeats do not toggle */
    bool e0;         /* the previous byte was the 0xe0 prefix */
    uint8_t e1_left; /* bytes of a Pause sequence (0xe1 ...) still to skip */
};

/* Feeds one scan code byte. Writes the bytes the key types to out and
 * returns how many (0 for releases, modifiers, prefixes and keys that
 * type nothing). */
size_t kbd_translate(struct kbd_state *s, uint8_t code, uint8_t out[KBD_OUT_MAX]);

#endif
