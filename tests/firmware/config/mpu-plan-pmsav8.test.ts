// Tests of the PMSAv8-32 (EL2 MPU) planner: HPRBAR/HPRLAR fields decoded independently here per the
// Armv8-R AArch32 supplement, one region per area and device, the 64-byte granule, the access
// encodings, HMAIR0, and the region budget refused with the path of the first area that does not fit.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { realviewEb } from '../../../firmware/config/boards.ts';
import {
  AP8_RO_ANY,
  AP8_RW_ANY,
  ATTRINDX_DEVICE,
  ATTRINDX_NORMAL,
  HMAIR0_VALUE,
  planVmRegionsPmsav8,
  PRBAR_AP_SHIFT,
  PRBAR_BASE_MASK,
  PRBAR_SH_SHIFT,
  PRBAR_XN,
  PRLAR_ATTRINDX_SHIFT,
  PRLAR_EN,
  PRLAR_LIMIT_MASK,
  type Pmsav8RegionValue,
} from '../../../firmware/config/mpu-plan-pmsav8.ts';
import type { MemoryArea, VmDescription } from '../../../firmware/config/types.ts';
import { cMacroValues } from './c-macro-values.ts';

function vmWith(memory: MemoryArea[], devices: VmDescription['devices'] = []): VmDescription {
  return {
    name: 'probe',
    image: 'probe',
    entry: memory[0]?.base ?? 0,
    stackTop: 0,
    memory,
    devices,
    capabilities: [],
    health: { actions: {}, defaultAction: 'log', restartLimit: 0, watchdogTicks: 0 },
    canTx: [],
    canRx: [],
    canRxDepth: 0,
    usesFpu: false,
  };
}

const budget = { boardName: 'probe-board', regions: 16 };

/** The fields of a region, decoded from the register values alone. */
function decode(region: Pick<Pmsav8RegionValue, 'prbar' | 'prlar'>) {
  return {
    base: (region.prbar & ~0x3f) >>> 0,
    end: ((region.prlar & ~0x3f) >>> 0) + 0x40,
    xn: (region.prbar & 1) === 1,
    ap: (region.prbar >>> 1) & 3,
    sh: (region.prbar >>> 3) & 3,
    attrIndex: (region.prlar >>> 1) & 7,
    enabled: (region.prlar & 1) === 1,
  };
}

