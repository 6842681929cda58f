// Job: the routines of the diagnostic guest (RoutineControl 0x31, docs/UDS.md): identifiers, names for
// the command line, and decoding of their status records (0x0200 restart control partition: start
// status and the control VM's state; 0xF000 diag self-test: pass/fail and the CRC-32 of the diag code).
import { VM_STATE_NAMES } from './dids.ts';

export const ROUTINE_RESTART_CONTROL = 0x0200;
export const ROUTINE_SELF_TEST = 0xf000;
const CONTROL_START = 0x01;
const CONTROL_RESULTS = 0x03;

/** Command-line names of the routines. */
export const ROUTINE_NAMES: Readonly<Record<string, number>> = {
  'restart-control': ROUTINE_RESTART_CONTROL,
  'self-test': ROUTINE_SELF_TEST,
};

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** One line for the status record of a positive RoutineControl answer. */
export function describeRoutineStatus(routineId: number, controlType: number, status: Uint8Array): string {
  if (routineId === ROUTINE_RESTART_CONTROL) {
    if (controlType === CONTROL_START && status.length === 1)
      return status[0] === 0 ? 'restart requested' : `start status 0x${hex(status)}`;
    if (controlType === CONTROL_RESULTS && status.length === 1)
      return `control partition ${VM_STATE_NAMES[status[0]] ?? `state ${status[0]}`}`;
  }
  if (routineId === ROUTINE_SELF_TEST && controlType === CONTROL_RESULTS && status.length === 5) {
    const crc = Buffer.from(status.subarray(1)).readUInt32BE(0);
    const verdict =
      status[0] === 0 ? 'pass' : status[0] === 1 ? 'fail' : `result 0x${hex(status.subarray(0, 1))}`;
    return `${verdict}, diag code CRC-32 0x${crc.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return status.length === 0 ? 'no status record' : `status ${hex(status)}`;
}
