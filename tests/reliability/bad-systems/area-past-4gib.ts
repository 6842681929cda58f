// Bad system: an area runs past the 4 GiB address space.
// expect: vms[1].memory[2].size: area 0xFFFF0000 + 0x00020000 ends past the 4 GiB address space
import { derived } from './base.ts';

export default derived((s) => {
  s.vms[1].memory.push({ name: 'top', base: 0xffff_0000, size: 0x2_0000, access: 'rw' });
});
