/*
 * Compile-time proof that the core's saved vCPU state (VcpuContext, firmware/core/vcpu-context.ts,
 * offsets generated into bh_offsets.h by the transpiler's @layout) begins with exactly the register
 * block the Armv8-R layer's exception entry saves and its exit restores (bh_context,
 * bsp/armv8r/context.h: the USR/SYS bank, ELR_hyp, SPSR_hyp, the EL1 SVC bank and SP_hyp), so the BSP
 * may be handed a VcpuContext as a bh_context. This file has no code: it fails to compile when the two
 * layouts drift apart.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: ELR_hyp, SPSR_hyp, the banked SP/LR/SPSR of EL1
 * modes, SP_hyp).
 */
#include <stddef.h>
#include <stdint.h>

#include "armv8r/context.h"
#include "bh_offsets.h"
#include "vcpu_context.h"

_Static_assert(VCPU_CONTEXT_R_OFFSET == BH_CONTEXT_R0, "VcpuContext.r must start where bh_context.r does");
_Static_assert(VCPU_CONTEXT_SP_USR_OFFSET == BH_CONTEXT_SP_USR, "VcpuContext.spUsr matches bh_context");
_Static_assert(VCPU_CONTEXT_LR_USR_OFFSET == BH_CONTEXT_LR_USR, "VcpuContext.lrUsr matches bh_context");
_Static_assert(VCPU_CONTEXT_PC_OFFSET == BH_CONTEXT_PC, "VcpuContext.pc matches bh_context");
_Static_assert(VCPU_CONTEXT_CPSR_OFFSET == BH_CONTEXT_CPSR, "VcpuContext.cpsr matches bh_context");
_Static_assert(VCPU_CONTEXT_SP_SVC_OFFSET == BH_CONTEXT_SP_SVC, "VcpuContext.spSvc matches bh_context");
_Static_assert(VCPU_CONTEXT_LR_SVC_OFFSET == BH_CONTEXT_LR_SVC, "VcpuContext.lrSvc matches bh_context");
_Static_assert(VCPU_CONTEXT_SPSR_SVC_OFFSET == BH_CONTEXT_SPSR_SVC, "VcpuContext.spsrSvc matches bh_context");
_Static_assert(VCPU_CONTEXT_SP_HYP_OFFSET == BH_CONTEXT_SP_HYP, "VcpuContext.spHyp matches bh_context");
_Static_assert(VCPU_CONTEXT_FPSCR_OFFSET >= BH_CONTEXT_SIZE, "the VFP state follows the BSP's block");
/* The transpiled struct itself (not only the generated numbers) agrees with the BSP's struct. */
_Static_assert(offsetof(struct vcpu_context, sp_svc) == offsetof(bh_context, sp_svc), "struct sp_svc");
_Static_assert(offsetof(struct vcpu_context, sp_hyp) == offsetof(bh_context, sp_hyp), "struct sp_hyp");
_Static_assert(sizeof(struct vcpu_context) == VCPU_CONTEXT_SIZE, "generated size matches the struct");
