/*
 * The hypercall hook of the Armv8-R layer: a guest at EL1 calls the hypervisor with HVC, which the BSP
 * decodes from HSR (EC 0x12, the immediate in ISS[15:0]) and hands to bsp_handle_hvc; the core's
 * hypercall entry takes the immediate as the call number, as it does for an SVC on Armv7-R.
 * Follows: bsp/README.md "Execution model (Armv8-R)"; ARM DDI 0487 part G, HSR (EC 0x12, HVC
 * instruction execution in AArch32 state).
 */
#include <stdint.h>

#include "bsp.h"
#include "hypervisor.h"

void bsp_handle_hvc(bh_context *ctx, uint32_t imm)
{
    (void)ctx;
    hypervisor_hv_on_svc(imm);
}
