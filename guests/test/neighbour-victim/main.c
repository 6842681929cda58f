/*
 * neighbour-victim: the measuring VM of systems/test-neighbours.ts (tests/e2e/robustness/
 * neighbours.test.ts). It runs timer1 (an SP804 module it owns, clocked at 1 MHz) free as a wall clock
 * and spins for its whole slot reading it: a jump of more than GAP_US between two reads is the time it
 * was switched out, so it knows when each of its slots began and ended in microseconds of (virtual)
 * time, and with GetTime at each slot start which hypervisor tick that was. Meanwhile it checks the CPU
 * state it owns: TPIDRURW, the APSR's GE and Q bits, the data endianness (CPSR.E), FPSCR and a VFP
 * register keep their values, and a store-exclusive after a switch never succeeds for a load-exclusive
 * made before it. At its first slot it makes one bad hypercall (logged, sequence 0 of
 * the fault log); after the attacker's last phase it reads that entry back and every VM's losses, and
 * prints everything:
 *   victim: slot <k> tick <t> start <us> end <us>          (one line per slot)
 *   victim: tpidrurw <wrong reads> exclusive <succeeded>/<tried> state <wrong reads of the rest>
 *   victim: faultlog <result> seq <s> who <vm|event<<8|action<<16> detail <d>
 *   victim: losses <vm> faultlog <overwritten> trace <dropped>
 *   victim: done
 * Follows: ARM DDI 0271 (SP804) 3.1 (Timer1Load, Timer1Value, Timer1Control: enable, 32-bit, free
 * running), ARM DDI 0406C B4.1.150 (TPIDRURW), A3.4 and A8.8.75/A8.8.212 (LDREX/STREX), B1.3.3 (APSR GE,
 * Q; CPSR.E), A2.6 and B6.1.42 (FPSCR), docs/HYPERCALLS.md.
 */
#include <stdbool.h>

#include "bulkhead.h"
#include "bulkhead_system.h"

/* SP804 registers (offsets from the module base) and Timer1Control bits. */
#define SP804_LOAD           0x00u
#define SP804_VALUE          0x04u
#define SP804_CONTROL        0x08u
#define SP804_CONTROL_ENABLE (1u << 7)
#define SP804_CONTROL_32BIT  (1u << 1)

/* A jump of the clock larger than this between two reads is a switch-out (the victim's own ticks cost
 * a few microseconds; the attacker's slot and the idle gap are 6000). */
#define GAP_US 500u
/* Slots measured: the attacker's phases (guests/test/neighbour-attacker) times their slots and some. */
#define MAX_SLOTS 200u
/* The run ends after this tick (the attacker's 9 phases of 200 ticks). */
#define END_TICK 1800u
/* The value the victim keeps in TPIDRURW. */
#define THREAD_ID 0x71C7D000u
/* A hypercall number no ABI version uses: one bad-hypercall event (logged). */
#define BAD_CALL 0x2A5u
/* The APSR bits the victim owns (GE[3:0] = 0101, Q clear) and CPSR.E (little-endian), and the mask of
 * them; FPSCR with round-towards-zero; the pattern it keeps in d15. */
#define APSR_OWN_BITS     0x00050000u
#define APSR_CHECKED_MASK 0x080F0200u
#define FPSCR_OWN         0x00C00000u
#define D15_LOW           0x0D15A5A5u
#define D15_HIGH          0x5A5A0D15u
/* Words of a fault-log entry (docs/HYPERCALLS.md FaultLogRead). */
#define FAULT_ENTRY_WORDS 6u

static uint32_t slot_tick[MAX_SLOTS];
static uint32_t slot_start[MAX_SLOTS];
static uint32_t slot_end[MAX_SLOTS];
static volatile uint32_t exclusive_word;

static volatile uint32_t *timer_register(uint32_t offset)
{
    return (volatile uint32_t *)(uintptr_t)(BH_DEVICE_TIMER1_BASE + offset);
}

/* Microseconds since the clock started (the SP804 counts down from 0xFFFFFFFF). */
static uint32_t clock_us(void) { return 0xFFFFFFFFu - *timer_register(SP804_VALUE); }

static void write_thread_id(uint32_t value) { __asm__ volatile("mcr p15, 0, %0, c13, c0, 2" : : "r"(value)); }

static uint32_t read_thread_id(void)
{
    uint32_t value;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(value));
    return value;
}

static uint32_t load_exclusive(volatile uint32_t *address)
{
    uint32_t value;
    __asm__ volatile("ldrex %0, [%1]" : "=r"(value) : "r"(address) : "memory");
    return value;
}

/* 0: stored (the monitor still held the address), 1: not stored. */
static uint32_t store_exclusive(volatile uint32_t *address, uint32_t value)
{
    uint32_t failed;
    __asm__ volatile("strex %0, %2, [%1]" : "=&r"(failed) : "r"(address), "r"(value) : "memory");
    return failed;
}

