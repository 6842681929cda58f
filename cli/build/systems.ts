// The systems `bulkhead build` knows, each turned into a BuildSpec. For now: `selftest`, the boot
// self-test image of bsp/selftest on the realview-eb board.
import { bspPart, sourcesIn } from './bsp-sources.ts';
import { BuildSpecError } from './errors.ts';
import type { BuildSpec } from './spec.ts';
import { privilegedCFlags } from './toolchain.ts';

export const defaultBoard = 'realview-eb';

function selftestSpec(): BuildSpec {
  const bsp = bspPart(defaultBoard);
  return {
    name: 'selftest',
    sources: [...bsp.sources, ...sourcesIn('bsp/selftest')],
    includeDirs: [...bsp.includeDirs, 'bsp/selftest'],
    defines: {},
    extraCFlags: privilegedCFlags,
    linkerScript: bsp.linkerScript,
    linkerSearchDirs: ['bsp/selftest'],
  };
}

const systems: Record<string, () => BuildSpec> = {
  selftest: selftestSpec,
};

export function knownSystems(): string[] {
  return Object.keys(systems).sort();
}

export function systemSpec(name: string): BuildSpec {
  const make = Object.hasOwn(systems, name) ? systems[name] : undefined;
  if (make === undefined) {
    throw new BuildSpecError(`unknown system '${name}' (known systems: ${knownSystems().join(', ')})`);
  }
  return make();
}
