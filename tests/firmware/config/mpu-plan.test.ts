// Tests of the PMSAv7 MPU planner: register encodings (DRBAR/DRSR/DRACR fields decoded independently
// here), splitting areas into the fewest regions (checked against an independent brute-force search
// over every area in a small window), address-space edges, geometry errors and the region budget.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findDevice, realviewEb } from '../../../firmware/config/boards.ts';
import {
  deviceDracr,
  encodeDrsr,
  planVmRegions,
  ramDracr,
  splitArea,
  type MpuRegionValue,
} from '../../../firmware/config/mpu-plan.ts';
import type { MemoryArea, VmDescription } from '../../../firmware/config/types.ts';

/** Byte ranges a region maps, decoded from DRBAR/DRSR per ARM DDI 0406C B4.1.49 (not via the planner). */
function decodeMappedRanges(region: Pick<MpuRegionValue, 'drbar' | 'drsr'>): [number, number][] {
  assert.equal(region.drsr & 1, 1, 'region enabled');
  const size = 2 ** (((region.drsr >>> 1) & 0x1f) + 1);
  const base = region.drbar >>> 0;
  assert.equal(base % size, 0, 'base aligned to size');
  const disable = (region.drsr >>> 8) & 0xff;
  if (disable !== 0) assert.ok(size >= 256, 'sub-regions only in regions of 256 B or more');
  const unit = size / 8;
  const ranges: [number, number][] = [];
  for (let i = 0; i < 8; i++) {
    if ((disable & (1 << i)) !== 0) continue;
    const start = base + i * unit;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === start) last[1] = start + unit;
    else ranges.push([start, start + unit]);
  }
  return ranges;
}

/** Every byte range a single region (any size 32 B..window, any sub-region run) can map inside
 *  `[0, window)`, enumerated directly from the architecture's rules. */
function allSingleRegionRanges(window: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let size = 32; size <= window; size *= 2) {
    for (let base = 0; base < window; base += size) {
      if (size < 256) {
        ranges.push([base, base + size]);
        continue;
      }
      const unit = size / 8;
      for (let first = 0; first < 8; first++) {
        for (let last = first; last < 8; last++) ranges.push([base + first * unit, base + (last + 1) * unit]);
      }
    }
  }
  return ranges;
}

