/*
 * Console output on UART0 (every board's console) with decimal and hexadecimal number formatting.
 * Follows: the boards' UART assignment (bsp/<board>/README.md: UART0 is the hypervisor console); output
 * through the board's UART driver (bsp_uart_write of bsp/include/bsp.h).
 */
#include "bsp.h"

#define CONSOLE_UART       BH_U32(0)
#define DECIMAL_BASE       BH_U32(10)
#define DECIMAL_DIGITS_MAX 10u /* 4294967295 */
#define HEX_DIGITS         8u
#define HEX_DIGIT_BITS     BH_U32(4)
#define HEX_DIGIT_MASK     BH_U32(0xF)

static const char hex_digits[] = "0123456789abcdef";

void bsp_console_write(const char *text) { (void)bsp_uart_write(CONSOLE_UART, text); }

void bsp_console_write_dec(uint32_t value)
{
    char digits[DECIMAL_DIGITS_MAX + 1u];
    uint32_t position = DECIMAL_DIGITS_MAX;
    digits[position] = '\0';
    do {
        position--;
        digits[position] = (char)('0' + (char)(value % DECIMAL_BASE));
        value /= DECIMAL_BASE;
    } while (value != 0u);
    bsp_console_write(&digits[position]);
}

void bsp_console_write_hex8(uint32_t value)
{
    char digits[HEX_DIGITS + 1u];
    for (uint32_t i = 0u; i < HEX_DIGITS; i++) {
        uint32_t shift = (HEX_DIGITS - 1u - i) * HEX_DIGIT_BITS;
        digits[i] = hex_digits[(value >> shift) & HEX_DIGIT_MASK];
    }
    digits[HEX_DIGITS] = '\0';
    bsp_console_write(digits);
}

void bsp_console_write_hex(uint32_t value)
{
    char digits[HEX_DIGITS + 1u];
    uint32_t position = HEX_DIGITS;
    digits[position] = '\0';
    do {
        position--;
        digits[position] = hex_digits[value & HEX_DIGIT_MASK];
        value >>= HEX_DIGIT_BITS;
    } while (value != 0u);
    bsp_console_write(&digits[position]);
}
