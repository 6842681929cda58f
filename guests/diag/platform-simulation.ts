// Node side of guests/diag/platform.ts (plain TypeScript, never transpiled): the values its `@extern`
// bodies return in a simulation (retained area, code image, control VM, plans), installed by a test harness.

/** What the Node bodies of platform.ts return. */
export interface DiagPlatformSimulation {
  retainedBase: number;
  retainedBytes: number;
  codeBase: number;
  imageBytes: number;
  controlVm: number;
  /** Plan indices (0xffffffff: the system has no such plan). */
  normalPlan: number;
  heavyPlan: number;
}

/** The values platform.ts's `@extern` bodies return, or null. */
let installed: DiagPlatformSimulation | null = null;

/** Makes `platform` the one platform.ts's `@extern` bodies use (null: none). */
export function installDiagPlatform(platform: DiagPlatformSimulation | null): void {
  installed = platform;
}

/** The installed values; throws naming `caller` (the platform function) when there are none. */
export function diagPlatform(caller: string): DiagPlatformSimulation {
  if (installed === null) throw new Error(`diag platform: no simulation installed (${caller})`);
  return installed;
}
