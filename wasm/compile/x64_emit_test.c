/*
 * Tests of the x86-64 encoder against known bytes.
 *
 * Each X64_CASE emits one instruction into a fresh buffer and compares it
 * with the bytes an independent assembler produces for the assembly text
 * beside it (llvm-mc --show-encoding -triple=x86_64, Intel syntax). The
 * text is part of the test: tools/check-x64-encodings feeds it to llvm-mc
 * again at test time and checks that the hard-coded bytes still match, so
 * a typo in a table entry cannot hide an encoder bug.
 *
 * Labels, padding and error handling have no one-line assembly form; their
 * tests below compute the expected bytes by hand.
 */
#include "compile/x64_emit.h"
#include "ktest.h"

#define X64_CASE(t, stmt, text, ...)                                                               \
    do {                                                                                           \
        uint8_t case_bytes_[32];                                                                   \
        struct x64_buf case_buf_, *b = &case_buf_;                                                 \
        static const uint8_t case_want_[] = {__VA_ARGS__};                                         \
        x64_buf_init(b, case_bytes_, sizeof case_bytes_);                                          \
        stmt;                                                                                      \
        KT_EXPECT(t, x64_ok(b));                                                                   \
        ktest_expect_bytes(t, __FILE__, __LINE__, text, case_bytes_, b->len, case_want_,           \
                           sizeof case_want_);                                                     \
    } while (0)

KTEST(x64_emit, mov_rr) {
    X64_CASE(t, x64_mov_rr(b, X64_W32, X64_RAX, X64_RCX), "mov eax, ecx", 0x89, 0xc8);
    X64_CASE(t, x64_mov_rr(b, X64_W64, X64_RAX, X64_RCX), "mov rax, rcx", 0x48, 0x89, 0xc8);
    X64_CASE(t, x64_mov_rr(b, X64_W64, X64_R8, X64_RAX), "mov r8, rax", 0x49, 0x89, 0xc0);
    X64_CASE(t, x64_mov_rr(b, X64_W64, X64_RAX, X64_R15), "mov rax, r15", 0x4c, 0x89, 0xf8);
    X64_CASE(t, x64_mov_rr(b, X64_W32, X64_R12, X64_R13), "mov r12d, r13d", 0x45, 0x89, 0xec);
    X64_CASE(t, x64_mov_rr(b, X64_W64, X64_RSP, X64_RBP), "mov rsp, rbp", 0x48, 0x89, 0xec);
}

KTEST(x64_emit, mov_ri_picks_shortest) {
    X64_CASE(t, x64_mov_ri(b, X64_W32, X64_RAX, 0), "mov eax, 0", 0xb8, 0x00, 0x00, 0x00, 0x00);
    X64_CASE(t, x64_mov_ri(b, X64_W32, X64_R9, 0xffffffff), "mov r9d, 4294967295",
             0x41, 0xb9, 0xff, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_mov_ri(b, X64_W32, X64_RAX, 0x100000005ull), "mov eax, 5",
             0xb8, 0x05, 0x00, 0x00, 0x00);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_RAX, 0x12345678), "mov eax, 305419896",
             0xb8, 0x78, 0x56, 0x34, 0x12);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_RDX, 0xffffffff), "mov edx, 4294967295",
             0xba, 0xff, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_RCX, (uint64_t)-1), "mov rcx, -1",
             0x48, 0xc7, 0xc1, 0xff, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_RDX, 0xffffffff80000000ull), "mov rdx, -2147483648",
             0x48, 0xc7, 0xc2, 0x00, 0x00, 0x00, 0x80);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_R12, 0xffffffff7fffffffull), "movabs r12, -2147483649",
             0x49, 0xbc, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_R11, 0x123456789abcdef0ull), "movabs r11, 0x123456789abcdef0",
             0x49, 0xbb, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12);
    X64_CASE(t, x64_mov_ri(b, X64_W64, X64_RAX, 0x100000000ull), "movabs rax, 0x100000000",
             0x48, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00);
}

KTEST(x64_emit, zero) {
    X64_CASE(t, x64_zero(b, X64_RAX), "xor eax, eax", 0x31, 0xc0);
    X64_CASE(t, x64_zero(b, X64_R10), "xor r10d, r10d", 0x45, 0x31, 0xd2);
}

KTEST(x64_emit, load_addressing_modes) {
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_RCX, 0)), "mov rax, qword ptr [rcx]",
             0x48, 0x8b, 0x01);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_RSP, 0)), "mov rax, qword ptr [rsp]",
             0x48, 0x8b, 0x04, 0x24);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_R12, 0)), "mov rax, qword ptr [r12]",
             0x49, 0x8b, 0x04, 0x24);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_RBP, 0)), "mov rax, qword ptr [rbp]",
             0x48, 0x8b, 0x45, 0x00);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_R13, 0)), "mov rax, qword ptr [r13]",
             0x49, 0x8b, 0x45, 0x00);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_R12, 8)), "mov rax, qword ptr [r12 + 8]",
             0x49, 0x8b, 0x44, 0x24, 0x08);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_base(X64_RSP, 0x1000)), "mov rax, qword ptr [rsp + 4096]",
             0x48, 0x8b, 0x84, 0x24, 0x00, 0x10, 0x00, 0x00);
    X64_CASE(t, x64_load(b, X64_S64, X64_R9, x64_base(X64_RBP, -8)), "mov r9, qword ptr [rbp - 8]",
             0x4c, 0x8b, 0x4d, 0xf8);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_base(X64_RBX, 127)), "mov eax, dword ptr [rbx + 127]",
             0x8b, 0x43, 0x7f);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_base(X64_RBX, 128)), "mov eax, dword ptr [rbx + 128]",
             0x8b, 0x83, 0x80, 0x00, 0x00, 0x00);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_base(X64_RBX, -128)), "mov eax, dword ptr [rbx - 128]",
             0x8b, 0x43, 0x80);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_base(X64_RBX, -129)), "mov eax, dword ptr [rbx - 129]",
             0x8b, 0x83, 0x7f, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_load(b, X64_S32, X64_RDX, x64_sib(X64_R12, X64_RAX, 1, 0)), "mov edx, dword ptr [r12 + rax]",
             0x41, 0x8b, 0x14, 0x04);
    X64_CASE(t, x64_load(b, X64_S32, X64_RDX, x64_sib(X64_RAX, X64_R12, 1, 0)), "mov edx, dword ptr [rax + r12]",
             0x42, 0x8b, 0x14, 0x20);
    X64_CASE(t, x64_load(b, X64_S64, X64_RAX, x64_sib(X64_RAX, X64_R12, 8, 16)), "mov rax, qword ptr [rax + 8*r12 + 16]",
             0x4a, 0x8b, 0x44, 0xe0, 0x10);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_sib(X64_R13, X64_R14, 4, -128)), "mov eax, dword ptr [r13 + 4*r14 - 128]",
             0x43, 0x8b, 0x44, 0xb5, 0x80);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_sib(X64_R13, X64_RCX, 1, 0)), "mov eax, dword ptr [r13 + rcx]",
             0x41, 0x8b, 0x44, 0x0d, 0x00);
    X64_CASE(t, x64_load(b, X64_S64, X64_RBX, x64_sib(X64_RBP, X64_RBX, 2, 0)), "mov rbx, qword ptr [rbp + 2*rbx]",
             0x48, 0x8b, 0x5c, 0x5d, 0x00);
    X64_CASE(t, x64_load(b, X64_S64, X64_R15, x64_sib(X64_RSP, X64_RBP, 8, 0x12345)), "mov r15, qword ptr [rsp + 8*rbp + 74565]",
             0x4c, 0x8b, 0xbc, 0xec, 0x45, 0x23, 0x01, 0x00);
    X64_CASE(t, x64_load(b, X64_S64, X64_R8, x64_sib(X64_R15, X64_R15, 2, 0)), "mov r8, qword ptr [r15 + 2*r15]",
             0x4f, 0x8b, 0x04, 0x7f);
}

