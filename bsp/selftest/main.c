/*
 * Boot self-test image: proves the BSP path on the board by printing the lines of the self-test
 * contract on the console (banner, MPU region count, three timer ticks through the GIC with the
 * PMU cycle count at each, an SVC round trip from USR mode, a USR access outside its MPU regions
 * caught as a data abort) and exiting through semihosting with 0, or `selftest: FAIL <reason>` and
 * a non-zero code.
 * Follows: ARM DDI 0406C B5 (PMSA: USR regions, SCTLR.BR background region for privileged modes),
 * B1.8 (exceptions); the drivers of bsp/armv7r and bsp/realview-eb.
 */
#include "bsp.h"
#include "selftest.h"

#define SELFTEST_TICKS       3u
#define SELFTEST_TICK_US     1000u /* 1 ms: 1,000,000 instructions under -icount shift=0 */
#define SELFTEST_EXIT_FAIL   BSP_EXIT_FAILURE
#define REGION_USR_CODE      0u
#define REGION_USR_DATA      1u
#define RESUME_MAIN_ABORTED  1u /* r0 given to bsp_context_switch()'s caller */
#define RESUME_MAIN_FAILED   2u
#define SELFTEST_GUARD_VALUE 0x600DF00Du /* must survive the USR write attempt */

/* ---- State shared with the exception hooks ---- */
static volatile uint32_t ticks_seen;
static volatile uint32_t tick_cycles[SELFTEST_TICKS];

static volatile uint32_t svc_round_trip_imm;
static volatile uint32_t svc_round_trip_reply;
static volatile uint32_t svc_verdict;
static volatile uint32_t svc_unexpected_imm;
static volatile bool svc_verdict_seen;

static volatile bsp_fault_info abort_seen;
static volatile uint32_t abort_from_mode;

/* A hypervisor word the USR partition tries to overwrite. */
static volatile uint32_t guard_word = SELFTEST_GUARD_VALUE;

static bh_context main_context;
static bh_context usr_context;

static void fail(const char *reason) __attribute__((noreturn));

static void fail(const char *reason)
{
    bsp_console_write("selftest: FAIL ");
    bsp_console_write(reason);
    bsp_console_write("\n");
    bsp_semihost_exit(SELFTEST_EXIT_FAIL);
}

static void fail_with_context(const char *reason, const bh_context *ctx, uint32_t detail)
    __attribute__((noreturn));

static void fail_with_context(const char *reason, const bh_context *ctx, uint32_t detail)
{
    bsp_console_write("selftest: FAIL ");
    bsp_console_write(reason);
    bsp_console_write_context(ctx, detail);
    bsp_semihost_exit(SELFTEST_EXIT_FAIL);
}

static bool from_usr(const bh_context *ctx) { return (ctx->cpsr & PSR_MODE_MASK) == PSR_MODE_USR; }

/* Leaves the USR partition for good: the main thread resumes with `why` as its return value. */
static void resume_main(uint32_t why)
{
    main_context.r[0] = why;
    bsp_context_set_current(&main_context);
}

/* ---- Exception hooks ---- */

void bsp_handle_svc(bh_context *ctx, uint32_t imm)
{
    if (!from_usr(ctx)) {
        fail_with_context("svc from a privileged mode", ctx, imm);
    }
    switch (imm) {
    case SELFTEST_SVC_ROUND_TRIP:
        svc_round_trip_imm = imm;
        svc_round_trip_reply = ctx->r[0] | imm;
        ctx->r[0] = svc_round_trip_reply;
        break;
    case SELFTEST_SVC_VERDICT:
        svc_verdict = ctx->r[0];
        svc_verdict_seen = true;
        break;
    default:
        svc_unexpected_imm = imm;
        resume_main(RESUME_MAIN_FAILED);
        break;
    }
}

void bsp_handle_irq(bh_context *ctx)
{
    (void)ctx;
    (void)bsp_irq_dispatch();
}

void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    if (!from_usr(ctx)) {
        fail_with_context("data abort in a privileged mode", ctx, fault->address);
    }
    abort_seen.pc = fault->pc;
    abort_seen.address = fault->address;
    abort_seen.status = fault->status;
    abort_seen.fs = fault->fs;
    abort_seen.write = fault->write;
    abort_from_mode = ctx->cpsr & PSR_MODE_MASK;
    resume_main(RESUME_MAIN_ABORTED);
}

void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    fail_with_context("unexpected prefetch abort", ctx, fault->address);
}

void bsp_handle_undefined(bh_context *ctx, uint32_t instruction)
{
    fail_with_context("unexpected undefined instruction", ctx, instruction);
}

void bsp_handle_fiq(bh_context *ctx) { fail_with_context("unexpected FIQ", ctx, 0u); }

static void on_tick(void)
{
    uint32_t cycles = bsp_pmu_cycles();
    uint32_t seen = ticks_seen;
    if (seen < SELFTEST_TICKS) {
        tick_cycles[seen] = cycles;
    }
    ticks_seen = seen + 1u;
}

