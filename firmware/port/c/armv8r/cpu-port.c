/*
 * The port layer's externs that depend on the Armv8-R CPU (Cortex-R52 at EL2, bsp/armv8r/): the EL2 MPU
 * block load of PMSAv8-32 regions (HPRBAR, HPRLAR per region) and the VFP state of a VM (Advanced SIMD
 * and floating point with 32 doubleword registers: d0-d31 and FPSCR); a VM that does not use the VFP
 * has its accesses trapped to EL2 (HCPTR), since a guest at EL1 could set FPEXC.EN itself. The EL1
 * state of a VM is in guest-state.c. The build compiles this folder for a board whose CPU layer is
 * bsp/armv8r/ (cli/build/system.ts).
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: HPRSELR, HPRBAR, HPRLAR; HCPTR.TCP10/TCP11/TASE
 * trap EL1/EL0 accesses to the FPU and Advanced SIMD), ARM DDI 0487 part G (AArch32 FPEXC, FPSCR,
 * VSTM/VLDM, VMRS/VMSR; DCCIMVAC and ICIALLU cache maintenance), Cortex-R52 TRM (ARM 100026) 1.1 (the
 * FPU's 32 doubleword registers).
 */
#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"
#include "cpu.h"
#include "port_cpu.h"
#include "vcpu_context.h"

/* FPEXC.EN. */
#define PORT_FPEXC_EN (1u << 30)
/* Words of d0-d15, the first half of the VFP block (d16-d31 follow). */
#define PORT_VFP_HALF_WORDS 32u

/* EL1 and EL0 accesses are checked against the EL2 MPU (HCR.VM) from the first block load on: before
 * it no guest has run. */
static bool port_guests_confined;

void port_cpu_mpu_block_loaded(void)
{
    if (!port_guests_confined) {
        bsp_mpu_check_guests(true);
        port_guests_confined = true;
    }
}

uint32_t port_cpu_code_write_begin(void)
{
    uint32_t saved = bsp_irq_save_cpu();
    port_mpu_block_unload();
    return saved;
}

/* Data cache line of the Cortex-R52 (TRM 100026, "Level 1 memory system": 64-byte lines). */
#define PORT_CACHE_LINE_BYTES 64u

void port_cpu_code_write_end(uint32_t saved, uint32_t address, uint32_t length)
{
    uint32_t line = address & ~(PORT_CACHE_LINE_BYTES - 1u);
    uint32_t end = address + length;
    bh_dsb();
    for (; line < end; line += PORT_CACHE_LINE_BYTES) {
        __asm__ volatile("mcr p15, 0, %0, c7, c14, 1" : : "r"(line) : "memory"); /* DCCIMVAC */
    }
    bh_dsb();
    __asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0u) : "memory"); /* ICIALLU */
    bh_dsb();
    bh_isb();
    port_mpu_block_reload();
    bsp_irq_restore_cpu(saved);
}

static void port_fpexc_write(uint32_t value)
{
    __asm__ volatile(".fpu neon-fp-armv8\n\tvmsr fpexc, %0" : : "r"(value) : "memory");
}

static uint32_t port_fpexc_read(void)
{
    uint32_t value;
    __asm__ volatile(".fpu neon-fp-armv8\n\tvmrs %0, fpexc" : "=r"(value));
    return value;
}

void bh_port_vfp_enable(bool enabled)
{
    uint32_t hcptr = cp15_read_hcptr();
    if (enabled) {
        cp15_write_hcptr(hcptr & ~HCPTR_VFP);
        bh_isb();
        port_fpexc_write(port_fpexc_read() | PORT_FPEXC_EN);
    } else {
        /* Trapped at EL2 whatever FPEXC the guest writes; the hypervisor's C uses no VFP registers
         * (-mgeneral-regs-only), only the save and restore above, which enable it first. */
        cp15_write_hcptr(hcptr | HCPTR_VFP);
        bh_isb();
    }
}

void bh_port_vfp_save(struct vcpu_context *ctx)
{
    bh_port_vfp_enable(true);
    uint32_t fpscr;
    __asm__ volatile(".fpu neon-fp-armv8\n\tvstmia %1, {d0-d15}\n\tvstmia %2, {d16-d31}\n\tvmrs %0, fpscr"
                     : "=r"(fpscr)
                     : "r"(ctx->vfp), "r"(&ctx->vfp[PORT_VFP_HALF_WORDS])
                     : "memory");
    ctx->fpscr = fpscr;
}

void bh_port_vfp_restore(struct vcpu_context *ctx)
{
    bh_port_vfp_enable(true);
    __asm__ volatile(".fpu neon-fp-armv8\n\tvldmia %0, {d0-d15}\n\tvldmia %1, {d16-d31}\n\tvmsr fpscr, %2"
                     :
                     : "r"(ctx->vfp), "r"(&ctx->vfp[PORT_VFP_HALF_WORDS]), "r"(ctx->fpscr)
                     : "memory");
}
