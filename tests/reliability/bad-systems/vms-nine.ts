// Bad system: the system has nine VMs (at most 8).
// expect: vms: 9 VMs; at most 8 are allowed
import { derived } from './base.ts';

export default derived((s) => {
  for (let i = 2; i < 9; i++) {
    const base = 0x0040_0000 * i;
    s.vms.push({
      ...s.vms[1],
      name: `vm${i}`,
      entry: base,
      stackTop: base + 0x2_0000,
      memory: [
        { name: 'code', base, size: 0x1_0000, access: 'rx' },
        { name: 'data', base: base + 0x1_0000, size: 0x1_0000, access: 'rw' },
      ],
      canRx: [],
      canRxDepth: 0,
    });
  }
  s.plans[0].majorFrame = 20;
  s.plans[0].slots = s.vms.map((v, i) => ({ vm: v.name, start: i * 2, duration: 2 }));
});
