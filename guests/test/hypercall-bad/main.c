/*
 * hypercall-bad: test guest for hypercall argument checking. It issues hypercalls with invalid
 * arguments — buffers in another VM (BH_FOREIGN_ADDRESS, given at build time) or in the hypervisor,
 * ranges that wrap past 2^32, read-only buffers for output, unknown hypercall numbers, out-of-range
 * VMs, virtual interrupts and ports, calls needing capabilities it lacks — and prints for each
 * "bad: <case> -> <RESULT> (<code>) expected <RESULT>", then "bad: done <cases> cases <mismatches>
 * mismatches" and yields for good. Port cases use the ports of systems/test-two-vms.ts when present.
 * Follows: docs/HYPERCALLS.md (result codes of every call), firmware/core/guest-access.ts (checks).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#ifndef BH_FOREIGN_ADDRESS
#error "build with -DBH_FOREIGN_ADDRESS=<address in another VM's memory>"
#endif

/* A word in the hypervisor's own memory. */
#define HYPERVISOR_ADDRESS 0x00000100u
/* A range whose end wraps past 2^32: 0x100 bytes from 0xFFFFFF80 (within the console's limit). */
#define WRAPPING_ADDRESS 0xFFFFFF80u
#define WRAPPING_LENGTH  0x100u
/* Numbers no hypercall has: the first unassigned one, a larger one, the largest ARM SVC immediate. */
#define UNASSIGNED_SMALL BH_HYPERCALL_COUNT
#define UNASSIGNED_LARGE 200
#define UNASSIGNED_MAX   0xFFFFFF
/* Out-of-range indices. */
#define NO_SUCH_VM   99u
#define NO_SUCH_PORT 99u
#define NO_SUCH_PLAN 0u
/* Word-aligned but not 4-byte aligned ARM handler address (bit 0 clear, bit 1 set). */
#define MISALIGNED_OFFSET 2u

BH_DEFINE_SVC(svc_unassigned_small, UNASSIGNED_SMALL)
BH_DEFINE_SVC(svc_unassigned_large, UNASSIGNED_LARGE)
BH_DEFINE_SVC(svc_unassigned_max, UNASSIGNED_MAX)

static uint32_t cases;
static uint32_t mismatches;
/* Word-aligned so that the handler case fails on the address, not on alignment. */
static char scratch[32] __attribute__((aligned(8))) = "bulkhead";
static const char read_only[16] = "read-only";

static void check(const char *label, bh_result result, bh_result expected)
{
    cases++;
    if (result != expected) {
        mismatches++;
    }
    (void)bh_printf("bad: %s -> %s (%lu) expected %s\n", label, bh_result_name(result), (unsigned long)result,
                    bh_result_name(expected));
}

static void handler(uint32_t virq) { (void)virq; }

