/*
 * attacks.h: the hostile guest's attack table and the helpers the attack files share. Each attack is
 * one function; main.c runs them one per life, in table order (attack_table.c). An attack that the
 * hypervisor contains by a health event never returns (the policy restarts the VM); one that returns
 * prints what it observed (result codes, CPSR values) on the console.
 * Follows: docs/HYPERCALLS.md (result codes), docs/CONFIG.md (health events and actions).
 */
#ifndef HOSTILE_ATTACKS_H
#define HOSTILE_ATTACKS_H

#include <stdint.h>

#include "bulkhead.h"

typedef struct {
    const char *name;
    void (*run)(void);
} hostile_attack;

extern const hostile_attack hostile_attacks[];
extern const uint32_t hostile_attack_count;

/* The word the stack-overflow attack fills its stack with (and so, in the end, its whole data area). */
#define HOSTILE_STACK_FILL 0x57AC0F11u

/* Memory of the control VM and of the hypervisor (systems/test-hostile.ts, docs/CONFIG.md). */
#define CONTROL_CODE_ADDRESS       0x00100000u
#define CONTROL_DATA_ADDRESS       0x00140000u
#define HYPERVISOR_VECTORS_ADDRESS 0x00000000u
#define HYPERVISOR_WORD_ADDRESS    0x00000100u

/* Prints "hostile: <name> -> <RESULT> (<code>)". */
void hostile_report(const char *name, bh_result result);
/* Prints "hostile: NOT STOPPED <name>": an attack that should have ended in a health event went on. */
void hostile_not_stopped(const char *name);

/* memory_attacks.c */
void attack_read_control_data(void);
void attack_write_control_data(void);
void attack_read_control_code(void);
void attack_read_hypervisor(void);
void attack_write_hypervisor_vectors(void);
void attack_write_own_code(void);
void attack_read_uart2_of_control(void);
void attack_write_uart1_vcan(void);
void attack_write_uart3_trace(void);
void attack_write_timer0_tick(void);
void attack_write_timer1_unassigned(void);
void attack_write_gic_distributor(void);
void attack_read_gic_acknowledge(void);
void attack_write_system_controller(void);
void attack_read_top_of_address_space(void);
void attack_unaligned_ldm(void);
void attack_exec_data(void);
void attack_exec_stack(void);
void attack_exec_control_code(void);
void attack_exec_hypervisor_vector(void);
void attack_stack_overflow(void);

/* cpu_attacks.c (with the instructions in cpu_instructions.S) */
void attack_cp15_read_sctlr(void);
void attack_cp15_write_sctlr(void);
void attack_cp15_write_mpu_region(void);
void attack_pmu_read_cycle_counter(void);
void attack_pmu_write_control(void);
void attack_debug_channel_write(void);
void attack_cache_invalidate(void);
void attack_vfp_without_fpu(void);
void attack_mode_change_ignored(void);
void attack_mask_interrupts_and_spin(void);
void attack_spin_forever(void);
void attack_breakpoint(void);
void attack_wait_forever(void);
void attack_upcall_on_foreign_stack(void);

/* hypercall_attacks.c */
void attack_hc_console_control_data(void);
void attack_hc_console_hypervisor(void);
void attack_hc_sampling_read_into_control(void);
void attack_hc_queuing_receive_into_hypervisor(void);
void attack_hc_can_receive_into_hypervisor(void);
void attack_hc_sampling_read_into_own_code(void);
void attack_hc_console_spanning_areas(void);
void attack_hc_console_wrapping(void);
void attack_hc_console_huge(void);
void attack_hc_sampling_read_wrapping(void);
void attack_hc_sampling_read_past_area(void);
void attack_hc_can_receive_misaligned(void);
void attack_hc_handler_in_control_code(void);
void attack_hc_handler_misaligned(void);
void attack_hc_unknown_next(void);
void attack_hc_unknown_0x100(void);
void attack_hc_unknown_0xffffff(void);
void attack_hc_semihosting_exit_arm(void);
void attack_hc_semihosting_exit_thumb(void);
void attack_hc_restart_control(void);
void attack_hc_halt_control(void);
void attack_hc_plan_switch(void);
void attack_hc_fault_log_read(void);
void attack_hc_status_of_control(void);

/* port_attacks.c */
void attack_port_spoof_vehicle_status(void);
void attack_port_send_control_faults(void);
void attack_port_receive_own_setpoints(void);
void attack_port_queuing_send_on_sampling(void);
void attack_port_out_of_range(void);
void attack_can_spoof_control_id(void);
void attack_can_bad_arguments(void);
void attack_flood_queuing_port(void);
void attack_flood_can_bus(void);
void attack_console_unterminated_line(void);

#endif /* HOSTILE_ATTACKS_H */
