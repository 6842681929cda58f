// Locations the build uses: the repository root and the default output root (`out/`).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const defaultOutRoot = resolve(repoRoot, 'out');

/** Resolves a repository-relative path (absolute paths pass through). */
export function fromRepo(path: string): string {
  return resolve(repoRoot, path);
}
