/*
 * EL2 self-test image for an Armv8-R board: proves the EL2 BSP path by printing the lines of its contract
 * on the console (banner with the exception level, EL2 and EL1 MPU region counts, the counter frequency,
 * three ticks of the EL2 physical timer through the GICv3 with the counter value at each, an HVC round
 * trip from an EL1 thread that checks its registers, ticks taken at EL2 while the EL1 thread spins with
 * its registers kept, and an EL1 write outside the EL2 MPU regions it was given caught as a data abort at
 * EL2 with its address) and exiting through semihosting with 0, or `selftest: FAIL <reason>` and 1.
 * Follows: ARM DDI 0568 (Armv8-R AArch32: EL2 MPU, HCR.VM stage-2 checks of EL1 accesses, HVC and the
 * Hyp trap); the drivers of bsp/armv8r and the board's.
 */
#include "bsp.h"
#include "el2_selftest.h"

#define SELFTEST_TICKS            3u
#define SELFTEST_TICK_US          1000u /* 1 ms */
#define REGION_EL1_CODE           0u
#define REGION_EL1_DATA           1u
#define RESUME_MAIN_ABORTED       1u /* r0 given to bsp_context_switch()'s caller */
#define RESUME_MAIN_FAILED        2u
#define SELFTEST_GUARD_VALUE      0x600DF00Du /* must survive the EL1 write attempt */
#define SELFTEST_MIN_EL1_TICKS    3u
#define SELFTEST_US_PER_S         1000000u
#define SELFTEST_PERIOD_TOLERANCE 10u /* +-10 % */

/* ---- State shared with the exception hooks ---- */
static volatile uint32_t ticks_seen;
static volatile uint32_t ticks_from_el1;
static volatile uint32_t tick_counts[SELFTEST_TICKS]; /* CNTPCT (low word) at each tick */

static volatile uint32_t hvc_round_trip_imm;
static volatile uint32_t hvc_round_trip_reply;
static volatile uint32_t hvc_from_mode;
static volatile uint32_t hvc_verdict;
static volatile bool hvc_verdict_seen;
static volatile uint32_t spin_verdict;
static volatile bool spin_verdict_seen;
static volatile uint32_t hvc_unexpected_imm;

static volatile bsp_fault_info abort_seen;
static volatile uint32_t abort_from_mode;

/* A hypervisor word the EL1 partition tries to overwrite. */
static volatile uint32_t guard_word = SELFTEST_GUARD_VALUE;

static bh_context main_context;
static bh_context el1_context;

static void fail(const char *reason) __attribute__((noreturn));

static void fail(const char *reason)
{
    bsp_console_write("selftest: FAIL ");
    bsp_console_write(reason);
    bsp_console_write("\n");
    bsp_semihost_exit(BSP_EXIT_FAILURE);
}

static void fail_with_context(const char *reason, const bh_context *ctx, uint32_t detail)
    __attribute__((noreturn));

static void fail_with_context(const char *reason, const bh_context *ctx, uint32_t detail)
{
    bsp_console_write("selftest: FAIL ");
    bsp_console_write(reason);
    bsp_console_write_context(ctx, detail);
    bsp_semihost_exit(BSP_EXIT_FAILURE);
}

static uint32_t mode_of(const bh_context *ctx) { return ctx->cpsr & PSR_MODE_MASK; }

/* Leaves the EL1 partition for good: the main thread resumes with `why` as its return value. */
static void resume_main(uint32_t why)
{
    main_context.r[0] = why;
    bsp_context_set_current(&main_context);
}

/* ---- Exception hooks ---- */

void bsp_handle_hvc(bh_context *ctx, uint32_t imm)
{
    if (mode_of(ctx) == PSR_MODE_HYP) {
        fail_with_context("hvc from Hyp mode", ctx, imm);
    }
    switch (imm) {
    case EL2_HVC_ROUND_TRIP:
        hvc_round_trip_imm = imm;
        hvc_from_mode = mode_of(ctx);
        hvc_round_trip_reply = ctx->r[0] | imm;
        ctx->r[0] = hvc_round_trip_reply;
        break;
    case EL2_HVC_VERDICT:
        hvc_verdict = ctx->r[0];
        hvc_verdict_seen = true;
        break;
    case EL2_HVC_SPIN_VERDICT:
        spin_verdict = ctx->r[0];
        spin_verdict_seen = true;
        break;
    default:
        hvc_unexpected_imm = imm;
        resume_main(RESUME_MAIN_FAILED);
        break;
    }
}

