// Node side of guests/diag/platform.ts (plain TypeScript, never transpiled): the values its `@extern`
// bodies return in a simulation (retained area, code image, control VM), installed by a test harness.

/** What the Node bodies of platform.ts return. */
export interface DiagPlatformSimulation {
  retainedBase: number;
  retainedBytes: number;
  codeBase: number;
  imageBytes: number;
  controlVm: number;
}

/** Makes `platform` the one platform.ts's `@extern` bodies use (null: none). */
export function installDiagPlatform(platform: DiagPlatformSimulation | null): void {
  const host = globalThis as unknown as { bulkheadDiagPlatform?: DiagPlatformSimulation };
  if (platform === null) delete host.bulkheadDiagPlatform;
  else host.bulkheadDiagPlatform = platform;
}
