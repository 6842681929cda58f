/*
 * C entries of the EL2 exception stubs (exception_entry.S): decode the Hyp syndrome (HSR) and the fault
 * address registers and call the hooks of the layer above (bsp_handle_*); the weak default hooks of the
 * exceptions every CPU has are in common/exceptions.c.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement) and ARM DDI 0487 part G, the HSR description (EC
 * values: 0x00 unknown reason (an undefined instruction in Hyp mode), 0x11 SVC, 0x12 HVC, 0x20/0x21 prefetch abort
 * from EL1/EL0 or in Hyp mode, 0x24/0x25 data abort; ISS of aborts: xFSC in bits [5:0], WnR in bit 6),
 * HDFAR, HIFAR, HPFAR; the fault status codes of the HSR's abort ISS (translation fault: no MPU region;
 * permission fault; alignment; synchronous external; debug).
 */
#include "bsp.h"
#include "common/exception_report.h"

/* The entries below are called only from exception_entry.S. */
void bh_sync_entry(bh_context *ctx);
void bh_irq_entry(bh_context *ctx);
void bh_fiq_entry(bh_context *ctx);

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
            bsp_handle_undefined(ctx, bsp_instruction_at(ctx));
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

/* ---- Weak defaults of the EL2-only hooks (the others are in common/exceptions.c) ---- */

__attribute__((weak)) void bsp_handle_hvc(bh_context *ctx, uint32_t imm)
{
    bsp_report_unhandled("hvc", ctx, imm);
}

__attribute__((weak)) void bsp_handle_trap(bh_context *ctx, uint32_t hsr)
{
    bsp_report_unhandled("trap", ctx, hsr);
}
