// Job: put a set of files onto the volume so that a failure loses nothing. Every file is first written
// in full (and flushed) beside its destination under a temporary name; only when all are written are
// they renamed over their destinations, in the order given (the backup of a replaced file before the
// file). A failure while writing removes the temporary files and leaves every destination as it was.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

import { FlashError } from './elf.ts';

export interface FileWrite {
  readonly path: string;
  readonly data: Buffer | string;
}

const temporaryName = (path: string): string => `${path}.tmp`;

function writeFlushed(path: string, data: Buffer | string): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates `dirs` (parents first), then writes `writes` as described in the file header. */
export function applyWrites(dirs: readonly string[], writes: readonly FileWrite[]): void {
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new FlashError(`cannot create folder ${dir}: ${(error as Error).message}`);
    }
  }
  const staged: string[] = [];
  try {
    for (const write of writes) {
      const temporary = temporaryName(write.path);
      staged.push(temporary);
      writeFlushed(temporary, write.data);
    }
  } catch (error) {
    for (const temporary of staged) rmSync(temporary, { force: true });
    const failed = writes[staged.length - 1]?.path ?? '?';
    throw new FlashError(`cannot write ${failed}: ${(error as Error).message}; nothing was replaced`);
  }
  const renamed: string[] = [];
  for (const write of writes) {
    try {
      renameSync(temporaryName(write.path), write.path);
      renamed.push(write.path);
    } catch (error) {
      throw new FlashError(
        `cannot replace ${write.path}: ${(error as Error).message}` +
          (renamed.length > 0 ? ` (already replaced: ${renamed.join(', ')})` : '') +
          `; its new contents are in ${temporaryName(write.path)}`,
      );
    }
  }
}