KTEST(x64_emit, load_sizes) {
    X64_CASE(t, x64_load(b, X64_S8, X64_RAX, x64_base(X64_RCX, 0)), "movzx eax, byte ptr [rcx]",
             0x0f, 0xb6, 0x01);
    X64_CASE(t, x64_load(b, X64_S8, X64_R15, x64_sib(X64_RDI, X64_RSI, 2, 127)), "movzx r15d, byte ptr [rdi + 2*rsi + 127]",
             0x44, 0x0f, 0xb6, 0x7c, 0x77, 0x7f);
    X64_CASE(t, x64_load(b, X64_S16, X64_R8, x64_base(X64_RSP, 8)), "movzx r8d, word ptr [rsp + 8]",
             0x44, 0x0f, 0xb7, 0x44, 0x24, 0x08);
    X64_CASE(t, x64_load(b, X64_S32, X64_RAX, x64_base(X64_RBP, 0)), "mov eax, dword ptr [rbp]",
             0x8b, 0x45, 0x00);
    X64_CASE(t, x64_load(b, X64_S32, X64_R11, x64_sib(X64_R14, X64_RAX, 1, 0)), "mov r11d, dword ptr [r14 + rax]",
             0x45, 0x8b, 0x1c, 0x06);
}

KTEST(x64_emit, load_sign_extending) {
    X64_CASE(t, x64_load_s(b, X64_S8, X64_W32, X64_RAX, x64_base(X64_RCX, 0)), "movsx eax, byte ptr [rcx]",
             0x0f, 0xbe, 0x01);
    X64_CASE(t, x64_load_s(b, X64_S8, X64_W64, X64_RAX, x64_base(X64_RCX, 0)), "movsx rax, byte ptr [rcx]",
             0x48, 0x0f, 0xbe, 0x01);
    X64_CASE(t, x64_load_s(b, X64_S16, X64_W32, X64_RSI, x64_base(X64_R13, 0)), "movsx esi, word ptr [r13]",
             0x41, 0x0f, 0xbf, 0x75, 0x00);
    X64_CASE(t, x64_load_s(b, X64_S16, X64_W64, X64_R9, x64_base(X64_R10, 2)), "movsx r9, word ptr [r10 + 2]",
             0x4d, 0x0f, 0xbf, 0x4a, 0x02);
    X64_CASE(t, x64_load_s(b, X64_S32, X64_W64, X64_RAX, x64_base(X64_RBX, 0)), "movsxd rax, dword ptr [rbx]",
             0x48, 0x63, 0x03);
    X64_CASE(t, x64_load_s(b, X64_S32, X64_W64, X64_R12, x64_sib(X64_R14, X64_R9, 1, 3)), "movsxd r12, dword ptr [r14 + r9 + 3]",
             0x4f, 0x63, 0x64, 0x0e, 0x03);
    X64_CASE(t, x64_load_s(b, X64_S32, X64_W32, X64_RAX, x64_base(X64_RBX, 0)), "mov eax, dword ptr [rbx]",
             0x8b, 0x03);
    X64_CASE(t, x64_load_s(b, X64_S64, X64_W64, X64_RAX, x64_base(X64_RBX, 0)), "mov rax, qword ptr [rbx]",
             0x48, 0x8b, 0x03);
}

KTEST(x64_emit, store) {
    X64_CASE(t, x64_store(b, X64_S8, x64_base(X64_RAX, 0), X64_RSI), "mov byte ptr [rax], sil",
             0x40, 0x88, 0x30);
    X64_CASE(t, x64_store(b, X64_S8, x64_base(X64_RAX, 0), X64_RCX), "mov byte ptr [rax], cl",
             0x88, 0x08);
    X64_CASE(t, x64_store(b, X64_S8, x64_base(X64_RAX, 0), X64_RSP), "mov byte ptr [rax], spl",
             0x40, 0x88, 0x20);
    X64_CASE(t, x64_store(b, X64_S8, x64_base(X64_R9, 0), X64_R10), "mov byte ptr [r9], r10b",
             0x45, 0x88, 0x11);
    X64_CASE(t, x64_store(b, X64_S16, x64_base(X64_RSP, 0), X64_RAX), "mov word ptr [rsp], ax",
             0x66, 0x89, 0x04, 0x24);
    X64_CASE(t, x64_store(b, X64_S16, x64_sib(X64_R13, X64_R8, 2, 0), X64_R9), "mov word ptr [r13 + 2*r8], r9w",
             0x66, 0x47, 0x89, 0x4c, 0x45, 0x00);
    X64_CASE(t, x64_store(b, X64_S32, x64_base(X64_R12, 4), X64_R13), "mov dword ptr [r12 + 4], r13d",
             0x45, 0x89, 0x6c, 0x24, 0x04);
    X64_CASE(t, x64_store(b, X64_S64, x64_base(X64_RBP, -8), X64_RSI), "mov qword ptr [rbp - 8], rsi",
             0x48, 0x89, 0x75, 0xf8);
    X64_CASE(t, x64_store(b, X64_S64, x64_sib(X64_RAX, X64_RCX, 8, 0x100), X64_R15), "mov qword ptr [rax + 8*rcx + 256], r15",
             0x4c, 0x89, 0xbc, 0xc8, 0x00, 0x01, 0x00, 0x00);
}

KTEST(x64_emit, store_immediate) {
    X64_CASE(t, x64_store_i(b, X64_S8, x64_base(X64_RAX, 0), -1), "mov byte ptr [rax], -1",
             0xc6, 0x00, 0xff);
    X64_CASE(t, x64_store_i(b, X64_S8, x64_base(X64_R12, 1), 0x7f), "mov byte ptr [r12 + 1], 127",
             0x41, 0xc6, 0x44, 0x24, 0x01, 0x7f);
    X64_CASE(t, x64_store_i(b, X64_S16, x64_base(X64_R13, 0), 0x1234), "mov word ptr [r13], 4660",
             0x66, 0x41, 0xc7, 0x45, 0x00, 0x34, 0x12);
    X64_CASE(t, x64_store_i(b, X64_S32, x64_base(X64_RSP, 16), -5), "mov dword ptr [rsp + 16], -5",
             0xc7, 0x44, 0x24, 0x10, 0xfb, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_store_i(b, X64_S64, x64_base(X64_RDI, 0), -1), "mov qword ptr [rdi], -1",
             0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_store_i(b, X64_S64, x64_sib(X64_R8, X64_R9, 4, 8), 0x12345678), "mov qword ptr [r8 + 4*r9 + 8], 305419896",
             0x4b, 0xc7, 0x44, 0x88, 0x08, 0x78, 0x56, 0x34, 0x12);
}

