/*
 * hc-fuzzer: test guest that issues seeded random hypercall sequences with random arguments
 * (tests/e2e/robustness/fuzzer.test.ts, fuzzer-an536.test.ts, fuzz-long.ts; systems/test-fuzz.ts,
 * test-fuzz-an536.ts). Numbers and arguments come from arguments.c; each call is assembled as
 * `svc #<number>; bx lr` (a guest in USR mode: Cortex-R5F) or `hvc #<number>; bx lr` (BH_HYPERCALL_HVC:
 * a guest at EL1 of a Cortex-R52) in the rwx scratch area, made visible to instruction fetch and issued
 * through call_stub.S, so any 24-bit SVC or 16-bit HVC number can be tried. The campaign's state
 * (generator word, calls made, restarts seen, results per code) lives in .noinit, so a call that
 * restarts the VM (VmRestart of itself, a fault) is followed by the next one of the same sequence. A few
 * calls are shaped so the campaign cannot end itself: Yield and WaitEvent are issued only once in 4096
 * draws (WaitEvent after arming a one-tick timer), VmHalt of itself is turned into VmHalt of the next
 * VM, and a handler address that VirqSetHandler would accept is replaced by the SDK's real upcall entry,
 * whose handler only counts. At every start and every FUZZ_PROGRESS_EVERY calls it prints
 * "fuzz: seed 0x<seed> calls <n> restarts <r> upcalls <u> tick <t>"; after FUZZ_CALLS calls
 * "fuzz: results <code>=<count> ... unreturned=<n> health-restarts=<h>" (calls that restarted the VM
 * instead of returning; restarts the health monitor made) and "fuzz: done seed 0x<seed> calls <n> ... tick <t>", then
 * yields for good.
 * Build-time defines: FUZZ_SEED (default 1), FUZZ_CALLS (default 100000), FUZZ_PROGRESS_EVERY
 * (default 10000).
 * Follows: docs/HYPERCALLS.md, guests/sdk/README.md (BH_NOINIT, upcalls).
 */
#include <stdbool.h>

#include "arguments.h"
#include "bulkhead.h"
#include "bulkhead_system.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 1u
#endif
#ifndef FUZZ_CALLS
#define FUZZ_CALLS 100000u
#endif
#ifndef FUZZ_PROGRESS_EVERY
#define FUZZ_PROGRESS_EVERY 10000u
#endif

#define STATE_MAGIC 0xF0220C41u
/* Result codes 0 .. BH_RATE_LIMITED (the last one the ABI defines) each get a histogram slot. */
#define RESULT_CODES   (BH_RATE_LIMITED + 1u)
#define RARE_CALL_ODDS 4096u
#define ARM_BX_LR      0xE12FFF1Eu
#if defined(BH_HYPERCALL_HVC)
/* HVC (A32 encoding A1, ARM DDI 0487 "HVC"): cond 1110 0001 0100 imm12 0111 imm4, imm16 = imm12:imm4. */
#define ARM_HVC            0xE1400070u
#define HVC_IMM12_SHIFT    4u
#define HVC_IMM12_MASK     0xFFFu
#define HVC_IMM12_POSITION 8u
#define HVC_IMM4_MASK      0xFu
#define HYPERCALL_INSTRUCTION(number)                                                     \
    (ARM_HVC | ((((number) >> HVC_IMM12_SHIFT) & HVC_IMM12_MASK) << HVC_IMM12_POSITION) | \
     ((number)&HVC_IMM4_MASK))
#else
/* SVC (A32, ARM DDI 0406C A8.8.228): cond 1110 1111 imm24. */
#define ARM_SVC                       0xEF000000u
#define HYPERCALL_INSTRUCTION(number) (ARM_SVC | ((number)&FUZZ_NUMBER_MASK))
#endif
#define ONE_TICK 1u
/* Fault-log entry words (docs/HYPERCALLS.md): who = vm | event << 8 | action << 16. */
#define FAULT_ENTRY_WORDS   6u
#define FAULT_WORD_WHO      2u
#define FAULT_WORD_ADDRESS  3u
#define FAULT_WORD_DETAIL   4u
#define FAULT_VM_EVENT_MASK 0xFFFFu
/* Seed 0 would stick the xorshift generator at 0. */
#define NONZERO_SEED(seed) ((seed) == 0u ? 1u : (seed))

typedef struct {
    uint32_t magic;
    uint32_t seed;
    uint32_t generator;
    uint32_t calls;
    uint32_t starts;
    uint32_t upcalls;
    uint32_t in_call;    /* 1 while a call is issued: still 1 at a start means it did not return */
    uint32_t unreturned; /* calls that restarted the VM instead of returning */
    uint32_t last_number;
    uint32_t last_arguments[4];
    uint32_t results[RESULT_CODES + 1u]; /* the last: any other value in r0 */
} fuzz_state;

static BH_NOINIT volatile fuzz_state state;

/* bh_virq_entry: the SDK's upcall glue (guests/sdk/src/virq_entry.S). */
extern void bh_virq_entry(void);
void fuzz_sync_stub(uint32_t stub);              /* call_stub.S */
void fuzz_call(uint32_t regs[4], uint32_t stub); /* call_stub.S */

static void count_upcall(uint32_t virq)
{
    (void)virq;
    state.upcalls = state.upcalls + 1u;
}

static bool executable_for_me(uint32_t address)
{
    return (address - BH_VM_FUZZ_AREA_CODE_BASE < BH_VM_FUZZ_AREA_CODE_SIZE) ||
           (address - BH_VM_FUZZ_AREA_SCRATCH_BASE < BH_VM_FUZZ_AREA_SCRATCH_SIZE);
}

