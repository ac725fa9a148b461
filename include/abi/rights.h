/*
 * Rights: what a handle allows on its object. A handle's rights never grow:
 * handle_duplicate and handle_replace can only keep or drop bits. Which
 * syscall needs which right is written in include/abi/syscalls.def.
 */
#ifndef RZ_ABI_RIGHTS_H
#define RZ_ABI_RIGHTS_H

#define RZ_RIGHT_NONE 0u
#define RZ_RIGHT_DUPLICATE (1u << 0) /* handle_duplicate */
#define RZ_RIGHT_TRANSFER (1u << 1)  /* send the handle through a channel */
#define RZ_RIGHT_READ (1u << 2)      /* channel_read, read state */
#define RZ_RIGHT_WRITE (1u << 3)     /* channel_write, timer_set/cancel */
#define RZ_RIGHT_SIGNAL (1u << 4)    /* object_signal (user signals) */
#define RZ_RIGHT_WAIT (1u << 5)      /* wait_one / wait_many */
#define RZ_RIGHT_INSPECT (1u << 6)   /* process_info and other queries */
#define RZ_RIGHT_MANAGE (1u << 7)    /* process_kill and other control */

#define RZ_RIGHTS_ALL 0xffu

/* The rights a new object's first handle gets, by object kind. */
#define RZ_DEFAULT_CHANNEL_RIGHTS                                                                  \
    (RZ_RIGHT_DUPLICATE | RZ_RIGHT_TRANSFER | RZ_RIGHT_READ | RZ_RIGHT_WRITE | RZ_RIGHT_WAIT |     \
     RZ_RIGHT_SIGNAL | RZ_RIGHT_INSPECT)
#define RZ_DEFAULT_EVENT_RIGHTS                                                                    \
    (RZ_RIGHT_DUPLICATE | RZ_RIGHT_TRANSFER | RZ_RIGHT_SIGNAL | RZ_RIGHT_WAIT | RZ_RIGHT_INSPECT)
#define RZ_DEFAULT_TIMER_RIGHTS                                                                    \
    (RZ_RIGHT_DUPLICATE | RZ_RIGHT_TRANSFER | RZ_RIGHT_WRITE | RZ_RIGHT_WAIT | RZ_RIGHT_INSPECT)
#define RZ_DEFAULT_LOG_RIGHTS (RZ_RIGHT_READ | RZ_RIGHT_WAIT)
#define RZ_DEFAULT_INTERRUPT_RIGHTS (RZ_RIGHT_WRITE | RZ_RIGHT_WAIT | RZ_RIGHT_INSPECT)
#define RZ_DEFAULT_PROCESS_RIGHTS                                                                  \
    (RZ_RIGHT_DUPLICATE | RZ_RIGHT_TRANSFER | RZ_RIGHT_WAIT | RZ_RIGHT_INSPECT | RZ_RIGHT_MANAGE)
#define RZ_DEFAULT_THREAD_RIGHTS                                                                   \
    (RZ_RIGHT_DUPLICATE | RZ_RIGHT_TRANSFER | RZ_RIGHT_WAIT | RZ_RIGHT_INSPECT)

#endif
