/*
 * hil_uart.h: the control guest's polled driver for the UART passed through to it for the HIL link
 * (UART2 of the demo, at BH_DEVICE_UART2_BASE): 8N1, interrupts masked; non-blocking receive and
 * transmit of single bytes. One implementation per UART model, chosen by the board's device kind in
 * bulkhead_system.h: uart_pl011.c (BH_DEVICE_UART2_KIND_PL011_UART, realview-eb) and uart_cmsdk.c
 * (BH_DEVICE_UART2_KIND_CMSDK_UART, mps3-an536).
 */
#ifndef CONTROL_HIL_UART_H
#define CONTROL_HIL_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "bulkhead_system.h"

#if !defined(BH_DEVICE_UART2_KIND_PL011_UART) && !defined(BH_DEVICE_UART2_KIND_CMSDK_UART)
#error "the control guest needs UART2 passed through, a PL011 or a CMSDK APB UART"
#endif

/* Enables the UART (8 data bits, transmit and receive on) with every interrupt masked. */
void hil_uart_init(void);

/* Takes one received byte into *byte; false when none is waiting. Bytes received with an error (or
 * lost to an overrun) are counted in *errors. */
bool hil_uart_try_read(uint8_t *byte, uint32_t *errors);

/* Queues one byte for transmission; false when the transmitter is busy. */
bool hil_uart_try_write(uint8_t byte);

#endif /* CONTROL_HIL_UART_H */
