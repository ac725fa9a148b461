/*
 * Status codes shared by the kernel, the SDK and tests. Every syscall
 * returns RZ_OK or one of these negative codes (a syscall that returns a
 * value, such as a handle, returns it through a guest pointer). The numbers
 * are ABI: never renumber, only append.
 */
#ifndef RZ_ABI_ERRORS_H
#define RZ_ABI_ERRORS_H

#define RZ_OK 0
#define RZ_ERR_INTERNAL (-1)          /* a kernel invariant failed; a bug */
#define RZ_ERR_BAD_HANDLE (-2)        /* not a live handle of the caller's table */
#define RZ_ERR_WRONG_TYPE (-3)        /* the handle names an object of another type */
#define RZ_ERR_ACCESS_DENIED (-4)     /* the handle lacks a right the call needs */
#define RZ_ERR_INVALID_ARGS (-5)      /* an argument is outside its documented domain */
#define RZ_ERR_OUT_OF_BOUNDS (-6)     /* a guest pointer/length leaves linear memory */
#define RZ_ERR_NO_MEMORY (-7)         /* the kernel could not allocate */
#define RZ_ERR_NO_RESOURCES (-8)      /* a fixed limit is reached (e.g. handle table full) */
#define RZ_ERR_SHOULD_WAIT (-9)       /* not possible now; wait for a signal and retry */
#define RZ_ERR_PEER_CLOSED (-10)      /* the other end of a channel is gone */
#define RZ_ERR_TIMED_OUT (-11)        /* the deadline passed first */
#define RZ_ERR_BUFFER_TOO_SMALL (-12) /* a result does not fit in the caller's buffer */
#define RZ_ERR_NOT_FOUND (-13)        /* no such name (e.g. program in the archive) */
#define RZ_ERR_BAD_STATE (-14)        /* the object is not in a state allowing the call */
#define RZ_ERR_CANCELED (-15)         /* the wait was ended by a handle close or a kill */
#define RZ_ERR_OUT_OF_RANGE (-16)     /* a value is too large (e.g. message bigger than the limit) */
#define RZ_ERR_NOT_SUPPORTED (-17)    /* the object does not support the operation */
#define RZ_ERR_ALREADY_EXISTS (-18)   /* the name is taken (e.g. a registered service) */

/* Lowest code in use: codes below it are not defined. */
#define RZ_ERR_LAST RZ_ERR_ALREADY_EXISTS

#endif
