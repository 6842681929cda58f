// The build's one content-hash cache: a step's outputs are reused when a SHA-256 digest of everything
// they depend on (the bytes and paths of input files, plus settings such as flags or tool versions) is
// the digest recorded beside them, and every output still exists; otherwise the step runs and the new
// digest is recorded after it succeeded.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a cached step depends on: files (read as bytes, a missing one counts as such) and settings. */
export interface CacheInputs {
  files: readonly string[];
  settings: readonly unknown[];
}

/** Digest of `inputs`; the file list is sorted, so the order files were found in does not matter. */
export function contentDigest(inputs: CacheInputs): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(inputs.settings));
  for (const file of [...inputs.files].sort()) {
    hash.update(`\0${file}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

/** Whether the outputs recorded with `stampFile` were made from inputs with this `digest`. */
export function isCurrent(stampFile: string, digest: string, outputs: readonly string[]): boolean {
  return (
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === digest &&
    outputs.every((output) => existsSync(output))
  );
}

/** Records that the outputs beside `stampFile` were made from inputs with this `digest`. */
export function recordDigest(stampFile: string, digest: string): void {
  writeFileSync(stampFile, digest);
}

/** Files below `dir` (recursively, node_modules skipped) whose name `wanted` accepts. */
export function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, wanted);
    return wanted(entry.name) ? [path] : [];
  });
}
