/*
 * What the CPU layers' exception entries share with the common part (common/exceptions.c): reading the
 * instruction a context stopped at and reporting an exception nobody handles.
 * Follows: ARM DDI 0406C A6.1 (ARM and Thumb instruction encodings); the hook contract of
 * bsp/include/bsp.h.
 */
#ifndef BSP_COMMON_EXCEPTION_REPORT_H
#define BSP_COMMON_EXCEPTION_REPORT_H

#include <stdint.h>

#include "bsp.h"

/* The instruction at ctx->pc: 32 bits in ARM state; in Thumb state one halfword, or two (first in the
 * upper half) for a 32-bit instruction. */
uint32_t bsp_instruction_at(const bh_context *ctx);

/* Writes "bsp: unhandled <what>" and the context on the console and exits through semihosting with
 * BSP_EXIT_UNHANDLED_EXCEPTION. */
_Noreturn void bsp_report_unhandled(const char *what, const bh_context *ctx, uint32_t detail);

#endif /* BSP_COMMON_EXCEPTION_REPORT_H */
