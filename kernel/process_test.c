/*
 * Processes from the boot archive (tests/sip/progs, built into
 * build/boot.tar), each on its own thread: output and exit status; one
 * hostile program per trap kind, each ending alone with its report while
 * a canary process keeps producing the right output; hostile syscall
 * arguments; modules refused at link time; the code cache; kills of a
 * process spinning in compiled code and of one blocked in the kernel; and
 * spawn/exit cycles that must leak no frame, heap byte, thread or process.
 */
#include "kernel/process.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/archive.h"
#include "kernel/channel.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/pmm.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "sip/kernel/nameless.wasm.h"

static char out[4096];

#define MS 1000000ull

static struct process *spawn(struct ktest *t, const char *path) {
    wasm_error_t err;
    struct process *p = process_spawn_from_archive(path, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn %s: %s", path, err.message);
    }
    return p;
}

/* Spawns and starts `path` and waits up to `ms` for its end, with console
 * output captured into out[]; the caller inspects and releases the process. */
static struct process *run_captured_within(struct ktest *t, const char *path, uint64_t ms) {
    struct process *p = spawn(t, path);
    if (p == NULL) {
        return NULL;
    }
    console_capture_begin(out, sizeof out);
    bool started = process_start(p);
    bool ended = started && process_wait(p, clock_ns() + ms * MS);
    console_capture_end();
    if (!ended) {
        ktest_fail(t, __FILE__, __LINE__, "%s: %s", path, started ? "did not end" : "no thread");
    }
    return p;
}

static struct process *run_captured(struct ktest *t, const char *path) {
    return run_captured_within(t, path, 5000);
}

/* Frames that are free or cached by the heap. Which heap slabs stay partly
 * used depends on how threads interleaved, so a leak check counts frames
 * the heap holds as available (heap bytes are checked separately). */
static uint64_t frames_available(void) {
    return pmm_free_count(&mm_frames) + kernel_heap.pages_held;
}

/* A leak is a frame taken and never given back: fewer available after
 * than before. More is no leak: memory held before the measured run (a
 * page table of an address range no reservation uses any more, a heap
 * slab that emptied) may be returned during it; seen as +1 under load. */
static void expect_no_frame_lost(struct ktest *t, uint64_t before) {
    uint64_t after = frames_available();
    if (after < before) {
        ktest_fail(t, __FILE__, __LINE__, "%llu frames lost (%llu available before, %llu after)",
                   (unsigned long long)(before - after), (unsigned long long)before,
                   (unsigned long long)after);
    } else if (after > before) {
        ktest_log("%llu frames held before came back", (unsigned long long)(after - before));
    }
}

/* The canary: its output must be exactly "canary ok\n" every time. */
static void expect_canary(struct ktest *t) {
    struct process *p = run_captured(t, "bin/canary.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_STREQ(t, out, "canary ok\n");
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 0);
    process_release(p);
}

KTEST(process, boot_archive_holds_the_programs) {
    const uint8_t *base;
    size_t size;
    struct archive_entry e;
    KT_ASSERT(t, loader_boot_archive(&base, &size));
    KT_EXPECT_EQ(t, archive_find(base, size, "bin/hello.wasm", &e), ARCHIVE_OK);
    KT_EXPECT(t, e.size > 8 && memcmp(e.data, "\0asm", 4) == 0);
}

KTEST(process, hello_prints_and_exits_with_its_status) {
    struct process *p = run_captured(t, "bin/hello.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_STREQ(t, out, "hello from wasm\n");
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 3);
    KT_EXPECT_STREQ(t, p->name, "hello.wasm");
    process_release(p);
    expect_canary(t); /* returning from _start is exit status 0 */
}

