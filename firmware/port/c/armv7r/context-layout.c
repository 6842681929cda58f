/*
 * Compile-time proof that the core's saved vCPU state (VcpuContext, firmware/core/vcpu-context.ts,
 * offsets generated into bh_offsets.h by the transpiler's @layout) begins with exactly the register
 * block the BSP's exception entry saves and its exit restores (bh_context, bsp/armv7r/context.h), so
 * the BSP may be handed a VcpuContext as a bh_context. This file has no code: it fails to compile when
 * the two layouts drift apart.
 * Follows: ARM DDI 0406C B1.3.2 (core registers r0-r12, banked USR sp/lr) and B9.3.13 (RFE loads pc
 * then CPSR from consecutive words).
 */
#include <stddef.h>
#include <stdint.h>

#include "armv7r/context.h"
#include "bh_offsets.h"
#include "vcpu_context.h"

/* Bytes per saved 32-bit register. */
#define CONTEXT_WORD_BYTES 4

_Static_assert(VCPU_CONTEXT_R_OFFSET == BH_CONTEXT_R0, "VcpuContext.r must start where bh_context.r does");
_Static_assert(VCPU_CONTEXT_R_OFFSET + CONTEXT_WORD_BYTES == BH_CONTEXT_R1, "r1 follows r0");
_Static_assert(VCPU_CONTEXT_SP_USR_OFFSET ==
                   VCPU_CONTEXT_R_OFFSET + BH_CONTEXT_GPR_COUNT * CONTEXT_WORD_BYTES,
               "VcpuContext.r holds r0..r12 inline, as bh_context does");
_Static_assert(VCPU_CONTEXT_SP_USR_OFFSET == BH_CONTEXT_SP_USR,
               "VcpuContext.spUsr matches bh_context.sp_usr");
_Static_assert(VCPU_CONTEXT_LR_USR_OFFSET == BH_CONTEXT_LR_USR,
               "VcpuContext.lrUsr matches bh_context.lr_usr");
_Static_assert(VCPU_CONTEXT_PC_OFFSET == BH_CONTEXT_PC, "VcpuContext.pc matches bh_context.pc");
_Static_assert(VCPU_CONTEXT_CPSR_OFFSET == BH_CONTEXT_CPSR, "VcpuContext.cpsr matches bh_context.cpsr");
_Static_assert(VCPU_CONTEXT_SIZE >= BH_CONTEXT_SIZE, "VcpuContext holds at least a bh_context");
_Static_assert(VCPU_CONTEXT_FPSCR_OFFSET >= BH_CONTEXT_SIZE, "the VFP state follows the BSP's block");
/* The transpiled struct itself (not only the generated numbers) agrees with the BSP's struct. */
_Static_assert(offsetof(struct vcpu_context, sp_usr) == offsetof(bh_context, sp_usr), "struct sp_usr");
_Static_assert(offsetof(struct vcpu_context, pc) == offsetof(bh_context, pc), "struct pc");
_Static_assert(offsetof(struct vcpu_context, cpsr) == offsetof(bh_context, cpsr), "struct cpsr");
_Static_assert(sizeof(struct vcpu_context) == VCPU_CONTEXT_SIZE, "generated size matches the struct");
