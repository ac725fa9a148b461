/*
 * Time, randomness and the command's end: clock_res_get, clock_time_get,
 * random_get, sched_yield, poll_oneoff (clock subscriptions only: enough
 * for sleep()) and proc_exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "wasi/wasi.h"

/* Preview1 clock ids, in order: realtime, monotonic, process and thread CPU time. */
static const clockid_t host_clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                        CLOCK_THREAD_CPUTIME_ID};

static bool host_clock(uint32_t id, clockid_t *out) {
    if (id >= sizeof host_clocks / sizeof host_clocks[0]) {
        return false;
    }
    *out = host_clocks[id];
    return true;
}

uint32_t wasi_clock_res_get(wasm_ctx_t *ctx, uint32_t id, uint32_t res_ptr) {
    clockid_t c;
    struct timespec t;
    if (!host_clock(id, &c)) {
        return WASI_EINVAL;
    }
    if (clock_getres(c, &t) != 0) {
        return wasi_errno(errno);
    }
    return wasi_put_u64(ctx, res_ptr, (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec);
}

uint32_t wasi_clock_time_get(wasm_ctx_t *ctx, uint32_t id, uint64_t precision, uint32_t time_ptr) {
    clockid_t c;
    struct timespec t;
    if (!host_clock(id, &c)) {
        return WASI_EINVAL;
    }
    if (clock_gettime(c, &t) != 0) {
        return wasi_errno(errno);
    }
    return wasi_put_u64(ctx, time_ptr, (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec);
}

uint32_t wasi_random_get(wasm_ctx_t *ctx, uint32_t buf, uint32_t len) {
    uint8_t *p = wasi_guest(ctx, buf, len);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    for (uint32_t done = 0; done < len;) {
        ssize_t n = getrandom(p + done, len - done, 0);
        if (n < 0 && errno != EINTR) {
            return wasi_errno(errno);
        }
        done += n > 0 ? (uint32_t)n : 0;
    }
    return WASI_ESUCCESS;
}

uint32_t wasi_sched_yield(wasm_ctx_t *ctx) {
    sched_yield();
    return WASI_ESUCCESS;
}

/* Layout of preview1's subscription (48 bytes) and event (32 bytes). */
enum {
    SUB_SIZE = 48,
    SUB_USERDATA = 0,
    SUB_TAG = 8,
    SUB_CLOCK_ID = 16,
    SUB_CLOCK_TIMEOUT = 24,
    SUB_CLOCK_FLAGS = 40,
    EVENT_SIZE = 32,
    EVENTTYPE_CLOCK = 0,
    SUBCLOCK_ABSTIME = 1,
};

static uint64_t now_on(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* A clock subscription's deadline on the monotonic clock; `start` is the
 * monotonic time the call began (relative timeouts count from it). */
static uint64_t deadline(const uint8_t *s, uint64_t start) {
    uint64_t timeout;
    uint32_t id;
    uint16_t flags;
    memcpy(&timeout, s + SUB_CLOCK_TIMEOUT, 8);
    memcpy(&id, s + SUB_CLOCK_ID, 4);
    memcpy(&flags, s + SUB_CLOCK_FLAGS, 2);
    uint64_t base = start;
    if (flags & SUBCLOCK_ABSTIME) {
        clockid_t c;
        uint64_t clock_now = host_clock(id, &c) ? now_on(c) : start;
        if (timeout <= clock_now) {
            return start;
        }
        timeout -= clock_now;
    }
    return timeout > UINT64_MAX - base ? UINT64_MAX : base + timeout;
}

/*
 * Only clock subscriptions are waited for: the call sleeps until the
 * earliest deadline, and every subscription whose deadline has passed
 * becomes an event. A subscription to a descriptor gets an ENOTSUP event at
 * once (and nothing sleeps), so nothing waits for what cannot happen.
 */
uint32_t wasi_poll_oneoff(wasm_ctx_t *ctx, uint32_t in, uint32_t out, uint32_t nsubs,
                          uint32_t nevents_ptr) {
    const uint8_t *subs = wasi_guest(ctx, in, (uint64_t)nsubs * SUB_SIZE);
    uint8_t *events = wasi_guest(ctx, out, (uint64_t)nsubs * EVENT_SIZE);
    if (subs == NULL || events == NULL || wasi_guest(ctx, nevents_ptr, 4) == NULL) {
        return WASI_EFAULT;
    }
    if (nsubs == 0) {
        return WASI_EINVAL;
    }
    uint64_t start = now_on(CLOCK_MONOTONIC);
    uint64_t wake = UINT64_MAX;
    for (uint32_t i = 0; i < nsubs; i++) {
        const uint8_t *s = subs + (size_t)i * SUB_SIZE;
        uint64_t d = s[SUB_TAG] == EVENTTYPE_CLOCK ? deadline(s, start) : start;
        wake = d < wake ? d : wake;
    }
    if (wake > start && wake != UINT64_MAX) {
        struct timespec t = {(time_t)(wake / 1000000000ull), (long)(wake % 1000000000ull)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
        }
    }
    uint64_t now = now_on(CLOCK_MONOTONIC);
    uint32_t n = 0;
    for (uint32_t i = 0; i < nsubs; i++) {
        const uint8_t *s = subs + (size_t)i * SUB_SIZE;
        bool is_clock = s[SUB_TAG] == EVENTTYPE_CLOCK;
        if (is_clock && deadline(s, start) > now) {
            continue;
        }
        uint8_t *e = events + (size_t)n * EVENT_SIZE;
        uint16_t error = is_clock ? WASI_ESUCCESS : WASI_ENOTSUP;
        memset(e, 0, EVENT_SIZE);
        memcpy(e, s + SUB_USERDATA, 8);
        memcpy(e + 8, &error, 2);
        e[10] = s[SUB_TAG];
        n++;
    }
    return wasi_put_u32(ctx, nevents_ptr, n);
}

void wasi_proc_exit(wasm_ctx_t *ctx, uint32_t code) {
    fflush(NULL);
    exit((int)code);
}
