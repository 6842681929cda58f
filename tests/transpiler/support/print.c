/* Host implementation of the test print port (tests/transpiler/support/print.ts) and of the bounds
 * failure hook, for the differential tests that run transpiled programs natively. Each function writes
 * exactly the bytes its Node simulation appends to the capture buffer (formats documented in print.ts).
 * This file is hosted C (stdio); only the generated code is built freestanding. It builds with the host's
 * C library and with newlib (the Cortex-R5F build run under user-mode QEMU), so it prints integers
 * through unsigned long and its own decimal conversion rather than <inttypes.h> macros newlib may lack.
 * For batches whose cases may fail a bounds check (tests/transpiler/differential/batch.ts, guarded
 * mode), bh_run_guarded_case runs one case under a setjmp guard: a failed check longjmps back, prints
 * "c<index>.bounds" and the batch goes on with the next case, as Node does when it catches BoundsError.
 * Follows no datasheet: it is test support. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit status of a failed bounds check; must equal BOUNDS_FAIL_EXIT_CODE in print-capture.ts. */
#define BOUNDS_FAIL_EXIT_CODE 86
/* Largest integer magnitude printed in decimal beside the bits of a float (2^53, exact in both). */
#define EXACT_INTEGER_LIMIT 9007199254740992.0

void bh_print_str(const char *text);
void bh_print_u32(const char *label, uint32_t value);
void bh_print_i32(const char *label, int32_t value);
void bh_print_hex(const char *label, uint32_t value);
void bh_print_bool(const char *label, bool value);
void bh_print_f64(const char *label, double value);
void bh_print_f32(const char *label, float value);
void bh_print_element(const char *label, uint32_t value);
void bh_run_guarded_case(uint32_t vector, uint32_t index);
void bh_bounds_fail(void);

/* The case dispatcher of a guarded differential batch: `runCase` exported by the generated module
 * cases.ts. Weak, so that every other program links without it. */
extern void cases_run_case(uint32_t vector, uint32_t index) __attribute__((weak));

void bh_print_str(const char *text) { printf("%s\n", text); }

void bh_print_u32(const char *label, uint32_t value) { printf("%s=%lu\n", label, (unsigned long)value); }

void bh_print_i32(const char *label, int32_t value) { printf("%s=%ld\n", label, (long)value); }

void bh_print_hex(const char *label, uint32_t value) { printf("%s=0x%08lx\n", label, (unsigned long)value); }

void bh_print_bool(const char *label, bool value) { printf("%s=%s\n", label, value ? "true" : "false"); }

/* Prints " (<integer>)" when the value is an integer exactly representable in both languages. */
static void print_exact_integer_suffix(double value)
{
    double magnitude = value < 0 ? -value : value;
    if (value == value && magnitude <= EXACT_INTEGER_LIMIT && (double)(long long)value == value) {
        char digits[24];
        size_t used = 0;
        unsigned long long rest = (unsigned long long)(long long)magnitude;
        do {
            digits[sizeof digits - 1 - used] = (char)('0' + (int)(rest % 10u));
            used++;
            rest /= 10u;
        } while (rest != 0u);
        printf(" (%s%.*s)", value < 0 ? "-" : "", (int)used, &digits[sizeof digits - used]);
    }
}

void bh_print_f64(const char *label, double value)
{
    uint64_t bits;
    if (value != value) {
        printf("%s=nan\n", label);
        return;
    }
    memcpy(&bits, &value, sizeof bits);
    printf("%s=f64:%08lx%08lx", label, (unsigned long)(bits >> 32), (unsigned long)(bits & 0xFFFFFFFFu));
    print_exact_integer_suffix(value);
    printf("\n");
}

void bh_print_f32(const char *label, float value)
{
    uint32_t bits;
    if (value != value) {
        printf("%s=nan\n", label);
        return;
    }
    memcpy(&bits, &value, sizeof bits);
    printf("%s=f32:%08lx", label, (unsigned long)bits);
    print_exact_integer_suffix((double)value);
    printf("\n");
}

/* An element read by a guarded index case: printed like bh_print_u32 (Node flags a read that found no
 * element instead, which C never prints). */
void bh_print_element(const char *label, uint32_t value) { bh_print_u32(label, value); }

/* The guard of the case running under bh_run_guarded_case; `guard_active` is set only while it runs. */
static jmp_buf guard_point;
static volatile bool guard_active = false;

/* Runs case `index` of a guarded batch with input vector `vector`; a failed bounds check inside it
 * prints "c<index>.bounds" and returns here. */
void bh_run_guarded_case(uint32_t vector, uint32_t index)
{
    if (cases_run_case == NULL) {
        printf("NO GUARDED CASE DISPATCHER\n");
        fflush(stdout);
        exit(BOUNDS_FAIL_EXIT_CODE + 1);
    }
    guard_active = true;
    if (setjmp(guard_point) == 0) {
        cases_run_case(vector, index);
    } else {
        printf("c%lu.bounds\n", (unsigned long)index);
    }
    guard_active = false;
}

/* The BSP hook the generated code calls on a failed index check: back to the case guard when one is
 * active, else report and stop. */
void bh_bounds_fail(void)
{
    if (guard_active) {
        guard_active = false;
        longjmp(guard_point, 1);
    }
    printf("BOUNDS FAIL\n");
    fflush(stdout);
    exit(BOUNDS_FAIL_EXIT_CODE);
}
