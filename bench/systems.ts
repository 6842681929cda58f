// The systems the benchmarks build: `systems/test-one-vm.ts` as it is, and a two-VM variant of it (a second
// copy of the same VM in its own memory areas and slot) whose only difference is the extra VM, so the
// footprint difference between the two images is what one additional VM costs.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { bspPart, sourcesIn } from '../cli/build/bsp-sources.ts';
import { fromRepo } from '../cli/build/paths.ts';
import { buildHypervisorSystemFrom, portCDirs, type BuiltSystem } from '../cli/build/system.ts';
import type { SystemDescription } from '../firmware/config/types.ts';
import oneVm from '../systems/test-one-vm.ts';

/** Where every benchmark build goes (git-ignored). */
export const BENCH_OUT_ROOT = resolve('out/bench/build');

const SECOND_VM_OFFSET = 0x0010_0000;

/** `test-one-vm` with a second VM `solo2` (same guest, areas 1 MiB higher) in the idle half of its frame. */
export function twoVmVariant(): SystemDescription {
  const first = oneVm.vms[0];
  const second = {
    ...first,
    name: 'solo2',
    entry: first.entry + SECOND_VM_OFFSET,
    stackTop: first.stackTop + SECOND_VM_OFFSET,
    memory: first.memory.map((area) => ({ ...area, base: area.base + SECOND_VM_OFFSET })),
  };
  const plan = oneVm.plans[0];
  return {
    ...oneVm,
    name: 'bench-two-vm',
    vms: [first, second],
    plans: [
      {
        ...plan,
        slots: [
          ...plan.slots,
          { vm: 'solo2', start: plan.slots[0].duration, duration: plan.slots[0].duration },
        ],
      },
    ],
    console: [...oneVm.console, { vm: 'solo2', uart: 0 }],
  } as SystemDescription;
}

export function buildOneVm(): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(oneVm as SystemDescription, { outRoot: BENCH_OUT_ROOT });
}

export function buildTwoVm(): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(twoVmVariant(), { outRoot: BENCH_OUT_ROOT });
}

/**
 * The hypervisor's C and assembly sources of a built system, in the order cli/build/system.ts compiles
 * them (BSP, port layer C, transpiled core): object `hv-obj/<i>_<name>.o` is `sources[i]`. Paths are
 * repository-relative, transpiled files absolute (in the system's `gen/c/`).
 */
export function hypervisorSources(built: BuiltSystem): string[] {
  const board = (built.system === oneVm.name ? oneVm : twoVmVariant()).board;
  const record = JSON.parse(readFileSync(join(built.cDir, 'transpiled.json'), 'utf8')) as {
    cFiles: string[];
  };
  return [
    ...bspPart(board).sources,
    ...portCDirs.flatMap((dir) => (existsSync(fromRepo(dir)) ? sourcesIn(dir) : [])),
    ...record.cFiles.map((file) => join(built.cDir, file)),
  ];
}

/** Readable module name of a hypervisor source: repository path, or `core/<file>` for transpiled C. */
export function moduleOfSource(built: BuiltSystem, source: string): string {
  if (source.startsWith(built.cDir)) return `core/${relative(built.cDir, source)}`;
  return source;
}
