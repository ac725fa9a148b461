/*
 * 1000 spawn/exit cycles: spawns bin/quick.wasm (every tenth time
 * bin/trap_oob.wasm, which traps), waits for its end, checks how it ended
 * and that its memory is gone (process_info), closes the handle. Then the
 * handle table must still hold as many handles as a fresh one: no handle
 * leaked. Prints "spawncycle: ok NAME" / "not ok NAME (...)" lines, the
 * mean cycle time, and "done N checks, F failed"; exits with F.
 */
#include <stdbool.h>
#include <string.h>

#include "rz/rz.h"

#define CHECK_PROGRAM "spawncycle"
#include "check.h"

#define CYCLES 1000

int main(void) {
    uint32_t room_before = handle_table_room();
    uint32_t spawn_errors = 0, wrong_end = 0, memory_left = 0, close_errors = 0;
    uint64_t start = rz_clock_get();
    for (uint32_t i = 0; i < CYCLES; i++) {
        bool trap = i % 10 == 9;
        const char *name = trap ? "bin/trap_oob.wasm" : "bin/quick.wasm";
        rz_handle_t child;
        if (rz_process_spawn(name, (uint32_t)strlen(name), NULL, 0, NULL, 0, &child) != RZ_OK) {
            spawn_errors++;
            continue;
        }
        rz_wait_one(child, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL);
        rz_process_info_t info;
        if (rz_process_info(child, &info, sizeof(info)) != RZ_OK ||
            info.state != (trap ? RZ_PROCESS_TRAPPED : RZ_PROCESS_EXITED) ||
            (!trap && info.exit_status != 0) ||
            (trap && info.trap != RZ_TRAP_MEMORY_OUT_OF_BOUNDS)) {
            wrong_end++;
        }
        memory_left += info.memory_committed != 0;
        close_errors += rz_handle_close(child) != RZ_OK;
    }
    uint64_t elapsed = rz_clock_get() - start;
    check(spawn_errors == 0, "every_spawn_succeeds", spawn_errors);
    check(wrong_end == 0, "every_child_ends_as_expected", wrong_end);
    check(memory_left == 0, "ended_children_hold_no_memory", memory_left);
    check(close_errors == 0, "every_child_handle_closes", close_errors);
    uint32_t room_after = handle_table_room();
    check(room_after == room_before && room_after > 0, "no_handle_leaked", room_after);
    rz_printf("spawncycle: %u cycles, %llu us each\n", (unsigned)CYCLES,
              (unsigned long long)(elapsed / CYCLES / 1000));
    return check_done();
}
