/*
 * CMSDK APB UART driver for the board's five UARTs (core 0's own UART0 and the four shared ones):
 * transmit through one ring buffer per UART drained by the transmit interrupt, and interrupt-driven
 * receive into one ring buffer per UART (115200 baud from the 50 MHz PCLK). Queuing a byte never waits
 * (bsp_uart_try_putc): the hypervisor's exception paths, which run with interrupts masked, write only
 * what the ring has room for. Each UART's combined interrupt (TX, RX and overrun) is the one routed.
 * Follows: CMSDK TRM (ARM DDI 0479C), the APB UART (one-byte buffers: STATE.TXFULL/RXFULL; the TX interrupt
 * is raised when the transmit buffer empties, the RX interrupt when a byte arrives; INTCLEAR write-1;
 * overrun flags in STATE, write-1 to clear; BAUDDIV = PCLK / baud, at least 16).
 */
#include "bsp.h"

#include "armv8r/irq_mask.h"

#include "board_map.h"
#include "mps3-an536/board_init.h"
#include "mps3-an536/cmsdk_uart.h"
#include "mps3-an536/mmio.h"

#define UART_BUFFER_SIZE BH_U32(256) /* power of two: indices wrap with a mask */
#define UART_INDEX_MASK  (UART_BUFFER_SIZE - 1u)

_Static_assert(BOARD_UART_COUNT == 5, "the base and interrupt tables below list five UARTs");
_Static_assert(UART_BUFFER_SIZE >= BSP_UART_TX_RING_MIN_BYTES, "the transmit ring holds what bsp.h promises");
_Static_assert(BOARD_UART_CLOCK_HZ / BOARD_UART_BAUD >= CMSDK_UART_BAUDDIV_MIN, "BAUDDIV of at least 16");

static const uint32_t uart_bases[BOARD_UART_COUNT] = {
    BOARD_UART0_BASE, BOARD_UART1_BASE, BOARD_UART2_BASE, BOARD_UART3_BASE, BOARD_UART4_BASE,
};

static const uint32_t uart_irqs[BOARD_UART_COUNT] = {
    BOARD_IRQ_UART0, BOARD_IRQ_UART1, BOARD_IRQ_UART2, BOARD_IRQ_UART3, BOARD_IRQ_UART4,
};

typedef struct uart_rx_ring {
    volatile uint32_t head; /* next write (interrupt handler) */
    volatile uint32_t tail; /* next read (thread) */
    volatile uint32_t dropped;
    volatile uint32_t errors;
    uint8_t data[UART_BUFFER_SIZE];
} uart_rx_ring;

typedef struct uart_tx_ring {
    volatile uint32_t head; /* next write (producers, with interrupts masked) */
    volatile uint32_t tail; /* next byte to the UART (transmit interrupt, or a producer) */
    volatile uint32_t dropped;
    uint8_t data[UART_BUFFER_SIZE];
} uart_tx_ring;

static uart_rx_ring uart_rx[BOARD_UART_COUNT];
static uart_tx_ring uart_tx[BOARD_UART_COUNT];

static bool uart_valid(uint32_t uart) { return uart < (uint32_t)BOARD_UART_COUNT; }

uint32_t bsp_uart_count(void) { return (uint32_t)BOARD_UART_COUNT; }

uint32_t bsp_uart_irq_id(uint32_t uart) { return uart_valid(uart) ? uart_irqs[uart] : BSP_IRQ_SPURIOUS; }

static bool tx_full(uint32_t base)
{
    return (mmio_read32(base + CMSDK_UART_STATE) & CMSDK_UART_STATE_TX_FULL) != 0u;
}

/* Moves queued bytes into the transmit buffer while it is free; the transmit interrupt stays enabled
 * exactly while bytes wait. The buffer may empty between the last check and enabling the interrupt
 * (no interrupt then), so the loop checks again after enabling it. Runs with interrupts masked. */
static void uart_tx_pump(uint32_t uart)
{
    uint32_t base = uart_bases[uart];
    uart_tx_ring *ring = &uart_tx[uart];
    uint32_t ctrl = mmio_read32(base + CMSDK_UART_CTRL);
    for (;;) {
        uint32_t tail = ring->tail;
        while (tail != ring->head && !tx_full(base)) {
            mmio_write32(base + CMSDK_UART_DATA, (uint32_t)ring->data[tail & UART_INDEX_MASK]);
            tail++;
        }
        ring->tail = tail;
        if (tail == ring->head) {
            mmio_write32(base + CMSDK_UART_CTRL, ctrl & ~CMSDK_UART_CTRL_TX_INT_EN);
            return;
        }
        mmio_write32(base + CMSDK_UART_CTRL, ctrl | CMSDK_UART_CTRL_TX_INT_EN);
        if (tx_full(base)) {
            return;
        }
    }
}

static void uart_isr(uint32_t irq_id, void *arg)
{
    (void)irq_id;
    uint32_t uart = (uint32_t)(uintptr_t)arg;
    uint32_t base = uart_bases[uart];
    uint32_t status = mmio_read32(base + CMSDK_UART_INTSTATUS);
    /* Acknowledge first, then act: a byte that arrives after the last check raises the interrupt again. */
    mmio_write32(base + CMSDK_UART_INTSTATUS, status);
    uart_rx_ring *ring = &uart_rx[uart];
    uint32_t state = mmio_read32(base + CMSDK_UART_STATE);
    if ((state & CMSDK_UART_STATE_OVERRUNS) != 0u) {
        ring->errors++;
        mmio_write32(base + CMSDK_UART_STATE, state & CMSDK_UART_STATE_OVERRUNS);
    }
    while ((mmio_read32(base + CMSDK_UART_STATE) & CMSDK_UART_STATE_RX_FULL) != 0u) {
        uint32_t byte = mmio_read32(base + CMSDK_UART_DATA) & CMSDK_UART_DATA_MASK;
        uint32_t head = ring->head;
        if (head - ring->tail >= UART_BUFFER_SIZE) {
            ring->dropped++;
        } else {
            ring->data[head & UART_INDEX_MASK] = (uint8_t)byte;
            ring->head = head + 1u;
        }
    }
    if ((status & CMSDK_UART_INT_TX) != 0u) {
        uart_tx_pump(uart);
    }
}

