/*
 * The port layer's externs that depend on the Armv8-R CPU (Cortex-R52 at EL2, bsp/armv8r/): the EL2 MPU
 * block load of PMSAv8-32 regions (HPRBAR, HPRLAR per region), the VFP state of a VM (Advanced SIMD
 * and floating point with 32 doubleword registers: d0-d31 and FPSCR) and the thread-ID registers a
 * guest at EL1 can write (TPIDRURW, TPIDRURO, TPIDRPRW). The build compiles this folder for a board
 * whose CPU layer is bsp/armv8r/ (cli/build/system.ts).
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: HPRSELR, HPRBAR, HPRLAR; EL1 may write TPIDRURO
 * and TPIDRPRW), ARM DDI 0487 part G (AArch32 FPEXC, FPSCR, VSTM/VLDM, VMRS/VMSR; TPIDRURW, TPIDRURO,
 * TPIDRPRW in CP15 c13), Cortex-R52 TRM (ARM 100026) 1.1 (the FPU's 32 doubleword registers).
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
    uint32_t fpexc = port_fpexc_read();
    port_fpexc_write(enabled ? (fpexc | PORT_FPEXC_EN) : (fpexc & ~PORT_FPEXC_EN));
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

/* The thread-ID registers a guest at EL1 can write (TPIDRURW, TPIDRURO, TPIDRPRW), and CLREX. */
void bh_port_user_state_save(struct vcpu_context *ctx)
{
    uint32_t urw;
    uint32_t uro;
    uint32_t prw;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2\n\t"
                     "mrc p15, 0, %1, c13, c0, 3\n\t"
                     "mrc p15, 0, %2, c13, c0, 4"
                     : "=r"(urw), "=r"(uro), "=r"(prw));
    ctx->tpidrurw = urw;
    ctx->tpidruro = uro;
    ctx->tpidrprw = prw;
}

void bh_port_user_state_restore(struct vcpu_context *ctx)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2\n\t"
                     "mcr p15, 0, %1, c13, c0, 3\n\t"
                     "mcr p15, 0, %2, c13, c0, 4\n\t"
                     "clrex"
                     :
                     : "r"(ctx->tpidrurw), "r"(ctx->tpidruro), "r"(ctx->tpidrprw)
                     : "memory");
}