/* Turns the draws that would end the campaign into ones that keep it going; returns false to skip. */
static bool shape(uint32_t number, uint32_t regs[4])
{
    uint32_t generator = state.generator;
    bool keep = true;
    if (number == BH_HC_YIELD || number == BH_HC_WAIT_EVENT) {
        keep = fuzz_below(&generator, RARE_CALL_ODDS) == 0u;
        if (keep && number == BH_HC_WAIT_EVENT) {
            (void)bh_virq_enable(BH_VIRQ_TIMER);
            (void)bh_timer_set(ONE_TICK, 0u);
        }
    } else if (number == BH_HC_VM_HALT && regs[0] == BH_SELF_VM) {
        regs[0] = (BH_SELF_VM + 1u) % BH_VM_COUNT;
    } else if (number == BH_HC_VIRQ_SET_HANDLER && regs[0] != 0u && executable_for_me(regs[0])) {
        regs[0] = (uint32_t)(uintptr_t)&bh_virq_entry;
    }
    state.generator = generator;
    return keep;
}

static void issue(uint32_t number, uint32_t regs[4])
{
    volatile uint32_t *stub = (volatile uint32_t *)(uintptr_t)BH_VM_FUZZ_AREA_SCRATCH_BASE;
    stub[0] = HYPERCALL_INSTRUCTION(number);
    stub[1] = ARM_BX_LR;
    fuzz_sync_stub(BH_VM_FUZZ_AREA_SCRATCH_BASE);
    fuzz_call(regs, BH_VM_FUZZ_AREA_SCRATCH_BASE);
}

/* The call that restarted the VM, and the newest fault-log entry (the health event, if one did). */
static void report_unreturned(void)
{
    uint32_t entry[FAULT_ENTRY_WORDS] = {0u};
    uint32_t logged = 0u;
    (void)bh_fault_log_read(0u, entry, sizeof entry, &logged);
    if (logged > 0u) {
        (void)bh_fault_log_read(logged - 1u, entry, sizeof entry, NULL);
    }
    (void)bh_printf("fuzz: call %lu " BH_HYPERCALL_INSTRUCTION
                    " 0x%lx (0x%lx 0x%lx 0x%lx 0x%lx) did not return; newest fault vm|event<<8 0x%lx "
                    "address 0x%lx detail 0x%lx\n",
                    (unsigned long)state.calls, (unsigned long)state.last_number,
                    (unsigned long)state.last_arguments[0], (unsigned long)state.last_arguments[1],
                    (unsigned long)state.last_arguments[2], (unsigned long)state.last_arguments[3],
                    (unsigned long)(entry[FAULT_WORD_WHO] & FAULT_VM_EVENT_MASK),
                    (unsigned long)entry[FAULT_WORD_ADDRESS], (unsigned long)entry[FAULT_WORD_DETAIL]);
}

static void print_progress(void)
{
    (void)bh_printf("fuzz: seed 0x%08lx calls %lu restarts %lu upcalls %lu tick %lu\n",
                    (unsigned long)state.seed, (unsigned long)state.calls, (unsigned long)(state.starts - 1u),
                    (unsigned long)state.upcalls, (unsigned long)bh_ticks());
}

int main(void)
{
    if (state.magic != STATE_MAGIC || state.seed != NONZERO_SEED(FUZZ_SEED)) {
        state.seed = NONZERO_SEED(FUZZ_SEED);
        state.generator = state.seed;
        state.calls = 0u;
        state.starts = 0u;
        state.upcalls = 0u;
        state.in_call = 0u;
        state.unreturned = 0u;
        for (uint32_t i = 0u; i <= RESULT_CODES; i++) {
            state.results[i] = 0u;
        }
        state.magic = STATE_MAGIC;
    }
    state.starts = state.starts + 1u;
    if (state.in_call != 0u) {
        state.in_call = 0u;
        state.unreturned = state.unreturned + 1u;
        report_unreturned();
    }
    (void)bh_virq_set_handler(count_upcall);
    print_progress();
    while (state.calls < FUZZ_CALLS) {
        uint32_t generator = state.generator;
        uint32_t number = fuzz_number(&generator);
        uint32_t regs[4];
        for (uint32_t i = 0u; i < 4u; i++) {
            regs[i] = fuzz_argument(&generator);
        }
        state.generator = generator;
        if (!shape(number, regs)) {
            continue;
        }
        state.calls = state.calls + 1u;
        state.last_number = number;
        for (uint32_t i = 0u; i < 4u; i++) {
            state.last_arguments[i] = regs[i];
        }
        state.in_call = 1u;
        issue(number, regs);
        state.in_call = 0u;
        uint32_t code = regs[0] < RESULT_CODES ? regs[0] : RESULT_CODES;
        state.results[code] = state.results[code] + 1u;
        if (state.calls % FUZZ_PROGRESS_EVERY == 0u) {
            print_progress();
        }
    }
    (void)bh_printf("fuzz: results");
    for (uint32_t i = 0u; i <= RESULT_CODES; i++) {
        (void)bh_printf(" %lu=%lu", (unsigned long)i, (unsigned long)state.results[i]);
    }
    bh_vm_status_info status = {0u, 0u, 0u};
    (void)bh_vm_status(BH_SELF_VM, &status);
    (void)bh_printf(" unreturned=%lu health-restarts=%lu", (unsigned long)state.unreturned,
                    (unsigned long)status.restarts);
    (void)bh_printf("\nfuzz: done seed 0x%08lx calls %lu restarts %lu upcalls %lu tick %lu\n",
                    (unsigned long)state.seed, (unsigned long)state.calls, (unsigned long)(state.starts - 1u),
                    (unsigned long)state.upcalls, (unsigned long)bh_ticks());
    for (;;) {
        (void)bh_yield();
    }
}
