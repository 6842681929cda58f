/*
 * PL011 driver for the board's four UARTs: transmit through one ring buffer per UART drained by the
 * transmit interrupt, and interrupt-driven receive into one ring buffer per UART (8N1, FIFOs on, 115200
 * baud from the 24 MHz UARTCLK). Queuing a byte never waits (bsp_uart_try_putc): the hypervisor's
 * exception paths, which run with interrupts masked, write only what the ring has room for, so no
 * masked path waits for the line (docs/ISOLATION.md, time).
 * Follows: PL011 TRM (ARM DDI 0183) 3.3.1 UARTDR (data and error bits), 3.3.3 UARTFR (TXFF, RXFE),
 * 3.3.6/3.3.7 baud divisors, 3.3.8 UARTLCR_H, 3.3.9 UARTCR (disable before configuring),
 * 3.3.10 UARTIFLS (transmit interrupt at 1/8 full), 3.3.11 UARTIMSC, 3.3.13 UARTMIS, 3.3.14 UARTICR,
 * 2.8 "Interrupts" (RX, receive-timeout and TX interrupts).
 */
#include "bsp.h"

#include "armv7r/irq_mask.h"

#include "realview-eb/board_init.h"
#include "board_map.h"
#include "realview-eb/mmio.h"
#include "realview-eb/pl011.h"

#define UART_RX_BUFFER_SIZE BH_U32(256) /* power of two: indices wrap with a mask */
#define UART_RX_INDEX_MASK  (UART_RX_BUFFER_SIZE - 1u)

typedef struct uart_rx_ring {
    volatile uint32_t head; /* next write (interrupt handler) */
    volatile uint32_t tail; /* next read (thread) */
    volatile uint32_t dropped;
    volatile uint32_t errors;
    uint8_t data[UART_RX_BUFFER_SIZE];
} uart_rx_ring;

#define UART_TX_BUFFER_SIZE BH_U32(256) /* power of two: indices wrap with a mask */
#define UART_TX_INDEX_MASK  (UART_TX_BUFFER_SIZE - 1u)

typedef struct uart_tx_ring {
    volatile uint32_t head; /* next write (producers, with interrupts masked) */
    volatile uint32_t tail; /* next byte to the FIFO (transmit interrupt, or a producer) */
    volatile uint32_t dropped;
    uint8_t data[UART_TX_BUFFER_SIZE];
} uart_tx_ring;

_Static_assert(UART_TX_BUFFER_SIZE >= BSP_UART_TX_RING_MIN_BYTES,
               "the transmit ring holds what bsp.h promises");

static uart_rx_ring uart_rx[BOARD_UART_COUNT];
static uart_tx_ring uart_tx[BOARD_UART_COUNT];

static uint32_t uart_base(uint32_t uart) { return BOARD_UART0_BASE + uart * BOARD_UART_STRIDE; }

static bool uart_valid(uint32_t uart) { return uart < (uint32_t)BOARD_UART_COUNT; }

uint32_t bsp_uart_count(void) { return (uint32_t)BOARD_UART_COUNT; }

uint32_t bsp_uart_irq_id(uint32_t uart) { return BOARD_IRQ_UART0 + uart; }

/* Moves queued bytes into the transmit FIFO while it has room; the transmit interrupt stays enabled
 * exactly while bytes wait. Runs with interrupts masked. */
static void uart_tx_pump(uint32_t uart)
{
    uint32_t base = uart_base(uart);
    uart_tx_ring *ring = &uart_tx[uart];
    uint32_t tail = ring->tail;
    while (tail != ring->head && (mmio_read32(base + PL011_FR) & PL011_FR_TXFF) == 0u) {
        mmio_write32(base + PL011_DR, (uint32_t)ring->data[tail & UART_TX_INDEX_MASK]);
        tail++;
    }
    ring->tail = tail;
    uint32_t mask = mmio_read32(base + PL011_IMSC);
    mmio_write32(base + PL011_IMSC, tail != ring->head ? (mask | PL011_INT_TX) : (mask & ~PL011_INT_TX));
}