/** Fewest regions tiling `[start, end)` exactly, by breadth-first search over 32-byte positions. */
function bruteForceRegionCount(start: number, end: number, ranges: [number, number][]): number {
  const byStart = new Map<number, number[]>();
  for (const [s, e] of ranges) {
    if (e > end) continue;
    const list = byStart.get(s) ?? [];
    list.push(e);
    byStart.set(s, list);
  }
  const distance = new Map<number, number>([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const position = queue.shift()!;
    if (position === end) return distance.get(position)!;
    for (const next of byStart.get(position) ?? []) {
      if (!distance.has(next)) {
        distance.set(next, distance.get(position)! + 1);
        queue.push(next);
      }
    }
  }
  return Infinity;
}

function area(name: string, base: number, size: number, access: MemoryArea['access'] = 'rw'): MemoryArea {
  return { name, base, size, access };
}

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

/** Asserts the regions map exactly `[base, base + size)` with no gap, no overlap, nothing extra. */
function assertExactCover(regions: MpuRegionValue[], base: number, size: number): void {
  const ranges = regions.flatMap(decodeMappedRanges).sort((a, b) => a[0] - b[0]);
  let position = base;
  for (const [s, e] of ranges) {
    assert.equal(s, position, `range starts at ${position.toString(16)}`);
    position = e;
  }
  assert.equal(position, base + size);
}

describe('config/mpu-plan: register encoding', () => {
  it('encodes DRSR size field as log2(size)-1 with enable bit 0', () => {
    assert.equal(encodeDrsr(5, 0), (4 << 1) | 1); // 32 B
    assert.equal(encodeDrsr(12, 0), (11 << 1) | 1); // 4 KiB
    assert.equal(encodeDrsr(32, 0), (31 << 1) | 1); // 4 GiB
    assert.equal(encodeDrsr(17, 0b1100_0000), (0b1100_0000 << 8) | (16 << 1) | 1);
  });

  it('rejects sizes outside 32 B..4 GiB and sub-regions below 256 B', () => {
    assert.throws(() => encodeDrsr(4, 0), /outside 32 B\.\.4 GiB/);
    assert.throws(() => encodeDrsr(33, 0), /outside/);
    assert.throws(() => encodeDrsr(7, 1), /cannot use sub-regions/);
  });

  it('maps access kinds to AP and XN: rw=011+XN, rwx=011, r=010+XN, rx=010', () => {
    const ap = (v: number) => (v >>> 8) & 7;
    const xn = (v: number) => (v >>> 12) & 1;
    assert.deepEqual([ap(ramDracr('rw')), xn(ramDracr('rw'))], [0b011, 1]);
    assert.deepEqual([ap(ramDracr('rwx')), xn(ramDracr('rwx'))], [0b011, 0]);
    assert.deepEqual([ap(ramDracr('r')), xn(ramDracr('r'))], [0b010, 1]);
    assert.deepEqual([ap(ramDracr('rx')), xn(ramDracr('rx'))], [0b010, 0]);
  });

  it('marks RAM normal write-back write-allocate (TEX 001 C B) and devices shareable Device, XN', () => {
    const tex = (v: number) => (v >>> 3) & 7;
    const cb = (v: number) => v & 3;
    assert.equal(tex(ramDracr('rw')), 0b001);
    assert.equal(cb(ramDracr('rw')), 0b11);
    assert.equal(ramDracr('rw') & 0b100, 0, 'RAM not shareable');
    assert.equal(tex(deviceDracr()), 0b000);
    assert.equal(cb(deviceDracr()), 0b01);
    assert.equal((deviceDracr() >>> 12) & 1, 1);
    assert.equal((deviceDracr() >>> 8) & 7, 0b011);
  });
});

describe('config/mpu-plan: splitting areas', () => {
  it('maps a 32 B area with one 32 B region', () => {
    const { regions, errors } = planVmRegions(vmWith([area('tiny', 0x0020_0020, 32)]), realviewEb);
    assert.deepEqual(errors, []);
    assert.equal(regions.length, 1);
    assert.deepEqual(regions[0], {
      area: 'tiny',
      base: 0x0020_0020,
      size: 32,
      drbar: 0x0020_0020,
      drsr: (4 << 1) | 1,
      dracr: ramDracr('rw'),
    });
  });

  it('maps the whole 4 GiB address space with one region (size field 31)', () => {
    const split = splitArea(0, 2 ** 32);
    assert.ok(split.ok);
    assert.equal(split.pieces.length, 1);
    assert.equal(encodeDrsr(split.pieces[0].sizeLog2, split.pieces[0].subregionDisable), 63);
  });

  it('maps the top 32 B of the address space (base 0xFFFFFFE0)', () => {
    const { regions, errors } = planVmRegions(vmWith([area('top', 0xffff_ffe0, 32)]), realviewEb);
    assert.deepEqual(errors, []);
    assert.equal(regions[0].drbar, 0xffff_ffe0);
    assertExactCover(regions, 0xffff_ffe0, 32);
  });

  it('maps a 96 KiB area (6/8 of 128 KiB) with one region and sub-regions', () => {
    const { regions, errors } = planVmRegions(vmWith([area('data', 0x0030_0000, 96 * 1024)]), realviewEb);
    assert.deepEqual(errors, []);
    assert.equal(regions.length, 1);
    assert.notEqual((regions[0].drsr >>> 8) & 0xff, 0, 'uses sub-region disable bits');
    assertExactCover(regions, 0x0030_0000, 96 * 1024);
  });

  it('maps a 96 KiB area that crosses a 128 KiB boundary with two plain regions', () => {
    // [0x38000, 0x50000): 32 KiB + 64 KiB; no single region with sub-regions covers it.
    const { regions } = planVmRegions(vmWith([area('data', 0x0003_8000, 96 * 1024)]), realviewEb);
    assert.equal(regions.length, 2);
    assert.deepEqual(
      regions.map((r) => [r.base, r.size]),
      [
        [0x0003_8000, 0x8000],
        [0x0004_0000, 0x1_0000],
      ],
    );
    assertExactCover(regions, 0x0003_8000, 96 * 1024);
  });

  it('maps a 5/8 area with one region', () => {
    const { regions } = planVmRegions(vmWith([area('odd', 0x0010_0000, 5 * 0x2_0000)]), realviewEb);
    assert.equal(regions.length, 1);
    assert.equal(regions[0].size, 0x10_0000);
    assert.equal((regions[0].drsr >>> 8) & 0xff, 0b1110_0000);
  });

  it('matches a brute-force minimum for every area in a 2 KiB window and covers it exactly', function () {
    this.timeout(30_000);
    const window = 2048;
    const ranges = allSingleRegionRanges(window);
    let checked = 0;
    for (let start = 0; start < window; start += 32) {
      for (let end = start + 32; end <= window; end += 32) {
        const split = splitArea(start, end - start);
        assert.ok(split.ok);
        const expected = bruteForceRegionCount(start, end, ranges);
        assert.equal(split.pieces.length, expected, `[${start}, ${end})`);
        const regions = split.pieces.map((p) => ({
          drbar: p.regionBase,
          drsr: encodeDrsr(p.sizeLog2, p.subregionDisable),
        }));
        assertExactCover(regions as MpuRegionValue[], start, end - start);
        checked++;
      }
    }
    assert.equal(checked, (64 * 65) / 2);
  });

  it('matches a brute-force minimum for random areas in a 64 KiB window', function () {
    this.timeout(30_000);
    const window = 64 * 1024;
    const ranges = allSingleRegionRanges(window);
    const slots = window / 32;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: slots - 1 }),
        fc.integer({ min: 1, max: slots }),
        (first, length) => {
          const start = first * 32;
          const end = Math.min(window, start + length * 32);
          const split = splitArea(start, end - start);
          assert.ok(split.ok);
          assert.equal(split.pieces.length, bruteForceRegionCount(start, end, ranges), `[${start}, ${end})`);
        },
      ),
      { numRuns: 200, seed: 0x5eed },
    );
  });

  it('covers large oddly aligned areas exactly (greedy path)', () => {
    const base = 0x0010_0000;
    const size = 0x0800_0000 - base - 32;
    const split = splitArea(base, size);
    assert.ok(split.ok);
    const regions = split.pieces.map((p) => ({
      drbar: p.regionBase,
      drsr: encodeDrsr(p.sizeLog2, p.subregionDisable),
    }));
    assertExactCover(regions as MpuRegionValue[], base, size);
    assert.ok(split.pieces.length <= 16, `${split.pieces.length} regions`);
  });
});

