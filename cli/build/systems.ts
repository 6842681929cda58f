// The systems `bulkhead build` knows, each turned into a BuildSpec: `selftest` (the boot self-test image
// of bsp/selftest) and `uart-echo` (the UART test image of bsp/uart-echo) on realview-eb, and on
// mps3-an536 `el2-selftest` (the EL2 self-test image of bsp/el2-selftest) and `uart-echo-an536` (the same
// UART test image built for that board).
import { bspPart, sourcesIn } from './bsp-sources.ts';
import { BuildSpecError } from './errors.ts';
import type { BuildSpec } from './spec.ts';
import { privilegedCFlags } from './toolchain.ts';

export const defaultBoard = 'realview-eb';

/** A BSP test image: the board's CPU and board layers plus one directory of its own under bsp/. */
function bspImageSpec(name: string, board: string, dir: string, ownIncludes: boolean): BuildSpec {
  const bsp = bspPart(board);
  return {
    name,
    sources: [...bsp.sources, ...sourcesIn(dir)],
    includeDirs: ownIncludes ? [...bsp.includeDirs, dir] : bsp.includeDirs,
    cpuFlags: bsp.cpuFlags,
    defines: {},
    extraCFlags: privilegedCFlags,
    linkerScript: bsp.linkerScript,
    linkerSearchDirs: [...bsp.linkerSearchDirs, dir],
  };
}

interface SystemEntry {
  /** The board the system is built for. */
  board: string;
  spec: () => BuildSpec;
}

const systems: Record<string, SystemEntry> = {
  selftest: { board: defaultBoard, spec: () => bspImageSpec('selftest', defaultBoard, 'bsp/selftest', true) },
  /** BSP test image: answers every byte received on each UART (tests/bsp/uart.test.ts). */
  'uart-echo': {
    board: defaultBoard,
    spec: () => bspImageSpec('uart-echo', defaultBoard, 'bsp/uart-echo', false),
  },
  /** EL2 BSP test image of an Armv8-R board (tests/bsp/an536-boot.test.ts). */
  'el2-selftest': {
    board: 'mps3-an536',
    spec: () => bspImageSpec('el2-selftest', 'mps3-an536', 'bsp/el2-selftest', true),
  },
  'uart-echo-an536': {
    board: 'mps3-an536',
    spec: () => bspImageSpec('uart-echo-an536', 'mps3-an536', 'bsp/uart-echo', false),
  },
};

export function knownSystems(): string[] {
  return Object.keys(systems).sort();
}

function entryOf(name: string): SystemEntry {
  const entry = Object.hasOwn(systems, name) ? systems[name] : undefined;
  if (entry === undefined) {
    throw new BuildSpecError(`unknown system '${name}' (known systems: ${knownSystems().join(', ')})`);
  }
  return entry;
}

export function systemSpec(name: string): BuildSpec {
  return entryOf(name).spec();
}

/** The board a known system is built for. */
export function systemBoard(name: string): string {
  return entryOf(name).board;
}
