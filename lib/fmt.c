/*
 * The formatter behind kprintf and fmt_vsnprintf. One pass over the format
 * string; each conversion is parsed into a `struct spec`, the argument is
 * fetched according to its length modifier, and the digits are produced
 * into a small local buffer before padding is applied, so the sink sees
 * every byte in order exactly once.
 */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left;     /* '-' flag */
    bool zero;     /* '0' flag */
    int width;     /* minimum field width, 0 if none */
    int precision; /* -1 if none */
    int length;    /* 0 int, 1 long, 2 long long, 3 size_t, -1 short, -2 char */
    char conv;
};

struct out {
    fmt_sink_fn sink;
    void *ctx;
    int count;
};

static void out_bytes(struct out *o, const char *s, size_t n) {
    if (n != 0) {
        o->sink(o->ctx, s, n);
        o->count += (int)n;
    }
}

static void out_repeat(struct out *o, char c, int n) {
    char pad[16];
    for (int i = 0; i < (int)sizeof(pad); i++) {
        pad[i] = c;
    }
    while (n > 0) {
        int chunk = n < (int)sizeof(pad) ? n : (int)sizeof(pad);
        out_bytes(o, pad, (size_t)chunk);
        n -= chunk;
    }
}

/* Writes prefix (sign or "0x") and body padded to spec->width. */
static void out_field(struct out *o, const struct spec *sp, const char *prefix, int prefix_len,
                      const char *body, int body_len) {
    int pad = sp->width - prefix_len - body_len;
    if (pad < 0) {
        pad = 0;
    }
    if (!sp->left && !sp->zero) {
        out_repeat(o, ' ', pad);
    }
    out_bytes(o, prefix, (size_t)prefix_len);
    if (!sp->left && sp->zero) {
        out_repeat(o, '0', pad);
    }
    out_bytes(o, body, (size_t)body_len);
    if (sp->left) {
        out_repeat(o, ' ', pad);
    }
}

/* Digits of v in base 10 or 16, written backwards ending at end; returns
 * the start. */
static char *utoa(char *end, uint64_t v, unsigned base, bool upper) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v != 0);
    return p;
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap) {
    *sp = (struct spec){.precision = -1};
    for (;; f++) {
        if (*f == '-') {
            sp->left = true;
        } else if (*f == '0') {
            sp->zero = true;
        } else {
            break;
        }
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = -sp->width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9') {
            sp->width = sp->width * 10 + (*f++ - '0');
        }
    }
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            f++;
        } else {
            while (*f >= '0' && *f <= '9') {
                sp->precision = sp->precision * 10 + (*f++ - '0');
            }
        }
    }
    if (*f == 'l') {
        sp->length = f[1] == 'l' ? 2 : 1;
        f += sp->length;
    } else if (*f == 'z') {
        sp->length = 3;
        f++;
    } else if (*f == 'h') {
        sp->length = f[1] == 'h' ? -2 : -1;
        f += f[1] == 'h' ? 2 : 1;
    }
    sp->conv = *f;
    return f;
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap) {
    switch (sp->length) {
    case 1:
        return va_arg(*ap, long);
    case 2:
        return va_arg(*ap, long long);
    case 3:
        return (int64_t)va_arg(*ap, size_t);
    case -1:
        return (short)va_arg(*ap, int);
    case -2:
        return (signed char)va_arg(*ap, int);
    default:
        return va_arg(*ap, int);
    }
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap) {
    switch (sp->length) {
    case 1:
        return va_arg(*ap, unsigned long);
    case 2:
        return va_arg(*ap, unsigned long long);
    case 3:
        return va_arg(*ap, size_t);
    case -1:
        return (unsigned short)va_arg(*ap, unsigned);
    case -2:
        return (unsigned char)va_arg(*ap, unsigned);
    default:
        return va_arg(*ap, unsigned);
    }
}

static void format_one(struct out *o, const struct spec *sp, va_list *ap) {
    char buf[24];
    char *end = buf + sizeof(buf), *p;
    switch (sp->conv) {
    case 'd':
    case 'i': {
        int64_t v = fetch_signed(sp, ap);
        /* Negate as unsigned so INT64_MIN does not overflow. */
        uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
        p = utoa(end, mag, 10, false);
        out_field(o, sp, "-", v < 0 ? 1 : 0, p, (int)(end - p));
        break;
    }
    case 'u':
    case 'x':
    case 'X':
        p = utoa(end, fetch_unsigned(sp, ap), sp->conv == 'u' ? 10 : 16, sp->conv == 'X');
        out_field(o, sp, "", 0, p, (int)(end - p));
        break;
    case 'p':
        p = utoa(end, (uintptr_t)va_arg(*ap, void *), 16, false);
        out_field(o, sp, "0x", 2, p, (int)(end - p));
        break;
    case 'c':
        buf[0] = (char)va_arg(*ap, int);
        out_field(o, sp, "", 0, buf, 1);
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        int n = 0;
        if (s == 0) {
            s = "(null)";
        }
        while ((sp->precision < 0 || n < sp->precision) && s[n] != '\0') {
            n++;
        }
        struct spec text = *sp;
        text.zero = false;
        out_field(o, &text, "", 0, s, n);
        break;
    }
    default:
        break;
    }
}

int fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap) {
    struct out o = {sink, ctx, 0};
    va_list args;
    va_copy(args, ap);
    while (*fmt != '\0') {
        const char *start = fmt;
        while (*fmt != '\0' && *fmt != '%') {
            fmt++;
        }
        out_bytes(&o, start, (size_t)(fmt - start));
        if (*fmt == '\0') {
            break;
        }
        if (fmt[1] == '%') {
            out_bytes(&o, "%", 1);
            fmt += 2;
            continue;
        }
        struct spec sp;
        const char *conv = parse_spec(fmt + 1, &sp, &args);
        if (*conv == '\0' || !(*conv == 'd' || *conv == 'i' || *conv == 'u' || *conv == 'x' ||
                               *conv == 'X' || *conv == 'p' || *conv == 'c' || *conv == 's')) {
            /* Unknown or truncated conversion: show it as written. */
            size_t n = (size_t)(conv - fmt) + (*conv != '\0');
            out_bytes(&o, fmt, n);
            fmt += n;
            continue;
        }
        format_one(&o, &sp, &args);
        fmt = conv + 1;
    }
    va_end(args);
    return o.count;
}

struct buf_sink {
    char *buf;
    size_t size;
    size_t used; /* bytes stored, excluding the NUL */
};

static void buf_put(void *ctx, const char *s, size_t n) {
    struct buf_sink *b = ctx;
    for (size_t i = 0; i < n && b->used + 1 < b->size; i++) {
        b->buf[b->used++] = s[i];
    }
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    struct buf_sink b = {buf, size, 0};
    int n = fmt_vformat(buf_put, &b, fmt, ap);
    if (size > 0) {
        buf[b.used] = '\0';
    }
    return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