static const struct {
    const char *path;
    wasm_trap_kind_t kind;
    const char *where; /* the function the report must name */
} hostile[] = {
    {"bin/trap-unreachable.wasm", WASM_TRAP_UNREACHABLE, "boom"},
    {"bin/trap-divzero.wasm", WASM_TRAP_DIV_ZERO, "divide"},
    {"bin/trap-overflow.wasm", WASM_TRAP_INT_OVERFLOW, "overflow"},
    {"bin/trap-conversion.wasm", WASM_TRAP_INVALID_CONVERSION, "convert"},
    {"bin/trap-oob.wasm", WASM_TRAP_MEMORY_OOB, "poke"},
    {"bin/trap-stack.wasm", WASM_TRAP_STACK_EXHAUSTED, "deeper"},
    {"bin/trap-undefined-elem.wasm", WASM_TRAP_UNDEFINED_ELEMENT, "jump"},
    {"bin/trap-null-elem.wasm", WASM_TRAP_UNINITIALIZED_ELEMENT, "jump"},
    {"bin/trap-signature.wasm", WASM_TRAP_SIGNATURE_MISMATCH, "jump"},
};

KTEST(process, each_trap_ends_only_its_process_with_a_report) {
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        uint64_t trapped = process_stats().trapped;
        struct process *p = run_captured(t, hostile[i].path);
        KT_ASSERT(t, p != NULL);
        KT_EXPECT_EQ(t, p->state, PROCESS_TRAPPED);
        if (p->trap.kind != hostile[i].kind) {
            ktest_fail(t, __FILE__, __LINE__, "%s: trap \"%s\"", hostile[i].path,
                       wasm_trap_message(p->trap.kind));
        }
        char want[160];
        fmt_snprintf(want, sizeof want, "process %s (pid %u) trapped: %s in %s at offset 0x%x\n",
                     p->name, p->pid, wasm_trap_message(hostile[i].kind), hostile[i].where,
                     p->trap.wasm_offset);
        KT_EXPECT_STREQ(t, out, want);
        KT_EXPECT(t, p->trap.wasm_offset > 8);
        KT_EXPECT_EQ(t, process_stats().trapped, trapped + 1);
        process_release(p);
        expect_canary(t);
    }
}

KTEST(process, garbage_syscall_arguments_fail_and_the_process_goes_on) {
    struct process *p = run_captured(t, "bin/garbage-syscall.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_STREQ(t, out, "survived\n");
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 6); /* every hostile call answered as documented */
    process_release(p);
    expect_canary(t);
}

static void expect_refused(struct ktest *t, const char *path, const char *why) {
    wasm_error_t err;
    uint64_t live = process_stats().live;
    struct process *p = process_spawn_from_archive(path, &err);
    KT_EXPECT(t, p == NULL);
    if (p == NULL && strstr(err.message, why) == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "%s: \"%s\" does not say \"%s\"", path, err.message, why);
    }
    KT_EXPECT_EQ(t, process_stats().live, live);
}

KTEST(process, modules_that_do_not_link_are_refused) {
    expect_refused(t, "bin/bad-import.wasm", "import rz.format_disk: no such syscall");
    expect_refused(t, "bin/bad-signature.wasm",
                   "import rz.debug_write: type (i64, i32) -> (i32), "
                   "the syscall's is (i32, i32) -> (i32)");
    expect_refused(t, "bin/missing.wasm", "not in the boot archive");
    wasm_error_t err;
    static const uint8_t not_wasm[] = "\0asn\1\0\0\0";
    KT_EXPECT(t, process_spawn("junk", not_wasm, sizeof not_wasm - 1, &err) == NULL);
    expect_canary(t);
}

KTEST(process, second_spawn_of_a_module_compiles_nothing) {
    wasm_error_t err;
    codecache_trim();
    struct codecache_stats before = codecache_stats();
    struct process *a = process_spawn_from_archive("bin/hello.wasm", &err);
    struct process *b = process_spawn_from_archive("bin/hello.wasm", &err);
    KT_ASSERT(t, a != NULL && b != NULL);
    struct codecache_stats after = codecache_stats();
    KT_EXPECT_EQ(t, after.compiles, before.compiles + 1);
    KT_EXPECT_EQ(t, after.hits, before.hits + 1);
    KT_EXPECT(t, a->code == b->code);
    KT_EXPECT(t, a->inst->memory != b->inst->memory); /* one reservation each */
    KT_EXPECT(t, a->pid != b->pid);
    KT_EXPECT_EQ(t, a->code->refs, 2);
    process_release(a);
    process_release(b);
    struct process *c = process_spawn_from_archive("bin/hello.wasm", &err);
    KT_ASSERT(t, c != NULL);
    KT_EXPECT_EQ(t, codecache_stats().compiles, before.compiles + 1); /* cached at 0 refs */
    process_release(c);
    codecache_trim();
    KT_EXPECT_EQ(t, codecache_stats().entries, before.entries);
}

