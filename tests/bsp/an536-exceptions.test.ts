// The Armv8-R EL2 CPU layer on QEMU mps3-an536, through probe images: main's return value is the exit
// code; VFP is on after reset; the weak bh_bounds_fail hook prints its line and exits 75; an undefined
// instruction in Hyp mode is reported with its address and encoding (exit 2); HVC from EL1 in ARM and
// Thumb state reaches bsp_handle_hvc with its 16-bit immediate and returns after the instruction; a WFI
// trapped from EL1 (HCR.TWI) reaches bsp_handle_trap with its syndrome; an EL1 fetch outside every EL2
// MPU region is a prefetch abort at EL2 with HIFAR; the EL2 MPU calls validate their arguments and read
// back what they programmed, one region or a block.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runProbe, type ProbeRun } from './helpers/probe-image.ts';

const board = 'mps3-an536';

describe('bsp: Armv8-R EL2 exceptions, semihosting and MPU on QEMU mps3-an536', function () {
  this.timeout(120_000);
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-an536-probe-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const probe = (name: string, source: string): Promise<ProbeRun> => runProbe(scratch, name, source, board);

  it("exits with main's return value through semihosting at EL2", async () => {
    const run = await probe('exit-code', '#include "bsp.h"\nint main(void) { return 42; }\n');
    assert.equal(run.exitCode, 42);
  });

  it('enables VFP at reset (HCPTR, CPACR, FPEXC) and VFP instructions execute in Hyp mode', async () => {
    const source = String.raw`#include "bsp.h"
static uint32_t vfp_add_bits(uint32_t a, uint32_t b)
{
    uint32_t sum;
    __asm__ volatile(".fpu vfpv3-d16\n vmov s0, %1\n vmov s1, %2\n vadd.f32 s2, s0, s1\n vmov %0, s2\n"
                     : "=r"(sum) : "r"(a), "r"(b) : "s0", "s1", "s2");
    return sum;
}
int main(void)
{
    bsp_board_init();
    bsp_console_write(bsp_vfp_enabled() ? "vfp enabled" : "vfp disabled");
    bsp_console_write(" 1.5+2.25=0x");
    bsp_console_write_hex8(vfp_add_bits(0x3fc00000u, 0x40100000u));
    bsp_console_write("\n");
    return 0;
}
`;
    const run = await probe('vfp', source);
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /^vfp enabled 1\.5\+2\.25=0x40700000$/m);
  });

  it('bh_bounds_fail prints its line and exits with 75', async () => {
    const run = await probe(
      'bounds',
      '#include "bsp.h"\nint main(void) { bsp_board_init(); bh_bounds_fail(7u, 4u); }\n',
    );
    assert.equal(run.exitCode, 75);
    assert.match(run.output, /^bh: index out of bounds: index 7 length 4$/m);
  });

  it('reports an undefined instruction in Hyp mode with its address and encoding', async () => {
    const source = String.raw`#include "bsp.h"
void probe_undefined(void);
__asm__(".arm\n.global probe_undefined\nprobe_undefined:\n.word 0xe7f000f0\nbx lr\n");
int main(void) { bsp_board_init(); probe_undefined(); return 0; }
`;
    const run = await probe('undefined', source);
    assert.equal(run.exitCode, 2, run.output);
    assert.match(
      run.output,
      /^bsp: unhandled undefined instruction pc=0x[0-9a-f]{8} cpsr=0x[0-9a-f]{7}a detail=0xe7f000f0$/m,
    );
  });

  it('returns HVCs from EL1 in ARM and Thumb state with the immediate decoded, and reports a trapped WFI', async () => {
    const source = String.raw`#include "bsp.h"
void probe_el1(uint32_t argument);
__asm__(".arm\n.global probe_el1\nprobe_el1:\n"
        "hvc #0x1234\n"           /* r0 |= imm */
        "mov r4, r0\n"
        "adr r1, 1f + 1\nbx r1\n"
        ".thumb\n1: hvc #0xbeef\n"  /* Thumb encoding */
        "adr r1, 2f\nbx r1\n"
        ".arm\n.balign 4\n2: wfi\n"  /* trapped to EL2 by HCR.TWI */
        "3: b 3b\n");
static bh_context main_ctx;
static bh_context el1_ctx;
static uint32_t el1_stack[64];
static uint32_t imms[2];
static uint32_t thumb_seen;
static uint32_t hvcs;
void bsp_handle_hvc(bh_context *ctx, uint32_t imm)
{
    if (hvcs < 2u) {
        imms[hvcs] = imm;
    }
    hvcs++;
    thumb_seen |= (ctx->cpsr & PSR_T_BIT) != 0u ? hvcs : 0u;
    ctx->r[0] |= imm;
}
void bsp_handle_trap(bh_context *ctx, uint32_t hsr)
{
    bsp_console_write("trap hsr=0x");
    bsp_console_write_hex8(hsr);
    bsp_console_write(" r4=0x");
    bsp_console_write_hex8(ctx->r[4]);
    bsp_console_write(" mode=0x");
    bsp_console_write_hex(ctx->cpsr & PSR_MODE_MASK);
    bsp_console_write("\n");
    main_ctx.r[0] = 9u;
    bsp_context_set_current(&main_ctx);
}
int main(void)
{
    bsp_board_init();
    cp15_write_hcr(cp15_read_hcr() | HCR_TWI);
    bsp_context_init(&el1_ctx, (uint32_t)(uintptr_t)&probe_el1, (uint32_t)(uintptr_t)&el1_stack[64],
                     PSR_MODE_SVC, 0x50000000u);
    uint32_t back = bsp_context_switch(&main_ctx, &el1_ctx);
    bsp_console_write("hvc imm=0x");
    bsp_console_write_hex(imms[0]);
    bsp_console_write(",0x");
    bsp_console_write_hex(imms[1]);
    bsp_console_write(" thumb=");
    bsp_console_write_dec(thumb_seen);
    bsp_console_write(" back=");
    bsp_console_write_dec(back);
    bsp_console_write("\n");
    return 0;
}
`;
    const run = await probe('hvc', source);
    assert.equal(run.exitCode, 0, run.output);
    // WFI trapped: EC 0x01, IL (32-bit), CV with condition AL, TI = 0 (WFI); r4 holds the first HVC's
    // result, so the EL1 registers came back after each HVC.
    assert.match(run.output, /^trap hsr=0x07e00000 r4=0x50001234 mode=0x13$/m);
    assert.match(run.output, /^hvc imm=0x1234,0xbeef thumb=2 back=9$/m);
  });

  it('turns an EL1 fetch outside every EL2 MPU region into a prefetch abort with HIFAR', async () => {
    const source = String.raw`#include "bsp.h"
#include "board_map.h"
static bh_context main_ctx;
static bh_context el1_ctx;
void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    bsp_console_write("prefetch abort pc=0x");
    bsp_console_write_hex8(fault->pc);
    bsp_console_write(" hifar=0x");
    bsp_console_write_hex8(fault->address);
    bsp_console_write(" ec=0x");
    bsp_console_write_hex(fault->status >> 26);
    bsp_console_write(" status=");
    bsp_console_write(bsp_fault_status_name(fault->fs));
    bsp_console_write(" mode=0x");
    bsp_console_write_hex(ctx->cpsr & PSR_MODE_MASK);
    bsp_console_write("\n");
    main_ctx.r[0] = 5u;
    bsp_context_set_current(&main_ctx);
}
int main(void)
{
    bsp_board_init();
    for (uint32_t region = 0u; region < bsp_mpu_region_count(); region++) {
        (void)bsp_mpu_clear_region(region);
    }
    bsp_mpu_enable(true);
    bsp_mpu_check_guests(true);
    bsp_context_init(&el1_ctx, BOARD_PARTITION_RAM_BASE + 0x100000u, BOARD_PARTITION_RAM_BASE + 0x101000u,
                     PSR_MODE_SYS, 0u);
    uint32_t back = bsp_context_switch(&main_ctx, &el1_ctx);
    bsp_mpu_check_guests(false);
    bsp_mpu_disable();
    bsp_console_write("back=");
    bsp_console_write_dec(back);
    bsp_console_write("\n");
    return 0;
}
`;
    const run = await probe('prefetch', source);
    assert.equal(run.exitCode, 0, run.output);
    const match =
      /^prefetch abort pc=0x([0-9a-f]{8}) hifar=0x([0-9a-f]{8}) ec=0x20 status=(\w+) mode=0x1f$/m.exec(
        run.output,
      );
    assert.ok(match, run.output);
    assert.equal(match[1], match[2], 'HIFAR is not the fetched address');
    assert.equal(parseInt(match[1], 16), 0x2020_0000);
    assert.match(match[3], /^(background|permission)$/);
    assert.match(run.output, /^back=5$/m);
  });

  it('validates EL2 MPU regions and reads back what it programmed, one region or a block', async () => {
    const source = String.raw`#include "bsp.h"
static void show(const char *what, uint32_t value)
{
    bsp_console_write(what);
    bsp_console_write("=");
    bsp_console_write_hex8(value);
    bsp_console_write("\n");
}
int main(void)
{
    bsp_mpu_region_regs regs;
    bsp_board_init();
    show("zero", (uint32_t)bsp_mpu_encode_region(0x20100000u, 0u, BSP_MPU_GUEST_RW, &regs));
    show("size", (uint32_t)bsp_mpu_encode_region(0x20100000u, 100u, BSP_MPU_GUEST_RW, &regs));
    show("align", (uint32_t)bsp_mpu_encode_region(0x20100020u, 0x40u, BSP_MPU_GUEST_RW, &regs));
    show("wrap", (uint32_t)bsp_mpu_encode_region(0xFFFFFFC0u, 0x80u, BSP_MPU_GUEST_RW, &regs));
    show("attrs", (uint32_t)bsp_mpu_encode_region(0x20100000u, 0x40u, 0x80000000u, &regs));
    show("region", (uint32_t)bsp_mpu_set_region(bsp_mpu_region_count(), 0x20100000u, 0x40u, BSP_MPU_GUEST_RW));
    show("set", (uint32_t)bsp_mpu_set_region(3u, 0x20100040u, 0x3000u, BSP_MPU_GUEST_RX));
    (void)bsp_mpu_read_region(3u, &regs);
    show("prbar", regs.prbar);
    show("prlar", regs.prlar);
    const uint32_t block[4] = {0x20200000u | 0x3u, 0x20200fc0u | 0x1u, 0x20300000u | 0x1u, 0x20300fc0u | 0x3u};
    (void)bsp_mpu_set_region(2u, 0x20400000u, 0x40u, BSP_MPU_HYP_RW);
    bsp_mpu_load_block(block, 2u, 4u);
    (void)bsp_mpu_read_region(1u, &regs);
    show("block1", regs.prlar);
    (void)bsp_mpu_read_region(2u, &regs);
    show("cleared2", regs.prlar & PRLAR_EN);
    (void)bsp_mpu_read_region(3u, &regs);
    show("cleared3", regs.prlar & PRLAR_EN);
    return 0;
}
`;
    const run = await probe('mpu', source);
    assert.equal(run.exitCode, 0, run.output);
    const values = Object.fromEntries(
      [...run.output.matchAll(/^(\w+)=([0-9a-f]{8})$/gm)].map((m) => [m[1], parseInt(m[2], 16) | 0]),
    );
    assert.equal(values.zero, -3, 'size 0 is BSP_ERR_SIZE');
    assert.equal(values.size, -3, 'a size that is not a multiple of 64 is BSP_ERR_SIZE');
    assert.equal(values.align, -2, 'a base off 64 bytes is BSP_ERR_ALIGNMENT');
    assert.equal(values.wrap, -1, 'a region past 4 GiB is BSP_ERR_RANGE');
    assert.equal(values.attrs, -1, 'unknown attribute bits are BSP_ERR_RANGE');
    assert.equal(values.region, -1, 'a region number past HMPUIR is BSP_ERR_RANGE');
    assert.equal(values.set, 0);
    // Base 0x20100040, AP = 0b11 (RO at every EL), executable; limit 0x2010303F, AttrIndx 0, enabled.
    assert.equal(values.prbar >>> 0, 0x2010_0046);
    assert.equal(values.prlar >>> 0, 0x2010_3001);
    assert.equal(values.block1 >>> 0, 0x2030_0fc3);
    assert.equal(values.cleared2, 0);
    assert.equal(values.cleared3, 0);
  });
});
