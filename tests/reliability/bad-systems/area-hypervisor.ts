// Bad system: an area overlaps the hypervisor's reserved first MiB.
// expect: vms[1].memory[2].base: area 'low', 0x000F0000..0x000FFFFF overlaps the hypervisor's reserved range 0x00000000..0x000FFFFF
import { derived } from './base.ts';

export default derived((s) => {
  s.vms[1].memory.push({ name: 'low', base: 0x000f_0000, size: 0x1_0000, access: 'rw' });
});
