/*
 * process_open and the family it relies on. Run without arguments, it
 * checks: a handle to a grandchild (spawned by a child) opens, kills it
 * and sees it killed; once the child in between has ended, the orphaned
 * grandchild belongs to init and opening it is refused; init (pid 1)
 * and pids that name nothing are refused with the
 * documented errors, in the documented order. Prints "procopen: ok
 * NAME" / "not ok NAME (...)" lines and "done N checks, F failed"; exits
 * with F.
 *
 * It plays the other parts itself, chosen by its first argument:
 *   hold    (startup handle 0: a channel) lives until its peer closes
 *   middle  (startup 0: a channel for reports, 1: one to hand on) spawns
 *           `hold` with handle 1, writes the pid of it to handle 0, then,
 *           with a second argument `stay`, lives until handle 0's peer
 *           closes, else exits at once
 *   parent  spawns `hold`, prints "procopen: child pid N" and waits for
 *           its end (the shell test kills that child, a grandchild of the
 *           shell, by pid)
 */
#include <stdbool.h>
#include <string.h>

#include "abi/rights.h"
#include "rz/rz.h"

#define CHECK_PROGRAM "procopen"
#include "check.h"

#define SELF "bin/procopen.wasm"

static void wait_for(rz_handle_t h, uint32_t signals) {
    rz_wait_one(h, signals, RZ_TIME_INFINITE, NULL);
}

/* Spawns SELF with args (NUL-separated, args_len bytes), moving handles. */
static int32_t spawn_self(const char *args, uint32_t args_len, const rz_handle_t *handles,
                          uint32_t n, rz_handle_t *out) {
    return rz_process_spawn(SELF, (uint32_t)strlen(SELF), args, args_len, handles, n, out);
}

static uint32_t pid_of(rz_handle_t process) {
    rz_process_info_t info;
    return rz_process_info(process, &info, sizeof info) == RZ_OK ? info.pid : 0;
}

static int hold(void) {
    rz_handle_t h;
    if (rz_startup_handle(0, &h) != RZ_OK) {
        return 1;
    }
    wait_for(h, RZ_SIG_PEER_CLOSED);
    return 0;
}

static int middle(bool stay) {
    rz_handle_t report, onward, child;
    if (rz_startup_handle(0, &report) != RZ_OK || rz_startup_handle(1, &onward) != RZ_OK ||
        spawn_self("hold", 5, &onward, 1, &child) != RZ_OK) {
        return 1;
    }
    uint32_t pid = pid_of(child);
    if (rz_channel_write(report, &pid, sizeof pid, NULL, 0) != RZ_OK) {
        return 1;
    }
    if (stay) {
        wait_for(report, RZ_SIG_PEER_CLOSED);
    }
    return 0;
}

static int parent(void) {
    rz_handle_t mine, theirs, child;
    if (rz_channel_create(&mine, &theirs) != RZ_OK ||
        spawn_self("hold", 5, &theirs, 1, &child) != RZ_OK) {
        rz_print("procopen: cannot start the child\n");
        return 1;
    }
    rz_printf("procopen: child pid %u\n", (unsigned)pid_of(child));
    wait_for(child, RZ_SIG_TERMINATED);
    rz_process_info_t info;
    rz_process_info(child, &info, sizeof info);
    rz_printf("procopen: child %s\n", info.state == RZ_PROCESS_KILLED ? "killed" : "ended");
    return 0;
}

/* Starts `middle` (staying or not) with a grandchild; its pid goes to
 * *grandchild, the channel the grandchild holds to *held, the report
 * channel to *report. */
static rz_handle_t start_middle(bool stay, uint32_t *grandchild, rz_handle_t *held,
                                rz_handle_t *report) {
    rz_handle_t r1, h1, mid = RZ_HANDLE_INVALID;
    *grandchild = 0;
    if (rz_channel_create(report, &r1) != RZ_OK || rz_channel_create(held, &h1) != RZ_OK) {
        return RZ_HANDLE_INVALID;
    }
    rz_handle_t moved[2] = {r1, h1};
    static const char stay_args[] = "middle\0stay";
    if (spawn_self(stay_args, stay ? sizeof stay_args : 7, moved, 2, &mid) != RZ_OK) {
        return RZ_HANDLE_INVALID;
    }
    wait_for(*report, RZ_SIG_READABLE);
    uint32_t got = 0, handles = 0;
    rz_channel_read(*report, grandchild, sizeof *grandchild, NULL, 0, &got, &handles);
    return mid;
}

static int checker(void) {
    uint32_t gc;
    rz_handle_t held, report, h = RZ_HANDLE_INVALID;
    rz_handle_t mid = start_middle(true, &gc, &held, &report);
    check(mid != RZ_HANDLE_INVALID && gc != 0, "a_child_spawns_a_grandchild", (int32_t)gc);
    int32_t err = rz_process_open(gc, RZ_RIGHT_MANAGE | RZ_RIGHT_WAIT | RZ_RIGHT_INSPECT, &h);
    check(err == RZ_OK, "open_a_grandchild", err);
    rz_process_info_t info = {0};
    if (err == RZ_OK) {
        err = rz_process_kill(h);
        wait_for(h, RZ_SIG_TERMINATED);
        rz_process_info(h, &info, sizeof info);
        rz_handle_close(h);
    }
    check(err == RZ_OK && info.pid == gc && info.state == RZ_PROCESS_KILLED,
          "kill_a_grandchild_through_it", err);
    rz_handle_close(report); /* the middle ends */
    wait_for(mid, RZ_SIG_TERMINATED);
    rz_handle_close(mid);
    rz_handle_close(held);

    mid = start_middle(false, &gc, &held, &report);
    wait_for(mid, RZ_SIG_TERMINATED); /* its child, alive, went to init */
    err = rz_process_open(gc, RZ_RIGHT_INSPECT, &h);
    check(err == RZ_ERR_ACCESS_DENIED, "an_orphan_belongs_to_init", err);
    rz_handle_close(held); /* the orphan ends */
    rz_handle_close(report);
    rz_handle_close(mid);

    err = rz_process_open(1, RZ_RIGHT_INSPECT, &h);
    check(err == RZ_ERR_ACCESS_DENIED, "init_is_not_a_descendant", err);
    err = rz_process_open(0, RZ_RIGHT_INSPECT, &h);
    check(err == RZ_ERR_NOT_FOUND, "pid_0_is_not_found", err);
    err = rz_process_open(0xffffffffu, RZ_RIGHT_INSPECT, &h);
    check(err == RZ_ERR_NOT_FOUND, "a_garbage_pid_is_not_found", err);
    err = rz_process_open(0, RZ_RIGHT_INSPECT | 0x100, &h);
    check(err == RZ_ERR_INVALID_ARGS, "rights_beyond_a_process_handle_are_refused_first", err);
    err = rz_process_open(0, 0x100, (void *)0xfffffff0u);
    check(err == RZ_ERR_OUT_OF_BOUNDS, "a_bad_out_pointer_is_refused_first", err);
    return check_done();
}

int main(void) {
    char args[64];
    uint32_t len = 0;
    if (rz_process_args(args, sizeof args, &len) != RZ_OK || len == 0) {
        return checker();
    }
    if (strcmp(args, "hold") == 0) {
        return hold();
    }
    if (strcmp(args, "middle") == 0) {
        return middle(strlen(args) + 1 < len && strcmp(args + 7, "stay") == 0);
    }
    if (strcmp(args, "parent") == 0) {
        return parent();
    }
    rz_printf("procopen: unknown mode %s\n", args);
    return 1;
}