/* One spawn/run/release; every tenth a trapping program. Both leave
 * handles open for the kernel to close. */
static void cycle(struct ktest *t, int i) {
    bool trap = i % 10 == 9;
    struct process *p = run_captured(t, trap ? "bin/trap-leaky.wasm" : "bin/quiet.wasm");
    if (p == NULL) {
        return;
    }
    if (p->state != (trap ? PROCESS_TRAPPED : PROCESS_EXITED) || p->exit_status != 0) {
        ktest_fail(t, __FILE__, __LINE__, "cycle %d: state %d status %d", i, p->state,
                   p->exit_status);
    }
    process_release(p);
}

KTEST(process, a_thousand_spawn_exit_cycles_leak_nothing) {
    for (int i = 0; i < 10; i++) {
        cycle(t, i); /* warm up: code cached, heap slabs in place */
    }
    uint64_t frames = frames_available();
    uint64_t heap_bytes = kernel_heap.bytes_live;
    uint64_t live = process_stats().live;
    uint64_t compiles = codecache_stats().compiles;
    unsigned threads = thread_count();
    uint64_t start = clock_ns();
    for (int i = 0; i < 1000; i++) {
        cycle(t, i);
    }
    ktest_log("1000 spawn/run/exit cycles (100 of them trapping): %llu us each",
              (unsigned long long)((clock_ns() - start) / 1000 / 1000));
    thread_yield(); /* the last exited thread is freed by the next to run */
    KT_EXPECT_EQ(t, thread_count(), threads);
    expect_no_frame_lost(t, frames);
    KT_EXPECT_EQ(t, kernel_heap.bytes_live, heap_bytes);
    KT_EXPECT_EQ(t, process_stats().live, live);
    KT_EXPECT_EQ(t, codecache_stats().compiles, compiles);
    expect_canary(t);
}

KTEST(process, kill_ends_a_process_spinning_in_compiled_code) {
    struct process *spin = spawn(t, "bin/spin.wasm");
    KT_ASSERT(t, spin != NULL);
    KT_ASSERT(t, process_start(spin));
    /* it spins beside us (same priority, round robin) ... */
    KT_EXPECT(t, !process_wait(spin, clock_ns() + 20 * MS));
    KT_EXPECT_EQ(t, spin->state, PROCESS_RUNNING);
    expect_canary(t); /* ... and another process still gets its share */
    console_capture_begin(out, sizeof out);
    process_kill(spin);
    bool ended = process_wait(spin, clock_ns() + 2000 * MS);
    console_capture_end();
    KT_EXPECT(t, ended);
    KT_EXPECT_EQ(t, spin->state, PROCESS_KILLED);
    KT_EXPECT(t, spin->inst == NULL); /* its memory is gone already */
    char want[64];
    fmt_snprintf(want, sizeof want, "process spin.wasm (pid %u) killed\n", spin->pid);
    KT_EXPECT_STREQ(t, out, want);
    process_release(spin);
    expect_canary(t);
}

KTEST(process, kill_ends_a_process_looping_on_syscalls) {
    struct process *p = spawn(t, "bin/syscall-loop.wasm");
    KT_ASSERT(t, p != NULL);
    console_capture_begin(out, sizeof out);
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, !process_wait(p, clock_ns() + 20 * MS));
    process_kill(p);
    bool ended = process_wait(p, DEADLINE_NEVER); /* no deadline: no timer to help */
    console_capture_end();
    KT_EXPECT(t, ended);
    KT_EXPECT_EQ(t, p->state, PROCESS_KILLED);
    process_release(p);
}

/* A waiter of higher priority than any process: it runs the moment a
 * process's end is signalled, drops its reference and looks whether the
 * process is still listed (1), or not (0). */
struct end_watch {
    struct process *p;
    uint32_t pid;
    volatile int listed; /* -1 until it looked */
};

static void watch_end_then_list(void *arg) {
    struct end_watch *w = arg;
    process_wait(w->p, clock_ns() + 2000 * MS);
    process_release(w->p);
    rz_process_entry_t e;
    w->listed = process_list(w->pid, &e, 1) == 1 && e.info.pid == w->pid;
}

