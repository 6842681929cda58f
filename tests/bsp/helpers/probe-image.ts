// Builds a small probe image for a BSP test: the CPU and board layers of the BSP (of realview-eb unless
// another board is named) plus one C file written by the test (no partitions), through the same build
// library as every system, and boots it on QEMU with the runner, returning UART0 and the semihosting
// exit code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { bspPart } from '../../../cli/build/bsp-sources.ts';
import { buildImage } from '../../../cli/build/image.ts';
import type { BuiltImage } from '../../../cli/build/spec.ts';
import { defaultBoard } from '../../../cli/build/systems.ts';
import { privilegedCFlags } from '../../../cli/build/toolchain.ts';
import { withQemu } from '../../../qemu/runner/index.ts';

export interface ProbeRun {
  image: BuiltImage;
  output: string;
  exitCode: number | null;
}

export async function buildProbe(
  scratch: string,
  name: string,
  mainSource: string,
  board: string = defaultBoard,
): Promise<BuiltImage> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.c'), mainSource);
  writeFileSync(join(dir, 'partitions.ld'), '/* no partitions */\n');
  const bsp = bspPart(board);
  return buildImage(
    {
      name,
      sources: [...bsp.sources, join(dir, 'main.c')],
      includeDirs: bsp.includeDirs,
      cpuFlags: bsp.cpuFlags,
      defines: {},
      extraCFlags: privilegedCFlags,
      linkerScript: bsp.linkerScript,
      linkerSearchDirs: [...bsp.linkerSearchDirs, dir],
    },
    join(dir, 'out'),
  );
}

export async function runProbe(
  scratch: string,
  name: string,
  mainSource: string,
  board: string = defaultBoard,
): Promise<ProbeRun> {
  const image = await buildProbe(scratch, name, mainSource, board);
  const result = await withQemu({ elf: image.elf, board, timeoutMs: 60_000 }, (vm) => vm.wait());
  return { image, output: result.output.replace(/\r\n/g, '\n'), exitCode: result.exitCode };
}
