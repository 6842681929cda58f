// The systems `bulkhead build` knows, each turned into a BuildSpec: `selftest` (the boot self-test
// image of bsp/selftest) and `uart-echo` (the UART test image of bsp/uart-echo), both on realview-eb.
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
    linkerSearchDirs: [...bsp.linkerSearchDirs, 'bsp/selftest'],
  };
}

/** BSP test image: answers every byte received on each UART (tests/bsp/uart.test.ts). */
function uartEchoSpec(): BuildSpec {
  const bsp = bspPart(defaultBoard);
  return {
    name: 'uart-echo',
    sources: [...bsp.sources, ...sourcesIn('bsp/uart-echo')],
    includeDirs: bsp.includeDirs,
    defines: {},
    extraCFlags: privilegedCFlags,
    linkerScript: bsp.linkerScript,
    linkerSearchDirs: [...bsp.linkerSearchDirs, 'bsp/uart-echo'],
  };
}

const systems: Record<string, () => BuildSpec> = {
  selftest: selftestSpec,
  'uart-echo': uartEchoSpec,
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
