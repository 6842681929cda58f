/*
 * ARM PrimeCell UART (PL011) register map.
 * Follows: PrimeCell UART (PL011) Technical Reference Manual (ARM DDI 0183), chapter 3 "Programmers
 * Model": 3.2 summary of registers, 3.3.1 UARTDR, 3.3.2 UARTRSR/ECR, 3.3.3 UARTFR, 3.3.6 UARTIBRD,
 * 3.3.7 UARTFBRD, 3.3.8 UARTLCR_H, 3.3.9 UARTCR, 3.3.10 UARTIFLS, 3.3.11 UARTIMSC, 3.3.12 UARTRIS,
 * 3.3.13 UARTMIS, 3.3.14 UARTICR.
 */
#ifndef BSP_REALVIEW_EB_PL011_H
#define BSP_REALVIEW_EB_PL011_H

#include "armv7r/bits.h"

#define PL011_DR    BH_U32(0x000)
#define PL011_RSR   BH_U32(0x004)
#define PL011_FR    BH_U32(0x018)
#define PL011_IBRD  BH_U32(0x024)
#define PL011_FBRD  BH_U32(0x028)
#define PL011_LCR_H BH_U32(0x02C)
#define PL011_CR    BH_U32(0x030)
#define PL011_IFLS  BH_U32(0x034)
#define PL011_IMSC  BH_U32(0x038)
#define PL011_RIS   BH_U32(0x03C)
#define PL011_MIS   BH_U32(0x040)
#define PL011_ICR   BH_U32(0x044)

/* UARTDR */
#define PL011_DR_DATA_MASK  BH_U32(0xFF)
#define PL011_DR_ERROR_MASK BH_U32(0xF00) /* FE, PE, BE, OE */

/* UARTFR */
#define PL011_FR_BUSY BH_BIT(3)
#define PL011_FR_RXFE BH_BIT(4)
#define PL011_FR_TXFF BH_BIT(5)
#define PL011_FR_TXFE BH_BIT(7)

/* UARTLCR_H */
#define PL011_LCR_H_FEN        BH_BIT(4)
#define PL011_LCR_H_WLEN_SHIFT BH_U32(5)
#define PL011_LCR_H_WLEN_8     (BH_U32(3) << PL011_LCR_H_WLEN_SHIFT)

/* UARTCR */
#define PL011_CR_UARTEN BH_BIT(0)
#define PL011_CR_TXE    BH_BIT(8)
#define PL011_CR_RXE    BH_BIT(9)

/* UARTIFLS: RX interrupt at 1/8 full (bits [5:3] = 0) */
#define PL011_IFLS_RX_1_8 BH_U32(0x0)

/* Interrupt bits (IMSC, RIS, MIS, ICR) */
#define PL011_INT_RX  BH_BIT(4) /* receive */
#define PL011_INT_TX  BH_BIT(5) /* transmit */
#define PL011_INT_RT  BH_BIT(6) /* receive timeout */
#define PL011_INT_ALL BH_U32(0x7FF)

/* Baud divisor: UARTCLK / (16 * baud) = IBRD + FBRD / 64 */
#define PL011_BAUD_OVERSAMPLING BH_U32(16)
#define PL011_FBRD_SCALE        BH_U32(64)

#endif /* BSP_REALVIEW_EB_PL011_H */