void bsp_handle_irq(bh_context *ctx)
{
    if (bsp_irq_dispatch() == bsp_tick_irq_id() && mode_of(ctx) != PSR_MODE_HYP) {
        ticks_from_el1++;
    }
}

void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    if (mode_of(ctx) == PSR_MODE_HYP) {
        fail_with_context("data abort in Hyp mode", ctx, fault->address);
    }
    abort_seen.pc = fault->pc;
    abort_seen.address = fault->address;
    abort_seen.status = fault->status;
    abort_seen.fs = fault->fs;
    abort_seen.write = fault->write;
    abort_from_mode = mode_of(ctx);
    resume_main(RESUME_MAIN_ABORTED);
}

void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    fail_with_context("unexpected prefetch abort", ctx, fault->address);
}

void bsp_handle_trap(bh_context *ctx, uint32_t hsr) { fail_with_context("unexpected trap to EL2", ctx, hsr); }

static void on_tick(void)
{
    uint32_t count = (uint32_t)bsp_timer_count();
    uint32_t seen = ticks_seen;
    if (seen < SELFTEST_TICKS) {
        tick_counts[seen] = count;
    }
    ticks_seen = seen + 1u;
}

/* ---- Steps ---- */

static void report_platform(void)
{
    uint32_t mode = 0u;
    __asm__ volatile("mrs %0, cpsr" : "=r"(mode));
    bsp_console_write("el: ");
    bsp_console_write((mode & PSR_MODE_MASK) == PSR_MODE_HYP ? "2 (hyp)\n" : "not 2\n");
    if ((mode & PSR_MODE_MASK) != PSR_MODE_HYP) {
        fail("main does not run in Hyp mode");
    }
    bsp_console_write("mpu: el2 ");
    bsp_console_write_dec(bsp_mpu_region_count());
    bsp_console_write(" regions, el1 ");
    bsp_console_write_dec(bsp_mpu_el1_region_count());
    bsp_console_write(" regions\n");
    if (bsp_mpu_region_count() < 2u) {
        fail("the EL2 MPU has fewer than the 2 regions the test partition needs");
    }
    bsp_console_write("timer: cntfrq=");
    bsp_console_write_dec(bsp_timer_frequency());
    bsp_console_write("\n");
}

/* Waits with WFI for each tick; IRQs are masked between checks so none is missed before WFI. */
static void count_ticks(void)
{
    if (bsp_tick_start(SELFTEST_TICK_US, on_tick) != BSP_OK) {
        fail("cannot start the tick");
    }
    for (uint32_t printed = 0u; printed < SELFTEST_TICKS; printed++) {
        bsp_irq_disable_cpu();
        while (ticks_seen <= printed) {
            bsp_wait_for_interrupt();
            bsp_irq_enable_cpu();
            bsp_irq_disable_cpu();
        }
        bsp_irq_enable_cpu();
        bsp_console_write("tick: ");
        bsp_console_write_dec(printed + 1u);
        bsp_console_write(" cntpct=");
        bsp_console_write_dec(tick_counts[printed]);
        bsp_console_write(" irq=");
        bsp_console_write_dec(bsp_tick_irq_id());
        bsp_console_write("\n");
    }
    /* Consecutive ticks lie one period of counter ticks apart (the compare value advances by exactly one
     * period); the handler's latency may differ by a little. */
    uint32_t period = (uint32_t)(((uint64_t)SELFTEST_TICK_US * bsp_timer_frequency()) / SELFTEST_US_PER_S);
    for (uint32_t i = 1u; i < SELFTEST_TICKS; i++) {
        uint32_t apart = tick_counts[i] - tick_counts[i - 1u];
        if (apart < period - period / SELFTEST_PERIOD_TOLERANCE ||
            apart > period + period / SELFTEST_PERIOD_TOLERANCE) {
            fail("ticks are not one period apart on the counter");
        }
    }
}

static void configure_partition_mpu(void)
{
    for (uint32_t region = 0u; region < bsp_mpu_region_count(); region++) {
        (void)bsp_mpu_clear_region(region);
    }
    if (bsp_mpu_set_region(REGION_EL1_CODE, (uint32_t)(uintptr_t)__partition0_code_start,
                           EL2_PARTITION_REGION_SIZE, BSP_MPU_GUEST_RX) != BSP_OK ||
        bsp_mpu_set_region(REGION_EL1_DATA, (uint32_t)(uintptr_t)__partition0_data_start,
                           EL2_PARTITION_REGION_SIZE, BSP_MPU_GUEST_RW) != BSP_OK) {
        fail("cannot program the partition's EL2 MPU regions");
    }
    bsp_mpu_region_regs back;
    if (bsp_mpu_read_region(REGION_EL1_DATA, &back) != BSP_OK ||
        (back.prbar & PRBAR_BASE_MASK) != (uint32_t)(uintptr_t)__partition0_data_start) {
        fail("the EL2 MPU region does not read back");
    }
    bsp_mpu_enable(true);
    bsp_mpu_check_guests(true);
}

