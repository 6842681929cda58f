/*
 * Shared part of the code-quality benchmark's bare-metal harnesses: counter calibration, the xorshift32
 * input generator, the console report and the mismatch exit (see harness.h).
 * Follows: Cortex-R5 TRM (ARM DDI 0460) 6.3 (PMCCNTR); Marsaglia, "Xorshift RNGs" (2003), the 13/17/5
 * triple; ARM semihosting SYS_EXIT_EXTENDED through bsp_semihost_exit().
 */
#include "harness.h"

uint32_t harness_overhead;
volatile uint32_t harness_window_start;
volatile uint32_t harness_ts_sink;
volatile uint32_t harness_c_sink;

void harness_calibrate(void)
{
    bsp_pmu_start();
    uint32_t smallest = UINT32_MAX;
    for (uint32_t i = 0u; i < 4u; i++) {
        uint32_t empty = 0u;
        harness_overhead = 0u;
        HARNESS_MEASURE(empty, (void)0);
        if (empty < smallest) {
            smallest = empty;
        }
    }
    harness_overhead = smallest;
}

uint32_t harness_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

int harness_report(const char *kernel, uint32_t calls, uint32_t ts_total, uint32_t c_total, uint32_t digest)
{
    bsp_console_write("codegen kernel=");
    bsp_console_write(kernel);
    bsp_console_write(" calls=");
    bsp_console_write_dec(calls);
    bsp_console_write(" ts_instr=");
    bsp_console_write_dec(ts_total);
    bsp_console_write(" c_instr=");
    bsp_console_write_dec(c_total);
    bsp_console_write(" overhead=");
    bsp_console_write_dec(harness_overhead);
    bsp_console_write(" digest=");
    bsp_console_write_hex8(digest);
    bsp_console_write("\n");
    return BSP_EXIT_OK;
}

void harness_mismatch(const char *kernel, uint32_t call, uint32_t ts_value, uint32_t c_value)
{
    bsp_console_write("codegen MISMATCH kernel=");
    bsp_console_write(kernel);
    bsp_console_write(" call=");
    bsp_console_write_dec(call);
    bsp_console_write(" ts=");
    bsp_console_write_hex8(ts_value);
    bsp_console_write(" c=");
    bsp_console_write_hex8(c_value);
    bsp_console_write("\n");
    bsp_semihost_exit(HARNESS_EXIT_MISMATCH);
}
