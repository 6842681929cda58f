/*
 * masked-paths: benchmark guest of the longest masked paths (bench/masked-paths.ts). Built twice for
 * bench/systems.ts `maskedPathsSystem`: as VM `main` it makes every hypercall of the ABI with its
 * worst-case arguments, round after round; built with BENCH_PEER it is VM `peer`, which keeps `main`'s
 * ports and CAN queue fed and drains what `main` sends, once per slot.
 *
 * main, first start: waits for the host's start frame (BENCH_START_ID; the host opens the SLCAN channel
 * just before, so every CanSend afterwards also goes out on the bus UART), yields to the start of its
 * next slot and calls bench_begin() (the benchmark counts from there). Each round then: fills its
 * share of the fault log with calls of an unassigned number, reads every fault-log entry, writes the
 * longest console line the call accepts (control characters, escaped to 4 bytes each), writes and reads
 * both ports with full-size messages from unaligned buffers (byte copies), sends until the queue is
 * full and receives until it is empty, reads every VmStatus page of both VMs, sends and receives CAN
 * frames, registers an upcall handler, takes one upcall from its virtual timer and one from the
 * passed-through SP804 (acknowledged with VirqAck), and asks for the other schedule plan. After the
 * round it restarts itself cold (BENCH_RESTARTS times, the default restart rate), so the idle thread
 * runs the restart steps; the VM's start count (VmStatus page 1) says which round it is. The last
 * round asks for one restart too many (refused, RateLimited), halts `peer` and calls bench_done().
 * Follows: docs/HYPERCALLS.md (every call and its limits), docs/VCAN.md (frame records), ARM DDI 0271
 * (SP804 Dual-Timer TRM) 3.2 (TimerXLoad 0x00, TimerXControl 0x08, TimerXIntClr 0x0C; control bits:
 * one-shot [0], 32-bit [1], interrupt enable [5], enable [7]).
 */
#include <stdbool.h>

#include "bulkhead.h"
#include "bulkhead_system.h"

#if !defined(BENCH_MAIN_CAN_ID) || !defined(BENCH_PEER_CAN_ID) || !defined(BENCH_START_ID) || \
    !defined(BENCH_RESTARTS)
/* clang-format off */
#error "masked-paths needs BENCH_MAIN_CAN_ID, BENCH_PEER_CAN_ID, BENCH_START_ID, BENCH_RESTARTS (bench/systems.ts)"
/* clang-format on */
#endif

/* A number the ABI does not assign: UnknownCall, and a bad-hypercall event in the fault log. */
BH_DEFINE_SVC(bench_svc_unassigned, BH_HYPERCALL_COUNT)

/* Bad calls per round: a VM's share of the fault log (FAULT_LOG_SHARE of firmware/core/limits.ts). */
#define BENCH_BAD_CALLS 8u
/* Message size of every port of the system (they all declare the same). */
#define BENCH_MESSAGE BH_PORT_MS_MAX_MESSAGE
/* Fault-log entry as FaultLogRead copies it (word-aligned). */
#define BENCH_FAULT_ENTRY_WORDS 6u
/* A sequence number never logged: FaultLogRead answers Empty with the count of logged entries. */
#define BENCH_NO_SEQUENCE 0xFFFFFFFFu
#define BENCH_CAN_DLC     8u

static const uint8_t can_payload[BENCH_CAN_DLC] = {0xa5u, 0x5au, 0xc3u, 0x3cu, 0x0fu, 0xf0u, 0x99u, 0x66u};

/* One byte more than a message: `+ 1` gives an unaligned buffer of a full message. */
static uint8_t outgoing[BENCH_MESSAGE + 1u] __attribute__((aligned(4)));
static uint8_t incoming[BENCH_MESSAGE + 1u] __attribute__((aligned(4)));

static void fill_fault_log(void)
{
    for (uint32_t i = 0u; i < BENCH_BAD_CALLS; i++) {
        (void)bench_svc_unassigned(0u, 0u, 0u, 0u);
    }
}

static void fill_message(void)
{
    for (uint32_t i = 0u; i < BENCH_MESSAGE; i++) {
        outgoing[i + 1u] = (uint8_t)(i * 7u);
    }
}

static void drain_can(void)
{
    bh_can_frame frame;
    uint32_t remaining;
    while (bh_can_receive(&frame, &remaining) == BH_OK) {
    }
}

#ifdef BENCH_PEER

