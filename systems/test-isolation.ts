// Test system for MPU isolation and restart policy on QEMU (tests/e2e/hypervisor/isolation.test.ts):
// the layout and schedule of systems/test-two-vms.ts (alpha 2 ticks, beta 3 ticks, 1 idle tick in a
// 6-tick frame), with alpha running the `intruder` test guest against beta's data area and the
// hypervisor, and beta the `ping` guest. An MPU violation cold-restarts the offender (its code is
// copied back from the pristine image) up to 3 times; the next one halts it.
import type { SystemDescription } from '../firmware/config/types.ts';
import { coldRestartOnViolation } from './parts.ts';
import twoVms from './test-two-vms.ts';

const isolationHealth = coldRestartOnViolation(3);

export const system: SystemDescription = {
  ...twoVms,
  name: 'test-isolation',
  vms: [
    { ...twoVms.vms[0], image: 'test/intruder', health: isolationHealth },
    { ...twoVms.vms[1], image: 'test/ping', usesFpu: false, health: isolationHealth },
  ],
};

/** The build defines of the intruder guest (alpha): it writes into beta's data area (and, on odd
 *  attempts, the hypervisor). `BH_VM_<VM>_AREA_<AREA>_BASE` comes from the guest's generated layout header. */
export const guestDefines = { alpha: { BH_INTRUDER_TARGET: 'BH_VM_BETA_AREA_DATA_BASE' } };

export default system;
