/*
 * uart_cmsdk.c: hil_uart.h for a CMSDK APB UART (the board's UART2 is one:
 * BH_DEVICE_UART2_KIND_CMSDK_UART, mps3-an536). The UART has a one-byte buffer each way and no
 * FIFO; the guest polls it from its main loop, as with the PL011 (docs/HIL-PROTOCOL.md, "Control guest").
 *
 * Follows: Arm Cortex-M System Design Kit TRM (ARM DDI 0479C) 4.3 "UART": DATA (0x000), STATE (0x004:
 * TX buffer full, RX buffer full, TX overrun, RX overrun, the overruns cleared by writing 1), CTRL
 * (0x008: TX enable, RX enable, the interrupt enables), INTSTATUS/INTCLEAR (0x00C), BAUDDIV (0x010,
 * at least 16).
 */
#include "bulkhead_system.h"
#include "hil_uart.h"

#if defined(BH_DEVICE_UART2_KIND_CMSDK_UART)

#define CMSDK_DATA     0x000u
#define CMSDK_STATE    0x004u
#define CMSDK_CTRL     0x008u
#define CMSDK_INTCLEAR 0x00Cu
#define CMSDK_BAUDDIV  0x010u

#define CMSDK_STATE_TX_FULL    (1u << 0)
#define CMSDK_STATE_RX_FULL    (1u << 1)
#define CMSDK_STATE_RX_OVERRUN (1u << 3)
#define CMSDK_CTRL_TX_EN       (1u << 0)
#define CMSDK_CTRL_RX_EN       (1u << 1)
#define CMSDK_INT_ALL          0xFu
#define CMSDK_DATA_MASK        0xFFu
#define CMSDK_OVERRUNS         0xCu

_Static_assert(BH_DEVICE_UART2_CLOCK_HZ / BH_BOARD_UART_BAUD >= 16u, "BAUDDIV of at least 16");

static volatile uint32_t *reg(uint32_t offset)
{
    return (volatile uint32_t *)(BH_DEVICE_UART2_BASE + offset);
}

void hil_uart_init(void)
{
    *reg(CMSDK_CTRL) = 0u;
    *reg(CMSDK_INTCLEAR) = CMSDK_INT_ALL;
    *reg(CMSDK_STATE) = CMSDK_OVERRUNS;
    *reg(CMSDK_BAUDDIV) = BH_DEVICE_UART2_CLOCK_HZ / BH_BOARD_UART_BAUD;
    *reg(CMSDK_CTRL) = CMSDK_CTRL_TX_EN | CMSDK_CTRL_RX_EN;
}

bool hil_uart_try_read(uint8_t *byte, uint32_t *errors)
{
    const uint32_t state = *reg(CMSDK_STATE);
    if ((state & CMSDK_STATE_RX_OVERRUN) != 0u) {
        (*errors)++; /* a byte was lost before this one */
        *reg(CMSDK_STATE) = CMSDK_STATE_RX_OVERRUN;
    }
    if ((state & CMSDK_STATE_RX_FULL) == 0u) {
        return false;
    }
    *byte = (uint8_t)(*reg(CMSDK_DATA) & CMSDK_DATA_MASK);
    return true;
}

bool hil_uart_try_write(uint8_t byte)
{
    if ((*reg(CMSDK_STATE) & CMSDK_STATE_TX_FULL) != 0u) {
        return false;
    }
    *reg(CMSDK_DATA) = byte;
    return true;
}

#endif /* BH_DEVICE_UART2_KIND_CMSDK_UART */
