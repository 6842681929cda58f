/*
 * bulkhead.h: the Bulkhead guest SDK for C. Convenience functions over the hypercalls (results
 * into caller structures, optional outputs, the console write loop), the console printf-lite,
 * virtual-interrupt handler registration and the start-up facts crt0 records.
 *
 * Register ABI (docs/HYPERCALLS.md): the guest runs in USR mode and issues `svc #<number>` in ARM
 * state; arguments go in r0-r3; the hypervisor writes the result code (BH_OK, BH_BAD_ADDRESS, ...) to
 * r0 and values to r1-r3; every other register, the flags and the VFP state are preserved. Numbers,
 * codes, the SVC wrappers `bh_svc_<call>` and the typed wrappers `bh_call_<call>` (named arguments and
 * values) come from the generated bulkhead_abi.h (cli/build/generate/abi-header.ts, from the hypercall table
 * firmware/abi/hypercalls.ts); the functions here use only the typed wrappers.
 *
 * Follows: ARM DDI 0406C A8.8.228 (SVC: the immediate is part of the instruction, so every number
 * needs its own instruction), AAPCS (IHI 0042) 5.1.1 (r0-r3 argument and result registers).
 */
#ifndef BULKHEAD_H
#define BULKHEAD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "bulkhead_abi.h"

/* A guest address as the hypervisor sees it (physical: the MPU does not translate). */
static inline uint32_t bh_address(const volatile void *pointer) { return (uint32_t)(uintptr_t)pointer; }

/* ---- Information and time ------------------------------------------------------------------ */

typedef struct {
    uint32_t abi_version; /* BH_ABI_VERSION of the running hypervisor (major << 16 | minor) */
    uint32_t vm;          /* the caller's VM index */
    uint32_t vm_count;    /* VMs in the system */
} bh_version_info;

/* Version: ABI version, own VM index, VM count. Always BH_OK. */
static inline bh_result bh_version(bh_version_info *info)
{
    bh_version_reply reply = bh_call_version();
    info->abi_version = reply.abi_version;
    info->vm = reply.vm;
    info->vm_count = reply.vm_count;
    return reply.result;
}

typedef struct {
    uint32_t ticks;             /* hypervisor ticks since boot (wraps at 2^32) */
    uint32_t tick_microseconds; /* length of one tick */
    uint32_t frame_position;    /* ticks since the current major frame began */
} bh_time;

/* GetTime: tick counter, tick length and position in the major frame. Always BH_OK. */
static inline bh_result bh_get_time(bh_time *time)
{
    bh_get_time_reply reply = bh_call_get_time();
    time->ticks = reply.ticks;
    time->tick_microseconds = reply.tick_microseconds;
    time->frame_position = reply.frame_position;
    return reply.result;
}

/* Hypervisor ticks since boot. */
static inline uint32_t bh_ticks(void) { return bh_call_get_time().ticks; }

/* ---- Scheduling -------------------------------------------------------------------------------- */

/* Yield: gives up the rest of the current slot; returns (BH_OK) at the start of the VM's next slot
 * (after any pending upcall has run). */
static inline bh_result bh_yield(void) { return bh_call_yield(); }

/* WaitEvent: blocks until an enabled virtual interrupt is pending. `*active` (may be NULL) receives
 * the mask of pending enabled interrupts; without a registered handler they are consumed here,
 * with one they are also delivered to the handler. */
static inline bh_result bh_wait_event(uint32_t *active)
{
    bh_wait_event_reply reply = bh_call_wait_event();
    if (active != NULL) {
        *active = reply.active;
    }
    return reply.result;
}

/* TimerSet: the VM's virtual timer raises BH_VIRQ_TIMER `delay_ticks` from now and then every
 * `period_ticks` (0: once). `delay_ticks` 0 disarms it. */
static inline bh_result bh_timer_set(uint32_t delay_ticks, uint32_t period_ticks)
{
    return bh_call_timer_set(delay_ticks, period_ticks);
}

/* WatchdogKick: re-arms the VM's watchdog; `*period_ticks` (may be NULL) receives its period
 * (0: the VM has no watchdog). */
static inline bh_result bh_watchdog_kick(uint32_t *period_ticks)
{
    bh_watchdog_kick_reply reply = bh_call_watchdog_kick();
    if (period_ticks != NULL) {
        *period_ticks = reply.period_ticks;
    }
    return reply.result;
}

/* ---- Console ----------------------------------------------------------------------------------- */

/* ConsoleWrite: writes `length` bytes (at most BH_CONSOLE_MAX_WRITE) to the VM's console. The
 * buffer must lie in the VM's readable memory (BH_BAD_ADDRESS otherwise). The hypervisor takes what
 * the console UART has room for and says how many bytes in r1; the rest is written after a Yield, so
 * a VM that writes faster than the UART sends waits in its own slots. Control characters appear on
 * the console as \xNN (docs/HYPERCALLS.md). */
