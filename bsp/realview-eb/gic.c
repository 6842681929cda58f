/*
 * GIC driver for the realview-eb interrupt controller: every interrupt is routed as IRQ to CPU 0.
 * Follows: ARM IHI 0048B chapter 4 (4.3.1 GICD_CTLR, 4.3.2 GICD_TYPER, 4.3.5/4.3.6 ISENABLER/
 * ICENABLER, 4.3.8 ICPENDR, 4.3.11 IPRIORITYR, 4.3.12 ITARGETSR, 4.4.1 GICC_CTLR, 4.4.2 GICC_PMR,
 * 4.4.4 GICC_IAR, 4.4.5 GICC_EOIR) and 3.2 "General handling of interrupts" (spurious ID 1023).
 */
#include "realview-eb/gic.h"
#include "common/intc.h"

#include "board_map.h"
#include "realview-eb/mmio.h"

#define GICD(offset)     (BOARD_GIC_DIST_BASE + (offset))
#define GICC(offset)     (BOARD_GIC_CPU_BASE + (offset))
#define ENABLE_REG_BYTES BH_U32(4)

uint32_t intc_interrupt_count(void)
{
    uint32_t lines = (mmio_read32(GICD(GICD_TYPER)) & GICD_TYPER_ITLINES_MASK) + 1u;
    return lines * GIC_IRQS_PER_LINE_GROUP;
}

static uint32_t enable_reg(uint32_t base_offset, uint32_t id)
{
    return GICD(base_offset) + (id / GIC_BITS_PER_ENABLE_REG) * ENABLE_REG_BYTES;
}

static uint32_t enable_bit(uint32_t id) { return BH_U32(1) << (id % GIC_BITS_PER_ENABLE_REG); }

void intc_enable(uint32_t id) { mmio_write32(enable_reg(GICD_ISENABLER, id), enable_bit(id)); }

void intc_disable(uint32_t id) { mmio_write32(enable_reg(GICD_ICENABLER, id), enable_bit(id)); }

void intc_set_priority(uint32_t id, uint8_t priority) { mmio_write8(GICD(GICD_IPRIORITYR) + id, priority); }

void gic_set_target(uint32_t id, uint8_t cpu_mask) { mmio_write8(GICD(GICD_ITARGETSR) + id, cpu_mask); }

void gic_init(void)
{
    uint32_t count = intc_interrupt_count();
    mmio_write32(GICD(GICD_CTLR), 0u);
    for (uint32_t id = GIC_FIRST_SPI; id < count; id += GIC_BITS_PER_ENABLE_REG) {
        mmio_write32(enable_reg(GICD_ICENABLER, id), ~BH_U32(0));
        mmio_write32(enable_reg(GICD_ICPENDR, id), ~BH_U32(0));
    }
    for (uint32_t id = GIC_FIRST_SPI; id < count; id++) {
        intc_set_priority(id, (uint8_t)GIC_PRIORITY_DEFAULT);
        gic_set_target(id, (uint8_t)GIC_TARGET_CPU0);
    }
    mmio_write32(GICD(GICD_CTLR), GICD_CTLR_ENABLE);
    mmio_write32(GICC(GICC_PMR), GIC_PMR_ALLOW_ALL);
    mmio_write32(GICC(GICC_BPR), GIC_BPR_NO_GROUPING);
    mmio_write32(GICC(GICC_CTLR), GICC_CTLR_ENABLE);
}

uint32_t intc_acknowledge(uint32_t *ack)
{
    uint32_t iar = mmio_read32(GICC(GICC_IAR));
    *ack = iar;
    return iar & GICC_IAR_ID_MASK;
}

void intc_end_of_interrupt(uint32_t ack) { mmio_write32(GICC(GICC_EOIR), ack); }
