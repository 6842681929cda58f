/*
 * Default hook for a failed array index check in transpiled code: one console line, then a
 * semihosting exit with BSP_EXIT_BOUNDS_FAIL. Weak, so a hypervisor can route it to its health
 * monitor instead.
 * Follows: the subset's bounds-check rule (docs/TS-SUBSET.md, docs/DESIGN.md §3 "Array indexing");
 * exit through armv8r/semihost.c.
 */
#include "bsp.h"

__attribute__((weak)) _Noreturn void bh_bounds_fail(uint32_t index, uint32_t length)
{
    bsp_console_write("bh: index out of bounds: index ");
    bsp_console_write_dec(index);
    bsp_console_write(" length ");
    bsp_console_write_dec(length);
    bsp_console_write("\n");
    bsp_semihost_exit(BSP_EXIT_BOUNDS_FAIL);
}
