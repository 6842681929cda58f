// Job: boot a system with the control guest and a test guest beside it in QEMU (-icount shift=0,
// sleep=off) with every host peer the control VM has in the demo: the vehicle model on UART2 (HIL, in
// lock-step) and an SLCAN client on UART1 (the virtual CAN bus, opened with timestamps), and the trace
// stream (UART3) captured to a file from the first byte. QEMU starts with its CPU stopped (-S) and is
// resumed through its monitor once both are connected; the bus is opened once the control guest has
// started (the hypervisor empties the bus UART when it starts), before its first CAN frame. Runs
// until the vehicle model has made `steps` steps (one per control period of virtual time) and returns
// the console, the parsed trace of the complete ticks, the model's trace and the CAN frames received.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import {
  buildHypervisorSystemFrom,
  type BuiltSystem,
  type SystemBuildOptions,
} from '../../../../cli/build/system.ts';
import type { SystemDescription } from '../../../../firmware/config/types.ts';
import { parseTrace, type TraceRecord } from '../../../../firmware/sim/trace-lines.ts';
import { loopbackHost } from '../../../../qemu/runner/command-line.ts';
import { pickFreePorts } from '../../../../qemu/runner/free-ports.ts';
import { launch, monitorArguments, repoRoot, resumeThroughMonitor } from '../../../../qemu/runner/index.ts';
import type { CanMessage } from '../../../../qemu/slcan/can-frame.ts';
import { SlcanClient } from '../../../../qemu/slcan/client.ts';
import { connectHilPeer, type TraceSample } from '../../../../qemu/vehicle/host-peer.ts';

const OUT_ROOT = join(repoRoot, 'out', 'e2e', 'robustness');
/** Wall-clock bound of one run (QEMU runs several hundred control periods per wall second here). */
const WALL_LIMIT_MS = 40_000;
const POLL_MS = 20;

export interface PeeredRun {
  image: BuiltSystem;
  console: string;
  /** Trace records of ticks 0 .. ticks-1. */
  records: TraceRecord[];
  ticks: number;
  /** The vehicle model's samples, exactly `steps`. */
  hil: TraceSample[];
  /** CAN frames the host received on the bus, in order. */
  can: CanMessage[];
  wallMs: number;
}

/** Builds `desc` once per output folder name. */
export function buildOnce(
  desc: SystemDescription,
  variant: string,
  options: Omit<SystemBuildOptions, 'outRoot'> = {},
): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(desc, { ...options, outRoot: join(OUT_ROOT, variant) });
}

/** Runs `image` with the HIL peer and the SLCAN client until `steps` control periods were served. */
export async function runWithPeers(image: BuiltSystem, steps: number, traceName: string): Promise<PeeredRun> {
  const traceFile = join(image.dir, traceName);
  mkdirSync(image.dir, { recursive: true });
  rmSync(traceFile, { force: true });
  const started = Date.now();
  const [monitorPort] = await pickFreePorts(1);
  const vm = await launch({
    elf: image.elf,
    icount: { shift: 0, sleep: false },
    timeoutMs: WALL_LIMIT_MS + 10_000,
    extraArgs: ['-S', ...monitorArguments(monitorPort)],
    uartFiles: { uart3: traceFile },
  });
  const can: CanMessage[] = [];
  let hil: Awaited<ReturnType<typeof connectHilPeer>> | undefined;
  let bus: SlcanClient | undefined;
  try {
    const uart1 = vm.ports.uart1;
    const uart2 = vm.ports.uart2;
    if (uart1 === undefined || uart2 === undefined) throw new Error('QEMU has no TCP port for uart1/uart2');
    hil = await connectHilPeer(uart2);
    bus = await SlcanClient.connect(loopbackHost, uart1, { timeoutMs: 5000 });
    bus.on('frame', (frame) => can.push(frame));
    await resumeThroughMonitor(monitorPort);
    // Open the bus once the hypervisor runs: it empties the bus UART's receive FIFO when it starts.
    await vm.expect(/^\[control\] cruise control/m, { timeoutMs: 10_000 });
    await bus.open({ timestamps: true });
    while (hil.peer.trace.length < steps) {
      if (vm.exited)
        throw new Error(`QEMU exited after ${hil.peer.trace.length} steps: ${vm.stderr()}\n${vm.output()}`);
      if (Date.now() - started > WALL_LIMIT_MS)
        throw new Error(
          `only ${hil.peer.trace.length} of ${steps} steps in ${WALL_LIMIT_MS} ms:\n${vm.output()}`,
        );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\nconsole:\n${vm.output()}`);
  } finally {
    hil?.close();
    await bus?.end().catch(() => {});
    await vm.kill();
  }
  const text = existsSync(traceFile) ? readFileSync(traceFile, 'latin1') : '';
  const all = parseTrace(text.slice(0, text.lastIndexOf('\n') + 1));
  const ticks = all.length === 0 ? 0 : all[all.length - 1].tick;
  return {
    image,
    console: vm.output(),
    records: all.filter((r) => r.tick < ticks),
    ticks,
    hil: hil.peer.trace.slice(0, steps),
    can,
    wallMs: Date.now() - started,
  };
}
