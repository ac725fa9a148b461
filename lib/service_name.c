/* Service names; see service_name.h. */
#include "lib/service_name.h"

#include "abi/types.h"

bool service_name_ok(const char *name, size_t len) {
    if (len == 0 || len > RZ_SERVICE_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}
