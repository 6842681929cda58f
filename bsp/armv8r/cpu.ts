// The Cortex-R52 processor (Armv8-R AArch32, PMSAv8-32 MPUs at EL2 and EL1, FPv5 with Advanced SIMD) as
// boards built on this CPU layer carry it. Facts: Cortex-R52 Technical Reference Manual (ARM 100026)
// 1.1 "About the processor", 2.3 (EL2 MPU and EL1 MPU, 0, 16, 20 or 24 regions each; QEMU 10 models 16
// and 16: HMPUIR 0x10, MPUIR 0x1000), 1.2 (floating point: single precision only, or double precision
// with Advanced SIMD and 32 doubleword registers, as QEMU models it). The hypervisor runs at EL2 (Hyp
// mode) and calls into it are HVC. ARM state, as on the Cortex-R5F (cli/build/toolchain.ts).
import type { CpuDescription } from '../board-description.ts';

export const cortexR52: CpuDescription = {
  name: 'cortex-r52',
  architecture: 'armv8-r',
  bspDir: 'armv8r',
  compilerFlags: ['-mcpu=cortex-r52', '-mfpu=neon-fp-armv8', '-mfloat-abi=hard', '-marm'],
  mpuRegions: 16,
  mpuArchitecture: 'pmsav8',
  hypervisorMpuRegions: 16,
  hypercall: 'hvc',
  guestMode: 'sys',
  hypervisorThreadMode: 'hyp',
};
