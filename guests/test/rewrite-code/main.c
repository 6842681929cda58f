/*
 * rewrite-code: test guest for cold restart from the pristine image. Its VM's code area is writable
 * (rwx), so the guest can overwrite a word of its own linked image (.rodata). It prints that word,
 * overwrites it, then writes into the hypervisor to provoke an MPU violation; the health policy
 * restarts it. After a cold restart the word is back to its linked value (the hypervisor copied the
 * pristine image over the code area); after a warm restart it keeps the overwritten value.
 * A start counter in .noinit (left alone by crt0) numbers the runs.
 * Follows: docs/HYPERCALLS.md (ConsoleWrite, Yield); ARM DDI 0406C B5.1 (a USR write outside the
 * VM's regions aborts).
 */
#include "bulkhead.h"
#include "../run_counter.h"

/* The word of the linked image and the value the guest overwrites it with. */
#define IMAGE_WORD_LINKED    0x11111111u
#define IMAGE_WORD_REWRITTEN 0x22222222u
/* A word in the hypervisor's own memory: writing it is the MPU violation that ends each run. */
#define HYPERVISOR_WORD 0x00000100u
/* This guest's marker of an initialised run counter (run_counter.h). */
#define STATE_MAGIC 0x5EC0DE11u

/* Placed explicitly in .rodata (the code area): GCC would put a const volatile object in .data, which
 * crt0 re-initialises on every start. */
static const volatile uint32_t image_word __attribute__((section(".rodata.image_word"))) = IMAGE_WORD_LINKED;
/* Read at run time so the compiler does not treat the small constant address as a null-pointer offset. */
static volatile uint32_t hypervisor_word_address = HYPERVISOR_WORD;

int main(void)
{
    uint32_t start = run_counter_next(STATE_MAGIC);
    (void)bh_printf("rewrite: start %lu word 0x%08lx\n", (unsigned long)start, (unsigned long)image_word);
    *(volatile uint32_t *)(uintptr_t)&image_word = IMAGE_WORD_REWRITTEN;
    (void)bh_printf("rewrite: now 0x%08lx\n", (unsigned long)image_word);
    *(volatile uint32_t *)(uintptr_t)hypervisor_word_address = IMAGE_WORD_REWRITTEN;
    (void)bh_printf("rewrite: NOT STOPPED\n");
    for (;;) {
        (void)bh_yield();
    }
}
