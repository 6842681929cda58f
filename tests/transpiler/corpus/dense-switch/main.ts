// Corpus program: switch statements on integers: a dense opcode switch of a tiny accumulator machine
// (with default, grouped case labels and `continue` inside a loop), a sparse switch on u32 values and
// a switch on a signed value with negative labels.
import { i8, i32, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const PROGRAM: readonly u8[] = [1, 5, 2, 3, 3, 4, 9, 6, 7, 7, 2, 200, 8, 0, 1, 1] as const;

function sparse(code: u32): u32 {
  switch (code) {
    case 0:
      return 10;
    case 0x100:
      return 20;
    case 0xffff:
      return 30;
    case 0xffffffff:
      return 40;
    default:
      return 0;
  }
}

function signedClass(value: i8): i32 {
  switch (value) {
    case -128:
      return -2;
    case -1:
    case -2:
      return -1;
    case 0:
      return 0;
    default:
      break;
  }
  return value > 0 ? 1 : -3;
}

export function main(): void {
  let accumulator: i32 = 0;
  let executed: u32 = 0;
  let skipped: u32 = 0;
  for (let pc: u32 = 0; pc < PROGRAM.length; pc++) {
    const opcode = PROGRAM[pc];
    switch (opcode) {
      case 0:
        skipped = u32(skipped + 1);
        continue;
      case 1:
        accumulator = i32(accumulator + 1);
        break;
      case 2:
        accumulator = i32(accumulator << 2);
        break;
      case 3:
      case 4:
        accumulator = i32(accumulator - i32(opcode));
        break;
      case 5:
        accumulator = ~accumulator;
        break;
      case 6:
        accumulator = accumulator >> 1;
        break;
      case 7:
        accumulator = i32(accumulator ^ 0x5555);
        break;
      default:
        accumulator = i32(-accumulator);
        break;
    }
    executed = u32(executed + 1);
    printI32('acc', accumulator);
  }
  printU32('executed', executed);
  printU32('skipped', skipped);
  printU32('sparse0', sparse(0));
  printU32('sparse100', sparse(0x100));
  printU32('sparse_ffff', sparse(0xffff));
  printU32('sparse_max', sparse(0xffffffff));
  printU32('sparse_miss', sparse(7));
  printI32('class_min', signedClass(-128));
  printI32('class_m2', signedClass(-2));
  printI32('class_0', signedClass(0));
  printI32('class_5', signedClass(5));
  printI32('class_m5', signedClass(-5));
}
