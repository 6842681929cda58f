/*
 * The hypervisor image's C entry and exception hooks: initialises the board, starts the transpiled
 * core, routes every BSP exception hook to the core's entry point and returns to the context the core
 * chose (the core makes a context current through bh_port_context_set_current whenever it switches).
 * The hypercall hook differs between CPUs (SVC on Armv7-R, HVC on Armv8-R): it is in the folder of the
 * board's CPU layer (armv7r/, armv8r/ hypercall-entry.c).
 * The image build provides the system tables (bh_port_system_tables, firmware/port/image-tables.ts)
 * and the pristine-image copy (bh_port_image_restore, one step of a cold restart).
 * Follows: bsp/README.md "Execution model" (hooks run to completion with IRQ masked; the exit path
 * restores bsp_context_current()).
 */
#include <stdint.h>

#include "bsp.h"
#include "common/exception_report.h"
#include "hypervisor.h"
#include "image_tables.h"
#include "port_cpu.h"
#include "tables.h"

/* Semihosting exit code when the tables are rejected. */
#define HV_EXIT_BAD_TABLES 70

/* The boot thread; it is never resumed once the first VM (or the idle thread) runs. */
static bh_context boot_context;

static void hv_on_tick(void) { hypervisor_hv_on_tick(); }

static void hv_on_device_irq(uint32_t irq_id, void *arg)
{
    (void)arg;
    hypervisor_hv_on_irq(irq_id);
}

void bsp_handle_irq(bh_context *ctx)
{
    (void)ctx;
    (void)bsp_irq_dispatch();
}

/* A fault of the hypervisor itself is a defect, never a guest's health event: reported on the console
 * and the system stopped (the BSP's report), rather than retried as if a guest had faulted. */
void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    if (port_cpu_from_hypervisor(ctx)) {
        bsp_report_unhandled("data abort in the hypervisor", ctx, fault->address);
    }
    hypervisor_hv_on_data_abort(fault->address, fault->status);
}

void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    if (port_cpu_from_hypervisor(ctx)) {
        bsp_report_unhandled("prefetch abort in the hypervisor", ctx, fault->address);
    }
    hypervisor_hv_on_prefetch_abort(fault->address, fault->status);
}

void bsp_handle_undefined(bh_context *ctx, uint32_t instruction)
{
    if (port_cpu_from_hypervisor(ctx)) {
        bsp_report_unhandled("undefined instruction in the hypervisor", ctx, instruction);
    }
    hypervisor_hv_on_undefined(ctx->pc, instruction);
}

int main(void)
{
    bsp_board_init();
    bsp_pmu_start();
    const struct tables_system_tables *tables = bh_port_system_tables();
    enum hypervisor_init_result result = hypervisor_hv_init();
    if (result != HYPERVISOR_INIT_RESULT_OK) {
        bsp_console_write("bulkhead: system tables rejected, code ");
        bsp_console_write_dec((uint32_t)result);
        bsp_console_write("\n");
        return HV_EXIT_BAD_TABLES;
    }
    for (uint32_t i = 0u; i < tables->irq_routes_len; i++) {
        (void)bsp_irq_register(tables->irq_routes[i].irq, hv_on_device_irq, (void *)0);
        (void)bsp_irq_enable(tables->irq_routes[i].irq);
    }
    bsp_mpu_enable(true);
    (void)bsp_tick_start(tables->tick_microseconds, hv_on_tick);
    (void)bsp_context_switch(&boot_context, (bh_context *)(void *)hypervisor_hv_current_context());
    return BSP_EXIT_FAILURE; /* not reached: the boot thread is never resumed */
}
