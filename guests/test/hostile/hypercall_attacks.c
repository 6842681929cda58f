/*
 * hypercall_attacks.c: the hostile guest's hypercall attacks. Buffers in the control VM, in the
 * hypervisor and in its own read-only code; ranges that span two of its areas, wrap past 2^32 or run
 * past the area; a misaligned CAN record and upcall handler; a handler in the control VM's code;
 * numbers no hypercall has (including 0x100, which would alias Version if only the low 8 bits were
 * decoded, and the ARM and Thumb semihosting numbers with SYS_EXIT, which must reach the hypervisor
 * and not QEMU); and every call that needs a capability the VM lacks. Each one breaks the ABI, so the
 * hypervisor answers it with its error code and a bad-hypercall health event whose policy restarts
 * the VM: reaching the line after the call prints the result and "NOT STOPPED".
 * Follows: docs/HYPERCALLS.md ("Checks and health events", result codes), ARM semihosting
 * specification (SYS_EXIT 0x18, ADP_Stopped_ApplicationExit 0x20026).
 */
#include "attacks.h"
#include "bulkhead_system.h"

#define PROBE_LENGTH     16u
#define WRAPPING_ADDRESS 0xFFFFFF80u
#define WRAPPING_LENGTH  0x100u
#define HUGE_LENGTH      0xFFFFFFFFu
/* A capacity that does not wrap but runs far past the end of the data area. */
#define PAST_AREA_CAPACITY           0x00100000u
#define MISALIGNED_OFFSET            2u
#define SEMIHOSTING_SYS_EXIT         0x18u
#define SEMIHOSTING_APPLICATION_EXIT 0x20026u
#define NO_PLAN_NEEDED               1u
#define CONTROL_VM                   BH_VM_CONTROL

BH_DEFINE_SVC(svc_unknown_next, BH_HYPERCALL_COUNT) /* the first number the ABI does not assign */
BH_DEFINE_SVC(svc_unknown_0x100, 0x100)
BH_DEFINE_SVC(svc_unknown_0xffffff, 0xFFFFFF)
BH_DEFINE_SVC(svc_semihosting_arm, 0x123456)

uint32_t hostile_thumb_svc_semihosting(uint32_t operation, uint32_t argument); /* cpu_instructions.S */

/* A word-aligned buffer in the own data area. */
static uint32_t hostile_hypercall_buffer[8] __attribute__((aligned(8)));
#define OWN_BUFFER bh_address(hostile_hypercall_buffer)

static void expect_stopped(const char *name, bh_result result)
{
    hostile_report(name, result);
    hostile_not_stopped(name);
}

void attack_hc_console_control_data(void)
{
    expect_stopped("hc-console-control-data",
                   bh_svc_console_write(CONTROL_DATA_ADDRESS, PROBE_LENGTH, 0u, 0u).r0);
}

void attack_hc_console_hypervisor(void)
{
    expect_stopped("hc-console-hypervisor",
                   bh_svc_console_write(HYPERVISOR_VECTORS_ADDRESS, PROBE_LENGTH, 0u, 0u).r0);
}

void attack_hc_sampling_read_into_control(void)
{
    expect_stopped("hc-sampling-read-into-control",
                   bh_svc_sampling_read(BH_PORT_VEHICLE_STATUS, CONTROL_DATA_ADDRESS,
                                        BH_PORT_VEHICLE_STATUS_MAX_MESSAGE, 0u)
                       .r0);
}

void attack_hc_queuing_receive_into_hypervisor(void)
{
    expect_stopped("hc-queuing-receive-into-hypervisor",
                   bh_svc_queuing_receive(BH_PORT_CONTROL_FAULTS, HYPERVISOR_WORD_ADDRESS,
                                          BH_PORT_CONTROL_FAULTS_MAX_MESSAGE, 0u)
                       .r0);
}

void attack_hc_can_receive_into_hypervisor(void)
{
    expect_stopped("hc-can-receive-into-hypervisor",
                   bh_svc_can_receive(HYPERVISOR_WORD_ADDRESS, 0u, 0u, 0u).r0);
}

void attack_hc_sampling_read_into_own_code(void)
{
    expect_stopped("hc-sampling-read-into-own-code",
                   bh_svc_sampling_read(BH_PORT_VEHICLE_STATUS, BH_VM_HOSTILE_AREA_CODE_BASE,
                                        BH_PORT_VEHICLE_STATUS_MAX_MESSAGE, 0u)
                       .r0);
}

