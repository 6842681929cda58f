// deriveTables tests: the demo system becomes run-time tables (indices, capability bits, policies,
// idle windows, pool offsets, interrupt routes, UARTs) that the core accepts; invalid descriptions are
// refused with their config paths; and the demo tables boot in the simulation.
import assert from 'node:assert/strict';
import { deriveTables } from '../../../firmware/config/derive.ts';
import { InvalidSystemError, validatedSystem } from '../../../firmware/config/validated-system.ts';
import { DEFAULT_IRQ_BUDGET_PER_FRAME } from '../../../firmware/config/validate.ts';
import { NO_VM } from '../../../firmware/core/limits.ts';
import { queueBytes } from '../../../firmware/core/port-layout.ts';
import { accountedTicks } from '../../../firmware/core/scheduler.ts';
import {
  CAP_READ_FAULT_LOG,
  CAP_RESTART_VM,
  CAP_SWITCH_PLAN,
  CAP_VM_STATUS,
  HealthAction,
  HealthEvent,
  PortKind,
  AREA_READ,
  AREA_WRITE,
  AREA_EXEC,
} from '../../../firmware/core/tables.ts';
import { InitResult } from '../../../firmware/core/hypervisor.ts';
import { SimMachine } from '../../../firmware/sim/machine.ts';
import demo from '../../../systems/demo.ts';
import { system } from '../core/support.ts';

describe('firmware/config deriveTables', () => {
  const tables = deriveTables(validatedSystem(demo));

  it('turns the demo system into tables', () => {
    assert.equal(tables.vms.length, 2);
    const [control, diag] = tables.vms;
    assert.equal(control.name, 'control');
    assert.equal(control.entry, 0x0010_0000);
    assert.equal(control.usesFpu, true);
    assert.deepEqual(control.areas, [
      { base: 0x0010_0000, size: 0x4_0000, access: AREA_READ | AREA_EXEC },
      { base: 0x0014_0000, size: 0x4_0000, access: AREA_READ | AREA_WRITE },
    ]);
    assert.equal(tables.mpuWordsPerRegion, 3, 'PMSAv7: DRBAR, DRSR, DRACR');
    assert.equal(control.mpuWords.length, 3 * 3, 'code, data, uart2');
    assert.equal(control.healthActions[HealthEvent.MpuViolation], HealthAction.WarmRestart);
    assert.equal(control.healthActions[HealthEvent.Watchdog], HealthAction.WarmRestart);
    assert.equal(control.healthActions[HealthEvent.InternalError], HealthAction.Halt, 'default action');
    assert.equal(diag.capabilities, CAP_RESTART_VM | CAP_READ_FAULT_LOG | CAP_VM_STATUS | CAP_SWITCH_PLAN);
    assert.equal(diag.healthActions.length, 6);
    assert.deepEqual(tables.plans[0].windows, [
      { vm: 0, start: 0, duration: 5 },
      { vm: 1, start: 5, duration: 3 },
      { vm: NO_VM, start: 8, duration: 2 },
    ]);
    assert.deepEqual(
      tables.ports.map((p) => [p.kind, p.source, p.destinations, p.bufferOffset]),
      [
        [PortKind.Sampling, 0, 0b10, 0],
        [PortKind.Queuing, 0, 0b10, 32],
        [PortKind.Queuing, 1, 0b01, 32 + queueBytes(16, 16)],
      ],
    );
    assert.deepEqual(tables.irqRoutes, [
      { irq: 32 + 14, vm: 0, virq: 8, budgetPerFrame: DEFAULT_IRQ_BUDGET_PER_FRAME },
    ]);
    assert.equal(tables.invariantsReportTicks, 0, 'the demo prints no invariant report');
    assert.equal(tables.traceUart, 3);
    assert.equal(tables.vcanUart, 1);
    assert.equal(tables.hvConsoleUart, 0);
  });

  it('gives tables the core accepts and runs', () => {
    const m = new SimMachine(tables, []);
    assert.equal(m.initResult, InitResult.Ok);
    m.run(25);
    assert.equal(accountedTicks(), 25);
  });

  it('refuses an invalid description naming the path', () => {
    const bad = system({
      plans: [{ name: 'p', majorFrame: 4, slots: [{ vm: 'nobody', start: 0, duration: 2 }] }],
    });
    assert.throws(
      () => deriveTables(validatedSystem(bad)),
      (e: unknown) => e instanceof InvalidSystemError && /plans\[0\]\.slots\[0\]\.vm/.test(e.message),
    );
  });
});