/* The shell's `kill 4; ps` listed pid 4 when the timer switched from the
 * dying thread to the shell between the end's signal and that thread's
 * last reference: a waiter of higher priority makes that switch certain. */
KTEST(process, killed_process_is_gone_from_the_list_once_its_waiter_releases_it) {
    struct process *spin = spawn(t, "bin/spin.wasm");
    KT_ASSERT(t, spin != NULL);
    static struct end_watch w;
    w = (struct end_watch){spin, spin->pid, -1};
    console_capture_begin(out, sizeof out);
    KT_ASSERT(t, process_start(spin));
    KT_ASSERT(t, thread_create("watch", watch_end_then_list, &w, THREAD_PRIO_HIGH, 0) != NULL);
    process_kill(spin);
    uint64_t end = clock_ns() + 3000 * MS; /* past the watcher's own deadline */
    while (w.listed < 0 && clock_ns() < end) {
        thread_sleep_until(clock_ns() + MS);
    }
    console_capture_end();
    KT_EXPECT_EQ(t, w.listed, 0);
}

KTEST(process, kill_wakes_a_process_blocked_in_the_kernel) {
    uint64_t killed = process_stats().killed;
    struct process *p = spawn(t, "bin/sleeper.wasm");
    KT_ASSERT(t, p != NULL);
    console_capture_begin(out, sizeof out);
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, !process_wait(p, clock_ns() + 10 * MS)); /* asleep */
    process_kill(p);
    bool ended = process_wait(p, clock_ns() + 2000 * MS);
    console_capture_end();
    KT_EXPECT(t, ended);
    KT_EXPECT_EQ(t, p->state, PROCESS_KILLED);
    KT_EXPECT(t, strstr(out, "sleeper woke") == NULL); /* it never ran on */
    KT_EXPECT_EQ(t, process_stats().killed, killed + 1);
    process_kill(p); /* a no-op once it ended */
    KT_EXPECT_EQ(t, process_stats().killed, killed + 1);
    process_release(p);
}

KTEST(process, kill_before_start_frees_the_program) {
    uint64_t live = process_stats().live;
    struct process *p = spawn(t, "bin/spin.wasm");
    KT_ASSERT(t, p != NULL);
    process_kill(p);
    KT_EXPECT_EQ(t, p->state, PROCESS_KILLED);
    KT_EXPECT(t, p->inst == NULL);
    KT_EXPECT(t, process_wait(p, 0)); /* already ended: no wait */
    process_release(p);
    KT_EXPECT_EQ(t, process_stats().live, live);
}

/* A sibling thread of the spawner (its handle already exists) or an
 * ancestor (process_open) can kill a child between process_spawn and
 * process_start: the start must fail, not panic, and handles moved into
 * the child meanwhile close with it. */
KTEST(process, start_after_kill_before_start_fails_and_closes_late_handles) {
    uint64_t live = process_stats().live;
    struct process *p = spawn(t, "bin/spin.wasm");
    KT_ASSERT(t, p != NULL);
    process_kill(p);
    struct kobject *moved, *kept;
    KT_ASSERT(t, channel_create(&moved, &kept) == RZ_OK);
    rz_handle_t h;
    KT_EXPECT_EQ(t, handle_alloc(&p->handles, moved, RZ_DEFAULT_CHANNEL_RIGHTS, &h), RZ_OK);
    kobject_unref(moved);
    KT_EXPECT(t, !process_start(p));
    KT_EXPECT_EQ(t, p->state, PROCESS_KILLED);
    KT_EXPECT_EQ(t, kept->signals & RZ_SIG_PEER_CLOSED, 0u);
    process_release(p);
    KT_EXPECT_EQ(t, kept->signals & RZ_SIG_PEER_CLOSED, RZ_SIG_PEER_CLOSED);
    kobject_unref(kept);
    KT_EXPECT_EQ(t, process_stats().live, live);
}

