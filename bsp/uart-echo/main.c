/*
 * UART test image: every byte received on UART n (through its receive interrupt and ring buffer)
 * is answered on the same UART with one line naming the UART, the GIC interrupt ID that delivered
 * it and the byte; `q` on UART0 ends the run with semihosting exit 0. It proves each board's UARTs (up to
 * eight: realview-eb's four PL011s, mps3-an536's five CMSDK UARTs), their interrupt routing and transmit.
 * Follows: PL011 TRM (ARM DDI 0183) 2.8 "Interrupts"; CMSDK TRM (ARM DDI 0479C), APB UART; ARM IHI 0048B
 * 3.2 and ARM IHI 0069H, the CPU interface (acknowledge/EOI); the boards' UART tables in bsp/<board>/README.md.
 */
#include "bsp.h"

#define ECHO_QUIT_BYTE 'q'
#define ECHO_NO_IRQ    0xFFFFFFFFu
#define ECHO_MAX_UARTS 8u

static volatile uint32_t last_uart_irq[ECHO_MAX_UARTS] = {ECHO_NO_IRQ, ECHO_NO_IRQ, ECHO_NO_IRQ, ECHO_NO_IRQ,
                                                          ECHO_NO_IRQ, ECHO_NO_IRQ, ECHO_NO_IRQ, ECHO_NO_IRQ};

void bsp_handle_irq(bh_context *ctx)
{
    (void)ctx;
    uint32_t id = bsp_irq_dispatch();
    for (uint32_t uart = 0u; uart < bsp_uart_count() && uart < ECHO_MAX_UARTS; uart++) {
        if (id == bsp_uart_irq_id(uart)) {
            last_uart_irq[uart] = id;
        }
    }
}

static void write_dec(uint32_t uart, uint32_t value)
{
    char digits[11];
    uint32_t position = 10u;
    digits[position] = '\0';
    do {
        position--;
        digits[position] = (char)('0' + (char)(value % 10u));
        value /= 10u;
    } while (value != 0u);
    (void)bsp_uart_write(uart, &digits[position]);
}

static void write_hex2(uint32_t uart, uint8_t value)
{
    static const char hex_digits[] = "0123456789abcdef";
    (void)bsp_uart_putc(uart, hex_digits[(value >> 4u) & 0xFu]);
    (void)bsp_uart_putc(uart, hex_digits[value & 0xFu]);
}

static void answer(uint32_t uart, char byte)
{
    (void)bsp_uart_write(uart, "uart");
    write_dec(uart, uart);
    (void)bsp_uart_write(uart, " irq=");
    write_dec(uart, last_uart_irq[uart]);
    (void)bsp_uart_write(uart, " byte=");
    write_hex2(uart, (uint8_t)byte);
    (void)bsp_uart_write(uart, " dropped=");
    write_dec(uart, bsp_uart_rx_dropped(uart));
    (void)bsp_uart_write(uart, "\n");
}

int main(void)
{
    bsp_board_init();
    bsp_console_write("uart-echo: ready\n");
    for (;;) {
        bsp_irq_disable_cpu();
        bool quit = false;
        for (uint32_t uart = 0u; uart < bsp_uart_count() && uart < ECHO_MAX_UARTS; uart++) {
            char byte;
            while (bsp_uart_getc(uart, &byte)) {
                answer(uart, byte);
                quit = quit || (uart == 0u && byte == ECHO_QUIT_BYTE);
            }
        }
        if (quit) {
            return BSP_EXIT_OK;
        }
        bsp_wait_for_interrupt();
        bsp_irq_enable_cpu();
    }
}
