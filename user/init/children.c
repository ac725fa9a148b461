/* init's children (children.h). */
#include "user/init/children.h"

#include <string.h>

#include "rz/rz.h"

struct child {
    bool used;
    enum bootconf_kind kind; /* run, driver or console */
    char path[BOOTCONF_LINE_MAX];
    char service[BOOTCONF_LINE_MAX]; /* console @SERVICE; "" for none */
    char args[BOOTCONF_LINE_MAX]; /* each ends with a NUL, as process_spawn takes them */
    uint32_t args_len;
    rz_handle_t process; /* RZ_HANDLE_INVALID: not running */
    uint32_t pid;
    uint64_t started;    /* clock_get at the last start */
    uint64_t restart_at; /* 0: no restart due */
    /* Drivers: restarts in all, and those within the window. */
    unsigned restarts, in_window;
    uint64_t window_start;
};

static struct child children[CHILDREN_MAX];

_Static_assert(CHILDREN_MAX <= RZ_WAIT_MANY_MAX, "one wait_many covers every child");
_Static_assert(BOOTCONF_LINE_MAX <= RZ_PROCESS_ARGS_MAX, "a line's arguments fit process_spawn");

int child_add(const struct bootconf_cmd *cmd) {
    for (int i = 0; i < CHILDREN_MAX; i++) {
        struct child *c = &children[i];
        if (c->used) {
            continue;
        }
        *c = (struct child){.used = true, .kind = cmd->kind, .process = RZ_HANDLE_INVALID};
        strcpy(c->path, cmd->words[0]);
        strcpy(c->service, cmd->service != NULL ? cmd->service : "");
        for (size_t w = 1; w < cmd->count; w++) {
            size_t n = strlen(cmd->words[w]) + 1;
            memcpy(c->args + c->args_len, cmd->words[w], n);
            c->args_len += (uint32_t)n;
        }
        return i;
    }
    rz_printf("init: %s: more than %d programs at once; not run\n", cmd->words[0], CHILDREN_MAX);
    return -1;
}

/* Connects to c's console service and makes the connection init's
 * console, for the spawn that follows to inherit; false (reported) when
 * it cannot. */
static bool attach_console(const struct child *c) {
    rz_handle_t con;
    int32_t err = rz_service_connect(c->service, (uint32_t)strlen(c->service),
                                     rz_clock_get() + CHILD_CONSOLE_CONNECT_NS, &con);
    if (err == RZ_OK) {
        err = rz_console_attach(con);
        if (err != RZ_OK) {
            rz_handle_close(con);
        }
    }
    if (err != RZ_OK) {
        rz_printf("init: %s: console @%s: %s\n", c->path, c->service, rz_error_name(err));
        return false;
    }
    return true;
}

bool child_start(int slot) {
    struct child *c = &children[slot];
    rz_process_info_t info;
    c->restart_at = 0;
    c->started = rz_clock_get();
    c->process = RZ_HANDLE_INVALID;
    if (c->service[0] != '\0' && !attach_console(c)) {
        c->restart_at = rz_clock_get() + CHILD_RESTART_MIN_NS; /* the service may come back */
        return false;
    }
    int32_t err = rz_process_spawn(c->path, (uint32_t)strlen(c->path), c->args, c->args_len,
                                   NULL, 0, &c->process);
    if (c->service[0] != '\0') {
        rz_console_attach(RZ_HANDLE_INVALID); /* init's own output stays the kernel log */
    }
    if (err != RZ_OK) {
        rz_printf("init: %s: %s\n", c->path,
                  err == RZ_ERR_NOT_FOUND ? "not in the boot archive" : rz_error_name(err));
        c->process = RZ_HANDLE_INVALID;
        return false;
    }
    /* A fresh handle has RZ_RIGHT_INSPECT: this does not fail. */
    c->pid = rz_process_info(c->process, &info, sizeof info) == RZ_OK ? info.pid : 0;
    return true;
}

bool child_alive(int slot) {
    return children[slot].process != RZ_HANDLE_INVALID || children[slot].restart_at != 0;
}

void child_free(int slot) {
    children[slot].used = false;
}

/* When a trapped driver starts again (0: given up), saying which. */
static uint64_t driver_restart(struct child *c, uint64_t now) {
    if (c->in_window == 0 || now - c->window_start > CHILD_DRIVER_WINDOW_NS) {
        c->window_start = now;
        c->in_window = 0;
    }
    if (c->in_window == CHILD_DRIVER_RESTARTS_MAX) {
        rz_printf("init: driver %s trapped %u times in a row within a minute; not restarted\n",
                  c->path, c->in_window + 1);
        return 0;
    }
    c->in_window++;
    c->restarts++;
    rz_printf("init: driver %s trapped, restart %u\n", c->path, c->restarts);
    return c->started + CHILD_RESTART_MIN_NS;
}

/* c's program ended: report, close, and schedule what the policy says. */
static void ended(struct child *c) {
    rz_process_info_t info;
    int32_t err = rz_process_info(c->process, &info, sizeof info);
    rz_handle_close(c->process);
    c->process = RZ_HANDLE_INVALID;
    if (err != RZ_OK) {
        rz_printf("init: %s (pid %u): %s\n", c->path, (unsigned)c->pid, rz_error_name(err));
        return;
    }
    if (info.state == RZ_PROCESS_EXITED) {
        rz_printf("init: %s (pid %u) exited with status %d\n", c->path, (unsigned)c->pid,
                  (int)info.exit_status);
    } else {
        rz_printf("init: %s (pid %u) %s\n", c->path, (unsigned)c->pid,
                  info.state == RZ_PROCESS_TRAPPED ? "trapped" : "was killed");
    }
    uint64_t at = 0;
    if (c->kind == BOOTCONF_CONSOLE) {
        at = c->started + CHILD_RESTART_MIN_NS;
    } else if (c->kind == BOOTCONF_DRIVER && info.state == RZ_PROCESS_TRAPPED) {
        at = driver_restart(c, rz_clock_get());
    }
    c->restart_at = at;
}

bool child_wait(void) {
    rz_wait_item_t items[CHILDREN_MAX];
    int slots[CHILDREN_MAX];
    uint32_t n = 0;
    uint64_t deadline = RZ_TIME_INFINITE;
    for (int i = 0; i < CHILDREN_MAX; i++) {
        struct child *c = &children[i];
        if (c->used && c->process != RZ_HANDLE_INVALID) {
            items[n] = (rz_wait_item_t){.handle = c->process, .waitfor = RZ_SIG_TERMINATED};
            slots[n++] = i;
        } else if (c->used && c->restart_at != 0 && c->restart_at < deadline) {
            deadline = c->restart_at;
        }
    }
    if (n == 0 && deadline == RZ_TIME_INFINITE) {
        return false;
    }
    int32_t err = n > 0 ? rz_wait_many(items, n, deadline) : rz_sleep_until(deadline);
    if (err != RZ_OK && err != RZ_ERR_TIMED_OUT) {
        rz_printf("init: waiting for the children: %s\n", rz_error_name(err));
        return false;
    }
    for (uint32_t i = 0; i < n && err == RZ_OK; i++) {
        if (items[i].observed & RZ_SIG_TERMINATED) {
            ended(&children[slots[i]]);
        }
    }
    uint64_t now = rz_clock_get();
    for (int i = 0; i < CHILDREN_MAX; i++) {
        struct child *c = &children[i];
        if (c->used && c->restart_at != 0 && c->restart_at <= now) {
            child_start(i);
        }
    }
    return true;
}
