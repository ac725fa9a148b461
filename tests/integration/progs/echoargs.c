/*
 * An rz-native echo: prints the arguments it was started with
 * (process_args), each in brackets so that spaces inside one show, and
 * checks that a buffer one byte too small is refused with the length.
 * tests/integration/run starts it from the shell with arguments.
 */
#include <string.h>

#include "rz/rz.h"

int main(void) {
    char args[RZ_PROCESS_ARGS_MAX];
    uint32_t len = 0;
    int32_t err = rz_process_args(args, sizeof(args), &len);
    if (err != RZ_OK) {
        rz_printf("echoargs: process_args: %s\n", rz_error_name(err));
        return 1;
    }
    uint32_t again = 0;
    if (len > 0 && (rz_process_args(args, len - 1, &again) != RZ_ERR_BUFFER_TOO_SMALL ||
                    again != len)) {
        rz_print("echoargs: a short buffer was not refused\n");
        return 1;
    }
    rz_print("echoargs:");
    for (uint32_t at = 0; at < len; at += (uint32_t)strlen(args + at) + 1) {
        rz_printf(" [%s]", args + at);
    }
    rz_printf(" (%u bytes)\n", (unsigned)len);
    return 0;
}
