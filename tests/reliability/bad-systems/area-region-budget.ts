// Bad system: 16 areas plus a passed-through device need 17 MPU regions.
// expect: vms[0].devices[0]: VM 'alpha' needs 17 MPU regions but board 'realview-eb' has 16; device 'timer1' takes regions 16..16 (area 'a0' (0x02000000, 4 KiB): 1; area 'a1' (0x02001000, 4 KiB): 1; area 'a2' (0x02002000, 4 KiB): 1; area 'a3' (0x02003000, 4 KiB): 1; area 'a4' (0x02004000, 4 KiB): 1; area 'a5' (0x02005000, 4 KiB): 1; area 'a6' (0x02006000, 4 KiB): 1; area 'a7' (0x02007000, 4 KiB): 1; area 'a8' (0x02008000, 4 KiB): 1; area 'a9' (0x02009000, 4 KiB): 1; area 'a10' (0x0200A000, 4 KiB): 1; area 'a11' (0x0200B000, 4 KiB): 1; area 'a12' (0x0200C000, 4 KiB): 1; area 'a13' (0x0200D000, 4 KiB): 1; area 'a14' (0x0200E000, 4 KiB): 1; area 'a15' (0x0200F000, 4 KiB): 1; device 'timer1': 1)
import { derived } from './base.ts';

export default derived((s) => {
  s.vms[0].memory = Array.from({ length: 16 }, (_, i) => ({
    name: `a${i}`,
    base: 0x0200_0000 + i * 0x1000,
    size: 0x1000,
    access: i === 0 ? 'rx' : 'rw',
  }));
  s.vms[0].entry = 0x0200_0000;
  s.vms[0].stackTop = 0x0200_2000;
});
