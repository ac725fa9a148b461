/*
 * Services and consoles from a program: registering (grants, names,
 * duplicates, unregistering by closing), connecting (waiting, deadlines,
 * a real server in another process: bin/svc_echo.wasm, and a hostile one
 * whose end must free its name however it hid its listener), and a console
 * this process controls: console_write and console_read through it,
 * input read in pieces, a WASI child inheriting it (bin/wasi_console.wasm),
 * detaching, a console whose server went away, and garbage arguments.
 * boot.conf grants this program "t.mine" and svc_echo.wasm "t.echo".
 * Prints "services: ok NAME" / "services: not ok NAME (...)" lines and
 * "services: done N checks, F failed"; exits with F.
 */
#include <stdbool.h>
#include <string.h>

#include "rz/rz.h"

#define CHECK_PROGRAM "services"
#include "check.h"

#define MS 1000000ull
#define FAR_ADDR ((const void *)(uintptr_t)0xfffffff0u)

/* While this process's console is a channel it reads itself, result
 * lines wait here (check_print is hold) and are printed after it
 * detaches. */
static char held[8192];
static size_t held_len;

static void hold(const char *line) {
    size_t n = strlen(line);
    if (held_len + n < sizeof held) {
        memcpy(held + held_len, line, n);
        held_len += n;
    }
}

static int32_t reg(const char *name, rz_handle_t *out) {
    return rz_service_register(name, (uint32_t)strlen(name), out);
}

static int32_t conn(const char *name, uint64_t deadline, rz_handle_t *out) {
    return rz_service_connect(name, (uint32_t)strlen(name), deadline, out);
}

