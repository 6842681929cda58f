// Corpus program: short-circuit evaluation and ternaries with side effects: `&&`/`||` must skip their
// right operand, nested ternaries evaluate exactly one branch, and a call log in module state records
// the evaluation order on both sides.
import { bool, cstr, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printU32 } from '../../support/print.ts';

let callLog: u32 = 0;
let callCount: u32 = 0;

/** Records `tag` in the call log (4 bits per call, most recent lowest) and returns `result`. */
function probe(tag: u32, result: bool): bool {
  callLog = u32(u32(callLog << 4) | (tag & 15));
  callCount = u32(callCount + 1);
  return result;
}

function value(tag: u32, result: u32): u32 {
  callLog = u32(u32(callLog << 4) | (tag & 15));
  callCount = u32(callCount + 1);
  return result;
}

function report(label: cstr, result: bool): void {
  printBool(label, result);
  printU32('log', callLog);
  printU32('calls', callCount);
  callLog = 0;
  callCount = 0;
}

export function main(): void {
  report('and_ff', probe(1, false) && probe(2, true));
  report('and_tt', probe(1, true) && probe(2, true));
  report('or_tt', probe(1, true) || probe(2, false));
  report('or_ff', probe(1, false) || probe(2, false));
  report('mixed', (probe(1, false) && probe(2, true)) || (probe(3, true) && !probe(4, false)));
  report('chain', probe(1, true) && probe(2, true) && probe(3, false) && probe(4, true));
  report('not_or', !(probe(1, false) || probe(2, false)) || probe(3, true));
  const picked = probe(1, true) ? value(2, 20) : value(3, 30);
  printU32('picked', picked);
  report('after_ternary', true);
  const nested = probe(1, false) ? value(2, 1) : probe(3, true) ? value(4, 2) : value(5, 3);
  printU32('nested', nested);
  report('after_nested', false);
  let guarded: u32 = 0;
  for (let i: u32 = 0; i < 6; i++) {
    if (i > 2 && probe(u32(i + 1), (i & 1) === 0)) {
      guarded = u32(guarded + i);
    }
  }
  printU32('guarded', guarded);
  report('after_loop', guarded > 3 ? probe(7, true) : probe(8, false));
}
