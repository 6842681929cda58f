// Job: find the host programs the runner starts (QEMU, setpriv) on PATH, check that QEMU is a version
// the runner's command line is written for, and explain how to get QEMU when it is missing or too old.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export function findExecutable(name: string): string | null {
  const candidates = isAbsolute(name)
    ? [name]
    : (process.env['PATH'] ?? '')
        .split(delimiter)
        .filter((dir) => dir.length > 0)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

/** The oldest QEMU the runner supports: `-audio none`, `-accel tcg,one-insn-per-tb=on`, `mps3-an536`. */
export const minimumQemuMajor = 9;

const provisionHint =
  "install the toolchain with 'bash scripts/provision-toolchain.sh' (or 'npm run toolchain')";
const checkedVersions = new Map<string, string>();

/** QEMU's version (`10.0.2`) from the first line of `<binary> --version`, or undefined. */
export function parseQemuVersion(versionText: string): string | undefined {
  return /version ([0-9]+\.[0-9]+(?:\.[0-9]+)?)/.exec(versionText)?.[1];
}

export function requireQemu(binary: string): string {
  const found = findExecutable(binary);
  if (found === null) {
    throw new Error(`${binary} was not found on PATH; ${provisionHint}`);
  }
  if (!checkedVersions.has(found)) {
    const probe = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    const version = parseQemuVersion(probe.stdout ?? '');
    if (version === undefined) {
      throw new Error(`${found} --version printed no QEMU version (${probe.error?.message ?? probe.stderr})`);
    }
    if (Number(version.split('.')[0]) < minimumQemuMajor) {
      throw new Error(
        `${found} is QEMU ${version}; Bulkhead needs QEMU ${minimumQemuMajor} or later: ${provisionHint}`,
      );
    }
    checkedVersions.set(found, version);
  }
  return found;
}
