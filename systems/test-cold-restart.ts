// Test system for restarts from the pristine image on QEMU (tests/e2e/hypervisor/restart.test.ts): the
// layout and schedule of systems/test-two-vms.ts, except that alpha's code area is writable (rwx) so its
// `rewrite-code` guest can overwrite its own linked image before provoking an MPU violation. The
// violation cold-restarts alpha (the hypervisor copies the pristine image back) up to twice, then halts
// it; beta runs the `ping` guest.
import type { SystemDescription } from '../firmware/config/types.ts';
import { coldRestartOnViolation } from './parts.ts';
import twoVms from './test-two-vms.ts';

const coldRestartHealth = coldRestartOnViolation(2);

const alpha = twoVms.vms[0];

export const system: SystemDescription = {
  ...twoVms,
  name: 'test-cold-restart',
  vms: [
    {
      ...alpha,
      image: 'test/rewrite-code',
      memory: [{ ...alpha.memory[0], access: 'rwx' }, alpha.memory[1]],
      health: coldRestartHealth,
    },
    { ...twoVms.vms[1], image: 'test/ping', usesFpu: false, health: coldRestartHealth },
  ],
};

export default system;
