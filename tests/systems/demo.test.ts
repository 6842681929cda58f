// Tests of the default system (systems/demo.ts): it validates clean on realview-eb and has the shape
// docs/DESIGN.md §5 promises (guests, UART roles, CAN identifiers, plans, ports).
import assert from 'node:assert/strict';
import { getBoard } from '../../firmware/config/boards.ts';
import { planVmRegions } from '../../firmware/config/mpu-plan.ts';
import { validateSystem } from '../../firmware/config/validate.ts';
import demo, { system } from '../../systems/demo.ts';

describe('systems/demo', () => {
  it('validates clean on its board', () => {
    assert.deepEqual(validateSystem(demo, getBoard(demo.board)), []);
  });

  it('exports the same description as default and as `system`', () => {
    assert.equal(demo, system);
  });

  it('has the board channels of docs/DESIGN.md §5: console UART0, vCAN UART1, UART2 to control, trace UART3', () => {
    assert.equal(demo.vcanUart, 1);
    assert.equal(demo.traceUart, 3);
    assert.deepEqual(
      demo.console.map((r) => [r.vm, r.uart]),
      [
        ['control', 0],
        ['diag', 0],
      ],
    );
    const control = demo.vms.find((vm) => vm.name === 'control')!;
    assert.deepEqual(
      control.devices.map((d) => d.device),
      ['uart2'],
    );
    assert.equal(control.usesFpu, true);
  });

  it('gives diag the UDS identifiers (rx 0x7E0/0x7DF, tx 0x7E8) and control tx 0x100 only', () => {
    const diag = demo.vms.find((vm) => vm.name === 'diag')!;
    const control = demo.vms.find((vm) => vm.name === 'control')!;
    assert.deepEqual(
      diag.canRx.map((f) => f.match),
      [0x7e0, 0x7df],
    );
    assert.deepEqual(
      diag.canTx.map((f) => f.match),
      [0x7e8],
    );
    assert.deepEqual(
      control.canTx.map((f) => [f.match, f.mask]),
      [[0x100, 0x7ff]],
    );
    assert.deepEqual([...diag.capabilities].sort(), [
      'read-fault-log',
      'restart-vm',
      'switch-plan',
      'vm-status',
    ]);
  });

  it('maps every guest area with one MPU region above the hypervisor MiB', () => {
    const board = getBoard(demo.board);
    for (const vm of demo.vms) {
      const { regions, errors } = planVmRegions(vm, board);
      assert.deepEqual(errors, []);
      assert.equal(regions.length, vm.memory.length + vm.devices.length);
      for (const area of vm.memory) assert.ok(area.base >= board.hypervisor.base + board.hypervisor.size);
    }
  });
});
