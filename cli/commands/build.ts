// `bulkhead build [system]`: builds an image into out/<system>/, printing each build step on stderr, and
// prints `arm-none-eabi-size` of the ELF. A system description (`systems/<name>.ts` or a path ending in `.ts`) builds the hypervisor with
// its guests; the names of BSP images (`selftest`, `uart-echo`, `el2-selftest`, `uart-echo-an536`) build
// those bare-metal images. An invalid description is answered, as `bulkhead check` does, with its file
// and every `path: message`. A failed build exits 1 and leaves no image; bad arguments exit 2.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';

import { buildErrorMessage } from '../build/build-errors.ts';
import { buildSystem } from '../build/image.ts';
import { buildHypervisorSystem, systemFileFor, SystemConfigError } from '../build/system.ts';
import { boardNames, findBoard } from '../../firmware/config/boards.ts';
import { sizeReport } from '../build/link.ts';
import { repoRoot } from '../build/paths.ts';
import { printedProgress } from '../build/progress.ts';
import { knownSystems } from '../build/systems.ts';

export const summary = 'build a system image (default: the demo system) into out/<system>/';

const usage = `usage: bulkhead build [system] [--board <board>] [--out <dir>]

Builds out/<system>/bulkhead.elf, .bin and .map and prints their size (default system: demo); each
build step is printed on stderr. A failed build exits 1 and leaves no image behind; bad arguments exit 2.
A system description may export \`guestDefines\` (defines per VM for its guest's build).
system: a hypervisor system description (systems/<name>.ts by name, or a path ending in .ts),
        or a bare-metal BSP image: ${knownSystems().join(', ')}
--board: build a system description for this board instead of its own (${boardNames().join(', ')}):
         its VM areas move into that board's partition RAM, the image goes to out/<system>-<board>/`;

export async function run(args: string[]): Promise<number> {
  let system = 'demo';
  let outRoot: string | undefined;
  let board: string | undefined;
  let systemGiven = false;
  const usageError = (message: string): number => {
    console.error(`bulkhead build: ${message}\n(bulkhead build --help describes the arguments)`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      return 0;
    } else if (arg === '--out') {
      outRoot = args[++i];
      if (outRoot === undefined || outRoot.startsWith('-')) return usageError('--out needs a directory');
    } else if (arg === '--board') {
      board = args[++i];
      if (board === undefined || board.startsWith('-')) return usageError('--board needs a board name');
      if (findBoard(board) === undefined) {
        return usageError(`--board '${board}' is not a board (${boardNames().join(', ')})`);
      }
    } else if (arg.startsWith('-')) {
      return usageError(`unknown option '${arg}'`);
    } else if (systemGiven) {
      return usageError(`unexpected argument '${arg}' (system already '${system}')`);
    } else {
      system = arg;
      systemGiven = true;
    }
  }
  const systemFile = systemFileFor(system);
  /** The description file as the user named it (`systems/<name>.ts` for a name). */
  const shownFile =
    systemFile === undefined || system.endsWith('.ts') ? system : relative(repoRoot, systemFile);
  if (systemFile === undefined && !knownSystems().includes(system)) {
    return usageError(
      `unknown system '${system}': no systems/${system}.ts and no BSP image of that name (${knownSystems().join(', ')})`,
    );
  }
  if (systemFile === undefined && board !== undefined) {
    return usageError(`--board applies to a system description; '${system}' is a BSP image`);
  }
  if (systemFile !== undefined && !existsSync(systemFile)) {
    return usageError(`'${system}' does not exist (expected a system description such as systems/demo.ts)`);
  }
  const options = {
    ...(outRoot === undefined ? {} : { outRoot }),
    ...(board === undefined ? {} : { board }),
    progress: printedProgress('bulkhead build'),
  };
  try {
    const image =
      systemFile === undefined
        ? await buildSystem(system, options)
        : await buildHypervisorSystem(systemFile, options);
    console.log(`built ${system}: ${relative(repoRoot, image.elf)} (.bin, .map beside it)`);
    process.stdout.write(await sizeReport(image.elf));
    return 0;
  } catch (error) {
    const message = buildErrorMessage(error, shownFile);
    if (message === undefined) throw error;
    console.error(
      `bulkhead build: ${error instanceof SystemConfigError ? `${shownFile}: ` : ''}${message}\nbulkhead build: failed; no image of it is left to run`,
    );
    return 1;
  }
}