KTEST(x64_emit, movzx_movsx_registers) {
    X64_CASE(t, x64_movzx(b, X64_S8, X64_RAX, X64_RSI), "movzx eax, sil", 0x40, 0x0f, 0xb6, 0xc6);
    X64_CASE(t, x64_movzx(b, X64_S8, X64_RAX, X64_RCX), "movzx eax, cl", 0x0f, 0xb6, 0xc1);
    X64_CASE(t, x64_movzx(b, X64_S8, X64_RSP, X64_RAX), "movzx esp, al", 0x0f, 0xb6, 0xe0);
    X64_CASE(t, x64_movzx(b, X64_S8, X64_R8, X64_R15), "movzx r8d, r15b", 0x45, 0x0f, 0xb6, 0xc7);
    X64_CASE(t, x64_movzx(b, X64_S16, X64_RAX, X64_RDI), "movzx eax, di", 0x0f, 0xb7, 0xc7);
    X64_CASE(t, x64_movzx(b, X64_S16, X64_R10, X64_RBX), "movzx r10d, bx", 0x44, 0x0f, 0xb7, 0xd3);
    X64_CASE(t, x64_movzx(b, X64_S32, X64_RAX, X64_RCX), "mov eax, ecx", 0x89, 0xc8);
    X64_CASE(t, x64_movsx(b, X64_S8, X64_W32, X64_RAX, X64_RDI), "movsx eax, dil",
             0x40, 0x0f, 0xbe, 0xc7);
    X64_CASE(t, x64_movsx(b, X64_S8, X64_W64, X64_RAX, X64_RBX), "movsx rax, bl",
             0x48, 0x0f, 0xbe, 0xc3);
    X64_CASE(t, x64_movsx(b, X64_S8, X64_W64, X64_R9, X64_RBP), "movsx r9, bpl",
             0x4c, 0x0f, 0xbe, 0xcd);
    X64_CASE(t, x64_movsx(b, X64_S16, X64_W32, X64_RCX, X64_RDX), "movsx ecx, dx",
             0x0f, 0xbf, 0xca);
    X64_CASE(t, x64_movsx(b, X64_S16, X64_W64, X64_R12, X64_RAX), "movsx r12, ax",
             0x4c, 0x0f, 0xbf, 0xe0);
    X64_CASE(t, x64_movsx(b, X64_S32, X64_W64, X64_RAX, X64_R9), "movsxd rax, r9d",
             0x49, 0x63, 0xc1);
    X64_CASE(t, x64_movsx(b, X64_S32, X64_W32, X64_RAX, X64_R9), "mov eax, r9d", 0x44, 0x89, 0xc8);
}

KTEST(x64_emit, lea) {
    X64_CASE(t, x64_lea(b, X64_W64, X64_RAX, x64_sib(X64_RBX, X64_RCX, 4, 8)), "lea rax, [rbx + 4*rcx + 8]",
             0x48, 0x8d, 0x44, 0x8b, 0x08);
    X64_CASE(t, x64_lea(b, X64_W32, X64_RAX, x64_sib(X64_RDI, X64_RDI, 1, 0)), "lea eax, [rdi + rdi]",
             0x8d, 0x04, 0x3f);
    X64_CASE(t, x64_lea(b, X64_W64, X64_R13, x64_base(X64_RSP, 8)), "lea r13, [rsp + 8]",
             0x4c, 0x8d, 0x6c, 0x24, 0x08);
    X64_CASE(t, x64_lea(b, X64_W64, X64_RSP, x64_base(X64_RSP, -0x1000)), "lea rsp, [rsp - 4096]",
             0x48, 0x8d, 0xa4, 0x24, 0x00, 0xf0, 0xff, 0xff);
}

KTEST(x64_emit, xchg_push_pop) {
    X64_CASE(t, x64_xchg(b, X64_W64, X64_RCX, X64_RDX), "xchg rcx, rdx", 0x48, 0x87, 0xca);
    X64_CASE(t, x64_xchg(b, X64_W32, X64_R8, X64_RAX), "xchg r8d, eax", 0x41, 0x90);
    X64_CASE(t, x64_xchg(b, X64_W64, X64_R9, X64_RAX), "xchg r9, rax", 0x49, 0x91);
    X64_CASE(t, x64_xchg(b, X64_W32, X64_RAX, X64_RAX), "xchg eax, eax", 0x87, 0xc0);
    X64_CASE(t, x64_xchg(b, X64_W64, X64_R12, X64_R13), "xchg r12, r13", 0x4d, 0x87, 0xe5);
    X64_CASE(t, x64_push(b, X64_RBP), "push rbp", 0x55);
    X64_CASE(t, x64_push(b, X64_R12), "push r12", 0x41, 0x54);
    X64_CASE(t, x64_pop(b, X64_RAX), "pop rax", 0x58);
    X64_CASE(t, x64_pop(b, X64_R15), "pop r15", 0x41, 0x5f);
}

KTEST(x64_emit, cmov_setcc) {
    X64_CASE(t, x64_cmov(b, X64_CC_E, X64_W32, X64_RAX, X64_RCX), "cmove eax, ecx",
             0x0f, 0x44, 0xc1);
    X64_CASE(t, x64_cmov(b, X64_CC_B, X64_W64, X64_R8, X64_R9), "cmovb r8, r9",
             0x4d, 0x0f, 0x42, 0xc1);
    X64_CASE(t, x64_cmov(b, X64_CC_G, X64_W64, X64_RAX, X64_RSP), "cmovg rax, rsp",
             0x48, 0x0f, 0x4f, 0xc4);
    X64_CASE(t, x64_cmov(b, X64_CC_NP, X64_W32, X64_R12, X64_RAX), "cmovnp r12d, eax",
             0x44, 0x0f, 0x4b, 0xe0);
    X64_CASE(t, x64_setcc(b, X64_CC_NE, X64_RSI), "setne sil", 0x40, 0x0f, 0x95, 0xc6);
    X64_CASE(t, x64_setcc(b, X64_CC_P, X64_RAX), "setp al", 0x0f, 0x9a, 0xc0);
    X64_CASE(t, x64_setcc(b, X64_CC_A, X64_R11), "seta r11b", 0x41, 0x0f, 0x97, 0xc3);
    X64_CASE(t, x64_setcc(b, X64_CC_E, X64_RBX), "sete bl", 0x0f, 0x94, 0xc3);
    X64_CASE(t, x64_setcc(b, X64_CC_B, X64_RSP), "setb spl", 0x40, 0x0f, 0x92, 0xc4);
    X64_CASE(t, x64_setcc(b, X64_CC_LE, X64_RDI), "setle dil", 0x40, 0x0f, 0x9e, 0xc7);
    X64_CASE(t, x64_setcc(b, X64_CC_O, X64_RCX), "seto cl", 0x0f, 0x90, 0xc1);
}

KTEST(x64_emit, alu_rr) {
    X64_CASE(t, x64_alu_rr(b, X64_ADD, X64_W32, X64_RAX, X64_RCX), "add eax, ecx", 0x01, 0xc8);
    X64_CASE(t, x64_alu_rr(b, X64_OR, X64_W64, X64_RAX, X64_R8), "or rax, r8", 0x4c, 0x09, 0xc0);
    X64_CASE(t, x64_alu_rr(b, X64_ADC, X64_W64, X64_RDX, X64_RBX), "adc rdx, rbx",
             0x48, 0x11, 0xda);
    X64_CASE(t, x64_alu_rr(b, X64_SBB, X64_W32, X64_RDX, X64_RDX), "sbb edx, edx", 0x19, 0xd2);
    X64_CASE(t, x64_alu_rr(b, X64_AND, X64_W32, X64_R11, X64_R12), "and r11d, r12d",
             0x45, 0x21, 0xe3);
    X64_CASE(t, x64_alu_rr(b, X64_SUB, X64_W64, X64_RSP, X64_RAX), "sub rsp, rax",
             0x48, 0x29, 0xc4);
    X64_CASE(t, x64_alu_rr(b, X64_XOR, X64_W64, X64_R15, X64_R15), "xor r15, r15",
             0x4d, 0x31, 0xff);
    X64_CASE(t, x64_alu_rr(b, X64_CMP, X64_W64, X64_R13, X64_RDI), "cmp r13, rdi",
             0x49, 0x39, 0xfd);
}

