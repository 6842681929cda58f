// `bulkhead build [system]`: builds an image into out/<system>/ and prints `arm-none-eabi-size` of the
// ELF. A system description (`systems/<name>.ts` or a path ending in `.ts`) builds the hypervisor with
// its guests; the names of BSP images (`selftest`, `uart-echo`, `el2-selftest`, `uart-echo-an536`) build
// those bare-metal images. An invalid description is answered, as `bulkhead check` does, with its file
// and every `path: message`.
import { relative } from 'node:path';

import { CompileError, LinkError, BuildSpecError } from '../build/errors.ts';
import { buildSystem } from '../build/image.ts';
import { buildHypervisorSystem, systemFileFor, SystemConfigError } from '../build/system.ts';
import { boardNames, UnknownBoardError } from '../../firmware/config/boards.ts';
import { sizeReport } from '../build/link.ts';
import { repoRoot } from '../build/paths.ts';
import { ToolMissingError } from '../build/run-tool.ts';
import { knownSystems } from '../build/systems.ts';

export const summary = 'build a system image (default: the demo system) into out/<system>/';

const usage = `usage: bulkhead build [system] [--board <board>] [--out <dir>]

Builds out/<system>/bulkhead.elf, .bin and .map and prints their size (default system: demo).
system: a hypervisor system description (systems/<name>.ts by name, or a path ending in .ts),
        or a bare-metal BSP image: ${knownSystems().join(', ')}
--board: build a system description for this board instead of its own (${boardNames().join(', ')}):
         its VM areas move into that board's partition RAM, the image goes to out/<system>-<board>/`;

export async function run(args: string[]): Promise<number> {
  let system = 'demo';
  let outRoot: string | undefined;
  let board: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      return 0;
    } else if (arg === '--out') {
      outRoot = args[++i];
      if (outRoot === undefined) {
        console.error('bulkhead build: --out needs a directory');
        return 2;
      }
    } else if (arg === '--board') {
      board = args[++i];
      if (board === undefined) {
        console.error('bulkhead build: --board needs a board name');
        return 2;
      }
    } else if (arg.startsWith('-')) {
      console.error(`bulkhead build: unknown option '${arg}'\n${usage}`);
      return 2;
    } else {
      system = arg;
    }
  }
  const systemFile = systemFileFor(system);
  /** The description file as the user named it (`systems/<name>.ts` for a name). */
  const shownFile =
    systemFile === undefined || system.endsWith('.ts') ? system : relative(repoRoot, systemFile);
  try {
    const options = {
      ...(outRoot === undefined ? {} : { outRoot }),
      ...(board === undefined ? {} : { board }),
    };
    if (systemFile === undefined && !knownSystems().includes(system)) {
      console.error(
        `bulkhead build: unknown system '${system}': no systems/${system}.ts and no BSP image of that name (${knownSystems().join(', ')})`,
      );
      return 1;
    }
    if (systemFile === undefined && board !== undefined) {
      console.error(`bulkhead build: --board applies to a system description; '${system}' is a BSP image`);
      return 2;
    }
    const image =
      systemFile === undefined
        ? await buildSystem(system, options)
        : await buildHypervisorSystem(systemFile, options);
    console.log(`built ${system}: ${relative(repoRoot, image.elf)} (.bin, .map beside it)`);
    process.stdout.write(await sizeReport(image.elf));
    return 0;
  } catch (error) {
    if (error instanceof SystemConfigError) {
      console.error(`bulkhead build: ${shownFile}: ${error.message}`);
      return 1;
    }
    if (error instanceof UnknownBoardError) {
      console.error(`bulkhead build: ${shownFile}: board: ${error.message}`);
      return 1;
    }
    if (
      error instanceof CompileError ||
      error instanceof LinkError ||
      error instanceof BuildSpecError ||
      error instanceof ToolMissingError
    ) {
      console.error(`bulkhead build: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
