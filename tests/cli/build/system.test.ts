// The system build (cli/build/system.ts) with real gcc/objcopy: a valid description gives
// out/<system>/bulkhead.{elf,bin,map,hex}, the generated tables module and transpiled C, each guest
// image at its VM's entry and a pristine copy of it outside every VM's memory; an invalid description
// is refused with every error named by its config path and no image is written; a missing file is named.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { BuildSpecError } from '../../../cli/build/errors.ts';
import {
  buildHypervisorSystem,
  buildHypervisorSystemFrom,
  SystemConfigError,
  systemFileFor,
  type BuiltSystem,
} from '../../../cli/build/system.ts';
import {
  type ImageStacks,
  reservedStackBytes,
  STACK_FIXED_BYTES,
  STACK_MODES,
} from '../../../cli/build/stacks.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import testOneVm from '../../../systems/test-one-vm.ts';
import testTwoVms from '../../../systems/test-two-vms.ts';

const OUT = resolve('out/e2e/hypervisor-build');

describe('system build (cli/build/system.ts)', function () {
  this.timeout(120_000);
  let built: BuiltSystem;

  before(async () => {
    rmSync(OUT, { recursive: true, force: true });
    built = await buildHypervisorSystem('systems/test-two-vms.ts', { outRoot: OUT });
  });

  it('writes the ELF, raw binary, map and Intel hex under out/<system>/', () => {
    for (const file of [built.elf, built.bin, built.map, built.hex]) {
      assert.ok(existsSync(file), `${file} exists`);
      assert.equal(file.startsWith(join(OUT, 'test-two-vms')), true);
    }
    assert.match(readFileSync(built.hex, 'latin1'), /^:[0-9A-F]+\r?\n/);
    assert.match(readFileSync(built.map, 'latin1'), /\.partition1_pristine/);
  });

  it('emits the tables as a subset module typed by firmware/core/tables.ts and transpiles it with the core', () => {
    const tables = readFileSync(built.tablesModule, 'utf8');
    assert.match(tables, /import \{[^}]*SystemTables[^}]*\} from '[./]+firmware\/core\/tables\.ts'/);
    assert.match(tables, /as const;/);
    assert.ok(existsSync(join(built.cDir, 'hypervisor.c')));
    assert.ok(existsSync(join(built.cDir, 'bh_offsets.h')));
    // The core is compiled as one unit, which also defines the tables accessor of the port layer.
    const unit = readFileSync(join(built.cDir, 'bulkhead-core.c'), 'utf8');
    assert.match(unit, /#include "hypervisor\.c"/);
    assert.match(unit, /bh_port_system_tables\(void\) \{ return &/);
  });

  it('sizes every mode stack from the image call graph, with the stated margin, and links them', () => {
    const recorded = JSON.parse(readFileSync(join(built.dir, 'stacks.json'), 'utf8')) as ImageStacks;
    assert.deepEqual(recorded, built.stacks);
    for (const mode of STACK_MODES) {
      const stack = built.stacks.modes[mode];
      assert.ok(stack.depth > 0 && stack.path.length > 0, `${mode}: ${JSON.stringify(stack)}`);
      assert.equal(stack.reserved, reservedStackBytes(stack.depth), mode);
      assert.ok(stack.reserved >= stack.depth * 1.5 + STACK_FIXED_BYTES, mode);
    }
    assert.equal(built.stacks.modes.SVC.path[0], 'bh_svc_entry');
    assert.deepEqual(built.stacks.unresolvedIndirect, []);
    assert.ok(built.stacks.idle.depth > 0 && built.stacks.idle.depth < built.stacks.idle.reserved);
    // The linked .stacks section is exactly the sum of the sizes (the linker script's defaults: 20 KiB).
    const total = STACK_MODES.reduce((sum, mode) => sum + built.stacks.modes[mode].reserved, 0);
    const section = /^\.stacks\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)/m.exec(readFileSync(built.map, 'utf8'));
    assert.equal(Number(section?.[1]), total);
    assert.ok(total < 20 * 1024);
  });

  it('sizes the core for the system: limits module substituted for firmware/core/limits.ts', () => {
    const limits = readFileSync(join(dirname(built.tablesModule), 'limits.ts'), 'utf8');
    assert.match(limits, /^export const MAX_VMS = 2;$/m);
    assert.match(limits, /^export const MAX_PORTS = 2;$/m);
    // Two VMs' partitions and contexts (+ idle), not the core's maximum of 8.
    assert.match(readFileSync(join(built.cDir, 'partition.c'), 'utf8'), /partition_partitions\[2\] =/);
    assert.match(readFileSync(join(built.cDir, 'vcpu_context.c'), 'utf8'), /vcpu_context_contexts\[3\] =/);
  });

  it('places each guest image at its entry and a pristine copy outside every VM area', () => {
    const image = readFileSync(built.bin); // flat from address 0
    const areas: { base: number; size: number }[] = testTwoVms.vms.flatMap((vm) => [...vm.memory]);
    assert.equal(built.placements.length, testTwoVms.vms.length);
    for (const [index, placement] of built.placements.entries()) {
      const guest = readFileSync(built.guests[index].bin);
      assert.equal(placement.base, testTwoVms.vms[index].entry);
      assert.equal(placement.size, guest.length);
      assert.ok(
        image.subarray(placement.base, placement.base + guest.length).equals(guest),
        `${placement.vm} image`,
      );
      assert.ok(
        image.subarray(placement.pristine, placement.pristine + guest.length).equals(guest),
        `${placement.vm} pristine copy`,
      );
      for (const area of areas) {
        const overlaps =
          placement.pristine < area.base + area.size && area.base < placement.pristine + placement.size;
        assert.equal(
          overlaps,
          false,
          `pristine copy of ${placement.vm} overlaps area at 0x${area.base.toString(16)}`,
        );
      }
    }
  });

  it('reuses the transpiled core when its inputs are unchanged and redoes it when the tables change', async () => {
    const record = join(built.cDir, 'transpiled.json');
    const first = statSync(record).mtimeMs;
    const again = await buildHypervisorSystem('systems/test-two-vms.ts', { outRoot: OUT });
    assert.equal(statSync(record).mtimeMs, first, 'same inputs: the transpiled C is reused');
    assert.ok(existsSync(again.elf));
    const slower = await buildHypervisorSystemFrom(
      { ...testTwoVms, tickMicroseconds: 2000 },
      { outRoot: OUT },
    );
    assert.notEqual(statSync(record).mtimeMs, first, 'new tables: transpiled again');
    const tablesC = readFileSync(join(slower.cDir, 'system_tables.c'), 'utf8');
    assert.match(tablesC, /\.tick_microseconds = 2000u/);
  });

  it('compiles no floating-point helper into the hypervisor (built without VFP registers)', () => {
    const cDir = built.cDir;
    const sources = readdirSync(cDir).filter((file) => file.endsWith('.c'));
    assert.ok(sources.length > 10, `transpiled core in ${cDir}`);
    for (const file of sources) {
      assert.doesNotMatch(
        readFileSync(join(cDir, file), 'utf8'),
        /bh_runtime_float\.h|\bdouble\b|\bfloat\b/,
        file,
      );
    }
  });

  it('refuses an invalid description with every error named by its path and writes no image', async () => {
    const broken: SystemDescription = {
      ...testTwoVms,
      name: 'test-broken',
      vms: [
        testTwoVms.vms[0],
        {
          ...testTwoVms.vms[1],
          memory: [
            { name: 'code', base: 0x0010_0000, size: 0x1_0000, access: 'rx' },
            { name: 'data', base: 0x0021_0000, size: 0x1_0000, access: 'rw' },
          ],
        },
      ],
      plans: [
        {
          name: 'main',
          majorFrame: 4,
          slots: [
            { vm: 'alpha', start: 0, duration: 2 },
            { vm: 'beta', start: 2, duration: 3 },
          ],
        },
      ],
    };
    await assert.rejects(buildHypervisorSystemFrom(broken, { outRoot: OUT }), (error: unknown) => {
      assert.ok(error instanceof SystemConfigError);
      assert.ok(
        error.errors.some((e) => e.path.startsWith('vms[1].memory[0]')),
        JSON.stringify(error.errors),
      );
      assert.ok(
        error.errors.some((e) => e.path.startsWith('plans[0].slots[1]')),
        JSON.stringify(error.errors),
      );
      assert.match(error.message, /vms\[1\]\.memory\[0\][^:]*: /);
      return true;
    });
    assert.equal(existsSync(join(OUT, 'test-broken')), false, 'nothing written for an invalid system');
  });

  /** test-one-vm moved to mps3-an536: its areas in the AN536's partition RAM. */
  const onAn536 = (
    memory: SystemDescription['vms'][number]['memory'],
    devices: SystemDescription['vms'][number]['devices'] = [],
  ): SystemDescription => ({
    ...testOneVm,
    name: 'test-an536',
    board: 'mps3-an536',
    vms: [
      {
        ...testOneVm.vms[0],
        entry: memory[0].base,
        stackTop: memory[1].base + memory[1].size,
        memory,
        devices,
      },
    ],
  });

  it('compiles and links test-one-vm-an536 (Armv8-R port, HVC guest)', async function () {
    this.timeout(600_000);
    const an536 = await buildHypervisorSystem('systems/test-one-vm-an536.ts', { outRoot: OUT });
    assert.ok(statSync(an536.elf).size > 0);
    // The linked part of the map (after the discarded input sections and the memory configuration).
    const map = readFileSync(an536.map, 'latin1').split('Memory Configuration')[1];
    for (const object of ['cpu-port.c.o', 'hypercall-entry.c.o', 'stack_canary.c.o'])
      assert.match(map, new RegExp(`hv-obj/\\d+_${object.replace(/\./g, '\\.')}`), object);
    assert.match(
      map,
      /\.text\.bsp_handle_hvc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ \S+_hypercall-entry\.c\.o/,
      'the HVC hook of firmware/port/c/armv8r/ replaces the weak default',
    );
    assert.match(readFileSync(an536.tablesModule, 'utf8'), /mpuWordsPerRegion: 2,/, 'HPRBAR, HPRLAR pairs');
    // The guest is built for the Cortex-R52 and calls the hypervisor by HVC (ARM encoding
    // cond 1110, 0001 0100, imm12, 0111, imm4).
    const guest = readFileSync(an536.guests[0].bin);
    const words = Array.from({ length: guest.length >>> 2 }, (_, i) => guest.readUInt32LE(i * 4));
    assert.ok(
      words.some((w) => (w & 0xfff0_00f0) >>> 0 === 0xe140_0070),
      'the guest calls by HVC',
    );
  });

  it("refuses a VM needing more regions than mps3-an536's EL2 MPU has, or off its 64-byte granule, by path", async () => {
    const areas = Array.from({ length: 16 }, (_, i) => ({
      name: i === 0 ? 'code' : i === 1 ? 'data' : `extra${i}`,
      base: 0x2010_0000 + i * 0x1_0000,
      size: 0x1_0000,
      access: i === 0 ? ('rx' as const) : ('rw' as const),
    }));
    const tooMany = onAn536(areas, [{ device: 'uart2', virq: 3 }]);
    await assert.rejects(buildHypervisorSystemFrom(tooMany, { outRoot: OUT }), (error: unknown) => {
      assert.ok(error instanceof SystemConfigError, String(error));
      const budget = error.errors.find((e) => /EL2 MPU regions/.test(e.message));
      assert.equal(budget?.path, 'vms[0].devices[0]', JSON.stringify(error.errors));
      assert.match(budget.message, /needs 17 EL2 MPU regions but board 'mps3-an536' has 16; device 'uart2'/);
      return true;
    });
    const offGranule = onAn536([
      { name: 'code', base: 0x2010_0000, size: 0x1_0000, access: 'rx' },
      { name: 'data', base: 0x2011_0000, size: 0x1_0000, access: 'rw' },
      { name: 'short', base: 0x2012_0000, size: 0x1_0000 - 0x20, access: 'rw' },
      { name: 'shifted', base: 0x2013_0020, size: 0x1000, access: 'rw' },
    ]);
    await assert.rejects(buildHypervisorSystemFrom(offGranule, { outRoot: OUT }), (error: unknown) => {
      assert.ok(error instanceof SystemConfigError, String(error));
      assert.deepEqual(
        error.errors.filter((e) => /64 B/.test(e.message)).map((e) => e.path),
        ['vms[0].memory[2].size', 'vms[0].memory[3].base'],
      );
      return true;
    });
  });

  it('names a system file that does not exist, and maps CLI arguments to system files', async () => {
    await assert.rejects(
      buildHypervisorSystem('systems/no-such-system.ts', { outRoot: OUT }),
      (error: unknown) => {
        assert.ok(error instanceof BuildSpecError);
        assert.match(error.message, /systems\/no-such-system\.ts/);
        return true;
      },
    );
    assert.equal(systemFileFor('selftest'), undefined);
    assert.match(systemFileFor('test-two-vms') ?? '', /systems\/test-two-vms\.ts$/);
    assert.equal(systemFileFor('some/where.ts'), 'some/where.ts');
  });

  it('rejects a guest override for a VM the system lacks', async () => {
    await assert.rejects(
      buildHypervisorSystemFrom(testTwoVms, { outRoot: OUT, guests: { gamma: 'test/ping' } }),
      /guest override names VM 'gamma'/,
    );
  });
});