/* ---- Steps ---- */

static void check_mpu(void)
{
    uint32_t regions = bsp_mpu_region_count();
    bsp_console_write("mpu: ");
    bsp_console_write_dec(regions);
    bsp_console_write(" regions\n");
    if (regions < 2u) {
        fail("the MPU has fewer than the 2 regions the test partition needs");
    }
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
        bsp_console_write(" pmccntr=");
        bsp_console_write_dec(tick_cycles[printed]);
        bsp_console_write("\n");
    }
    bsp_tick_stop();
    if (!(tick_cycles[0] < tick_cycles[1] && tick_cycles[1] < tick_cycles[2])) {
        fail("PMU cycle counts at the ticks do not increase");
    }
}

static void configure_partition_mpu(void)
{
    for (uint32_t region = 0u; region < bsp_mpu_region_count(); region++) {
        (void)bsp_mpu_clear_region(region);
    }
    if (bsp_mpu_set_region(REGION_USR_CODE, (uint32_t)(uintptr_t)__partition0_code_start,
                           SELFTEST_PARTITION_REGION_SIZE, BSP_MPU_USR_RX) != BSP_OK ||
        bsp_mpu_set_region(REGION_USR_DATA, (uint32_t)(uintptr_t)__partition0_data_start,
                           SELFTEST_PARTITION_REGION_SIZE, BSP_MPU_USR_RW) != BSP_OK) {
        fail("cannot program the partition's MPU regions");
    }
    bsp_mpu_enable(true);
}

static uint32_t run_usr_partition(void)
{
    bsp_context_init(&usr_context, (uint32_t)(uintptr_t)&selftest_usr_main,
                     (uint32_t)(uintptr_t)__partition0_stack_top, PSR_MODE_USR,
                     (uint32_t)(uintptr_t)&guard_word);
    return bsp_context_switch(&main_context, &usr_context);
}

static void report_svc(void)
{
    if (svc_round_trip_imm != SELFTEST_SVC_ROUND_TRIP) {
        fail("USR svc round trip did not reach the handler");
    }
    if (!svc_verdict_seen || svc_verdict != 1u) {
        fail("USR code saw a wrong svc reply in r0 or a register it had set changed");
    }
    bsp_console_write("svc: round trip ok imm=0x");
    bsp_console_write_hex(svc_round_trip_imm);
    bsp_console_write(" r0=0x");
    bsp_console_write_hex8(svc_round_trip_reply);
    bsp_console_write("\n");
}

static void report_abort(uint32_t resumed_because)
{
    if (resumed_because != RESUME_MAIN_ABORTED) {
        if (svc_unexpected_imm == SELFTEST_SVC_NO_ABORT) {
            fail("USR write outside its regions did not abort");
        }
        fail("USR partition made an unexpected svc");
    }
    uint32_t code_start = (uint32_t)(uintptr_t)__partition0_code_start;
    uint32_t code_end = (uint32_t)(uintptr_t)__partition0_code_end;
    if (abort_from_mode != PSR_MODE_USR || abort_seen.pc < code_start || abort_seen.pc >= code_end) {
        fail("data abort did not come from the USR partition's code");
    }
    if (abort_seen.address != (uint32_t)(uintptr_t)&guard_word || !abort_seen.write) {
        fail("data abort reports the wrong address or access");
    }
    if (abort_seen.fs != FSR_FS_BACKGROUND && abort_seen.fs != FSR_FS_PERMISSION) {
        fail("data abort has an unexpected fault status");
    }
    if (guard_word != SELFTEST_GUARD_VALUE) {
        fail("USR write reached hypervisor memory");
    }
    bsp_console_write("abort: data abort from usr pc=0x");
    bsp_console_write_hex8(abort_seen.pc);
    bsp_console_write(" dfar=0x");
    bsp_console_write_hex8(abort_seen.address);
    bsp_console_write(" dfsr=0x");
    bsp_console_write_hex8(abort_seen.status);
    bsp_console_write(" status=");
    bsp_console_write(bsp_fault_status_name(abort_seen.fs));
    bsp_console_write("\n");
}

int main(void)
{
    bsp_pmu_start();
    bsp_board_init();
    bsp_console_write("Bulkhead boot self-test: ");
    bsp_console_write(bsp_board_name());
    bsp_console_write(" cortex-r5f\n");

    check_mpu();
    count_ticks();
    configure_partition_mpu();
    uint32_t resumed_because = run_usr_partition();
    bsp_mpu_disable();
    report_svc();
    report_abort(resumed_because);

    bsp_console_write("selftest: pass\n");
    bsp_console_write("cycles: total=");
    bsp_console_write_dec(bsp_pmu_cycles());
    bsp_console_write("\n");
    return BSP_EXIT_OK;
}