static void registering(void) {
    rz_handle_t l, l2, c;
    expect_eq("register_not_granted", reg("t.echo", &l), RZ_ERR_ACCESS_DENIED);
    expect_eq("register_empty_name", reg("", &l), RZ_ERR_INVALID_ARGS);
    expect_eq("register_upper_case", reg("T.mine", &l), RZ_ERR_INVALID_ARGS);
    expect_eq("register_name_too_long", reg("abcdefghijklmnopqrstuvwxyz012345", &l),
              RZ_ERR_INVALID_ARGS);
    expect_eq("register_far_name", rz_service_register(FAR_ADDR, 32, &l), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("register_far_out", rz_service_register("t.mine", 6, (void *)FAR_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("register", reg("t.mine", &l), RZ_OK);
    expect_eq("listener_not_writable", rz_channel_write(l, "x", 1, 0, 0), RZ_ERR_ACCESS_DENIED);
    expect_eq("register_twice", reg("t.mine", &l2), RZ_ERR_ALREADY_EXISTS);
    expect_eq("connect_to_self", conn("t.mine", 0, &c), RZ_OK);
    rz_handle_t server = 0;
    uint32_t nb = 99, nh = 0;
    expect_eq("listener_readable", rz_wait_one(l, RZ_SIG_READABLE, 0, 0), RZ_OK);
    expect_eq("accept", rz_channel_read(l, 0, 0, &server, 1, &nb, &nh), RZ_OK);
    check_got(nb == 0 && nh == 1, "accept_is_one_handle", nh, 1);
    char buf[8];
    rz_channel_write(c, "hey", 3, 0, 0);
    expect_eq("connection_carries_bytes", rz_channel_read(server, buf, sizeof buf, 0, 0, &nb, &nh),
              RZ_OK);
    check_got(nb == 3 && memcmp(buf, "hey", 3) == 0, "connection_bytes_right", nb, 3);
    rz_handle_close(server);
    uint32_t seen = 0;
    rz_wait_one(c, RZ_SIG_PEER_CLOSED, 0, &seen);
    check_got((seen & RZ_SIG_PEER_CLOSED) != 0, "client_sees_server_close", seen,
              RZ_SIG_PEER_CLOSED);
    rz_handle_close(c);
    rz_handle_close(l);
    expect_eq("closed_listener_frees_the_name", conn("t.mine", 0, &c), RZ_ERR_TIMED_OUT);
    expect_eq("register_again", reg("t.mine", &l), RZ_OK);
    rz_handle_close(l);
    uint64_t t0 = rz_clock_get();
    expect_eq("connect_deadline", conn("t.nobody", t0 + 20 * MS, &c), RZ_ERR_TIMED_OUT);
    check_got(rz_clock_get() >= t0 + 20 * MS, "connect_waited_until_deadline", 0, 0);
    expect_eq("connect_bad_name", conn("no way", 0, &c), RZ_ERR_INVALID_ARGS);
    expect_eq("connect_far_out", rz_service_connect("t.mine", 6, 0, (void *)FAR_ADDR),
              RZ_ERR_OUT_OF_BOUNDS);
}

static void echo_server(void) {
    rz_handle_t child, c;
    expect_eq("server_spawn", rz_process_spawn("bin/svc_echo.wasm", 17, 0, 0, 0, 0, &child), RZ_OK);
    /* The server registers soon after it starts: the connect waits. */
    expect_eq("connect_waits_for_server", conn("t.echo", rz_clock_get() + 10000 * MS, &c), RZ_OK);
    char buf[16];
    uint32_t nb = 0, nh = 0, wrong = 0;
    for (int i = 0; i < 20; i++) {
        uint32_t v = (uint32_t)i * 7;
        wrong += rz_channel_write(c, &v, sizeof v, 0, 0) != RZ_OK;
        wrong += rz_wait_one(c, RZ_SIG_READABLE, rz_clock_get() + 5000 * MS, 0) != RZ_OK;
        wrong += rz_channel_read(c, buf, sizeof buf, 0, 0, &nb, &nh) != RZ_OK;
        wrong += nb != sizeof v || memcmp(buf, &v, sizeof v) != 0;
    }
    expect_eq("echo_round_trips", wrong, 0);
    rz_channel_write(c, "quit", 4, 0, 0);
    expect_eq("server_ends", rz_wait_one(child, RZ_SIG_TERMINATED, rz_clock_get() + 10000 * MS, 0),
              RZ_OK);
    uint32_t seen = 0;
    rz_wait_one(c, RZ_SIG_PEER_CLOSED, 0, &seen);
    check_got((seen & RZ_SIG_PEER_CLOSED) != 0, "server_exit_closes_connections", seen,
              RZ_SIG_PEER_CLOSED);
    rz_handle_close(c);
    rz_handle_close(child);
}

/* A server that ends with its listener hidden in a cycle of channels
 * (svc_echo's "squat") leaves its name free. */
static void squatter(void) {
    rz_handle_t child, c;
    expect_eq("squatter_spawn", rz_process_spawn("bin/svc_echo.wasm", 17, "squat", 6, 0, 0, &child),
              RZ_OK);
    expect_eq("squatter_ends",
              rz_wait_one(child, RZ_SIG_TERMINATED, rz_clock_get() + 10000 * MS, 0), RZ_OK);
    rz_process_info_t info = {0};
    rz_process_info(child, &info, sizeof info);
    expect_eq("squatter_hid_its_listener", info.exit_status, 0);
    rz_handle_close(child);
    expect_eq("squatter_end_frees_the_name", conn("t.echo", 0, &c), RZ_ERR_TIMED_OUT);
}

/* Where want starts in hay[0..len), or NULL. */
static char *find(char *hay, size_t len, const char *want) {
    size_t n = strlen(want);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(hay + i, want, n) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

/* Reads from the console's far end until `want` has arrived (or 5 s). */
static bool expect_output(rz_handle_t far, const char *want) {
    static char got[512];
    static size_t len;
    uint64_t deadline = rz_clock_get() + 5000 * MS;
    while (rz_clock_get() < deadline) {
        char *hit = find(got, len, want);
        if (hit != NULL) {
            size_t used = (size_t)(hit - got) + strlen(want);
            memmove(got, got + used, len - used);
            len -= used;
            return true;
        }
        uint32_t nb = 0, nh = 0;
        if (rz_wait_one(far, RZ_SIG_READABLE, deadline, 0) != RZ_OK ||
            rz_channel_read(far, got + len, (uint32_t)(sizeof got - len), 0, 0, &nb, &nh) !=
                RZ_OK) {
            return false;
        }
        len += nb;
    }
    return false;
}

static void console(void) {
    rz_handle_t near, far, child, ev, readonly;
    rz_channel_create(&near, &far);
    rz_event_create(&ev);
    expect_eq("attach_bad_handle", rz_console_attach(0x7777), RZ_ERR_BAD_HANDLE);
    expect_eq("attach_event", rz_console_attach(ev), RZ_ERR_WRONG_TYPE);
    rz_handle_duplicate(near, RZ_RIGHT_WRITE, &readonly);
    expect_eq("attach_without_read_right", rz_console_attach(readonly), RZ_ERR_ACCESS_DENIED);
    rz_handle_close(readonly);
    rz_handle_close(ev);
    check_print = hold;
    expect_eq("attach", rz_console_attach(near), RZ_OK);
    expect_eq("attach_moves_the_handle", rz_handle_close(near), RZ_ERR_BAD_HANDLE);
    expect_eq("console_write", rz_console_write("to the console\n", 15), RZ_OK);
    check_got(expect_output(far, "to the console\n"), "console_write_arrives", 0, 0);
    rz_channel_write(far, "abcdef", 6, 0, 0);
    char in[8];
    uint32_t n = 0;
    expect_eq("console_read_part", rz_console_read(in, 4, &n), RZ_OK);
    check_got(n == 4 && memcmp(in, "abcd", 4) == 0, "console_read_first_bytes", n, 4);
    expect_eq("console_read_rest", rz_console_read(in, sizeof in, &n), RZ_OK);
    check_got(n == 2 && memcmp(in, "ef", 2) == 0, "console_read_rest_of_message", n, 2);
    expect_eq("console_write_far", rz_console_write(FAR_ADDR, 64), RZ_ERR_OUT_OF_BOUNDS);
    /* A WASI child inherits the console: stdout, stdin, stderr. */
    expect_eq("child_spawn", rz_process_spawn("bin/wasi_console.wasm", 21, 0, 0, 0, 0, &child),
              RZ_OK);
    check_got(expect_output(far, "wasi_console: hello\n"), "child_output_on_inherited_console", 0,
              0);
    rz_channel_write(far, "typed line\n", 11, 0, 0);
    check_got(expect_output(far, "wasi_console: got typed line\n"), "child_reads_inherited_console",
              0, 0);
    check_got(expect_output(far, "wasi_console: bye\n"), "child_stderr_on_console", 0, 0);
    rz_process_info_t info = {0};
    rz_wait_one(child, RZ_SIG_TERMINATED, rz_clock_get() + 10000 * MS, 0);
    rz_process_info(child, &info, sizeof info);
    expect_eq("child_exit_status", info.state == RZ_PROCESS_EXITED ? info.exit_status : -1, 0);
    rz_handle_close(child);
    /* The server side goes away: writes and reads say so. */
    rz_handle_close(far);
    expect_eq("console_write_peer_closed", rz_console_write("x", 1), RZ_ERR_PEER_CLOSED);
    expect_eq("console_read_peer_closed", rz_console_read(in, sizeof in, &n), RZ_ERR_PEER_CLOSED);
    expect_eq("detach", rz_console_attach(RZ_HANDLE_INVALID), RZ_OK);
    check_print = rz_print;
    rz_print(held);
    expect_eq("write_after_detach_goes_to_the_log", rz_console_write("", 0), RZ_OK);
}

int main(void) {
    registering();
    squatter();
    echo_server();
    console();
    return check_done();
}
