/*
 * Stack canaries of the hypervisor's stacks on Armv8-R: a known pattern planted in the lowest words of
 * the one Hyp-mode stack at reset, and of the idle thread's stack when the layer above hands that stack
 * out, checked later; a stack that grew past its bottom has overwritten it. Stack indices:
 * BSP_STACK_HYP (the linker script's `.stacks`), BSP_STACK_IDLE. Same API as bsp/armv7r/stack_canary.h.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: SP_hyp, Hyp mode's own stack pointer) and the
 * AAPCS (IHI 0042 5.2.1, full-descending stacks: an overflow writes below the stack's lowest address
 * first).
 */
#ifndef BSP_ARMV8R_STACK_CANARY_H
#define BSP_ARMV8R_STACK_CANARY_H

#include <stdint.h>

enum {
    BSP_STACK_HYP = 0,
    /* Processor-mode stacks (the linker script's `.stacks`): indices 0 .. BSP_STACK_MODE_COUNT-1. */
    BSP_STACK_MODE_COUNT = 1,
    /* The idle thread's stack, owned by the layer above. */
    BSP_STACK_IDLE = 1,
    BSP_STACK_COUNT = 2
};

/* Plants the canary of the Hyp stack (called once at reset, after .bss is zeroed). */
void bsp_stack_canaries_init(void);

/* Bit BSP_STACK_HYP set: the canary of the Hyp stack no longer holds its pattern (one canary word is
 * checked per call, alternating, so a broken word is reported within two calls). */
uint32_t bsp_stack_canaries_broken(void);

/* Plants the canary of the idle thread's stack, whose lowest word is `bottom` (8-byte aligned), before
 * the idle thread first runs on it. Until then the idle stack is not checked. */
void bsp_idle_stack_canary_plant(uint32_t *bottom);

/* 1 << BSP_STACK_IDLE when a canary word of the idle thread's stack no longer holds its pattern (both
 * words checked per call), else 0 (also before the canary is planted). */
uint32_t bsp_idle_stack_canary_broken(void);

/* Address of the lowest canary word of stack `stack` (tests corrupt it through a debugger); 0 for an
 * index out of range and for the idle stack before its canary is planted. */
uint32_t bsp_stack_canary_address(uint32_t stack);

#endif /* BSP_ARMV8R_STACK_CANARY_H */
