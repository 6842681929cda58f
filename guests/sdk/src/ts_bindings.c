/*
 * ts_bindings.c: C implementations of the `@extern` functions of guests/sdk/ts/bulkhead.ts, the
 * hypercall API of guests written in the TypeScript subset. The transpiler passes a typed array as
 * (pointer, length); a receive buffer's length is its capacity; values a call returns in r1..r3 go to
 * `values[0..]` as far as `values_len` allows. Each function is one inline SVC wrapper of bulkhead.h.
 * The prototypes are the transpiler's (checked by tests/guests/ts-sdk.test.ts).
 * Follows: docs/HYPERCALLS.md (registers and results of each call); docs/TS-SUBSET.md (externs).
 */
#include "bulkhead.h"

uint32_t bh_ts_version(uint32_t *values, uint32_t values_len);
uint32_t bh_ts_yield(void);
uint32_t bh_ts_wait_event(uint32_t *values, uint32_t values_len);
uint32_t bh_ts_ticks(void);
uint32_t bh_ts_console_write(const char *text);
uint32_t bh_ts_console_write_bytes(uint8_t *bytes, uint32_t bytes_len, uint32_t length);
uint32_t bh_ts_sampling_write(uint32_t port, uint8_t *message, uint32_t message_len, uint32_t length);
uint32_t bh_ts_sampling_read(uint32_t port, uint8_t *buffer, uint32_t buffer_len, uint32_t *values,
                             uint32_t values_len);
uint32_t bh_ts_queuing_send(uint32_t port, uint8_t *message, uint32_t message_len, uint32_t length);
uint32_t bh_ts_queuing_receive(uint32_t port, uint8_t *buffer, uint32_t buffer_len, uint32_t *values,
                               uint32_t values_len);
uint32_t bh_ts_queuing_status(uint32_t port, uint32_t *values, uint32_t values_len);
uint32_t bh_ts_virq_enable(uint32_t virq);
uint32_t bh_ts_virq_disable(uint32_t virq);
uint32_t bh_ts_virq_ack(uint32_t virq);
uint32_t bh_ts_timer_set(uint32_t delay, uint32_t period);
uint32_t bh_ts_watchdog_kick(void);
uint32_t bh_ts_vm_status(uint32_t vm, uint32_t *values, uint32_t values_len);
uint32_t bh_ts_vm_counters(uint32_t vm, uint32_t *values, uint32_t values_len);
uint32_t bh_ts_vm_restart(uint32_t vm, uint32_t mode);
uint32_t bh_ts_vm_halt(uint32_t vm);
uint32_t bh_ts_plan_switch(uint32_t plan, uint32_t *values, uint32_t values_len);
uint32_t bh_ts_fault_log_read(uint32_t sequence, uint8_t *entry, uint32_t entry_len, uint32_t *values,
                              uint32_t values_len);
uint32_t bh_ts_can_send(uint32_t id, uint32_t dlc, uint32_t data_low, uint32_t data_high);
uint32_t bh_ts_can_receive(uint8_t *record, uint32_t record_len, uint32_t *values, uint32_t values_len);
uint32_t bh_ts_can_status(uint32_t *values, uint32_t values_len);

/* Bytes of a fault-log entry (docs/HYPERCALLS.md "Fault-log entries": six words). */
#define FAULT_ENTRY_BYTES 24u

/* Values in r1, r2, r3 */
#define VALUE_R1 0u
#define VALUE_R2 1u
#define VALUE_R3 2u

static uint32_t store_values(bh_regs out, uint32_t *values, uint32_t values_len)
{
    if (values_len > VALUE_R1) {
        values[VALUE_R1] = out.r1;
    }
    if (values_len > VALUE_R2) {
        values[VALUE_R2] = out.r2;
    }
    if (values_len > VALUE_R3) {
        values[VALUE_R3] = out.r3;
    }
    return out.r0;
}

static uint32_t store_if_ok(bh_regs out, uint32_t *values, uint32_t values_len)
{
    return out.r0 == BH_OK ? store_values(out, values, values_len) : out.r0;
}

uint32_t bh_ts_version(uint32_t *values, uint32_t values_len)
{
    return store_values(bh_svc_version(0u, 0u, 0u, 0u), values, values_len);
}

uint32_t bh_ts_yield(void)
{
    return bh_yield();
}

uint32_t bh_ts_wait_event(uint32_t *values, uint32_t values_len)
{
    return store_if_ok(bh_svc_wait_event(0u, 0u, 0u, 0u), values, values_len);
}

uint32_t bh_ts_ticks(void)
{
    return bh_ticks();
}

uint32_t bh_ts_console_write(const char *text)
{
    return bh_puts(text);
}

uint32_t bh_ts_console_write_bytes(uint8_t *bytes, uint32_t bytes_len, uint32_t length)
{
    if (length > bytes_len) {
        return BH_BAD_LENGTH;
    }
    return bh_console_write((const char *)bytes, length);
}

uint32_t bh_ts_sampling_write(uint32_t port, uint8_t *message, uint32_t message_len, uint32_t length)
{
    if (length > message_len) {
        return BH_BAD_LENGTH;
    }
    return bh_sampling_write(port, message, length);
}

