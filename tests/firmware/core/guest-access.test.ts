// Guest buffer checks, compared with an exact reference in BigInt arithmetic on random and edge-case
// ranges: areas touching the top of the 32-bit address space, ranges ending exactly at an area's end,
// zero lengths, wrapping lengths, and access kinds.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkGuestRange } from '../../../firmware/core/guest-access.ts';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { GuestMemory } from '../../../firmware/sim/guest-memory.ts';
import { installPortSimulation, PortSimulation } from '../../../firmware/sim/port-simulation.ts';
import {
  AREA_EXEC,
  AREA_READ,
  AREA_WRITE,
  HealthAction,
  type GuestArea,
  type SystemTables,
} from '../../../firmware/core/tables.ts';

const AREAS: GuestArea[] = [
  { base: 0x0010_0000, size: 0x1000, access: AREA_READ | AREA_EXEC },
  { base: 0x0010_1000, size: 0x1000, access: AREA_READ | AREA_WRITE },
  { base: 0xffff_f000, size: 0x1000, access: AREA_READ | AREA_WRITE },
  { base: 0x8000_0000, size: 0x20, access: AREA_READ },
];

function tablesWith(areas: GuestArea[]): SystemTables {
  return {
    tickMicroseconds: 1000,
    guestCpsrMode: 0x10,
    idleCpsrMode: 0x1f,
    mpuWordsPerRegion: 3,
    vms: [
      {
        name: 'v',
        imageDigest: 0,
        entry: 0x0010_0000,
        stackTop: 0x0010_2000,
        mpuWords: [],
        areas,
        capabilities: 0,
        healthActions: Array(6).fill(HealthAction.Log),
        restartLimit: 0,
        watchdogTicks: 0,
        restartRate: 4,
        restartRateTicks: 1000,
        canTx: [],
        canRx: [],
        canRxDepth: 0,
        usesFpu: false,
        consoleUart: 0,
      },
    ],
    plans: [{ majorFrame: 1, windows: [{ vm: 0, start: 0, duration: 1 }] }],
    ports: [],
    irqRoutes: [],
    hvConsoleUart: 0,
    traceUart: 0xffffffff,
    traceKindMask: 0xffffffff,
    traceVmMask: 0xffffffff,
    traceHypercallMask: 0xffffffff,
    vcanUart: 0xffffffff,
    idlePolls: false,
    invariantsReportTicks: 0,
  };
}

function reference(address: number, length: number, access: number): HvResult {
  if (length === 0) return HvResult.Ok;
  const start = BigInt(address);
  const end = start + BigInt(length); // exclusive
  if (end > 0x1_0000_0000n) return HvResult.BadLength;
  for (const area of AREAS) {
    const base = BigInt(area.base);
    if ((area.access & access) === access && start >= base && end <= base + BigInt(area.size))
      return HvResult.Ok;
  }
  return HvResult.BadAddress;
}

describe('firmware/core guest buffer checks', () => {
  before(() => installPortSimulation(new PortSimulation(new GuestMemory(0, 0), tablesWith(AREAS))));

  it('agrees with exact arithmetic on edge cases', () => {
    const cases: [number, number, number][] = [
      [0x0010_1000, 0x1000, AREA_WRITE], // whole area
      [0x0010_1001, 0x1000, AREA_WRITE], // one past the end
      [0x0010_0000, 0x2000, AREA_READ], // spans two areas: not inside one
      [0x0010_0000, 1, AREA_WRITE], // read-only code
      [0x0010_0000, 4, AREA_EXEC],
      [0xffff_f000, 0x1000, AREA_WRITE], // ends exactly at 2^32
      [0xffff_ffff, 1, AREA_READ],
      [0xffff_ffff, 2, AREA_READ], // wraps
      [0xffff_f000, 0xffff_ffff, AREA_READ],
      [0x0010_1000, 0, AREA_WRITE],
      [0, 0, AREA_WRITE],
      [0x8000_0000, 0x20, AREA_READ],
      [0x8000_0000, 0x21, AREA_READ],
      [0x7fff_ffff, 2, AREA_READ],
    ];
    for (const [address, length, access] of cases) {
      assert.equal(
        checkGuestRange(0, address, length, access),
        reference(address, length, access),
        `${address.toString(16)}+${length}`,
      );
    }
  });

  it('agrees with exact arithmetic on random ranges', () => {
    const near = fc.oneof(
      fc.integer({ min: 0, max: 0xffff_ffff }),
      ...AREAS.map((a) =>
        fc.integer({ min: Math.max(0, a.base - 64), max: Math.min(0xffff_ffff, a.base + a.size + 64) }),
      ),
    );
    const length = fc.oneof(fc.integer({ min: 0, max: 0x2000 }), fc.integer({ min: 0, max: 0xffff_ffff }));
    const access = fc.constantFrom(AREA_READ, AREA_WRITE, AREA_EXEC, AREA_READ | AREA_WRITE);
    fc.assert(
      fc.property(near, length, access, (a, l, k) => checkGuestRange(0, a, l, k) === reference(a, l, k)),
      { numRuns: 5000 },
    );
  });
});
