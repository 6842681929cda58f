/*
 * The hypercall hook of the Armv7-R layer: a guest in USR mode calls the hypervisor with SVC, whose
 * immediate (decoded by the BSP from the ARM or Thumb instruction) is the call number.
 * Follows: bsp/README.md "Execution model (Armv7-R)"; ARM DDI 0406C A8.8.228 (SVC).
 */
#include <stdint.h>

#include "bsp.h"
#include "hypervisor.h"

void bsp_handle_svc(bh_context *ctx, uint32_t imm)
{
    (void)ctx;
    hypervisor_hv_on_svc(imm);
}