describe('PMSAv8-32 EL2 MPU planner', function () {
  it('maps every 64-byte-aligned area with exactly one region covering exactly its bytes', function () {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 26 - 1 }),
        fc.integer({ min: 1, max: 2 ** 20 }),
        fc.constantFrom('r', 'rx', 'rw', 'rwx'),
        (baseGranules, sizeGranules, access) => {
          const base = baseGranules * 64;
          const size = sizeGranules * 64;
          fc.pre(base + size <= 2 ** 32);
          const plan = planVmRegionsPmsav8(vmWith([{ name: 'a', base, size, access }]), realviewEb, budget);
          assert.deepEqual(plan.errors, []);
          assert.equal(plan.regions.length, 1);
          const region = decode(plan.regions[0]);
          assert.equal(region.base, base);
          assert.equal(region.end, base + size);
          assert.ok(region.enabled);
          assert.equal(region.xn, !access.includes('x'));
          // AP 0b01: read/write at any exception level; 0b11: read-only at any level.
          assert.equal(region.ap, access.includes('w') ? 0b01 : 0b11);
          assert.equal(region.sh, 0b00);
          assert.equal(region.attrIndex, 0);
        },
      ),
    );
  });

  it('maps a passed-through device as Device-nGnRnE, read/write, execute-never', function () {
    const device = realviewEb.devices.find((d) => d.reservedFor === null && d.kind === 'pl011-uart')!;
    const plan = planVmRegionsPmsav8(
      vmWith(
        [{ name: 'code', base: 0x20_0000, size: 0x1_0000, access: 'rx' }],
        [{ device: device.name, virq: 1 }],
      ),
      realviewEb,
      budget,
    );
    assert.deepEqual(plan.errors, []);
    const region = decode(plan.regions[1]);
    assert.deepEqual(
      [region.base, region.end, region.xn, region.ap, region.attrIndex],
      [device.base, device.base + device.size, true, 0b01, ATTRINDX_DEVICE],
    );
    // HMAIR0: byte 0 Normal write-back read/write-allocate (0xFF), byte 1 Device-nGnRnE (0x00).
    assert.equal(HMAIR0_VALUE & 0xff, 0xff);
    assert.equal((HMAIR0_VALUE >>> 8) & 0xff, 0x00);
  });

  it("encodes regions as the BSP's EL2 MPU header does (bsp/armv8r/cp15.h, compiled on the host)", function () {
    const c = cMacroValues(
      ['armv8r/cp15.h'],
      [
        'HMAIR0_BSP',
        'MPU_ATTR_NORMAL',
        'MPU_ATTR_DEVICE',
        'PRBAR_AP_ALL_RW',
        'PRBAR_AP_ALL_RO',
        'PRBAR_AP_SHIFT',
        'PRBAR_SH_SHIFT',
        'PRBAR_XN',
        'PRLAR_ATTRINDX_SHIFT',
        'PRLAR_EN',
        'PRBAR_BASE_MASK',
        'PRLAR_LIMIT_MASK',
      ],
    );
    assert.equal(c.get('HMAIR0_BSP'), HMAIR0_VALUE);
    assert.equal(c.get('MPU_ATTR_NORMAL'), ATTRINDX_NORMAL);
    assert.equal(c.get('MPU_ATTR_DEVICE'), ATTRINDX_DEVICE);
    assert.equal(c.get('PRBAR_AP_ALL_RW'), AP8_RW_ANY);
    assert.equal(c.get('PRBAR_AP_ALL_RO'), AP8_RO_ANY);
    assert.equal(c.get('PRBAR_AP_SHIFT'), PRBAR_AP_SHIFT);
    assert.equal(c.get('PRBAR_SH_SHIFT'), PRBAR_SH_SHIFT);
    assert.equal(c.get('PRBAR_XN'), PRBAR_XN);
    assert.equal(c.get('PRLAR_ATTRINDX_SHIFT'), PRLAR_ATTRINDX_SHIFT);
    assert.equal(c.get('PRLAR_EN'), PRLAR_EN);
    assert.equal(c.get('PRBAR_BASE_MASK'), PRBAR_BASE_MASK);
    assert.equal(c.get('PRLAR_LIMIT_MASK'), PRLAR_LIMIT_MASK);
  });

  it('refuses an area off the 64-byte granule, naming the field', function () {
    const plan = planVmRegionsPmsav8(
      vmWith([
        { name: 'a', base: 0x20_0020, size: 0x100, access: 'rw' },
        { name: 'b', base: 0x30_0000, size: 0x120 - 0x10, access: 'rw' },
      ]),
      realviewEb,
      budget,
      'vms[2]',
    );
    assert.deepEqual(
      plan.errors.map((e) => e.path),
      ['vms[2].memory[0].base', 'vms[2].memory[1].size'],
    );
    assert.match(plan.errors[0].message, /not aligned to 64 B/);
    assert.match(plan.errors[1].message, /not a multiple of 64 B/);
  });

  it("refuses a VM needing more regions than the board's EL2 MPU, at the first area that does not fit", function () {
    const areas: MemoryArea[] = Array.from({ length: 17 }, (_, i) => ({
      name: `area${i}`,
      base: 0x20_0000 + i * 0x1000,
      size: 0x800,
      access: 'rw',
    }));
    const plan = planVmRegionsPmsav8(vmWith(areas), realviewEb, budget, 'vms[0]');
    assert.equal(plan.errors.length, 1);
    assert.equal(plan.errors[0].path, 'vms[0].memory[16]');
    assert.match(
      plan.errors[0].message,
      /VM 'probe' needs 17 EL2 MPU regions but board 'probe-board' has 16; area 'area16' \(0x00210000, 2 KiB\) would be region 16/,
    );
    assert.deepEqual(planVmRegionsPmsav8(vmWith(areas.slice(0, 16)), realviewEb, budget).errors, []);
  });
});
