// The validator's checks of a VM's passed-through devices: the board device exists and may be passed
// through, is not assigned twice nor shares an interrupt with another assignment, its interrupt budget,
// and its virtual interrupt number.
import type { BoardDescription, BoardDevice } from './boards.ts';
import { deviceGicId, findDevice } from './boards.ts';
import { VIRQ_COUNT, VIRQ_FIRST_DEVICE, VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN } from './limits.ts';
import type { VmDescription } from './types.ts';
import { arrayAt, checkInteger, type ErrorSink, show } from './validate-sink.ts';

/** What each reserved virtual interrupt number is for. */
const RESERVED_VIRQS = new Map<number, string>([
  [VIRQ_TIMER, 'the virtual timer (VIRQ_TIMER)'],
  [VIRQ_PORT, 'port notifications (VIRQ_PORT)'],
  [VIRQ_VCAN, 'virtual-CAN receive (VIRQ_VCAN)'],
]);

/** Interrupts a passed-through device may forward per major frame when its assignment sets no
 *  `irqBudgetPerFrame`, and the bounds of that field. */
export const DEFAULT_IRQ_BUDGET_PER_FRAME = 1000;
export const MIN_IRQ_BUDGET_PER_FRAME = 1;
export const MAX_IRQ_BUDGET_PER_FRAME = 1_000_000;

/** A device assignment that named a board device, remembered for the "assigned twice" checks. */
export interface DeviceClaim {
  readonly path: string;
  readonly vmName: string;
  readonly device: BoardDevice;
}

export function checkDevices(
  sink: ErrorSink,
  vm: VmDescription,
  vmPath: string,
  board: BoardDescription,
  roles: Map<number, string>,
  claims: DeviceClaim[],
): void {
  const devices = arrayAt(sink, `${vmPath}.devices`, vm.devices);
  const virqOwners = new Map<number, string>();
  devices.forEach((assignment, index) => {
    const path = `${vmPath}.devices[${index}]`;
    const device = typeof assignment.device === 'string' ? findDevice(board, assignment.device) : undefined;
    if (device === undefined) {
      sink.add(
        `${path}.device`,
        `unknown device ${show(assignment.device)} (board '${board.name}' has ${board.devices.map((d) => d.name).join(', ')})`,
      );
    } else if (device.reservedFor !== null) {
      sink.add(
        `${path}.device`,
        `device '${device.name}' cannot be passed through: it is reserved for ${device.reservedFor}`,
      );
    } else if (device.uartIndex >= 0 && roles.has(device.uartIndex)) {
      sink.add(
        `${path}.device`,
        `device '${device.name}' cannot be passed through: the system uses it for ${roles.get(device.uartIndex)}`,
      );
    } else {
      const twice = claims.find((c) => c.device.name === device.name);
      const sharedIrq = claims.find(
        (c) =>
          c.device.irq >= 0 &&
          deviceGicId(board, c.device) === deviceGicId(board, device) &&
          c.device.name !== device.name,
      );
      if (twice !== undefined) {
        sink.add(
          `${path}.device`,
          `device '${device.name}' is already assigned at ${twice.path} (VM '${twice.vmName}')`,
        );
      } else if (sharedIrq !== undefined) {
        sink.add(
          `${path}.device`,
          `device '${device.name}' uses board IRQ ${device.irq} (GIC ID ${deviceGicId(board, device)}), already routed for ` +
            `'${sharedIrq.device.name}' at ${sharedIrq.path} (VM '${sharedIrq.vmName}')`,
        );
      } else {
        claims.push({ path, vmName: vm.name, device });
      }
    }
    if (assignment.irqBudgetPerFrame !== undefined) {
      const budgetPath = `${path}.irqBudgetPerFrame`;
      if (device !== undefined && device.irq < 0) {
        sink.add(
          budgetPath,
          `device '${device.name}' has no interrupt, so it cannot have an interrupt budget`,
        );
      } else {
        checkInteger(
          sink,
          budgetPath,
          assignment.irqBudgetPerFrame,
          MIN_IRQ_BUDGET_PER_FRAME,
          MAX_IRQ_BUDGET_PER_FRAME,
          'interrupt budget per major frame',
        );
      }
    }
    if (checkInteger(sink, `${path}.virq`, assignment.virq, 0, VIRQ_COUNT - 1, 'virtual interrupt')) {
      const reserved = RESERVED_VIRQS.get(assignment.virq);
      if (reserved !== undefined || assignment.virq < VIRQ_FIRST_DEVICE) {
        sink.add(
          `${path}.virq`,
          `virq ${assignment.virq} is reserved for ${reserved ?? 'hypervisor-generated interrupts'}; ` +
            `device interrupts use ${VIRQ_FIRST_DEVICE}..${VIRQ_COUNT - 1}`,
        );
      } else if (virqOwners.has(assignment.virq)) {
        sink.add(
          `${path}.virq`,
          `virq ${assignment.virq} is already used by ${virqOwners.get(assignment.virq)} in VM '${vm.name}'`,
        );
      } else {
        virqOwners.set(assignment.virq, `${path} ('${String(assignment.device)}')`);
      }
    }
  });
}
