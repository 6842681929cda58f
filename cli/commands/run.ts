// Job: `bulkhead run <elf | system>`: boot an image (building a named system first: a hypervisor system
// of systems/ or a BSP test image) in QEMU with UART0 on this terminal, report the TCP ports of UART1-3 on
// stderr (a hypervisor system's trace UART is recorded to out/<system>/trace.txt from the first byte
// instead, cli/trace/recording.ts), stop QEMU cleanly on Ctrl-C, and exit with QEMU's exit code.
import { existsSync } from 'node:fs';
import { launch, type QemuInstance } from '../../qemu/runner/index.ts';
import { parseRunArguments, RunArgumentError, runUsage } from '../../qemu/runner/run-arguments.ts';
import { traceRecording, type TraceRecording } from '../trace/recording.ts';

export const summary = 'boot an image in QEMU (UART0 on stdio, UART1-3 on TCP ports)';

const exitTimedOut = 124;
const systemNamePattern = /^[a-z][a-z0-9-]*$/;
const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const uartRoles: Record<string, string> = {
  uart1: 'virtual CAN, SLCAN',
  uart2: 'control guest link',
  uart3: 'trace',
};

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseRunArguments(args);
  } catch (err) {
    if (!(err instanceof RunArgumentError)) throw err;
    console.error(`bulkhead run: ${err.message}\n\n${runUsage}`);
    return 2;
  }
  if (parsed.help) {
    console.log(runUsage);
    return 0;
  }
  let elf = parsed.target;
  let board = parsed.board;
  let recording: TraceRecording | null = null;
  const hypervisorBuild = existsSync(elf) ? null : await import('../build/system.ts');
  const systemFile = hypervisorBuild?.systemFileFor(elf);
  if (hypervisorBuild !== null && systemFile !== undefined && existsSync(systemFile)) {
    try {
      const { loadSystemDescription } = await import('../../firmware/config/load.ts');
      const { buildHypervisorSystemFrom } = hypervisorBuild;
      const desc = await loadSystemDescription(systemFile);
      const built = await buildHypervisorSystemFrom(desc, board === undefined ? {} : { board });
      elf = built.elf;
      board ??= desc.board;
      recording = traceRecording(desc);
    } catch (err) {
      console.error(`bulkhead run: cannot build system '${parsed.target}': ${(err as Error).message}`);
      return 2;
    }
  } else if (!existsSync(elf)) {
    if (!systemNamePattern.test(elf)) {
      console.error(`bulkhead run: '${elf}' is not a file (expected an ELF image or a system name)`);
      return 2;
    }
    const { buildSystem } = await import('../build/image.ts');
    const { knownSystems, systemBoard } = await import('../build/systems.ts');
    // A named BSP image runs on the board it is built for unless --board says otherwise.
    if (board === undefined && knownSystems().includes(parsed.target)) board = systemBoard(parsed.target);
    try {
      elf = (await buildSystem(parsed.target)).elf;
    } catch (err) {
      console.error(`bulkhead run: cannot build system '${parsed.target}': ${(err as Error).message}`);
      return 2;
    }
  }

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
