// ECUReset (0x11) of the UDS server: 0x01 hardReset (cold restart of the control partition, then of
// this diagnostic partition) and 0x03 softReset (warm restart of this partition only). The positive
// response goes out first: the request only arms the reset, which the guest's main loop performs
// once the transport has sent the response (`ecuResetDue`, `ecuResetPerform`). The retained store is
// already saved (every change is written through), so the DTCs survive. The dispatcher has checked
// the minimum length and the sub-function. In the TS subset.
import { bool, u32 } from '../../../transpiler/runtime/index.ts';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { bhVersion, bhVmRestart } from '../../sdk/ts/bulkhead.ts';
import { diagControlVm } from '../platform.ts';
import {
  NRC_INCORRECT_LENGTH,
  requestByte,
  SID_ECU_RESET,
  SUB_FUNCTION_MASK,
  UdsResponse,
} from './protocol.ts';

export const RESET_HARD = 0x01;
export const RESET_SOFT = 0x03;
const RESTART_WARM = 0;
const RESTART_COLD = 1;

/** Reset armed by the last request (0: none). */
let armed: u32 = 0;
const versionValues: Uint32Array = new Uint32Array(3);

export function ecuResetInit(): void {
  armed = 0;
}

/** True for the reset types this server has. */
export function ecuResetSupported(sub: u32): bool {
  return sub === RESET_HARD || sub === RESET_SOFT;
}

/** ECUReset: `11 01` or `11 03`; arms the reset and answers `51 sub`. */
export function ecuReset(request: Uint8Array, length: u32, response: UdsResponse): void {
  if (length !== 2) {
    response.negative(SID_ECU_RESET, NRC_INCORRECT_LENGTH);
    return;
  }
  const sub = u32(requestByte(request, length, 1) & SUB_FUNCTION_MASK);
  armed = sub;
  response.positive(SID_ECU_RESET);
  response.put(sub);
}

/** True when a reset waits for its response to be sent. */
export function ecuResetDue(): bool {
  return armed !== 0;
}

/** Performs the armed reset. Restarting this partition does not return (on the target). */
export function ecuResetPerform(): void {
  const kind = armed;
  armed = 0;
  if (bhVersion(versionValues) !== u32(HvResult.Ok)) {
    return;
  }
  const self = versionValues[1];
  if (kind === RESET_HARD) {
    const control = diagControlVm();
    bhVmRestart(control, RESTART_COLD);
    bhVmRestart(self, RESTART_COLD);
  } else if (kind === RESET_SOFT) {
    bhVmRestart(self, RESTART_WARM);
  }
}
