/*
 * Board bring-up for the MPS3 with the AN536 image (Cortex-R52 core 0): the GICv3 first, then the five
 * UARTs with receive interrupts routed through it.
 * Follows: Arm AN536 (DAI 0536) memory and interrupt maps as bsp/mps3-an536/board.ts records them; the
 * GICv3 and CMSDK UART drivers in this directory.
 */
#include "bsp.h"

#include "mps3-an536/board_init.h"
#include "mps3-an536/gicv3.h"

void bsp_board_init(void)
{
    gic_init();
    board_uart_init();
}

const char *bsp_board_name(void) { return "mps3-an536"; }
