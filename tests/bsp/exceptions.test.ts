// The CPU layer on QEMU, through probe images: main's return value is the exit code; VFP is on
// after reset; the weak
// bh_bounds_fail hook prints its line and exits 75; an unhandled undefined instruction is reported
// with its own address and encoding (exit 2); the SVC immediate is decoded from ARM (24-bit) and
// Thumb (8-bit) instructions; a USR instruction fetch outside every MPU region is a prefetch abort
// with IFAR and a background fault status; a USR write into a USR read-only region is a permission
// fault; USR registers survive interrupts; MPU region programming validates and reads back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { tools } from '../../cli/build/toolchain.ts';
import { runProbe } from './helpers/probe-image.ts';

function symbolAddress(elf: string, name: string): number {
  const out = execFileSync(tools.nm, [elf], { encoding: 'utf8' });
  const match = new RegExp(`^([0-9a-f]{8}) \\w ${name}$`, 'm').exec(out);
  assert.ok(match, `symbol ${name} not in ${elf}`);
  return parseInt(match[1], 16);
}

const hex8 = (value: number): string => value.toString(16).padStart(8, '0');

describe('bsp: exceptions, semihosting and MPU on QEMU', function () {
  this.timeout(120_000);
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-probe-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("exits with main's return value through semihosting", async () => {
    const run = await runProbe(scratch, 'exit-code', '#include "bsp.h"\nint main(void) { return 42; }\n');
    assert.equal(run.exitCode, 42);
  });

  it('enables VFP at reset: FPEXC.EN is set and VFP instructions execute', async () => {
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
    const run = await runProbe(scratch, 'vfp', source);
    assert.equal(run.exitCode, 0, run.output);
    // 3.75f = 0x40700000
    assert.match(run.output, /^vfp enabled 1\.5\+2\.25=0x40700000$/m);
  });

  it('bh_bounds_fail prints its line and exits with 75', async () => {
    const run = await runProbe(
      scratch,
      'bounds',
      '#include "bsp.h"\nint main(void) { bsp_board_init(); bh_bounds_fail(7u, 4u); }\n',
    );
    assert.equal(run.exitCode, 75);
    assert.match(run.output, /^bh: index out of bounds: index 7 length 4$/m);
  });

  it('reports an unhandled undefined instruction with its address and encoding', async () => {
    const source = `#include "bsp.h"
void probe_undefined(void);
__asm__(".arm\\n.global probe_undefined\\nprobe_undefined:\\n udf #0x1234\\n bx lr\\n");
int main(void) { bsp_board_init(); probe_undefined(); return 0; }
`;
    const run = await runProbe(scratch, 'undefined', source);
    assert.equal(run.exitCode, 2, run.output);
    const address = symbolAddress(run.image.elf, 'probe_undefined');
    // UDF #0x1234, ARM encoding A1: 0xE7F000F0 | imm12 << 8 | imm4
    const encoding = 0xe7f000f0 | (0x123 << 8) | 0x4;
    assert.match(
      run.output,
      new RegExp(
        `^bsp: unhandled undefined instruction pc=0x${hex8(address)} cpsr=0x[0-9a-f]{8} detail=0x${hex8(encoding >>> 0)}$`,
        'm',
      ),
    );
  });

  it('decodes the SVC immediate from ARM and Thumb code and returns to the caller', async () => {
    const source = `#include "bsp.h"
static uint32_t calls;
void bsp_handle_svc(bh_context *ctx, uint32_t imm)
{
    bsp_console_write((ctx->cpsr & PSR_T_BIT) != 0u ? "svc thumb imm=0x" : "svc arm imm=0x");
    bsp_console_write_hex(imm);
    bsp_console_write("\\n");
    ctx->r[0] = imm + 1u;
    calls++;
}
__attribute__((target("thumb"), noinline)) static uint32_t thumb_svc(void)
{
    register uint32_t r0 __asm__("r0") = 0u;
    __asm__ volatile("svc #0x17" : "+r"(r0) : : "memory");
    return r0;
}
__attribute__((noinline)) static uint32_t arm_svc(void)
{
    register uint32_t r0 __asm__("r0") = 0u;
    __asm__ volatile("svc #0xabcde" : "+r"(r0) : : "memory");
    return r0;
}
int main(void)
{
    bsp_board_init();
    uint32_t a = arm_svc();
    uint32_t t = thumb_svc();
    bsp_console_write(a == 0xabcdfu && t == 0x18u && calls == 2u ? "svc results ok\\n" : "svc results wrong\\n");
    return 0;
}
`;
    const run = await runProbe(scratch, 'svc-decode', source);
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /^svc arm imm=0xabcde$/m);
    assert.match(run.output, /^svc thumb imm=0x17$/m);
    assert.match(run.output, /^svc results ok$/m);
  });

  it('turns a USR fetch outside every region into a prefetch abort with IFAR and resumes the main thread', async () => {
    const source = `#include "bsp.h"
static bh_context main_ctx, usr_ctx;
void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    bsp_console_write("prefetch abort pc=0x");
    bsp_console_write_hex8(fault->pc);
    bsp_console_write(" ifar=0x");
    bsp_console_write_hex8(fault->address);
    bsp_console_write(" status=");
    bsp_console_write(bsp_fault_status_name(fault->fs));
    bsp_console_write((ctx->cpsr & PSR_MODE_MASK) == PSR_MODE_USR ? " from usr\\n" : " from elsewhere\\n");
    main_ctx.r[0] = 7u;
    bsp_context_set_current(&main_ctx);
}
int main(void)
{
    bsp_board_init();
    for (uint32_t r = 0u; r < bsp_mpu_region_count(); r++) (void)bsp_mpu_clear_region(r);
    bsp_mpu_enable(true);
    bsp_context_init(&usr_ctx, 0x00200000u, 0x00201000u, PSR_MODE_USR, 0u);
    uint32_t resumed = bsp_context_switch(&main_ctx, &usr_ctx);
    bsp_mpu_disable();
    bsp_console_write(resumed == 7u ? "main resumed\\n" : "main resumed wrongly\\n");
    return 0;
}
`;
    const run = await runProbe(scratch, 'prefetch', source);
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /^prefetch abort pc=0x00200000 ifar=0x00200000 status=background from usr$/m);
    assert.match(run.output, /^main resumed$/m);
  });

  it('reports a USR write into a read-only region as a permission fault', async () => {
    const source = String.raw`#include "bsp.h"
void probe_usr_store(void);
__asm__(".arm\n.global probe_usr_store\nprobe_usr_store:\n str r0, [r0]\n b probe_usr_store\n");
static bh_context main_ctx, usr_ctx;
static volatile uint32_t target_word = 5u;
void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault)
{
    bsp_console_write("data abort dfar=0x");
    bsp_console_write_hex8(fault->address);
    bsp_console_write(" dfsr=0x");
    bsp_console_write_hex8(fault->status);
    bsp_console_write(" status=");
    bsp_console_write(bsp_fault_status_name(fault->fs));
    bsp_console_write(fault->write ? " write" : " read");
    bsp_console_write((ctx->cpsr & PSR_MODE_MASK) == PSR_MODE_USR ? " from usr\n" : " from elsewhere\n");
    bsp_context_set_current(&main_ctx);
}
int main(void)
{
    bsp_board_init();
    for (uint32_t r = 0u; r < bsp_mpu_region_count(); r++) (void)bsp_mpu_clear_region(r);
    /* USR may read and execute the whole hypervisor area, not write it. */
    if (bsp_mpu_set_region(0u, 0x00000000u, 0x00100000u, BSP_MPU_USR_RX) != BSP_OK) return 3;
    bsp_mpu_enable(true);
    bsp_context_init(&usr_ctx, (uint32_t)(uintptr_t)&probe_usr_store, 0u, PSR_MODE_USR,
                     (uint32_t)(uintptr_t)&target_word);
    (void)bsp_context_switch(&main_ctx, &usr_ctx);
    bsp_mpu_disable();
    bsp_console_write("target 0x");
    bsp_console_write_hex8((uint32_t)(uintptr_t)&target_word);
    bsp_console_write(target_word == 5u ? " unchanged\n" : " changed\n");
    return 0;
}
`;
    const run = await runProbe(scratch, 'permission', source);
    assert.equal(run.exitCode, 0, run.output);
    const target = /^target 0x([0-9a-f]{8}) unchanged$/m.exec(run.output);
    assert.ok(target, run.output);
    // DFSR: FS = 0b01101 (permission), WnR (bit 11) set
    assert.match(
      run.output,
      new RegExp(`^data abort dfar=0x${target[1]} dfsr=0x0000080d status=permission write from usr$`, 'm'),
    );
  });

  it('preserves every USR register (r0-r12, sp, lr, flags) across timer interrupts', async () => {
    const source = String.raw`#include "bsp.h"
void probe_usr_spin(void);
uint32_t probe_counter = 60000u;
uint32_t probe_sp;
static uint64_t probe_stack[64];
__asm__(
    ".arm\n.global probe_usr_spin\nprobe_usr_spin:\n"
    " ldr r0, =probe_sp\n str sp, [r0]\n"
    " ldr r1, =0x11111111\n"
    " ldr r2, =0x22222222\n"
    " ldr r3, =0x33333333\n"
    " ldr r4, =0x44444444\n"
    " ldr r5, =0x55555555\n"
    " ldr r6, =0x66666666\n"
    " ldr r7, =0x77777777\n"
    " ldr r8, =0x88888888\n"
    " ldr r9, =0x99999999\n"
    " ldr r10, =0xaaaaaaaa\n"
    " ldr r11, =0xbbbbbbbb\n"
    " ldr r12, =0xcccccccc\n"
    " ldr lr, =0xeeeeeeee\n"
    "1:\n"
    " ldr r0, =0x11111111\n cmp r1, r0\n bne 9f\n"
    " ldr r0, =0x22222222\n cmp r2, r0\n bne 9f\n"
    " ldr r0, =0x33333333\n cmp r3, r0\n bne 9f\n"
    " ldr r0, =0x44444444\n cmp r4, r0\n bne 9f\n"
    " ldr r0, =0x55555555\n cmp r5, r0\n bne 9f\n"
    " ldr r0, =0x66666666\n cmp r6, r0\n bne 9f\n"
    " ldr r0, =0x77777777\n cmp r7, r0\n bne 9f\n"
    " ldr r0, =0x88888888\n cmp r8, r0\n bne 9f\n"
    " ldr r0, =0x99999999\n cmp r9, r0\n bne 9f\n"
    " ldr r0, =0xaaaaaaaa\n cmp r10, r0\n bne 9f\n"
    " ldr r0, =0xbbbbbbbb\n cmp r11, r0\n bne 9f\n"
    " ldr r0, =0xcccccccc\n cmp r12, r0\n bne 9f\n"
    " ldr r0, =0xeeeeeeee\n cmp lr, r0\n bne 9f\n"
    " ldr r0, =probe_sp\n ldr r0, [r0]\n cmp sp, r0\n bne 9f\n"
    " ldr r0, =probe_counter\n ldr r1, [r0]\n subs r1, r1, #1\n str r1, [r0]\n ldr r1, =0x11111111\n bne 1b\n"
    " mov r0, #1\n svc #1\n"
    "9: mov r0, #0\n svc #1\n"
    ".ltorg\n");
static volatile uint32_t ticks;
static bh_context main_ctx, usr_ctx;
static void on_tick(void) { ticks++; }
void bsp_handle_svc(bh_context *ctx, uint32_t imm)
{
    (void)imm;
    main_ctx.r[0] = ctx->r[0];
    bsp_context_set_current(&main_ctx);
}
int main(void)
{
    bsp_board_init();
    (void)bsp_tick_start(100u, on_tick);
    bsp_context_init(&usr_ctx, (uint32_t)(uintptr_t)&probe_usr_spin,
                     (uint32_t)(uintptr_t)&probe_stack[64], PSR_MODE_USR, 0u);
    uint32_t verdict = bsp_context_switch(&main_ctx, &usr_ctx);
    bsp_tick_stop();
    bsp_console_write(verdict == 1u ? "registers kept" : "registers changed");
    bsp_console_write(" ticks=");
    bsp_console_write_dec(ticks);
    bsp_console_write("\n");
    return 0;
}
`;
    const run = await runProbe(scratch, 'usr-irq-registers', source);
    assert.equal(run.exitCode, 0, run.output);
    const match = /^registers kept ticks=(\d+)$/m.exec(run.output);
    assert.ok(match, run.output);
    assert.ok(Number(match[1]) >= 20, `only ${match[1]} ticks interrupted the USR loop`);
  });

  it('validates MPU regions and reads back what it programmed', async () => {
    const source = `#include "bsp.h"
static void status(const char *what, bsp_status s)
{
    bsp_console_write(what);
    bsp_console_write("=");
    bsp_console_write(s == BSP_OK ? "ok" : s == BSP_ERR_SIZE ? "size" : s == BSP_ERR_ALIGNMENT ? "alignment" : "range");
    bsp_console_write("\\n");
}
int main(void)
{
    bsp_board_init();
    bsp_mpu_region_regs regs;
    status("size-not-pow2", bsp_mpu_encode_region(0x00100000u, 0x3000u, BSP_MPU_USR_RW, 0u, &regs));
    status("size-too-small", bsp_mpu_encode_region(0x00100000u, 16u, BSP_MPU_USR_RW, 0u, &regs));
    status("misaligned", bsp_mpu_encode_region(0x00101000u, 0x2000u, BSP_MPU_USR_RW, 0u, &regs));
    status("region-out-of-range", bsp_mpu_set_region(bsp_mpu_region_count(), 0x00100000u, 0x1000u, BSP_MPU_USR_RW));
    status("set", bsp_mpu_set_region(3u, 0x00100000u, 0x1000u, BSP_MPU_USR_RX));
    status("read", bsp_mpu_read_region(3u, &regs));
    bsp_console_write("drbar=0x"); bsp_console_write_hex8(regs.drbar);
    bsp_console_write(" drsr=0x"); bsp_console_write_hex8(regs.drsr);
    bsp_console_write(" dracr=0x"); bsp_console_write_hex8(regs.dracr);
    bsp_console_write("\\n");
    status("clear", bsp_mpu_clear_region(3u));
    (void)bsp_mpu_read_region(3u, &regs);
    bsp_console_write("cleared drsr=0x"); bsp_console_write_hex8(regs.drsr); bsp_console_write("\\n");
    return 0;
}
`;
    const run = await runProbe(scratch, 'mpu', source);
    assert.equal(run.exitCode, 0, run.output);
    for (const line of [
      'size-not-pow2=size',
      'size-too-small=size',
      'misaligned=alignment',
      'region-out-of-range=range',
      'set=ok',
      'read=ok',
      'clear=ok',
    ]) {
      assert.match(run.output, new RegExp(`^${line}$`, 'm'));
    }
    // 4 KiB: RSIZE = 11, enabled -> DRSR 0x17; USR_RX: AP=0b010, TEX=1 C=1 B=1 -> DRACR 0x20b
    assert.match(run.output, /^drbar=0x00100000 drsr=0x00000017 dracr=0x0000020b$/m);
    assert.match(run.output, /^cleared drsr=0x00000000$/m);
  });
});