/* peer: fills its own share of the fault log once, says it runs, then serves main in every slot. */
static void peer_main(void)
{
    fill_fault_log();
    fill_message();
    (void)bh_printf("masked-paths: peer ready\n");
    for (;;) {
        uint32_t length;
        uint32_t remaining;
        (void)bh_sampling_read(BH_PORT_MS, &incoming[1], BENCH_MESSAGE, NULL);
        while (bh_queuing_receive(BH_PORT_MQ, &incoming[1], BENCH_MESSAGE, &length, &remaining) == BH_OK) {
        }
        (void)bh_sampling_write(BH_PORT_PS, &outgoing[1], BENCH_MESSAGE);
        for (uint32_t i = 0u; i < BH_PORT_PQ_DEPTH; i++) {
            (void)bh_queuing_send(BH_PORT_PQ, &outgoing[1], BENCH_MESSAGE);
        }
        (void)bh_can_send(BENCH_PEER_CAN_ID | BH_CAN_ID_EXTENDED, BENCH_CAN_DLC, can_payload);
        drain_can();
        (void)bh_yield();
    }
}

#else

#define SP804_LOAD               0x00u
#define SP804_CONTROL            0x08u
#define SP804_INTCLR             0x0Cu
#define SP804_CONTROL_ONE_SHOT   (1u << 0)
#define SP804_CONTROL_SIZE_32BIT (1u << 1)
#define SP804_CONTROL_INT_ENABLE (1u << 5)
#define SP804_CONTROL_ENABLE     (1u << 7)
/* Any value written to TimerXIntClr clears the interrupt. */
#define SP804_INTCLR_ANY         1u
/* The device interrupt fires this many timer clocks (µs) after it is programmed. */
#define BENCH_DEVICE_DELAY       20u

static volatile uint32_t timer_upcalls;
static volatile uint32_t device_upcalls;
/* Written by the markers, so that each has a body of its own (no identical-code folding). */
static volatile uint32_t bench_phase;
static char controls[BH_CONSOLE_MAX_WRITE + 1u] __attribute__((aligned(4)));
static uint32_t fault_entry[BENCH_FAULT_ENTRY_WORDS];

/* Markers the benchmark finds by name: it counts from the first bench_begin to bench_done. */
void bench_begin(void) __attribute__((noinline));
void bench_done(void) __attribute__((noinline));

void bench_begin(void) { bench_phase = 1u; }

void bench_done(void) { bench_phase = 2u; }

static void timer_write(uint32_t offset, uint32_t value)
{
    *(volatile uint32_t *)(uintptr_t)(BH_DEVICE_TIMER1_BASE + offset) = value;
}

static void on_virq(uint32_t virq)
{
    if (virq == BH_VIRQ_TIMER) {
        timer_upcalls = timer_upcalls + 1u;
    } else if (virq == BH_DEVICE_TIMER1_VIRQ) {
        timer_write(SP804_INTCLR, SP804_INTCLR_ANY);
        (void)bh_virq_ack(virq);
        device_upcalls = device_upcalls + 1u;
    }
}

/* Control characters other than tab and newline, and DEL: the console writes each as \xNN. */
static void fill_controls(void)
{
    static const char pattern[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c,
                                   0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
                                   0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x7f};
    for (uint32_t i = 0u; i < BH_CONSOLE_MAX_WRITE; i++) {
        controls[i + 1u] = pattern[i % sizeof pattern];
    }
}

static void wait_for_start(void)
{
    bool started = false;
    (void)bh_virq_enable(BH_VIRQ_VCAN);
    while (!started) {
        uint32_t active;
        bh_can_frame frame;
        uint32_t remaining;
        (void)bh_wait_event(&active);
        while (bh_can_receive(&frame, &remaining) == BH_OK) {
            started = started || frame.id == BENCH_START_ID;
        }
    }
    (void)bh_virq_disable(BH_VIRQ_VCAN);
}

static void fault_log_calls(void)
{
    uint32_t logged = 0u;
    fill_fault_log();
    (void)bh_fault_log_read(BENCH_NO_SEQUENCE, fault_entry, sizeof fault_entry, &logged);
    for (uint32_t sequence = 0u; sequence < logged; sequence++) {
        (void)bh_fault_log_read(sequence, fault_entry, sizeof fault_entry, NULL);
    }
    /* FaultReport of an event a guest may not report (BadArgument): the call returns. A valid report is
     * the health monitor's path of a fault, and never returns. */
    (void)bh_fault_report(BH_EVENT_PREFETCH_ABORT + 1u, 0u, 0u);
}

/* The most the console takes in one call (whatever the UART ring has room for), from an unaligned
 * buffer of the largest length; the result says how much was taken and the rest is dropped. */
static void console_calls(void)
{
    (void)bh_svc_console_write(bh_address(&controls[1]), BH_CONSOLE_MAX_WRITE, 0u, 0u);
    (void)bh_svc_console_write(bh_address(&controls[1]), BH_CONSOLE_MAX_WRITE, 0u, 0u);
    (void)bh_printf("\n");
}

