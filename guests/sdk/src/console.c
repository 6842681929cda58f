/*
 * console.c: guest console output over the ConsoleWrite hypercall: bh_puts and the printf-lite
 * bh_printf / bh_vprintf (%d %i %u %x %X %s %c %%, '0' flag, field width, ignored 'l'). Each call
 * formats into its own stack buffer, so it is reentrant (safe in a virtual-interrupt handler).
 * Follows: ISO/IEC 9899:2011 7.21.6.1 (the subset of fprintf conversions listed), 7.16 (stdarg.h).
 */
#include "bulkhead.h"

/* Bytes formatted before a ConsoleWrite (at most BH_CONSOLE_MAX_WRITE). */
#define CONSOLE_BUFFER_BYTES 96u
/* Digits of a 32-bit value in base 8 or more, plus sign. */
#define NUMBER_DIGITS_MAX 12u
#define DECIMAL_BASE      10u
#define HEX_BASE          16u
#define HEX_DIGIT_SHIFT   4u

typedef struct {
    char bytes[CONSOLE_BUFFER_BYTES];
    size_t used;
    bh_result first_error;
} console_buffer;

static void buffer_flush(console_buffer *buffer)
{
    if (buffer->used == 0u) {
        return;
    }
    bh_result result = bh_console_write(buffer->bytes, buffer->used);
    if (buffer->first_error == BH_OK) {
        buffer->first_error = result;
    }
    buffer->used = 0u;
}

static void buffer_put(console_buffer *buffer, char c)
{
    buffer->bytes[buffer->used] = c;
    buffer->used++;
    if (c == '\n' || buffer->used == CONSOLE_BUFFER_BYTES) {
        buffer_flush(buffer);
    }
}

static void buffer_repeat(console_buffer *buffer, char c, size_t count)
{
    for (size_t i = 0u; i < count; i++) {
        buffer_put(buffer, c);
    }
}

static size_t string_length(const char *text)
{
    size_t length = 0u;
    while (text[length] != '\0') {
        length++;
    }
    return length;
}

/* Writes `value` in `base` with an optional minus sign, padded to `width` with `pad`. */
static void put_number(console_buffer *buffer, uint32_t value, uint32_t base, int negative, int upper,
                       size_t width, char pad)
{
    static const char lower_digits[] = "0123456789abcdef";
    static const char upper_digits[] = "0123456789ABCDEF";
    const char *digits = upper ? upper_digits : lower_digits;
    char reversed[NUMBER_DIGITS_MAX];
    size_t count = 0u;
    do {
        reversed[count] = digits[value % base];
        count++;
        value /= base;
    } while (value != 0u);
    size_t length = count + (negative ? 1u : 0u);
    if (pad == '0' && negative) {
        buffer_put(buffer, '-');
    }
    if (width > length) {
        buffer_repeat(buffer, pad, width - length);
    }
    if (pad != '0' && negative) {
        buffer_put(buffer, '-');
    }
    while (count > 0u) {
        count--;
        buffer_put(buffer, reversed[count]);
    }
}

bh_result bh_vprintf(const char *format, va_list arguments)
{
    console_buffer buffer;
    buffer.used = 0u;
    buffer.first_error = BH_OK;
    for (const char *p = format; *p != '\0'; p++) {
        if (*p != '%') {
            buffer_put(&buffer, *p);
            continue;
        }
        p++;
        char pad = ' ';
        size_t width = 0u;
        if (*p == '0') {
            pad = '0';
            p++;
        }
        while (*p >= '0' && *p <= '9') {
            width = width * DECIMAL_BASE + (size_t)(*p - '0');
            p++;
        }
        while (*p == 'l') {
            p++;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            int32_t value = (int32_t)va_arg(arguments, int);
            uint32_t magnitude = value < 0 ? 0u - (uint32_t)value : (uint32_t)value;
            put_number(&buffer, magnitude, DECIMAL_BASE, value < 0, 0, width, pad);
            break;
        }
        case 'u':
            put_number(&buffer, (uint32_t)va_arg(arguments, unsigned int), DECIMAL_BASE, 0, 0, width, pad);
            break;
        case 'x':
        case 'X':
            put_number(&buffer, (uint32_t)va_arg(arguments, unsigned int), HEX_BASE, 0, *p == 'X', width,
                       pad);
            break;
        case 'c':
            buffer_put(&buffer, (char)va_arg(arguments, int));
            break;
        case 's': {
            const char *text = va_arg(arguments, const char *);
            if (text == NULL) {
                text = "(null)";
            }
            size_t length = string_length(text);
            if (width > length) {
                buffer_repeat(&buffer, ' ', width - length);
            }
            for (size_t i = 0u; i < length; i++) {
                buffer_put(&buffer, text[i]);
            }
            break;
        }
        case '%':
            buffer_put(&buffer, '%');
            break;
        case '\0':
            /* A lone '%' at the end: print it and stop. */
            buffer_put(&buffer, '%');
            p--;
            break;
        default:
            /* Unknown conversion: printed as written so the mistake is visible. */
            buffer_put(&buffer, '%');
            buffer_put(&buffer, *p);
            break;
        }
    }
    buffer_flush(&buffer);
    return buffer.first_error;
}

bh_result bh_printf(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    bh_result result = bh_vprintf(format, arguments);
    va_end(arguments);
    return result;
}

bh_result bh_puts(const char *text)
{
    size_t length = string_length(text);
    bh_result first_error = BH_OK;
    size_t done = 0u;
    while (done < length) {
        size_t chunk = length - done;
        if (chunk > BH_CONSOLE_MAX_WRITE) {
            chunk = BH_CONSOLE_MAX_WRITE;
        }
        bh_result result = bh_console_write(text + done, chunk);
        if (first_error == BH_OK) {
            first_error = result;
        }
        done += chunk;
    }
    return first_error;
}
