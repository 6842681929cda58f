/*
 * bulkhead.h: the Bulkhead guest SDK for C. One typed function per hypercall (an inline SVC whose
 * immediate is the hypercall number), the console printf-lite, virtual-interrupt handler
 * registration and the start-up facts crt0 records.
 *
 * Register ABI (docs/HYPERCALLS.md, firmware/core/hypercalls.ts): the guest runs in USR mode and
 * issues `svc #<number>` in ARM state; arguments go in r0-r3; the hypervisor writes the result code
 * (BH_OK, BH_BAD_ADDRESS, ...) to r0 and values to r1-r3; every other register, the flags and the
 * VFP state are preserved. Numbers and codes come from the generated bulkhead_abi.h.
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

/* A result code of the ABI (BH_OK, BH_BAD_ADDRESS, ... in bulkhead_abi.h). */
typedef uint32_t bh_result;

/* r0-r3 as the hypervisor left them after a hypercall. */
typedef struct {
    uint32_t r0;
    uint32_t r1;
    uint32_t r2;
    uint32_t r3;
} bh_regs;

/*
 * BH_DEFINE_SVC(name, number) defines `static inline bh_regs name(a0, a1, a2, a3)` issuing
 * `svc #number` with a0-a3 in r0-r3 and returning r0-r3 afterwards. `number` must be a constant:
 * it is encoded in the instruction. The SDK defines one per hypercall below; a test guest may define
 * its own for numbers the ABI does not assign.
 */
#define BH_DEFINE_SVC(name, number)                                                             \
    static inline bh_regs name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)              \
    {                                                                                           \
        register uint32_t r0 __asm__("r0") = a0;                                                \
        register uint32_t r1 __asm__("r1") = a1;                                                \
        register uint32_t r2 __asm__("r2") = a2;                                                \
        register uint32_t r3 __asm__("r3") = a3;                                                \
        __asm__ volatile("svc %[imm]"                                                           \
                         : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)                               \
                         : [imm] "i"(number)                                                    \
                         : "memory");                                                           \
        bh_regs out = {r0, r1, r2, r3};                                                         \
        return out;                                                                             \
    }

BH_DEFINE_SVC(bh_svc_version, BH_HC_VERSION)
BH_DEFINE_SVC(bh_svc_yield, BH_HC_YIELD)
BH_DEFINE_SVC(bh_svc_wait_event, BH_HC_WAIT_EVENT)
BH_DEFINE_SVC(bh_svc_get_time, BH_HC_GET_TIME)
BH_DEFINE_SVC(bh_svc_console_write, BH_HC_CONSOLE_WRITE)
BH_DEFINE_SVC(bh_svc_sampling_write, BH_HC_SAMPLING_WRITE)
BH_DEFINE_SVC(bh_svc_sampling_read, BH_HC_SAMPLING_READ)
BH_DEFINE_SVC(bh_svc_queuing_send, BH_HC_QUEUING_SEND)
BH_DEFINE_SVC(bh_svc_queuing_receive, BH_HC_QUEUING_RECEIVE)
BH_DEFINE_SVC(bh_svc_queuing_status, BH_HC_QUEUING_STATUS)
BH_DEFINE_SVC(bh_svc_virq_set_handler, BH_HC_VIRQ_SET_HANDLER)
BH_DEFINE_SVC(bh_svc_virq_enable, BH_HC_VIRQ_ENABLE)
BH_DEFINE_SVC(bh_svc_virq_disable, BH_HC_VIRQ_DISABLE)
BH_DEFINE_SVC(bh_svc_virq_ack, BH_HC_VIRQ_ACK)
BH_DEFINE_SVC(bh_svc_virq_return, BH_HC_VIRQ_RETURN)
BH_DEFINE_SVC(bh_svc_timer_set, BH_HC_TIMER_SET)
BH_DEFINE_SVC(bh_svc_watchdog_kick, BH_HC_WATCHDOG_KICK)
BH_DEFINE_SVC(bh_svc_vm_status, BH_HC_VM_STATUS)
BH_DEFINE_SVC(bh_svc_vm_restart, BH_HC_VM_RESTART)
BH_DEFINE_SVC(bh_svc_vm_halt, BH_HC_VM_HALT)
BH_DEFINE_SVC(bh_svc_plan_switch, BH_HC_PLAN_SWITCH)
BH_DEFINE_SVC(bh_svc_fault_log_read, BH_HC_FAULT_LOG_READ)
BH_DEFINE_SVC(bh_svc_can_send, BH_HC_CAN_SEND)
BH_DEFINE_SVC(bh_svc_can_receive, BH_HC_CAN_RECEIVE)
BH_DEFINE_SVC(bh_svc_can_status, BH_HC_CAN_STATUS)

