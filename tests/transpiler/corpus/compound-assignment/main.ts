// Corpus program: compound assignments where the plain operator's result stays in range: `&= |= ^=` on
// u8/u16/i8/i16/i32, `>>>=` on unsigned and `>>=` on signed types, `&=` on u32 with a small mask,
// including assignments to struct fields and typed-array elements.
import { i8, i16, i32, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

class Flags {
  control: u8 = 0x5a;
  status: u16 = 0xffff;
  signedLevel: i16 = -1234;
  word: u32 = 0xdeadbeef;
}

const flags = new Flags();
const bytes = new Uint8Array(4);
const levels = new Int8Array(4);

export function main(): void {
  let a: u8 = 0xf0;
  a &= 0x3c;
  printU32('u8_and', a);
  a |= 0x81;
  printU32('u8_or', a);
  a ^= 0xff;
  printU32('u8_xor', a);
  a >>>= 3;
  printU32('u8_shr', a);
  let b: i8 = -100;
  b >>= 2;
  printI32('i8_sar', b);
  b ^= 0x7f;
  printI32('i8_xor', b);
  b &= -16;
  printI32('i8_and', b);
  let c: i32 = -2147483648;
  c >>= 31;
  printI32('i32_sar', c);
  c |= 0x10;
  printI32('i32_or', c);
  let d: u32 = 0xffffffff;
  d &= 0x0ff0;
  printU32('u32_and_mask', d);
  d >>>= 4;
  printU32('u32_shr', d);
  let e: u16 = 0x8001;
  e >>>= 15;
  printU32('u16_shr', e);
  let n: u32 = 33;
  let f: i16 = -32768;
  f >>= n;
  printI32('i16_sar_33', f);
  n = 1;
  flags.control ^= 0xff;
  flags.status &= 0x0f0f;
  flags.signedLevel >>= 3;
  flags.word &= 0xffff;
  flags.word >>>= n;
  printU32('field_control', flags.control);
  printU32('field_status', flags.status);
  printI32('field_level', flags.signedLevel);
  printU32('field_word', flags.word);
  for (let i: u32 = 0; i < bytes.length; i++) {
    bytes[i] = u8(u32(i << 6) + 5);
    bytes[i] |= 0x10;
    bytes[i] ^= u8(i);
    levels[i] = i8(0 - i32(i << 5));
    levels[i] >>= 1;
  }
  for (let i: u32 = 0; i < 4; i++) {
    printU32('byte', bytes[i]);
    printI32('level', levels[i]);
  }
  printI32('narrow', i16(i32(flags.signedLevel) - 40000));
  printU32('u16_of_neg', u16(i32(-1)));
}
