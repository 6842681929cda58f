// Golden case: a static object graph built at compile time: embedded members, references, arrays of
// objects (literal and arrayOf), nullable links, and a @layout class whose offsets assembly uses.
import { u8, u32, f32, arrayOf } from '../../../../../transpiler/runtime/index.ts';

/** @layout */
export class CpuContext {
  r: Uint32Array = new Uint32Array(13);
  sp: u32 = 0;
  lr: u32 = 0;
  pc: u32 = 0;
  cpsr: u32 = 0x10;
}

export class Counter {
  value: u32;
  constructor(start: u32) {
    this.value = start;
  }
  add(amount: u32): void {
    this.value = u32(this.value + amount);
  }
}

export class Vm {
  id: u8;
  context: CpuContext = new CpuContext();
  ticks: Counter = new Counter(0);
  next: Vm | null = null;
  load: f32 = 0;
  constructor(id: u8) {
    this.id = id;
  }
}

export const vms: Vm[] = [new Vm(1), new Vm(2), new Vm(3)];
export const spareCounters = arrayOf(2, () => new Counter(100));

export function tick(current: Vm, elapsed: u32): Vm {
  current.ticks.add(elapsed);
  current.load = f32(current.load * 0.5 + 0.25);
  const next = current.next;
  if (next !== null) {
    return next;
  }
  return vms[0];
}

export function totalTicks(): u32 {
  let sum: u32 = 0;
  for (const vm of vms) {
    sum = u32(sum + vm.ticks.value);
  }
  return sum;
}