/* Runs killer.wasm with `h` at its address 0; returns its exit status. */
static int32_t run_killer(struct ktest *t, rz_handle_t h) {
    struct process *k = spawn(t, "bin/killer.wasm");
    if (k == NULL) {
        return 1;
    }
    memcpy(k->inst->memory, &h, sizeof h);
    KT_EXPECT(t, process_start(k));
    KT_EXPECT(t, process_wait(k, clock_ns() + 2000 * MS));
    KT_EXPECT_EQ(t, k->state, PROCESS_EXITED);
    int32_t status = k->exit_status;
    process_release(k);
    return status;
}

KTEST(process, process_kill_syscall_checks_handle_type_and_rights) {
    struct process *victim = spawn(t, "bin/spin.wasm");
    struct process *holder = spawn(t, "bin/quiet.wasm"); /* owns handles, never runs */
    KT_ASSERT(t, victim != NULL && holder != NULL);
    KT_ASSERT(t, process_start(victim));
    rz_handle_t weak, strong;
    KT_ASSERT(t, handle_alloc(&holder->handles, &victim->obj, RZ_RIGHT_INSPECT, &weak) == RZ_OK);
    KT_EXPECT_EQ(t, run_killer(t, weak), RZ_ERR_BAD_HANDLE); /* not the killer's handle */
    /* the killer's own table: a fresh process each time */
    struct process *k = spawn(t, "bin/killer.wasm");
    KT_ASSERT(t, k != NULL);
    KT_ASSERT(t, handle_alloc(&k->handles, &victim->obj, RZ_RIGHT_INSPECT, &weak) == RZ_OK);
    KT_ASSERT(t,
              handle_alloc(&k->handles, &victim->obj, RZ_DEFAULT_PROCESS_RIGHTS, &strong) == RZ_OK);
    memcpy(k->inst->memory, &weak, sizeof weak);
    KT_EXPECT(t, process_start(k));
    KT_EXPECT(t, process_wait(k, clock_ns() + 2000 * MS));
    KT_EXPECT_EQ(t, k->exit_status, RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, victim->state, PROCESS_RUNNING);
    process_release(k); /* its handles to the victim were closed when it ended */
    k = spawn(t, "bin/killer.wasm");
    KT_ASSERT(t, k != NULL);
    KT_ASSERT(t,
              handle_alloc(&k->handles, &victim->obj, RZ_DEFAULT_PROCESS_RIGHTS, &strong) == RZ_OK);
    memcpy(k->inst->memory, &strong, sizeof strong);
    console_capture_begin(out, sizeof out);
    KT_EXPECT(t, process_start(k));
    KT_EXPECT(t, process_wait(k, clock_ns() + 2000 * MS));
    KT_EXPECT(t, process_wait(victim, clock_ns() + 2000 * MS));
    console_capture_end();
    KT_EXPECT_EQ(t, k->exit_status, RZ_OK);
    KT_EXPECT_EQ(t, victim->state, PROCESS_KILLED);
    KT_EXPECT(t, (victim->obj.signals & RZ_SIG_TERMINATED) != 0);
    process_release(k);
    process_release(holder); /* never started: its table goes with it */
    KT_EXPECT_EQ(t, victim->obj.handle_count, 0);
    KT_EXPECT_EQ(t, victim->obj.refcount, 1); /* ours alone */
    process_release(victim);
}

/* Many processes at once, each kind of ending mixed: spinners and sleepers
 * killed together, traps and exits on their own. */
static void concurrent_round(struct ktest *t) {
    static const char *const paths[] = {"bin/spin.wasm", "bin/sleeper.wasm", "bin/trap-leaky.wasm",
                                        "bin/quiet.wasm", "bin/canary.wasm"};
    static const enum process_state want[] = {PROCESS_KILLED, PROCESS_KILLED, PROCESS_TRAPPED,
                                              PROCESS_EXITED, PROCESS_EXITED};
    enum { N = 20 };
    struct process *ps[N];
    console_capture_begin(out, sizeof out);
    for (int i = 0; i < N; i++) {
        ps[i] = spawn(t, paths[i % 5]);
        if (ps[i] == NULL || !process_start(ps[i])) {
            ktest_fail(t, __FILE__, __LINE__, "process %d did not start", i);
        }
    }
    thread_sleep_until(clock_ns() + 20 * MS); /* let them all run a little */
    for (int i = 0; i < N; i++) {
        if (ps[i] != NULL && i % 5 < 2) {
            process_kill(ps[i]);
        }
    }
    for (int i = 0; i < N; i++) {
        if (ps[i] != NULL) {
            KT_EXPECT(t, process_wait(ps[i], clock_ns() + 5000 * MS));
        }
    }
    console_capture_end();
    for (int i = 0; i < N; i++) {
        if (ps[i] != NULL) {
            KT_EXPECT_EQ(t, ps[i]->state, want[i % 5]);
            process_release(ps[i]);
        }
    }
    thread_yield(); /* the last exited thread is freed by the next to run */
}

