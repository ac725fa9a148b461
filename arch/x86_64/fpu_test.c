/* FPU state save/restore round trip on the real registers. */
#include "arch/x86_64/fpu.h"

#include "ktest.h"
#include "lib/string.h"

static struct fpu_state saved, clean;

KTEST(fpu, save_restore_round_trips_xmm0) {
    _Alignas(16) static const uint8_t pattern[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                                                     9, 10, 11, 12, 13, 14, 15, 16};
    _Alignas(16) uint8_t out[16];
    __asm__ volatile("movdqu %0, %%xmm0" : : "m"(pattern));
    fpu_save(&saved);
    __asm__ volatile("pxor %%xmm0, %%xmm0" : :);
    fpu_restore(&saved);
    __asm__ volatile("movdqu %%xmm0, %0" : "=m"(out));
    KT_EXPECT_BYTES(t, out, 16, pattern, 16);
    /* In the FXSAVE/XSAVE legacy area, XMM0 sits at byte 160. */
    KT_EXPECT_BYTES(t, saved.area + 160, 16, pattern, 16);
}

KTEST(fpu, initial_state_has_default_mxcsr) {
    fpu_state_init(&clean);
    uint32_t mxcsr;
    memcpy(&mxcsr, clean.area + 24, 4); /* MXCSR at byte 24 of the legacy area */
    KT_EXPECT_EQ(t, mxcsr, 0x1f80);
    KT_EXPECT(t, fpu_state_size() >= 512 && fpu_state_size() <= FPU_STATE_MAX);
}

KTEST(fpu, avx_upper_half_survives_when_enabled) {
    if ((fpu_xcr0() & 4) == 0) {
        KT_SKIP(t, "AVX not available");
    }
    _Alignas(32) uint8_t pattern[32], out[32];
    for (int i = 0; i < 32; i++) {
        pattern[i] = (uint8_t)(0xa0 + i);
    }
    __asm__ volatile("vmovdqu %0, %%ymm1" : : "m"(pattern));
    fpu_save(&saved);
    __asm__ volatile("vpxor %%ymm1, %%ymm1, %%ymm1" : :);
    fpu_restore(&saved);
    __asm__ volatile("vmovdqu %%ymm1, %0" : "=m"(out));
    KT_EXPECT_BYTES(t, out, 32, pattern, 32);
}
