/*
 * Interrupt dispatch for every board: a table of handlers indexed by interrupt ID, the acknowledge /
 * handle / end-of-interrupt sequence, and enable/disable/priority of single interrupts, over the board's
 * interrupt-controller driver (common/intc.h).
 * Follows: ARM IHI 0048B 3.2.1 "Priority drop and interrupt deactivation" and ARM IHI 0069 12.2 (read
 * the acknowledge register, handle, write the same value to the end-of-interrupt register; a spurious
 * acknowledge needs no end of interrupt).
 */
#include "bsp.h"

#include "board_map.h"
#include "common/intc.h"

typedef struct irq_slot {
    bsp_irq_handler handler;
    void *arg;
} irq_slot;

static irq_slot irq_table[BOARD_GIC_MAX_IRQS];

static bool irq_id_valid(uint32_t irq_id)
{
    return irq_id < BOARD_GIC_MAX_IRQS && irq_id < intc_interrupt_count();
}

bsp_status bsp_irq_register(uint32_t irq_id, bsp_irq_handler handler, void *arg)
{
    if (!irq_id_valid(irq_id)) {
        return BSP_ERR_RANGE;
    }
    irq_table[irq_id].handler = handler;
    irq_table[irq_id].arg = arg;
    return BSP_OK;
}

bsp_status bsp_irq_enable(uint32_t irq_id)
{
    if (!irq_id_valid(irq_id)) {
        return BSP_ERR_RANGE;
    }
    intc_enable(irq_id);
    return BSP_OK;
}

bsp_status bsp_irq_disable(uint32_t irq_id)
{
    if (!irq_id_valid(irq_id)) {
        return BSP_ERR_RANGE;
    }
    intc_disable(irq_id);
    return BSP_OK;
}

bsp_status bsp_irq_set_priority(uint32_t irq_id, uint8_t priority)
{
    if (!irq_id_valid(irq_id)) {
        return BSP_ERR_RANGE;
    }
    intc_set_priority(irq_id, priority);
    return BSP_OK;
}

uint32_t bsp_irq_dispatch(void)
{
    uint32_t ack;
    uint32_t irq_id = intc_acknowledge(&ack);
    if (irq_id == BSP_IRQ_SPURIOUS) {
        return BSP_IRQ_SPURIOUS;
    }
    if (irq_id < BOARD_GIC_MAX_IRQS && irq_table[irq_id].handler != 0) {
        irq_table[irq_id].handler(irq_id, irq_table[irq_id].arg);
    } else {
        /* Nobody owns it: mask it so it cannot storm. */
        intc_disable(irq_id);
    }
    intc_end_of_interrupt(ack);
    return irq_id;
}