static inline bh_result bh_console_write(const char *text, size_t length)
{
    size_t done = 0u;
    for (;;) {
        bh_console_write_reply reply =
            bh_call_console_write(bh_address(text + done), (uint32_t)(length - done));
        if (reply.result != BH_OK) {
            return reply.result;
        }
        done += reply.written;
        if (done >= length) {
            return BH_OK;
        }
        (void)bh_yield();
    }
}

/* Writes a NUL-terminated string in chunks of BH_CONSOLE_MAX_WRITE; the first failure is returned. */
bh_result bh_puts(const char *text);

/* printf-lite: %d %i %u %x %X %s %c %% with an optional '0' flag and field width (e.g. %08x) and
 * an ignored 'l' modifier (every integer is 32 bits). No floating point. Output is formatted into a
 * stack buffer and written with ConsoleWrite at every newline and when the buffer fills, so it is
 * safe in an upcall handler. Returns the first failing result code, or BH_OK. */
bh_result bh_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
bh_result bh_vprintf(const char *format, va_list arguments);

/* ---- Ports -------------------------------------------------------------------------------------- */

/* SamplingWrite: the VM (the port's source) replaces the port's message. BH_BAD_LENGTH when
 * `length` exceeds the port's maximum message size; BH_NOT_PERMITTED when the VM is not the source. */
static inline bh_result bh_sampling_write(uint32_t port, const void *message, size_t length)
{
    return bh_call_sampling_write(port, bh_address(message), (uint32_t)length);
}

typedef struct {
    uint32_t length;    /* bytes copied */
    uint32_t age_ticks; /* ticks since the message was written */
    uint32_t valid;     /* 1 while the age is within the port's refresh period, else 0 */
} bh_sample_info;

/* SamplingRead: copies the latest message into `buffer` (`capacity` bytes). BH_NO_MESSAGE when
 * nothing was ever written, BH_TOO_SMALL when the message does not fit. `info` may be NULL. */
static inline bh_result bh_sampling_read(uint32_t port, void *buffer, size_t capacity, bh_sample_info *info)
{
    bh_sampling_read_reply reply = bh_call_sampling_read(port, bh_address(buffer), (uint32_t)capacity);
    if (info != NULL && reply.result == BH_OK) {
        info->length = reply.length;
        info->age_ticks = reply.age_ticks;
        info->valid = reply.valid;
    }
    return reply.result;
}

/* QueuingSend: appends the message to every destination's queue. BH_FULL when at least one
 * destination queue was full (the message was dropped there and the overflow counted). */
static inline bh_result bh_queuing_send(uint32_t port, const void *message, size_t length)
{
    return bh_call_queuing_send(port, bh_address(message), (uint32_t)length);
}

/* QueuingReceive: takes the oldest message of the VM's queue into `buffer`. `*length` receives its
 * size and `*remaining` the messages still queued (either may be NULL). BH_EMPTY when the queue is
 * empty, BH_TOO_SMALL when the message does not fit (it stays queued). */
static inline bh_result bh_queuing_receive(uint32_t port, void *buffer, size_t capacity, uint32_t *length,
                                           uint32_t *remaining)
{
    bh_queuing_receive_reply reply = bh_call_queuing_receive(port, bh_address(buffer), (uint32_t)capacity);
    if (reply.result == BH_OK) {
        if (length != NULL) {
            *length = reply.length;
        }
        if (remaining != NULL) {
            *remaining = reply.remaining;
        }
    }
    return reply.result;
}

/* QueuingStatus: messages queued and overflows counted (for the source: summed over every
 * destination). Either pointer may be NULL. */
static inline bh_result bh_queuing_status(uint32_t port, uint32_t *queued, uint32_t *overflows)
{
    bh_queuing_status_reply reply = bh_call_queuing_status(port);
    if (reply.result == BH_OK) {
        if (queued != NULL) {
            *queued = reply.queued;
        }
        if (overflows != NULL) {
            *overflows = reply.overflows;
        }
    }
    return reply.result;
}

/* ---- Virtual interrupts ------------------------------------------------------------------------ */

/* A virtual-interrupt handler: runs in USR mode on the VM's stack, below the interrupted code's
 * frame, with the interrupt number as its argument; upcalls do not nest. When it returns, the SDK's
 * entry glue (src/virq_entry.S) issues VirqReturn, which resumes the interrupted code exactly. */
typedef void (*bh_virq_handler)(uint32_t virq);

/* Registers `handler` (NULL: none) through VirqSetHandler with the SDK's entry glue as the upcall
 * address. Enable the interrupts it should receive with bh_virq_enable. */
