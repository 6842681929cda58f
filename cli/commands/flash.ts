// Job: `bulkhead flash --board <board> <volume>`: put an image onto a real board's configuration volume
// (the MPS3's USB mass-storage / microSD volume): builds the image from a system (a hypervisor system
// description or a BSP image name, `--system`) or takes a built ELF (`--image`), then hands it to
// cli/flash/ to check, convert and write, and prints what was written and the next steps. A system
// description of another board is built for this one (firmware/config/retarget.ts); a build that
// fails writes nothing.
import { relative } from 'node:path';

import { boardNames, findBoard, getBoard, UnknownBoardError } from '../../firmware/config/boards.ts';
import { loadSystemModule, SystemLoadError } from '../../firmware/config/load.ts';
import { BuildSpecError, CompileError, LinkError } from '../build/errors.ts';
import { buildSystem } from '../build/image.ts';
import { repoRoot } from '../build/paths.ts';
import { printedProgress } from '../build/progress.ts';
import { ToolMissingError } from '../build/run-tool.ts';
import { buildHypervisorSystemFrom, systemFileFor, SystemConfigError } from '../build/system.ts';
import { knownSystems, systemBoard } from '../build/systems.ts';
import { FlashError } from '../flash/elf.ts';
import { boardVolume, flash } from '../flash/flash.ts';
import { flashReportText } from '../flash/next-steps.ts';

export const summary = "write an image onto a real board's volume (MPS3: the MCC's USB/microSD volume)";

const usage = `usage: bulkhead flash --board <board> <volume> (--image <elf> | --system <system>) [options]

Writes the image a real board loads at power-on onto its configuration volume, mounted at <volume>:
on mps3-an536, SOFTWARE/BULKHEAD.BIN (the flat binary of the ELF) and MB/HBI0309C/AN536/images.txt
naming it as the one image (other lines kept; the original list kept once as images.bak). Refuses a
folder that is not such a volume, and an ELF the board cannot load, naming them; prints the next steps.

  --board B        the board (required): a board with a volume (mps3-an536)
  --image ELF      an image already built for the board (the .elf \`bulkhead build\` writes)
  --system S       build S first: a system description (systems/<name>.ts or a path ending in .ts) or a
                   BSP image of the board (${knownSystems().join(', ')})
  --out DIR        build output root (default out/)
  --name N.EXT     8.3 name of the image file in SOFTWARE/ (default BULKHEAD.BIN)
  --force          write the layout into a folder that does not look like the board's volume
  --dry-run        check and print what would be written; write nothing onto the volume (--system
                   still builds into out/)
Exit: 0 written (or planned), 1 refused (volume, image or build), 2 bad arguments.`;

class UsageError extends Error {}

interface FlashArguments {
  board: string;
  volume: string;
  image?: string;
  system?: string;
  outRoot?: string;
  name?: string;
  force: boolean;
  dryRun: boolean;
}

/** Parses the command line; throws `UsageError` naming the offending argument. */
export function parseFlashArguments(args: readonly string[]): FlashArguments | 'help' {
  const positional: string[] = [];
  const parsed: Partial<FlashArguments> & { force: boolean; dryRun: boolean } = {
    force: false,
    dryRun: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      i++;
      return v;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--board') parsed.board = value();
    else if (arg === '--image') parsed.image = value();
    else if (arg === '--system') parsed.system = value();
    else if (arg === '--out') parsed.outRoot = value();
    else if (arg === '--name') parsed.name = value();
    else if (arg === '--force') parsed.force = true;
    else if (arg === '--dry-run') parsed.dryRun = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else positional.push(arg);
  }
  if (parsed.board === undefined) throw new UsageError('--board is required');
  if (findBoard(parsed.board) === undefined) {
    throw new UsageError(`--board '${parsed.board}' is not a board (${boardNames().join(', ')})`);
  }
  const system = parsed.system;
  if (system !== undefined && systemFileFor(system) === undefined && !knownSystems().includes(system)) {
    throw new UsageError(
      `unknown system '${system}': no systems/${system}.ts and no BSP image of that name (${knownSystems().join(', ')})`,
    );
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0
        ? 'the volume folder is required'
        : `one volume folder, not ${positional.join(' ')}`,
    );
  }
  if ((parsed.image === undefined) === (parsed.system === undefined)) {
    throw new UsageError('give either --image <elf> or --system <system>');
  }
  return { ...parsed, board: parsed.board, volume: positional[0] };
}

/** Builds `system` for `board` and returns its ELF; errors name the system. */
async function buildFor(system: string, board: string, outRoot: string | undefined): Promise<string> {
  const progress = printedProgress('bulkhead flash');
  const options = outRoot === undefined ? { progress } : { outRoot, progress };
  const file = systemFileFor(system);
  if (file === undefined) {
    if (!knownSystems().includes(system)) {
      throw new FlashError(
        `unknown system '${system}': no systems/${system}.ts and no BSP image of that name (${knownSystems().join(', ')})`,
      );
    }
    if (systemBoard(system) !== board) {
      throw new FlashError(`BSP image '${system}' is built for ${systemBoard(system)}, not ${board}`);
    }
    return (await buildSystem(system, options)).elf;
  }
  const shown = system.endsWith('.ts') ? system : relative(repoRoot, file);
  let loaded;
  try {
    loaded = await loadSystemModule(file);
  } catch (error) {
    if (error instanceof SystemLoadError) throw new FlashError(error.message);
    throw error;
  }
  try {
    const { description, guestDefines } = loaded;
    return (await buildHypervisorSystemFrom(description, { ...options, board, guestDefines, progress })).elf;
  } catch (error) {
    if (error instanceof SystemConfigError) throw new FlashError(`${shown}: ${error.message}`);
    if (error instanceof BuildSpecError) {
      throw new FlashError(`cannot build ${shown} for ${board}: ${error.message}; nothing was written`);
    }
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed: FlashArguments | 'help';
  try {
    parsed = parseFlashArguments(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bulkhead flash: ${error.message}\n(bulkhead flash --help describes the arguments)`);
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    console.log(usage);
    return 0;
  }
  try {
    const board = getBoard(parsed.board);
    boardVolume(board);
    const elf = parsed.image ?? (await buildFor(parsed.system!, board.name, parsed.outRoot));
    const report = await flash({
      board,
      volumeRoot: parsed.volume,
      elf,
      ...(parsed.name === undefined ? {} : { imageName: parsed.name }),
      force: parsed.force,
      dryRun: parsed.dryRun,
    });
    console.log(flashReportText(report, board));
    return 0;
  } catch (error) {
    if (
      error instanceof FlashError ||
      error instanceof UnknownBoardError ||
      error instanceof CompileError ||
      error instanceof LinkError ||
      error instanceof BuildSpecError ||
      error instanceof ToolMissingError
    ) {
      console.error(`bulkhead flash: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
