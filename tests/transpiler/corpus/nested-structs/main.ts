// Corpus program: structs with nested arrays: typed arrays as struct fields, embedded struct fields,
// arrays of class instances inside classes and at module level (literal and arrayOf), and a pointer field
// that is re-targeted between elements.
import { arrayOf, checkIndex, i16, i32, mul, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

class Sample {
  values: Uint16Array = new Uint16Array(4);
  stamp: u32 = 0;
}

class Calibration {
  offsets: Int16Array = new Int16Array(4);
  gain: i32 = 1;
}

class Channel {
  id: u32 = 0;
  samples: Sample[] = [new Sample(), new Sample(), new Sample()];
  calibration: Calibration = new Calibration();
  latest: Sample | null = null;
  writeIndex: u32 = 0;

  record(stamp: u32, base: u16): void {
    const slot = this.samples[checkIndex(this.writeIndex, this.samples.length)];
    slot.stamp = stamp;
    for (let v: u32 = 0; v < slot.values.length; v++) {
      slot.values[v] = u16(base + u16(v));
    }
    this.latest = slot;
    this.writeIndex = u32(this.writeIndex + 1);
    if (this.writeIndex === this.samples.length) {
      this.writeIndex = 0;
    }
  }

  calibrated(index: u32): i32 {
    const current = this.latest;
    if (current === null) {
      return -1;
    }
    const raw = i32(current.values[checkIndex(index, current.values.length)]);
    return i32(mul16(raw, this.calibration.gain) + i32(this.calibration.offsets[index & 3]));
  }
}

function mul16(a: i32, b: i32): i32 {
  return i32(i16(a) * i16(b));
}

const channels: Channel[] = [new Channel(), new Channel()];
const spareSamples: Sample[] = arrayOf(5, () => new Sample());

export function main(): void {
  for (let c: u32 = 0; c < channels.length; c++) {
    const channel = channels[c];
    channel.id = u32(c + 10);
    channel.calibration.gain = i32(c + 2);
    for (let k: u32 = 0; k < channel.calibration.offsets.length; k++) {
      channel.calibration.offsets[k] = i16(i32(k) - 2);
    }
    printI32('before', channel.calibrated(0));
    for (let s: u32 = 0; s < 5; s++) {
      channel.record(u32(1000 + s), u16(u32(mul(s, 3)) + c));
    }
  }
  for (const channel of channels) {
    printU32('id', channel.id);
    printU32('write_index', channel.writeIndex);
    for (let s: u32 = 0; s < channel.samples.length; s++) {
      printU32('stamp', channel.samples[s].stamp);
      printU32('v3', channel.samples[s].values[3]);
    }
    printI32('cal0', channel.calibrated(0));
    printI32('cal3', channel.calibrated(3));
  }
  for (let s: u32 = 0; s < spareSamples.length; s++) {
    spareSamples[s].stamp = u32(s << 4);
  }
  let stampSum: u32 = 0;
  for (const sample of spareSamples) {
    stampSum = u32(stampSum + sample.stamp);
  }
  printU32('spare_sum', stampSum);
}
