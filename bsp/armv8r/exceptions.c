/*
 * C entries of the EL2 exception stubs (exception_entry.S): decode the Hyp syndrome (HSR) and the fault
 * address registers and call the hooks of the layer above (bsp_handle_*). Weak default hooks report the
 * exception on the console and exit through semihosting.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement) and ARM DDI 0487 part G, the HSR description (EC
 * values: 0x00 unknown reason (an undefined instruction in Hyp mode), 0x11 SVC, 0x12 HVC, 0x20/0x21 prefetch abort
 * from EL1/EL0 or in Hyp mode, 0x24/0x25 data abort; ISS of aborts: xFSC in bits [5:0], WnR in bit 6),
 * HDFAR, HIFAR, HPFAR; the fault status codes of the HSR's abort ISS (translation fault: no MPU region;
 * permission fault; alignment; synchronous external; debug).
 */
#include "bsp.h"

/* Context of the boot thread until the layer above installs its own; exception_entry.S saves into
 * and restores from whatever bh_current_context points at. */
static bh_context bh_boot_context;
bh_context *bh_current_context = &bh_boot_context;

/* The entries below are called only from exception_entry.S. */
void bh_sync_entry(bh_context *ctx);
void bh_irq_entry(bh_context *ctx);
void bh_fiq_entry(bh_context *ctx);

#define THUMB_32BIT_PREFIX_MIN BH_U32(0xE800) /* first halfword of a 32-bit Thumb instruction */
#define THUMB_HALFWORD_SHIFT   BH_U32(16)

bh_context *bsp_context_current(void) { return bh_current_context; }

void bsp_context_set_current(bh_context *ctx) { bh_current_context = ctx; }

void bsp_context_init(bh_context *ctx, uint32_t entry, uint32_t stack_top, uint32_t psr_mode, uint32_t arg0)
{
    for (uint32_t i = 0u; i < BH_CONTEXT_GPR_COUNT; i++) {
        ctx->r[i] = 0u;
    }
    ctx->r[0] = arg0;
    ctx->sp_usr = stack_top;
    ctx->lr_usr = 0u;
    ctx->sp_svc = stack_top;
    ctx->lr_svc = 0u;
    ctx->spsr_svc = 0u;
    ctx->sp_hyp = stack_top;
    ctx->pc = entry & ~BH_U32(1);
    /* FIQ stays masked: the BSP routes every interrupt as IRQ. */
    ctx->cpsr = (psr_mode & PSR_MODE_MASK) | PSR_F_BIT | (((entry & 1u) != 0u) ? PSR_T_BIT : 0u);
}

/* The fault status code of an abort's ISS, the lookup level cleared for translation and permission
 * faults (an MPU has one level: it says nothing more). */
static uint32_t fault_status_code(uint32_t iss)
{
    uint32_t fsc = iss & HSR_ISS_ABT_FSC_MASK;
    return fsc <= FSR_FS_LEVELLED_MAX ? (fsc & ~HSR_ISS_ABT_LEVEL_MASK) : fsc;
}

const char *bsp_fault_status_name(uint32_t fs)
{
    switch (fs) {
    case FSR_FS_BACKGROUND:
        return "background";
    case FSR_FS_PERMISSION:
        return "permission";
    case FSR_FS_ALIGNMENT:
        return "alignment";
    case FSR_FS_DEBUG:
        return "debug";
    case FSR_FS_SYNC_EXTERNAL:
        return "external";
    default:
        return "other";
    }
}

static uint32_t instruction_at(const bh_context *ctx)
{
    if ((ctx->cpsr & PSR_T_BIT) != 0u) {
        const volatile uint16_t *half = (const volatile uint16_t *)ctx->pc;
        uint32_t instruction = half[0];
        if (instruction >= THUMB_32BIT_PREFIX_MIN) {
            instruction = (instruction << THUMB_HALFWORD_SHIFT) | half[1];
        }
        return instruction;
    }
    return *(const volatile uint32_t *)ctx->pc;
}

