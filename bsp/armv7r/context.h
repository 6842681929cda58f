/*
 * The saved execution context of an interrupted thread (a guest at PL0, or a privileged thread
 * running in SYS mode): the one definition shared by C and the exception entry/exit assembly.
 * Follows: ARM DDI 0406C B1.3.2 "ARM core registers"; the layout is the register file seen from USR/SYS:
 * r0-r12, the USR-bank sp and lr, the preferred return address, and the saved CPSR (the exception
 * mode's SPSR). r0..lr are contiguous so that one STM/LDM with the user-bank form (^) moves them;
 * pc and cpsr are adjacent in that order because RFE (B9.3.13) loads them as a pair.
 * Every offset the assembly uses is a named constant tied to the C struct by _Static_assert.
 */
#ifndef BSP_ARMV7R_CONTEXT_H
#define BSP_ARMV7R_CONTEXT_H

#include "armv7r/bits.h"

#define BH_CONTEXT_GPR_COUNT BH_U32(13) /* r0..r12 */
#define BH_CONTEXT_R0        0          /* r0..r12 at 4-byte steps from here */
#define BH_CONTEXT_R1        4
#define BH_CONTEXT_SP_USR    52
#define BH_CONTEXT_LR_USR    56
#define BH_CONTEXT_PC        60
#define BH_CONTEXT_CPSR      64
#define BH_CONTEXT_SIZE      68

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

typedef struct bh_context {
    uint32_t r[BH_CONTEXT_GPR_COUNT]; /* r0..r12 */
    uint32_t sp_usr;                  /* banked USR/SYS stack pointer */
    uint32_t lr_usr;                  /* banked USR/SYS link register */
    uint32_t pc;                      /* preferred return address */
    uint32_t cpsr;                    /* PSR restored on return */
} bh_context;

_Static_assert(offsetof(bh_context, r) == BH_CONTEXT_R0, "context r0 offset");
_Static_assert(offsetof(bh_context, r) + sizeof(uint32_t) == BH_CONTEXT_R1, "context r1 offset");
_Static_assert(offsetof(bh_context, sp_usr) == BH_CONTEXT_SP_USR, "context sp_usr offset");
_Static_assert(offsetof(bh_context, lr_usr) == BH_CONTEXT_LR_USR, "context lr_usr offset");
_Static_assert(offsetof(bh_context, pc) == BH_CONTEXT_PC, "context pc offset");
_Static_assert(offsetof(bh_context, cpsr) == BH_CONTEXT_CPSR, "context cpsr offset");
_Static_assert(offsetof(bh_context, cpsr) == offsetof(bh_context, pc) + sizeof(uint32_t),
               "RFE needs cpsr right after pc");
_Static_assert(sizeof(bh_context) == BH_CONTEXT_SIZE, "context size");
#endif /* __ASSEMBLER__ */

#endif /* BSP_ARMV7R_CONTEXT_H */
