/*
 * The saved execution context of a thread on an Armv8-R core whose BSP runs at EL2 (Hyp mode): an EL1
 * thread (a guest in SYS or SVC mode, or at EL0 in USR mode), or the hypervisor's own thread in Hyp mode.
 * The one definition shared by C and the exception entry/exit assembly.
 * Follows: ARM DDI 0568 (Armv8-R AArch32) and ARM DDI 0487 part G, "The AArch32 System Level Programmers' Model" (banked registers: SP and LR
 * of USR/SYS and SVC, SPSR_svc; Hyp mode has its own SP_hyp, ELR_hyp and SPSR_hyp but shares LR with
 * USR/SYS), and the A32 MRS/MSR (banked register) instructions by which Hyp mode reads and writes the EL1 banks.
 * Layout: r0-r12, the USR/SYS bank's sp and lr, the preferred return address (ELR_hyp), the PSR
 * restored on return (SPSR_hyp), then the SVC bank (sp, lr, SPSR) of an EL1 thread and the stack pointer
 * of a Hyp-mode thread. The first five fields have the offsets of the Armv7-R layout (armv7r/context.h),
 * so code above the BSP that uses r[], sp_usr, lr_usr, pc and cpsr reads the same fields on both CPUs.
 * The IRQ, ABT, UND and FIQ banks of EL1 are not in the block: switching between two EL1 threads that
 * use them needs those banks saved besides it.
 */
#ifndef BSP_ARMV8R_CONTEXT_H
#define BSP_ARMV8R_CONTEXT_H

#include "armv8r/bits.h"

#define BH_CONTEXT_GPR_COUNT BH_U32(13) /* r0..r12 */
#define BH_CONTEXT_R0        0          /* r0..r12 at 4-byte steps from here */
#define BH_CONTEXT_R1        4
#define BH_CONTEXT_SP_USR    52
#define BH_CONTEXT_LR_USR    56
#define BH_CONTEXT_PC        60
#define BH_CONTEXT_CPSR      64
#define BH_CONTEXT_SP_SVC    68
#define BH_CONTEXT_LR_SVC    72
#define BH_CONTEXT_SPSR_SVC  76
#define BH_CONTEXT_SP_HYP    80
#define BH_CONTEXT_SIZE      84

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

typedef struct bh_context {
    uint32_t r[BH_CONTEXT_GPR_COUNT]; /* r0..r12 */
    uint32_t sp_usr;                  /* banked USR/SYS stack pointer */
    uint32_t lr_usr;                  /* banked USR/SYS link register (also Hyp mode's LR) */
    uint32_t pc;                      /* preferred return address (ELR_hyp) */
    uint32_t cpsr;                    /* PSR restored on return (SPSR_hyp) */
    uint32_t sp_svc;                  /* EL1 SVC bank */
    uint32_t lr_svc;
    uint32_t spsr_svc;
    uint32_t sp_hyp; /* stack pointer of a Hyp-mode thread (unused for EL1 threads) */
} bh_context;

_Static_assert(offsetof(bh_context, r) == BH_CONTEXT_R0, "context r0 offset");
_Static_assert(offsetof(bh_context, r) + sizeof(uint32_t) == BH_CONTEXT_R1, "context r1 offset");
_Static_assert(offsetof(bh_context, sp_usr) == BH_CONTEXT_SP_USR, "context sp_usr offset");
_Static_assert(offsetof(bh_context, lr_usr) == BH_CONTEXT_LR_USR, "context lr_usr offset");
_Static_assert(offsetof(bh_context, pc) == BH_CONTEXT_PC, "context pc offset");
_Static_assert(offsetof(bh_context, cpsr) == BH_CONTEXT_CPSR, "context cpsr offset");
_Static_assert(offsetof(bh_context, sp_svc) == BH_CONTEXT_SP_SVC, "context sp_svc offset");
_Static_assert(offsetof(bh_context, lr_svc) == BH_CONTEXT_LR_SVC, "context lr_svc offset");
_Static_assert(offsetof(bh_context, spsr_svc) == BH_CONTEXT_SPSR_SVC, "context spsr_svc offset");
_Static_assert(offsetof(bh_context, sp_hyp) == BH_CONTEXT_SP_HYP, "context sp_hyp offset");
_Static_assert(sizeof(bh_context) == BH_CONTEXT_SIZE, "context size");
#endif /* __ASSEMBLER__ */

#endif /* BSP_ARMV8R_CONTEXT_H */
