/*
 * The JIT's half of wasm/platform.h on Linux: code memory and linear
 * memory reservations over mmap and mprotect, the thread's stack limit, and
 * wasm traps over signals.
 *
 * Traps: handlers for SIGSEGV and SIGBUS (memory faults), SIGILL (the ud2
 * of an explicit check) and SIGFPE (#DE) are installed on the first
 * wasm_run_guarded(). A handler maps the interrupted pc through
 * wasm_code_trap_at(); on a hit it jumps back to the innermost
 * wasm_run_guarded() of the thread, abandoning the wasm frames (they own
 * nothing). For memory faults the data address must also be inside a
 * registered reservation (runtime/code.h). On a miss the signal is not a wasm trap: the handler puts the
 * previous disposition back and returns, so the instruction faults again
 * and whatever was there before (ASan's report, a core dump) takes over.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "platform.h"
#include "runtime/code.h"

/* Stack kept free below compiled code for host calls and signal frames. */
#define HOST_STACK_HEADROOM (256 * 1024)

static size_t page_round(size_t size) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (size + page - 1) / page * page;
}

void *wasm_code_alloc(size_t size) {
    void *p = mmap(NULL, page_round(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool wasm_code_seal(void *code, size_t size) {
    return mprotect(code, page_round(size), PROT_READ | PROT_EXEC) == 0;
}

void wasm_code_free(void *code, size_t size) {
    if (code != NULL) {
        munmap(code, page_round(size));
    }
}

void *wasm_mem_reserve(uint64_t size) {
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool wasm_mem_commit(void *base, uint64_t size) {
    return size == 0 || mprotect(base, page_round(size), PROT_READ | PROT_WRITE) == 0;
}

/* Linux backs committed pages itself, and ends the whole process, not
 * just the guest, when it cannot: nothing to do ahead of the touch. */
bool wasm_mem_back(void *p, uint64_t len) {
    (void)p;
    (void)len;
    return true;
}

void wasm_mem_release(void *base, uint64_t size) {
    if (base != NULL) {
        munmap(base, size);
    }
}

uintptr_t wasm_stack_limit(void) {
    pthread_attr_t attr;
    void *low;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) {
        return UINTPTR_MAX; /* unknown stack: every call reports exhaustion */
    }
    int err = pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    return err != 0 ? UINTPTR_MAX : (uintptr_t)low + HOST_STACK_HEADROOM;
}

/* One active wasm_run_guarded() on this thread; they nest. */
struct guard {
    sigjmp_buf jmp;
    struct wasm_trap *trap;
    struct guard *outer;
};

static __thread struct guard *current_guard;
static const int trap_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
static struct sigaction previous_action[NSIG];
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static void on_trap_signal(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    struct guard *g = current_guard;
    wasm_trap_t trap;
    bool access = sig == SIGSEGV || sig == SIGBUS;
    if (g != NULL && wasm_code_trap_at(pc, access, (uintptr_t)info->si_addr, &trap)) {
        *g->trap = trap;
        siglongjmp(g->jmp, 1);
    }
    sigaction(sig, &previous_action[sig], NULL);
}

static void install_handlers(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = on_trap_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof trap_signals / sizeof trap_signals[0]; i++) {
        sigaction(trap_signals[i], &sa, &previous_action[trap_signals[i]]);
    }
}

bool wasm_run_guarded(void (*fn)(void *arg), void *arg, struct wasm_trap *trap) {
    struct guard g;
    pthread_once(&handlers_once, install_handlers);
    g.trap = trap;
    g.outer = current_guard;
    if (sigsetjmp(g.jmp, 1) != 0) {
        current_guard = g.outer;
        return false;
    }
    current_guard = &g;
    fn(arg);
    current_guard = g.outer;
    return true;
}