KTEST(x64_emit, alu_ri_immediate_sizes) {
    X64_CASE(t, x64_alu_ri(b, X64_ADD, X64_W32, X64_RAX, 1), "add eax, 1", 0x83, 0xc0, 0x01);
    X64_CASE(t, x64_alu_ri(b, X64_ADD, X64_W32, X64_RAX, 0x1000), "add eax, 4096",
             0x05, 0x00, 0x10, 0x00, 0x00);
    X64_CASE(t, x64_alu_ri(b, X64_ADD, X64_W64, X64_RAX, 0x1000), "add rax, 4096",
             0x48, 0x05, 0x00, 0x10, 0x00, 0x00);
    X64_CASE(t, x64_alu_ri(b, X64_SUB, X64_W64, X64_RCX, -128), "sub rcx, -128",
             0x48, 0x83, 0xe9, 0x80);
    X64_CASE(t, x64_alu_ri(b, X64_SUB, X64_W64, X64_RCX, 128), "sub rcx, 128",
             0x48, 0x81, 0xe9, 0x80, 0x00, 0x00, 0x00);
    X64_CASE(t, x64_alu_ri(b, X64_SUB, X64_W64, X64_RSP, 8), "sub rsp, 8", 0x48, 0x83, 0xec, 0x08);
    X64_CASE(t, x64_alu_ri(b, X64_CMP, X64_W64, X64_R12, 0x7fffffff), "cmp r12, 2147483647",
             0x49, 0x81, 0xfc, 0xff, 0xff, 0xff, 0x7f);
    X64_CASE(t, x64_alu_ri(b, X64_AND, X64_W32, X64_R9, -1), "and r9d, -1", 0x41, 0x83, 0xe1, 0xff);
    X64_CASE(t, x64_alu_ri(b, X64_XOR, X64_W64, X64_RAX, -129), "xor rax, -129",
             0x48, 0x35, 0x7f, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_alu_ri(b, X64_OR, X64_W32, X64_RBX, 0x100), "or ebx, 256",
             0x81, 0xcb, 0x00, 0x01, 0x00, 0x00);
    X64_CASE(t, x64_alu_ri(b, X64_CMP, X64_W32, X64_RAX, 127), "cmp eax, 127", 0x83, 0xf8, 0x7f);
    X64_CASE(t, x64_alu_ri(b, X64_ADC, X64_W32, X64_RDX, 0), "adc edx, 0", 0x83, 0xd2, 0x00);
    X64_CASE(t, x64_alu_ri(b, X64_SBB, X64_W64, X64_R14, -2147483647 - 1), "sbb r14, -2147483648",
             0x49, 0x81, 0xde, 0x00, 0x00, 0x00, 0x80);
    X64_CASE(t, x64_alu_ri32(b, X64_SUB, X64_W64, X64_R11, 0x12345678), "sub r11, 305419896",
             0x49, 0x81, 0xeb, 0x78, 0x56, 0x34, 0x12);
}

KTEST(x64_emit, alu_memory_operands) {
    X64_CASE(t, x64_alu_rm(b, X64_CMP, X64_W64, X64_RSP, x64_base(X64_R14, 16)), "cmp rsp, qword ptr [r14 + 16]",
             0x49, 0x3b, 0x66, 0x10);
    X64_CASE(t, x64_alu_rm(b, X64_ADD, X64_W32, X64_RAX, x64_base(X64_RCX, 0)), "add eax, dword ptr [rcx]",
             0x03, 0x01);
    X64_CASE(t, x64_alu_rm(b, X64_SUB, X64_W64, X64_R8, x64_base(X64_RBP, -8)), "sub r8, qword ptr [rbp - 8]",
             0x4c, 0x2b, 0x45, 0xf8);
    X64_CASE(t, x64_alu_rm(b, X64_XOR, X64_W32, X64_R10, x64_sib(X64_RSP, X64_R11, 4, 0)), "xor r10d, dword ptr [rsp + 4*r11]",
             0x46, 0x33, 0x14, 0x9c);
    X64_CASE(t, x64_alu_mi(b, X64_ADD, X64_W32, x64_base(X64_RAX, 0), 1), "add dword ptr [rax], 1",
             0x83, 0x00, 0x01);
    X64_CASE(t, x64_alu_mi(b, X64_CMP, X64_W64, x64_base(X64_R12, 8), 0x100), "cmp qword ptr [r12 + 8], 256",
             0x49, 0x81, 0x7c, 0x24, 0x08, 0x00, 0x01, 0x00, 0x00);
    X64_CASE(t, x64_alu_mi(b, X64_SUB, X64_W64, x64_base(X64_RSP, 0), -200), "sub qword ptr [rsp], -200",
             0x48, 0x81, 0x2c, 0x24, 0x38, 0xff, 0xff, 0xff);
}

KTEST(x64_emit, test) {
    X64_CASE(t, x64_test_rr(b, X64_W32, X64_RAX, X64_RAX), "test eax, eax", 0x85, 0xc0);
    X64_CASE(t, x64_test_rr(b, X64_W64, X64_R8, X64_R9), "test r8, r9", 0x4d, 0x85, 0xc8);
    X64_CASE(t, x64_test_rr(b, X64_W32, X64_RSI, X64_RDI), "test esi, edi", 0x85, 0xfe);
    X64_CASE(t, x64_test_ri(b, X64_W32, X64_RAX, 1), "test eax, 1", 0xa9, 0x01, 0x00, 0x00, 0x00);
    X64_CASE(t, x64_test_ri(b, X64_W64, X64_RAX, -1), "test rax, -1",
             0x48, 0xa9, 0xff, 0xff, 0xff, 0xff);
    X64_CASE(t, x64_test_ri(b, X64_W32, X64_RCX, 1), "test ecx, 1",
             0xf7, 0xc1, 0x01, 0x00, 0x00, 0x00);
    X64_CASE(t, x64_test_ri(b, X64_W64, X64_R10, 0x100), "test r10, 256",
             0x49, 0xf7, 0xc2, 0x00, 0x01, 0x00, 0x00);
}

KTEST(x64_emit, imul) {
    X64_CASE(t, x64_imul_rr(b, X64_W32, X64_RAX, X64_RCX), "imul eax, ecx", 0x0f, 0xaf, 0xc1);
    X64_CASE(t, x64_imul_rr(b, X64_W64, X64_RAX, X64_R15), "imul rax, r15", 0x49, 0x0f, 0xaf, 0xc7);
    X64_CASE(t, x64_imul_rr(b, X64_W64, X64_R12, X64_RBX), "imul r12, rbx", 0x4c, 0x0f, 0xaf, 0xe3);
    X64_CASE(t, x64_imul_rri(b, X64_W64, X64_R8, X64_R9, 10), "imul r8, r9, 10",
             0x4d, 0x6b, 0xc1, 0x0a);
    X64_CASE(t, x64_imul_rri(b, X64_W32, X64_RAX, X64_RAX, 1000), "imul eax, eax, 1000",
             0x69, 0xc0, 0xe8, 0x03, 0x00, 0x00);
    X64_CASE(t, x64_imul_rri(b, X64_W32, X64_RDX, X64_R13, -128), "imul edx, r13d, -128",
             0x41, 0x6b, 0xd5, 0x80);
    X64_CASE(t, x64_imul_rm(b, X64_W64, X64_RAX, x64_base(X64_RSP, 8)), "imul rax, qword ptr [rsp + 8]",
             0x48, 0x0f, 0xaf, 0x44, 0x24, 0x08);
    X64_CASE(t, x64_imul_rm(b, X64_W32, X64_R9, x64_base(X64_R13, 0)), "imul r9d, dword ptr [r13]",
             0x45, 0x0f, 0xaf, 0x4d, 0x00);
}