uint32_t bh_ts_sampling_read(uint32_t port, uint8_t *buffer, uint32_t buffer_len, uint32_t *values,
                             uint32_t values_len)
{
    return store_if_ok(bh_svc_sampling_read(port, bh_address(buffer), buffer_len, 0u), values, values_len);
}

uint32_t bh_ts_queuing_send(uint32_t port, uint8_t *message, uint32_t message_len, uint32_t length)
{
    if (length > message_len) {
        return BH_BAD_LENGTH;
    }
    return bh_queuing_send(port, message, length);
}

uint32_t bh_ts_queuing_receive(uint32_t port, uint8_t *buffer, uint32_t buffer_len, uint32_t *values,
                               uint32_t values_len)
{
    return store_if_ok(bh_svc_queuing_receive(port, bh_address(buffer), buffer_len, 0u), values, values_len);
}

uint32_t bh_ts_queuing_status(uint32_t port, uint32_t *values, uint32_t values_len)
{
    return store_if_ok(bh_svc_queuing_status(port, 0u, 0u, 0u), values, values_len);
}

uint32_t bh_ts_virq_enable(uint32_t virq)
{
    return bh_virq_enable(virq);
}

uint32_t bh_ts_virq_disable(uint32_t virq)
{
    return bh_virq_disable(virq);
}

uint32_t bh_ts_virq_ack(uint32_t virq)
{
    return bh_virq_ack(virq);
}

uint32_t bh_ts_timer_set(uint32_t delay, uint32_t period)
{
    return bh_timer_set(delay, period);
}

uint32_t bh_ts_watchdog_kick(void)
{
    return bh_watchdog_kick(NULL);
}

uint32_t bh_ts_vm_status(uint32_t vm, uint32_t *values, uint32_t values_len)
{
    return store_if_ok(bh_svc_vm_status(vm, BH_VM_STATUS_PAGE_STATUS, 0u, 0u), values, values_len);
}

uint32_t bh_ts_vm_counters(uint32_t vm, uint32_t *values, uint32_t values_len)
{
    return store_if_ok(bh_svc_vm_status(vm, BH_VM_STATUS_PAGE_COUNTERS, 0u, 0u), values, values_len);
}

uint32_t bh_ts_vm_restart(uint32_t vm, uint32_t mode)
{
    return bh_vm_restart(vm, mode);
}

uint32_t bh_ts_vm_halt(uint32_t vm)
{
    return bh_vm_halt(vm);
}

uint32_t bh_ts_plan_switch(uint32_t plan, uint32_t *values, uint32_t values_len)
{
    return store_if_ok(bh_svc_plan_switch(plan, 0u, 0u, 0u), values, values_len);
}

/* FaultLogRead wants a 4-byte aligned buffer and a byte array need not be aligned: the entry is read
 * into a word-aligned local, then copied into `entry`. The caller's length is passed on (up to the
 * local's size), so a buffer shorter than an entry still gets BH_TOO_SMALL from the hypervisor. */
uint32_t bh_ts_fault_log_read(uint32_t sequence, uint8_t *entry, uint32_t entry_len, uint32_t *values,
                              uint32_t values_len)
{
    uint32_t aligned[FAULT_ENTRY_BYTES / sizeof(uint32_t)];
    uint32_t length = entry_len < FAULT_ENTRY_BYTES ? entry_len : FAULT_ENTRY_BYTES;
    bh_regs out = bh_svc_fault_log_read(sequence, bh_address(aligned), length, 0u);
    if (out.r0 == BH_OK) {
        const uint8_t *bytes = (const uint8_t *)aligned;
        for (uint32_t i = 0u; i < entry_len && i < FAULT_ENTRY_BYTES; i++) {
            entry[i] = bytes[i];
        }
    }
    if (out.r0 == BH_OK || out.r0 == BH_EMPTY) {
        (void)store_values(out, values, values_len);
    }
    return out.r0;
}

uint32_t bh_ts_can_send(uint32_t id, uint32_t dlc, uint32_t data_low, uint32_t data_high)
{
    return bh_svc_can_send(id, dlc, data_low, data_high).r0;
}

/* The frame is received into a word-aligned record on the stack (a byte array need not be aligned),
 * then copied into `record` as far as its length allows. */
uint32_t bh_ts_can_receive(uint8_t *record, uint32_t record_len, uint32_t *values, uint32_t values_len)
{
    bh_can_frame frame;
    bh_regs out = bh_svc_can_receive(bh_address(&frame), 0u, 0u, 0u);
    if (out.r0 == BH_OK) {
        const uint8_t *bytes = (const uint8_t *)&frame;
        for (uint32_t i = 0u; i < record_len && i < (uint32_t)sizeof frame; i++) {
            record[i] = bytes[i];
        }
    }
    return store_if_ok(out, values, values_len);
}

uint32_t bh_ts_can_status(uint32_t *values, uint32_t values_len)
{
    return store_if_ok(bh_svc_can_status(0u, 0u, 0u, 0u), values, values_len);
}
