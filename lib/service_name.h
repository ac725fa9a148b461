/*
 * What a service name may be: the one rule, shared by the registry
 * (kernel/service.c), boot.conf's service grants (kernel/grant.c) and
 * console lines (lib/bootconf.c, in the kernel and in init).
 */
#ifndef RZ_LIB_SERVICE_NAME_H
#define RZ_LIB_SERVICE_NAME_H

#include <stdbool.h>
#include <stddef.h>

/* Whether name[0..len) is 1..RZ_SERVICE_NAME_MAX bytes of a-z, 0-9,
 * '.', '_', '-'. */
bool service_name_ok(const char *name, size_t len);

#endif