static void uart_init_one(uint32_t uart)
{
    uint32_t base = uart_bases[uart];
    mmio_write32(base + CMSDK_UART_CTRL, 0u);
    mmio_write32(base + CMSDK_UART_INTSTATUS, CMSDK_UART_INT_ALL);
    mmio_write32(base + CMSDK_UART_STATE, CMSDK_UART_STATE_OVERRUNS);
    mmio_write32(base + CMSDK_UART_BAUDDIV, BOARD_UART_CLOCK_HZ / BOARD_UART_BAUD);
    uart_rx[uart].head = 0u;
    uart_rx[uart].tail = 0u;
    uart_rx[uart].dropped = 0u;
    uart_rx[uart].errors = 0u;
    uart_tx[uart].head = 0u;
    uart_tx[uart].tail = 0u;
    uart_tx[uart].dropped = 0u;
    mmio_write32(base + CMSDK_UART_CTRL, CMSDK_UART_CTRL_TX_EN | CMSDK_UART_CTRL_RX_EN |
                                             CMSDK_UART_CTRL_RX_INT_EN | CMSDK_UART_CTRL_RX_OVERRUN_INT_EN);
    (void)bsp_irq_register(uart_irqs[uart], uart_isr, (void *)(uintptr_t)uart);
    (void)bsp_irq_enable(uart_irqs[uart]);
}

void board_uart_init(void)
{
    for (uint32_t uart = 0u; uart < (uint32_t)BOARD_UART_COUNT; uart++) {
        uart_init_one(uart);
    }
}

uint32_t bsp_uart_tx_room(uint32_t uart)
{
    if (!uart_valid(uart)) {
        return 0u;
    }
    return UART_BUFFER_SIZE - (uart_tx[uart].head - uart_tx[uart].tail);
}

/* Queues `c` if the ring has room and starts the transmission; interrupts are masked meanwhile. With
 * nothing waiting and the transmit buffer free the byte goes straight to the data register. */
static bool uart_tx_queue(uint32_t uart, char c)
{
    uart_tx_ring *ring = &uart_tx[uart];
    uint32_t base = uart_bases[uart];
    uint32_t saved = armv8r_irq_save();
    uint32_t head = ring->head;
    bool queued = true;
    if (head == ring->tail && !tx_full(base)) {
        mmio_write32(base + CMSDK_UART_DATA, (uint32_t)(uint8_t)c);
    } else if (head - ring->tail < UART_BUFFER_SIZE) {
        ring->data[head & UART_INDEX_MASK] = (uint8_t)c;
        ring->head = head + 1u;
        uart_tx_pump(uart);
    } else {
        queued = false;
        uart_tx_pump(uart);
    }
    armv8r_irq_restore(saved);
    return queued;
}

bool bsp_uart_try_putc(uint32_t uart, char c)
{
    if (!uart_valid(uart)) {
        return false;
    }
    if (!uart_tx_queue(uart, c)) {
        uart_tx[uart].dropped++;
        return false;
    }
    return true;
}

/* Boot and fatal paths (interrupts possibly masked for good): waits for room, pumping the buffer itself
 * rather than relying on the transmit interrupt. */
bsp_status bsp_uart_putc(uint32_t uart, char c)
{
    if (!uart_valid(uart)) {
        return BSP_ERR_RANGE;
    }
    while (!uart_tx_queue(uart, c)) {
    }
    return BSP_OK;
}

bsp_status bsp_uart_write(uint32_t uart, const char *text)
{
    if (!uart_valid(uart)) {
        return BSP_ERR_RANGE;
    }
    for (; *text != '\0'; text++) {
        (void)bsp_uart_putc(uart, *text);
    }
    return BSP_OK;
}

void bsp_uart_flush_all(void)
{
    for (uint32_t uart = 0u; uart < (uint32_t)BOARD_UART_COUNT; uart++) {
        while (uart_tx[uart].tail != uart_tx[uart].head) {
            uint32_t saved = armv8r_irq_save();
            uart_tx_pump(uart);
            armv8r_irq_restore(saved);
        }
        /* The last byte is out of the driver's hands once the transmit buffer is free again. */
        while (tx_full(uart_bases[uart])) {
        }
    }
}

bool bsp_uart_getc(uint32_t uart, char *c)
{
    if (!uart_valid(uart)) {
        return false;
    }
    uart_rx_ring *ring = &uart_rx[uart];
    uint32_t tail = ring->tail;
    if (tail == ring->head) {
        return false;
    }
    *c = (char)ring->data[tail & UART_INDEX_MASK];
    ring->tail = tail + 1u;
    return true;
}

uint32_t bsp_uart_rx_dropped(uint32_t uart) { return uart_valid(uart) ? uart_rx[uart].dropped : 0u; }

uint32_t bsp_uart_rx_errors(uint32_t uart) { return uart_valid(uart) ? uart_rx[uart].errors : 0u; }

uint32_t bsp_uart_tx_dropped(uint32_t uart) { return uart_valid(uart) ? uart_tx[uart].dropped : 0u; }
