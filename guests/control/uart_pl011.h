/*
 * uart_pl011.h: polled driver for the PL011 UART passed through to the control guest (UART2 of the
 * demo board, at BH_DEVICE_UART2_BASE): 8N1 with FIFOs, interrupts masked; non-blocking receive
 * and transmit of single bytes.
 *
 * Follows: ARM PrimeCell UART (PL011) Technical Reference Manual, DDI 0183G, §3.2-3.3 (UARTDR,
 * UARTFR, UARTLCR_H, UARTCR, UARTIMSC, UARTICR).
 */
#ifndef CONTROL_UART_PL011_H
#define CONTROL_UART_PL011_H

#include <stdbool.h>
#include <stdint.h>

/* Enables the UART (8 data bits, FIFOs on, TX and RX on) with every interrupt masked. */
void pl011_init(uintptr_t base);

/* Takes one received byte into *byte; false when the receive FIFO is empty. Bytes received with a
 * framing, parity, break or overrun error are dropped and counted in *errors. */
bool pl011_try_read(uintptr_t base, uint8_t *byte, uint32_t *errors);

/* Queues one byte for transmission; false when the transmit FIFO is full. */
bool pl011_try_write(uintptr_t base, uint8_t byte);

#endif /* CONTROL_UART_PL011_H */
