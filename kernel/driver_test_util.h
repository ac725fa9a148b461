/*
 * What the kernel tests of drivers share (driver_test.c, mmio_test.c,
 * sys_log_test.c, vgacon_test.c): a test module with an rz.manifest
 * section appended, and a boot grant table of the test's own in place of
 * the real one.
 */
#ifndef RZ_KERNEL_DRIVER_TEST_UTIL_H
#define RZ_KERNEL_DRIVER_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/manifest.h"
#include "ktest.h"

/* The largest module driver_test_with_manifest takes, manifest included. */
#define DRIVER_TEST_MODULE_MAX 8192

/*
 * The size bytes of module with an rz.manifest section of res[0..count)
 * appended (nothing appended when count is 0), in a static buffer that
 * the next call reuses; its length in *out_size. Panics when it would
 * exceed DRIVER_TEST_MODULE_MAX (a test module that grew: raise it).
 */
const uint8_t *driver_test_with_manifest(const uint8_t *module, size_t size,
                                         const struct manifest_res *res, unsigned count,
                                         size_t *out_size);

/* Saves the boot grant table and puts an empty one in its place. */
void driver_test_grants_begin(void);

/* Grants program each of res[0..count) in the test's table. */
void driver_test_grant(struct ktest *t, const char *program, const struct manifest_res *res,
                       unsigned count);

/* Puts the table saved by driver_test_grants_begin back. */
void driver_test_grants_end(void);

#endif
