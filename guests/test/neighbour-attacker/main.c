/*
 * neighbour-attacker: the misbehaving VM of systems/test-neighbours.ts (tests/e2e/robustness/
 * neighbours.test.ts). Its run is cut into phases of PHASE_TICKS ticks (read with GetTime, so a phase
 * survives the attacker's own cold restarts); in each it attacks its neighbour's time, monitoring or
 * CPU state in one way, for its whole slot:
 *   0 quiet: yields every slot (the reference run)
 *   1 spin: loops without hypercalls until the slot ends
 *   2 restart: cold-restarts itself at once in every life (a 192 KiB image to check and copy each time)
 *   3 console: 256-byte writes of terminal control sequences (ESC [2J, CR, BS, CSI, DEL), back to back
 *   4 can: CanSend of 0x123 back to back (the bus is open on the host)
 *   5 logs: unknown hypercalls (bad-hypercall events, logged), sampling writes and virtual-interrupt
 *     calls back to back: fault-log and trace records of every kind it can cause
 *   6 cpu: writes TPIDRURW, leaves a load-exclusive open, sets the GE, Q and E (big-endian) flags,
 *     FPSCR and d15, then spins into the switch
 *   7 upcall: a virtual timer upcall every tick whose handler clears the handler (VirqSetHandler 0)
 *     before returning, enables all 32 virtual interrupts and acknowledges them
 *   8 quiet again: yields (the victim reports)
 * Every event it causes is only logged (its health policy), and it prints "attacker: phase <n>" when a
 * phase begins in a life.
 * Follows: docs/HYPERCALLS.md, ARM DDI 0406C B4.1.150 (TPIDRURW), A8.8.75 (LDREX), A8.8.161 (SETEND),
 * B1.3.3 (APSR GE and Q bits).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#define PHASE_TICKS         200u
#define PHASE_QUIET         0u
#define PHASE_SPIN          1u
#define PHASE_RESTART       2u
#define PHASE_CONSOLE       3u
#define PHASE_CAN           4u
#define PHASE_LOGS          5u
#define PHASE_CPU           6u
#define PHASE_UPCALL        7u
#define FLOOD_CAN_ID        0x123u
#define CONSOLE_FLOOD_BYTES 256u
/* Hypercall numbers no ABI version uses. */
#define UNKNOWN_CALL 0x3C1u

/* 192 KiB of constant data: the image a cold restart checks and copies. */
#define BALLAST_WORDS (48u * 1024u)
__attribute__((used)) static const uint32_t ballast[BALLAST_WORDS] = {[0] = 0xB0A1u,
                                                                      [BALLAST_WORDS - 1u] = 0xB0A2u};
/* Read through a volatile view, so the compiler keeps the whole array in the image. */
static const volatile uint32_t *const ballast_view = ballast;

static char console_flood[CONSOLE_FLOOD_BYTES];
static uint8_t flood_message[BH_PORT_FLOOD_MAX_MESSAGE];
static volatile uint32_t exclusive_word;
static volatile uint32_t upcalls;

static uint32_t phase_now(void) { return bh_ticks() / PHASE_TICKS; }

/* Terminal control: clear screen, cursor home, carriage return, backspaces, an 8-bit CSI, DEL. */
static void fill_console_flood(void)
{
    static const char sequence[] = "\x1b[2J\x1b[H\r\b\b\b\x9b"
                                   "31mforged\x7f\n";
    for (uint32_t i = 0u; i < CONSOLE_FLOOD_BYTES; i++) {
        console_flood[i] = sequence[i % (sizeof sequence - 1u)];
    }
}

static void on_virq(uint32_t virq)
{
    (void)virq;
    upcalls++;
    (void)bh_svc_virq_set_handler(0u, 0u, 0u, 0u); /* cleared inside the upcall */
}

static void attack_cpu_state(void)
{
    uint32_t value;
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2" : : "r"(0xBADBAD00u));
    __asm__ volatile("ldrex %0, [%1]" : "=r"(value) : "r"(&exclusive_word) : "memory");
    (void)value;
    /* GE[3:0] and Q set (MSR APSR_nzcvqg), FPSCR flush-to-zero, default NaN and round to -infinity, d15
     * overwritten, then big-endian data (SETEND BE). */
    __asm__ volatile("msr APSR_nzcvqg, %0" : : "r"(0xF80F0000u) : "cc");
    __asm__ volatile(".fpu vfpv3-d16\n\tvmsr fpscr, %0\n\tvmov d15, %1, %1"
                     :
                     : "r"(0x03800000u), "r"(0xBADBAD00u));
    __asm__ volatile("setend be" : : : "memory");
    for (;;) {
        if (phase_now() != PHASE_CPU) {
            break;
        }
    }
    __asm__ volatile("setend le" : : : "memory");
}

int main(void)
{
    uint32_t phase = phase_now();
    (void)bh_printf("attacker: phase %lu ballast %lx\n", (unsigned long)phase,
                    (unsigned long)(ballast_view[0] + ballast_view[BALLAST_WORDS - 1u]));
    fill_console_flood();
    for (;;) {
        phase = phase_now();
        switch (phase) {
        case PHASE_SPIN:
            break;
        case PHASE_RESTART:
            (void)bh_vm_restart(BH_SELF_VM, BH_RESTART_COLD);
            break;
        case PHASE_CONSOLE:
            (void)bh_svc_console_write(bh_address(console_flood), CONSOLE_FLOOD_BYTES, 0u, 0u);
            break;
        case PHASE_CAN:
            (void)bh_can_send(FLOOD_CAN_ID, 8u, (const uint8_t *)"attacker");
            break;
        case PHASE_LOGS:
            __asm__ volatile("svc %0" : : "i"(UNKNOWN_CALL) : "r0", "r1", "r2", "r3", "memory");
            (void)bh_sampling_write(BH_PORT_FLOOD, flood_message, sizeof flood_message);
            (void)bh_svc_virq_enable(31u, 0u, 0u, 0u);
            (void)bh_svc_virq_disable(31u, 0u, 0u, 0u);
            break;
        case PHASE_CPU:
            attack_cpu_state();
            break;
        case PHASE_UPCALL:
            (void)bh_virq_set_handler(on_virq);
            for (uint32_t virq = 0u; virq < 32u; virq++) {
                (void)bh_svc_virq_enable(virq, 0u, 0u, 0u);
                (void)bh_svc_virq_ack(virq, 0u, 0u, 0u);
            }
            (void)bh_timer_set(1u, 1u);
            break;
        default:
            (void)bh_yield();
            break;
        }
    }
}
