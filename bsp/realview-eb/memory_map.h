/*
 * Memory map, interrupt numbers and clocks of the ARM RealView Emulation Baseboard as modelled by
 * QEMU's `-M realview-eb` (hw/arm/realview.c), used with a Cortex-R5F core.
 * Follows: RealView Emulation Baseboard User Guide (ARM DUI 0303), 4.1 "Memory map" and 4.13
 * "Interrupts"; checked against QEMU 7.2 by booting the self-test image (see README.md).
 * Usable from C and assembly.
 */
#ifndef BSP_REALVIEW_EB_MEMORY_MAP_H
#define BSP_REALVIEW_EB_MEMORY_MAP_H

#include "armv7r/bits.h"

/* ---- RAM (QEMU -m 128M) ---- */
#define BOARD_RAM_BASE            BH_U32(0x00000000)
#define BOARD_RAM_SIZE            BH_U32(0x08000000) /* 128 MiB */
#define BOARD_HYPERVISOR_BASE     BH_U32(0x00000000) /* vectors, code, data, stacks */
#define BOARD_HYPERVISOR_SIZE     BH_U32(0x00100000) /* 1 MiB */
#define BOARD_PARTITION_RAM_BASE  BH_U32(0x00100000) /* guest partitions from here upward */
#define BOARD_PARTITION_RAM_SIZE  BH_U32(0x07F00000) /* to the end of RAM */

/* ---- Peripherals ---- */
#define BOARD_PERIPHERAL_BASE     BH_U32(0x10000000)
#define BOARD_PERIPHERAL_SIZE     BH_U32(0x00100000) /* 1 MiB window with every device below */
#define BOARD_UART0_BASE          BH_U32(0x10009000)
#define BOARD_UART1_BASE          BH_U32(0x1000A000)
#define BOARD_UART2_BASE          BH_U32(0x1000B000)
#define BOARD_UART3_BASE          BH_U32(0x1000C000)
#define BOARD_UART_STRIDE         BH_U32(0x1000)
#define BOARD_UART_COUNT          4
#define BOARD_TIMER01_BASE        BH_U32(0x10011000) /* SP804: timers 0 and 1 */
#define BOARD_TIMER23_BASE        BH_U32(0x10012000) /* SP804: timers 2 and 3 */
#define BOARD_GIC_CPU_BASE        BH_U32(0x10040000) /* GIC CPU interface */
#define BOARD_GIC_DIST_BASE       BH_U32(0x10041000) /* GIC distributor */

/* ---- Interrupts: board interrupt line n is GIC interrupt ID 32 + n ---- */
#define BOARD_GIC_SPI_BASE        BH_U32(32)
#define BOARD_IRQ_TIMER01         (BOARD_GIC_SPI_BASE + BH_U32(4))  /* GIC ID 36 */
#define BOARD_IRQ_TIMER23         (BOARD_GIC_SPI_BASE + BH_U32(5))  /* GIC ID 37 */
#define BOARD_IRQ_UART0           (BOARD_GIC_SPI_BASE + BH_U32(12)) /* GIC ID 44; UARTn is 44+n */
#define BOARD_GIC_MAX_IRQS        BH_U32(96) /* interrupt IDs handled by the dispatch table */

/* ---- Clocks ---- */
#define BOARD_TIMER_CLOCK_HZ      BH_U32(1000000)  /* SP804 TIMCLK (1 MHz reference) */
#define BOARD_UART_CLOCK_HZ       BH_U32(24000000) /* PL011 UARTCLK (24 MHz reference) */
#define BOARD_UART_BAUD           BH_U32(115200)

#endif /* BSP_REALVIEW_EB_MEMORY_MAP_H */