/* A guest address as the hypervisor sees it (physical: the MPU does not translate). */
static inline uint32_t bh_address(const volatile void *pointer)
{
    return (uint32_t)(uintptr_t)pointer;
}

/* ---- Information and time ------------------------------------------------------------------ */

typedef struct {
    uint32_t abi_version; /* BH_ABI_VERSION of the running hypervisor (major << 16 | minor) */
    uint32_t vm;          /* the caller's VM index */
    uint32_t vm_count;    /* VMs in the system */
} bh_version_info;

/* Version: ABI version, own VM index, VM count. Always BH_OK. */
static inline bh_result bh_version(bh_version_info *info)
{
    bh_regs out = bh_svc_version(0, 0, 0, 0);
    info->abi_version = out.r1;
    info->vm = out.r2;
    info->vm_count = out.r3;
    return out.r0;
}

typedef struct {
    uint32_t ticks;             /* hypervisor ticks since boot (wraps at 2^32) */
    uint32_t tick_microseconds; /* length of one tick */
    uint32_t frame_position;    /* ticks since the current major frame began */
} bh_time;

/* GetTime: tick counter, tick length and position in the major frame. Always BH_OK. */
static inline bh_result bh_get_time(bh_time *time)
{
    bh_regs out = bh_svc_get_time(0, 0, 0, 0);
    time->ticks = out.r1;
    time->tick_microseconds = out.r2;
    time->frame_position = out.r3;
    return out.r0;
}

/* Hypervisor ticks since boot. */
static inline uint32_t bh_ticks(void)
{
    return bh_svc_get_time(0, 0, 0, 0).r1;
}

/* ---- Scheduling -------------------------------------------------------------------------------- */

/* Yield: gives up the rest of the current slot; returns (BH_OK) at the start of the VM's next slot
 * (after any pending upcall has run). */
static inline bh_result bh_yield(void)
{
    return bh_svc_yield(0, 0, 0, 0).r0;
}

/* WaitEvent: blocks until an enabled virtual interrupt is pending. `*active` (may be NULL) receives
 * the mask of pending enabled interrupts; without a registered handler they are consumed here,
 * with one they are also delivered to the handler. */
static inline bh_result bh_wait_event(uint32_t *active)
{
    bh_regs out = bh_svc_wait_event(0, 0, 0, 0);
    if (active != NULL) {
        *active = out.r1;
    }
    return out.r0;
}

/* TimerSet: the VM's virtual timer raises BH_VIRQ_TIMER `delay_ticks` from now and then every
 * `period_ticks` (0: once). `delay_ticks` 0 disarms it. */
static inline bh_result bh_timer_set(uint32_t delay_ticks, uint32_t period_ticks)
{
    return bh_svc_timer_set(delay_ticks, period_ticks, 0, 0).r0;
}

/* WatchdogKick: re-arms the VM's watchdog; `*period_ticks` (may be NULL) receives its period
 * (0: the VM has no watchdog). */
static inline bh_result bh_watchdog_kick(uint32_t *period_ticks)
{
    bh_regs out = bh_svc_watchdog_kick(0, 0, 0, 0);
    if (period_ticks != NULL) {
        *period_ticks = out.r1;
    }
    return out.r0;
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
        bh_regs out = bh_svc_console_write(bh_address(text + done), (uint32_t)(length - done), 0, 0);
        if (out.r0 != BH_OK) {
            return out.r0;
        }
        done += out.r1;
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
    return bh_svc_sampling_write(port, bh_address(message), (uint32_t)length, 0).r0;
}

typedef struct {
    uint32_t length;      /* bytes copied */
    uint32_t age_ticks;   /* ticks since the message was written */
    uint32_t valid;       /* 1 while the age is within the port's refresh period, else 0 */
} bh_sample_info;

/* SamplingRead: copies the latest message into `buffer` (`capacity` bytes). BH_NO_MESSAGE when
 * nothing was ever written, BH_TOO_SMALL when the message does not fit. `info` may be NULL. */
static inline bh_result bh_sampling_read(uint32_t port, void *buffer, size_t capacity, bh_sample_info *info)
{
    bh_regs out = bh_svc_sampling_read(port, bh_address(buffer), (uint32_t)capacity, 0);
    if (info != NULL && out.r0 == BH_OK) {
        info->length = out.r1;
        info->age_ticks = out.r2;
        info->valid = out.r3;
    }
    return out.r0;
}