bh_result bh_virq_set_handler(bh_virq_handler handler);

static inline bh_result bh_virq_enable(uint32_t virq) { return bh_call_virq_enable(virq); }

static inline bh_result bh_virq_disable(uint32_t virq) { return bh_call_virq_disable(virq); }

/* VirqAck: for a passed-through device interrupt, re-enables the device's interrupt line once the
 * guest has serviced the device. */
static inline bh_result bh_virq_ack(uint32_t virq) { return bh_call_virq_ack(virq); }

/* VirqReturn: ends the current upcall (the entry glue calls it). Returns only when the VM is not in
 * an upcall, with BH_NOT_IN_UPCALL. */
static inline bh_result bh_virq_return(void) { return bh_call_virq_return(); }

/* ---- VM management (capabilities from the system description) ----------------------------------- */

typedef struct {
    uint32_t state;     /* BH_VM_STATE_* */
    uint32_t restarts;  /* restarts ordered by the health monitor */
    uint32_t ticks_run; /* ticks the VM has been on the CPU */
} bh_vm_status_info;

/* VmStatus page 0: state of VM `vm` (another VM needs the vm-status capability). */
static inline bh_result bh_vm_status(uint32_t vm, bh_vm_status_info *status)
{
    bh_vm_status_reply reply = bh_call_vm_status(vm, BH_VM_STATUS_PAGE_STATUS);
    if (reply.result == BH_OK) {
        status->state = reply.state;
        status->restarts = reply.page_first;
        status->ticks_run = reply.page_second;
    }
    return reply.result;
}

typedef struct {
    uint32_t state;  /* BH_VM_STATE_* */
    uint32_t starts; /* starts since boot, the first one included (restarts = starts - 1) */
    uint32_t faults; /* health events raised against the VM */
} bh_vm_counters_info;

/* VmStatus page 1: the hypervisor's start and fault counters of VM `vm` (another VM needs the
 * vm-status capability). */
static inline bh_result bh_vm_counters(uint32_t vm, bh_vm_counters_info *counters)
{
    bh_vm_status_reply reply = bh_call_vm_status(vm, BH_VM_STATUS_PAGE_COUNTERS);
    if (reply.result == BH_OK) {
        counters->state = reply.state;
        counters->starts = reply.page_first;
        counters->faults = reply.page_second;
    }
    return reply.result;
}

typedef struct {
    uint32_t state;                 /* BH_VM_STATE_* */
    uint32_t fault_log_overwritten; /* the VM's fault-log entries overwritten by its newer ones */
    uint32_t trace_dropped;         /* the VM's trace records dropped (its share of the ring was full) */
} bh_vm_losses_info;

/* VmStatus page 2: what the hypervisor's monitoring lost of VM `vm` (another VM needs vm-status). */
static inline bh_result bh_vm_losses(uint32_t vm, bh_vm_losses_info *losses)
{
    bh_vm_status_reply reply = bh_call_vm_status(vm, BH_VM_STATUS_PAGE_LOSSES);
    if (reply.result == BH_OK) {
        losses->state = reply.state;
        losses->fault_log_overwritten = reply.page_first;
        losses->trace_dropped = reply.page_second;
    }
    return reply.result;
}

/* Restart modes of VmRestart. */
#define BH_RESTART_WARM 0u /* registers reset, memory kept */
#define BH_RESTART_COLD 1u /* memory restored from the pristine image first */

/* VmRestart: restarts VM `vm` from its entry (another VM needs restart-vm). Restarting itself
 * does not return. A cold restart is accepted at once and done in the target's own slots: the target
 * is BH_VM_STATE_RESTARTING until its image is checked and copied back, then runs again, or is left
 * BH_VM_STATE_HALTED when its pristine copy fails the integrity check (see bh_vm_status).
 * BH_RATE_LIMITED: the target's restart rate is reached (a restart-rate event is logged). */
static inline bh_result bh_vm_restart(uint32_t vm, uint32_t mode) { return bh_call_vm_restart(vm, mode); }

/* VmHalt: stops VM `vm` (another VM needs halt-vm). Halting itself does not return. */
static inline bh_result bh_vm_halt(uint32_t vm) { return bh_call_vm_halt(vm); }

/* FaultReport: reports a fault the VM caught itself as health event `event` (BH_EVENT_MPU_VIOLATION,
 * BH_EVENT_UNDEFINED_INSTRUCTION or BH_EVENT_PREFETCH_ABORT) at `address` with `detail` (both go to the
 * fault log); the VM's health policy then restarts, halts or suspends it, so it returns only with
 * BH_BAD_ARGUMENT for another event. On Armv8-R the SDK's EL1 vectors call it (el1_vectors.S). */
static inline bh_result bh_fault_report(uint32_t event, uint32_t address, uint32_t detail)
{
    return bh_call_fault_report(event, address, detail);
}

