/* Names of the kernel's error codes (rz/rz.h). */
#include "rz/rz.h"

const char *rz_error_name(int32_t err) {
    switch (err) {
    case RZ_OK:
        return "ok";
    case RZ_ERR_INTERNAL:
        return "internal error";
    case RZ_ERR_BAD_HANDLE:
        return "bad handle";
    case RZ_ERR_WRONG_TYPE:
        return "wrong object type";
    case RZ_ERR_ACCESS_DENIED:
        return "access denied";
    case RZ_ERR_INVALID_ARGS:
        return "invalid arguments";
    case RZ_ERR_OUT_OF_BOUNDS:
        return "out of bounds";
    case RZ_ERR_NO_MEMORY:
        return "out of memory";
    case RZ_ERR_NO_RESOURCES:
        return "no resources";
    case RZ_ERR_SHOULD_WAIT:
        return "should wait";
    case RZ_ERR_PEER_CLOSED:
        return "peer closed";
    case RZ_ERR_TIMED_OUT:
        return "timed out";
    case RZ_ERR_BUFFER_TOO_SMALL:
        return "buffer too small";
    case RZ_ERR_NOT_FOUND:
        return "not found";
    case RZ_ERR_BAD_STATE:
        return "bad state";
    case RZ_ERR_CANCELED:
        return "canceled";
    case RZ_ERR_OUT_OF_RANGE:
        return "out of range";
    case RZ_ERR_NOT_SUPPORTED:
        return "not supported";
    case RZ_ERR_ALREADY_EXISTS:
        return "already exists";
    }
    return "unknown error";
}
