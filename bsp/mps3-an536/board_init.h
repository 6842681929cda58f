/*
 * Board-internal initialisation steps called by board.c (not part of the BSP API).
 * Follows: the bring-up order of board.c (GIC before the devices that raise interrupts).
 */
#ifndef BSP_MPS3_AN536_BOARD_INIT_H
#define BSP_MPS3_AN536_BOARD_INIT_H

void board_uart_init(void);

#endif /* BSP_MPS3_AN536_BOARD_INIT_H */