KTEST(x64_emit, unary_and_division) {
    X64_CASE(t, x64_neg(b, X64_W32, X64_RAX), "neg eax", 0xf7, 0xd8);
    X64_CASE(t, x64_neg(b, X64_W64, X64_R8), "neg r8", 0x49, 0xf7, 0xd8);
    X64_CASE(t, x64_not(b, X64_W64, X64_RCX), "not rcx", 0x48, 0xf7, 0xd1);
    X64_CASE(t, x64_not(b, X64_W32, X64_R15), "not r15d", 0x41, 0xf7, 0xd7);
    X64_CASE(t, x64_mul(b, X64_W64, X64_RBX), "mul rbx", 0x48, 0xf7, 0xe3);
    X64_CASE(t, x64_mul(b, X64_W32, X64_RCX), "mul ecx", 0xf7, 0xe1);
    X64_CASE(t, x64_div(b, X64_W32, X64_R11), "div r11d", 0x41, 0xf7, 0xf3);
    X64_CASE(t, x64_div(b, X64_W64, X64_RCX), "div rcx", 0x48, 0xf7, 0xf1);
    X64_CASE(t, x64_idiv(b, X64_W64, X64_RCX), "idiv rcx", 0x48, 0xf7, 0xf9);
    X64_CASE(t, x64_idiv(b, X64_W32, X64_R9), "idiv r9d", 0x41, 0xf7, 0xf9);
    X64_CASE(t, x64_cdq(b, X64_W32), "cdq", 0x99);
    X64_CASE(t, x64_cdq(b, X64_W64), "cqo", 0x48, 0x99);
}

KTEST(x64_emit, shifts_and_rotates) {
    X64_CASE(t, x64_shift_cl(b, X64_SHL, X64_W32, X64_RAX), "shl eax, cl", 0xd3, 0xe0);
    X64_CASE(t, x64_shift_cl(b, X64_SAR, X64_W64, X64_R9), "sar r9, cl", 0x49, 0xd3, 0xf9);
    X64_CASE(t, x64_shift_cl(b, X64_SHR, X64_W32, X64_RDX), "shr edx, cl", 0xd3, 0xea);
    X64_CASE(t, x64_shift_cl(b, X64_ROL, X64_W64, X64_RAX), "rol rax, cl", 0x48, 0xd3, 0xc0);
    X64_CASE(t, x64_shift_cl(b, X64_ROR, X64_W32, X64_R12), "ror r12d, cl", 0x41, 0xd3, 0xcc);
    X64_CASE(t, x64_shift_ri(b, X64_SHL, X64_W32, X64_RAX, 1), "shl eax, 1", 0xd1, 0xe0);
    X64_CASE(t, x64_shift_ri(b, X64_SHR, X64_W64, X64_RAX, 63), "shr rax, 63",
             0x48, 0xc1, 0xe8, 0x3f);
    X64_CASE(t, x64_shift_ri(b, X64_SAR, X64_W32, X64_R10, 5), "sar r10d, 5",
             0x41, 0xc1, 0xfa, 0x05);
    X64_CASE(t, x64_shift_ri(b, X64_ROL, X64_W64, X64_R8, 13), "rol r8, 13",
             0x49, 0xc1, 0xc0, 0x0d);
    X64_CASE(t, x64_shift_ri(b, X64_ROR, X64_W32, X64_RSI, 31), "ror esi, 31", 0xc1, 0xce, 0x1f);
    X64_CASE(t, x64_shift_ri(b, X64_SHL, X64_W64, X64_RCX, 0), "shl rcx, 0",
             0x48, 0xc1, 0xe1, 0x00);
}

KTEST(x64_emit, bit_counting_and_bswap) {
    X64_CASE(t, x64_bitcount(b, X64_POPCNT, X64_W64, X64_RAX, X64_R9), "popcnt rax, r9",
             0xf3, 0x49, 0x0f, 0xb8, 0xc1);
    X64_CASE(t, x64_bitcount(b, X64_POPCNT, X64_W32, X64_RAX, X64_RBX), "popcnt eax, ebx",
             0xf3, 0x0f, 0xb8, 0xc3);
    X64_CASE(t, x64_bitcount(b, X64_LZCNT, X64_W32, X64_RAX, X64_RCX), "lzcnt eax, ecx",
             0xf3, 0x0f, 0xbd, 0xc1);
    X64_CASE(t, x64_bitcount(b, X64_LZCNT, X64_W64, X64_R12, X64_R13), "lzcnt r12, r13",
             0xf3, 0x4d, 0x0f, 0xbd, 0xe5);
    X64_CASE(t, x64_bitcount(b, X64_TZCNT, X64_W64, X64_R8, X64_RAX), "tzcnt r8, rax",
             0xf3, 0x4c, 0x0f, 0xbc, 0xc0);
    X64_CASE(t, x64_bitcount(b, X64_TZCNT, X64_W32, X64_RDX, X64_R15), "tzcnt edx, r15d",
             0xf3, 0x41, 0x0f, 0xbc, 0xd7);
    X64_CASE(t, x64_bswap(b, X64_W32, X64_RAX), "bswap eax", 0x0f, 0xc8);
    X64_CASE(t, x64_bswap(b, X64_W64, X64_RAX), "bswap rax", 0x48, 0x0f, 0xc8);
    X64_CASE(t, x64_bswap(b, X64_W32, X64_R9), "bswap r9d", 0x41, 0x0f, 0xc9);
    X64_CASE(t, x64_bswap(b, X64_W64, X64_R9), "bswap r9", 0x49, 0x0f, 0xc9);
    X64_CASE(t, x64_rep_movsb(b), "rep movsb byte ptr es:[rdi], byte ptr [rsi]", 0xf3, 0xa4);
    X64_CASE(t, x64_rep_stosb(b), "rep stosb byte ptr es:[rdi], al", 0xf3, 0xaa);
}

KTEST(x64_emit, port_io) {
    X64_CASE(t, x64_in_dx(b, X64_S8), "in al, dx", 0xec);
    X64_CASE(t, x64_in_dx(b, X64_S16), "in ax, dx", 0x66, 0xed);
    X64_CASE(t, x64_in_dx(b, X64_S32), "in eax, dx", 0xed);
    X64_CASE(t, x64_in_imm(b, X64_S8, 0x71), "in al, 0x71", 0xe4, 0x71);
    X64_CASE(t, x64_in_imm(b, X64_S16, 0x40), "in ax, 0x40", 0x66, 0xe5, 0x40);
    X64_CASE(t, x64_in_imm(b, X64_S32, 0xff), "in eax, 0xff", 0xe5, 0xff);
    X64_CASE(t, x64_out_dx(b, X64_S8), "out dx, al", 0xee);
    X64_CASE(t, x64_out_dx(b, X64_S16), "out dx, ax", 0x66, 0xef);
    X64_CASE(t, x64_out_dx(b, X64_S32), "out dx, eax", 0xef);
    X64_CASE(t, x64_out_imm(b, X64_S8, 0x70), "out 0x70, al", 0xe6, 0x70);
    X64_CASE(t, x64_out_imm(b, X64_S16, 0x80), "out 0x80, ax", 0x66, 0xe7, 0x80);
    X64_CASE(t, x64_out_imm(b, X64_S32, 0x00), "out 0x0, eax", 0xe7, 0x00);
}

