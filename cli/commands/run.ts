// Job: `bulkhead run <elf | system>`: boot an image in QEMU with UART0 on this terminal (a system is
// built first, the way `bulkhead build` and `start` resolve it: a system description by name or path, or
// a BSP image), report the TCP ports of UART1-3 on stderr (a hypervisor system's trace UART is recorded
// to out/<system>/trace.txt from the first byte instead, cli/trace/recording.ts), stop QEMU cleanly on
// Ctrl-C, and exit with QEMU's exit code. Bad arguments, an unknown system or a failed build exit 2 or 1 with a message.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { relative } from 'node:path';

import { loadSystemModule, SystemLoadError } from '../../firmware/config/load.ts';
import { buildErrorMessage } from '../build/build-errors.ts';
import { buildSystem } from '../build/image.ts';
import { repoRoot } from '../build/paths.ts';
import { printedProgress } from '../build/progress.ts';
import { traceRecording, type TraceRecording } from '../trace/recording.ts';
import { buildHypervisorSystemFrom, systemFileFor } from '../build/system.ts';
import { knownSystems, systemBoard } from '../build/systems.ts';
import { launch, type QemuInstance } from '../../qemu/runner/index.ts';
import {
  parseRunArguments,
  RunArgumentError,
  runUsage,
  type RunArguments,
} from '../../qemu/runner/run-arguments.ts';

export const summary = 'build (if a system) and boot an image in QEMU (UART0 on stdio, UART1-3 on TCP ports)';

const exitTimedOut = 124;
const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const uartRoles: Record<string, string> = {
  uart1: 'virtual CAN, SLCAN',
  uart2: 'control guest link',
  uart3: 'trace',
};

/** The image to boot and its board, or the exit code of a refusal (already reported). */
type Resolved =
  { elf: string; board: string | undefined; recording: TraceRecording | null } | { exitCode: number };

function refuse(message: string, exitCode: number): Resolved {
  console.error(`bulkhead run: ${message}`);
  return { exitCode };
}

/** True when the file at `path` starts with the ELF magic. */
function isElf(path: string): boolean {
  const header = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return header.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

/** Turns the target into an ELF: a built image as it is, a system built first (see the file header). */
async function resolveImage(parsed: RunArguments): Promise<Resolved> {
  const target = parsed.target;
  if (existsSync(target) && !target.endsWith('.ts')) {
    if (!statSync(target).isFile()) return refuse(`'${target}' is not a file (expected an ELF image)`, 2);
    if (!isElf(target)) {
      return refuse(`'${target}' is not an ELF image (nor a system description ending in .ts)`, 2);
    }
    return { elf: target, board: parsed.board, recording: null };
  }
  const progress = printedProgress('bulkhead run');
  const systemFile = systemFileFor(target);
  if (systemFile !== undefined) {
    const shown = target.endsWith('.ts') ? target : relative(repoRoot, systemFile);
    let loaded;
    try {
      loaded = await loadSystemModule(systemFile);
    } catch (error) {
      if (error instanceof SystemLoadError) return refuse(error.message, 2);
      throw error;
    }
    const options = {
      guestDefines: loaded.guestDefines,
      progress,
      ...(parsed.board === undefined ? {} : { board: parsed.board }),
    };
    try {
      const built = await buildHypervisorSystemFrom(loaded.description, options);
      return {
        elf: built.elf,
        board: parsed.board ?? loaded.description.board,
        recording: traceRecording(loaded.description),
      };
    } catch (error) {
      const message = buildErrorMessage(error, shown);
      if (message === undefined) throw error;
      return refuse(
        `cannot build ${shown}: ${message}\nbulkhead run: the build failed; nothing was booted`,
        1,
      );
    }
  }
  if (knownSystems().includes(target)) {
    try {
      const built = await buildSystem(target, { progress });
      // A BSP image runs on the board it is built for unless --board says otherwise.
      return { elf: built.elf, board: parsed.board ?? systemBoard(target), recording: null };
    } catch (error) {
      const message = buildErrorMessage(error, target);
      if (message === undefined) throw error;
      return refuse(
        `cannot build BSP image '${target}': ${message}\nbulkhead run: the build failed; nothing was booted`,
        1,
      );
    }
  }
  if (/[/\\.]/.test(target))
    return refuse(`'${target}' is not a file (expected an ELF image or a system)`, 2);
  return refuse(
    `unknown system '${target}': not a file, no systems/${target}.ts and no BSP image of that name (${knownSystems().join(', ')})`,
    2,
  );
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseRunArguments(args);
  } catch (err) {
    if (!(err instanceof RunArgumentError)) throw err;
    console.error(`bulkhead run: ${err.message}\n(bulkhead run --help describes the arguments)`);
    return 2;
  }
  if (parsed.help) {
    console.log(runUsage);
    return 0;
  }
  const resolved = await resolveImage(parsed);
  if ('exitCode' in resolved) return resolved.exitCode;
  const { elf, board, recording } = resolved;

  const vm: QemuInstance = await launch({
    elf,
    board,
    icount: parsed.icount,
    gdb: parsed.gdb,
    timeoutMs: parsed.timeoutMs,
    uartFiles: recording?.uartFiles ?? {},
    echo: process.stdout,
    log: (message) => console.error(message),
  });

  let stoppedBy: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppedBy !== null) return;
    stoppedBy = signal;
    console.error(`\nbulkhead run: ${signal}, stopping QEMU (pid ${vm.pid})`);
    void vm.kill();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const forwardInput = (bytes: Buffer): void => vm.send(bytes);
  process.stdin.on('data', forwardInput);

  const ports = Object.entries(vm.ports)
    .map(
      ([name, port]) =>
        `  ${name.toUpperCase()} tcp 127.0.0.1:${port}${uartRoles[name] ? `  (${uartRoles[name]})` : ''}`,
    )
    .join('\n');
  console.error(`bulkhead run: QEMU pid ${vm.pid}, UART0 on this terminal\n${ports}`);
  if (recording?.note) console.error(recording.note);

  try {
    const result = await vm.wait();
    if (stoppedBy !== null) return 128 + (signalNumbers[stoppedBy] ?? 0);
    if (result.exitCode !== null) return result.exitCode;
    return 128 + (signalNumbers[result.signal ?? ''] ?? 0);
  } catch (err) {
    console.error(`\nbulkhead run: ${(err as Error).message}`);
    return exitTimedOut;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    process.stdin.removeListener('data', forwardInput);
    process.stdin.pause();
  }
}