static void port_calls(void)
{
    uint32_t length;
    uint32_t remaining;
    (void)bh_sampling_write(BH_PORT_MS, &outgoing[1], BENCH_MESSAGE);
    /* One more than the depth: the last finds the queue full. */
    for (uint32_t i = 0u; i <= BH_PORT_MQ_DEPTH; i++) {
        (void)bh_queuing_send(BH_PORT_MQ, &outgoing[1], BENCH_MESSAGE);
    }
    (void)bh_sampling_read(BH_PORT_PS, &incoming[1], BENCH_MESSAGE, NULL);
    while (bh_queuing_receive(BH_PORT_PQ, &incoming[1], BENCH_MESSAGE, &length, &remaining) == BH_OK) {
    }
    (void)bh_queuing_status(BH_PORT_MQ, NULL, NULL);
    (void)bh_queuing_status(BH_PORT_PQ, NULL, NULL);
}

static void status_calls(void)
{
    static const uint32_t vms[] = {BH_VM_MAIN, BH_VM_PEER};
    static const uint32_t pages[] = {BH_VM_STATUS_PAGE_STATUS, BH_VM_STATUS_PAGE_COUNTERS,
                                     BH_VM_STATUS_PAGE_LOSSES};
    for (uint32_t v = 0u; v < sizeof vms / sizeof vms[0]; v++) {
        for (uint32_t p = 0u; p < sizeof pages / sizeof pages[0]; p++) {
            (void)bh_svc_vm_status(vms[v], pages[p], 0u, 0u);
        }
    }
}

static void can_calls(void)
{
    bh_can_status_info status;
    (void)bh_can_send(BENCH_MAIN_CAN_ID | BH_CAN_ID_EXTENDED, BENCH_CAN_DLC, can_payload);
    (void)bh_can_send(BENCH_MAIN_CAN_ID | BH_CAN_ID_EXTENDED, BENCH_CAN_DLC, can_payload);
    drain_can();
    (void)bh_can_status(&status);
}

static void virq_calls(void)
{
    (void)bh_virq_set_handler(on_virq);
    (void)bh_virq_enable(BH_VIRQ_TIMER);
    (void)bh_virq_enable(BH_DEVICE_TIMER1_VIRQ);
    uint32_t before = timer_upcalls;
    (void)bh_timer_set(1u, 0u);
    while (timer_upcalls == before) {
        (void)bh_wait_event(NULL);
    }
    before = device_upcalls;
    timer_write(SP804_INTCLR, SP804_INTCLR_ANY);
    timer_write(SP804_LOAD, BENCH_DEVICE_DELAY);
    timer_write(SP804_CONTROL, SP804_CONTROL_ONE_SHOT | SP804_CONTROL_SIZE_32BIT | SP804_CONTROL_INT_ENABLE |
                                   SP804_CONTROL_ENABLE);
    while (device_upcalls == before) {
        (void)bh_wait_event(NULL);
    }
    (void)bh_virq_disable(BH_VIRQ_TIMER);
    (void)bh_virq_disable(BH_DEVICE_TIMER1_VIRQ);
}

static void other_calls(uint32_t starts)
{
    bh_version_info version;
    bh_time time;
    uint32_t period;
    uint32_t current;
    (void)bh_version(&version);
    (void)bh_get_time(&time);
    (void)bh_watchdog_kick(&period);
    /* Alternates between the two (identical) plans, one switch per round. */
    (void)bh_plan_switch(starts % 2u, &current);
}

static void main_round(uint32_t starts)
{
    fault_log_calls();
    console_calls();
    port_calls();
    status_calls();
    can_calls();
    virq_calls();
    other_calls(starts);
}

#endif

int main(void)
{
#ifdef BENCH_PEER
    peer_main();
#else
    bh_vm_counters_info self = {0u, 0u, 0u};
    (void)bh_vm_counters(BH_SELF_VM, &self);
    fill_message();
    fill_controls();
    if (self.starts == 1u) {
        wait_for_start();
    }
    /* From the start of a slot of its own: the peer has just refilled the ports. */
    (void)bh_yield();
    if (self.starts == 1u) {
        bench_begin();
    }
    main_round(self.starts);
    if (self.starts <= BENCH_RESTARTS) {
        (void)bh_vm_restart(BH_SELF_VM, BH_RESTART_COLD); /* does not return */
    }
    /* One past the restart rate: refused with RateLimited. */
    (void)bh_vm_restart(BH_SELF_VM, BH_RESTART_COLD);
    (void)bh_vm_halt(BH_VM_PEER);
    bench_done();
    for (;;) {
        (void)bh_yield();
    }
#endif
    return 0;
}
