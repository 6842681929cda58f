// The board support package's part of a build: the board's CPU layer (`bsp/<cpu>`), the board-independent
// `bsp/common`, and the board's own directory, every `.c`/`.S` source in them, the include directories BSP headers are found through
// (with the board's generated `board_map.h`, and the CPU layer's folder, so `bsp.h` reaches the CPU's
// `context.h`, `psr.h`, `cp15.h` and `cpu_api.h` without naming the CPU), the CPU's compiler flags, the
// CPU layer's image linker script and the folder its `INCLUDE board-memory.ld` is found in.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { findBoard } from '../../firmware/config/boards.ts';
import { boardGeneratedDir } from './board-files.ts';
import { BuildSpecError } from './errors.ts';
import { defaultOutRoot, fromRepo } from './paths.ts';
import { sourceKind } from './toolchain.ts';

export interface BspPart {
  sources: string[];
  includeDirs: string[];
  /** The board CPU's compiler flags (`cpu.compilerFlags` of its description). */
  cpuFlags: readonly string[];
  linkerScript: string;
  /** Folders the linker script's `INCLUDE`s are searched in (the board's generated memory regions). */
  linkerSearchDirs: string[];
}

/** The board-independent part of the BSP every board builds: interrupt dispatch, console formatting. */
export const commonBspDir = join('bsp', 'common');

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

/** The BSP part for the board called `boardName`, its generated files written below `outRoot`. */
export function bspPart(boardName: string, outRoot: string = defaultOutRoot): BspPart {
  const board = findBoard(boardName);
  const boardDir = join('bsp', boardName);
  if (board === undefined || !existsSync(fromRepo(boardDir))) {
    throw new BuildSpecError(`unknown board '${boardName}': no description bsp/${boardName}/board.ts`);
  }
  const cpuDir = join('bsp', board.cpu.bspDir);
  const generated = boardGeneratedDir(board, outRoot);
  return {
    sources: [...sourcesIn(cpuDir), ...sourcesIn(commonBspDir), ...sourcesIn(boardDir)],
    includeDirs: [generated, 'bsp/include', cpuDir, 'bsp'],
    cpuFlags: board.cpu.compilerFlags,
    linkerScript: join(cpuDir, 'image.ld'),
    linkerSearchDirs: [generated],
  };
}
