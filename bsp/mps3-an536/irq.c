/*
 * Interrupt dispatch for the board: a table of handlers indexed by GIC interrupt ID, the
 * acknowledge / handle / end-of-interrupt sequence, and enable/disable of single interrupts.
 * Follows: ARM IHI 0069H, the CPU interface (read ICC_IAR1, handle, write the same value to ICC_EOIR1 with
 * ICC_CTLR.EOImode = 0; ID 1023 is spurious and needs no EOI).
 */
#include "bsp.h"

#include "mps3-an536/gicv3.h"
#include "board_map.h"

typedef struct irq_slot {
    bsp_irq_handler handler;
    void *arg;
} irq_slot;

static irq_slot irq_table[BOARD_GIC_MAX_IRQS];

static bool irq_id_valid(uint32_t irq_id)
{
    return irq_id < BOARD_GIC_MAX_IRQS && irq_id < gic_interrupt_count();
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
    gic_enable_interrupt(irq_id);
    return BSP_OK;
}

bsp_status bsp_irq_disable(uint32_t irq_id)
{
    if (!irq_id_valid(irq_id)) {
        return BSP_ERR_RANGE;
    }
    gic_disable_interrupt(irq_id);
    return BSP_OK;
}

bsp_status bsp_irq_set_priority(uint32_t irq_id, uint8_t priority)
{
    if (!irq_id_valid(irq_id)) {
        return BSP_ERR_RANGE;
    }
    gic_set_priority(irq_id, priority);
    return BSP_OK;
}

uint32_t bsp_irq_dispatch(void)
{
    uint32_t iar = gic_acknowledge();
    uint32_t irq_id = iar & ICC_IAR_ID_MASK;
    if (irq_id == GIC_SPURIOUS_ID) {
        return BSP_IRQ_SPURIOUS;
    }
    if (irq_id < BOARD_GIC_MAX_IRQS && irq_table[irq_id].handler != 0) {
        irq_table[irq_id].handler(irq_id, irq_table[irq_id].arg);
    } else {
        /* Nobody owns it: mask it so it cannot storm. */
        gic_disable_interrupt(irq_id);
    }
    gic_end_of_interrupt(iar);
    return irq_id;
}
