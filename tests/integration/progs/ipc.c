/*
 * IPC between processes: spawns the ipc_* children with handles and
 * talks to them. A ping-pong of bytes and a moved event over a channel
 * (bin/ipc_echo.wasm), then the child's end: PEER_CLOSED on the channel
 * and TERMINATED on the process; a timer armed here and waited on by a
 * child (bin/ipc_timer.wasm); wait_many across a channel and an event
 * (bin/ipc_many.wasm); a child blocked in a wait, killed, while this
 * process goes on (bin/ipc_block.wasm). Also startup_handle with garbage.
 * Prints "ipc: ok NAME" / "ipc: not ok NAME (...)" lines and "ipc: done
 * N checks, F failed"; exits with F.
 */
#include <stdbool.h>
#include <string.h>

#include "rz/rz.h"

#define CHECK_PROGRAM "ipc"
#include "check.h"

#define ROUNDS 100
#define MS 1000000ull

static int32_t spawn(const char *name, const rz_handle_t *handles, uint32_t n, rz_handle_t *out) {
    return rz_process_spawn(name, (uint32_t)strlen(name), 0, 0, handles, n, out);
}

/* Waits (at most 10 s) for the child's end; returns its process_info. */
static rz_process_info_t wait_end(rz_handle_t child) {
    rz_process_info_t info = {0};
    rz_wait_one(child, RZ_SIG_TERMINATED, rz_clock_get() + 10000 * MS, 0);
    rz_process_info(child, &info, sizeof info);
    return info;
}

static void startup_garbage(void) {
    rz_handle_t h = 0;
    /* init started this process: it was given no handles. */
    expect_eq("startup_handle_none_given", rz_startup_handle(0, &h), RZ_ERR_NOT_FOUND);
    expect_eq("startup_handle_huge_index", rz_startup_handle(0xffffffffu, &h), RZ_ERR_NOT_FOUND);
    expect_eq("startup_handle_far_out", rz_startup_handle(0, (void *)(uintptr_t)0xfffffffeu),
              RZ_ERR_OUT_OF_BOUNDS);
}

static void ping_pong(void) {
    rz_handle_t mine, theirs, event, child;
    rz_channel_create(&mine, &theirs);
    rz_event_create(&event);
    expect_eq("echo_spawn", spawn("bin/ipc_echo.wasm", &theirs, 1, &child), RZ_OK);
    expect_eq("echo_handle_moved_out", rz_handle_close(theirs), RZ_ERR_BAD_HANDLE);
    uint32_t wrong = 0, signaled = 0;
    uint64_t t0 = rz_clock_get();
    for (uint32_t i = 0; i < ROUNDS; i++) {
        uint32_t counter = i * 2, nbytes = 0, nhandles = 0;
        wrong += rz_object_signal(event, RZ_SIG_USER0, 0) != RZ_OK;
        wrong += rz_channel_write(mine, &counter, sizeof counter, &event, 1) != RZ_OK;
        wrong += rz_wait_one(mine, RZ_SIG_READABLE, RZ_TIME_INFINITE, 0) != RZ_OK;
        wrong +=
            rz_channel_read(mine, &counter, sizeof counter, &event, 1, &nbytes, &nhandles) != RZ_OK;
        wrong += counter != i * 2 + 1 || nbytes != sizeof counter || nhandles != 1;
        uint32_t observed = 0;
        rz_wait_one(event, RZ_SIG_USER0, 0, &observed);
        signaled += (observed & RZ_SIG_USER0) != 0;
    }
    uint64_t elapsed = rz_clock_get() - t0;
    expect_eq("echo_rounds_with_moved_event", wrong, 0);
    expect_eq("echo_child_signals_the_moved_event", signaled, ROUNDS);
    rz_printf("ipc: %u round trips, %llu us each\n", (unsigned)ROUNDS,
              (unsigned long long)(elapsed / ROUNDS / 1000));
    uint32_t bye = 0, observed = 0;
    expect_eq("echo_bye", rz_channel_write(mine, &bye, sizeof bye, 0, 0), RZ_OK);
    expect_eq("echo_peer_closed",
              rz_wait_one(mine, RZ_SIG_PEER_CLOSED, rz_clock_get() + 10000 * MS, &observed), RZ_OK);
    rz_process_info_t info = wait_end(child);
    expect_eq("echo_terminated", info.state, RZ_PROCESS_EXITED);
    expect_eq("echo_exit_status", info.exit_status, 0);
    uint32_t nb, nh;
    expect_eq("echo_read_after_exit", rz_channel_read(mine, &bye, sizeof bye, 0, 0, &nb, &nh),
              RZ_ERR_PEER_CLOSED);
    rz_handle_close(mine);
    rz_handle_close(event);
    rz_handle_close(child);
}

