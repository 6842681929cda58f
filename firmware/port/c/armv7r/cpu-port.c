/*
 * The port layer's externs that depend on the ARMv7-R CPU (Cortex-R5F, bsp/armv7r/): the MPU block load
 * of PMSAv7 regions, the VFP state of a VM (VFPv3-D16: d0-d15 and FPSCR) and the one CP15 register
 * a guest at PL0 can write (TPIDRURW). The build compiles this folder for a board whose CPU layer is
 * bsp/armv7r/ (cli/build/system.ts).
 * Follows: ARM DDI 0406C B4.1.121 RGNR / B4.1.50-52 DRBAR, DRSR, DRACR (region block load),
 * B4.1.58 FPEXC and A8.8.344/A8.8.332 VSTM/VLDM, A8.8.350/A8.8.351 VMRS/VMSR (VFP state),
 * B4.1.150 TPIDRURW and A8.8.32 CLREX (guest state).
 */
#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"
#include "cpu.h"
#include "limits.h"
#include "port_cpu.h"
#include "vcpu_context.h"

/* FPEXC.EN (ARM DDI 0406C B6.1.39). */
#define PORT_FPEXC_EN (1u << 30)

/* The MPU needs nothing after a block load: the guest runs at PL0 against the regions just loaded. */
void port_cpu_mpu_block_loaded(void) {}

static void port_fpexc_write(uint32_t value)
{
    __asm__ volatile(".fpu vfpv3-d16\n\tvmsr fpexc, %0" : : "r"(value) : "memory");
}

static uint32_t port_fpexc_read(void)
{
    uint32_t value;
    __asm__ volatile(".fpu vfpv3-d16\n\tvmrs %0, fpexc" : "=r"(value));
    return value;
}

void bh_port_vfp_enable(bool enabled)
{
    uint32_t fpexc = port_fpexc_read();
    port_fpexc_write(enabled ? (fpexc | PORT_FPEXC_EN) : (fpexc & ~PORT_FPEXC_EN));
}

void bh_port_vfp_save(struct vcpu_context *ctx)
{
    bh_port_vfp_enable(true);
    uint32_t fpscr;
    __asm__ volatile(".fpu vfpv3-d16\n\tvstmia %1, {d0-d15}\n\tvmrs %0, fpscr"
                     : "=r"(fpscr)
                     : "r"(ctx->vfp)
                     : "memory");
    ctx->fpscr = fpscr;
}

void bh_port_vfp_restore(struct vcpu_context *ctx)
{
    bh_port_vfp_enable(true);
    __asm__ volatile(".fpu vfpv3-d16\n\tvldmia %0, {d0-d15}\n\tvmsr fpscr, %1"
                     :
                     : "r"(ctx->vfp), "r"(ctx->fpscr)
                     : "memory");
}

/* TPIDRURW, the one CP15 register PL0 may write, and CLREX. The VM whose TPIDRURW the CPU holds
 * (LIMITS_NO_VM between a save and the next restore), so a restart inside its own slot clears it. */
static uint32_t port_loaded_vm = LIMITS_NO_VM;

static void port_tpidrurw_write(uint32_t value)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2\n\tclrex" : : "r"(value) : "memory");
}

void bh_port_guest_state_save(uint32_t vm, struct vcpu_context *ctx)
{
    (void)vm;
    uint32_t value;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(value));
    ctx->tpidrurw = value;
    port_loaded_vm = LIMITS_NO_VM;
}

void bh_port_guest_state_restore(uint32_t vm, struct vcpu_context *ctx)
{
    port_tpidrurw_write(ctx->tpidrurw);
    port_loaded_vm = vm;
}

void bh_port_guest_state_reset(uint32_t vm)
{
    if (vm == port_loaded_vm) {
        port_tpidrurw_write(0u); /* the reset value the core also gives the saved copy */
    }
}
