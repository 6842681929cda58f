/*
 * The interrupt-controller driver interface every board implements for the BSP's board-independent
 * interrupt dispatch (common/irq.c): enable, disable and prioritise one interrupt, acknowledge the most
 * urgent pending one and signal its end.
 * Follows: the acknowledge / end-of-interrupt protocol of ARM IHI 0048B 3.2.1 (GICv2: GICC_IAR, GICC_EOIR)
 * and ARM IHI 0069 12.2 (GICv3: ICC_IAR1, ICC_EOIR1); a board with another controller implements the same
 * calls over its own registers.
 */
#ifndef BSP_COMMON_INTC_H
#define BSP_COMMON_INTC_H

#include <stdint.h>

/* Interrupt IDs the controller implements (IDs at or above it are refused by the dispatch). */
uint32_t intc_interrupt_count(void);
void intc_enable(uint32_t id);
void intc_disable(uint32_t id);
/* Lower values are more urgent. */
void intc_set_priority(uint32_t id, uint8_t priority);
/* Acknowledges the most urgent pending interrupt: returns its ID, BSP_IRQ_SPURIOUS when none is pending,
 * and leaves in *ack the value intc_end_of_interrupt() must be given for it. */
uint32_t intc_acknowledge(uint32_t *ack);
void intc_end_of_interrupt(uint32_t ack);

#endif /* BSP_COMMON_INTC_H */
