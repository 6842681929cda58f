/*
 * el1-checker: test guest for a guest at EL1 on an Armv8-R core (hypervisor at EL2). At start it writes
 * its own values into the EL1 registers the hypervisor keeps per VM (banked SP/LR/SPSR of ABT, UND,
 * IRQ and FIQ and FIQ's r8-r12, CONTEXTIDR, the thread IDs, the fault registers, MAIR0/1, PRSELR,
 * three EL1 MPU regions with the EL1 MPU on, the virtual timer, CNTKCTL), then in each of its slots
 * reads them all back: "el1-checker: slot <n> ok <registers>" when every one kept its value across the
 * slots of its neighbours, "el1-checker: slot <n> CHANGED <register> 0x<now> expected 0x<value>" for
 * each that did not.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: EL1 registers of PMSAv8-32 and the generic timer),
 * ARM DDI 0487 part G (MRS/MSR banked registers, CP15 c5/c6/c10/c13/c14 encodings).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#if !defined(BH_HYPERCALL_HVC)
#error "el1-checker runs at EL1 on an Armv8-R core (a board whose CPU takes hypercalls by HVC)"
#endif

#define SLOTS 12u

#define PRBAR_AP_EL1_RW   (0u << 1)
#define PRBAR_AP_EL1_RO   (2u << 1)
#define PRBAR_XN          1u
#define PRLAR_EN          1u
#define LIMIT(base, size) (((base) + (size)-1u) & ~0x3Fu)
#define SCTLR_M           (1u << 0)

#define MCR(op1, crn, crm, op2, value) \
    __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 "\n\tisb" : : "r"(value) : "memory")
#define MRC(op1, crn, crm, op2, out) \
    __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(out) : : "memory")
#define BANKED_READ(name, out)    __asm__ volatile("mrs %0, " #name : "=r"(out) : : "memory")
#define BANKED_WRITE(name, value) __asm__ volatile("msr " #name ", %0" : : "r"(value) : "memory")

/* One register: its name and the value this guest gave it. */
typedef struct checked {
    const char *name;
    uint32_t value;
} checked;

enum {
    SP_ABT,
    LR_ABT,
    SPSR_ABT,
    SP_UND,
    LR_UND,
    SPSR_UND,
    SP_IRQ,
    LR_IRQ,
    SPSR_IRQ,
    R8_FIQ,
    R12_FIQ,
    SP_FIQ,
    LR_FIQ,
    SPSR_FIQ,
    CONTEXTIDR,
    TPIDRURW,
    TPIDRURO,
    TPIDRPRW,
    DFAR,
    IFAR,
    DFSR,
    IFSR,
    MAIR0,
    MAIR1,
    PRBAR0,
    PRLAR0,
    PRBAR1,
    PRLAR1,
    PRBAR2,
    PRLAR2,
    PRSELR,
    SCTLR_MPU,
    VBAR,
    CNTKCTL,
    CNTV_CTL,
    CNTV_CVAL,
    CHECKED_COUNT
};

static checked expected[CHECKED_COUNT];

static void expect(uint32_t index, const char *name, uint32_t value)
{
    expected[index].name = name;
    expected[index].value = value;
}

static void el1_region_write(uint32_t region, uint32_t prbar, uint32_t prlar)
{
    MCR(0, c6, c2, 1, region);
    MCR(0, c6, c3, 0, prbar);
    MCR(0, c6, c3, 1, prlar);
}

static void el1_region_read(uint32_t region, uint32_t *prbar, uint32_t *prlar)
{
    MCR(0, c6, c2, 1, region);
    MRC(0, c6, c3, 0, *prbar);
    MRC(0, c6, c3, 1, *prlar);
}

/* Distinct values of this VM, none a reset value. */
#define MINE(n) (0xC0DE0000u | ((n) << 4))

