// Corpus program: bool values: bool locals, fields and parameters, negation, equality of bools,
// De Morgan identities over all input combinations, bools returned from comparisons and stored in a
// class array, and counting true values through ternaries.
import { bool, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printU32 } from '../../support/print.ts';

class Switch {
  closed: bool = false;
  inverted: bool = false;
}

const switches: Switch[] = [new Switch(), new Switch(), new Switch()];

function effective(s: Switch): bool {
  return s.closed !== s.inverted;
}

function majority(a: bool, b: bool, c: bool): bool {
  return (a && b) || (b && c) || (a && c);
}

function bitOf(flags: u32, bit: u32): bool {
  return ((flags >>> bit) & 1) === 1;
}

export function main(): void {
  let identities: u32 = 0;
  for (let flags: u32 = 0; flags < 8; flags++) {
    const a = bitOf(flags, 0);
    const b = bitOf(flags, 1);
    const c = bitOf(flags, 2);
    if (!(a && b) === (!a || !b)) {
      identities = u32(identities + 1);
    }
    if (!(a || b) === (!a && !b)) {
      identities = u32(identities + 1);
    }
    printBool('majority', majority(a, b, c));
    printBool('xor', a !== b);
    printBool('same', a === c);
  }
  printU32('identities', identities);
  switches[0].closed = true;
  switches[1].inverted = true;
  switches[2].closed = true;
  switches[2].inverted = true;
  let active: u32 = 0;
  for (const s of switches) {
    const on = effective(s);
    printBool('effective', on);
    active = u32(active + (on ? 1 : 0));
  }
  printU32('active', active);
  let toggled: bool = false;
  for (let i: u32 = 0; i < 5; i++) {
    toggled = !toggled;
  }
  printBool('toggled', toggled);
}