/* QueuingSend: appends the message to every destination's queue. BH_FULL when at least one
 * destination queue was full (the message was dropped there and the overflow counted). */
static inline bh_result bh_queuing_send(uint32_t port, const void *message, size_t length)
{
    return bh_svc_queuing_send(port, bh_address(message), (uint32_t)length, 0).r0;
}

/* QueuingReceive: takes the oldest message of the VM's queue into `buffer`. `*length` receives its
 * size and `*remaining` the messages still queued (either may be NULL). BH_EMPTY when the queue is
 * empty, BH_TOO_SMALL when the message does not fit (it stays queued). */
static inline bh_result bh_queuing_receive(uint32_t port, void *buffer, size_t capacity, uint32_t *length,
                                           uint32_t *remaining)
{
    bh_regs out = bh_svc_queuing_receive(port, bh_address(buffer), (uint32_t)capacity, 0);
    if (out.r0 == BH_OK) {
        if (length != NULL) {
            *length = out.r1;
        }
        if (remaining != NULL) {
            *remaining = out.r2;
        }
    }
    return out.r0;
}

/* QueuingStatus: messages queued and overflows counted (for the source: summed over every
 * destination). Either pointer may be NULL. */
static inline bh_result bh_queuing_status(uint32_t port, uint32_t *queued, uint32_t *overflows)
{
    bh_regs out = bh_svc_queuing_status(port, 0, 0, 0);
    if (out.r0 == BH_OK) {
        if (queued != NULL) {
            *queued = out.r1;
        }
        if (overflows != NULL) {
            *overflows = out.r2;
        }
    }
    return out.r0;
}

/* ---- Virtual interrupts ------------------------------------------------------------------------ */

/* A virtual-interrupt handler: runs in USR mode on the VM's stack, below the interrupted code's
 * frame, with the interrupt number as its argument; upcalls do not nest. When it returns, the SDK's
 * entry glue (src/virq_entry.S) issues VirqReturn, which resumes the interrupted code exactly. */
typedef void (*bh_virq_handler)(uint32_t virq);

/* Registers `handler` (NULL: none) through VirqSetHandler with the SDK's entry glue as the upcall
 * address. Enable the interrupts it should receive with bh_virq_enable. */
bh_result bh_virq_set_handler(bh_virq_handler handler);

static inline bh_result bh_virq_enable(uint32_t virq)
{
    return bh_svc_virq_enable(virq, 0, 0, 0).r0;
}

static inline bh_result bh_virq_disable(uint32_t virq)
{
    return bh_svc_virq_disable(virq, 0, 0, 0).r0;
}

/* VirqAck: for a passed-through device interrupt, re-enables the device's interrupt line once the
 * guest has serviced the device. */
static inline bh_result bh_virq_ack(uint32_t virq)
{
    return bh_svc_virq_ack(virq, 0, 0, 0).r0;
}

/* VirqReturn: ends the current upcall (the entry glue calls it). Returns only when the VM is not in
 * an upcall, with BH_NOT_IN_UPCALL. */
static inline bh_result bh_virq_return(void)
{
    return bh_svc_virq_return(0, 0, 0, 0).r0;
}

/* ---- VM management (capabilities from the system description) ----------------------------------- */

typedef struct {
    uint32_t state;     /* BH_VM_STATE_* */
    uint32_t restarts;  /* restarts ordered by the health monitor */
    uint32_t ticks_run; /* ticks the VM has been on the CPU */
} bh_vm_status_info;

/* VmStatus page 0: state of VM `vm` (another VM needs the vm-status capability). */
static inline bh_result bh_vm_status(uint32_t vm, bh_vm_status_info *status)
{
    bh_regs out = bh_svc_vm_status(vm, BH_VM_STATUS_PAGE_STATUS, 0, 0);
    if (out.r0 == BH_OK) {
        status->state = out.r1;
        status->restarts = out.r2;
        status->ticks_run = out.r3;
    }
    return out.r0;
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
    bh_regs out = bh_svc_vm_status(vm, BH_VM_STATUS_PAGE_COUNTERS, 0, 0);
    if (out.r0 == BH_OK) {
        counters->state = out.r1;
        counters->starts = out.r2;
        counters->faults = out.r3;
    }
    return out.r0;
}

typedef struct {
    uint32_t state;               /* BH_VM_STATE_* */
    uint32_t fault_log_overwritten; /* the VM's fault-log entries overwritten by its newer ones */
    uint32_t trace_dropped;        /* the VM's trace records dropped (its share of the ring was full) */
} bh_vm_losses_info;

