/*
 * Board bring-up for the RealView Emulation Baseboard with a Cortex-R5F: interrupt controller first,
 * then the four UARTs with receive interrupts routed through it.
 * Follows: RealView EB User Guide (ARM DUI 0303) 4.1 memory map and 4.13 interrupts; the GIC and
 * PL011 drivers in this directory.
 */
#include "bsp.h"

#include "realview-eb/board_init.h"
#include "realview-eb/gic.h"

void bsp_board_init(void)
{
    gic_init();
    board_uart_init();
}

const char *bsp_board_name(void) { return "realview-eb"; }
