/*
 * GICv3 register map (distributor, redistributor, system-register CPU interface) and the board's driver
 * API: one security state (GICD_CTLR.DS), affinity routing, every interrupt in Group 1 (signalled as
 * IRQ) and routed to core 0.
 * Follows: Arm Generic Interrupt Controller Architecture Specification GIC architecture version 3 and
 * version 4 (ARM IHI 0069H), chapter 12: distributor registers (GICD_CTLR, GICD_TYPER, GICD_IGROUPR,
 * GICD_ISENABLER, GICD_ICENABLER, GICD_ICPENDR, GICD_IPRIORITYR, GICD_IROUTER),
 * redistributor registers (GICR_WAKER in the RD_base frame; GICR_IGROUPR0, GICR_ISENABLER0,
 * GICR_ICENABLER0, GICR_ICPENDR0, GICR_IPRIORITYR in the SGI_base frame), AArch32 CPU
 * interface system registers (ICC_IAR1, ICC_EOIR1, ICC_PMR, ICC_BPR1, ICC_CTLR, ICC_SRE, ICC_HSRE,
 * ICC_IGRPEN1); chapter 2, INTID ranges (SGI 0-15, PPI 16-31, SPI 32-1019, 1023 spurious).
 */
#ifndef BSP_MPS3_AN536_GICV3_H
#define BSP_MPS3_AN536_GICV3_H

#include <stdint.h>

#include "armv8r/bits.h"

/* ---- Distributor (offsets from BOARD_GIC_DIST_BASE) ---- */
#define GICD_CTLR       BH_U32(0x0000)
#define GICD_TYPER      BH_U32(0x0004)
#define GICD_IGROUPR    BH_U32(0x0080) /* one bit per ID: 1 = Group 1 */
#define GICD_ISENABLER  BH_U32(0x0100)
#define GICD_ICENABLER  BH_U32(0x0180)
#define GICD_ICPENDR    BH_U32(0x0280)
#define GICD_IPRIORITYR BH_U32(0x0400) /* one byte per ID */
#define GICD_IROUTER    BH_U32(0x6000) /* 64-bit affinity route per SPI, at IROUTER + 8 * ID */

#define GICD_CTLR_ENABLE_GRP0   BH_BIT(0)
#define GICD_CTLR_ENABLE_GRP1   BH_BIT(1)
#define GICD_CTLR_ARE           BH_BIT(4)    /* affinity routing (single security state) */
#define GICD_CTLR_DS            BH_BIT(6)    /* single security state */
#define GICD_CTLR_RWP           BH_BIT(31)   /* a register write is still taking effect */
#define GICD_TYPER_ITLINES_MASK BH_U32(0x1F) /* (ITLinesNumber + 1) * 32 interrupt IDs */
#define GICD_IROUTER_STRIDE     BH_U32(8)
#define GICD_IROUTER_CORE0      BH_U32(0) /* Aff3.Aff2.Aff1.Aff0 = 0.0.0.0, IRM = 0 */

/* ---- Redistributor of core 0 (offsets from BOARD_GIC_REDIST_BASE) ---- */
#define GICR_WAKER        BH_U32(0x0014)  /* RD_base frame */
#define GICR_SGI_BASE     BH_U32(0x10000) /* SGI_base frame: the private interrupts' registers */
#define GICR_IGROUPR0     (GICR_SGI_BASE + BH_U32(0x0080))
#define GICR_ISENABLER0   (GICR_SGI_BASE + BH_U32(0x0100))
#define GICR_ICENABLER0   (GICR_SGI_BASE + BH_U32(0x0180))
#define GICR_ICPENDR0     (GICR_SGI_BASE + BH_U32(0x0280))
#define GICR_IPRIORITYR   (GICR_SGI_BASE + BH_U32(0x0400))
#define GICR_WAKER_SLEEP  BH_BIT(1) /* ProcessorSleep */
#define GICR_WAKER_ASLEEP BH_BIT(2) /* ChildrenAsleep */

/* ---- AArch32 CPU interface system registers (coprocessor, opc1, Rt, CRn, CRm, opc2) ---- */
#define ICC_PMR(rt)     p15, 0, rt, c4, c6, 0
#define ICC_IAR1(rt)    p15, 0, rt, c12, c12, 0
#define ICC_EOIR1(rt)   p15, 0, rt, c12, c12, 1
#define ICC_BPR1(rt)    p15, 0, rt, c12, c12, 3
#define ICC_CTLR(rt)    p15, 0, rt, c12, c12, 4
#define ICC_SRE(rt)     p15, 0, rt, c12, c12, 5
#define ICC_IGRPEN1(rt) p15, 0, rt, c12, c12, 7
#define ICC_HSRE(rt)    p15, 4, rt, c12, c9, 5

#define ICC_SRE_SRE        BH_BIT(0) /* system-register interface in use */
#define ICC_SRE_DFB        BH_BIT(1)
#define ICC_SRE_DIB        BH_BIT(2)
#define ICC_HSRE_ENABLE    BH_BIT(3) /* EL1 may use ICC_SRE */
#define ICC_IGRPEN1_ENABLE BH_BIT(0)
#define ICC_IAR_ID_MASK    BH_U32(0xFFFFFF)
#define ICC_CTLR_EOIMODE   BH_BIT(1) /* 0: EOIR both drops priority and deactivates */

/* ---- IDs, priorities ---- */
#define GIC_FIRST_SPI           BH_U32(32)
#define GIC_IRQS_PER_LINE_GROUP BH_U32(32)
#define GIC_BITS_PER_REG        BH_U32(32)
#define GIC_REG_BYTES           BH_U32(4)
#define GIC_PRIORITY_DEFAULT    BH_U32(0xA0) /* lower value is more urgent */
#define GIC_PMR_ALLOW_ALL       BH_U32(0xFF)
#define GIC_BPR_NO_GROUPING     BH_U32(0x0)
#define GIC_ALL_BITS            (~BH_U32(0))

void gic_init(void); /* the rest of the driver is the interface of common/intc.h */

#endif /* BSP_MPS3_AN536_GICV3_H */