static void data_abort(bh_context *ctx, uint32_t hsr)
{
    uint32_t iss = hsr & HSR_ISS_MASK;
    bsp_fault_info fault = {
        .pc = ctx->pc,
        .address = cp15_read_hdfar(),
        .status = hsr,
        .fs = fault_status_code(iss),
        .write = (iss & HSR_ISS_DABT_WNR) != 0u,
    };
    bsp_handle_data_abort(ctx, &fault);
}

static void prefetch_abort(bh_context *ctx, uint32_t hsr)
{
    uint32_t fs = fault_status_code(hsr & HSR_ISS_MASK);
    bsp_fault_info fault = {
        .pc = ctx->pc,
        .address = (fs == FSR_FS_DEBUG) ? ctx->pc : cp15_read_hifar(),
        .status = hsr,
        .fs = fs,
        .write = false,
    };
    bsp_handle_prefetch_abort(ctx, &fault);
}

void bh_sync_entry(bh_context *ctx)
{
    uint32_t hsr = cp15_read_hsr();
    switch ((hsr >> HSR_EC_SHIFT) & HSR_EC_MASK) {
    case HSR_EC_HVC:
        bsp_handle_hvc(ctx, hsr & HSR_ISS_HVC_IMM_MASK);
        break;
    case HSR_EC_SVC:
        /* Only an SVC in Hyp mode comes here (a guest's SVC goes to its own EL1 vectors). */
        bsp_handle_svc(ctx, hsr & HSR_ISS_HVC_IMM_MASK);
        break;
    case HSR_EC_DABT_LOWER:
    case HSR_EC_DABT_HYP:
        data_abort(ctx, hsr);
        break;
    case HSR_EC_PABT_LOWER:
    case HSR_EC_PABT_HYP:
        prefetch_abort(ctx, hsr);
        break;
    case HSR_EC_UNKNOWN:
        if ((ctx->cpsr & PSR_MODE_MASK) == PSR_MODE_HYP) {
            bsp_handle_undefined(ctx, instruction_at(ctx));
        } else {
            bsp_handle_trap(ctx, hsr);
        }
        break;
    default:
        bsp_handle_trap(ctx, hsr);
        break;
    }
}

void bh_irq_entry(bh_context *ctx) { bsp_handle_irq(ctx); }

void bh_fiq_entry(bh_context *ctx) { bsp_handle_fiq(ctx); }

/* ---- Weak defaults: an exception nobody handles stops the system with a clear report ---- */

void bsp_console_write_context(const bh_context *ctx, uint32_t detail)
{
    bsp_console_write(" pc=0x");
    bsp_console_write_hex8(ctx->pc);
    bsp_console_write(" cpsr=0x");
    bsp_console_write_hex8(ctx->cpsr);
    bsp_console_write(" detail=0x");
    bsp_console_write_hex8(detail);
    bsp_console_write("\n");
}

static void report_and_exit(const char *what, const bh_context *ctx, uint32_t detail)
    __attribute__((noreturn));

static void report_and_exit(const char *what, const bh_context *ctx, uint32_t detail)
{
    bsp_console_write("bsp: unhandled ");
    bsp_console_write(what);
    bsp_console_write_context(ctx, detail);
    bsp_semihost_exit(BSP_EXIT_UNHANDLED_EXCEPTION);
}

__attribute__((weak)) void bsp_handle_hvc(bh_context *ctx, uint32_t imm) { report_and_exit("hvc", ctx, imm); }

__attribute__((weak)) void bsp_handle_trap(bh_context *ctx, uint32_t hsr)
{
    report_and_exit("trap", ctx, hsr);
}

__attribute__((weak)) void bsp_handle_svc(bh_context *ctx, uint32_t imm) { report_and_exit("svc", ctx, imm); }

__attribute__((weak)) void bsp_handle_irq(bh_context *ctx)
{
    (void)ctx;
    (void)bsp_irq_dispatch();
}

__attribute__((weak)) void bsp_handle_fiq(bh_context *ctx) { report_and_exit("fiq", ctx, 0u); }

__attribute__((weak)) void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    report_and_exit("data abort", ctx, fault->address);
}

__attribute__((weak)) void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    report_and_exit("prefetch abort", ctx, fault->address);
}

__attribute__((weak)) void bsp_handle_undefined(bh_context *ctx, uint32_t instruction)
{
    report_and_exit("undefined instruction", ctx, instruction);
}