/* A second round like the first leaves the machine as the first did: no
 * frame, heap byte or thread is lost to the kill and trap paths. */
KTEST(process, concurrent_processes_end_in_every_way_without_leaks) {
    concurrent_round(t); /* warm up: code cached, page tables in place */
    uint64_t frames = frames_available();
    uint64_t heap_bytes = kernel_heap.bytes_live;
    unsigned threads = thread_count();
    concurrent_round(t);
    KT_EXPECT_EQ(t, thread_count(), threads);
    expect_no_frame_lost(t, frames);
    KT_EXPECT_EQ(t, kernel_heap.bytes_live, heap_bytes);
}

/* A program that touches more memory than the machine has: the first
 * touch that finds no frame traps it, the frames come back, and the
 * kernel and other processes go on. */
static void run_hog(struct ktest *t) {
    /* some 130,000 first touches: seconds under emulation */
    struct process *hog = run_captured_within(t, "bin/memhog.wasm", 120000);
    KT_ASSERT(t, hog != NULL);
    KT_EXPECT_EQ(t, hog->state, PROCESS_TRAPPED);
    KT_EXPECT_EQ(t, hog->trap.kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT(t, strstr(out, "process memhog.wasm") != NULL);
    process_release(hog);
    expect_canary(t);
}

/* The first run also brings in what stays for later reservations (page
 * tables of the address range, the code in the cache); a second run
 * must then give back every frame it took. */
KTEST(process, running_the_machine_out_of_frames_ends_only_the_hog) {
    run_hog(t);
    uint64_t frames = frames_available();
    run_hog(t);
    expect_no_frame_lost(t, frames);
}

/* A program spawns another through the syscall, waits on its handle for
 * RZ_SIG_TERMINATED, moves a channel endpoint into a second child, and
 * gets each documented error (tests/sip/progs/spawner.wat counts them). */
KTEST(process, process_spawn_syscall_starts_a_child_the_caller_can_wait_for) {
    uint64_t live = process_stats().live;
    struct process *p = run_captured(t, "bin/spawner.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 11);
    /* the module refused is named in the kernel log, with why */
    KT_EXPECT_STREQ(t, out,
                    "hello from wasm\n"
                    "process_spawn: bin/bad-import.wasm: import rz.format_disk: no such syscall\n"
                    "hello from wasm\n");
    process_release(p);
    KT_EXPECT_EQ(t, process_stats().live, live); /* children freed with their handles */
}

/* process_info from a program: exited, asleep (memory figures), killed
 * and trapped children, and its errors (tests/sip/progs/inspector.wat
 * counts the checks that held). */
KTEST(process, process_info_syscall_reports_state_status_trap_and_memory) {
    struct process *p = run_captured(t, "bin/inspector.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 23);
    process_release(p);
}

KTEST(process, process_info_is_a_consistent_snapshot) {
    struct process *p = spawn(t, "bin/canary.wasm");
    KT_ASSERT(t, p != NULL);
    rz_process_info_t info;
    process_info(p, &info);
    KT_EXPECT_EQ(t, info.pid, p->pid);
    KT_EXPECT_EQ(t, info.state, RZ_PROCESS_READY);
    KT_EXPECT_EQ(t, info.memory_size, 2 * 65536);
    KT_EXPECT_EQ(t, info.memory_committed, 4096); /* the one page its data segments wrote */
    process_release(p);
}

KTEST(process, trap_report_names_a_function_by_index_without_a_name_section) {
    wasm_error_t err;
    struct process *p = process_spawn("nameless", nameless_wasm, sizeof nameless_wasm, &err);
    KT_ASSERT(t, p != NULL);
    console_capture_begin(out, sizeof out);
    KT_EXPECT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + 2000 * MS));
    console_capture_end();
    char want[128];
    fmt_snprintf(
        want, sizeof want,
        "process nameless (pid %u) trapped: integer divide by zero in func[0] at offset 0x%x\n",
        p->pid, p->trap.wasm_offset);
    KT_EXPECT_STREQ(t, out, want);
    KT_EXPECT_EQ(t, nameless_wasm[p->trap.wasm_offset], 0x6e); /* i32.div_u */
    process_release(p);
}

KTEST(process, list_gives_the_lowest_pids_from_first_pid_in_order) {
    struct process *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = spawn(t, "bin/canary.wasm");
        KT_ASSERT(t, p[i] != NULL);
    }
    rz_process_entry_t list[4];
    KT_EXPECT_EQ(t, process_list(p[0]->pid, list, 2), 2); /* cap: the lowest two */
    KT_EXPECT_EQ(t, list[0].info.pid, p[0]->pid);
    KT_EXPECT_EQ(t, list[1].info.pid, p[1]->pid);
    KT_EXPECT_STREQ(t, list[0].name, "canary.wasm");
    KT_EXPECT_EQ(t, list[0].info.state, RZ_PROCESS_READY);
    KT_EXPECT_EQ(t, list[0].info.memory_size, 2 * 65536);
    KT_EXPECT_EQ(t, process_list(list[1].info.pid + 1, list, 4), 1); /* the cursor goes on */
    KT_EXPECT_EQ(t, list[0].info.pid, p[2]->pid);
    KT_EXPECT_EQ(t, process_list(p[0]->pid, list, 0), 0);
    uint32_t first = p[0]->pid;
    for (int i = 0; i < 3; i++) {
        process_release(p[i]);
    }
    KT_EXPECT_EQ(t, process_list(first, list, 4), 0); /* freed: gone from the list */
}