void attack_hc_console_spanning_areas(void)
{
    /* The last bytes of the code area and the first of the data area right above it. */
    uint32_t start = BH_VM_HOSTILE_AREA_CODE_BASE + BH_VM_HOSTILE_AREA_CODE_SIZE - PROBE_LENGTH / 2u;
    expect_stopped("hc-console-spanning-areas", bh_svc_console_write(start, PROBE_LENGTH, 0u, 0u).r0);
}

void attack_hc_console_wrapping(void)
{
    expect_stopped("hc-console-wrapping", bh_svc_console_write(WRAPPING_ADDRESS, WRAPPING_LENGTH, 0u, 0u).r0);
}

void attack_hc_console_huge(void)
{
    expect_stopped("hc-console-huge", bh_svc_console_write(OWN_BUFFER, HUGE_LENGTH, 0u, 0u).r0);
}

void attack_hc_sampling_read_wrapping(void)
{
    expect_stopped("hc-sampling-read-wrapping",
                   bh_svc_sampling_read(BH_PORT_VEHICLE_STATUS, OWN_BUFFER, HUGE_LENGTH, 0u).r0);
}

void attack_hc_sampling_read_past_area(void)
{
    expect_stopped("hc-sampling-read-past-area",
                   bh_svc_sampling_read(BH_PORT_VEHICLE_STATUS, OWN_BUFFER, PAST_AREA_CAPACITY, 0u).r0);
}

void attack_hc_can_receive_misaligned(void)
{
    expect_stopped("hc-can-receive-misaligned",
                   bh_svc_can_receive(OWN_BUFFER + MISALIGNED_OFFSET, 0u, 0u, 0u).r0);
}

void attack_hc_handler_in_control_code(void)
{
    expect_stopped("hc-handler-in-control-code",
                   bh_svc_virq_set_handler(CONTROL_CODE_ADDRESS, 0u, 0u, 0u).r0);
}

void attack_hc_handler_misaligned(void)
{
    expect_stopped("hc-handler-misaligned",
                   bh_svc_virq_set_handler(BH_VM_HOSTILE_AREA_CODE_BASE + MISALIGNED_OFFSET, 0u, 0u, 0u).r0);
}

void attack_hc_unknown_next(void) { expect_stopped("hc-unknown-next", svc_unknown_next(0u, 0u, 0u, 0u).r0); }
void attack_hc_unknown_0x100(void)
{
    expect_stopped("hc-unknown-0x100", svc_unknown_0x100(0u, 0u, 0u, 0u).r0);
}

void attack_hc_unknown_0xffffff(void)
{
    expect_stopped("hc-unknown-0xffffff", svc_unknown_0xffffff(0u, 0u, 0u, 0u).r0);
}

void attack_hc_semihosting_exit_arm(void)
{
    expect_stopped("hc-semihosting-exit-arm",
                   svc_semihosting_arm(SEMIHOSTING_SYS_EXIT, SEMIHOSTING_APPLICATION_EXIT, 0u, 0u).r0);
}

void attack_hc_semihosting_exit_thumb(void)
{
    expect_stopped("hc-semihosting-exit-thumb",
                   hostile_thumb_svc_semihosting(SEMIHOSTING_SYS_EXIT, SEMIHOSTING_APPLICATION_EXIT));
}

void attack_hc_restart_control(void)
{
    expect_stopped("hc-restart-control", bh_vm_restart(CONTROL_VM, BH_RESTART_COLD));
}

void attack_hc_halt_control(void) { expect_stopped("hc-halt-control", bh_vm_halt(CONTROL_VM)); }
void attack_hc_plan_switch(void) { expect_stopped("hc-plan-switch", bh_plan_switch(NO_PLAN_NEEDED, NULL)); }

void attack_hc_fault_log_read(void)
{
    expect_stopped("hc-fault-log-read",
                   bh_fault_log_read(0u, hostile_hypercall_buffer, sizeof hostile_hypercall_buffer, NULL));
}

void attack_hc_status_of_control(void)
{
    bh_vm_status_info status;
    expect_stopped("hc-status-of-control", bh_vm_status(CONTROL_VM, &status));
}
