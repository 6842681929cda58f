/*
 * ARM Generic Interrupt Controller (distributor and CPU interface) register map and driver API.
 * Follows: ARM Generic Interrupt Controller Architecture Specification v1.0/v2.0 (ARM IHI 0048B),
 * chapter 4 "Programmers' Model": 4.1.2 distributor register map, 4.1.3 CPU interface register map,
 * 4.3 distributor register descriptions, 4.4 CPU interface register descriptions.
 */
#ifndef BSP_REALVIEW_EB_GIC_H
#define BSP_REALVIEW_EB_GIC_H

#include <stdint.h>

#include "armv7r/bits.h"

/* ---- Distributor (offsets from BOARD_GIC_DIST_BASE) ---- */
#define GICD_CTLR       BH_U32(0x000) /* distributor control */
#define GICD_TYPER      BH_U32(0x004) /* interrupt controller type */
#define GICD_ISENABLER  BH_U32(0x100) /* set-enable, one bit per ID */
#define GICD_ICENABLER  BH_U32(0x180) /* clear-enable */
#define GICD_ISPENDR    BH_U32(0x200) /* set-pending */
#define GICD_ICPENDR    BH_U32(0x280) /* clear-pending */
#define GICD_IPRIORITYR BH_U32(0x400) /* priority, one byte per ID */
#define GICD_ITARGETSR  BH_U32(0x800) /* CPU targets, one byte per ID */
#define GICD_ICFGR      BH_U32(0xC00) /* configuration, two bits per ID */

#define GICD_CTLR_ENABLE        BH_BIT(0)
#define GICD_TYPER_ITLINES_MASK BH_U32(0x1F) /* (ITLinesNumber + 1) * 32 interrupt IDs */
#define GIC_IRQS_PER_LINE_GROUP BH_U32(32)
#define GIC_BITS_PER_ENABLE_REG BH_U32(32)

/* ---- CPU interface (offsets from BOARD_GIC_CPU_BASE) ---- */
#define GICC_CTLR  BH_U32(0x00) /* CPU interface control */
#define GICC_PMR   BH_U32(0x04) /* priority mask */
#define GICC_BPR   BH_U32(0x08) /* binary point */
#define GICC_IAR   BH_U32(0x0C) /* interrupt acknowledge */
#define GICC_EOIR  BH_U32(0x10) /* end of interrupt */
#define GICC_RPR   BH_U32(0x14) /* running priority */
#define GICC_HPPIR BH_U32(0x18) /* highest priority pending */

#define GICC_CTLR_ENABLE BH_BIT(0)
#define GICC_IAR_ID_MASK BH_U32(0x3FF)
#define GIC_FIRST_SPI    BH_U32(32)

/* Priorities: lower value is more urgent. */
#define GIC_PRIORITY_DEFAULT BH_U32(0xA0)
#define GIC_PMR_ALLOW_ALL    BH_U32(0xF0) /* interrupts with priority below 0xF0 are signalled */
#define GIC_BPR_NO_GROUPING  BH_U32(0x0)
#define GIC_TARGET_CPU0      BH_U32(0x01)

void gic_init(void); /* the rest of the driver is the interface of common/intc.h */
void gic_set_target(uint32_t id, uint8_t cpu_mask);

#endif /* BSP_REALVIEW_EB_GIC_H */
