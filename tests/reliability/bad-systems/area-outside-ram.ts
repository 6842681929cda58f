// Bad system: an area lies above the end of RAM.
// expect: vms[1].memory[2].base: area 'far', 0x08000000..0x0800FFFF lies outside RAM 0x00000000..0x07FFFFFF
import { derived } from './base.ts';

export default derived((s) => {
  s.vms[1].memory.push({ name: 'far', base: 0x0800_0000, size: 0x1_0000, access: 'rw' });
});
