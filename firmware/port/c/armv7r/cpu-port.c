/*
 * The port layer's externs that depend on the ARMv7-R CPU (Cortex-R5F, bsp/armv7r/): the MPU block load
 * of PMSAv7 regions, the VFP state of a VM (VFPv3-D16: d0-d15 and FPSCR) and the one CP15 register
 * a guest at PL0 can write (TPIDRURW). The build compiles this folder for a board whose CPU layer is
 * bsp/armv7r/ (cli/build/system.ts).
 * Follows: ARM DDI 0406C B4.1.121 RGNR / B4.1.50-52 DRBAR, DRSR, DRACR (region block load),
 * B4.1.58 FPEXC and A8.8.344/A8.8.332 VSTM/VLDM, A8.8.350/A8.8.351 VMRS/VMSR (VFP state),
 * B4.1.150 TPIDRURW and A8.8.32 CLREX (user state).
 */
#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"
#include "cpu.h"
#include "mpu.h"
#include "vcpu_context.h"

/* Words per MPU region in a block: DRBAR, DRSR, DRACR. */
#define PORT_MPU_WORDS_PER_REGION 3u
/* FPEXC.EN (ARM DDI 0406C B6.1.39). */
#define PORT_FPEXC_EN (1u << 30)

/* Regions the last block load left enabled: the next load disables only those beyond its own count.
 * UINT32_MAX until the first load, which clears every region the MPU has. */
static uint32_t port_mpu_loaded = UINT32_MAX;

/* Loads `count` regions of `words_per_region` words each. A block in another layout than this CPU's
 * (DRBAR, DRSR, DRACR) loads no region: the guest then has no access at all. */
void bh_port_mpu_load_regions(uint32_t *words, uint32_t words_len, uint32_t words_per_region, uint32_t count)
{
    uint32_t regions = bsp_mpu_region_count();
    if (port_mpu_loaded > regions) {
        port_mpu_loaded = regions;
    }
    uint32_t load = count;
    if (load > regions) {
        load = regions;
    }
    if (words_per_region != PORT_MPU_WORDS_PER_REGION) {
        load = 0u;
    }
    if (load * PORT_MPU_WORDS_PER_REGION > words_len) {
        load = words_len / PORT_MPU_WORDS_PER_REGION;
    }
    bsp_mpu_load_block(words, load, port_mpu_loaded);
    port_mpu_loaded = load;
}

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

/* TPIDRURW, the one CP15 register PL0 may write, and CLREX. */
void bh_port_user_state_save(struct vcpu_context *ctx)
{
    uint32_t value;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(value));
    ctx->tpidrurw = value;
}

void bh_port_user_state_restore(struct vcpu_context *ctx)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2\n\tclrex" : : "r"(ctx->tpidrurw) : "memory");
}
