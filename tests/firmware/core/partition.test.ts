// Partition tests: the entry state of a VM's context, table checks at hvInit, VFP state saved and
// restored only for VMs that declare FPU use, restarts requested by a privileged VM (warm keeps memory,
// cold restores the pristine image), and the isolation the derived MPU regions give in the MPU model.
import assert from 'node:assert/strict';
import { findDevice, getBoard } from '../../../firmware/config/boards.ts';
import { deriveTables } from '../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import { Hypercall, HvResult, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { hvCurrentContext, InitResult } from '../../../firmware/core/hypervisor.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import { HealthAction, type SystemTables } from '../../../firmware/core/tables.ts';
import { contextOf, CPSR_MODE_USR, CPSR_THUMB } from '../../../firmware/core/vcpu-context.ts';
import { MpuModel, FSR_BACKGROUND, FSR_PERMISSION, FSR_WNR } from '../../../firmware/sim/mpu-model.ts';
import { SimMachine } from '../../../firmware/sim/machine.ts';
import demo from '../../../systems/demo.ts';
import { codeBase, dataBase, AREA_SIZE, machine, scripted, system, tablesOf, vm } from './support.ts';

describe('firmware/core partitions', () => {
  it('starts each VM at its entry in USR mode with its stack and its index in r0', () => {
    machine(system({ vms: [vm(0, 'a'), vm(1, 'b', { entry: codeBase(1) + 0x41 })] }));
    const a = contextOf(0);
    assert.equal(a.pc, codeBase(0));
    assert.equal(a.cpsr, CPSR_MODE_USR);
    assert.equal(a.spUsr, dataBase(0) + AREA_SIZE);
    assert.equal(a.r[0], 0);
    const b = contextOf(1);
    assert.equal(b.pc, codeBase(1) + 0x40);
    assert.equal(b.cpsr, CPSR_MODE_USR | CPSR_THUMB);
    assert.equal(b.r[0], 1);
    assert.equal(hvCurrentContext(), a, 'a owns the first slot');
  });

  it('refuses inconsistent tables at hvInit and runs only the idle thread', () => {
    const good = tablesOf(system());
    const cases: [string, SystemTables, InitResult][] = [
      [
        'a window past the frame',
        { ...good, plans: [{ majorFrame: 4, windows: [{ vm: 0, start: 0, duration: 5 }] }] },
        InitResult.BadPlan,
      ],
      [
        'a gap between windows',
        { ...good, plans: [{ majorFrame: 4, windows: [{ vm: 0, start: 1, duration: 3 }] }] },
        InitResult.BadPlan,
      ],
      [
        'an unknown VM in a window',
        { ...good, plans: [{ majorFrame: 2, windows: [{ vm: 5, start: 0, duration: 2 }] }] },
        InitResult.BadPlan,
      ],
      [
        'a short health table',
        { ...good, vms: [{ ...good.vms[0], healthActions: [HealthAction.Log] }, good.vms[1]] },
        InitResult.BadVm,
      ],
      [
        'a port outside the pool',
        {
          ...good,
          ports: [
            {
              kind: 1,
              source: 0,
              destinations: 2,
              maxMessageSize: 1024,
              depth: 64,
              refreshTicks: 0,
              bufferOffset: 0,
            },
          ],
        },
        InitResult.BadPort,
      ],
      [
        'a route to an unknown VM',
        { ...good, irqRoutes: [{ irq: 46, vm: 4, virq: 8, budgetPerFrame: 0 }] },
        InitResult.BadIrqRoute,
      ],
    ];
    for (const [what, tables, expected] of cases) {
      const ran = scripted();
      const m = new SimMachine(tables, [ran, ran]);
      assert.equal(m.initResult, expected, what);
      m.run(10);
      assert.deepEqual(ran.ran, [], `${what}: no VM runs`);
    }
  });

  it('saves and restores VFP registers only for VMs that use the FPU', () => {
    const desc = system({ vms: [vm(0, 'a', { usesFpu: true }), vm(1, 'b')] });
    const seen: boolean[] = [];
    const a = scripted({ 0: (g) => g.machine.sim.vfpRegisters.fill(0x3f800000) });
    const b = scripted({
      3: (g) => {
        seen.push(g.machine.sim.vfpEnabled);
        g.machine.sim.vfpRegisters.fill(7); // b cannot really touch the VFP: its writes must not reach a
      },
    });
    const m = machine(desc, [a, b]);
    m.run(7);
    assert.deepEqual(seen, [false], 'the VFP is disabled for a VM that does not use it');
    assert.equal(m.sim.vfpEnabled, true);
    assert.ok(
      m.sim.vfpRegisters.every((w) => w === 0x3f800000),
      "a's registers are back when it resumes",
    );
    assert.ok(
      contextOf(0)
        .vfp.subarray(0, 32)
        .every((w) => w === 0x3f800000),
      'd0..d15 saved',
    );
  });

  it('restarts another VM on request: warm keeps memory, cold restores the pristine image', () => {
    const desc = system({ vms: [vm(0, 'a'), vm(1, 'b', { capabilities: ['restart-vm', 'halt-vm'] })] });
    const results: number[] = [];
    const a = scripted({ 0: (g) => g.store(dataBase(0), [5, 6]) });
    const b = scripted({
      3: (g) => results.push(g.call(Hypercall.VmRestart, 0, 0).r0),
      9: (g) => results.push(g.call(Hypercall.VmRestart, 0, 1).r0),
      33: (g) => results.push(g.call(Hypercall.VmHalt, 0).r0),
    });
    const m = machine(desc, [a, b]);
    m.run(4);
    assert.deepEqual(Array.from(m.memory.read(dataBase(0), 2)), [5, 6]);
    assert.equal(partitionOf(0).starts, 2);
    m.run(6);
    assert.equal(partitionOf(0).state, VmState.Restarting);
    // The image (128 KiB of areas) is checked and copied at 32 KiB per tick of a's own slots: 8 ticks.
    assert.deepEqual(
      a.ran.filter((t) => t >= 9 && t < 27),
      [],
      'a does not run while it restarts',
    );
    m.run(18);
    assert.deepEqual(Array.from(m.memory.read(dataBase(0), 2)), [0, 0]);
    assert.equal(partitionOf(0).starts, 3);
    m.run(8);
    assert.deepEqual(results, [HvResult.Ok, HvResult.Ok, HvResult.Ok]);
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.equal(
      partitionOf(0).healthRestarts,
      0,
      'requested restarts do not count against the health limit',
    );
  });

  it('derived MPU regions confine each demo VM to its own areas and devices', () => {
    const tables = deriveTables(validatedSystem(demo));
    const mpu = new MpuModel();
    const load = (index: number) => {
      const words = tables.vms[index].mpuWords;
      mpu.load(words, tables.mpuWordsPerRegion, words.length / tables.mpuWordsPerRegion);
    };
    const uart0 = findDevice(getBoard('realview-eb'), 'uart0')!.base;
    const uart2 = findDevice(getBoard('realview-eb'), 'uart2')!.base;
    load(0); // control: code rx 0x100000, data rw 0x140000, uart2
    assert.equal(mpu.check(0x0010_0000, 'execute').allowed, true);
    assert.deepEqual(mpu.check(0x0010_0010, 'write'), {
      allowed: false,
      status: FSR_PERMISSION | FSR_WNR,
      region: 0,
    });
    assert.equal(mpu.check(0x0017_fffc, 'write').allowed, true);
    assert.equal(mpu.check(0x0014_0000, 'execute').allowed, false, 'data is execute-never');
    assert.equal(mpu.check(uart2, 'write').allowed, true, 'its passed-through UART');
    assert.equal(mpu.check(uart2, 'execute').allowed, false, 'devices are execute-never');
    assert.equal(mpu.check(0x0020_0000, 'read').status, FSR_BACKGROUND, "diag's code");
    assert.equal(mpu.check(0x0000_0000, 'read').allowed, false, 'the hypervisor');
    assert.equal(mpu.check(uart0, 'write').allowed, false, 'the hypervisor console UART');
    load(1); // diag
    assert.equal(mpu.check(0x0028_0000, 'write').allowed, true);
    assert.equal(mpu.check(0x0014_0000, 'read').allowed, false, "control's data");
    assert.equal(mpu.check(uart2, 'read').allowed, false, "control's UART");
  });
});
