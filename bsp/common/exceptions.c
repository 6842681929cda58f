/*
 * The CPU-independent part of exception handling: the current context pointer the exception stubs save
 * into and restore from, reading the instruction a context stopped at (ARM or Thumb), the one-line
 * report of an exception's context, and the weak default hooks, which report an exception nobody
 * handles on the console and exit through semihosting.
 * Follows: ARM DDI 0406C A6.1 (Thumb instruction encoding: a first halfword of 0xE800 or more starts a
 * 32-bit instruction) and B1.8 "Exception handling"; the hook contract of bsp/include/bsp.h.
 */
#include "bsp.h"
#include "common/exception_report.h"

#define THUMB_32BIT_PREFIX_MIN BH_U32(0xE800) /* first halfword of a 32-bit Thumb instruction */
#define THUMB_HALFWORD_SHIFT   BH_U32(16)

/* Context of the boot thread until the layer above installs its own; exception_entry.S saves into
 * and restores from whatever bh_current_context points at. */
static bh_context bh_boot_context;
bh_context *bh_current_context = &bh_boot_context;

bh_context *bsp_context_current(void) { return bh_current_context; }

void bsp_context_set_current(bh_context *ctx) { bh_current_context = ctx; }

uint32_t bsp_instruction_at(const bh_context *ctx)
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

void bsp_report_unhandled(const char *what, const bh_context *ctx, uint32_t detail)
{
    bsp_console_write("bsp: unhandled ");
    bsp_console_write(what);
    bsp_console_write_context(ctx, detail);
    bsp_semihost_exit(BSP_EXIT_UNHANDLED_EXCEPTION);
}

__attribute__((weak)) void bsp_handle_svc(bh_context *ctx, uint32_t imm)
{
    bsp_report_unhandled("svc", ctx, imm);
}

__attribute__((weak)) void bsp_handle_irq(bh_context *ctx)
{
    (void)ctx;
    (void)bsp_irq_dispatch();
}

__attribute__((weak)) void bsp_handle_fiq(bh_context *ctx) { bsp_report_unhandled("fiq", ctx, 0u); }

__attribute__((weak)) void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    bsp_report_unhandled("data abort", ctx, fault->address);
}

__attribute__((weak)) void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    bsp_report_unhandled("prefetch abort", ctx, fault->address);
}

__attribute__((weak)) void bsp_handle_undefined(bh_context *ctx, uint32_t instruction)
{
    bsp_report_unhandled("undefined instruction", ctx, instruction);
}
