/*
 * uart_pl011.c: hil_uart.h for a PL011 (the board's UART2 is one: BH_DEVICE_UART2_KIND_PL011_UART). The guest reads the UART in its main loop rather
 * than through the UART's virtual interrupt (see docs/HIL-PROTOCOL.md §"Control guest": polling keeps
 * virtual time advancing with executed instructions under -icount while a reply is awaited).
 *
 * Follows: ARM PrimeCell UART (PL011) TRM, DDI 0183G, §3.3.1 UARTDR, §3.3.3 UARTFR, §3.3.7 UARTLCR_H,
 * §3.3.8 UARTCR, §3.3.10 UARTIMSC, §3.3.13 UARTICR.
 */
#include "bulkhead_system.h"
#include "hil_uart.h"

#if defined(BH_DEVICE_UART2_KIND_PL011_UART)

#define PL011_DR    0x000u
#define PL011_FR    0x018u
#define PL011_LCR_H 0x02Cu
#define PL011_CR    0x030u
#define PL011_IMSC  0x038u
#define PL011_ICR   0x044u

#define PL011_DR_DATA_MASK  0x0FFu
#define PL011_DR_ERROR_MASK 0xF00u /* OE, BE, PE, FE */
#define PL011_FR_RXFE       (1u << 4)
#define PL011_FR_TXFF       (1u << 5)
#define PL011_LCR_H_FEN     (1u << 4)
#define PL011_LCR_H_WLEN_8  (3u << 5)
#define PL011_CR_UARTEN     (1u << 0)
#define PL011_CR_TXE        (1u << 8)
#define PL011_CR_RXE        (1u << 9)
#define PL011_ICR_ALL       0x7FFu

static volatile uint32_t *reg(uintptr_t base, uint32_t offset)
{
    return (volatile uint32_t *)(base + offset);
}

void hil_uart_init(void)
{
    const uintptr_t base = BH_DEVICE_UART2_BASE;
    *reg(base, PL011_CR) = 0u;
    *reg(base, PL011_IMSC) = 0u;
    *reg(base, PL011_ICR) = PL011_ICR_ALL;
    *reg(base, PL011_LCR_H) = PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN;
    *reg(base, PL011_CR) = PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE;
}

bool hil_uart_try_read(uint8_t *byte, uint32_t *errors)
{
    const uintptr_t base = BH_DEVICE_UART2_BASE;
    for (;;) {
        if ((*reg(base, PL011_FR) & PL011_FR_RXFE) != 0u) {
            return false;
        }
        const uint32_t data = *reg(base, PL011_DR);
        if ((data & PL011_DR_ERROR_MASK) != 0u) {
            (*errors)++;
            continue;
        }
        *byte = (uint8_t)(data & PL011_DR_DATA_MASK);
        return true;
    }
}

bool hil_uart_try_write(uint8_t byte)
{
    const uintptr_t base = BH_DEVICE_UART2_BASE;
    if ((*reg(base, PL011_FR) & PL011_FR_TXFF) != 0u) {
        return false;
    }
    *reg(base, PL011_DR) = byte;
    return true;
}

#endif /* BH_DEVICE_UART2_KIND_PL011_UART */
