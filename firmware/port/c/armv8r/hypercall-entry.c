/*
 * The EL2-only hooks of the Armv8-R layer. Hypercalls: a guest at EL1 calls the hypervisor with HVC,
 * which the BSP decodes from HSR (EC 0x12, the immediate in ISS[15:0]) and hands to bsp_handle_hvc; the
 * core's hypercall entry takes the immediate as the call number, as it does for an SVC on Armv7-R.
 * Traps: every other exception a guest causes at EL2 without a fault (a trapped register access, a
 * trapped VFP access) is the guest's undefined-instruction health event.
 * Follows: bsp/README.md "Execution model (Armv8-R)"; ARM DDI 0487 part G, HSR (EC 0x12, HVC
 * instruction execution in AArch32 state; EC 0x03 trapped MCR/MRC, 0x07 trapped FP/SIMD access).
 */
#include <stdint.h>

#include "bsp.h"
#include "hypervisor.h"

void bsp_handle_hvc(bh_context *ctx, uint32_t imm)
{
    (void)ctx;
    hypervisor_hv_on_svc(imm);
}

void bsp_handle_trap(bh_context *ctx, uint32_t hsr)
{
    /* An access the hypervisor traps (bsp_guest_traps_init, HCPTR for a VM without the VFP) or any
     * other instruction EL2 does not serve for a guest: the VM's undefined-instruction event, with the
     * syndrome as its detail. */
    hypervisor_hv_on_undefined(ctx->pc, hsr);
}
