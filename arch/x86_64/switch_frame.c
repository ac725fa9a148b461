/* The first switch frame of a new thread (layout in switch.S). */
#include "arch/x86_64/switch.h"

extern char arch_thread_entry[];

enum { FRAME_R15, FRAME_R14, FRAME_R13, FRAME_R12, FRAME_RBX, FRAME_RBP, FRAME_RET, FRAME_WORDS };

uint64_t arch_switch_frame_init(uintptr_t stack_top, void (*start)(void *), void *arg) {
    /* Two zero words above the frame leave rsp 16-byte aligned after the
     * ret into arch_thread_entry (and end a backtrace walking past it). */
    uint64_t *frame = (uint64_t *)(stack_top & ~(uintptr_t)15) - FRAME_WORDS - 2;
    frame[FRAME_R15] = 0;
    frame[FRAME_R14] = 0;
    frame[FRAME_R13] = (uint64_t)arg;
    frame[FRAME_R12] = (uint64_t)start;
    frame[FRAME_RBX] = 0;
    frame[FRAME_RBP] = 0;
    frame[FRAME_RET] = (uint64_t)arch_thread_entry;
    frame[FRAME_WORDS] = 0;
    frame[FRAME_WORDS + 1] = 0;
    return (uint64_t)frame;
}
