/*
 * Arm CMSDK APB UART register map.
 * Follows: Arm Cortex-M System Design Kit Technical Reference Manual (ARM DDI 0479C), the APB UART:
 * its memory map (DATA, STATE, CTRL, INTSTATUS/INTCLEAR, BAUDDIV) and the register
 * descriptions (one-byte transmit and receive buffers, BAUDDIV at least 16).
 */
#ifndef BSP_MPS3_AN536_CMSDK_UART_H
#define BSP_MPS3_AN536_CMSDK_UART_H

#include "armv8r/bits.h"

#define CMSDK_UART_DATA      BH_U32(0x000)
#define CMSDK_UART_STATE     BH_U32(0x004)
#define CMSDK_UART_CTRL      BH_U32(0x008)
#define CMSDK_UART_INTSTATUS BH_U32(0x00C) /* read: interrupt status; write 1: clear (INTCLEAR) */
#define CMSDK_UART_BAUDDIV   BH_U32(0x010)

/* STATE (overrun bits: write 1 to clear) */
#define CMSDK_UART_STATE_TX_FULL    BH_BIT(0)
#define CMSDK_UART_STATE_RX_FULL    BH_BIT(1)
#define CMSDK_UART_STATE_TX_OVERRUN BH_BIT(2)
#define CMSDK_UART_STATE_RX_OVERRUN BH_BIT(3)
#define CMSDK_UART_STATE_OVERRUNS   (CMSDK_UART_STATE_TX_OVERRUN | CMSDK_UART_STATE_RX_OVERRUN)

/* CTRL */
#define CMSDK_UART_CTRL_TX_EN             BH_BIT(0)
#define CMSDK_UART_CTRL_RX_EN             BH_BIT(1)
#define CMSDK_UART_CTRL_TX_INT_EN         BH_BIT(2)
#define CMSDK_UART_CTRL_RX_INT_EN         BH_BIT(3)
#define CMSDK_UART_CTRL_TX_OVERRUN_INT_EN BH_BIT(4)
#define CMSDK_UART_CTRL_RX_OVERRUN_INT_EN BH_BIT(5)

/* INTSTATUS / INTCLEAR */
#define CMSDK_UART_INT_TX         BH_BIT(0)
#define CMSDK_UART_INT_RX         BH_BIT(1)
#define CMSDK_UART_INT_TX_OVERRUN BH_BIT(2)
#define CMSDK_UART_INT_RX_OVERRUN BH_BIT(3)
#define CMSDK_UART_INT_ALL        BH_U32(0xF)

#define CMSDK_UART_DATA_MASK   BH_U32(0xFF)
#define CMSDK_UART_BAUDDIV_MIN BH_U32(16)

#endif /* BSP_MPS3_AN536_CMSDK_UART_H */
