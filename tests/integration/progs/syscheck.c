/*
 * The syscall checker: one process that feeds the syscalls garbage
 * (pointers, lengths, handles) and then uses channels, events, timers and
 * waits the way they are documented (docs/syscalls.md), reads the memory
 * figures, the boot archive's list, the process list and its own (absent)
 * arguments, asks for the kernel log it may not have, checking every
 * result. Each check prints "syscheck: ok NAME" or "syscheck: not ok NAME
 * (details)"; the last line is "syscheck: done N checks, F failed" and the
 * exit status is F. tests/integration/run turns the lines into KTAP.
 */
#include <stdbool.h>
#include <string.h>

#include "rz/rz.h"

#define CHECK_PROGRAM "syscheck"
#include "check.h"

/* A guest address past the end of memory, and one whose range wraps. */
#define FAR_ADDR ((void *)(uintptr_t)0xfffff000u)
#define WRAP_ADDR ((void *)(uintptr_t)0xfffffffcu)

static void garbage_pointers(void) {
    expect_eq("debug_write_far_pointer", rz_debug_write(FAR_ADDR, 16), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("debug_write_wrapping_range", rz_debug_write(WRAP_ADDR, 64), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("debug_write_huge_length", rz_debug_write("x", 0xffffffffu), RZ_ERR_OUT_OF_RANGE);
    expect_eq("debug_write_empty_at_zero", rz_debug_write((void *)0, 0), RZ_OK);
    expect_eq("event_create_far_out", rz_event_create(FAR_ADDR), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("channel_create_wrapping_out", rz_channel_create(WRAP_ADDR, WRAP_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
    char in[8];
    uint32_t n_in = 0;
    expect_eq("console_read_zero_cap", rz_console_read(in, 0, &n_in), RZ_ERR_INVALID_ARGS);
    expect_eq("console_read_huge_cap", rz_console_read(in, 4097, &n_in), RZ_ERR_OUT_OF_RANGE);
    expect_eq("console_read_far_buffer", rz_console_read(FAR_ADDR, 4096, &n_in),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("console_read_far_count", rz_console_read(in, sizeof(in), WRAP_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
    rz_wait_item_t item = {0};
    expect_eq("wait_many_far_items", rz_wait_many(FAR_ADDR, 4, 0), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("wait_many_zero_count", rz_wait_many(&item, 0, 0), RZ_ERR_INVALID_ARGS);
    expect_eq("wait_many_too_many", rz_wait_many(&item, RZ_WAIT_MANY_MAX + 1, 0),
              RZ_ERR_OUT_OF_RANGE);
}

static void garbage_handles(void) {
    static const rz_handle_t bad[] = {0, 1, 0xffffffffu, 0x12345678u};
    int wrong = 0;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        wrong += rz_handle_close(bad[i]) != RZ_ERR_BAD_HANDLE;
        wrong += rz_object_signal(bad[i], 0, RZ_SIG_USER0) != RZ_ERR_BAD_HANDLE;
        wrong += rz_wait_one(bad[i], RZ_SIG_USER0, 0, 0) != RZ_ERR_BAD_HANDLE;
        wrong += rz_timer_set(bad[i], 0) != RZ_ERR_BAD_HANDLE;
        wrong += rz_process_kill(bad[i]) != RZ_ERR_BAD_HANDLE;
    }
    expect_eq("garbage_handles_are_bad_handles", wrong, 0);

    rz_handle_t ev;
    expect_eq("event_create", rz_event_create(&ev), RZ_OK);
    expect_eq("timer_set_on_event_is_wrong_type", rz_timer_set(ev, 0), RZ_ERR_WRONG_TYPE);
    expect_eq("process_kill_on_event_is_wrong_type", rz_process_kill(ev), RZ_ERR_WRONG_TYPE);
    expect_eq("handle_close", rz_handle_close(ev), RZ_OK);
    expect_eq("closed_handle_is_stale", rz_object_signal(ev, 0, RZ_SIG_USER0), RZ_ERR_BAD_HANDLE);
    rz_handle_t again;
    expect_eq("event_create_after_close", rz_event_create(&again), RZ_OK);
    check_got(again != ev, "handle_value_not_reused_at_once", again, ev);
    rz_handle_t weak;
    expect_eq("handle_duplicate_fewer_rights", rz_handle_duplicate(again, RZ_RIGHT_WAIT, &weak),
              RZ_OK);
    expect_eq("signal_without_right_denied", rz_object_signal(weak, 0, RZ_SIG_USER0),
              RZ_ERR_ACCESS_DENIED);
    expect_eq("duplicate_cannot_add_rights",
              rz_handle_duplicate(weak, RZ_RIGHT_WAIT | RZ_RIGHT_SIGNAL, &weak),
              RZ_ERR_ACCESS_DENIED);
    rz_handle_close(weak);
    rz_handle_close(again);
}

static void channels(void) {
    rz_handle_t a, b;
    expect_eq("channel_create", rz_channel_create(&a, &b), RZ_OK);
    expect_eq("channel_read_empty_should_wait", rz_channel_read(b, 0, 0, 0, 0, 0, 0),
              RZ_ERR_SHOULD_WAIT);
    expect_eq("channel_write", rz_channel_write(a, "ping!", 5, 0, 0), RZ_OK);
    uint32_t observed = 0;
    expect_eq("wait_one_readable", rz_wait_one(b, RZ_SIG_READABLE, 0, &observed), RZ_OK);
    check_got((observed & RZ_SIG_READABLE) != 0, "observed_readable", observed, RZ_SIG_READABLE);
    char small[2];
    uint32_t nbytes = 0, nhandles = 9;
    expect_eq("channel_read_too_small",
              rz_channel_read(b, small, sizeof(small), 0, 0, &nbytes, &nhandles),
              RZ_ERR_BUFFER_TOO_SMALL);
    expect_eq("too_small_reports_size", nbytes, 5);
    char buf[16] = {0};
    expect_eq("channel_read_after_too_small",
              rz_channel_read(b, buf, sizeof(buf), 0, 0, &nbytes, &nhandles), RZ_OK);
    check_got(nbytes == 5 && memcmp(buf, "ping!", 5) == 0, "message_bytes_intact", nbytes, 5);
    expect_eq("message_had_no_handles", nhandles, 0);

    /* A handle moves with a message: the sender loses it. */
    rz_handle_t ev, got = 0;
    rz_event_create(&ev);
    expect_eq("channel_write_own_endpoint_refused", rz_channel_write(a, "x", 1, &a, 1),
              RZ_ERR_INVALID_ARGS);
    expect_eq("channel_write_with_handle", rz_channel_write(a, "h", 1, &ev, 1), RZ_OK);
    expect_eq("sent_handle_left_sender", rz_handle_close(ev), RZ_ERR_BAD_HANDLE);
    expect_eq("channel_read_with_handle",
              rz_channel_read(b, buf, sizeof(buf), &got, 1, &nbytes, &nhandles), RZ_OK);
    expect_eq("received_one_handle", nhandles, 1);
    expect_eq("received_handle_works", rz_object_signal(got, 0, RZ_SIG_USER0), RZ_OK);
    rz_handle_close(got);

    expect_eq("channel_write_garbage_bytes", rz_channel_write(a, FAR_ADDR, 8, 0, 0),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("channel_write_oversized", rz_channel_write(a, buf, RZ_CHANNEL_MAX_BYTES + 1, 0, 0),
              RZ_ERR_OUT_OF_RANGE);
    expect_eq("channel_write_before_close", rz_channel_write(a, "last", 4, 0, 0), RZ_OK);
    rz_handle_close(a);
    expect_eq("queued_message_survives_peer_close",
              rz_channel_read(b, buf, sizeof(buf), 0, 0, &nbytes, &nhandles), RZ_OK);
    expect_eq("then_peer_closed", rz_channel_read(b, buf, sizeof(buf), 0, 0, &nbytes, &nhandles),
              RZ_ERR_PEER_CLOSED);
    expect_eq("write_to_closed_peer", rz_channel_write(b, "x", 1, 0, 0), RZ_ERR_PEER_CLOSED);
    rz_handle_close(b);
}

static void events_timers_waits(void) {
    rz_handle_t ev, tm;
    rz_event_create(&ev);
    rz_timer_create(&tm);
    uint64_t start = rz_clock_get();
    expect_eq("wait_one_times_out", rz_wait_one(ev, RZ_SIG_USER0, start + 2000000, 0),
              RZ_ERR_TIMED_OUT);
    check_got(rz_clock_get() - start >= 2000000, "timeout_not_early", rz_clock_get() - start,
              2000000);
    expect_eq("object_signal_user", rz_object_signal(ev, 0, RZ_SIG_USER0), RZ_OK);
    expect_eq("object_signal_system_bit_refused", rz_object_signal(ev, 0, RZ_SIG_READABLE),
              RZ_ERR_INVALID_ARGS);
    expect_eq("wait_one_signaled_event", rz_wait_one(ev, RZ_SIG_USER0, RZ_TIME_INFINITE, 0), RZ_OK);
    rz_object_signal(ev, RZ_SIG_USER0, 0);

    start = rz_clock_get();
    expect_eq("timer_set", rz_timer_set(tm, start + 5000000), RZ_OK);
    rz_wait_item_t items[2] = {{ev, RZ_SIG_USER0, 0, 0}, {tm, RZ_SIG_SIGNALED, 0, 0}};
    expect_eq("wait_many_timer_fires", rz_wait_many(items, 2, RZ_TIME_INFINITE), RZ_OK);
    uint64_t waited = rz_clock_get() - start;
    check_got(waited >= 5000000, "timer_not_early", waited, 5000000);
    check_got(items[1].observed & RZ_SIG_SIGNALED, "wait_many_observed_timer", items[1].observed,
              RZ_SIG_SIGNALED);
    check_got(!(items[0].observed & RZ_SIG_USER0), "wait_many_event_not_observed",
              items[0].observed, 0);
    items[0].reserved = 1;
    expect_eq("wait_many_reserved_must_be_zero", rz_wait_many(items, 2, 0), RZ_ERR_INVALID_ARGS);
    expect_eq("timer_cancel", rz_timer_cancel(tm), RZ_OK);
    expect_eq("cancelled_timer_unsignaled", rz_wait_one(tm, RZ_SIG_SIGNALED, 0, 0),
              RZ_ERR_TIMED_OUT);
    expect_eq("sleep_until_past", rz_sleep_until(0), RZ_OK);
    rz_handle_close(ev);
    rz_handle_close(tm);
}

/* Fills the handle table, checks the limit is an error and not a crash,
 * empties it, and checks that every slot came back. */
static void handle_table_exhaustion(void) {
    static rz_handle_t held[4096];
    uint32_t n = 0;
    int32_t last = RZ_OK;
    while (n < sizeof(held) / sizeof(held[0])) {
        last = rz_event_create(&held[n]);
        if (last != RZ_OK) {
            break;
        }
        n++;
    }
    expect_eq("handle_table_full_is_no_resources", last, RZ_ERR_NO_RESOURCES);
    check_got(n > 0 && n < sizeof(held) / sizeof(held[0]), "handle_table_has_a_limit", n, 0);
    int bad_close = 0;
    for (uint32_t i = 0; i < n; i++) {
        bad_close += rz_handle_close(held[i]) != RZ_OK;
    }
    expect_eq("every_handle_closes", bad_close, 0);
    uint32_t again = 0;
    while (again < n && rz_event_create(&held[again]) == RZ_OK) {
        again++;
    }
    expect_eq("all_slots_free_again", again, n);
    for (uint32_t i = 0; i < again; i++) {
        rz_handle_close(held[i]);
    }
    rz_printf("syscheck: handle table holds %u handles\n", (unsigned)n);
}

static void system_info(void) {
    rz_memory_stats_t m;
    expect_eq("memory_stats_short_buffer", rz_memory_stats(&m, sizeof(m) - 1),
              RZ_ERR_BUFFER_TOO_SMALL);
    expect_eq("memory_stats_far_buffer", rz_memory_stats(FAR_ADDR, 0x2000), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("memory_stats_wrapping", rz_memory_stats(WRAP_ADDR, sizeof(m)), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("memory_stats", rz_memory_stats(&m, sizeof(m)), RZ_OK);
    expect_eq("memory_stats_free_plus_used", m.frames_free + m.frames_used, m.frames_total);
    check_got(m.frames_used > 0 && m.heap_bytes > 0, "memory_stats_in_use", (int64_t)m.frames_used,
              1);
    rz_archive_entry_t e;
    expect_eq("archive_list_short_buffer", rz_archive_list(0, &e, sizeof(e) - 1),
              RZ_ERR_BUFFER_TOO_SMALL);
    expect_eq("archive_list_far_buffer", rz_archive_list(0, FAR_ADDR, 0x2000),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("archive_list_past_the_end", rz_archive_list(0xffffffffu, &e, sizeof(e)),
              RZ_ERR_NOT_FOUND);
    /* This program is in the archive: the list must name it, with its size. */
    bool found = false;
    uint32_t i = 0;
    while (rz_archive_list(i, &e, sizeof(e)) == RZ_OK) {
        const char *me = "bin/syscheck.wasm";
        if (e.name_len == strlen(me) && memcmp(e.name, me, e.name_len) == 0 && e.size > 0) {
            found = true;
        }
        i++;
    }
    check_got(found, "archive_list_names_this_program", i, 1);
}

static void process_listing(void) {
    rz_process_entry_t list[RZ_PROCESS_LIST_MAX];
    uint32_t n = 0xffffffffu;
    expect_eq("process_list_too_many", rz_process_list(0, list, RZ_PROCESS_LIST_MAX + 1, &n),
              RZ_ERR_OUT_OF_RANGE);
    expect_eq("process_list_far_entries", rz_process_list(0, FAR_ADDR, 4, &n),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("process_list_wrapping_actual", rz_process_list(0, list, 1, WRAP_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("process_list_none_past_the_last",
              rz_process_list(0xffffffffu, list, RZ_PROCESS_LIST_MAX, &n), RZ_OK);
    expect_eq("process_list_none_past_the_last_count", n, 0);
    expect_eq("process_list", rz_process_list(0, list, RZ_PROCESS_LIST_MAX, &n), RZ_OK);
    bool ascending = true, found = false;
    for (uint32_t i = 0; i < n; i++) {
        ascending = ascending && (i == 0 || list[i - 1].info.pid < list[i].info.pid);
        found = found ||
                (strcmp(list[i].name, "syscheck.wasm") == 0 &&
                 list[i].info.state == RZ_PROCESS_RUNNING && list[i].info.memory_committed > 0);
    }
    check_got(ascending, "process_list_ascending_pids", n, n);
    check_got(found, "process_list_names_this_process", n, 1);
    /* A cursor: one entry at a time gives the same pids. */
    uint32_t first = 0, pages = 0;
    rz_process_entry_t one;
    uint32_t got;
    bool same = true;
    while (rz_process_list(first, &one, 1, &got) == RZ_OK && got == 1 && pages < n) {
        same = same && one.info.pid == list[pages].info.pid;
        first = one.info.pid + 1;
        pages++;
    }
    check_got(same && pages == n, "process_list_pages_one_by_one", pages, n);
}

static void arguments(void) {
    rz_handle_t child = RZ_HANDLE_INVALID;
    expect_eq("spawn_args_too_long",
              rz_process_spawn("x", 1, "a", RZ_PROCESS_ARGS_MAX + 1, NULL, 0, &child),
              RZ_ERR_OUT_OF_RANGE);
    expect_eq("spawn_args_far", rz_process_spawn("x", 1, FAR_ADDR, 16, NULL, 0, &child),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("spawn_args_without_final_nul", rz_process_spawn("x", 1, "ab", 2, NULL, 0, &child),
              RZ_ERR_INVALID_ARGS);
    expect_eq("spawn_args_checked_before_the_name",
              rz_process_spawn("nosuch", 6, "a", 2, NULL, 0, &child), RZ_ERR_NOT_FOUND);
    char buf[8];
    uint32_t n = 0xffffffffu;
    expect_eq("process_args_far_buffer", rz_process_args(FAR_ADDR, 0x2000, &n),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("process_args_wrapping_actual", rz_process_args(buf, sizeof(buf), WRAP_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("process_args_none_from_init", rz_process_args(buf, 0, &n), RZ_OK);
    expect_eq("process_args_none_length", n, 0);
}

/* The kernel log is the serial line owner's (docs/console.md): this
 * program is none, and log_read decodes its arguments before the handle. */
static void kernel_log(void) {
    rz_handle_t h = RZ_HANDLE_INVALID, ev;
    char buf[16];
    uint32_t n, lost;
    expect_eq("log_open_far_out", rz_log_open(FAR_ADDR), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("log_open_denied_without_com1", rz_log_open(&h), RZ_ERR_ACCESS_DENIED);
    expect_eq("log_open_denied_leaves_no_handle", h, RZ_HANDLE_INVALID);
    expect_eq("log_read_zero_cap", rz_log_read(h, buf, 0, &n, &lost), RZ_ERR_INVALID_ARGS);
    expect_eq("log_read_huge_cap", rz_log_read(h, buf, 4097, &n, &lost), RZ_ERR_OUT_OF_RANGE);
    expect_eq("log_read_far_buffer", rz_log_read(h, FAR_ADDR, 4096, &n, &lost),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("log_read_wrapping_lost", rz_log_read(h, buf, sizeof buf, &n, WRAP_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("log_read_bad_handle", rz_log_read(h, buf, sizeof buf, &n, &lost), RZ_ERR_BAD_HANDLE);
    expect_eq("log_read_event_create", rz_event_create(&ev), RZ_OK);
    expect_eq("log_read_wrong_type", rz_log_read(ev, buf, sizeof buf, &n, &lost),
              RZ_ERR_WRONG_TYPE);
    rz_handle_close(ev);
}

int main(void) {
    garbage_pointers();
    kernel_log();
    system_info();
    arguments();
    process_listing();
    garbage_handles();
    channels();
    events_timers_waits();
    handle_table_exhaustion();
    return check_done();
}
