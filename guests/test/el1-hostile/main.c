/*
 * el1-hostile: test guest for a guest at EL1 on an Armv8-R core (hypervisor at EL2). One attack per run,
 * the next one's index in .noinit (run_counter.h), so each warm restart goes on with the next. Each
 * attack must end in a fault or trap the hypervisor handles by the VM's health policy: directly (a
 * stage-2 abort or a trapped access at EL2), through the SDK's EL1 vectors and FaultReport (an exception
 * EL1 takes itself), or through the watchdog (a guest that locks itself up). A line
 * "el1-hostile: NOT STOPPED <name>" after an attack means it was not contained. The "scribble" attack
 * writes every EL1 register the hypervisor keeps per VM (banked registers, VBAR, CONTEXTIDR, thread IDs,
 * fault registers, MAIR, the EL1 MPU regions, the virtual timer) and yields for a few slots with them in
 * force, so a neighbour checking its own (el1-checker) sees whether any leaked.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: EL2 registers UNDEFINED at EL1; HCR.VM stage-2
 * checks; the EL1 MPU (PRSELR, PRBAR, PRLAR, MAIR0, SCTLR.M/BR); HCR.TAC/TIDCP, HDCR.TPM/TDA, CNTHCTL,
 * HCPTR traps), ARM DDI 0487 part G (MRS/MSR banked registers; CNTP_CTL, PMCR, DBGBVR encodings).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"
#include "../run_counter.h"

#if !defined(BH_HYPERCALL_HVC)
#error "el1-hostile runs at EL1 on an Armv8-R core (a board whose CPU takes hypercalls by HVC)"
#endif

/* This guest's marker of an initialised run counter (run_counter.h). */
#define STATE_MAGIC 0xE1A77ACCu
/* Hypervisor memory (the first word of the image); a build may give another address. */
#ifndef BH_EL1_HOSTILE_HYPERVISOR_WORD
#error "build with -DBH_EL1_HOSTILE_HYPERVISOR_WORD=<address of the hypervisor's image>"
#endif
/* The first attack to run (a build may start later in the table, to study one attack). */
#ifndef BH_EL1_HOSTILE_FIRST
#define BH_EL1_HOSTILE_FIRST 0u
#endif
/* Slots the scribble attack keeps its values in force before it ends. */
#define SCRIBBLE_SLOTS 3u

#define CODE_BASE BH_SELF_AREA_CODE_BASE
#define CODE_SIZE BH_SELF_AREA_CODE_SIZE
#define DATA_BASE BH_SELF_AREA_DATA_BASE
#define DATA_SIZE BH_SELF_AREA_DATA_SIZE

/* PMSAv8-32 EL1 region words: PRBAR base | SH | AP | XN, PRLAR limit | AttrIndx | EN. */
#define PRBAR_AP_EL1_RW   (0u << 1)
#define PRBAR_AP_EL1_RO   (2u << 1)
#define PRBAR_XN          1u
#define PRLAR_EN          1u
#define LIMIT(base, size) (((base) + (size)-1u) & ~0x3Fu)
/* MAIR attribute 0: normal memory, write-back. */
#define MAIR_NORMAL_WB 0xFFu
#define SCTLR_M        (1u << 0)
#define SCTLR_BR       (1u << 17)

#define MCR(op1, crn, crm, op2, value) \
    __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 "\n\tisb" : : "r"(value) : "memory")
#define MRC(op1, crn, crm, op2, out) \
    __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(out))

static void el1_mpu_region(uint32_t region, uint32_t prbar, uint32_t prlar)
{
    MCR(0, c6, c2, 1, region); /* PRSELR */
    MCR(0, c6, c3, 0, prbar);  /* PRBAR */
    MCR(0, c6, c3, 1, prlar);  /* PRLAR */
}

static void attack_el2_register(void) { MCR(4, c12, c0, 0, 0u); /* HVBAR */ }

static void attack_gic_distributor(void) { *(volatile uint32_t *)(uintptr_t)BH_BOARD_GIC_DIST_BASE = 0u; }