KTEST(x64_emit, control_transfer) {
    X64_CASE(t, x64_ret(b), "ret", 0xc3);
    X64_CASE(t, x64_ud2(b), "ud2", 0x0f, 0x0b);
    X64_CASE(t, x64_int3(b), "int3", 0xcc);
    X64_CASE(t, x64_call_r(b, X64_RAX), "call rax", 0xff, 0xd0);
    X64_CASE(t, x64_call_r(b, X64_R11), "call r11", 0x41, 0xff, 0xd3);
    X64_CASE(t, x64_call_m(b, x64_base(X64_R14, 0x40)), "call qword ptr [r14 + 64]",
             0x41, 0xff, 0x56, 0x40);
    X64_CASE(t, x64_call_m(b, x64_sib(X64_RAX, X64_RCX, 8, 0)), "call qword ptr [rax + 8*rcx]",
             0xff, 0x14, 0xc8);
    X64_CASE(t, x64_jmp_r(b, X64_RAX), "jmp rax", 0xff, 0xe0);
    X64_CASE(t, x64_jmp_r(b, X64_R9), "jmp r9", 0x41, 0xff, 0xe1);
}

KTEST(x64_emit, sse_moves) {
    X64_CASE(t, x64_fmov_rr(b, X64_XMM0, X64_XMM1), "movaps xmm0, xmm1", 0x0f, 0x28, 0xc1);
    X64_CASE(t, x64_fmov_rr(b, X64_XMM8, X64_XMM15), "movaps xmm8, xmm15", 0x45, 0x0f, 0x28, 0xc7);
    X64_CASE(t, x64_fmov_rr(b, X64_XMM3, X64_XMM12), "movaps xmm3, xmm12", 0x41, 0x0f, 0x28, 0xdc);
    X64_CASE(t, x64_fload(b, X64_F32, X64_XMM0, x64_base(X64_RAX, 0)), "movss xmm0, dword ptr [rax]",
             0xf3, 0x0f, 0x10, 0x00);
    X64_CASE(t, x64_fload(b, X64_F64, X64_XMM9, x64_base(X64_RSP, 8)), "movsd xmm9, qword ptr [rsp + 8]",
             0xf2, 0x44, 0x0f, 0x10, 0x4c, 0x24, 0x08);
    X64_CASE(t, x64_fload(b, X64_F64, X64_XMM1, x64_sib(X64_R13, X64_RAX, 8, 0)), "movsd xmm1, qword ptr [r13 + 8*rax]",
             0xf2, 0x41, 0x0f, 0x10, 0x4c, 0xc5, 0x00);
    X64_CASE(t, x64_fstore(b, X64_F32, x64_base(X64_R12, 0), X64_XMM2), "movss dword ptr [r12], xmm2",
             0xf3, 0x41, 0x0f, 0x11, 0x14, 0x24);
    X64_CASE(t, x64_fstore(b, X64_F64, x64_base(X64_RBP, -16), X64_XMM15), "movsd qword ptr [rbp - 16], xmm15",
             0xf2, 0x44, 0x0f, 0x11, 0x7d, 0xf0);
    X64_CASE(t, x64_movd_xr(b, X64_W32, X64_XMM0, X64_RAX), "movd xmm0, eax",
             0x66, 0x0f, 0x6e, 0xc0);
    X64_CASE(t, x64_movd_xr(b, X64_W64, X64_XMM0, X64_RAX), "movq xmm0, rax",
             0x66, 0x48, 0x0f, 0x6e, 0xc0);
    X64_CASE(t, x64_movd_xr(b, X64_W64, X64_XMM12, X64_R9), "movq xmm12, r9",
             0x66, 0x4d, 0x0f, 0x6e, 0xe1);
    X64_CASE(t, x64_movd_xr(b, X64_W32, X64_XMM1, X64_R10), "movd xmm1, r10d",
             0x66, 0x41, 0x0f, 0x6e, 0xca);
    X64_CASE(t, x64_movd_rx(b, X64_W32, X64_RAX, X64_XMM15), "movd eax, xmm15",
             0x66, 0x44, 0x0f, 0x7e, 0xf8);
    X64_CASE(t, x64_movd_rx(b, X64_W64, X64_RAX, X64_XMM0), "movq rax, xmm0",
             0x66, 0x48, 0x0f, 0x7e, 0xc0);
    X64_CASE(t, x64_movd_rx(b, X64_W64, X64_R8, X64_XMM8), "movq r8, xmm8",
             0x66, 0x4d, 0x0f, 0x7e, 0xc0);
}

KTEST(x64_emit, sse_arithmetic) {
    X64_CASE(t, x64_sse_rr(b, X64_SSE_ADD, X64_F32, X64_XMM0, X64_XMM1), "addss xmm0, xmm1",
             0xf3, 0x0f, 0x58, 0xc1);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_ADD, X64_F64, X64_XMM8, X64_XMM9), "addsd xmm8, xmm9",
             0xf2, 0x45, 0x0f, 0x58, 0xc1);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_SUB, X64_F32, X64_XMM2, X64_XMM3), "subss xmm2, xmm3",
             0xf3, 0x0f, 0x5c, 0xd3);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_SUB, X64_F64, X64_XMM1, X64_XMM2), "subsd xmm1, xmm2",
             0xf2, 0x0f, 0x5c, 0xca);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_MUL, X64_F32, X64_XMM4, X64_XMM12), "mulss xmm4, xmm12",
             0xf3, 0x41, 0x0f, 0x59, 0xe4);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_MUL, X64_F64, X64_XMM13, X64_XMM5), "mulsd xmm13, xmm5",
             0xf2, 0x44, 0x0f, 0x59, 0xed);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_DIV, X64_F32, X64_XMM0, X64_XMM7), "divss xmm0, xmm7",
             0xf3, 0x0f, 0x5e, 0xc7);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_DIV, X64_F64, X64_XMM6, X64_XMM0), "divsd xmm6, xmm0",
             0xf2, 0x0f, 0x5e, 0xf0);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_MIN, X64_F32, X64_XMM0, X64_XMM1), "minss xmm0, xmm1",
             0xf3, 0x0f, 0x5d, 0xc1);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_MIN, X64_F64, X64_XMM0, X64_XMM1), "minsd xmm0, xmm1",
             0xf2, 0x0f, 0x5d, 0xc1);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_MAX, X64_F32, X64_XMM10, X64_XMM11), "maxss xmm10, xmm11",
             0xf3, 0x45, 0x0f, 0x5f, 0xd3);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_MAX, X64_F64, X64_XMM0, X64_XMM1), "maxsd xmm0, xmm1",
             0xf2, 0x0f, 0x5f, 0xc1);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_SQRT, X64_F32, X64_XMM0, X64_XMM0), "sqrtss xmm0, xmm0",
             0xf3, 0x0f, 0x51, 0xc0);
    X64_CASE(t, x64_sse_rr(b, X64_SSE_SQRT, X64_F64, X64_XMM15, X64_XMM0), "sqrtsd xmm15, xmm0",
             0xf2, 0x44, 0x0f, 0x51, 0xf8);
    X64_CASE(t, x64_sse_rm(b, X64_SSE_ADD, X64_F64, X64_XMM0, x64_base(X64_RAX, 8)), "addsd xmm0, qword ptr [rax + 8]",
             0xf2, 0x0f, 0x58, 0x40, 0x08);
    X64_CASE(t, x64_sse_rm(b, X64_SSE_MUL, X64_F32, X64_XMM10, x64_base(X64_R12, 0)), "mulss xmm10, dword ptr [r12]",
             0xf3, 0x45, 0x0f, 0x59, 0x14, 0x24);
}