describe('config/mpu-plan: errors', () => {
  it('rejects a base not aligned to 32 B, naming the path and value', () => {
    const { errors } = planVmRegions(vmWith([area('code', 0x0010_0010, 0x1000)]), realviewEb, 'vms[2]');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].path, 'vms[2].memory[0].base');
    assert.match(errors[0].message, /0x00100010 is not aligned to 32 B/);
  });

  it('rejects sizes that are zero, not multiples of 32, or past 4 GiB', () => {
    const { errors } = planVmRegions(
      vmWith([area('a', 0x0010_0000, 0), area('b', 0x0020_0000, 100), area('c', 0xffff_0000, 0x2_0000)]),
      realviewEb,
      'vms[0]',
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      ['vms[0].memory[0].size', 'vms[0].memory[1].size', 'vms[0].memory[2].size'],
    );
    assert.match(errors[0].message, /positive integer byte count \(got 0\)/);
    assert.match(errors[1].message, /100 \(0x00000064\) is not a multiple of 32 B/);
    assert.match(errors[2].message, /past the 4 GiB address space/);
  });

  it('appends one Device region per passed-through device after the memory areas', () => {
    const { regions, errors } = planVmRegions(
      vmWith([area('code', 0x0010_0000, 0x1_0000, 'rx')], [{ device: 'uart2', virq: 8 }]),
      realviewEb,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(
      regions.map((r) => [r.area, r.base, r.size]),
      [
        ['code', 0x0010_0000, 0x1_0000],
        ['uart2', findDevice(realviewEb, 'uart2')!.base, 0x1000],
      ],
    );
    assert.equal(regions[1].dracr, deviceDracr());
  });

  it('reports an exceeded region budget naming the VM, the area and the counts', () => {
    // 17 separate 4 KiB areas (one region each) plus a device: 18 regions on a 16-region board.
    const memory = Array.from({ length: 17 }, (_, i) => area(`a${i}`, 0x0010_0000 + i * 0x2000, 0x1000));
    const { regions, errors } = planVmRegions(
      vmWith(memory, [{ device: 'uart2', virq: 8 }]),
      realviewEb,
      'vms[1]',
    );
    assert.equal(regions.length, 18);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].path, 'vms[1].memory[16]');
    assert.match(errors[0].message, /VM 'probe' needs 18 MPU regions but board 'realview-eb' has 16/);
    assert.match(errors[0].message, /area 'a16' \(0x00120000, 4 KiB\) takes regions 16\.\.16/);
  });

  it('counts device regions in the budget', () => {
    const memory = Array.from({ length: 15 }, (_, i) => area(`a${i}`, 0x0010_0000 + i * 0x2000, 0x1000));
    const devices = [
      { device: 'uart2', virq: 8 },
      { device: 'timer1', virq: 9 },
    ];
    const { errors } = planVmRegions(vmWith(memory, devices), realviewEb, 'vms[0]');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].path, 'vms[0].devices[1]');
    assert.match(errors[0].message, /device 'timer1' takes regions 16\.\.16/);
  });
});
