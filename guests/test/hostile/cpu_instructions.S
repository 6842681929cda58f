/*
 * cpu_instructions.S: the instructions of the hostile guest's CPU attacks, one function each whose
 * first instruction is the one that must trap (so the function's address is the faulting address the
 * hypervisor reports): CP15 system-control, MPU, PMU and cache operations, a VFP access from a VM
 * without the FPU, a breakpoint; plus the ones USR mode must ignore (MSR to the mode and mask bits,
 * CPS, CPSID), endless loops (one on a stack pointer the caller chooses, one in WFI), the unbounded
 * recursion of the stack-overflow attack, an LDM for the alignment attack and a Thumb-state SVC with
 * the semihosting number.
 * Follows: ARM DDI 0406C, the descriptions of SCTLR, the PMSAv7 MPU region registers, the PMU
 * registers (PMUSERENR.EN = 0 keeps them privileged), the debug communications channel (DBGDSCR.UDCCdis
 * = 1 keeps it privileged), the cache maintenance operations (privileged),
 * CP10/CP11 access and FPEXC, BKPT (prefetch abort, debug event), MSR and CPS in USR mode (only the
 * APSR bits are written; CPS is a NOP), WFI, and A8.8.228 (SVC); the ARM semihosting specification
 * (ARM-state SVC 0x123456, Thumb-state SVC 0xAB, SYS_EXIT 0x18).
 */
    .syntax unified
    .arch armv7-r
    .fpu vfpv3-d16

    .text
    .arm

/* CPSR mode and mask values the mode-change attack asks for. */
#define PSR_SVC_MASKED 0xD3
#define PSR_USR_IRQ_MASKED 0x90
#define PSR_MODE_SYS 0x1F

    .macro attack_function name
    .global \name
    .type \name, %function
    .balign 4
\name:
    .endm

attack_function hostile_cp15_read_sctlr
    mrc     p15, 0, r0, c1, c0, 0           @ SCTLR
    bx      lr

/* hostile_cp15_write_sctlr(value): the caller passes 0 (MPU and caches off). */
attack_function hostile_cp15_write_sctlr
    mcr     p15, 0, r0, c1, c0, 0           @ SCTLR = value
    bx      lr

attack_function hostile_cp15_write_mpu_region
    mcr     p15, 0, r0, c6, c2, 0           @ RGNR: select MPU region r0
    bx      lr

attack_function hostile_pmu_read_cycle_counter
    mrc     p15, 0, r0, c9, c13, 0          @ PMCCNTR
    bx      lr

/* hostile_debug_channel_write(value): the debug communications channel's transmit register, which
 * PL0 may use unless the hypervisor set DBGDSCR.UDCCdis (ARM DDI 0406C C6.4.1, C11.11.15). */
attack_function hostile_debug_channel_write
    mcr     p14, 0, r0, c0, c5, 0           @ DBGDTRTXint = value
    bx      lr

attack_function hostile_pmu_write_control
    mcr     p15, 0, r0, c9, c12, 0          @ PMCR
    bx      lr

attack_function hostile_cache_invalidate
    mcr     p15, 0, r0, c7, c5, 0           @ ICIALLU
    bx      lr

attack_function hostile_vfp_without_fpu
    vmov    d0, r0, r0                      @ any CP10/CP11 instruction
    bx      lr

attack_function hostile_breakpoint
    bkpt    #0xab
    bx      lr

/* hostile_try_mode_changes(uint32_t cpsr[4]): CPSR before, after MSR cpsr_c, after CPS, after CPSID. */
attack_function hostile_try_mode_changes
    mrs     r1, cpsr
    str     r1, [r0]
    msr     cpsr_c, #PSR_SVC_MASKED
    mrs     r1, cpsr
    str     r1, [r0, #4]
    cps     #PSR_MODE_SYS
    mrs     r1, cpsr
    str     r1, [r0, #8]
    cpsid   if
    mrs     r1, cpsr
    str     r1, [r0, #12]
    bx      lr

attack_function hostile_mask_and_spin
    cpsid   if
    msr     cpsr_c, #PSR_USR_IRQ_MASKED
1:  b       1b

attack_function hostile_spin
1:  b       1b

attack_function hostile_wait_forever
1:  wfi
    b       1b

/* hostile_spin_on_stack(sp): moves sp to `sp` and spins (an upcall then runs on that stack). */
attack_function hostile_spin_on_stack
    mov     sp, r0
1:  b       1b

/* hostile_overflow_stack(fill): pushes `fill` and calls itself, without end. */
attack_function hostile_overflow_stack
    str     r0, [sp, #-4]!
    bl      hostile_overflow_stack

/* hostile_load_multiple(address): LDM of two words from `address`. */
attack_function hostile_load_multiple
    ldm     r0, {r2, r3}
    bx      lr

/* hostile_thumb_svc_semihosting(operation, argument): Thumb SVC 0xAB. */
    .thumb
    .global hostile_thumb_svc_semihosting
    .type hostile_thumb_svc_semihosting, %function
    .thumb_func
    .balign 4
hostile_thumb_svc_semihosting:
    svc     #0xab
    bx      lr
