/*
 * cpu_attacks.c: the hostile guest's privileged-instruction attacks (instructions in
 * cpu_instructions.S). CP15 system-control, MPU, PMU and cache operations, a VFP instruction in a VM
 * without the FPU and a breakpoint must trap (undefined instruction or prefetch abort); MSR and CPS,
 * which USR mode ignores, must leave the CPSR's mode and mask bits as they were, which the attack
 * checks by reading the CPSR after each and printing the four values; the endless loops (one after
 * trying to mask interrupts, one in WFI) must lose the CPU at the slot's end and be ended by the
 * watchdog. The upcall attack moves its stack pointer into the control VM's data and waits for its
 * virtual timer: the hypervisor keeps the interrupted context in its own memory and enters the handler
 * on that stack pointer, whose first push must abort (nothing may be written there for the guest).
 * Follows: ARM DDI 0406C B1.3.3 (CPSR mode and mask bits), B9.3 (MSR, CPS in USR mode).
 */
#include "attacks.h"

/* CPSR fields: mode M[4:0], mask bits A, I, F. */
#define PSR_MODE_MASK 0x1Fu
#define PSR_MASK_BITS 0x1C0u
#define PSR_MODE_USR  0x10u
#define CPSR_SAMPLES  4u

uint32_t hostile_cp15_read_sctlr(void);
void hostile_cp15_write_sctlr(uint32_t value);
void hostile_cp15_write_mpu_region(uint32_t region);
uint32_t hostile_pmu_read_cycle_counter(void);
void hostile_pmu_write_control(uint32_t value);
void hostile_debug_channel_write(uint32_t value);
void hostile_cache_invalidate(void);
void hostile_vfp_without_fpu(void);
void hostile_breakpoint(void);
void hostile_try_mode_changes(uint32_t cpsr[CPSR_SAMPLES]);
void hostile_mask_and_spin(void);
void hostile_spin(void);
void hostile_wait_forever(void);
void hostile_spin_on_stack(uint32_t stack_pointer);

/* Where the upcall attack points its stack: inside the control VM's data area. */
#define FOREIGN_STACK_POINTER (CONTROL_DATA_ADDRESS + 0x100u)
#define ONE_TICK              1u

static volatile uint32_t sink;

void attack_cp15_read_sctlr(void)
{
    sink = hostile_cp15_read_sctlr();
    hostile_not_stopped("cp15-read-sctlr");
}

void attack_cp15_write_sctlr(void)
{
    hostile_cp15_write_sctlr(0u);
    hostile_not_stopped("cp15-write-sctlr");
}

void attack_cp15_write_mpu_region(void)
{
    hostile_cp15_write_mpu_region(0u);
    hostile_not_stopped("cp15-write-mpu-region");
}

void attack_pmu_read_cycle_counter(void)
{
    sink = hostile_pmu_read_cycle_counter();
    hostile_not_stopped("pmu-read-cycle-counter");
}

void attack_debug_channel_write(void)
{
    hostile_debug_channel_write(0xDCC0FFEEu);
    hostile_not_stopped("debug-channel-write");
}

void attack_pmu_write_control(void)
{
    hostile_pmu_write_control(0u);
    hostile_not_stopped("pmu-write-control");
}

void attack_cache_invalidate(void)
{
    hostile_cache_invalidate();
    hostile_not_stopped("cache-invalidate");
}

void attack_vfp_without_fpu(void)
{
    hostile_vfp_without_fpu();
    hostile_not_stopped("vfp-without-fpu");
}

void attack_breakpoint(void)
{
    hostile_breakpoint();
    hostile_not_stopped("breakpoint");
}

void attack_mode_change_ignored(void)
{
    uint32_t cpsr[CPSR_SAMPLES] = {0u, 0u, 0u, 0u};
    hostile_try_mode_changes(cpsr);
    uint32_t changed = 0u;
    for (uint32_t i = 0u; i < CPSR_SAMPLES; i++) {
        if ((cpsr[i] & (PSR_MODE_MASK | PSR_MASK_BITS)) != (cpsr[0] & (PSR_MODE_MASK | PSR_MASK_BITS)) ||
            (cpsr[i] & PSR_MODE_MASK) != PSR_MODE_USR) {
            changed++;
        }
    }
    (void)bh_printf("hostile: cpsr 0x%08lx msr 0x%08lx cps 0x%08lx cpsid 0x%08lx changed %lu\n",
                    (unsigned long)cpsr[0], (unsigned long)cpsr[1], (unsigned long)cpsr[2],
                    (unsigned long)cpsr[3], (unsigned long)changed);
}

void attack_mask_interrupts_and_spin(void) { hostile_mask_and_spin(); }

void attack_spin_forever(void) { hostile_spin(); }

void attack_wait_forever(void) { hostile_wait_forever(); }

/* A handler that uses the stack (bh_printf), so the upcall's first push is the test. */
static void upcall_on_foreign_stack(uint32_t virq)
{
    (void)bh_printf("hostile: NOT STOPPED upcall %lu on a foreign stack\n", (unsigned long)virq);
}

void attack_upcall_on_foreign_stack(void)
{
    (void)bh_virq_set_handler(upcall_on_foreign_stack);
    (void)bh_virq_enable(BH_VIRQ_TIMER);
    (void)bh_timer_set(ONE_TICK, 0u);
    hostile_spin_on_stack(FOREIGN_STACK_POINTER);
}