/* VmStatus page 2: what the hypervisor's monitoring lost of VM `vm` (another VM needs vm-status). */
static inline bh_result bh_vm_losses(uint32_t vm, bh_vm_losses_info *losses)
{
    bh_regs out = bh_svc_vm_status(vm, BH_VM_STATUS_PAGE_LOSSES, 0, 0);
    if (out.r0 == BH_OK) {
        losses->state = out.r1;
        losses->fault_log_overwritten = out.r2;
        losses->trace_dropped = out.r3;
    }
    return out.r0;
}

/* Restart modes of VmRestart. */
#define BH_RESTART_WARM 0u /* registers reset, memory kept */
#define BH_RESTART_COLD 1u /* memory restored from the pristine image first */

/* VmRestart: restarts VM `vm` from its entry (another VM needs restart-vm). Restarting itself
 * does not return. A cold restart is accepted at once and done in the target's own slots: the target
 * is BH_VM_STATE_RESTARTING until its image is checked and copied back, then runs again, or is left
 * BH_VM_STATE_HALTED when its pristine copy fails the integrity check (see bh_vm_status).
 * BH_RATE_LIMITED: the target's restart rate is reached (a restart-rate event is logged). */
static inline bh_result bh_vm_restart(uint32_t vm, uint32_t mode)
{
    return bh_svc_vm_restart(vm, mode, 0, 0).r0;
}

/* VmHalt: stops VM `vm` (another VM needs halt-vm). Halting itself does not return. */
static inline bh_result bh_vm_halt(uint32_t vm)
{
    return bh_svc_vm_halt(vm, 0, 0, 0).r0;
}

/* PlanSwitch: requests schedule plan `plan` at the next major-frame boundary (switch-plan
 * capability); `*current` (may be NULL) receives the plan running now. */
static inline bh_result bh_plan_switch(uint32_t plan, uint32_t *current)
{
    bh_regs out = bh_svc_plan_switch(plan, 0, 0, 0);
    if (current != NULL && out.r0 == BH_OK) {
        *current = out.r1;
    }
    return out.r0;
}

/* FaultLogRead: copies fault-log entry `sequence` (24 bytes, word-aligned buffer) into `entry`
 * (read-fault-log capability); `*logged` (may be NULL) receives the number of faults logged so far.
 * BH_EMPTY when `sequence` has not been logged yet. */
static inline bh_result bh_fault_log_read(uint32_t sequence, void *entry, size_t capacity, uint32_t *logged)
{
    bh_regs out = bh_svc_fault_log_read(sequence, bh_address(entry), (uint32_t)capacity, 0);
    if (logged != NULL && (out.r0 == BH_OK || out.r0 == BH_EMPTY)) {
        *logged = out.r1;
    }
    return out.r0;
}

/* ---- Virtual CAN bus (docs/VCAN.md) --------------------------------------------------------------- */

/* A frame as CanReceive writes it (BH_CAN_FRAME_RECORD_BYTES, word-aligned, little endian). */
typedef struct {
    uint32_t id;     /* identifier | BH_CAN_ID_EXTENDED (29-bit) | BH_CAN_ID_REMOTE (remote frame) */
    uint32_t dlc;    /* 0..8 */
    uint8_t data[8]; /* zero beyond the DLC and for remote frames */
} bh_can_frame;

_Static_assert(sizeof(bh_can_frame) == BH_CAN_FRAME_RECORD_BYTES, "bh_can_frame is the record CanReceive writes");

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
    return bh_svc_can_send(id, dlc, words[0], words[1]).r0;
}

/* CanReceive: takes the oldest frame queued for the VM into `*frame`; `*remaining` (may be NULL)
 * receives the number still queued. BH_EMPTY when none is queued. */
static inline bh_result bh_can_receive(bh_can_frame *frame, uint32_t *remaining)
{
    bh_regs out = bh_svc_can_receive(bh_address(frame), 0, 0, 0);
    if (remaining != NULL && out.r0 == BH_OK) {
        *remaining = out.r1;
    }
    return out.r0;
}

typedef struct {
    uint32_t queued;     /* frames waiting in the VM's receive queue */
    uint32_t overflows;  /* frames lost because the queue was full */
    uint32_t tx_refused; /* sends refused by the transmit filter */
} bh_can_status_info;

/* CanStatus: the VM's receive queue and filter counters. Always BH_OK. */
static inline bh_result bh_can_status(bh_can_status_info *status)
{
    bh_regs out = bh_svc_can_status(0, 0, 0, 0);
    if (out.r0 == BH_OK) {
        status->queued = out.r1;
        status->overflows = out.r2;
        status->tx_refused = out.r3;
    }
    return out.r0;
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
