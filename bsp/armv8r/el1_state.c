/*
 * Save and load of a guest's EL1 state (armv8r/el1_state.h) from EL2, its reset value, and the EL2
 * traps that keep the EL1 registers it leaves out away from guests.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: PRBARn/PRLARn reach EL1 region n directly, PRSELR
 * selects the region PRBAR/PRLAR reach;
 * MPUIR.REGION; HCR, HDCR, HACTLR, CNTHCTL, CNTVOFF at EL2), ARM DDI 0487 part G (MRS/MSR (banked
 * register) from Hyp mode: SP_<mode>, LR_<mode>, SPSR_<mode>, R8_fiq-R12_fiq; the generic timer: CNTV_CTL
 * ENABLE, CNTV_CVAL; CNTHCTL.EL1PCEN/EL1PCTEN; HDCR.TPM/TPMCR/TDA/TDOSA/TDRA; HCR.TSW/TAC/TIDCP),
 * Cortex-R52 TRM (ARM 100026: HACTLR, whose zero value traps EL1 accesses to the implementation-defined
 * registers, TCM region registers included).
 */
#include "bsp.h"

#include "armv8r/el1_state.h"

/* Reads one banked register of another mode into `out` (MRS Rd, <banked>). */
#define BANKED_READ(out, name) __asm__ volatile("mrs %0, " #name : "=r"(out))
/* Writes one banked register of another mode (MSR <banked>, Rn). */
#define BANKED_WRITE(name, value) __asm__ volatile("msr " #name ", %0" : : "r"(value) : "memory")

/* Positions in bsp_el1_state.banked. */
enum {
    BANKED_SP_ABT,
    BANKED_LR_ABT,
    BANKED_SPSR_ABT,
    BANKED_SP_UND,
    BANKED_LR_UND,
    BANKED_SPSR_UND,
    BANKED_SP_IRQ,
    BANKED_LR_IRQ,
    BANKED_SPSR_IRQ,
    BANKED_R8_FIQ,
    BANKED_R9_FIQ,
    BANKED_R10_FIQ,
    BANKED_R11_FIQ,
    BANKED_R12_FIQ,
    BANKED_SP_FIQ,
    BANKED_LR_FIQ,
    BANKED_SPSR_FIQ,
};
_Static_assert(BANKED_SPSR_FIQ + 1 == BSP_EL1_BANKED_WORDS, "every banked register has its place");

_Static_assert(sizeof(bsp_el1_state) == BSP_EL1_STATE_WORDS * sizeof(uint32_t), "words only, no padding");

void bsp_el1_state_copy(bsp_el1_state *to, const bsp_el1_state *from)
{
    /* Volatile stores: the compiler must not turn the loop into a memcpy call. */
    volatile uint32_t *out = (volatile uint32_t *)(void *)to;
    const uint32_t *in = (const uint32_t *)(const void *)from;
    for (uint32_t i = 0u; i < BSP_EL1_STATE_WORDS; i++) {
        out[i] = in[i];
    }
}

/* Region n's PRBARn/PRLARn, reached without PRSELR (and so without an ISB per region): opc1 = n >> 4,
 * CRm = 8 + ((n >> 1) & 7), opc2 = (n & 1) << 2 for PRBARn and one more for PRLARn. The encodings must be
 * literals in the instruction, hence one row per region: X(n, opc1, CRm, PRBARn opc2, PRLARn opc2). */
#define EL1_MPU_REGIONS(X) \
    X(0, 0, c8, 0, 1)      \
    X(1, 0, c8, 4, 5)      \
    X(2, 0, c9, 0, 1)      \
    X(3, 0, c9, 4, 5)      \
    X(4, 0, c10, 0, 1)     \
    X(5, 0, c10, 4, 5)     \
    X(6, 0, c11, 0, 1)     \
    X(7, 0, c11, 4, 5)     \
    X(8, 0, c12, 0, 1)     \
    X(9, 0, c12, 4, 5)     \
    X(10, 0, c13, 0, 1)    \
    X(11, 0, c13, 4, 5)    \
    X(12, 0, c14, 0, 1)    \
    X(13, 0, c14, 4, 5)    \
    X(14, 0, c15, 0, 1)    \
    X(15, 0, c15, 4, 5)    \
    X(16, 1, c8, 0, 1)     \
    X(17, 1, c8, 4, 5)     \
    X(18, 1, c9, 0, 1)     \
    X(19, 1, c9, 4, 5)     \
    X(20, 1, c10, 0, 1)    \
    X(21, 1, c10, 4, 5)    \
    X(22, 1, c11, 0, 1)    \
    X(23, 1, c11, 4, 5)
