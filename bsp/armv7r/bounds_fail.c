/*
 * Default hook for a failed array index check in transpiled code: one console line, then a
 * semihosting exit with BSP_EXIT_BOUNDS_FAIL. Weak, so a hypervisor can route it to its health
 * monitor instead.
 * Follows: the subset's bounds-check rule (docs/TS-SUBSET.md, DESIGN section 3 "Array indexing");
 * exit through armv7r/semihost.c.
 */
#include "bsp.h"

__attribute__((weak)) void bh_bounds_fail(void)
{
    bsp_console_write("bh: index out of bounds\n");
    bsp_semihost_exit(BSP_EXIT_BOUNDS_FAIL);
}