/* PlanSwitch: requests schedule plan `plan` at the next major-frame boundary (switch-plan
 * capability); `*current` (may be NULL) receives the plan running now. */
static inline bh_result bh_plan_switch(uint32_t plan, uint32_t *current)
{
    bh_plan_switch_reply reply = bh_call_plan_switch(plan);
    if (current != NULL && reply.result == BH_OK) {
        *current = reply.current;
    }
    return reply.result;
}

/* FaultLogRead: copies fault-log entry `sequence` (24 bytes, word-aligned buffer) into `entry`
 * (read-fault-log capability); `*logged` (may be NULL) receives the number of faults logged so far.
 * BH_EMPTY when `sequence` has not been logged yet. */
static inline bh_result bh_fault_log_read(uint32_t sequence, void *entry, size_t capacity, uint32_t *logged)
{
    bh_fault_log_read_reply reply = bh_call_fault_log_read(sequence, bh_address(entry), (uint32_t)capacity);
    if (logged != NULL && (reply.result == BH_OK || reply.result == BH_EMPTY)) {
        *logged = reply.logged;
    }
    return reply.result;
}

/* ---- Virtual CAN bus (docs/VCAN.md) --------------------------------------------------------------- */

/* A frame as CanReceive writes it (BH_CAN_FRAME_RECORD_BYTES, word-aligned, little endian). */
typedef struct {
    uint32_t id;     /* identifier | BH_CAN_ID_EXTENDED (29-bit) | BH_CAN_ID_REMOTE (remote frame) */
    uint32_t dlc;    /* 0..8 */
    uint8_t data[8]; /* zero beyond the DLC and for remote frames */
} bh_can_frame;

_Static_assert(sizeof(bh_can_frame) == BH_CAN_FRAME_RECORD_BYTES,
               "bh_can_frame is the record CanReceive writes");

/* CanSend: sends a frame with identifier word `id` (identifier | BH_CAN_ID_EXTENDED | BH_CAN_ID_REMOTE),
 * DLC `dlc` (0..8) and the first `dlc` bytes of `data` (only those are read; NULL is fine for DLC 0).
 * BH_NOT_PERMITTED when the identifier is outside the VM's transmit filter (counted), BH_BAD_ARGUMENT
 * for an identifier above 0x7FF / 0x1FFFFFFF, a DLC above 8 or unknown flag bits, BH_BUSY when the bus
 * UART has no room for the frame now (nothing sent: try again later). */
static inline bh_result bh_can_send(uint32_t id, uint32_t dlc, const uint8_t *data)
{
    uint32_t words[2] = {0u, 0u};
    for (uint32_t i = 0u; i < 8u; i++) {
        uint32_t byte = (i < dlc) ? (uint32_t)data[i] : 0u;
        words[i >> 2] |= byte << ((i & 3u) * 8u);
    }
    return bh_call_can_send(id, dlc, words[0], words[1]);
}

/* CanReceive: takes the oldest frame queued for the VM into `*frame`; `*remaining` (may be NULL)
 * receives the number still queued. BH_EMPTY when none is queued. */
static inline bh_result bh_can_receive(bh_can_frame *frame, uint32_t *remaining)
{
    bh_can_receive_reply reply = bh_call_can_receive(bh_address(frame));
    if (remaining != NULL && reply.result == BH_OK) {
        *remaining = reply.remaining;
    }
    return reply.result;
}

typedef struct {
    uint32_t queued;     /* frames waiting in the VM's receive queue */
    uint32_t overflows;  /* frames lost because the queue was full */
    uint32_t tx_refused; /* sends refused by the transmit filter */
} bh_can_status_info;

/* CanStatus: the VM's receive queue and filter counters. Always BH_OK. */
static inline bh_result bh_can_status(bh_can_status_info *status)
{
    bh_can_status_reply reply = bh_call_can_status();
    if (reply.result == BH_OK) {
        status->queued = reply.queued;
        status->overflows = reply.overflows;
        status->tx_refused = reply.tx_refused;
    }
    return reply.result;
}

/* ---- Start-up ---------------------------------------------------------------------------------- */

/* Places a variable in .noinit: crt0 neither copies nor zeroes it, so it keeps its value across a
 * warm restart (memory kept, registers reset). Its content after a cold start is unspecified. */
#define BH_NOINIT __attribute__((section(".noinit")))

/* The VM index the hypervisor passed in r0 at entry (recorded by crt0). */
extern uint32_t bh_self_vm;

/* Halts the calling VM for good (what crt0 does when main returns). */
void bh_exit(int status) __attribute__((noreturn));

/* The guest's entry point, called by crt0 after .data is copied and .bss is zeroed. */
int main(void);

#endif /* BULKHEAD_H */
