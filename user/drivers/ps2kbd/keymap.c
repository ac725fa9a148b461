/*
 * Scan code set 1 translation (keymap.h). A byte with bit 7 set is the
 * release of the key with that bit clear; 0xe0 prefixes the keys added
 * by the 101-key keyboard (the right-hand ctrl, the arrows and the
 * editing block), whose codes reuse the keypad's.
 */
#include "user/drivers/ps2kbd/keymap.h"

#include <string.h>

#define SC_RELEASE 0x80u
#define SC_E0 0xe0u
#define SC_E1 0xe1u
#define SC_LCTRL 0x1du /* also the right ctrl after 0xe0 */
#define SC_LSHIFT 0x2au
#define SC_RSHIFT 0x36u
#define SC_CAPS 0x3au
#define SC_TABLE 0x54u /* codes below this have a table entry */
#define ESC "\x1b"

/* What each code types without and with shift; 0: nothing. */
static const char plain[SC_TABLE] = {
    [0x01] = 0x1b, [0x02] = '1',  [0x03] = '2',  [0x04] = '3',  [0x05] = '4',  [0x06] = '5',
    [0x07] = '6',  [0x08] = '7',  [0x09] = '8',  [0x0a] = '9',  [0x0b] = '0',  [0x0c] = '-',
    [0x0d] = '=',  [0x0e] = 0x7f, [0x0f] = '\t', [0x10] = 'q',  [0x11] = 'w',  [0x12] = 'e',
    [0x13] = 'r',  [0x14] = 't',  [0x15] = 'y',  [0x16] = 'u',  [0x17] = 'i',  [0x18] = 'o',
    [0x19] = 'p',  [0x1a] = '[',  [0x1b] = ']',  [0x1c] = '\r', [0x1e] = 'a',  [0x1f] = 's',
    [0x20] = 'd',  [0x21] = 'f',  [0x22] = 'g',  [0x23] = 'h',  [0x24] = 'j',  [0x25] = 'k',
    [0x26] = 'l',  [0x27] = ';',  [0x28] = '\'', [0x29] = '`',  [0x2b] = '\\', [0x2c] = 'z',
    [0x2d] = 'x',  [0x2e] = 'c',  [0x2f] = 'v',  [0x30] = 'b',  [0x31] = 'n',  [0x32] = 'm',
    [0x33] = ',',  [0x34] = '.',  [0x35] = '/',  [0x37] = '*',  [0x39] = ' ',  [0x47] = '7',
    [0x48] = '8',  [0x49] = '9',  [0x4a] = '-',  [0x4b] = '4',  [0x4c] = '5',  [0x4d] = '6',
    [0x4e] = '+',  [0x4f] = '1',  [0x50] = '2',  [0x51] = '3',  [0x52] = '0',  [0x53] = '.',
};

static const char shifted[SC_TABLE] = {
    [0x01] = 0x1b, [0x02] = '!',  [0x03] = '@',  [0x04] = '#',  [0x05] = '$', [0x06] = '%',
    [0x07] = '^',  [0x08] = '&',  [0x09] = '*',  [0x0a] = '(',  [0x0b] = ')', [0x0c] = '_',
    [0x0d] = '+',  [0x0e] = 0x7f, [0x0f] = '\t', [0x10] = 'Q',  [0x11] = 'W', [0x12] = 'E',
    [0x13] = 'R',  [0x14] = 'T',  [0x15] = 'Y',  [0x16] = 'U',  [0x17] = 'I', [0x18] = 'O',
    [0x19] = 'P',  [0x1a] = '{',  [0x1b] = '}',  [0x1c] = '\r', [0x1e] = 'A', [0x1f] = 'S',
    [0x20] = 'D',  [0x21] = 'F',  [0x22] = 'G',  [0x23] = 'H',  [0x24] = 'J', [0x25] = 'K',
    [0x26] = 'L',  [0x27] = ':',  [0x28] = '"',  [0x29] = '~',  [0x2b] = '|', [0x2c] = 'Z',
    [0x2d] = 'X',  [0x2e] = 'C',  [0x2f] = 'V',  [0x30] = 'B',  [0x31] = 'N', [0x32] = 'M',
    [0x33] = '<',  [0x34] = '>',  [0x35] = '?',  [0x37] = '*',  [0x39] = ' ', [0x47] = '7',
    [0x48] = '8',  [0x49] = '9',  [0x4a] = '-',  [0x4b] = '4',  [0x4c] = '5', [0x4d] = '6',
    [0x4e] = '+',  [0x4f] = '1',  [0x50] = '2',  [0x51] = '3',  [0x52] = '0', [0x53] = '.',
};

/* The 0xe0 keys that type something. */
static const char *e0_key(uint8_t code) {
    switch (code) {
    case 0x1c:
        return "\r"; /* keypad enter */
    case 0x35:
        return "/"; /* keypad / */
    case 0x47:
        return ESC "[H";
    case 0x48:
        return ESC "[A";
    case 0x49:
        return ESC "[5~";
    case 0x4b:
        return ESC "[D";
    case 0x4d:
        return ESC "[C";
    case 0x4f:
        return ESC "[F";
    case 0x50:
        return ESC "[B";
    case 0x51:
        return ESC "[6~";
    case 0x52:
        return ESC "[2~";
    case 0x53:
        return ESC "[3~";
    default:
        return NULL;
    }
}

static bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Updates the modifier a code names; false if it names none. */
static bool modifier(struct kbd_state *s, uint8_t key, bool e0, bool down) {
    if (key == SC_LCTRL) {
        *(e0 ? &s->rctrl : &s->lctrl) = down;
    } else if (key == SC_LSHIFT && !e0) {
        s->lshift = down;
    } else if (key == SC_RSHIFT && !e0) {
        s->rshift = down;
    } else if (key == SC_CAPS && !e0) {
        if (down && !s->caps_held) {
            s->caps = !s->caps;
        }
        s->caps_held = down;
    } else {
        return false;
    }
    return true;
}

size_t kbd_translate(struct kbd_state *s, uint8_t code, uint8_t out[KBD_OUT_MAX]) {
    if (s->e1_left > 0) {
        s->e1_left--;
        return 0;
    }
    if (code == SC_E1) {
        s->e1_left = 2; /* Pause: e1 1d 45 e1 9d c5, in two sequences of three */
        return 0;
    }
    if (code == SC_E0) {
        s->e0 = true;
        return 0;
    }
    bool e0 = s->e0;
    s->e0 = false;
    bool down = !(code & SC_RELEASE);
    uint8_t key = code & (uint8_t)~SC_RELEASE;
    if (modifier(s, key, e0, down) || !down) {
        return 0; /* modifiers and releases type nothing */
    }
    if (e0) {
        const char *seq = e0_key(key);
        if (seq == NULL) {
            return 0;
        }
        size_t n = strlen(seq);
        memcpy(out, seq, n);
        return n;
    }
    if (key >= SC_TABLE || plain[key] == 0) {
        return 0;
    }
    bool shift = s->lshift || s->rshift;
    char c = plain[key];
    if (is_letter(c)) {
        if (s->lctrl || s->rctrl) {
            out[0] = (uint8_t)(c & 0x1f); /* ^A = 1 .. ^Z = 26 */
            return 1;
        }
        shift = shift != s->caps;
    }
    out[0] = (uint8_t)(shift ? shifted[key] : c);
    return 1;
}
