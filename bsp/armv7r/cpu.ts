// The Cortex-R5F processor (Armv7-R, PMSAv7 MPU, VFPv3-D16) as boards built on this CPU layer carry it.
// Facts: Cortex-R5 Technical Reference Manual (ARM DDI 0460C) 1.1 and 7.1 (MPU: 12 or 16 regions, 16 as
// QEMU models it), 2.2 (VFPv3-D16 on the R5F). The instruction-set choice (ARM, not Thumb-2) is
// explained in cli/build/toolchain.ts.
import type { CpuDescription } from '../board-description.ts';

export const cortexR5f: CpuDescription = {
  name: 'cortex-r5f',
  architecture: 'armv7-r',
  bspDir: 'armv7r',
  compilerFlags: ['-mcpu=cortex-r5', '-mfpu=vfpv3-d16', '-mfloat-abi=hard', '-marm'],
  mpuRegions: 16,
  mpuArchitecture: 'pmsav7',
  hypervisorMpuRegions: 0,
  hypercall: 'svc',
  guestMode: 'usr',
  hypervisorThreadMode: 'sys',
};
