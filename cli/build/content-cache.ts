// The build's one content-hash cache: a step's outputs are reused when a SHA-256 digest of everything
// they depend on (the bytes and paths of input files, plus settings such as flags or tool versions) is
// the digest recorded beside them, and every output still exists; otherwise the step runs and, after it
// succeeded, records the new digest together with what it made (one JSON record file per step).
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

/** What a step recorded in `recordFile` (its fields beside `digest`) when it was made from inputs with
 *  this `digest` and every output file `outputsOf` names for it still exists; otherwise `undefined`
 *  (no record, an unreadable one, other inputs or a missing output: the step runs again). */
export function cachedRecord<T extends object>(
  recordFile: string,
  digest: string,
  outputsOf: (record: T) => readonly string[],
): T | undefined {
  if (!existsSync(recordFile)) return undefined;
  let stored: T & { digest?: unknown };
  try {
    stored = JSON.parse(readFileSync(recordFile, 'utf8')) as T & { digest?: unknown };
  } catch {
    return undefined;
  }
  const { digest: recorded, ...record } = stored;
  if (recorded !== digest) return undefined;
  return outputsOf(record as T).every((output) => existsSync(output)) ? (record as T) : undefined;
}

/** Records in `recordFile` that the step made `record` from inputs with this `digest`. */
export function writeRecord<T extends object>(recordFile: string, digest: string, record: T): void {
  writeFileSync(recordFile, `${JSON.stringify({ ...record, digest }, null, 2)}\n`);
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
