/*
 * Stack canaries of the hypervisor's stacks: a known pattern planted in the lowest words of each
 * processor mode's stack at reset, and of the idle thread's stack when the layer above hands that stack
 * out, checked later; a stack that grew past its bottom has overwritten it. Stack indices:
 * BSP_STACK_SVC .. BSP_STACK_SYS (the mode stacks of the linker script), BSP_STACK_IDLE.
 * Follows: ARM DDI 0406C B1.3.2 (each privileged mode has its own banked SP; full-descending stacks
 * per the AAPCS, IHI 0042 5.2.1, so an overflow writes below the stack's lowest address first).
 */
#ifndef BSP_ARMV7R_STACK_CANARY_H
#define BSP_ARMV7R_STACK_CANARY_H

#include <stdint.h>

enum {
    BSP_STACK_SVC = 0,
    BSP_STACK_IRQ = 1,
    BSP_STACK_FIQ = 2,
    BSP_STACK_ABT = 3,
    BSP_STACK_UND = 4,
    BSP_STACK_SYS = 5,
    /* Processor-mode stacks (the linker script's `.stacks`): indices 0 .. BSP_STACK_MODE_COUNT-1. */
    BSP_STACK_MODE_COUNT = 6,
    /* The idle thread's stack (SYS mode), owned by the layer above. */
    BSP_STACK_IDLE = 6,
    BSP_STACK_COUNT = 7
};

/* Plants the canaries of the mode stacks (called once at reset, before any stack has grown deep). */
void bsp_stack_canaries_init(void);

/* Bit i set: the canary of mode stack i no longer holds its pattern (one canary word of each mode
 * stack is checked per call, alternating, so a broken word is reported within two calls). */
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

#endif /* BSP_ARMV7R_STACK_CANARY_H */