int main(void)
{
    check("console-write foreign", bh_console_write((const char *)(uintptr_t)(BH_FOREIGN_ADDRESS), 4u),
          BH_BAD_ADDRESS);
    check("console-write hypervisor", bh_console_write((const char *)(uintptr_t)HYPERVISOR_ADDRESS, 4u),
          BH_BAD_ADDRESS);
    check("console-write wrapping", bh_svc_console_write(WRAPPING_ADDRESS, WRAPPING_LENGTH, 0u, 0u).r0,
          BH_BAD_LENGTH);
    check("console-write too long", bh_console_write(scratch, BH_CONSOLE_MAX_WRITE + 1u), BH_BAD_LENGTH);
    check("console-write huge", bh_svc_console_write(bh_address(scratch), 0xFFFFFFFFu, 0u, 0u).r0,
          BH_BAD_LENGTH);
    check("unassigned small", svc_unassigned_small(0u, 0u, 0u, 0u).r0, BH_UNKNOWN_CALL);
    check("unassigned large", svc_unassigned_large(0u, 0u, 0u, 0u).r0, BH_UNKNOWN_CALL);
    check("unassigned max", svc_unassigned_max(0u, 0u, 0u, 0u).r0, BH_UNKNOWN_CALL);
    bh_vm_status_info status;
    check("vm-status no such vm", bh_vm_status(NO_SUCH_VM, &status), BH_BAD_VM);
    check("virq-enable out of range", bh_virq_enable(BH_VIRQ_COUNT), BH_BAD_VIRQ);
    check("virq-return outside upcall", bh_virq_return(), BH_NOT_IN_UPCALL);
    check("virq-handler in data", bh_svc_virq_set_handler(bh_address(scratch), 0u, 0u, 0u).r0,
          BH_BAD_ADDRESS);
    check("virq-handler foreign", bh_svc_virq_set_handler((uint32_t)(BH_FOREIGN_ADDRESS), 0u, 0u, 0u).r0,
          BH_BAD_ADDRESS);
    check("virq-handler misaligned",
          bh_svc_virq_set_handler((uint32_t)(uintptr_t)&handler + MISALIGNED_OFFSET, 0u, 0u, 0u).r0,
          BH_MISALIGNED);
    check("plan-switch no capability", bh_plan_switch(NO_SUCH_PLAN, NULL), BH_NO_CAPABILITY);
    check("fault-log no capability", bh_fault_log_read(0u, scratch, sizeof scratch, NULL), BH_NO_CAPABILITY);
    check("sampling-write no such port", bh_sampling_write(NO_SUCH_PORT, scratch, 4u), BH_BAD_PORT);
    check("queuing-send no such port", bh_queuing_send(NO_SUCH_PORT, scratch, 4u), BH_BAD_PORT);
#if BH_VM_COUNT > 1u
    uint32_t other_vm = BH_SELF_VM == 0u ? 1u : 0u;
    check("vm-restart other no capability", bh_vm_restart(other_vm, BH_RESTART_WARM), BH_NO_CAPABILITY);
    check("vm-halt other no capability", bh_vm_halt(other_vm), BH_NO_CAPABILITY);
    check("vm-status other no capability", bh_vm_status(other_vm, &status), BH_NO_CAPABILITY);
#endif
#if defined(BH_PORT_NUMBERS) && defined(BH_PORT_LATEST) && defined(BH_VM_ALPHA) && BH_SELF_VM == BH_VM_ALPHA
    /* alpha is the source of both ports of systems/test-two-vms.ts. */
    uint32_t length = 0u;
    check("queuing-receive as source",
          bh_queuing_receive(BH_PORT_NUMBERS, scratch, sizeof scratch, &length, NULL), BH_NOT_PERMITTED);
    check("queuing-send foreign buffer",
          bh_queuing_send(BH_PORT_NUMBERS, (const void *)(uintptr_t)(BH_FOREIGN_ADDRESS), 4u),
          BH_BAD_ADDRESS);
    check("queuing-send hypervisor buffer",
          bh_queuing_send(BH_PORT_NUMBERS, (const void *)(uintptr_t)HYPERVISOR_ADDRESS, 4u), BH_BAD_ADDRESS);
    check("queuing-send on sampling port", bh_queuing_send(BH_PORT_LATEST, scratch, 4u), BH_BAD_PORT);
    check("sampling-write too long",
          bh_sampling_write(BH_PORT_LATEST, scratch, BH_PORT_LATEST_MAX_MESSAGE + 1u), BH_BAD_LENGTH);
    check("sampling-write wrapping", bh_svc_sampling_write(BH_PORT_LATEST, WRAPPING_ADDRESS, 0x100u, 0u).r0,
          BH_BAD_LENGTH);
    check("sampling-read as source", bh_sampling_read(BH_PORT_LATEST, scratch, sizeof scratch, NULL),
          BH_NOT_PERMITTED);
    (void)read_only;
#elif defined(BH_PORT_NUMBERS) && defined(BH_PORT_LATEST) && defined(BH_VM_BETA) && BH_SELF_VM == BH_VM_BETA
    /* beta is the destination of both ports of systems/test-two-vms.ts. */
    uint32_t length = 0u;
    check("queuing-receive into read-only",
          bh_queuing_receive(BH_PORT_NUMBERS, (void *)(uintptr_t)bh_address(read_only), sizeof read_only,
                             &length, NULL),
          BH_BAD_ADDRESS);
    check("queuing-receive wrapping",
          bh_svc_queuing_receive(BH_PORT_NUMBERS, WRAPPING_ADDRESS, 0x100u, 0u).r0, BH_BAD_LENGTH);
    check("queuing-receive foreign",
          bh_svc_queuing_receive(BH_PORT_NUMBERS, (uint32_t)(BH_FOREIGN_ADDRESS), 4u, 0u).r0, BH_BAD_ADDRESS);
    check("queuing-send as destination", bh_queuing_send(BH_PORT_NUMBERS, scratch, 4u), BH_NOT_PERMITTED);
    check("sampling-write as destination", bh_sampling_write(BH_PORT_LATEST, scratch, 4u), BH_NOT_PERMITTED);
#else
    (void)read_only;
#endif
    (void)bh_printf("bad: done %lu cases %lu mismatches\n", (unsigned long)cases, (unsigned long)mismatches);
    for (;;) {
        (void)bh_yield();
    }
}