KTEST(process, set_args_keeps_a_private_copy) {
    struct process *p = spawn(t, "bin/canary.wasm");
    KT_ASSERT(t, p != NULL);
    char args[] = "a\0bc\0";
    process_set_args(p, args, 5);
    args[0] = 'x';
    KT_EXPECT_EQ(t, p->args_len, 5);
    KT_EXPECT_BYTES(t, p->args, p->args_len, "a\0bc\0", 5);
    process_release(p);
}

/* process_open: only an ancestor opens a process; a process is not its
 * own; when a parent ends its children go to init, and the grandparent
 * loses them; when init ends they belong to no one. (The processes never
 * start: the family is what process_set_parent records.) */
KTEST(process, process_open_is_for_ancestors_and_orphans_go_to_init) {
    wasm_error_t err;
    struct process *ps[4], *got = NULL;
    for (int i = 0; i < 4; i++) {
        ps[i] = process_spawn_from_archive("bin/quiet.wasm", &err);
        KT_ASSERT(t, ps[i] != NULL);
    }
    struct process *init = ps[0], *a = ps[1], *b = ps[2], *c = ps[3];
    process_set_init(init);
    process_set_parent(b, a);
    process_set_parent(c, b);
    KT_EXPECT_EQ(t, process_open(a, c->pid, &got), RZ_OK);
    KT_EXPECT(t, got == c);
    process_release(got);
    KT_EXPECT_EQ(t, process_open(b, c->pid, &got), RZ_OK);
    process_release(got);
    KT_EXPECT_EQ(t, process_open(c, b->pid, &got), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, process_open(c, c->pid, &got), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, process_open(init, c->pid, &got), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, process_open(a, 0, &got), RZ_ERR_NOT_FOUND);
    KT_EXPECT_EQ(t, process_open(a, 0xffffffffu, &got), RZ_ERR_NOT_FOUND);
    process_kill(b); /* c goes to init */
    KT_EXPECT_EQ(t, process_open(a, c->pid, &got), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, process_open(init, c->pid, &got), RZ_OK);
    process_release(got);
    process_kill(init); /* and then to no one */
    KT_EXPECT_EQ(t, process_open(init, c->pid, &got), RZ_ERR_ACCESS_DENIED);
    for (int i = 0; i < 4; i++) {
        process_kill(ps[i]);
        process_release(ps[i]);
    }
}
