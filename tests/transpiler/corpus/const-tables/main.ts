// Corpus program: const configuration tables typed by interfaces (`as const`): nested objects, array
// fields (pointer plus length in C), booleans, cstr names, and table lookups by loop and by search.
import { bool, checkIndex, cstr, i16, i32, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printI32, printStr, printU32 } from '../../support/print.ts';

interface Limits {
  readonly min: i16;
  readonly max: i16;
}

interface MotorProfile {
  readonly name: cstr;
  readonly id: u8;
  readonly maxRpm: u16;
  readonly reversed: bool;
  readonly limits: Limits;
  readonly curve: readonly i16[];
}

const PROFILES: readonly MotorProfile[] = [
  {
    name: 'pump',
    id: 3,
    maxRpm: 3000,
    reversed: false,
    limits: { min: -100, max: 900 },
    curve: [0, 120, 260, 410],
  },
  { name: 'fan', id: 7, maxRpm: 12000, reversed: true, limits: { min: 0, max: 32767 }, curve: [5, -5] },
  {
    name: 'valve',
    id: 9,
    maxRpm: 65535,
    reversed: false,
    limits: { min: -32768, max: 0 },
    curve: [-1, -2, -3, -4, -5, -6],
  },
] as const;

const SCALE: readonly u32[] = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
] as const;

function findProfile(id: u8): i32 {
  for (let p: u32 = 0; p < PROFILES.length; p++) {
    if (PROFILES[p].id === id) {
      return i32(p);
    }
  }
  return -1;
}

function curveSum(profile: MotorProfile): i32 {
  let sum: i32 = 0;
  for (let k: u32 = 0; k < profile.curve.length; k++) {
    sum = i32(sum + profile.curve[checkIndex(k, profile.curve.length)]);
  }
  return sum;
}

function clampToLimits(profile: MotorProfile, value: i32): i32 {
  if (value < i32(profile.limits.min)) {
    return i32(profile.limits.min);
  }
  if (value > i32(profile.limits.max)) {
    return i32(profile.limits.max);
  }
  return value;
}

export function main(): void {
  for (const profile of PROFILES) {
    printStr(profile.name);
    printU32('id', profile.id);
    printU32('max_rpm', profile.maxRpm);
    printBool('reversed', profile.reversed);
    printU32('curve_len', profile.curve.length);
    printI32('curve_sum', curveSum(profile));
    printI32('clamp_hi', clampToLimits(profile, 50000));
    printI32('clamp_lo', clampToLimits(profile, -50000));
  }
  printI32('find7', findProfile(7));
  printI32('find4', findProfile(4));
  const index = findProfile(9);
  if (index >= 0) {
    printU32('valve_rpm', PROFILES[checkIndex(u32(index), PROFILES.length)].maxRpm);
  }
  let total: u32 = 0;
  for (const factor of SCALE) {
    total = u32(total + factor);
  }
  printU32('scale_total', total);
  printU32('scale_len', SCALE.length);
}
