// Facts about the diagnostic guest's own system that only the build knows (the generated
// bulkhead_system.h and the linker's symbols): where the retained memory area is, where the code image
// starts and how long it is, which VM is the control partition, which plans serve normal operation and
// long diagnostic sessions. In the TS subset these are `@extern`
// functions: on the target guests/diag/platform.c returns the generated values; in Node the bodies
// return the values a Node harness installed with `installDiagPlatform` (platform-simulation.ts, a
// host-side import: the transpiler neither follows nor includes it).
import { u32 } from '../../transpiler/runtime/index.ts';
import { diagPlatform } from './platform-simulation.ts';

/** Base address of the VM's retained memory area `nvm` (kept across restarts of the VM).
 *  @extern diag_platform_retained_base */
export function diagRetainedBase(): u32 {
  const platform = diagPlatform('diagRetainedBase');
  return platform.retainedBase >>> 0;
}

/** Size in bytes of the retained memory area.
 *  @extern diag_platform_retained_bytes */
export function diagRetainedBytes(): u32 {
  const platform = diagPlatform('diagRetainedBytes');
  return platform.retainedBytes >>> 0;
}

/** Address of the first byte of the guest's code image (its entry).
 *  @extern diag_platform_code_base */
export function diagCodeBase(): u32 {
  const platform = diagPlatform('diagCodeBase');
  return platform.codeBase >>> 0;
}

/** Bytes of the code image as loaded (code, read-only data, initial values of `.data`; a multiple of 4).
 *  @extern diag_platform_image_bytes */
export function diagImageBytes(): u32 {
  const platform = diagPlatform('diagImageBytes');
  return platform.imageBytes >>> 0;
}

/** VM index of the control partition.
 *  @extern diag_platform_control_vm */
export function diagControlVm(): u32 {
  const platform = diagPlatform('diagControlVm');
  return platform.controlVm >>> 0;
}

/** `diagNormalPlan`/`diagHeavyPlan` when the system has no such plan. */
export const NO_PLAN: u32 = 0xffffffff;

/** Index of the plan for normal operation (`normal`), or `NO_PLAN`.
 *  @extern diag_platform_normal_plan */
export function diagNormalPlan(): u32 {
  const platform = diagPlatform('diagNormalPlan');
  return platform.normalPlan >>> 0;
}

/** Index of the plan for long diagnostic sessions (`diag-heavy`: more time for this VM), or `NO_PLAN`.
 *  @extern diag_platform_heavy_plan */
export function diagHeavyPlan(): u32 {
  const platform = diagPlatform('diagHeavyPlan');
  return platform.heavyPlan >>> 0;
}