static void write_state(void)
{
    __asm__ volatile("msr APSR_nzcvqg, %0" : : "r"(APSR_OWN_BITS) : "cc");
    __asm__ volatile(".fpu vfpv3-d16\n\tvmsr fpscr, %0\n\tvmov d15, %1, %2"
                     :
                     : "r"(FPSCR_OWN), "r"(D15_LOW), "r"(D15_HIGH));
}

/* True when the APSR bits, CPSR.E, FPSCR and d15 still hold what write_state put there. */
static bool state_intact(void)
{
    uint32_t cpsr;
    uint32_t fpscr;
    uint32_t low;
    uint32_t high;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    __asm__ volatile(".fpu vfpv3-d16\n\tvmrs %0, fpscr\n\tvmov %1, %2, d15"
                     : "=r"(fpscr), "=r"(low), "=r"(high));
    /* FPSCR's cumulative exception flags are the victim's own too; it raises none. */
    return (cpsr & APSR_CHECKED_MASK) == APSR_OWN_BITS && fpscr == FPSCR_OWN && low == D15_LOW &&
           high == D15_HIGH;
}

static void clear_exclusive(void) { __asm__ volatile("clrex" : : : "memory"); }

int main(void)
{
    *timer_register(SP804_CONTROL) = 0u;
    *timer_register(SP804_LOAD) = 0xFFFFFFFFu;
    *timer_register(SP804_CONTROL) = SP804_CONTROL_ENABLE | SP804_CONTROL_32BIT;
    write_thread_id(THREAD_ID);
    write_state();
    (void)bh_svc_version(0u, 0u, 0u, 0u);
    __asm__ volatile("svc %0" : : "i"(BAD_CALL) : "r0", "r1", "r2", "r3", "memory");

    uint32_t slots = 0u;
    uint32_t wrong_thread_id = 0u;
    uint32_t wrong_state = 0u;
    uint32_t exclusive_tried = 0u;
    uint32_t exclusive_stored = 0u;
    uint32_t last = clock_us();
    slot_tick[0] = bh_ticks();
    slot_start[0] = last;
    for (;;) {
        uint32_t value = load_exclusive(&exclusive_word);
        uint32_t before = clock_us();
        if (read_thread_id() != THREAD_ID) {
            wrong_thread_id++;
            write_thread_id(THREAD_ID);
        }
        if (!state_intact()) {
            wrong_state++;
            write_state();
        }
        uint32_t now = clock_us();
        if (now - before > GAP_US) {
            /* Switched out between the two clock reads, so between the load-exclusive and the
             * store-exclusive: the store must fail. */
            exclusive_tried++;
            exclusive_stored += 1u - store_exclusive(&exclusive_word, value + 1u);
        } else {
            clear_exclusive();
        }
        if (now - last > GAP_US || before - last > GAP_US) {
            slot_end[slots] = last;
            slots++;
            uint32_t tick = bh_ticks();
            if (slots >= MAX_SLOTS || tick >= END_TICK) {
                break;
            }
            slot_tick[slots] = tick;
            slot_start[slots] = now;
        }
        last = now;
    }

    /* Losses first: the report below is the victim's own burst of records. */
    bh_vm_losses_info losses[BH_VM_COUNT];
    for (uint32_t vm = 0u; vm < BH_VM_COUNT; vm++) {
        losses[vm].fault_log_overwritten = 0u;
        losses[vm].trace_dropped = 0u;
        (void)bh_vm_losses(vm, &losses[vm]);
    }
    for (uint32_t k = 0u; k < slots; k++) {
        (void)bh_printf("victim: slot %lu tick %lu start %lu end %lu\n", (unsigned long)k,
                        (unsigned long)slot_tick[k], (unsigned long)slot_start[k],
                        (unsigned long)slot_end[k]);
    }
    for (uint32_t vm = 0u; vm < BH_VM_COUNT; vm++) {
        (void)bh_printf("victim: losses %lu faultlog %lu trace %lu\n", (unsigned long)vm,
                        (unsigned long)losses[vm].fault_log_overwritten,
                        (unsigned long)losses[vm].trace_dropped);
    }
    (void)bh_printf("victim: tpidrurw %lu exclusive %lu/%lu state %lu\n", (unsigned long)wrong_thread_id,
                    (unsigned long)exclusive_stored, (unsigned long)exclusive_tried,
                    (unsigned long)wrong_state);
    uint32_t entry[FAULT_ENTRY_WORDS] = {0u};
    uint32_t logged = 0u;
    bh_result read = bh_fault_log_read(0u, entry, sizeof entry, &logged);
    (void)bh_printf("victim: faultlog %s seq %lu who %lx detail %lx logged %lu\n", bh_result_name(read),
                    (unsigned long)entry[0], (unsigned long)entry[2], (unsigned long)entry[4],
                    (unsigned long)logged);
    (void)bh_printf("victim: done\n");
    for (;;) {
        (void)bh_yield();
    }
}
