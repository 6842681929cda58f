// Negative case: array members other than length and indexing: 'indexOf' (BH1308).
import { u8 } from '../../../transpiler/runtime/index.ts';

const buffer = new Uint8Array(8);

export function find(value: u8): void {
  buffer./*^*/indexOf(value); // expect: BH1308
}
