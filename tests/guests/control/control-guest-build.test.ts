// Control guest build (guests/control/) for the `control` VM of systems/demo.ts: compiles with the
// SDK's -Werror flags and hard-float VFPv3-D16; the ELF lies inside the VM's areas and starts at its
// entry; the control law really uses the FPU; every svc is an assigned hypercall; the UART2 address
// compiled in is the board's PL011 UART2; cppcheck reports nothing in the guest's sources.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';
import { buildGuest, type BuiltGuest } from '../../../cli/build/guest.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import { HYPERCALL_COUNT } from '../../../firmware/core/hypercall-numbers.ts';
import { findDevice, getBoard } from '../../../firmware/config/boards.ts';
import demo from '../../../systems/demo.ts';
import {
  allocatedSections,
  disassemble,
  entryPoint,
  floatAbi,
  svcImmediatesByFunction,
} from '../helpers/elf-tools.ts';
import { runCppcheck } from '../../support/cppcheck.ts';

/** PL011 UART2 of the demo's board (bsp/realview-eb/board.ts). */
const REALVIEW_UART2_BASE = findDevice(getBoard(demo.board), 'uart2')!.base;

describe('control guest build for systems/demo.ts', function () {
  this.timeout(120_000);
  let outRoot: string;
  let guest: BuiltGuest;
  let disassembly: string;
  const vm = demo.vms.find((v) => v.name === 'control')!;

  before(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-control-guest-'));
    guest = await buildGuest(validatedSystem(demo), 'control', { outRoot });
    disassembly = disassemble(guest.elf);
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it('builds with -Werror, hard-float, at the VM entry and inside its areas', () => {
    assert.equal(guest.image, 'control');
    assert.equal(guest.usesFpu, true);
    assert.equal(floatAbi(guest.elf), 'hard');
    assert.equal(entryPoint(guest.elf), vm.entry);
    for (const section of allocatedSections(guest.elf)) {
      if (section.size === 0) continue;
      const inArea = vm.memory.some(
        (a) => section.address >= a.base && section.address + section.size <= a.base + a.size,
      );
      assert.ok(
        inArea,
        `section ${section.name} at 0x${section.address.toString(16)} (+${section.size}) is outside the control VM`,
      );
    }
  });

  it('runs the control law on the FPU and issues only assigned hypercalls', () => {
    const controllerStep = /<controller_step>:\n([\s\S]*?)\n\n/.exec(disassembly);
    assert.ok(controllerStep !== null, 'controller_step is in the image');
    assert.match(controllerStep[1], /\tv(add|sub|mul)\.f32\t/);
    for (const [fn, immediates] of svcImmediatesByFunction(disassembly)) {
      for (const n of immediates)
        assert.ok(n < HYPERCALL_COUNT, `${fn} issues svc #${n}, not an assigned hypercall`);
    }
    const used = new Set([...svcImmediatesByFunction(disassembly).values()].flat());
    assert.ok(used.size >= 6, `hypercalls used: ${[...used].join(', ')}`);
  });

  it("talks to the board's PL011 UART2 through the generated device address", () => {
    const header = spawnSync(
      'grep',
      ['-h', 'BH_DEVICE_UART2_BASE', join(guest.genDir, 'bulkhead_system.h')],
      { encoding: 'utf8' },
    );
    const m = /BH_DEVICE_UART2_BASE\s+0x([0-9a-fA-F]+)/.exec(header.stdout);
    assert.ok(m !== null, header.stdout);
    assert.equal(parseInt(m[1], 16), REALVIEW_UART2_BASE);
  });

  it('cppcheck reports nothing in guests/control', () => {
    const result = runCppcheck(join(repoRoot, 'guests', 'control'), {
      includeDirs: [join(repoRoot, 'guests', 'sdk', 'include'), guest.genDir],
    });
    assert.equal(result.status, 0, result.output);
    assert.equal(result.output.trim(), '');
  });
});
