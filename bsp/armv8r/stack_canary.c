/*
 * Stack canaries of the Hyp-mode stack and of the idle thread's stack: the reset code calls
 * bsp_stack_canaries_init once .bss is zeroed, which writes a pattern (mixed with the word's own
 * address, so a copied block does not pass) into the lowest STACK_CANARY_WORDS words of the Hyp stack
 * (`__stack_hyp_bottom` of the linker script's `.stacks`); bsp_stack_canaries_broken reports whether it
 * still holds (one word per call, alternating: a broken word is seen within two calls). The idle
 * thread's stack belongs to the layer above, which plants the same pattern through
 * bsp_idle_stack_canary_plant when it hands the stack out; bsp_idle_stack_canary_broken checks both of
 * its words.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: SP_hyp) and the AAPCS (IHI 0042 5.2.1,
 * full-descending stacks); GNU ld manual 3.5.5 (symbols defined in a linker script are addresses).
 */
#include <stdint.h>

#include "armv8r/stack_canary.h"

/* Words of pattern at the bottom of each stack. */
#define STACK_CANARY_WORDS 2u
/* Canary pattern, mixed with each word's address. */
#define STACK_CANARY_PATTERN 0x5afec0deu

extern uint8_t __stack_hyp_bottom[];

static uint32_t canary_phase;
/* The idle thread's stack bottom (null until its canary is planted). */
static volatile uint32_t *idle_canary_words;

static uint32_t canary_value(volatile const uint32_t *word)
{
    return STACK_CANARY_PATTERN ^ (uint32_t)(uintptr_t)word;
}

static volatile uint32_t *hyp_stack_bottom(void) { return (volatile uint32_t *)(void *)__stack_hyp_bottom; }

void bsp_stack_canaries_init(void)
{
    volatile uint32_t *bottom = hyp_stack_bottom();
    for (uint32_t i = 0u; i < STACK_CANARY_WORDS; i++) {
        bottom[i] = canary_value(&bottom[i]);
    }
}

uint32_t bsp_stack_canaries_broken(void)
{
    volatile uint32_t *word = &hyp_stack_bottom()[canary_phase];
    canary_phase = (canary_phase + 1u) % STACK_CANARY_WORDS;
    return *word != canary_value(word) ? 1u << (uint32_t)BSP_STACK_HYP : 0u;
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
    if (stack == (uint32_t)BSP_STACK_HYP) {
        return (uint32_t)(uintptr_t)hyp_stack_bottom();
    }
    if (stack == (uint32_t)BSP_STACK_IDLE) {
        return (uint32_t)(uintptr_t)idle_canary_words;
    }
    return 0u;
}