static void write_all(void)
{
    expect(SP_ABT, "SP_abt", MINE(1u));
    expect(LR_ABT, "LR_abt", MINE(2u));
    expect(SPSR_ABT, "SPSR_abt", 0x80000017u);
    expect(SP_UND, "SP_und", MINE(3u));
    expect(LR_UND, "LR_und", MINE(4u));
    expect(SPSR_UND, "SPSR_und", 0x4000001Bu);
    expect(SP_IRQ, "SP_irq", MINE(5u));
    expect(LR_IRQ, "LR_irq", MINE(6u));
    expect(SPSR_IRQ, "SPSR_irq", 0x20000012u);
    expect(R8_FIQ, "R8_fiq", MINE(7u));
    expect(R12_FIQ, "R12_fiq", MINE(8u));
    expect(SP_FIQ, "SP_fiq", MINE(9u));
    expect(LR_FIQ, "LR_fiq", MINE(10u));
    expect(SPSR_FIQ, "SPSR_fiq", 0x10000011u);
    BANKED_WRITE(SP_abt, expected[SP_ABT].value);
    BANKED_WRITE(LR_abt, expected[LR_ABT].value);
    BANKED_WRITE(SPSR_abt, expected[SPSR_ABT].value);
    BANKED_WRITE(SP_und, expected[SP_UND].value);
    BANKED_WRITE(LR_und, expected[LR_UND].value);
    BANKED_WRITE(SPSR_und, expected[SPSR_UND].value);
    BANKED_WRITE(SP_irq, expected[SP_IRQ].value);
    BANKED_WRITE(LR_irq, expected[LR_IRQ].value);
    BANKED_WRITE(SPSR_irq, expected[SPSR_IRQ].value);
    BANKED_WRITE(R8_fiq, expected[R8_FIQ].value);
    BANKED_WRITE(R12_fiq, expected[R12_FIQ].value);
    BANKED_WRITE(SP_fiq, expected[SP_FIQ].value);
    BANKED_WRITE(LR_fiq, expected[LR_FIQ].value);
    BANKED_WRITE(SPSR_fiq, expected[SPSR_FIQ].value);

    expect(CONTEXTIDR, "CONTEXTIDR", MINE(11u));
    expect(TPIDRURW, "TPIDRURW", MINE(12u));
    expect(TPIDRURO, "TPIDRURO", MINE(13u));
    expect(TPIDRPRW, "TPIDRPRW", MINE(14u));
    expect(DFAR, "DFAR", MINE(15u));
    expect(IFAR, "IFAR", MINE(16u));
    expect(DFSR, "DFSR", 0x0Du);
    expect(IFSR, "IFSR", 0x0Du);
    expect(MAIR0, "MAIR0", 0x000000FFu);
    expect(MAIR1, "MAIR1", 0x00440000u);
    MCR(0, c13, c0, 1, expected[CONTEXTIDR].value);
    MCR(0, c13, c0, 2, expected[TPIDRURW].value);
    MCR(0, c13, c0, 3, expected[TPIDRURO].value);
    MCR(0, c13, c0, 4, expected[TPIDRPRW].value);
    MCR(0, c6, c0, 0, expected[DFAR].value);
    MCR(0, c6, c0, 2, expected[IFAR].value);
    MCR(0, c5, c0, 0, expected[DFSR].value);
    MCR(0, c5, c0, 1, expected[IFSR].value);
    MCR(0, c10, c2, 0, expected[MAIR0].value);
    MCR(0, c10, c2, 1, expected[MAIR1].value);

    /* The EL1 MPU on: code read-only and executable, data read/write, one region written but disabled. */
    const uint32_t code = BH_SELF_AREA_CODE_BASE;
    const uint32_t data = BH_SELF_AREA_DATA_BASE;
    expect(PRBAR0, "PRBAR0", code | PRBAR_AP_EL1_RO);
    expect(PRLAR0, "PRLAR0", LIMIT(code, BH_SELF_AREA_CODE_SIZE) | PRLAR_EN);
    expect(PRBAR1, "PRBAR1", data | PRBAR_AP_EL1_RW | PRBAR_XN);
    expect(PRLAR1, "PRLAR1", LIMIT(data, BH_SELF_AREA_DATA_SIZE) | PRLAR_EN);
    expect(PRBAR2, "PRBAR2", MINE(17u) & ~0x3Fu);
    expect(PRLAR2, "PRLAR2", MINE(18u) & ~0x3Fu);
    el1_region_write(0u, expected[PRBAR0].value, expected[PRLAR0].value);
    el1_region_write(1u, expected[PRBAR1].value, expected[PRLAR1].value);
    el1_region_write(2u, expected[PRBAR2].value, expected[PRLAR2].value);
    expect(PRSELR, "PRSELR", 5u);
    MCR(0, c6, c2, 1, expected[PRSELR].value);
    uint32_t sctlr;
    MRC(0, c1, c0, 0, sctlr);
    MCR(0, c1, c0, 0, sctlr | SCTLR_M);
    expect(SCTLR_MPU, "SCTLR.M", SCTLR_M);
    uint32_t vbar;
    MRC(0, c12, c0, 0, vbar);
    expect(VBAR, "VBAR", vbar); /* the SDK's vectors, set by crt0 */

    expect(CNTKCTL, "CNTKCTL", 0x2u);
    expect(CNTV_CTL, "CNTV_CTL", 0x3u); /* enabled, interrupt masked */
    expect(CNTV_CVAL, "CNTV_CVAL", MINE(19u));
    MCR(0, c14, c1, 0, expected[CNTKCTL].value);
    __asm__ volatile("mcrr p15, 3, %0, %1, c14" : : "r"(expected[CNTV_CVAL].value), "r"(0u) : "memory");
    MCR(0, c14, c3, 1, expected[CNTV_CTL].value);
}

