// The guest SDK at run time, in QEMU (realview-eb, Cortex-R5F, -icount): a guest built by
// cli/build/guest.ts for VM alpha (soft-float) and VM beta (hard-float) of systems/test-two-vms.ts is
// loaded from its ELF at its own addresses and run in USR mode under two MPU regions by a small BSP
// test host (tests/guests/fixtures/sdk-host) that serves the hypercalls it uses. The guest's lines
// prove crt0 (.data copied, .bss zeroed, VM index from r0), bh_printf's conversions, the typed
// wrappers' register ABI, the upcall entry glue and VirqReturn (with VFP registers kept on the FPU
// VM), and that returning from main halts the VM through VmHalt.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bspPart } from '../../cli/build/bsp-sources.ts';
import { buildGuest } from '../../cli/build/guest.ts';
import { buildImage } from '../../cli/build/image.ts';
import { privilegedCFlags } from '../../cli/build/toolchain.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import testTwoVms from '../../systems/test-two-vms.ts';
import { requireQemuForTests } from '../e2e/helpers/require-qemu.ts';

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
    execFile(
      'qemu-system-arm',
      args,
      { env: { ...process.env, QEMU_AUDIO_DRV: 'none' }, timeout: 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, output: stdout + stderr });
      },
    );
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

  for (const [vmIndex, vmName] of [
    [0, 'alpha'],
    [1, 'beta'],
  ] as const) {
    const vm = system.vms[vmIndex]!;
    it(`runs the SDK exercise guest on ${vmName} (${vm.usesFpu ? 'hard' : 'soft'}-float)`, async () => {
      const guest = await buildGuest(system, vmName, {
        image: '../tests/guests/fixtures/sdk-exercise',
        outRoot: join(outRoot, vmName),
      });
      const code = vm.memory.find((a) => a.name === 'code')!;
      const data = vm.memory.find((a) => a.name === 'data')!;
      const bsp = bspPart('realview-eb');
      const host = await buildImage(
        {
          name: `sdk-host-${vmName}`,
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
          },
          extraCFlags: privilegedCFlags,
          linkerScript: bsp.linkerScript,
          linkerSearchDirs: ['tests/guests/fixtures/sdk-host'],
        },
        join(outRoot, vmName, 'host'),
      );
      const run = await runQemu(host.elf, guest.elf);
      const lines = run.output.split(/\r?\n/);
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
      const got = lines.filter((l) => /^(host|crt0|printf|version|time|handler|upcall|vfp|return)\b/.test(l));
      assert.equal(got.length, expected.length, `output:\n${run.output}`);
      expected.forEach((line, i) => {
        if (typeof line === 'string') assert.equal(got[i], line, `line ${i}\n${run.output}`);
        else assert.match(got[i]!, line, `line ${i}\n${run.output}`);
      });
      assert.equal(run.code, 0, run.output);
      if (process.env.SHOW_QEMU) console.log(run.output);
    });
  }
});
