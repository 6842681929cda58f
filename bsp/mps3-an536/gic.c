/*
 * GICv3 driver for mps3-an536: distributor with affinity routing, core 0's redistributor woken, and the
 * system-register CPU interface at EL2. Every interrupt is Group 1 (signalled as IRQ), priority
 * GIC_PRIORITY_DEFAULT, SPIs routed to core 0. Private interrupts (SGIs, PPIs: IDs below 32) are enabled
 * in the redistributor, SPIs in the distributor.
 * Follows: ARM IHI 0069H, chapter 12 register descriptions: GICD_CTLR (DS = 1: one security state, ARE,
 * EnableGrp1), GICD_TYPER, GICD_IROUTER, GICR_WAKER (clear ProcessorSleep, wait for ChildrenAsleep
 * to clear), and the CPU interface registers ICC_SRE/ICC_HSRE, ICC_PMR, ICC_BPR1, ICC_CTLR, ICC_IGRPEN1,
 * ICC_IAR1, ICC_EOIR1; the INTID ranges of chapter 2.
 */
#include "mps3-an536/gicv3.h"
#include "common/intc.h"

#include "armv8r/cp15.h"
#include "board_map.h"
#include "mps3-an536/mmio.h"

#define GICD(offset) (BOARD_GIC_DIST_BASE + (offset))
#define GICR(offset) (BOARD_GIC_REDIST_BASE + (offset))

/* clang-format off */
#define ICC_READ(encoding, value) __asm__ volatile("mrc " BH_XSTRINGIFY(encoding(%0)) : "=r"(value))
#define ICC_WRITE(encoding, value)                                                                         \
    __asm__ volatile("mcr " BH_XSTRINGIFY(encoding(%0)) : : "r"(value) : "memory")
/* clang-format on */

uint32_t intc_interrupt_count(void)
{
    uint32_t lines = (mmio_read32(GICD(GICD_TYPER)) & GICD_TYPER_ITLINES_MASK) + 1u;
    return lines * GIC_IRQS_PER_LINE_GROUP;
}

static uint32_t reg_offset(uint32_t id) { return (id / GIC_BITS_PER_REG) * GIC_REG_BYTES; }

static uint32_t id_bit(uint32_t id) { return BH_U32(1) << (id % GIC_BITS_PER_REG); }

static void wait_distributor_write(void)
{
    while ((mmio_read32(GICD(GICD_CTLR)) & GICD_CTLR_RWP) != 0u) {
    }
}

void intc_enable(uint32_t id)
{
    if (id < GIC_FIRST_SPI) {
        mmio_write32(GICR(GICR_ISENABLER0), id_bit(id));
    } else {
        mmio_write32(GICD(GICD_ISENABLER) + reg_offset(id), id_bit(id));
    }
}

void intc_disable(uint32_t id)
{
    if (id < GIC_FIRST_SPI) {
        mmio_write32(GICR(GICR_ICENABLER0), id_bit(id));
    } else {
        mmio_write32(GICD(GICD_ICENABLER) + reg_offset(id), id_bit(id));
        wait_distributor_write();
    }
}

void intc_set_priority(uint32_t id, uint8_t priority)
{
    if (id < GIC_FIRST_SPI) {
        mmio_write8(GICR(GICR_IPRIORITYR) + id, priority);
    } else {
        mmio_write8(GICD(GICD_IPRIORITYR) + id, priority);
    }
}

static void distributor_init(void)
{
    uint32_t count = intc_interrupt_count();
    mmio_write32(GICD(GICD_CTLR), 0u);
    wait_distributor_write();
    for (uint32_t id = GIC_FIRST_SPI; id < count; id += GIC_BITS_PER_REG) {
        mmio_write32(GICD(GICD_ICENABLER) + reg_offset(id), GIC_ALL_BITS);
        mmio_write32(GICD(GICD_ICPENDR) + reg_offset(id), GIC_ALL_BITS);
        mmio_write32(GICD(GICD_IGROUPR) + reg_offset(id), GIC_ALL_BITS);
    }
    wait_distributor_write();
    for (uint32_t id = GIC_FIRST_SPI; id < count; id++) {
        intc_set_priority(id, (uint8_t)GIC_PRIORITY_DEFAULT);
        uint32_t router = GICD(GICD_IROUTER) + id * GICD_IROUTER_STRIDE;
        mmio_write32(router, GICD_IROUTER_CORE0);
        mmio_write32(router + GIC_REG_BYTES, 0u);
    }
    mmio_write32(GICD(GICD_CTLR), GICD_CTLR_DS | GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1);
    wait_distributor_write();
}

static void redistributor_init(void)
{
    mmio_write32(GICR(GICR_WAKER), mmio_read32(GICR(GICR_WAKER)) & ~GICR_WAKER_SLEEP);
    while ((mmio_read32(GICR(GICR_WAKER)) & GICR_WAKER_ASLEEP) != 0u) {
    }
    mmio_write32(GICR(GICR_ICENABLER0), GIC_ALL_BITS);
    mmio_write32(GICR(GICR_ICPENDR0), GIC_ALL_BITS);
    mmio_write32(GICR(GICR_IGROUPR0), GIC_ALL_BITS);
    for (uint32_t id = 0u; id < GIC_FIRST_SPI; id++) {
        intc_set_priority(id, (uint8_t)GIC_PRIORITY_DEFAULT);
    }
}

static void cpu_interface_init(void)
{
    uint32_t sre;
    ICC_READ(ICC_HSRE, sre);
    ICC_WRITE(ICC_HSRE, sre | ICC_SRE_SRE | ICC_HSRE_ENABLE);
    bh_isb();
    ICC_WRITE(ICC_PMR, GIC_PMR_ALLOW_ALL);
    ICC_WRITE(ICC_BPR1, GIC_BPR_NO_GROUPING);
    uint32_t ctlr;
    ICC_READ(ICC_CTLR, ctlr);
    ICC_WRITE(ICC_CTLR, ctlr & ~ICC_CTLR_EOIMODE);
    ICC_WRITE(ICC_IGRPEN1, ICC_IGRPEN1_ENABLE);
    bh_isb();
}

void gic_init(void)
{
    distributor_init();
    redistributor_init();
    cpu_interface_init();
}

uint32_t intc_acknowledge(uint32_t *ack)
{
    uint32_t iar;
    ICC_READ(ICC_IAR1, iar);
    *ack = iar;
    return iar & ICC_IAR_ID_MASK;
}

void intc_end_of_interrupt(uint32_t ack)
{
    ICC_WRITE(ICC_EOIR1, ack);
    bh_isb();
}
