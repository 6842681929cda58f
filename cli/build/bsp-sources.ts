// The board support package's part of a build: the CPU layer (bsp/armv7r) plus one board directory,
// every `.c`/`.S` source in them, and the include directories BSP headers are found through.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { BuildSpecError } from './errors.ts';
import { fromRepo } from './paths.ts';
import { sourceKind } from './toolchain.ts';

export const cpuDir = 'bsp/armv7r';

export interface BspPart {
  sources: string[];
  includeDirs: string[];
  linkerScript: string;
}

/** Sources (repository-relative, sorted) of one directory. */
export function sourcesIn(dir: string): string[] {
  const absolute = fromRepo(dir);
  if (!existsSync(absolute)) {
    throw new BuildSpecError(`source directory not found: ${dir}`);
  }
  return readdirSync(absolute)
    .filter((file) => sourceKind(file) !== undefined)
    .sort()
    .map((file) => join(dir, file));
}

export function bspPart(board: string): BspPart {
  const boardDir = join('bsp', board);
  if (!existsSync(fromRepo(boardDir))) {
    throw new BuildSpecError(`unknown board '${board}': no directory ${boardDir}`);
  }
  return {
    sources: [...sourcesIn(cpuDir), ...sourcesIn(boardDir)],
    includeDirs: ['bsp/include', 'bsp'],
    linkerScript: join(boardDir, 'layout.ld'),
  };
}
