/* Clocks: monotonic never goes back, sleeping 20 ms (poll_oneoff) takes at
 * least 20 ms, realtime is after 2020, and the resolution is sane. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(void) {
    long long a = ns(CLOCK_MONOTONIC), b = ns(CLOCK_MONOTONIC);
    printf("monotonic %s\n", b >= a ? "ok" : "went back");
    usleep(20000);
    long long c = ns(CLOCK_MONOTONIC);
    printf("sleep %s\n", c - b >= 20000000 ? "ok" : "too short");
    printf("realtime %s\n", ns(CLOCK_REALTIME) > 1577836800ll * 1000000000ll ? "ok" : "too early");
    struct timespec res;
    printf("res %s\n",
           clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 ? "ok"
                                                                                          : "bad");
    return 0;
}
