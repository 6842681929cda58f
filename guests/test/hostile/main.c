/*
 * hostile: test guest that attacks the hypervisor and the control VM beside it (systems/test-hostile.ts,
 * tests/e2e/robustness/hostile.test.ts). It makes one attack of attack_table.c per slot, in order; the
 * index of the next attack lives in .noinit (crt0 leaves it alone), so an attack that ends in a health
 * event and a warm restart is followed by the next one in the new life. Before each attack it sleeps
 * one tick (the hypervisor streams its trace while the CPU idles, so the ring has room for the attack's
 * records) and writes (attack index + 1) bytes to the sampling port `hostile_mark`, so the trace stream's port record marks
 * where each attack begins, and prints "hostile: attack <index> <name>". The stack-overflow attack
 * fills its whole data area, the state included, with HOSTILE_STACK_FILL: a life that finds that
 * pattern in its state knows the previous one overflowed and goes on after it. When the list is done
 * it prints "hostile: done <count> attacks" and yields for good, kicking its watchdog.
 * Follows: guests/sdk/README.md (BH_NOINIT and warm restarts), docs/HYPERCALLS.md (SamplingWrite,
 * WatchdogKick, Yield, TimerSet, WaitEvent).
 */
#include "attacks.h"
#include "bulkhead_system.h"

/* Marks the .noinit state as initialised (its content after power-up is unspecified). */
#define STATE_MAGIC 0x4057113Eu

typedef struct {
    uint32_t magic;
    uint32_t next_attack;
} hostile_state;

static BH_NOINIT volatile hostile_state state;
static uint8_t mark_bytes[BH_PORT_HOSTILE_MARK_MAX_MESSAGE];

_Static_assert(BH_PORT_HOSTILE_MARK_MAX_MESSAGE >= 70u,
               "hostile_mark must hold one byte per attack, plus one");

void hostile_report(const char *name, bh_result result)
{
    (void)bh_printf("hostile: %s -> %s (%lu)\n", name, bh_result_name(result), (unsigned long)result);
}

void hostile_not_stopped(const char *name) { (void)bh_printf("hostile: NOT STOPPED %s\n", name); }

/* Sleeps until the next tick. The hypervisor streams its trace only while the CPU idles: this leaves
 * the ring room for the attack's records. */
static void idle_one_tick(void)
{
    uint32_t active = 0u;
    (void)bh_virq_enable(BH_VIRQ_TIMER);
    (void)bh_timer_set(1u, 0u);
    while ((active & (1u << BH_VIRQ_TIMER)) == 0u) {
        (void)bh_wait_event(&active);
    }
}

static uint32_t index_of_stack_overflow(void)
{
    for (uint32_t i = 0u; i < hostile_attack_count; i++) {
        if (hostile_attacks[i].run == attack_stack_overflow) {
            return i;
        }
    }
    return hostile_attack_count;
}

int main(void)
{
    if (state.magic == HOSTILE_STACK_FILL && state.next_attack == HOSTILE_STACK_FILL) {
        (void)bh_printf("hostile: stack overflow filled the data area\n");
        state.next_attack = index_of_stack_overflow() + 1u;
        state.magic = STATE_MAGIC;
    } else if (state.magic != STATE_MAGIC) {
        state.next_attack = 0u;
        state.magic = STATE_MAGIC;
    }
    (void)bh_printf("hostile: life starts at attack %lu of %lu\n", (unsigned long)state.next_attack,
                    (unsigned long)hostile_attack_count);
    for (;;) {
        uint32_t attack = state.next_attack;
        if (attack >= hostile_attack_count || attack + 1u > BH_PORT_HOSTILE_MARK_MAX_MESSAGE) {
            break;
        }
        state.next_attack = attack + 1u;
        (void)bh_yield();
        (void)bh_watchdog_kick(NULL);
        idle_one_tick();
        (void)bh_sampling_write(BH_PORT_HOSTILE_MARK, mark_bytes, attack + 1u);
        (void)bh_printf("hostile: attack %lu %s\n", (unsigned long)attack, hostile_attacks[attack].name);
        hostile_attacks[attack].run();
    }
    (void)bh_printf("hostile: done %lu attacks\n", (unsigned long)hostile_attack_count);
    for (;;) {
        (void)bh_watchdog_kick(NULL);
        (void)bh_yield();
    }
}
