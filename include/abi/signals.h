/*
 * Signals: up to 32 bits of state per object that threads wait on
 * (wait_one, wait_many). The low 24 bits belong to the kernel and mean
 * what their object type says; the high 8 are user signals, set and
 * cleared with object_signal on objects that allow it (events, channels).
 */
#ifndef RZ_ABI_SIGNALS_H
#define RZ_ABI_SIGNALS_H

#define RZ_SIG_NONE 0u
#define RZ_SIG_READABLE (1u << 0)    /* channel: a message is queued; log: bytes wait */
#define RZ_SIG_WRITABLE (1u << 1)    /* channel: the peer's queue has room */
#define RZ_SIG_PEER_CLOSED (1u << 2) /* channel: the other endpoint is gone */
#define RZ_SIG_SIGNALED (1u << 3)    /* timer: the deadline passed */
#define RZ_SIG_TERMINATED (1u << 4)  /* process/thread: it has ended */

#define RZ_SIG_USER0 (1u << 24)
#define RZ_SIG_USER_ALL 0xff000000u

#endif
