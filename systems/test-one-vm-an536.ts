// test-one-vm (systems/test-one-vm.ts) on the MPS3 AN536 board (Cortex-R52): the same VM, slot plan,
// console and trace UART, with the VM's areas moved into DDR above the hypervisor's first MiB. Its MPU
// plan is the EL2 MPU's (PMSAv8-32: one HPRBAR/HPRLAR pair per area).
import type { SystemDescription } from '../firmware/config/types.ts';
import { codeDataVm, KiB } from './parts.ts';
import testOneVm from './test-one-vm.ts';

const AREA_SIZE = 64 * KiB;
const CODE_BASE = 0x2010_0000;
const DATA_BASE = 0x2011_0000;

export const system: SystemDescription = {
  ...testOneVm,
  name: 'test-one-vm-an536',
  board: 'mps3-an536',
  vms: [
    codeDataVm({
      ...testOneVm.vms[0],
      code: { base: CODE_BASE, size: AREA_SIZE },
      data: { base: DATA_BASE, size: AREA_SIZE },
    }),
  ],
};

export default system;