static void timer_in_child(void) {
    rz_handle_t timer, child;
    rz_timer_create(&timer);
    uint64_t deadline = rz_clock_get() + 30 * MS;
    rz_timer_set(timer, deadline);
    expect_eq("timer_spawn", spawn("bin/ipc_timer.wasm", &timer, 1, &child), RZ_OK);
    rz_process_info_t info = wait_end(child);
    expect_eq("timer_child_woke_signaled", info.state == RZ_PROCESS_EXITED ? info.exit_status : -1,
              0);
    expect_eq("timer_child_ended_after_deadline", rz_clock_get() >= deadline, 1);
    rz_handle_close(child);
}

static void wait_many_in_child(void) {
    rz_handle_t mine, theirs, event, child;
    rz_channel_create(&mine, &theirs);
    rz_event_create(&event);
    rz_handle_t give[2] = {theirs, 0};
    /* The child keeps a duplicate: this process signals the event too. */
    expect_eq("many_duplicate", rz_handle_duplicate(event, RZ_DEFAULT_EVENT_RIGHTS, &give[1]),
              RZ_OK);
    expect_eq("many_spawn", spawn("bin/ipc_many.wasm", give, 2, &child), RZ_OK);
    rz_object_signal(event, 0, RZ_SIG_USER0);
    char msg[4];
    uint32_t nb = 0, nh = 0;
    rz_wait_one(mine, RZ_SIG_READABLE, rz_clock_get() + 10000 * MS, 0);
    expect_eq("many_event_seen", rz_channel_read(mine, msg, sizeof msg, 0, 0, &nb, &nh), RZ_OK);
    check_got(nb == 1 && msg[0] == 'e', "many_event_reply", nb, 1);
    rz_channel_write(mine, "ping", 4, 0, 0);
    rz_wait_one(mine, RZ_SIG_READABLE, rz_clock_get() + 10000 * MS, 0);
    expect_eq("many_message_seen", rz_channel_read(mine, msg, sizeof msg, 0, 0, &nb, &nh), RZ_OK);
    check_got(nb == 4 && memcmp(msg, "ping", 4) == 0, "many_message_echoed", nb, 4);
    rz_process_info_t info = wait_end(child);
    expect_eq("many_child_status", info.state == RZ_PROCESS_EXITED ? info.exit_status : -1, 0);
    rz_handle_close(mine);
    rz_handle_close(event);
    rz_handle_close(child);
}

static void kill_blocked_child(void) {
    rz_handle_t mine, theirs, child;
    rz_channel_create(&mine, &theirs);
    expect_eq("kill_spawn", spawn("bin/ipc_block.wasm", &theirs, 1, &child), RZ_OK);
    char r = 0;
    uint32_t nb = 0, nh = 0;
    rz_wait_one(mine, RZ_SIG_READABLE, rz_clock_get() + 10000 * MS, 0);
    expect_eq("kill_child_ready", rz_channel_read(mine, &r, 1, 0, 0, &nb, &nh), RZ_OK);
    rz_sleep_until(rz_clock_get() + 10 * MS); /* let it reach its wait */
    expect_eq("kill_blocked_child", rz_process_kill(child), RZ_OK);
    rz_process_info_t info = wait_end(child);
    expect_eq("kill_child_state", info.state, RZ_PROCESS_KILLED);
    uint32_t observed = 0;
    rz_wait_one(mine, RZ_SIG_PEER_CLOSED, 0, &observed);
    expect_eq("kill_closes_childs_end", (observed & RZ_SIG_PEER_CLOSED) != 0, 1);
    rz_handle_close(mine);
    rz_handle_close(child);
}

int main(void) {
    startup_garbage();
    ping_pong();
    timer_in_child();
    wait_many_in_child();
    kill_blocked_child();
    return check_done();
}
