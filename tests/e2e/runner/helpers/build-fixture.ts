// Job: assemble a runner test fixture (tests/e2e/runner/fixtures/<name>.S) with arm-none-eabi-gcc into
// out/test-fixtures/, so the QEMU tests boot real firmware built from source in the test itself.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../../../../qemu/runner/executables.ts';
import { realviewEb } from '../../../../bsp/realview-eb/board.ts';
import { boardGeneratedDir } from '../../../../cli/build/board-files.ts';
import { repoRoot } from '../../../../qemu/runner/board-profile.ts';

export const fixturesDir = join(repoRoot, 'tests', 'e2e', 'runner', 'fixtures');
export const fixturesOutDir = join(repoRoot, 'out', 'test-fixtures');
const crossCompiler = 'arm-none-eabi-gcc';
/** Fixtures are linked at 64 KiB, above the vector area, entered at `_start` in SVC mode. */
const fixtureLoadAddress = '0x10000';

/**
 * Builds `fixtures/<name>.S` into `out/test-fixtures/<name><suffix>.elf` with the given
 * preprocessor definitions, and returns the ELF path.
 */
export function buildFixture(
  name: string,
  defines: Record<string, string | number> = {},
  suffix = '',
): string {
  if (findExecutable(crossCompiler) === null) {
    throw new Error(
      `${crossCompiler} was not found on PATH; install the toolchain with 'bash scripts/provision-toolchain.sh'`,
    );
  }
  mkdirSync(fixturesOutDir, { recursive: true });
  const elf = join(fixturesOutDir, `${name}${suffix}.elf`);
  // prettier-ignore
  const args = [
    '-mcpu=cortex-r5', '-marm', '-nostdlib', '-ffreestanding',
    `-Wl,-Ttext=${fixtureLoadAddress}`, '-Wl,-e,_start',
    `-I${fixturesDir}`, `-I${boardGeneratedDir(realviewEb)}`, `-I${join(repoRoot, 'bsp')}`,
    ...Object.entries(defines).map(([key, value]) => `-D${key}=${value}`),
    '-o', elf, join(fixturesDir, `${name}.S`),
  ];
  try {
    execFileSync(crossCompiler, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`building fixture ${name}.S failed:\n${stderr}`);
  }
  return elf;
}
