/*
 * Stack canaries of the privileged-mode stacks (SVC, IRQ, FIQ, ABT, UND, SYS): the reset code calls
 * bsp_stack_canaries_init once the stack pointers are set, which writes a pattern (mixed with the
 * word's own address, so a copied block does not pass) into the lowest STACK_CANARY_WORDS words of
 * each stack; bsp_stack_canaries_broken reports which stacks no longer hold it. The stacks lie in the
 * linker script's `.stacks` section in the order SVC, IRQ, FIQ, ABT, UND, SYS, each ending at its
 * `__stack_<mode>_top` symbol, so each stack's bottom is the previous one's top (the SVC stack's is
 * its top minus BH_STACK_SIZE_SVC).
 * Follows: ARM DDI 0406C B1.3.2 (banked SP per privileged mode) and the AAPCS (IHI 0042 5.2.1,
 * full-descending stacks: an overflow writes below the stack's lowest address first); GNU ld manual
 * 3.5.5 (symbols defined in a linker script are addresses).
 */
#include <stdint.h>

#include "armv7r/stack_canary.h"

/* Words of pattern at the bottom of each stack. */
#define STACK_CANARY_WORDS 4u
/* Canary pattern, mixed with each word's address. */
#define STACK_CANARY_PATTERN 0x5afec0deu

extern uint8_t __stack_svc_top[];
extern uint8_t __stack_irq_top[];
extern uint8_t __stack_fiq_top[];
extern uint8_t __stack_abt_top[];
extern uint8_t __stack_und_top[];
extern uint8_t __stack_sys_top[];
/* An absolute linker symbol: its address is the SVC stack's size in bytes. */
extern uint8_t BH_STACK_SIZE_SVC[];

static volatile uint32_t *stack_bottom(uint32_t stack)
{
    uintptr_t bottom;
    switch (stack) {
    case BSP_STACK_SVC:
        bottom = (uintptr_t)__stack_svc_top - (uintptr_t)BH_STACK_SIZE_SVC;
        break;
    case BSP_STACK_IRQ:
        bottom = (uintptr_t)__stack_svc_top;
        break;
    case BSP_STACK_FIQ:
        bottom = (uintptr_t)__stack_irq_top;
        break;
    case BSP_STACK_ABT:
        bottom = (uintptr_t)__stack_fiq_top;
        break;
    case BSP_STACK_UND:
        bottom = (uintptr_t)__stack_abt_top;
        break;
    default:
        bottom = (uintptr_t)__stack_und_top;
        break;
    }
    return (volatile uint32_t *)bottom;
}

/* Each stack's bottom, computed once at init (the check runs at every tick). */
static volatile uint32_t *stack_bottoms[BSP_STACK_COUNT];

static uint32_t canary_value(volatile const uint32_t *word)
{
    return STACK_CANARY_PATTERN ^ (uint32_t)(uintptr_t)word;
}

void bsp_stack_canaries_init(void)
{
    for (uint32_t stack = 0u; stack < (uint32_t)BSP_STACK_COUNT; stack++) {
        volatile uint32_t *bottom = stack_bottom(stack);
        stack_bottoms[stack] = bottom;
        for (uint32_t i = 0u; i < STACK_CANARY_WORDS; i++) {
            bottom[i] = canary_value(&bottom[i]);
        }
    }
}

uint32_t bsp_stack_canaries_broken(void)
{
    uint32_t broken = 0u;
    for (uint32_t stack = 0u; stack < (uint32_t)BSP_STACK_COUNT; stack++) {
        volatile uint32_t *bottom = stack_bottoms[stack];
        uint32_t differs = 0u;
        for (uint32_t i = 0u; i < STACK_CANARY_WORDS; i++) {
            differs |= bottom[i] ^ canary_value(&bottom[i]);
        }
        if (differs != 0u) {
            broken |= 1u << stack;
        }
    }
    return broken;
}

uint32_t bsp_stack_canary_address(uint32_t stack)
{
    return stack < (uint32_t)BSP_STACK_COUNT ? (uint32_t)(uintptr_t)stack_bottom(stack) : 0u;
}
