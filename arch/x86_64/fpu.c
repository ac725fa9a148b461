/*
 * FPU/SSE/AVX enablement (Intel SDM Vol. 1, 13.2 and Vol. 3A, 13.1):
 * CR0.MP/NE on and EM/TS off, CR4.OSFXSR/OSXMMEXCPT so SSE works and
 * reports its exceptions, and with XSAVE: CR4.OSXSAVE and XCR0 = x87 |
 * SSE | AVX (the components the JIT may use). CPUID.(EAX=0DH,ECX=0).EBX
 * then gives the save-area size for exactly the enabled components.
 */
#include "arch/x86_64/fpu.h"

#include "arch/x86_64/io.h"
#include "kernel/panic.h"
#include "lib/string.h"

#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_NE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_OSXSAVE (1ull << 18)
#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX (1u << 28)
#define XCR0_X87 1ull
#define XCR0_SSE 2ull
#define XCR0_AVX 4ull
#define FXSAVE_SIZE 512

static struct {
    bool xsave;
    uint64_t xcr0;
    size_t size;
    struct fpu_state initial;
} fpu;

static void xsetbv(uint32_t reg, uint64_t v) {
    __asm__ volatile("xsetbv" : : "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void fpu_init(void) {
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    uint32_t ecx = cpuid(1, 0).ecx;
    fpu.xsave = (ecx & CPUID1_ECX_XSAVE) != 0;
    fpu.size = FXSAVE_SIZE;
    if (fpu.xsave) {
        write_cr4(cr4 | CR4_OSXSAVE);
        uint64_t supported = cpuid(0xd, 0).eax;
        fpu.xcr0 = XCR0_X87 | XCR0_SSE;
        if ((ecx & CPUID1_ECX_AVX) != 0 && (supported & XCR0_AVX) != 0) {
            fpu.xcr0 |= XCR0_AVX;
        }
        xsetbv(0, fpu.xcr0);
        fpu.size = cpuid(0xd, 0).ebx;
    } else {
        write_cr4(cr4);
    }
    if (fpu.size > FPU_STATE_MAX) {
        panic("fpu: save area of %zu bytes exceeds FPU_STATE_MAX", fpu.size);
    }
    __asm__ volatile("fninit");
    memset(&fpu.initial, 0, sizeof(fpu.initial));
    fpu_save(&fpu.initial);
}

size_t fpu_state_size(void) {
    return fpu.size;
}

bool fpu_uses_xsave(void) {
    return fpu.xsave;
}

uint64_t fpu_xcr0(void) {
    return fpu.xcr0;
}

void fpu_state_init(struct fpu_state *s) {
    memcpy(s, &fpu.initial, sizeof(*s));
}

void fpu_save(struct fpu_state *s) {
    if (fpu.xsave) {
        __asm__ volatile("xsave64 %0"
                         : "+m"(s->area)
                         : "a"((uint32_t)fpu.xcr0), "d"((uint32_t)(fpu.xcr0 >> 32)));
    } else {
        __asm__ volatile("fxsave64 %0" : "=m"(s->area));
    }
}

void fpu_restore(const struct fpu_state *s) {
    if (fpu.xsave) {
        __asm__ volatile("xrstor64 %0"
                         :
                         : "m"(s->area), "a"((uint32_t)fpu.xcr0), "d"((uint32_t)(fpu.xcr0 >> 32)));
    } else {
        __asm__ volatile("fxrstor64 %0" : : "m"(s->area));
    }
}
