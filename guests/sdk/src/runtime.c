/*
 * runtime.c: the guest's start-up state and exit: the VM index crt0 records from r0, the upcall
 * handler pointer the entry glue calls, handler registration (VirqSetHandler with the glue's
 * address) and bh_exit (VmHalt on itself).
 * Follows: docs/HYPERCALLS.md (VirqSetHandler: bit 0 of the address selects Thumb; the SDK builds
 * ARM code, so the glue's address is word-aligned with bit 0 clear).
 */
#include "bulkhead.h"

uint32_t bh_self_vm;

/* The C handler the upcall entry glue calls; read by src/virq_entry.S. */
bh_virq_handler volatile bh_virq_c_handler;

/* Upcall entry glue (src/virq_entry.S). */
extern void bh_virq_entry(void);

bh_result bh_virq_set_handler(bh_virq_handler handler)
{
    bh_virq_c_handler = handler;
    uint32_t entry = handler == NULL ? 0u : (uint32_t)(uintptr_t)&bh_virq_entry;
    return bh_call_virq_set_handler(entry);
}

void bh_exit(int status)
{
    (void)status;
    for (;;) {
        (void)bh_vm_halt(bh_self_vm);
        /* Only reached if the hypervisor refused: give the CPU away and try again next slot. */
        (void)bh_yield();
    }
}