KTEST(x64_emit, sse_bitwise_compare_round) {
    X64_CASE(t, x64_sse_logic(b, X64_ANDPS, X64_XMM0, X64_XMM1), "andps xmm0, xmm1",
             0x0f, 0x54, 0xc1);
    X64_CASE(t, x64_sse_logic(b, X64_ANDNPS, X64_XMM2, X64_XMM3), "andnps xmm2, xmm3",
             0x0f, 0x55, 0xd3);
    X64_CASE(t, x64_sse_logic(b, X64_ORPS, X64_XMM9, X64_XMM2), "orps xmm9, xmm2",
             0x44, 0x0f, 0x56, 0xca);
    X64_CASE(t, x64_sse_logic(b, X64_XORPS, X64_XMM15, X64_XMM15), "xorps xmm15, xmm15",
             0x45, 0x0f, 0x57, 0xff);
    X64_CASE(t, x64_ucomis(b, X64_F32, X64_XMM0, X64_XMM1), "ucomiss xmm0, xmm1", 0x0f, 0x2e, 0xc1);
    X64_CASE(t, x64_ucomis(b, X64_F64, X64_XMM8, X64_XMM2), "ucomisd xmm8, xmm2",
             0x66, 0x44, 0x0f, 0x2e, 0xc2);
    X64_CASE(t, x64_ucomis(b, X64_F64, X64_XMM1, X64_XMM12), "ucomisd xmm1, xmm12",
             0x66, 0x41, 0x0f, 0x2e, 0xcc);
    X64_CASE(t, x64_round(b, X64_F32, X64_XMM0, X64_XMM1, X64_ROUND_FLOOR), "roundss xmm0, xmm1, 9",
             0x66, 0x0f, 0x3a, 0x0a, 0xc1, 0x09);
    X64_CASE(t, x64_round(b, X64_F64, X64_XMM9, X64_XMM1, X64_ROUND_TRUNC), "roundsd xmm9, xmm1, 11",
             0x66, 0x44, 0x0f, 0x3a, 0x0b, 0xc9, 0x0b);
    X64_CASE(t, x64_round(b, X64_F64, X64_XMM2, X64_XMM14, X64_ROUND_NEAREST), "roundsd xmm2, xmm14, 8",
             0x66, 0x41, 0x0f, 0x3a, 0x0b, 0xd6, 0x08);
    X64_CASE(t, x64_round(b, X64_F32, X64_XMM3, X64_XMM3, X64_ROUND_CEIL), "roundss xmm3, xmm3, 10",
             0x66, 0x0f, 0x3a, 0x0a, 0xdb, 0x0a);
}

KTEST(x64_emit, sse_conversions) {
    X64_CASE(t, x64_cvtsi2f(b, X64_F32, X64_W32, X64_XMM0, X64_RAX), "cvtsi2ss xmm0, eax",
             0xf3, 0x0f, 0x2a, 0xc0);
    X64_CASE(t, x64_cvtsi2f(b, X64_F32, X64_W64, X64_XMM1, X64_RAX), "cvtsi2ss xmm1, rax",
             0xf3, 0x48, 0x0f, 0x2a, 0xc8);
    X64_CASE(t, x64_cvtsi2f(b, X64_F64, X64_W32, X64_XMM8, X64_R9), "cvtsi2sd xmm8, r9d",
             0xf2, 0x45, 0x0f, 0x2a, 0xc1);
    X64_CASE(t, x64_cvtsi2f(b, X64_F64, X64_W64, X64_XMM2, X64_R15), "cvtsi2sd xmm2, r15",
             0xf2, 0x49, 0x0f, 0x2a, 0xd7);
    X64_CASE(t, x64_cvttf2si(b, X64_F32, X64_W32, X64_RAX, X64_XMM0), "cvttss2si eax, xmm0",
             0xf3, 0x0f, 0x2c, 0xc0);
    X64_CASE(t, x64_cvttf2si(b, X64_F32, X64_W64, X64_RAX, X64_XMM9), "cvttss2si rax, xmm9",
             0xf3, 0x49, 0x0f, 0x2c, 0xc1);
    X64_CASE(t, x64_cvttf2si(b, X64_F64, X64_W32, X64_R8, X64_XMM1), "cvttsd2si r8d, xmm1",
             0xf2, 0x44, 0x0f, 0x2c, 0xc1);
    X64_CASE(t, x64_cvttf2si(b, X64_F64, X64_W64, X64_R8, X64_XMM12), "cvttsd2si r8, xmm12",
             0xf2, 0x4d, 0x0f, 0x2c, 0xc4);
    X64_CASE(t, x64_cvtf2f(b, X64_F64, X64_XMM0, X64_XMM1), "cvtss2sd xmm0, xmm1",
             0xf3, 0x0f, 0x5a, 0xc1);
    X64_CASE(t, x64_cvtf2f(b, X64_F32, X64_XMM9, X64_XMM10), "cvtsd2ss xmm9, xmm10",
             0xf2, 0x45, 0x0f, 0x5a, 0xca);
}
/* ---- hand-computed cases: padding, labels, errors ---- */

KTEST(x64_emit, nop_lengths_are_exact) {
    static const uint8_t nop9[] = {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t nop11[] = {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00,
                                    0x00, 0x66, 0x90};
    static const uint8_t nop5[] = {0x0f, 0x1f, 0x44, 0x00, 0x00};
    uint8_t bytes[32];
    struct x64_buf b;
    for (unsigned n = 0; n <= 20; n++) {
        x64_buf_init(&b, bytes, sizeof bytes);
        x64_nop(&b, n);
        KT_EXPECT_EQ(t, b.len, n);
    }
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_nop(&b, 9);
    KT_EXPECT_BYTES(t, bytes, b.len, nop9, sizeof nop9);
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_nop(&b, 11);
    KT_EXPECT_BYTES(t, bytes, b.len, nop11, sizeof nop11);
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_nop(&b, 5);
    KT_EXPECT_BYTES(t, bytes, b.len, nop5, sizeof nop5);
}

static int32_t read_rel32(const uint8_t *p) {
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24);
}

KTEST(x64_emit, backward_branches_use_rel8_when_they_fit) {
    uint8_t bytes[512];
    struct x64_buf b;
    struct x64_label top;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_label_init(&top);
    x64_bind(&b, &top);
    x64_jmp(&b, &top); /* jmp $ */
    static const uint8_t self[] = {0xeb, 0xfe};
    KT_EXPECT_BYTES(t, bytes, b.len, self, sizeof self);

    /* rel8 reaches back exactly 128 bytes from the end of the jcc */
    x64_nop(&b, 126 - 2);
    x64_jcc(&b, X64_CC_NE, &top);
    KT_EXPECT_EQ(t, b.len, 128);
    KT_EXPECT_EQ(t, bytes[126], 0x75);
    KT_EXPECT_EQ(t, bytes[127], 0x80);
    /* one byte further needs rel32: 0F 85 rel32 */
    x64_nop(&b, 1);
    x64_jcc(&b, X64_CC_NE, &top);
    KT_EXPECT_EQ(t, b.len, 135);
    KT_EXPECT_EQ(t, bytes[129], 0x0f);
    KT_EXPECT_EQ(t, bytes[130], 0x85);
    KT_EXPECT_EQ(t, read_rel32(bytes + 131), -135);
    x64_jmp(&b, &top); /* E9 rel32 */
    KT_EXPECT_EQ(t, bytes[135], 0xe9);
    KT_EXPECT_EQ(t, read_rel32(bytes + 136), -140);
    KT_EXPECT(t, x64_ok(&b));
}

