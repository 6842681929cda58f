// Guests at EL1 on the Cortex-R52 (QEMU 10 `-M mps3-an536`, -icount shift=0): the `el1-hostile` guest
// runs one attack per warm restart against what a guest at EL1 could reach (EL2 registers, the GIC
// distributor, hypervisor memory, trapped PMU/timer/ACTLR/debug/VFP accesses, an SVC, vectors pointed
// into the hypervisor, its own EL1 MPU used and misprogrammed, an endless loop with interrupts masked,
// every EL1 register scribbled), while the
// `el1-checker` guest keeps its own values in those EL1 registers (its EL1 MPU on) and checks them in
// each of its slots. Asserted: every attack ends in the health event it must raise (through a stage-2
// abort or trap at EL2, the SDK's EL1 vectors and FaultReport, or the watchdog), none is "NOT STOPPED";
// the checker never sees a register changed; both keep their slots on the plan's boundaries.
import assert from 'node:assert/strict';

import { getBoard } from '../../../firmware/config/boards.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import { codeDataVm, consoleOn, KiB } from '../../../systems/parts.ts';
import { bootTraced, scheduleViolations } from './helpers/traced-boot.ts';

const TICKS = 120;
const HOSTILE = 0;
const AREA = 64 * KiB;
const HOSTILE_CODE_BASE = 0x2010_0000;
const board = getBoard('mps3-an536');
/** The first word of the hypervisor's image. */
const HYPERVISOR_WORD = board.hypervisor.base;
const GIC_DIST_BASE = board.devices.find((d) => d.name === 'gic')!.base;
/** Vector offset of the undefined-instruction exception (ARM DDI 0487, AArch32 vector table). */
const UNDEFINED_VECTOR = 0x4;
/** Ticks the hostile guest's watchdog waits for a kick (its self-locking attack is caught by it). */
const WATCHDOG_TICKS = 6;

const everyEvent = 'warm-restart' as const;
const system: SystemDescription = {
  name: 'test-el1-an536',
  board: 'mps3-an536',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'hostile',
      image: 'test/el1-hostile',
      code: { base: HOSTILE_CODE_BASE, size: AREA },
      data: { base: 0x2011_0000, size: AREA },
      health: {
        actions: {
          'mpu-violation': everyEvent,
          'undefined-instruction': everyEvent,
          'prefetch-abort': everyEvent,
          'bad-hypercall': everyEvent,
          watchdog: everyEvent,
        },
        defaultAction: 'halt',
        restartLimit: 40,
        watchdogTicks: WATCHDOG_TICKS,
      },
    }),
    codeDataVm({
      name: 'checker',
      image: 'test/el1-checker',
      code: { base: 0x2012_0000, size: AREA },
      data: { base: 0x2013_0000, size: AREA },
      health: { actions: {}, defaultAction: 'halt', restartLimit: 0, watchdogTicks: 0 },
    }),
  ],
  plans: [
    {
      name: 'main',
      majorFrame: 4,
      slots: [
        { vm: 'hostile', start: 0, duration: 2 },
        { vm: 'checker', start: 2, duration: 1 },
      ],
    },
  ],
  ports: [],
  console: consoleOn(2, ['hostile', 'checker']),
  vcanUart: -1,
  traceUart: 3,
};

/** Each attack of guests/test/el1-hostile in order, with the event it must raise and, where it is
 *  fixed, the address the fault log holds. */
const ATTACKS: [string, HealthEvent, number | null][] = [
  ['el2-register', HealthEvent.UndefinedInstruction, null],
  ['gic-distributor', HealthEvent.MpuViolation, GIC_DIST_BASE],
  ['hypervisor-memory', HealthEvent.MpuViolation, HYPERVISOR_WORD],
  ['pmu', HealthEvent.UndefinedInstruction, null],
  ['physical-timer', HealthEvent.UndefinedInstruction, null],
  ['actlr', HealthEvent.UndefinedInstruction, null],
  ['debug-breakpoint', HealthEvent.UndefinedInstruction, null],
  ['vfp-without-fpu', HealthEvent.UndefinedInstruction, null],
  ['svc', HealthEvent.UndefinedInstruction, null],
  ['vbar-into-hypervisor', HealthEvent.PrefetchAbort, HYPERVISOR_WORD + UNDEFINED_VECTOR],
  ['own-mpu', HealthEvent.MpuViolation, HOSTILE_CODE_BASE + AREA - 4],
  ['mpu-without-data', HealthEvent.MpuViolation, null],
  ['lockup', HealthEvent.Watchdog, null],
  ['scribble', HealthEvent.UndefinedInstruction, null],
];

describe('hypervisor on QEMU mps3-an536: hostile guests at EL1 and the EL1 state of each VM', function () {
  this.timeout(240_000);

  it('contains every EL1 attack by the health policy and keeps every EL1 register of the neighbour', async () => {
    const run = await bootTraced(system, TICKS, {
      guestDefines: {
        hostile: { BH_EL1_HOSTILE_HYPERVISOR_WORD: `0x${HYPERVISOR_WORD.toString(16)}u` },
      },
    });
    const context = `console:\n${run.console}`;
    assert.doesNotMatch(run.console, /NOT STOPPED/, context);
    assert.match(run.console, new RegExp(`^el1-hostile: done ${ATTACKS.length} attacks$`, 'm'), context);
    const started = [...run.console.matchAll(/^el1-hostile: attack (\d+) (\S+)$/gm)];
    assert.deepEqual(
      started.map((m) => m[2]),
      ATTACKS.map(([name]) => name),
      context,
    );
    assert.match(run.console, /^el1-hostile: own mpu on$/m, 'the guest ran under its own EL1 MPU');
    const faults = run.trace.filter((r) => r.kind === 'F' && r.vm === HOSTILE);
    assert.deepEqual(
      faults.map((f, i) => [ATTACKS[i]?.[0], f.a, ATTACKS[i]?.[2] === null ? null : f.b]),
      ATTACKS.map(([name, event, address]) => [name, event, address]),
      `faults: ${JSON.stringify(faults)}\n${context}`,
    );
    assert.deepEqual(
      [...new Set(run.trace.filter((r) => r.kind === 'A' && r.vm === HOSTILE).map((a) => a.a))],
      [HealthAction.WarmRestart],
    );
    const checks = [...run.console.matchAll(/^el1-checker: slot (\d+) (ok|CHANGED) (\d+) registers$/gm)];
    assert.ok(checks.length >= 12, `the checker ran its 12 slots\n${context}`);
    assert.deepEqual(
      checks.filter((m) => m[2] !== 'ok').map((m) => m[0]),
      [],
      context,
    );
    assert.doesNotMatch(run.console, /el1-checker: CHANGED/, context);
    assert.deepEqual(scheduleViolations(system, run.trace, TICKS), []);
  });
});