static void attack_hypervisor_memory(void)
{
    uint32_t word = *(volatile uint32_t *)(uintptr_t)(BH_EL1_HOSTILE_HYPERVISOR_WORD);
    (void)bh_printf("el1-hostile: read 0x%08lx\n", (unsigned long)word);
}

static void attack_pmu(void) { MCR(0, c9, c12, 0, 1u << 2); /* PMCR.C: reset the cycle counter */ }

static void attack_physical_timer(void) { MCR(0, c14, c2, 1, 1u); /* CNTP_CTL.ENABLE */ }

static void attack_actlr(void) { MCR(0, c1, c0, 1, 0u); /* ACTLR */ }

static void attack_debug_breakpoint(void)
{
    __asm__ volatile("mcr p14, 0, %0, c0, c0, 4\n\tisb" : : "r"(CODE_BASE) : "memory"); /* DBGBVR0 */
}

static void attack_vfp(void)
{
    uint32_t fpscr;
    __asm__ volatile(".fpu neon-fp-armv8\n\tvmrs %0, fpscr" : "=r"(fpscr));
    (void)bh_printf("el1-hostile: fpscr 0x%08lx\n", (unsigned long)fpscr);
}

static void attack_svc(void) { __asm__ volatile("svc #0" : : : "memory"); }

static void attack_vbar_into_hypervisor(void)
{
    MCR(0, c12, c0, 0, (uint32_t)(BH_EL1_HOSTILE_HYPERVISOR_WORD)); /* VBAR */
    __asm__ volatile("udf #0" : : : "memory");
}

/* The guest's own EL1 MPU: its code's first half and its whole data area; then a read of the code
 * area's last word, inside its EL2 regions but outside its EL1 ones. */
static void attack_own_mpu(void)
{
    MCR(0, c10, c2, 0, MAIR_NORMAL_WB); /* MAIR0 */
    el1_mpu_region(0u, CODE_BASE | PRBAR_AP_EL1_RO, LIMIT(CODE_BASE, CODE_SIZE / 2u) | PRLAR_EN);
    el1_mpu_region(1u, DATA_BASE | PRBAR_AP_EL1_RW | PRBAR_XN, LIMIT(DATA_BASE, DATA_SIZE) | PRLAR_EN);
    uint32_t sctlr;
    MRC(0, c1, c0, 0, sctlr);
    MCR(0, c1, c0, 0, (sctlr & ~SCTLR_BR) | SCTLR_M);
    (void)bh_printf("el1-hostile: own mpu on\n");
    uint32_t word = *(volatile uint32_t *)(uintptr_t)(CODE_BASE + CODE_SIZE - 4u);
    (void)bh_printf("el1-hostile: read 0x%08lx\n", (unsigned long)word);
}

/* The EL1 MPU misprogrammed: only the code is covered, so the next stack access aborts at EL1 (the
 * SDK's vectors, in the code, report it). */
static void attack_mpu_without_data(void)
{
    MCR(0, c10, c2, 0, MAIR_NORMAL_WB); /* MAIR0 */
    el1_mpu_region(0u, CODE_BASE | PRBAR_AP_EL1_RO, LIMIT(CODE_BASE, CODE_SIZE) | PRLAR_EN);
    el1_mpu_region(1u, 0u, 0u);
    uint32_t sctlr;
    MRC(0, c1, c0, 0, sctlr);
    MCR(0, c1, c0, 0, (sctlr & ~SCTLR_BR) | SCTLR_M);
    (void)bh_printf("el1-hostile: stack reachable\n");
}

/* Interrupts masked at EL1 and an endless loop: the hypervisor's tick still preempts it (physical
 * interrupts go to EL2), and the watchdog, no longer kicked, catches it. */
static void attack_lockup(void) { __asm__ volatile("cpsid if\n1:\tb 1b" : : : "memory"); }

/* Values no VM holds at reset, different per register. */
#define SCRIBBLE(n) (0x5C000000u | ((n) << 4))

