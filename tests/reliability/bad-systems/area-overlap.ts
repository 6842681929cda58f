// Bad system: beta's data area overlaps alpha's data area.
// expect: vms[1].memory[2].base: 0x00110000..0x0011FFFF overlaps vms[0].memory[1] ('data', 0x00110000..0x0011FFFF)
import { derived } from './base.ts';

export default derived((s) => {
  s.vms[1].memory.push({ name: 'shared', base: 0x0011_0000, size: 0x1_0000, access: 'rw' });
});