KTEST(x64_emit, forward_uses_are_patched_at_bind) {
    uint8_t bytes[64];
    struct x64_buf b;
    struct x64_label l;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_label_init(&l);
    x64_jmp(&b, &l);             /* 0: E9 rel32, ends at 5 */
    x64_jcc(&b, X64_CC_L, &l);   /* 5: 0F 8C rel32, ends at 11 */
    x64_call_label(&b, &l);      /* 11: E8 rel32, ends at 16 */
    x64_lea_label(&b, X64_R9, &l); /* 16: 4C 8D 0D rel32, ends at 23 */
    x64_int3(&b);                /* 23 */
    x64_bind(&b, &l);            /* 24 */
    x64_ret(&b);
    KT_ASSERT(t, x64_ok(&b));
    KT_EXPECT_EQ(t, bytes[0], 0xe9);
    KT_EXPECT_EQ(t, read_rel32(bytes + 1), 24 - 5);
    KT_EXPECT_EQ(t, bytes[5], 0x0f);
    KT_EXPECT_EQ(t, bytes[6], 0x8c);
    KT_EXPECT_EQ(t, read_rel32(bytes + 7), 24 - 11);
    KT_EXPECT_EQ(t, bytes[11], 0xe8);
    KT_EXPECT_EQ(t, read_rel32(bytes + 12), 24 - 16);
    KT_EXPECT_EQ(t, bytes[16], 0x4c);
    KT_EXPECT_EQ(t, bytes[17], 0x8d);
    KT_EXPECT_EQ(t, bytes[18], 0x0d);
    KT_EXPECT_EQ(t, read_rel32(bytes + 19), 24 - 23);
    KT_EXPECT_EQ(t, l.pos, 24);
    /* uses after binding go straight to the known position */
    x64_call_label(&b, &l); /* 25: E8, ends at 30 */
    KT_EXPECT_EQ(t, read_rel32(bytes + 26), 24 - 30);
    x64_lea_label(&b, X64_RAX, &l); /* 30: 48 8D 05, ends at 37 */
    KT_EXPECT_EQ(t, bytes[30], 0x48);
    KT_EXPECT_EQ(t, bytes[32], 0x05);
    KT_EXPECT_EQ(t, read_rel32(bytes + 33), 24 - 37);
}

KTEST(x64_emit, data_rel32_is_relative_to_its_own_end) {
    uint8_t bytes[32];
    struct x64_buf b;
    struct x64_label back, fwd;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_label_init(&back);
    x64_label_init(&fwd);
    x64_bind(&b, &back);     /* 0 */
    x64_int3(&b);            /* 0 */
    x64_data_rel32(&b, &back); /* 1..5: 0 - 5 */
    x64_data_rel32(&b, &fwd);  /* 5..9: 12 - 9 */
    x64_nop(&b, 3);
    x64_bind(&b, &fwd); /* 12 */
    KT_ASSERT(t, x64_ok(&b));
    KT_EXPECT_EQ(t, read_rel32(bytes + 1), -5);
    KT_EXPECT_EQ(t, read_rel32(bytes + 5), 3);
}

KTEST(x64_emit, call_abs_rel32_and_range) {
    uint8_t bytes[16];
    struct x64_buf b;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_int3(&b);
    x64_call_abs(&b, 0xffffffff80001000ull, 0xffffffff80000000ull);
    static const uint8_t want[] = {0xcc, 0xe8, 0xfa, 0xef, 0xff, 0xff}; /* -0x1006 */
    KT_EXPECT_BYTES(t, bytes, b.len, want, sizeof want);
    KT_EXPECT(t, x64_ok(&b));
    x64_call_abs(&b, 0x1000, 0x1000 + 0x80000000ull + 6 + 5);
    KT_EXPECT(t, b.invalid);
    KT_EXPECT_EQ(t, b.len, 6);
}

KTEST(x64_emit, overflow_is_sticky_and_bounded) {
    uint8_t bytes[8] = {0};
    struct x64_buf b;
    x64_buf_init(&b, bytes, 4);
    x64_mov_ri(&b, X64_W64, X64_RAX, 0x123456789ull); /* 10 bytes into 4 */
    KT_EXPECT(t, b.overflow);
    KT_EXPECT(t, !x64_ok(&b));
    KT_EXPECT_EQ(t, b.len, 4);
    KT_EXPECT_EQ(t, bytes[4], 0);
    x64_ret(&b);
    KT_EXPECT(t, b.overflow);
    KT_EXPECT_EQ(t, b.len, 4);
}

KTEST(x64_emit, bind_after_overflowed_use_stays_in_bounds) {
    uint8_t bytes[8] = {0};
    struct x64_buf b;
    struct x64_label l;
    x64_buf_init(&b, bytes, 3);
    x64_label_init(&l);
    x64_jmp(&b, &l); /* E9 + only 2 of the 4 chain bytes fit */
    x64_bind(&b, &l);
    KT_EXPECT(t, b.overflow);
    KT_EXPECT_EQ(t, bytes[3], 0);
}

KTEST(x64_emit, unencodable_operands_are_invalid) {
    uint8_t bytes[16];
    struct x64_buf b;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_load(&b, X64_S64, X64_RAX, x64_sib(X64_RAX, X64_RSP, 1, 0)); /* rsp as index */
    KT_EXPECT(t, b.invalid);
    KT_EXPECT_EQ(t, b.len, 0);

    x64_buf_init(&b, bytes, sizeof bytes);
    x64_lea(&b, X64_W64, X64_RAX, x64_sib(X64_RAX, X64_RCX, 3, 0)); /* scale 3 */
    KT_EXPECT(t, b.invalid);

    x64_buf_init(&b, bytes, sizeof bytes);
    x64_shift_ri(&b, X64_SHL, X64_W32, X64_RAX, 32);
    KT_EXPECT(t, b.invalid);
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_shift_ri(&b, X64_SHL, X64_W64, X64_RAX, 63);
    KT_EXPECT(t, x64_ok(&b));
    x64_shift_ri(&b, X64_SHL, X64_W64, X64_RAX, 64);
    KT_EXPECT(t, b.invalid);

    x64_buf_init(&b, bytes, sizeof bytes);
    x64_movzx(&b, X64_S64, X64_RAX, X64_RCX);
    KT_EXPECT(t, b.invalid);
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_in_dx(&b, X64_S64); /* no 64-bit port I/O */
    KT_EXPECT(t, b.invalid);
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_out_imm(&b, X64_S64, 0x70);
    KT_EXPECT(t, b.invalid);
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_load_s(&b, X64_S64, X64_W32, X64_RAX, x64_base(X64_RAX, 0));
    KT_EXPECT(t, b.invalid);
}

KTEST(x64_emit, binding_a_label_twice_is_invalid) {
    uint8_t bytes[16];
    struct x64_buf b;
    struct x64_label l;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_label_init(&l);
    x64_bind(&b, &l);
    KT_EXPECT(t, x64_ok(&b));
    x64_bind(&b, &l);
    KT_EXPECT(t, b.invalid);
}

KTEST(x64_emit, cc_invert_pairs_each_condition) {
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_E), X64_CC_NE);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_NE), X64_CC_E);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_B), X64_CC_AE);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_A), X64_CC_BE);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_L), X64_CC_GE);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_G), X64_CC_LE);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_P), X64_CC_NP);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_O), X64_CC_NO);
    KT_EXPECT_EQ(t, x64_cc_invert(X64_CC_S), X64_CC_NS);
}

KTEST(x64_emit, alu_ri32_keeps_a_patchable_imm32) {
    uint8_t bytes[16];
    struct x64_buf b;
    x64_buf_init(&b, bytes, sizeof bytes);
    x64_alu_ri32(&b, X64_ADD, X64_W32, X64_RAX, 1); /* add eax, 1 as 81 C0 imm32 */
    static const uint8_t want[] = {0x81, 0xc0, 0x01, 0x00, 0x00, 0x00};
    KT_EXPECT_BYTES(t, bytes, b.len, want, sizeof want);
    x64_patch32(&b, b.len - 4, 0x12345678);
    static const uint8_t patched[] = {0x81, 0xc0, 0x78, 0x56, 0x34, 0x12};
    KT_EXPECT_BYTES(t, bytes, b.len, patched, sizeof patched);
    x64_patch32(&b, b.len - 3, 0); /* would pass the end: ignored */
    KT_EXPECT_BYTES(t, bytes, b.len, patched, sizeof patched);
}