static void attack_scribble(void)
{
    __asm__ volatile("msr SP_abt, %0\n\tmsr LR_abt, %0\n\tmsr SP_und, %0\n\tmsr LR_und, %0\n\t"
                     "msr SP_irq, %0\n\tmsr LR_irq, %0\n\tmsr SP_fiq, %0\n\tmsr LR_fiq, %0\n\t"
                     "msr R8_fiq, %0\n\tmsr R12_fiq, %0\n\tmsr SPSR_abt, %1\n\tmsr SPSR_fiq, %1"
                     :
                     : "r"(SCRIBBLE(1u)), "r"(0x1D3u)
                     : "memory");
    MCR(0, c13, c0, 1, SCRIBBLE(2u));                                 /* CONTEXTIDR */
    MCR(0, c13, c0, 2, SCRIBBLE(3u));                                 /* TPIDRURW */
    MCR(0, c13, c0, 3, SCRIBBLE(4u));                                 /* TPIDRURO */
    MCR(0, c13, c0, 4, SCRIBBLE(5u));                                 /* TPIDRPRW */
    MCR(0, c6, c0, 0, SCRIBBLE(6u));                                  /* DFAR */
    MCR(0, c6, c0, 2, SCRIBBLE(7u));                                  /* IFAR */
    MCR(0, c5, c0, 0, 0x5u);                                          /* DFSR */
    MCR(0, c10, c2, 0, 0x44444444u);                                  /* MAIR0 */
    MCR(0, c10, c2, 1, 0x44444444u);                                  /* MAIR1 */
    el1_mpu_region(3u, SCRIBBLE(8u) & ~0x3Fu, SCRIBBLE(9u) & ~0x3Fu); /* disabled, but written */
    MCR(0, c6, c2, 1, 7u);                                            /* PRSELR */
    MCR(0, c14, c1, 0, 0x3u);                                         /* CNTKCTL */
    __asm__ volatile("mcrr p15, 3, %0, %1, c14" : : "r"(SCRIBBLE(10u)), "r"(0u) : "memory"); /* CNTV_CVAL */
    MCR(0, c14, c3, 1, 3u); /* CNTV_CTL: enabled, masked */
    (void)bh_printf("el1-hostile: scribbled\n");
    for (uint32_t slot = 0u; slot < SCRIBBLE_SLOTS; slot++) {
        (void)bh_yield();
        (void)bh_watchdog_kick(NULL);
    }
    __asm__ volatile("udf #1" : : : "memory"); /* ends the attack */
}

typedef struct attack {
    const char *name;
    void (*run)(void);
} attack;

static const attack attacks[] = {
    {"el2-register", attack_el2_register},
    {"gic-distributor", attack_gic_distributor},
    {"hypervisor-memory", attack_hypervisor_memory},
    {"pmu", attack_pmu},
    {"physical-timer", attack_physical_timer},
    {"actlr", attack_actlr},
    {"debug-breakpoint", attack_debug_breakpoint},
    {"vfp-without-fpu", attack_vfp},
    {"svc", attack_svc},
    {"vbar-into-hypervisor", attack_vbar_into_hypervisor},
    {"own-mpu", attack_own_mpu},
    {"mpu-without-data", attack_mpu_without_data},
    {"lockup", attack_lockup},
    {"scribble", attack_scribble},
};
#define ATTACK_COUNT (sizeof attacks / sizeof attacks[0])

int main(void)
{
    (void)bh_watchdog_kick(NULL);
    uint32_t index = run_counter_next(STATE_MAGIC) + (uint32_t)(BH_EL1_HOSTILE_FIRST);
    (void)bh_yield(); /* one attack per slot: each one's trace records leave before the next */
    (void)bh_watchdog_kick(NULL);
    if (index < ATTACK_COUNT) {
        (void)bh_printf("el1-hostile: attack %lu %s\n", (unsigned long)index, attacks[index].name);
        attacks[index].run();
        (void)bh_printf("el1-hostile: NOT STOPPED %s\n", attacks[index].name);
        (void)bh_vm_restart(BH_SELF_VM, 0u); /* on to the next attack */
    }
    (void)bh_printf("el1-hostile: done %lu attacks\n", (unsigned long)ATTACK_COUNT);
    for (;;) {
        (void)bh_watchdog_kick(NULL);
        (void)bh_yield();
    }
}
