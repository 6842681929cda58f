/*
 * C entries of the exception stubs (exception_entry.S): decode what the hardware reports and call the
 * hooks of the layer above (bsp_handle_*); the weak default hooks are in common/exceptions.c.
 * Follows: ARM DDI 0406C B1.8 "Exception handling" (B1.8.4 undefined instruction, B1.8.5 supervisor
 * call, B1.8.6/B1.8.7 aborts), A8.8.228 SVC (imm24 in ARM state, imm8 in Thumb state), B6.1 DFSR/DFAR/
 * IFSR/IFAR and B5.6 "PMSA fault status encodings".
 */
#include "bsp.h"
#include "common/exception_report.h"

/* The entries below are called only from exception_entry.S. */
void bh_svc_entry(bh_context *ctx);
void bh_irq_entry(bh_context *ctx);
void bh_fiq_entry(bh_context *ctx);
void bh_data_abort_entry(bh_context *ctx);
void bh_prefetch_abort_entry(bh_context *ctx);
void bh_undefined_entry(bh_context *ctx);

#define SVC_ARM_IMM_MASK       BH_U32(0x00FFFFFF)
#define SVC_THUMB_IMM_MASK     BH_U32(0x00FF)
#define ARM_INSTRUCTION_SIZE   BH_U32(4)
#define THUMB_INSTRUCTION_SIZE BH_U32(2)

void bsp_context_init(bh_context *ctx, uint32_t entry, uint32_t stack_top, uint32_t psr_mode, uint32_t arg0)
{
    for (uint32_t i = 0u; i < BH_CONTEXT_GPR_COUNT; i++) {
        ctx->r[i] = 0u;
    }
    ctx->r[0] = arg0;
    ctx->sp_usr = stack_top;
    ctx->lr_usr = 0u;
    ctx->pc = entry & ~BH_U32(1);
    /* FIQ stays masked: the BSP routes every interrupt as IRQ. */
    ctx->cpsr = (psr_mode & PSR_MODE_MASK) | PSR_F_BIT | (((entry & 1u) != 0u) ? PSR_T_BIT : 0u);
}

static uint32_t fault_status_code(uint32_t fsr)
{
    return (fsr & FSR_FS_LOW_MASK) | ((fsr & FSR_FS_HIGH_BIT) >> FSR_FS_HIGH_SHIFT);
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

void bh_svc_entry(bh_context *ctx)
{
    uint32_t imm;
    if ((ctx->cpsr & PSR_T_BIT) != 0u) {
        const volatile uint16_t *insn = (const volatile uint16_t *)(ctx->pc - THUMB_INSTRUCTION_SIZE);
        imm = *insn & SVC_THUMB_IMM_MASK;
    } else {
        const volatile uint32_t *insn = (const volatile uint32_t *)(ctx->pc - ARM_INSTRUCTION_SIZE);
        imm = *insn & SVC_ARM_IMM_MASK;
    }
    bsp_handle_svc(ctx, imm);
}

void bh_irq_entry(bh_context *ctx) { bsp_handle_irq(ctx); }

void bh_fiq_entry(bh_context *ctx) { bsp_handle_fiq(ctx); }

void bh_data_abort_entry(bh_context *ctx)
{
    uint32_t dfsr = cp15_read_dfsr();
    bsp_fault_info fault = {
        .pc = ctx->pc,
        .address = cp15_read_dfar(),
        .status = dfsr,
        .fs = fault_status_code(dfsr),
        .write = (dfsr & FSR_WNR) != 0u,
    };
    bsp_handle_data_abort(ctx, &fault);
}

void bh_prefetch_abort_entry(bh_context *ctx)
{
    uint32_t ifsr = cp15_read_ifsr();
    uint32_t fs = fault_status_code(ifsr);
    /* After a debug event (BKPT: IFSR FS 0b00010) the IFAR is UNKNOWN (DDI 0406C B6.1 IFAR, B5.6); the
     * faulting instruction is the one the context returns to. */
    bsp_fault_info fault = {
        .pc = ctx->pc,
        .address = (fs == FSR_FS_DEBUG) ? ctx->pc : cp15_read_ifar(),
        .status = ifsr,
        .fs = fs,
        .write = false,
    };
    bsp_handle_prefetch_abort(ctx, &fault);
}

void bh_undefined_entry(bh_context *ctx) { bsp_handle_undefined(ctx, bsp_instruction_at(ctx)); }
