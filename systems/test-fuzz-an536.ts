// test-fuzz (systems/test-fuzz.ts) on the MPS3 AN536 board (Cortex-R52): the same four VMs, plans, ports,
// capabilities, health policies, console routes, virtual-CAN and trace UARTs, with every VM area moved
// into DDR by the DDR base (realview-eb's 0x0010_0000 becomes 0x2010_0000), above the hypervisor's
// first MiB (bsp/mps3-an536/board.ts). Each area is one HPRBAR/HPRLAR pair of the EL2 MPU; the fuzzer
// assembles each call as `hvc #imm16` in its `scratch` area (guests/test/hc-fuzzer). Used by
// tests/e2e/robustness/fuzzer-an536.test.ts and `npm run fuzz:hypercalls -- --board mps3-an536`.
import type { SystemDescription, VmDescription } from '../firmware/config/types.ts';
import testFuzz from './test-fuzz.ts';

/** Where the AN536's DDR starts (its `ram.base`): the offset of every area from test-fuzz. */
const DDR_BASE = 0x2000_0000;

/** `vm` with its entry, stack top and every memory area moved up by DDR_BASE. */
function inDdr(vm: VmDescription): VmDescription {
  return {
    ...vm,
    entry: vm.entry + DDR_BASE,
    stackTop: vm.stackTop + DDR_BASE,
    memory: vm.memory.map((area) => ({ ...area, base: area.base + DDR_BASE })),
  };
}

export const system: SystemDescription = {
  ...testFuzz,
  name: 'test-fuzz-an536',
  board: 'mps3-an536',
  vms: testFuzz.vms.map(inDdr),
};

export default system;
