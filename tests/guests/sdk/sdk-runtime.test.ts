// The guest SDK at run time, in QEMU (realview-eb, Cortex-R5F, -icount): a guest built by
// cli/build/guest.ts for VM alpha (soft-float) and VM beta (hard-float) of systems/test-two-vms.ts is
// loaded from its ELF at its own addresses and run in USR mode under two MPU regions by a small BSP
// test host (tests/guests/fixtures/sdk-host) that serves the hypercalls it uses. The guest's lines
// prove crt0 (.data copied, .bss zeroed, VM index from r0), bh_printf's conversions, the typed
// wrappers' register ABI, the upcall entry glue and VirqReturn (with VFP registers kept on the FPU
// VM), that returning from main halts the VM through VmHalt, and that a warm restart re-initialises
// .data and .bss although memory is kept. The test guests `ping` and `intruder`
// run under the same host: ping's line per slot, and the intruder's two writes (another VM, then the
// hypervisor after a warm restart that keeps its `.noinit` attempt counter), each stopped by the MPU.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bspPart } from '../../../cli/build/bsp-sources.ts';
import { buildGuest } from '../../../cli/build/guest.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import { buildImage } from '../../../cli/build/image.ts';
import { privilegedCFlags } from '../../../cli/build/toolchain.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import testTwoVms from '../../../systems/test-two-vms.ts';
import { requireQemuForTests } from '../../e2e/helpers/require-qemu.ts';

const system: SystemDescription = testTwoVms;
const hex = (value: number): string => `0x${value.toString(16)}u`;

function runQemu(kernel: string, guestElf: string): Promise<{ code: number; output: string }> {
  const args = [
    '-M',
    'realview-eb',
    '-cpu',
    'cortex-r5f',
    '-m',
    '128M',
    '-nographic',
    '-audio',
    'none',
    '-semihosting-config',
    'enable=on,target=native',
    '-icount',
    'shift=0,sleep=off',
    '-kernel',
    kernel,
    '-device',
    `loader,file=${guestElf}`,
  ];
  return new Promise((resolve) => {
    execFile('qemu-system-arm', args, { timeout: 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, output: stdout + stderr });
    });
  });
}