static uint32_t run_el1_partition(void)
{
    bsp_context_init(&el1_context, (uint32_t)(uintptr_t)&el2_selftest_el1_main,
                     (uint32_t)(uintptr_t)__partition0_stack_top, PSR_MODE_SYS,
                     (uint32_t)(uintptr_t)&guard_word);
    ticks_from_el1 = 0u;
    return bsp_context_switch(&main_context, &el1_context);
}

static void report_hvc(void)
{
    if (hvc_round_trip_imm != EL2_HVC_ROUND_TRIP) {
        fail("EL1 hvc round trip did not reach the handler");
    }
    if (!hvc_verdict_seen || hvc_verdict != 1u) {
        fail("EL1 code saw a wrong hvc reply in r0 or a register it had set changed");
    }
    bsp_console_write("hvc: round trip ok imm=0x");
    bsp_console_write_hex(hvc_round_trip_imm);
    bsp_console_write(" r0=0x");
    bsp_console_write_hex8(hvc_round_trip_reply);
    bsp_console_write(hvc_from_mode == PSR_MODE_SYS ? " from=el1-sys\n" : " from=other\n");
    if (hvc_from_mode != PSR_MODE_SYS) {
        fail("hvc did not come from the EL1 thread's SYS mode");
    }
}

static void report_el1_ticks(void)
{
    if (!spin_verdict_seen || spin_verdict != 1u) {
        fail("EL1 registers changed while ticks interrupted it");
    }
    if (ticks_from_el1 < SELFTEST_MIN_EL1_TICKS) {
        fail("too few ticks were taken to EL2 while EL1 ran");
    }
    bsp_console_write("irq: ");
    bsp_console_write_dec(ticks_from_el1);
    bsp_console_write(" ticks taken from el1, registers kept\n");
}

static void report_abort(uint32_t resumed_because)
{
    if (resumed_because != RESUME_MAIN_ABORTED) {
        if (hvc_unexpected_imm == EL2_HVC_NO_ABORT) {
            fail("EL1 write outside its regions did not abort");
        }
        fail("EL1 partition made an unexpected hvc");
    }
    uint32_t code_start = (uint32_t)(uintptr_t)__partition0_code_start;
    uint32_t code_end = (uint32_t)(uintptr_t)__partition0_code_end;
    if (abort_from_mode != PSR_MODE_SYS || abort_seen.pc < code_start || abort_seen.pc >= code_end) {
        fail("data abort did not come from the EL1 partition's code");
    }
    if (abort_seen.address != (uint32_t)(uintptr_t)&guard_word || !abort_seen.write) {
        fail("data abort reports the wrong address or access");
    }
    if (abort_seen.fs != FSR_FS_BACKGROUND && abort_seen.fs != FSR_FS_PERMISSION) {
        fail("data abort has an unexpected fault status");
    }
    if (guard_word != SELFTEST_GUARD_VALUE) {
        fail("EL1 write reached hypervisor memory");
    }
    bsp_console_write("abort: data abort from el1 pc=0x");
    bsp_console_write_hex8(abort_seen.pc);
    bsp_console_write(" far=0x");
    bsp_console_write_hex8(abort_seen.address);
    bsp_console_write(" hsr=0x");
    bsp_console_write_hex8(abort_seen.status);
    bsp_console_write(" status=");
    bsp_console_write(bsp_fault_status_name(abort_seen.fs));
    bsp_console_write("\n");
}

int main(void)
{
    bsp_pmu_start();
    bsp_board_init();
    bsp_console_write("Bulkhead EL2 self-test: ");
    bsp_console_write(bsp_board_name());
    bsp_console_write(" cortex-r52\n");

    report_platform();
    count_ticks();
    configure_partition_mpu();
    uint32_t resumed_because = run_el1_partition();
    bsp_tick_stop();
    bsp_mpu_check_guests(false);
    bsp_mpu_disable();
    report_hvc();
    report_el1_ticks();
    report_abort(resumed_because);

    bsp_console_write("selftest: pass\n");
    /* PMCCNTR: QEMU 10's cortex-r52 has no counting PMU, so this reads 0 there. */
    bsp_console_write("cycles: total=");
    bsp_console_write_dec(bsp_pmu_cycles());
    bsp_console_write("\n");
    return BSP_EXIT_OK;
}
