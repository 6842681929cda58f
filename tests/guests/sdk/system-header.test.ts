// The generated per-VM system header (guests/sdk/system-header.ts): VM and port indices agree with the
// run-time tables `deriveTables` builds (the numbers the hypervisor checks hypercall arguments
// against), port sizes and depths, memory areas, passed-through devices with their board addresses and
// virtual interrupts, FPU use, the board's hypervisor memory; names become C identifiers; an unknown VM
// is named in the error.
import assert from 'node:assert/strict';

import { findDevice, getBoard } from '../../../firmware/config/boards.ts';
import { deriveTables } from '../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import { cIdentifier, systemHeaderText } from '../../../cli/build/generate/system-header.ts';
import demo from '../../../systems/demo.ts';
import testOneVmAn536 from '../../../systems/test-one-vm-an536.ts';
import testTwoVms from '../../../systems/test-two-vms.ts';

function defines(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of text.matchAll(/^#define (\w+) (.+)$/gm)) map.set(m[1], m[2]);
  return map;
}

const cNumber = (literal: string | undefined): number => {
  assert.ok(literal !== undefined);
  return Number(literal.replace(/u$/, ''));
};

describe('guest SDK: generated system header', () => {
  it('turns names into C identifiers', () => {
    assert.equal(cIdentifier('vehicle_status'), 'VEHICLE_STATUS');
    assert.equal(cIdentifier('test-two-vms'), 'TEST_TWO_VMS');
    assert.equal(cIdentifier('diag-heavy'), 'DIAG_HEAVY');
  });

  for (const desc of [demo, testTwoVms]) {
    it(`agrees with deriveTables for every VM and port of '${desc.name}'`, () => {
      const tables = deriveTables(validatedSystem(desc));
      desc.vms.forEach((vm, vmIndex) => {
        const d = defines(systemHeaderText(desc, vm.name));
        assert.equal(cNumber(d.get('BH_SELF_VM')), vmIndex);
        assert.equal(d.get('BH_SELF_NAME'), `"${vm.name}"`);
        assert.equal(cNumber(d.get('BH_VM_COUNT')), tables.vms.length);
        assert.equal(d.get('BH_USES_FPU'), vm.usesFpu ? '1' : '0');
        assert.equal(cNumber(d.get('BH_ENTRY')), tables.vms[vmIndex].entry);
        assert.equal(cNumber(d.get('BH_STACK_TOP')), tables.vms[vmIndex].stackTop);
        desc.vms.forEach((other, otherIndex) => {
          assert.equal(cNumber(d.get(`BH_VM_${cIdentifier(other.name)}`)), otherIndex);
          other.memory.forEach((area, areaIndex) => {
            const prefix = `BH_VM_${cIdentifier(other.name)}_AREA_${cIdentifier(area.name)}`;
            assert.equal(cNumber(d.get(`${prefix}_BASE`)), tables.vms[otherIndex].areas[areaIndex].base);
            assert.equal(cNumber(d.get(`${prefix}_SIZE`)), area.size);
          });
        });
        desc.ports.forEach((port, portIndex) => {
          const prefix = `BH_PORT_${cIdentifier(port.name)}`;
          const entry = tables.ports[cNumber(d.get(prefix))];
          assert.equal(cNumber(d.get(prefix)), portIndex);
          assert.equal(entry.maxMessageSize, cNumber(d.get(`${prefix}_MAX_MESSAGE`)));
          assert.equal(entry.depth, cNumber(d.get(`${prefix}_DEPTH`)));
          assert.equal(
            entry.source,
            desc.vms.findIndex((v) => v.name === port.source),
          );
        });
      });
    });
  }

  it('describes passed-through devices with their board registers and virtual interrupt', () => {
    const control = defines(systemHeaderText(demo, 'control'));
    assert.equal(
      cNumber(control.get('BH_DEVICE_UART2_BASE')),
      findDevice(getBoard('realview-eb'), 'uart2')!.base,
    );
    assert.equal(cNumber(control.get('BH_DEVICE_UART2_SIZE')), 0x1000);
    assert.equal(cNumber(control.get('BH_DEVICE_UART2_VIRQ')), 8);
    const diag = defines(systemHeaderText(demo, 'diag'));
    assert.equal(diag.has('BH_DEVICE_UART2_BASE'), false, 'a device is described only for its own VM');
  });

  it("gives the board's hypervisor memory (a range a guest must not reach)", () => {
    for (const desc of [testTwoVms, testOneVmAn536]) {
      const d = defines(systemHeaderText(desc, desc.vms[0].name));
      const { hypervisor } = getBoard(desc.board);
      assert.equal(cNumber(d.get('BH_BOARD_HYPERVISOR_BASE')), hypervisor.base, desc.name);
      assert.equal(cNumber(d.get('BH_BOARD_HYPERVISOR_SIZE')), hypervisor.size, desc.name);
    }
  });

  it('names an unknown VM and the known ones', () => {
    assert.throws(
      () => systemHeaderText(demo, 'nobody'),
      /system 'demo' has no VM 'nobody' \(VMs: control, diag\)/,
    );
  });
});