static void uart_isr(uint32_t irq_id, void *arg)
{
    (void)irq_id;
    uint32_t uart = (uint32_t)(uintptr_t)arg;
    uint32_t base = uart_base(uart);
    if ((mmio_read32(base + PL011_MIS) & PL011_INT_TX) != 0u) {
        mmio_write32(base + PL011_ICR, PL011_INT_TX);
        uart_tx_pump(uart);
    }
    uart_rx_ring *ring = &uart_rx[uart];
    /* Acknowledge first, then drain: a byte that arrives after the last FIFO-empty check raises the
     * interrupt again. Clearing after the drain would discard that byte's interrupt and leave it in the
     * FIFO until the next byte (QEMU's PL011 raises RX per byte and models no receive timeout). */
    mmio_write32(base + PL011_ICR, PL011_INT_RX | PL011_INT_RT);
    while ((mmio_read32(base + PL011_FR) & PL011_FR_RXFE) == 0u) {
        uint32_t word = mmio_read32(base + PL011_DR);
        if ((word & PL011_DR_ERROR_MASK) != 0u) {
            ring->errors++;
        }
        uint32_t head = ring->head;
        if (head - ring->tail >= UART_RX_BUFFER_SIZE) {
            ring->dropped++;
        } else {
            ring->data[head & UART_RX_INDEX_MASK] = (uint8_t)(word & PL011_DR_DATA_MASK);
            ring->head = head + 1u;
        }
    }
}

static void uart_init_one(uint32_t uart)
{
    uint32_t base = uart_base(uart);
    /* divisor * 64 rounded: 64 * clk / (16 * baud) = 4 * clk / baud */
    uint32_t divisor_x64 =
        (BOARD_UART_CLOCK_HZ * (PL011_FBRD_SCALE / PL011_BAUD_OVERSAMPLING) + BOARD_UART_BAUD / 2u) /
        BOARD_UART_BAUD;
    mmio_write32(base + PL011_CR, 0u);
    mmio_write32(base + PL011_ICR, PL011_INT_ALL);
    mmio_write32(base + PL011_IBRD, divisor_x64 / PL011_FBRD_SCALE);
    mmio_write32(base + PL011_FBRD, divisor_x64 % PL011_FBRD_SCALE);
    mmio_write32(base + PL011_LCR_H, PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN);
    mmio_write32(base + PL011_IFLS, PL011_IFLS_RX_1_8);
    mmio_write32(base + PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
    mmio_write32(base + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
    uart_rx[uart].head = 0u;
    uart_rx[uart].tail = 0u;
    uart_rx[uart].dropped = 0u;
    uart_rx[uart].errors = 0u;
    uart_tx[uart].head = 0u;
    uart_tx[uart].tail = 0u;
    uart_tx[uart].dropped = 0u;
    (void)bsp_irq_register(bsp_uart_irq_id(uart), uart_isr, (void *)(uintptr_t)uart);
    (void)bsp_irq_enable(bsp_uart_irq_id(uart));
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
    return UART_TX_BUFFER_SIZE - (uart_tx[uart].head - uart_tx[uart].tail);
}

/* Queues `c` if the ring has room and starts the transmission; interrupts are masked meanwhile. With
 * nothing waiting and room in the FIFO the byte goes straight to the data register (the usual case). */
static bool uart_tx_queue(uint32_t uart, char c)
{
    uart_tx_ring *ring = &uart_tx[uart];
    uint32_t base = uart_base(uart);
    uint32_t saved = armv7r_irq_save();
    uint32_t head = ring->head;
    bool queued = true;
    if (head == ring->tail && (mmio_read32(base + PL011_FR) & PL011_FR_TXFF) == 0u) {
        mmio_write32(base + PL011_DR, (uint32_t)(uint8_t)c);
    } else if (head - ring->tail < UART_TX_BUFFER_SIZE) {
        ring->data[head & UART_TX_INDEX_MASK] = (uint8_t)c;
        ring->head = head + 1u;
        uart_tx_pump(uart);
    } else {
        queued = false;
        uart_tx_pump(uart);
    }
    armv7r_irq_restore(saved);
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

/* Boot and fatal paths (interrupts possibly masked for good): waits for room, pumping the FIFO itself
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
            uint32_t saved = armv7r_irq_save();
            uart_tx_pump(uart);
            armv7r_irq_restore(saved);
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
    *c = (char)ring->data[tail & UART_RX_INDEX_MASK];
    ring->tail = tail + 1u;
    return true;
}

uint32_t bsp_uart_rx_dropped(uint32_t uart) { return uart_valid(uart) ? uart_rx[uart].dropped : 0u; }

uint32_t bsp_uart_rx_errors(uint32_t uart) { return uart_valid(uart) ? uart_rx[uart].errors : 0u; }

uint32_t bsp_uart_tx_dropped(uint32_t uart) { return uart_valid(uart) ? uart_tx[uart].dropped : 0u; }
