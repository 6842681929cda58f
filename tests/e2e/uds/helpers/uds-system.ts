// Job: boot systems/test-uds.ts (the demo's control and diagnostic VMs plus the intruder VM) in QEMU
// under -icount for the UDS full-stack tests: build the image once per process, start QEMU stopped
// (-S), connect the host vehicle model to UART2 (HIL link, lock-step, optional fault injection) and only
// then resume the CPU through QEMU's monitor, so the control loop's step numbers are exact. Hands back
// the instance, the vehicle peer and the bus port; `connectTester` opens the UDS host tester on the bus
// once the diagnostic guest answers TesterPresent. On a board other than realview-eb the system is the
// same one moved to that board (`bulkhead build --board`).
import { join } from 'node:path';

import { buildHypervisorSystem, type BuiltSystem } from '../../../../cli/build/system.ts';
import { pickFreePorts } from '../../../../qemu/runner/free-ports.ts';
import {
  launch,
  monitorArguments,
  repoRoot,
  resumeThroughMonitor,
  type QemuInstance,
} from '../../../../qemu/runner/index.ts';
import {
  connectHilPeer,
  type ConnectedHilPeer,
  type HilPeerOptions,
} from '../../../../qemu/vehicle/host-peer.ts';
import { connectUds, type UdsConnection } from '../../../../qemu/uds/connect.ts';
import { UdsNegativeResponseError } from '../../../../qemu/uds/errors.ts';

export const UDS_SYSTEM = join(repoRoot, 'systems', 'test-uds.ts');
const OUT_ROOT = join(repoRoot, 'out', 'e2e', 'uds');
/** The intruder writes into the control VM's data area (and, on odd attempts, the hypervisor). */
const INTRUDER_TARGET = 'BH_VM_CONTROL_AREA_DATA_BASE';

/** The board of test-uds's own description. */
export const UDS_BOARD = 'realview-eb';
const images = new Map<string, Promise<BuiltSystem>>();

/** The test-uds image for `board`, built once per process. */
export function udsImage(board = UDS_BOARD): Promise<BuiltSystem> {
  let image = images.get(board);
  if (image === undefined) {
    image = buildHypervisorSystem(UDS_SYSTEM, {
      outRoot: OUT_ROOT,
      board,
      guestDefines: { intruder: { BH_INTRUDER_TARGET: INTRUDER_TARGET } },
    });
    images.set(board, image);
  }
  return image;
}

export interface UdsSystem {
  vm: QemuInstance;
  hil: ConnectedHilPeer;
  /** TCP port of the bus UART (SLCAN). */
  busPort: number;
  stop(): Promise<void>;
}

/** Boots the test-uds system with the vehicle model (options: fault injection) and resumes it. */
export async function bootUdsSystem(peer: HilPeerOptions = {}, board = UDS_BOARD): Promise<UdsSystem> {
  const built = await udsImage(board);
  const [monitorPort] = await pickFreePorts(1);
  const vm = await launch({
    elf: built.elf,
    board,
    icount: { shift: 0, sleep: false },
    timeoutMs: 150_000,
    extraArgs: ['-S', ...monitorArguments(monitorPort)],
  });
  const stopVm = async (): Promise<void> => {
    await vm.kill();
  };
  const hilPort = vm.ports.uart2;
  const busPort = vm.ports.uart1;
  if (hilPort === undefined || busPort === undefined) {
    await stopVm();
    throw new Error('QEMU has no TCP port for uart1 (bus) or uart2 (HIL link)');
  }
  let hil: ConnectedHilPeer;
  try {
    hil = await connectHilPeer(hilPort, peer);
    await resumeThroughMonitor(monitorPort);
  } catch (error) {
    await stopVm();
    throw error;
  }
  return {
    vm,
    hil,
    busPort,
    async stop() {
      hil.close();
      await stopVm();
    },
  };
}

/** Opens the UDS tester on the bus and waits (up to `readyMs` of wall time) until the diagnostic guest
 *  answers TesterPresent. */
export async function connectTester(system: UdsSystem, readyMs = 30_000): Promise<UdsConnection> {
  return connectTesterTo(system.vm, system.busPort, readyMs);
}

/** connectTester for any instance whose bus UART is on TCP port `busPort`. */
export async function connectTesterTo(
  vm: QemuInstance,
  busPort: number,
  readyMs = 30_000,
): Promise<UdsConnection> {
  const connection = await connectUds({ port: busPort, p2Ms: 2000, p2StarMs: 8000 });
  const end = Date.now() + readyMs;
  for (;;) {
    try {
      await connection.client.testerPresent();
      return connection;
    } catch (error) {
      if (Date.now() > end || vm.exited) {
        await connection.close();
        throw new Error(
          `the diagnostic guest did not answer TesterPresent within ${readyMs} ms (${(error as Error).message}); console:\n${vm.output()}`,
        );
      }
    }
  }
}

/** The NRC of a request that must be answered negatively (throws when it succeeds). */
export async function nrcOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    if (error instanceof UdsNegativeResponseError) return error.nrc;
    throw error;
  }
  throw new Error('a negative response was expected, the request succeeded');
}

/** Waits until the vehicle model has made `steps` steps (control periods of virtual time). */
export async function waitForSteps(system: UdsSystem, steps: number, wallLimitMs = 30_000): Promise<void> {
  const end = Date.now() + wallLimitMs;
  while (system.hil.peer.trace.length < steps) {
    if (system.vm.exited) throw new Error(`QEMU exited: ${system.vm.output()}`);
    if (Date.now() > end)
      throw new Error(
        `only ${system.hil.peer.trace.length} of ${steps} control periods within ${wallLimitMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