describe('guest SDK at run time (QEMU)', function () {
  this.timeout(180_000);
  let outRoot: string;

  before(() => {
    requireQemuForTests();
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-sdk-runtime-'));
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  /** Builds `image` for VM `vmName` and the test host for that VM, and runs both in QEMU. */
  async function runGuest(
    vmName: string,
    image: string,
    label: string,
    options: { defines?: Record<string, string>; hostDefines?: Record<string, string> } = {},
  ): Promise<{ code: number; output: string; lines: string[] }> {
    const vmIndex = system.vms.findIndex((v) => v.name === vmName);
    const vm = system.vms[vmIndex];
    const dir = join(outRoot, label);
    const guest = await buildGuest(validatedSystem(system), vmName, {
      image,
      defines: options.defines ?? {},
      outRoot: dir,
    });
    const code = vm.memory.find((a) => a.name === 'code')!;
    const data = vm.memory.find((a) => a.name === 'data')!;
    const bsp = bspPart('realview-eb');
    const host = await buildImage(
      {
        name: `sdk-host-${label}`,
        sources: [...bsp.sources, 'tests/guests/fixtures/sdk-host/main.c'],
        includeDirs: bsp.includeDirs,
        defines: {
          GUEST_ENTRY: hex(vm.entry),
          GUEST_STACK_TOP: hex(vm.stackTop),
          GUEST_VM_INDEX: `${vmIndex}u`,
          GUEST_CODE_BASE: hex(code.base),
          GUEST_CODE_SIZE: hex(code.size),
          GUEST_DATA_BASE: hex(data.base),
          GUEST_DATA_SIZE: hex(data.size),
          ...options.hostDefines,
        },
        extraCFlags: privilegedCFlags,
        linkerScript: bsp.linkerScript,
        linkerSearchDirs: [...bsp.linkerSearchDirs, 'tests/guests/fixtures/sdk-host'],
      },
      join(dir, 'host'),
    );
    const run = await runQemu(host.elf, guest.elf);
    if (process.env.SHOW_QEMU) console.log(run.output);
    return { ...run, lines: run.output.split(/\r?\n/).filter((l) => l.length > 0) };
  }

  for (const [vmIndex, vmName] of [
    [0, 'alpha'],
    [1, 'beta'],
  ] as const) {
    const vm = system.vms[vmIndex];
    it(`runs the SDK exercise guest on ${vmName} (${vm.usesFpu ? 'hard' : 'soft'}-float)`, async () => {
      const run = await runGuest(vmName, '../tests/guests/fixtures/sdk-exercise', `exercise-${vmName}`);
      const expected = [
        'host: starting guest',
        `crt0: data 0x12345678 bss 0 vm ${vmIndex}`,
        'printf: [-42] [7] [4000000000] [beef] [BEEF] [0000001a] [   42] [str] [Z] [%] [(null)]',
        `version: OK 0x00010000 vm ${vmIndex} count 1`,
        'time: ticks 1 tick_us 1000',
        'handler: virq 0',
        'upcall: 1 virq 0 result OK order ok',
        ...(vm.usesFpu ? ['vfp: kept'] : []),
        'return outside upcall: NOT_IN_UPCALL',
        /^host: guest halted after \d+ hypercalls$/,
      ];
      const got = run.lines.filter((l) =>
        /^(host|crt0|printf|version|time|handler|upcall|vfp|return)\b/.test(l),
      );
      assert.equal(got.length, expected.length, `output:\n${run.output}`);
      expected.forEach((line, i) => {
        if (typeof line === 'string') assert.equal(got[i], line, `line ${i}\n${run.output}`);
        else assert.match(got[i], line, `line ${i}\n${run.output}`);
      });
      assert.equal(run.code, 0, run.output);
    });
  }

  it('a warm restart (memory kept) starts the guest again from the initial .data and a zeroed .bss', async () => {
    const run = await runGuest('alpha', '../tests/guests/fixtures/sdk-exercise', 'warm-restart', {
      hostDefines: { HOST_HALT_RESTARTS: '1u' },
    });
    const crt0 = run.lines.filter((l) => l.startsWith('crt0:') || l.startsWith('host:'));
    assert.deepEqual(crt0.slice(0, 4), [
      'host: starting guest',
      'crt0: data 0x12345678 bss 0 vm 0',
      'host: warm restart',
      'crt0: data 0x12345678 bss 0 vm 0',
    ]);
    assert.match(crt0[4], /^host: guest halted after \d+ hypercalls$/);
    assert.equal(run.code, 0);
  });

  it('ping prints one numbered line per slot and yields', async () => {
    const run = await runGuest('alpha', 'test/ping', 'ping', { hostDefines: { HOST_YIELD_LIMIT: '3u' } });
    assert.deepEqual(run.lines, [
      'host: starting guest',
      'ping 0 tick 1',
      'ping 1 tick 2',
      'ping 2 tick 3',
      'host: yield limit',
    ]);
    assert.equal(run.code, 0);
  });

  it('intruder writes the other VM, then after a warm restart the hypervisor, and is stopped each time', async () => {
    const betaData = system.vms[1].memory.find((a) => a.name === 'data')!.base;
    const run = await runGuest('alpha', 'test/intruder', 'intruder', {
      defines: { BH_INTRUDER_TARGET: 'BH_VM_BETA_AREA_DATA_BASE' },
      hostDefines: { HOST_ABORT_LIMIT: '2u' },
    });
    const target = betaData.toString(16).padStart(8, '0');
    assert.deepEqual(run.lines, [
      'host: starting guest',
      `intruder: attempt 0 writes 0x${target} (other vm)`,
      `host: data abort address 0x${target} write background`,
      'intruder: attempt 1 writes 0x00000100 (hypervisor)',
      'host: data abort address 0x00000100 write background',
    ]);
    assert.equal(run.code, 0);
  });
});
