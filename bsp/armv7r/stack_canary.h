/*
 * Stack canaries of the privileged-mode stacks: a known pattern planted in the lowest words of each
 * processor mode's stack at reset and checked later; a stack that grew past its bottom has overwritten
 * it. Stack indices: BSP_STACK_SVC .. BSP_STACK_SYS.
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
    BSP_STACK_COUNT = 6
};

/* Plants the canaries (called once at reset, before any stack has grown deep). */
void bsp_stack_canaries_init(void);

/* Bit i set: the canary of stack i no longer holds its pattern (one canary word of each stack is
 * checked per call, alternating, so a broken word is reported within two calls). */
uint32_t bsp_stack_canaries_broken(void);

/* Address of the lowest canary word of stack `stack` (tests corrupt it through a debugger). */
uint32_t bsp_stack_canary_address(uint32_t stack);

#endif /* BSP_ARMV7R_STACK_CANARY_H */
