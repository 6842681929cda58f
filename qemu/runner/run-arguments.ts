// Job: parse the argument list of `bulkhead run` into a target and launch settings, with errors that
// name the offending argument. Kept apart from the command so other commands can share it.
import { boardNames, findBoard } from '../../firmware/config/boards.ts';
import type { IcountSetting } from './command-line.ts';

export interface RunArguments {
  /** An ELF path, or a system to build first (a system description file or name, or a BSP image). */
  target: string;
  icount: IcountSetting;
  /** Overall limit in milliseconds, or undefined for none. */
  timeoutMs: number | undefined;
  gdb: boolean;
  board: string | undefined;
  help: boolean;
}

export const runUsage = `usage: bulkhead run <elf | system> [--icount SHIFT | --no-icount] [--timeout SECONDS] [--gdb] [--board NAME]

  Boots the image in QEMU, streams UART0 to stdout (stdin goes to UART0), prints the TCP ports of UART1-3
  on stderr and exits with QEMU's exit code (the semihosting exit code). A system is built first: a
  system description (systems/<name>.ts by name, e.g. 'demo', or a path ending in .ts) or a BSP image
  (e.g. 'selftest'); the build's steps are printed on stderr. A hypervisor system's trace UART is recorded to
  out/<system>/trace.txt from the first byte.
  --icount SHIFT   deterministic instruction counting, 2^SHIFT ns per instruction (default 0)
  --no-icount      run in real time
  --timeout SECS   kill QEMU after SECS seconds (exit code 124)
  --gdb            start halted with a gdb stub and print the gdb-multiarch command to attach
  --board NAME     the board to run on (${boardNames().join(', ')}); default: the system's own board,
                   realview-eb for an ELF. A system description is built for it (moved there).
  Ctrl-C stops QEMU.`;

export class RunArgumentError extends Error {}

function valueAfter(args: string[], index: number, flag: string): string {
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new RunArgumentError(`${flag} needs a value`);
  return value;
}

export function parseRunArguments(args: string[]): RunArguments {
  const parsed: RunArguments = {
    target: '',
    icount: { shift: 0 },
    timeoutMs: undefined,
    gdb: false,
    board: undefined,
    help: false,
  };
  let icountGiven: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inlineValue] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const takeValue = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const value = valueAfter(args, i, flag);
      i++;
      return value;
    };
    switch (flag) {
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      case '--icount': {
        if (icountGiven !== undefined) throw new RunArgumentError(`${arg} conflicts with ${icountGiven}`);
        icountGiven = arg;
        const text = takeValue();
        const shift = Number(text);
        if (!/^\d+$/.test(text) || shift > 10)
          throw new RunArgumentError(`--icount: '${text}' is not a shift from 0 to 10`);
        parsed.icount = { shift };
        break;
      }
      case '--no-icount':
        if (icountGiven !== undefined) throw new RunArgumentError(`${arg} conflicts with ${icountGiven}`);
        icountGiven = arg;
        parsed.icount = false;
        break;
      case '--timeout': {
        const text = takeValue();
        const seconds = Number(text);
        if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
          throw new RunArgumentError(`--timeout: '${text}' is not a positive number of seconds`);
        }
        parsed.timeoutMs = Math.round(seconds * 1000);
        break;
      }
      case '--gdb':
        parsed.gdb = true;
        break;
      case '--board': {
        const board = takeValue();
        if (findBoard(board) === undefined)
          throw new RunArgumentError(`--board: '${board}' is not a board (${boardNames().join(', ')})`);
        parsed.board = board;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new RunArgumentError(`unknown option '${arg}'`);
        if (parsed.target !== '')
          throw new RunArgumentError(
            `unexpected extra argument '${arg}' (target is already '${parsed.target}')`,
          );
        parsed.target = arg;
    }
  }
  if (parsed.target === '' && !parsed.help)
    throw new RunArgumentError('missing the image to run (an ELF file or a system name)');
  return parsed;
}
