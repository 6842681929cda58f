// Job: find the host programs the runner starts (QEMU, setpriv) on PATH, and explain how to get QEMU
// when it is missing.
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

export function requireQemu(binary: string): string {
  const found = findExecutable(binary);
  if (found === null) {
    throw new Error(
      `${binary} was not found on PATH; install the toolchain with 'bash scripts/provision-toolchain.sh' (or 'npm run toolchain')`,
    );
  }
  return found;
}