_Static_assert(BSP_EL1_MPU_REGIONS_MAX == 24u, "EL1_MPU_REGIONS has a row for every region of the block");

/* Saves region n when the CPU has it (`regions` in scope). */
#define EL1_REGION_SAVE(n, opc1, crm, bar, lar)                                                  \
    if ((n) < regions) {                                                                         \
        __asm__ volatile("mrc p15, " #opc1 ", %0, c6, " #crm ", " #bar : "=r"(state->prbar[n])); \
        __asm__ volatile("mrc p15, " #opc1 ", %0, c6, " #crm ", " #lar : "=r"(state->prlar[n])); \
    }

/* Loads region n when the CPU has it (`regions` in scope). */
#define EL1_REGION_LOAD(n, opc1, crm, bar, lar)                                                              \
    if ((n) < regions) {                                                                                     \
        __asm__ volatile("mcr p15, " #opc1 ", %0, c6, " #crm ", " #bar : : "r"(state->prbar[n]) : "memory"); \
        __asm__ volatile("mcr p15, " #opc1 ", %0, c6, " #crm ", " #lar : : "r"(state->prlar[n]) : "memory"); \
    }

/* The EL1 regions this CPU has, bounded by the block's room. */
static uint32_t el1_region_count(void)
{
    uint32_t count = bsp_mpu_el1_region_count();
    return count < BSP_EL1_MPU_REGIONS_MAX ? count : BSP_EL1_MPU_REGIONS_MAX;
}

static void banked_save(uint32_t *b)
{
    BANKED_READ(b[BANKED_SP_ABT], SP_abt);
    BANKED_READ(b[BANKED_LR_ABT], LR_abt);
    BANKED_READ(b[BANKED_SPSR_ABT], SPSR_abt);
    BANKED_READ(b[BANKED_SP_UND], SP_und);
    BANKED_READ(b[BANKED_LR_UND], LR_und);
    BANKED_READ(b[BANKED_SPSR_UND], SPSR_und);
    BANKED_READ(b[BANKED_SP_IRQ], SP_irq);
    BANKED_READ(b[BANKED_LR_IRQ], LR_irq);
    BANKED_READ(b[BANKED_SPSR_IRQ], SPSR_irq);
    BANKED_READ(b[BANKED_R8_FIQ], R8_fiq);
    BANKED_READ(b[BANKED_R9_FIQ], R9_fiq);
    BANKED_READ(b[BANKED_R10_FIQ], R10_fiq);
    BANKED_READ(b[BANKED_R11_FIQ], R11_fiq);
    BANKED_READ(b[BANKED_R12_FIQ], R12_fiq);
    BANKED_READ(b[BANKED_SP_FIQ], SP_fiq);
    BANKED_READ(b[BANKED_LR_FIQ], LR_fiq);
    BANKED_READ(b[BANKED_SPSR_FIQ], SPSR_fiq);
}

static void banked_load(const uint32_t *b)
{
    BANKED_WRITE(SP_abt, b[BANKED_SP_ABT]);
    BANKED_WRITE(LR_abt, b[BANKED_LR_ABT]);
    BANKED_WRITE(SPSR_abt, b[BANKED_SPSR_ABT]);
    BANKED_WRITE(SP_und, b[BANKED_SP_UND]);
    BANKED_WRITE(LR_und, b[BANKED_LR_UND]);
    BANKED_WRITE(SPSR_und, b[BANKED_SPSR_UND]);
    BANKED_WRITE(SP_irq, b[BANKED_SP_IRQ]);
    BANKED_WRITE(LR_irq, b[BANKED_LR_IRQ]);
    BANKED_WRITE(SPSR_irq, b[BANKED_SPSR_IRQ]);
    BANKED_WRITE(R8_fiq, b[BANKED_R8_FIQ]);
    BANKED_WRITE(R9_fiq, b[BANKED_R9_FIQ]);
    BANKED_WRITE(R10_fiq, b[BANKED_R10_FIQ]);
    BANKED_WRITE(R11_fiq, b[BANKED_R11_FIQ]);
    BANKED_WRITE(R12_fiq, b[BANKED_R12_FIQ]);
    BANKED_WRITE(SP_fiq, b[BANKED_SP_FIQ]);
    BANKED_WRITE(LR_fiq, b[BANKED_LR_FIQ]);
    BANKED_WRITE(SPSR_fiq, b[BANKED_SPSR_FIQ]);
}

void bsp_el1_state_save(bsp_el1_state *state)
{
    banked_save(state->banked);
    state->vbar = cp15_read_vbar();
    state->sctlr = cp15_read_sctlr();
    state->cpacr = cp15_read_cpacr();
    state->contextidr = cp15_read_contextidr();
    state->tpidruro = cp15_read_tpidruro();
    state->tpidrprw = cp15_read_tpidrprw();
    state->dfsr = cp15_read_dfsr();
    state->ifsr = cp15_read_ifsr();
    state->adfsr = cp15_read_adfsr();
    state->aifsr = cp15_read_aifsr();
    state->dfar = cp15_read_dfar();
    state->ifar = cp15_read_ifar();
    state->mair0 = cp15_read_mair0();
    state->mair1 = cp15_read_mair1();
    state->cntkctl = cp15_read_cntkctl();
    state->cntv_ctl = cp15_read_cntv_ctl();
    cp15_read_cntv_cval(&state->cntv_cval_low, &state->cntv_cval_high);
    state->prselr = cp15_read_prselr();
    const uint32_t regions = el1_region_count();
    EL1_MPU_REGIONS(EL1_REGION_SAVE)
}

void bsp_el1_state_load(const bsp_el1_state *state)
{
    cp15_write_cntv_ctl(0u); /* stopped before its compare value changes */
    bh_isb();
    banked_load(state->banked);
    const uint32_t regions = el1_region_count();
    EL1_MPU_REGIONS(EL1_REGION_LOAD)
    cp15_write_prselr(state->prselr);
    cp15_write_mair0(state->mair0);
    cp15_write_mair1(state->mair1);
    cp15_write_vbar(state->vbar);
    cp15_write_cpacr(state->cpacr);
    cp15_write_contextidr(state->contextidr);
    cp15_write_tpidruro(state->tpidruro);
    cp15_write_tpidrprw(state->tpidrprw);
    cp15_write_dfsr(state->dfsr);
    cp15_write_ifsr(state->ifsr);
    cp15_write_adfsr(state->adfsr);
    cp15_write_aifsr(state->aifsr);
    cp15_write_dfar(state->dfar);
    cp15_write_ifar(state->ifar);
    cp15_write_cntkctl(state->cntkctl);
    cp15_write_cntv_cval(state->cntv_cval_low, state->cntv_cval_high);
    cp15_write_sctlr(state->sctlr);
    cp15_write_cntv_ctl(state->cntv_ctl);
    bh_dsb();
    bh_isb();
}

void bsp_el1_state_reset_value(bsp_el1_state *state, const bsp_el1_state *captured)
{
    bsp_el1_state_copy(state, captured);
    for (uint32_t i = 0u; i < BSP_EL1_BANKED_WORDS; i++) {
        state->banked[i] = 0u;
    }
    state->sctlr = captured->sctlr & ~SCTLR_M;
    state->vbar = 0u;
    state->contextidr = 0u;
    state->tpidruro = 0u;
    state->tpidrprw = 0u;
    state->dfsr = 0u;
    state->ifsr = 0u;
    state->adfsr = 0u;
    state->aifsr = 0u;
    state->dfar = 0u;
    state->ifar = 0u;
    state->prselr = 0u;
    state->cntv_ctl = 0u;
    state->cntv_cval_low = 0u;
    state->cntv_cval_high = 0u;
    for (uint32_t region = 0u; region < BSP_EL1_MPU_REGIONS_MAX; region++) {
        state->prbar[region] = 0u;
        state->prlar[region] = 0u; /* PRLAR.EN clear: the region is disabled */
    }
}

void bsp_guest_traps_init(void)
{
    cp15_write_hcr(cp15_read_hcr() | HCR_TSW | HCR_TAC | HCR_TIDCP);
    cp15_write_hdcr(cp15_read_hdcr() | HDCR_GUEST_TRAPS);
    cp15_write_hactlr(0u);
    /* EL1 may read the physical count; the EL1 physical timer stays the hypervisor's. */
    cp15_write_cnthctl((cp15_read_cnthctl() | CNTHCTL_EL1PCTEN) & ~CNTHCTL_EL1PCEN);
    cp15_write_cntvoff(0u, 0u); /* a guest's virtual count is the physical count */
    bh_isb();
}
