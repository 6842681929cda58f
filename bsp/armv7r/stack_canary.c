/*
 * Stack canaries of the privileged-mode stacks (SVC, IRQ, FIQ, ABT, UND, SYS) and of the idle thread's
 * stack: the reset code calls bsp_stack_canaries_init once the stack pointers are set, which writes a
 * pattern (mixed with the word's own address, so a copied block does not pass) into the lowest
 * STACK_CANARY_WORDS words of each mode stack; bsp_stack_canaries_broken reports which mode stacks no
 * longer hold it (one word of each stack per call, alternating: a broken word is seen within two
 * calls). The mode stacks lie in the linker script's `.stacks` section in the order SVC, IRQ, FIQ,
 * ABT, UND, SYS, each ending at its `__stack_<mode>_top` symbol, so each stack's bottom is the
 * previous one's top (the SVC stack's is its top minus BH_STACK_SIZE_SVC). The idle thread's stack
 * belongs to the layer above, which plants the same pattern through bsp_idle_stack_canary_plant when it
 * hands the stack out; bsp_idle_stack_canary_broken checks both of its words, apart from the mode
 * stacks so that its caller chooses how often (the mode-stack check runs on every tick).
 * Follows: ARM DDI 0406C B1.3.2 (banked SP per privileged mode) and the AAPCS (IHI 0042 5.2.1,
 * full-descending stacks: an overflow writes below the stack's lowest address first); GNU ld manual
 * 3.5.5 (symbols defined in a linker script are addresses).
 */
#include <stdint.h>

#include "armv7r/stack_canary.h"

/* Words of pattern at the bottom of each stack. */
#define STACK_CANARY_WORDS 2u
/* Canary pattern, mixed with each word's address. */
#define STACK_CANARY_PATTERN 0x5afec0deu
/* Canary words of all mode stacks together. */
#define STACK_CANARY_TOTAL ((uint32_t)BSP_STACK_MODE_COUNT * STACK_CANARY_WORDS)

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

/* Every canary word and the value it must hold, computed once at init, stack-major. The check runs at
 * every tick: each call checks one word of every stack (word `canary_phase`, alternating), so each word
 * is checked every second call for one load and compare per stack. */
static volatile uint32_t *canary_words[STACK_CANARY_TOTAL];
static uint32_t canary_values[STACK_CANARY_TOTAL];
static uint32_t canary_phase;
/* The idle thread's stack bottom (null until its canary is planted). */
static volatile uint32_t *idle_canary_words;

static uint32_t canary_value(volatile const uint32_t *word)
{
    return STACK_CANARY_PATTERN ^ (uint32_t)(uintptr_t)word;
}

void bsp_stack_canaries_init(void)
{
    for (uint32_t stack = 0u; stack < (uint32_t)BSP_STACK_MODE_COUNT; stack++) {
        volatile uint32_t *bottom = stack_bottom(stack);
        for (uint32_t i = 0u; i < STACK_CANARY_WORDS; i++) {
            uint32_t slot = stack * STACK_CANARY_WORDS + i;
            canary_words[slot] = &bottom[i];
            canary_values[slot] = canary_value(&bottom[i]);
            bottom[i] = canary_values[slot];
        }
    }
}

uint32_t bsp_stack_canaries_broken(void)
{
    uint32_t broken = 0u;
    for (uint32_t slot = canary_phase; slot < STACK_CANARY_TOTAL; slot += STACK_CANARY_WORDS) {
        if (*canary_words[slot] != canary_values[slot]) {
            broken |= 1u << (slot / STACK_CANARY_WORDS);
        }
    }
    canary_phase = (canary_phase + 1u) % STACK_CANARY_WORDS;
    return broken;
}

void bsp_idle_stack_canary_plant(uint32_t *bottom)
{
    volatile uint32_t *words = bottom;
    for (uint32_t i = 0u; i < STACK_CANARY_WORDS; i++) {
        words[i] = canary_value(&words[i]);
    }
    idle_canary_words = words;
}

uint32_t bsp_idle_stack_canary_broken(void)
{
    volatile uint32_t *words = idle_canary_words;
    if (words == (volatile uint32_t *)0) {
        return 0u;
    }
    for (uint32_t i = 0u; i < STACK_CANARY_WORDS; i++) {
        if (words[i] != canary_value(&words[i])) {
            return 1u << (uint32_t)BSP_STACK_IDLE;
        }
    }
    return 0u;
}

uint32_t bsp_stack_canary_address(uint32_t stack)
{
    if (stack < (uint32_t)BSP_STACK_MODE_COUNT) {
        return (uint32_t)(uintptr_t)stack_bottom(stack);
    }
    if (stack == (uint32_t)BSP_STACK_IDLE) {
        return (uint32_t)(uintptr_t)idle_canary_words;
    }
    return 0u;
}
