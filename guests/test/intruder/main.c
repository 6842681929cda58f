/*
 * intruder: test guest for MPU isolation. Attempts alternate over warm restarts (the attempt
 * counter lives in .noinit, which crt0 leaves alone): even attempts write to BH_INTRUDER_TARGET,
 * another VM's memory given at build time (-DBH_INTRUDER_TARGET=<address or bulkhead_system.h
 * name>); odd attempts write to the hypervisor at HYPERVISOR_WORD. Each write must end in a data
 * abort; a line "intruder: NOT STOPPED" after a write means isolation failed.
 * Follows: ARM DDI 0406C B5.1 (PMSAv7: a USR access outside the enabled regions aborts); on Armv8-R
 * an EL1 access outside the EL2 MPU's regions aborts to EL2 (ARM DDI 0568, HCR.VM).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"
#include "../run_counter.h"

#ifndef BH_INTRUDER_TARGET
#error "build with -DBH_INTRUDER_TARGET=<address in another VM's memory>"
#endif

/* A word in the hypervisor's own memory (its first MiB holds the vectors, code and data); a board whose
 * hypervisor lies elsewhere gives one with -DBH_INTRUDER_HYPERVISOR_WORD=<address>. */
#ifdef BH_INTRUDER_HYPERVISOR_WORD
#define HYPERVISOR_WORD ((uint32_t)(BH_INTRUDER_HYPERVISOR_WORD))
#else
#define HYPERVISOR_WORD 0x00000100u
#endif
/* This guest's marker of an initialised run counter (run_counter.h). */
#define STATE_MAGIC 0x1A7B0DE5u
/* Value written by an intrusion: recognisable in a memory dump. */
#define INTRUSION_VALUE 0xDEADBEEFu

int main(void)
{
    uint32_t attempt = run_counter_next(STATE_MAGIC);
    uint32_t target = (attempt % 2u == 0u) ? (uint32_t)(BH_INTRUDER_TARGET) : HYPERVISOR_WORD;
    (void)bh_printf("intruder: attempt %lu writes 0x%08lx (%s)\n", (unsigned long)attempt,
                    (unsigned long)target, attempt % 2u == 0u ? "other vm" : "hypervisor");
    *(volatile uint32_t *)(uintptr_t)target = INTRUSION_VALUE;
    (void)bh_printf("intruder: NOT STOPPED at 0x%08lx\n", (unsigned long)target);
    for (;;) {
        (void)bh_yield();
    }
}