static uint32_t read_one(uint32_t index)
{
    uint32_t value = 0u;
    uint32_t other = 0u;
    switch (index) {
    case SP_ABT:
        BANKED_READ(SP_abt, value);
        break;
    case LR_ABT:
        BANKED_READ(LR_abt, value);
        break;
    case SPSR_ABT:
        BANKED_READ(SPSR_abt, value);
        break;
    case SP_UND:
        BANKED_READ(SP_und, value);
        break;
    case LR_UND:
        BANKED_READ(LR_und, value);
        break;
    case SPSR_UND:
        BANKED_READ(SPSR_und, value);
        break;
    case SP_IRQ:
        BANKED_READ(SP_irq, value);
        break;
    case LR_IRQ:
        BANKED_READ(LR_irq, value);
        break;
    case SPSR_IRQ:
        BANKED_READ(SPSR_irq, value);
        break;
    case R8_FIQ:
        BANKED_READ(R8_fiq, value);
        break;
    case R12_FIQ:
        BANKED_READ(R12_fiq, value);
        break;
    case SP_FIQ:
        BANKED_READ(SP_fiq, value);
        break;
    case LR_FIQ:
        BANKED_READ(LR_fiq, value);
        break;
    case SPSR_FIQ:
        BANKED_READ(SPSR_fiq, value);
        break;
    case CONTEXTIDR:
        MRC(0, c13, c0, 1, value);
        break;
    case TPIDRURW:
        MRC(0, c13, c0, 2, value);
        break;
    case TPIDRURO:
        MRC(0, c13, c0, 3, value);
        break;
    case TPIDRPRW:
        MRC(0, c13, c0, 4, value);
        break;
    case DFAR:
        MRC(0, c6, c0, 0, value);
        break;
    case IFAR:
        MRC(0, c6, c0, 2, value);
        break;
    case DFSR:
        MRC(0, c5, c0, 0, value);
        break;
    case IFSR:
        MRC(0, c5, c0, 1, value);
        break;
    case MAIR0:
        MRC(0, c10, c2, 0, value);
        break;
    case MAIR1:
        MRC(0, c10, c2, 1, value);
        break;
    case PRSELR:
        MRC(0, c6, c2, 1, value);
        break;
    case SCTLR_MPU:
        MRC(0, c1, c0, 0, value);
        value &= SCTLR_M;
        break;
    case VBAR:
        MRC(0, c12, c0, 0, value);
        break;
    case CNTKCTL:
        MRC(0, c14, c1, 0, value);
        value &= 0x3u;
        break;
    case CNTV_CTL:
        MRC(0, c14, c3, 1, value);
        value &= 0x3u;
        break; /* ISTATUS is the timer's */
    case CNTV_CVAL:
        __asm__ volatile("mrrc p15, 3, %0, %1, c14" : "=r"(value), "=r"(other));
        break;
    default:
        break;
    }
    return value;
}

/* The region registers go through PRSELR, which is itself checked: read them last, restore it. */
static uint32_t check_all(void)
{
    uint32_t changed = 0u;
    uint32_t now[CHECKED_COUNT];
    for (uint32_t i = 0u; i < CHECKED_COUNT; i++) {
        now[i] = read_one(i);
    }
    el1_region_read(0u, &now[PRBAR0], &now[PRLAR0]);
    el1_region_read(1u, &now[PRBAR1], &now[PRLAR1]);
    el1_region_read(2u, &now[PRBAR2], &now[PRLAR2]);
    MCR(0, c6, c2, 1, expected[PRSELR].value);
    for (uint32_t i = 0u; i < CHECKED_COUNT; i++) {
        if (now[i] != expected[i].value) {
            (void)bh_printf("el1-checker: CHANGED %s 0x%08lx expected 0x%08lx\n", expected[i].name,
                            (unsigned long)now[i], (unsigned long)expected[i].value);
            changed++;
        }
    }
    return changed;
}

int main(void)
{
    write_all();
    for (uint32_t slot = 1u; slot <= SLOTS; slot++) {
        (void)bh_yield();
        uint32_t changed = check_all();
        (void)bh_printf("el1-checker: slot %lu %s %lu registers\n", (unsigned long)slot,
                        changed == 0u ? "ok" : "CHANGED", (unsigned long)CHECKED_COUNT);
    }
    (void)bh_printf("el1-checker: done\n");
    for (;;) {
        (void)bh_yield();
    }
}
