// Test system for the UDS full-stack QEMU tests (tests/e2e/uds/): the demo system (systems/demo.ts:
// control guest with the HIL link, diagnostic guest with the UDS server, their ports and CAN filters)
// plus a third VM, `intruder`, running guests/test/intruder, whose writes into another VM's memory and
// into the hypervisor end in MPU violations; the health monitor logs each (cold restart, at most 3,
// then halt) and the diagnostic guest reports them as DTCs 0xB102xx. The intruder gets the demo plans'
// idle tick (tick 8 of the normal plan, tick 9 of diag-heavy), so the control and diag slots are the
// demo's.
import type { SystemDescription } from '../firmware/config/types.ts';
import demo from './demo.ts';
import { codeDataVm, coldRestartOnViolation, KiB } from './parts.ts';
/** Intruder memory: 64 KiB code and 64 KiB data + stack, far above the demo's partitions. */
const INTRUDER_AREA_SIZE = 64 * KiB;
const INTRUDER_CODE_BASE = 0x0060_0000;
const INTRUDER_DATA_BASE = 0x0061_0000;

const NORMAL_PLAN_IDLE_TICK = 8;
const DIAG_HEAVY_PLAN_IDLE_TICK = 9;
const INTRUDER_SLOT_TICKS = 1;

/** MPU violations the intruder may cause before it is halted (each cold-restarts it). */
const INTRUDER_RESTART_LIMIT = 3;

const intruder = codeDataVm({
  name: 'intruder',
  image: 'test/intruder',
  code: { base: INTRUDER_CODE_BASE, size: INTRUDER_AREA_SIZE },
  data: { base: INTRUDER_DATA_BASE, size: INTRUDER_AREA_SIZE },
  health: coldRestartOnViolation(INTRUDER_RESTART_LIMIT),
});

const idleTick: Record<string, number> = {
  normal: NORMAL_PLAN_IDLE_TICK,
  'diag-heavy': DIAG_HEAVY_PLAN_IDLE_TICK,
};

export const system: SystemDescription = {
  ...demo,
  name: 'test-uds',
  vms: [...demo.vms, intruder],
  plans: demo.plans.map((plan) => ({
    ...plan,
    slots: [
      ...plan.slots,
      {
        vm: intruder.name,
        start: idleTick[plan.name] ?? NORMAL_PLAN_IDLE_TICK,
        duration: INTRUDER_SLOT_TICKS,
      },
    ],
  })),
  console: [...demo.console, { vm: intruder.name, uart: 0 }],
};

/** The build defines of the intruder guest: it writes into the control VM's data area (and, on odd
 *  attempts, the hypervisor). `BH_VM_<VM>_AREA_<AREA>_BASE` comes from the guest's generated layout header. */
export const guestDefines = { intruder: { BH_INTRUDER_TARGET: 'BH_VM_CONTROL_AREA_DATA_BASE' } };

export default system;
